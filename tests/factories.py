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


# -- governance rules (composition rules, sub-committees, governing documents) ---------------------------
from bodies.models import CompositionRule, GovernanceDocument  # noqa: E402


class CompositionRuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CompositionRule

    body = factory.SubFactory(BodyFactory)
    partnership = factory.SelfAttribute("body.partnership")
    kind = CompositionRule.Kind.PERSONAL_DEPUTY


class SubcommitteeKindFactory(BodyKindFactory):
    name = "Arbeidsgruppe"
    slug = "arbeidsgruppe"
    default_level = 3
    is_temporary = True
    is_subcommittee = True


class WorkingGroupFactory(BodyFactory):
    kind = factory.SubFactory(SubcommitteeKindFactory)
    appointed_by = factory.SubFactory(BodyFactory, partnership=factory.SelfAttribute("..partnership"))
    reports_to = factory.SelfAttribute("appointed_by")
    mandate = "Utrede og legge fram forslag for organet som oppnevnte gruppen."
    min_meetings_per_year = 0
    active_from = factory.LazyFunction(timezone.localdate)
    deadline = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=120))


class GovernanceDocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GovernanceDocument

    partnership = factory.SubFactory(PartnershipFactory)
    kind = GovernanceDocument.Kind.STATUTES
    title = factory.Sequence(lambda n: f"Vedtekter {n}")


# -- cases (valid rows for tests that only need them to exist; the flow itself goes through cases.services) ----
from cases.models import (  # noqa: E402
    AnchoringAnswer,
    AnchoringRound,
    Case,
    CaseDocument,
    CaseType,
    Decision,
    DecisionPoint,
    FollowUpTask,
    Handling,
    Position,
    Purpose,
)


class CaseFactory(factory.django.DjangoModelFactory):
    """A registered case «Sak N/ÅÅÅÅ» in a body (numbers from a sequence; use case_register to number for real)."""

    class Meta:
        model = Case

    partnership = factory.SubFactory(PartnershipFactory)
    body = factory.SubFactory(BodyFactory, partnership=factory.SelfAttribute("..partnership"))
    year = factory.LazyFunction(lambda: timezone.localdate().year)
    number = factory.Sequence(lambda n: n + 1)
    case_type = CaseType.DECISION
    status = Case.Status.REGISTERED
    title = factory.Sequence(lambda n: f"Sak om samhandling {n}")
    proposed_decision = "1. Forslaget vedtas."


class HandlingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Handling

    case = factory.SubFactory(CaseFactory)
    body = factory.SelfAttribute("case.body")
    purpose = Purpose.DISCUSSION


class PositionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Position

    handling = factory.SubFactory(HandlingFactory, purpose=Purpose.DECISION)
    membership = factory.SubFactory(MembershipFactory, body=factory.SelfAttribute("..handling.body"))
    stance = Position.Stance.AGREE


class DecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Decision

    handling = factory.SubFactory(HandlingFactory, purpose=Purpose.DECISION, outcome=Handling.Outcome.DECIDED)
    version = 1


class DecisionPointFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DecisionPoint

    decision = factory.SubFactory(DecisionFactory)
    number = factory.Sequence(lambda n: n + 1)
    text = "Forslaget vedtas."


class AnchoringRoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AnchoringRound

    case = factory.SubFactory(CaseFactory, status=Case.Status.IN_ANCHORING)
    title = factory.Sequence(lambda n: f"Tilslutning {n}")
    sent_on = factory.LazyFunction(timezone.localdate)
    deadline = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=60))


class AnchoringAnswerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AnchoringAnswer

    round = factory.SubFactory(AnchoringRoundFactory)
    party = factory.SubFactory(PartyFactory, partnership=factory.SelfAttribute("..round.case.partnership"))


class FollowUpTaskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FollowUpTask

    case = factory.SubFactory(CaseFactory, status=Case.Status.FOLLOW_UP)
    title = factory.Sequence(lambda n: f"Oppfølging {n}")
    deadline = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=14))


class CaseDocumentFactory(factory.django.DjangoModelFactory):
    """A document of a case with a small PDF (stored under MEDIA_ROOT)."""

    class Meta:
        model = CaseDocument

    case = factory.SubFactory(CaseFactory)
    title = factory.Sequence(lambda n: f"Saksdokument {n}")
    file = factory.django.FileField(filename="saksdokument.pdf", data=b"%PDF-1.4\n%%EOF\n")
