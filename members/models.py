"""People and their seats (memberships) in the partnership's bodies."""
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from bodies.models import Body, BodyKind, Party, Seat, Side


class Person(models.Model):
    """A person who sits, or has sat, in a body of a partnership."""

    first_name = models.CharField(_("fornavn"), max_length=100)
    last_name = models.CharField(_("etternavn"), max_length=100)
    email = models.EmailField(_("e-post"), blank=True)
    phone = models.CharField(_("telefon"), max_length=30, blank=True)
    position = models.CharField(_("stilling"), max_length=200, blank=True, help_text=_("For eksempel «kommunalsjef helse» eller «klinikksjef»."))
    employer = models.ForeignKey(Party, on_delete=models.SET_NULL, null=True, blank=True, related_name="employees", verbose_name=_("arbeidsgiver"))
    is_practising_gp = models.BooleanField(_("praktiserende fastlege"), default=False)
    is_full_time_chief_medical_officer = models.BooleanField(
        _("kommuneoverlege i full stilling"), default=False,
        help_text=_("En kommuneoverlege i full stilling er ikke fastlege og kan ikke ha fastlegeplassen."),
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="person", verbose_name=_("brukerkonto")
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("personer")
        ordering = ["last_name", "first_name"]

    def __str__(self):
        return self.full_name

    @property
    def full_name(self):
        return self.name_of(self.first_name, self.last_name)

    @staticmethod
    def name_of(first_name, last_name):
        return f"{first_name} {last_name}".strip()

    @staticmethod
    def of_user(user):
        """The person a logged-in user is, or None (anonymous, or an account not linked to a person)."""
        return Person.objects.filter(user=user).first() if getattr(user, "is_authenticated", False) else None


class MembershipQuerySet(models.QuerySet):
    def current(self, on=None):
        on = on or timezone.localdate()
        return self.filter(term_start__lte=on).filter(models.Q(term_end__isnull=True) | models.Q(term_end__gte=on))

    def fixed(self):
        """Members with a seat of their own (not deputies, observers or secretaries)."""
        return self.filter(role__in=Membership.FIXED_ROLES)

    def voting_seats(self):
        """The seats that carry a vote of their own: fixed members with the right to vote (see votes_in_own_right)."""
        return self.fixed().filter(can_vote=True)


@dataclass(frozen=True)
class MeetingRights:
    """What a person may do at one meeting: vote, speak, propose."""

    vote: bool
    speak: bool
    propose: bool


class Membership(models.Model):
    """A person's seat in a body for a term: role, rights, the parties represented and a personal deputy."""

    class Role(models.TextChoices):
        CHAIR = "chair", _("Leder")
        VICE_CHAIR = "vice_chair", _("Nestleder")
        MEMBER = "member", _("Medlem")
        DEPUTY = "deputy", _("Vara")
        OBSERVER = "observer", _("Observatør")
        SECRETARY = "secretary", _("Sekretær")

    # The one seat list lives with the rules that require seats (bodies.models.Seat).
    Seat = Seat

    FIXED_ROLES = (Role.CHAIR, Role.VICE_CHAIR, Role.MEMBER)

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("person"))
    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("organ"))
    role = models.CharField(_("rolle"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    side = models.CharField(
        _("side"), max_length=20, choices=Side.choices,
        help_text=_("Siden representanten teller for ved konsensus. Observatører hører ikke til noen side."),
    )
    seat = models.CharField(_("plass for"), max_length=30, choices=Seat.choices, default=Seat.ORDINARY)
    seat_note = models.CharField(_("merknad om plassen"), max_length=200, blank=True, help_text=_("For eksempel «psykisk helse og rus» eller «somatikk»."))
    can_vote = models.BooleanField(_("stemmerett"), default=True)
    can_speak = models.BooleanField(_("talerett"), default=True)
    can_propose = models.BooleanField(_("forslagsrett"), default=True)
    represented_parties = models.ManyToManyField(
        Party, blank=True, related_name="representatives", verbose_name=_("representerer"),
        help_text=_("Én representant kan møte på vegne av flere kommuner."),
    )
    term_start = models.DateField(_("funksjonsperiode fra"))
    term_end = models.DateField(_("funksjonsperiode til"), null=True, blank=True, help_text=_("Fire år for medlemmer; to år for leder og nestleder."))
    personal_deputy = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="deputy_for",
        verbose_name=_("personlig vara"), help_text=_("Alle faste representanter i SU har personlig vara, som er vara i samme organ."),
    )
    ex_officio_seat = models.ForeignKey(
        "ExOfficioSeat", on_delete=models.SET_NULL, null=True, blank=True, related_name="memberships", editable=False,
        verbose_name=_("fast plass etter verv"), help_text=_("Plassen følger den som har vervet (members/ex_officio.py)."),
    )
    office = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="ex_officio_memberships", editable=False,
        verbose_name=_("vervet plassen følger"),
    )
    history = HistoricalRecords(m2m_fields=[represented_parties])

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("medlemskap")
        verbose_name_plural = _("medlemskap")
        ordering = ["body", "role", "person__last_name"]

    def __str__(self):
        return f"{self.person} – {self.get_role_display()}, {self.body}"

    @property
    def is_fixed(self):
        return self.role in self.FIXED_ROLES

    @property
    def has_special_seat(self):
        """A seat set aside for someone (a GP, a user representative, …), shown beside the role."""
        return self.seat != self.Seat.ORDINARY

    @property
    def votes_in_own_right(self):
        """A fixed seat with the right to vote; the quorum is counted over these (MembershipQuerySet.voting_seats)."""
        return self.is_fixed and self.can_vote

    def rights_at_meeting(self, *, substitute_for=None):
        """Who votes and speaks at a meeting: the one rule, used by attendance, consensus, positions and the minutes.

        Observers and secretaries speak (and observers propose) but never vote. A deputy meeting for a member takes
        that member's seat: the member's vote and rights; a deputy meeting for nobody only speaks. A fixed member
        votes when the seat carries a vote.
        """
        if self.role in (self.Role.OBSERVER, self.Role.SECRETARY):
            return MeetingRights(vote=False, speak=self.can_speak, propose=self.can_propose)
        if self.role == self.Role.DEPUTY:
            if substitute_for is None:
                return MeetingRights(vote=False, speak=self.can_speak, propose=False)
            return MeetingRights(vote=substitute_for.votes_in_own_right, speak=substitute_for.can_speak,
                                 propose=substitute_for.can_propose)
        return MeetingRights(vote=self.votes_in_own_right, speak=self.can_speak, propose=self.can_propose)

    def is_current(self, on=None):
        on = on or timezone.localdate()
        return self.term_start <= on and (self.term_end is None or self.term_end >= on)

    def clean(self):
        errors = {}
        if self.term_start and self.term_end and self.term_end < self.term_start:
            errors["term_end"] = _("Funksjonsperioden kan ikke slutte før den begynner.")
        if self.personal_deputy_id:
            deputy = self.personal_deputy
            if self.pk and deputy.pk == self.pk:
                errors["personal_deputy"] = _("Et medlem kan ikke være sin egen vara.")
            elif deputy.body_id != self.body_id:
                errors["personal_deputy"] = _("Personlig vara må være vara i samme organ (%(body)s).") % {"body": self.body}
            elif deputy.role != self.Role.DEPUTY:
                errors["personal_deputy"] = _("Personlig vara må ha rollen vara i organet.")
        if self.role == self.Role.OBSERVER and self.side and self.side != Side.NONE:
            errors["side"] = _("Observatører hører ikke til noen side.")
        if self.role == self.Role.OBSERVER and self.can_vote:
            errors["can_vote"] = _("Observatører har ikke stemmerett.")
        if not errors:
            # A second chair in the same period, or a term overlapping the same seat (members/terms.py
            # imports this module, hence the late import).
            from .terms import term_errors

            errors.update(term_errors(self))
        if errors:
            raise ValidationError(errors)

    def clean_represented_parties(self, parties):
        """Check parties chosen in a form before they are saved (m2m is not available in clean())."""
        wrong = [p for p in parties if p.partnership_id != self.body.partnership_id]
        if wrong:
            raise ValidationError(
                {"represented_parties": _("%(parties)s hører ikke til helsefellesskapet som organet %(body)s er en del av.")
                 % {"parties": ", ".join(str(p) for p in wrong), "body": self.body}}
            )
        sides = {p.side for p in parties if p.side != Side.NONE}
        if self.side in (Side.SPECIALIST, Side.MUNICIPAL) and sides and sides != {self.side}:
            raise ValidationError({"represented_parties": _("Partene representanten møter for hører til en annen side enn representanten.")})


class ExOfficioSeat(models.Model):
    """A seat held by virtue of an office («the chair of each area committee sits in the partnership meeting»).

    The office is a role (chair, vice chair) in one body, or in every active body of a kind. Whoever holds the
    office holds the seat: members.ex_officio keeps a membership for each office holder, with the office's term,
    and the composition check flags an office that nobody holds.
    """

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="ex_officio_seats", verbose_name=_("organ med plassen"))
    office_body = models.ForeignKey(
        Body, on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("vervet i organ"),
    )
    office_body_kind = models.ForeignKey(
        BodyKind, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("vervet i hvert organ av typen"),
    )
    office_role = models.CharField(_("verv"), max_length=20, choices=Membership.Role.choices, default=Membership.Role.CHAIR)
    role = models.CharField(_("rolle i organet"), max_length=20, choices=Membership.Role.choices, default=Membership.Role.OBSERVER)
    seat = models.CharField(_("plass for"), max_length=30, choices=Seat.choices, default=Seat.ORDINARY)
    can_vote = models.BooleanField(_("stemmerett"), default=False)
    can_speak = models.BooleanField(_("talerett"), default=True)
    can_propose = models.BooleanField(_("forslagsrett"), default=True)
    source = models.CharField(_("kilde"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("fast plass etter verv")
        verbose_name_plural = _("faste plasser etter verv")
        ordering = ["body", "pk"]

    def __str__(self):
        return _("%(role)s i %(office)s, %(body)s") % {"role": self.get_office_role_display(), "office": self.office_label, "body": self.body}

    @property
    def office_label(self):
        if self.office_body_id:
            return str(self.office_body)
        return _("hvert organ av typen %(kind)s") % {"kind": self.office_body_kind}

    def office_bodies(self, on=None):
        """The bodies whose office gives the seat: the one body, or each active body of the kind in the partnership."""
        if self.office_body_id:
            return [self.office_body]
        return list(Body.objects.filter(partnership_id=self.body.partnership_id, kind_id=self.office_body_kind_id)
                    .active(on).exclude(pk=self.body_id).order_by("name"))

    def clean(self):
        errors = {}
        if bool(self.office_body_id) == bool(self.office_body_kind_id):
            errors["office_body"] = _("Velg enten organet vervet er i, eller typen organ (for eksempel hvert områdeutvalg).")
        elif self.office_body_id and self.body_id and self.office_body.partnership_id != self.body.partnership_id:
            errors["office_body"] = _("Organet hører til et annet helsefellesskap.")
        elif self.office_body_id and self.office_body_id == self.body_id:
            errors["office_body"] = _("Vervet må være i et annet organ enn plassen.")
        if self.role == Membership.Role.OBSERVER and self.can_vote:
            errors["can_vote"] = _("Observatører har ikke stemmerett.")
        if self.role == Membership.Role.DEPUTY:
            errors["role"] = _("En plass etter verv er ikke en varaplass.")
        if errors:
            raise ValidationError(errors)


def _new_calendar_token():
    import secrets

    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """A member's secret calendar address, so calendar apps can subscribe without logging in."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed", verbose_name=_("bruker"))
    token = models.CharField(_("hemmelig nøkkel"), max_length=64, unique=True, default=_new_calendar_token)
    created_at = models.DateTimeField(_("opprettet"), default=timezone.now)

    class Meta:
        verbose_name = _("kalenderabonnement")
        verbose_name_plural = _("kalenderabonnement")

    def __str__(self):
        return str(self.user)


class LoginIdentity(models.Model):
    """A national login (ID-porten) linked to a user: a keyed hash of the identity number, never the number."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="login_identities", verbose_name=_("bruker"))
    provider = models.CharField(_("innloggingstjeneste"), max_length=30, default="idporten")
    subject_hash = models.CharField(_("fingeravtrykk av fødselsnummer"), max_length=64, editable=False)
    created_at = models.DateTimeField(_("koblet"), default=timezone.now)

    class Meta:
        verbose_name = _("innlogging med ID-porten")
        verbose_name_plural = _("innlogginger med ID-porten")
        constraints = [models.UniqueConstraint(fields=["provider", "subject_hash"], name="login_identity_unique")]

    def __str__(self):
        return f"{self.user} ({self.provider})"


class LanguagePreference(models.Model):
    """The language a user chose for the pages (nb, nn or se). It follows the user to every browser after login."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="language_preference",
                                verbose_name=_("bruker"))
    language = models.CharField(_("språk"), max_length=8, choices=settings.LANGUAGES)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("språkvalg")
        verbose_name_plural = _("språkvalg")

    def __str__(self):
        return f"{self.user}: {self.language}"
