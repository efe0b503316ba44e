"""One factory per model; each builds a valid object with no arguments."""
from datetime import date, timedelta

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from bodies.models import Body, BodyKind, Partnership, Party, PriorityGroup, Region, Side
from members.models import Membership, Person


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"bruker{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.no")
    password = factory.django.Password("riktig-hest-batteri-stift")


class PartnershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partnership

    name = factory.Sequence(lambda n: f"Helsefellesskap {n}")
    slug = factory.Sequence(lambda n: f"hf-{n}")


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region

    partnership = factory.SubFactory(PartnershipFactory)
    name = factory.Sequence(lambda n: f"Region {n}")


class PartyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Party

    partnership = factory.SubFactory(PartnershipFactory)
    name = factory.Sequence(lambda n: f"Kommune {n}")
    kind = Party.Kind.MUNICIPALITY
    side = Side.MUNICIPAL
    population = 5000


class HealthTrustFactory(PartyFactory):
    name = factory.Sequence(lambda n: f"Sykehuset {n} HF")
    kind = Party.Kind.HEALTH_TRUST
    side = Side.SPECIALIST
    population = None


class PriorityGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PriorityGroup
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Pasientgruppe {n}")
    slug = factory.Sequence(lambda n: f"gruppe-{n}")


class BodyKindFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BodyKind
        django_get_or_create = ["slug"]

    name = "Strategisk samarbeidsutvalg"
    slug = "strategisk-samarbeidsutvalg"
    default_level = 2


class SecretariatKindFactory(BodyKindFactory):
    name = "Samhandlingssekretariat"
    slug = "samhandlingssekretariat"
    is_secretariat = True


class BodyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Body

    partnership = factory.SubFactory(PartnershipFactory)
    kind = factory.SubFactory(BodyKindFactory)
    name = factory.Sequence(lambda n: f"Utvalg {n}")
    short_name = factory.Sequence(lambda n: f"U{n}")
    min_meetings_per_year = 4


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    first_name = factory.Sequence(lambda n: f"Kari{n}")
    last_name = "Nordmann"
    email = factory.LazyAttribute(lambda p: f"{p.first_name.lower()}@example.no")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership
        skip_postgeneration_save = True

    person = factory.SubFactory(PersonFactory)
    body = factory.SubFactory(BodyFactory)
    role = Membership.Role.MEMBER
    side = Side.MUNICIPAL
    term_start = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=365))
    term_end = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=3 * 365))

    @factory.post_generation
    def represented_parties(self, create, extracted, **kwargs):
        if create and extracted:
            self.represented_parties.set(extracted)


def a_date(year=2020, month=11, day=23):
    return date(year, month, day)


# -- meetings ---------------------------------------------------------------------------------------

from meetings.models import AgendaItem, Attendance, Meeting, Minutes  # noqa: E402


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    body = factory.SubFactory(BodyFactory)
    starts_at = factory.LazyFunction(lambda: timezone.now().replace(microsecond=0) + timedelta(days=14))
    place = "Møterom Kirkenes"


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    position = factory.Sequence(lambda n: n + 1)
    kind = AgendaItem.Kind.OTHER
    title = factory.Sequence(lambda n: f"Orientering {n}")


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attendance

    meeting = factory.SubFactory(MeetingFactory)
    membership = factory.SubFactory(MembershipFactory, body=factory.SelfAttribute("..meeting.body"))
    status = Attendance.Status.CALLED
    can_vote = True
    can_speak = True
    can_propose = True


class MinutesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Minutes

    meeting = factory.SubFactory(MeetingFactory)
