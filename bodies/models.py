"""The partnership's structure as data: partnerships, parties, regions, body kinds and bodies."""
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase
from simple_history.models import HistoricalRecords


class Side(models.TextChoices):
    """The two sides that must agree; observers' organisations belong to neither."""

    SPECIALIST = "specialist", _("Spesialisthelsetjenesten")
    MUNICIPAL = "municipal", _("Kommunene")
    NONE = "none", _("Ingen side")


class Seat(models.TextChoices):
    """What a seat is set aside for. One list for memberships (members.Membership.seat) and the rules that require seats."""

    ORDINARY = "ordinary", _("Ordinær representant")
    GP = "gp", _("Fastlege")
    USER_REPRESENTATIVE = "user_representative", _("Brukerrepresentant")
    EMPLOYEE_REPRESENTATIVE = "employee_representative", _("Tillitsvalgt")
    EMPLOYERS_ORGANISATION = "employers_organisation", _("Arbeidsgiverorganisasjon")
    CHIEF_MEDICAL_OFFICER = "chief_medical_officer", _("Kommuneoverlege")
    SECRETARIAT = "secretariat", _("Sekretariat")
    OTHER = "other", _("Annet")


class Partnership(models.Model):
    """A helsefellesskap: one hospital trust and the municipalities in its area."""

    name = models.CharField(_("navn"), max_length=200, unique=True)
    slug = models.SlugField(_("kortnavn i lenker"), max_length=80, unique=True)
    description = models.TextField(_("beskrivelse"), blank=True)
    two_step_rule = models.BooleanField(
        _("totrinnsbehandling"),
        default=True,
        help_text=_(
            "En beslutningssak settes først opp til drøfting i samhandlingssekretariatet, "
            "og til beslutning i påfølgende møte i samarbeidsutvalget (Østfold-modellen)."
        ),
    )
    allow_urgent_exception = models.BooleanField(
        _("tillat unntak i hastesaker"),
        default=False,
        help_text=_("Hastesaker kan gå rett til beslutning når hastegrunn og godkjenner registreres."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("helsefellesskap")
        verbose_name_plural = _("helsefellesskap")
        ordering = ["name"]
        permissions = [("manage_partnership", _("Kan arbeide som sekretariat for helsefellesskapet"))]

    def __str__(self):
        return self.name

    def municipalities(self):
        return self.parties.filter(kind=Party.Kind.MUNICIPALITY)


class Region(models.Model):
    """A part of the partnership's area (e.g. east, middle, west Finnmark) that representation must cover."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="regions", verbose_name=_("helsefellesskap"))
    name = models.CharField(_("navn"), max_length=100)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regioner")
        ordering = ["partnership", "name"]
        constraints = [models.UniqueConstraint(fields=["partnership", "name"], name="region_unique_per_partnership")]

    def __str__(self):
        return self.name


class Party(models.Model):
    """An organisation taking part: the HF, a municipality, KS, Statsforvalteren, a university, …"""

    class Kind(models.TextChoices):
        HEALTH_TRUST = "health_trust", _("Helseforetak")
        HOSPITAL = "hospital", _("Annet sykehus")
        MUNICIPALITY = "municipality", _("Kommune")
        KS = "ks", _("KS")
        COUNTY_GOVERNOR = "county_governor", _("Statsforvalteren")
        UNIVERSITY = "university", _("Universitet/høgskole")
        USER_COMMITTEE = "user_committee", _("Brukerutvalg")
        EMPLOYEE_ORGANISATION = "employee_organisation", _("Arbeidstakerorganisasjon")
        GP_ORGANISATION = "gp_organisation", _("Fastlegene")
        OTHER = "other", _("Annen")

    # The side a kind of party normally belongs to; the admin can still choose.
    DEFAULT_SIDE = {
        Kind.HEALTH_TRUST: Side.SPECIALIST,
        Kind.HOSPITAL: Side.SPECIALIST,
        Kind.MUNICIPALITY: Side.MUNICIPAL,
    }

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="parties", verbose_name=_("helsefellesskap"))
    name = models.CharField(_("navn"), max_length=200)
    kind = models.CharField(_("type part"), max_length=30, choices=Kind.choices)
    side = models.CharField(
        _("side"),
        max_length=20,
        choices=Side.choices,
        help_text=_("Helseforetaket og sykehus på dets side hører til spesialisthelsetjenesten; observatørenes organisasjoner til ingen side."),
    )
    region = models.ForeignKey(Region, on_delete=models.PROTECT, null=True, blank=True, related_name="parties", verbose_name=_("region"))
    sami_area = models.BooleanField(
        _("i forvaltningsområdet for samisk språk"),
        default=False,
        help_text=_("Sammensetningen må sikre representasjon for kommunene i forvaltningsområdet for samisk språk."),
    )
    population = models.PositiveIntegerField(
        _("innbyggertall"), null=True, blank=True, help_text=_("Brukes når et forbehold krever en andel av befolkningen.")
    )
    organisation_number = models.CharField(_("organisasjonsnummer"), max_length=9, blank=True)
    decision_body_name = models.CharField(
        _("partens eget vedtaksorgan"),
        max_length=100,
        blank=True,
        help_text=_("For eksempel «Kommunestyret» eller «Styret»: der saker sendes til tilslutning."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("part")
        verbose_name_plural = _("parter")
        ordering = ["partnership", "name"]
        constraints = [models.UniqueConstraint(fields=["partnership", "name"], name="party_unique_per_partnership")]

    def __str__(self):
        return self.name

    def clean(self):
        if self.region_id and self.partnership_id and self.region.partnership_id != self.partnership_id:
            raise ValidationError({"region": _("Regionen hører til et annet helsefellesskap.")})
        if self.kind == self.Kind.MUNICIPALITY and self.side and self.side != Side.MUNICIPAL:
            raise ValidationError({"side": _("En kommune hører til kommunesiden.")})
        if self.kind == self.Kind.HEALTH_TRUST and self.side and self.side != Side.SPECIALIST:
            raise ValidationError({"side": _("Et helseforetak hører til spesialisthelsetjenesten.")})


class PriorityGroup(models.Model):
    """One of the priority patient groups of the national health and hospital plan."""

    name = models.CharField(_("navn"), max_length=150, unique=True)
    slug = models.SlugField(_("kortnavn"), max_length=60, unique=True)

    class Meta:
        verbose_name = _("prioritert pasientgruppe")
        verbose_name_plural = _("prioriterte pasientgrupper")
        ordering = ["name"]

    def __str__(self):
        return self.name


class BodyKind(models.Model):
    """A kind of body (partnerskapsmøte, SU, LFSO, KSU, fagråd, …): rows an admin can add."""

    name = models.CharField(_("navn"), max_length=120, unique=True)
    slug = models.SlugField(_("kortnavn"), max_length=60, unique=True)
    default_level = models.PositiveSmallIntegerField(
        _("nivå"), default=2, validators=[MinValueValidator(1), MaxValueValidator(9)],
        help_text=_("1 = partnerskapsmøte, 2 = strategisk samarbeidsutvalg, 3 = faglige utvalg."),
    )
    is_secretariat = models.BooleanField(
        _("er sekretariat"), default=False,
        help_text=_("Sekretariatet drøfter saker før de går til beslutning, og ruter saker til riktig organ."),
    )
    is_temporary = models.BooleanField(_("midlertidig"), default=False, help_text=_("Arbeidsgrupper og KSU oppløses når oppdraget er løst."))
    is_subcommittee = models.BooleanField(
        _("underutvalg"), default=False,
        help_text=_("KSU, underutvalg og arbeidsgrupper: oppnevnes av SU (faste) eller SU/sekretariatet (midlertidige) "
                    "med mandat og frist, og rapporterer tilbake til organet som oppnevnte dem."),
    )
    description = models.TextField(_("beskrivelse"), blank=True)
    term_years = models.PositiveSmallIntegerField(
        _("funksjonsperiode (år)"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(10)],
        help_text=_("Vanlig funksjonsperiode for medlemmer i organer av denne typen; et organ kan ha sin egen."),
    )

    class Meta:
        verbose_name = _("organtype")
        verbose_name_plural = _("organtyper")
        ordering = ["default_level", "name"]

    def __str__(self):
        return self.name


class BodyQuerySet(models.QuerySet):
    def active(self, on=None):
        from django.utils import timezone

        on = on or timezone.localdate()
        return self.filter(models.Q(active_from__isnull=True) | models.Q(active_from__lte=on)).filter(
            models.Q(active_until__isnull=True) | models.Q(active_until__gte=on)
        )


class Body(models.Model):
    """A meeting body of a partnership (organ, utvalg, råd)."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="bodies", verbose_name=_("helsefellesskap"))
    kind = models.ForeignKey(BodyKind, on_delete=models.PROTECT, related_name="bodies", verbose_name=_("type"))
    name = models.CharField(_("navn"), max_length=200)
    short_name = models.CharField(_("forkortelse"), max_length=30, blank=True)
    level = models.PositiveSmallIntegerField(_("nivå"), default=2, validators=[MinValueValidator(1), MaxValueValidator(9)])
    appointed_by = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="appointed_bodies",
        verbose_name=_("oppnevnt av"),
        help_text=_("Faste underutvalg oppnevnes av SU; midlertidige utvalg av SU eller sekretariatet."),
    )
    reports_to = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="reporting_bodies",
        verbose_name=_("rapporterer til"),
    )
    mandate = models.TextField(_("mandat"), blank=True)
    priority_group = models.ForeignKey(
        PriorityGroup, on_delete=models.PROTECT, null=True, blank=True, related_name="bodies",
        verbose_name=_("prioritert pasientgruppe"), help_text=_("For fagråd som har ansvar for én pasientgruppe."),
    )
    active_from = models.DateField(_("aktiv fra"), null=True, blank=True)
    active_until = models.DateField(_("aktiv til"), null=True, blank=True, help_text=_("Midlertidige organer opphører."))
    deadline = models.DateField(_("frist for oppdraget"), null=True, blank=True)
    min_meetings_per_year = models.PositiveSmallIntegerField(_("minste antall møter per år"), default=0)
    term_years = models.PositiveSmallIntegerField(
        _("funksjonsperiode (år)"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(10)],
        help_text=_("Funksjonsperioden for medlemmer, for eksempel fire år i SU og to år i rådene. Tomt: organtypens periode. "
                    "Brukes som forslag til sluttdato når noen oppnevnes."),
    )
    default_meeting_minutes = models.PositiveSmallIntegerField(_("vanlig møtelengde (minutter)"), default=120)
    meetings_public = models.BooleanField(_("åpne møter"), default=True, help_text=_("Alle møter i helsefellesskapet er åpne."))
    quorum_percent = models.PositiveSmallIntegerField(
        _("beslutningsdyktighet (prosent)"), default=50, validators=[MaxValueValidator(100)],
        help_text=_("Andel av medlemmene med stemmerett som må være til stede for at organet er beslutningsdyktig."),
    )
    can_decide = models.BooleanField(_("kan fatte vedtak"), default=True, help_text=_("Dialogmøtet fatter ingen vedtak."))
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, null=True, blank=True, related_name="bodies", verbose_name=_("område"),
        help_text=_("For områdeutvalg: regionen utvalget dekker. Reglene leser kommunene i regionen."),
    )
    consensus_per_party = models.BooleanField(
        _("konsensus per part"), default=False,
        help_text=_("Konsensus krever at hver part med fast plass (for eksempel helseforetaket og hvert privat sykehus) "
                    "er til stede med stemmerett, ikke bare hver side."),
    )
    discussion_body = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("drøftes først i"),
        help_text=_("Totrinnsbehandling: beslutningssaker i dette organet må først være drøftet i dette organet i et tidligere møte."),
    )
    members_may_report = models.BooleanField(
        _("medlemmene kan melde saker"), null=True, blank=True,
        choices=[(None, _("Etter hovedregelen")), (True, _("Ja")), (False, _("Nei"))],
        help_text=_("Hovedregelen: de faste medlemmene av et organ som fatter vedtak, og som ikke er sekretariatet, et "
                    "underutvalg eller en arbeidsgruppe, kan melde saker til sekretariatet. Ja eller nei gjelder dette organet."),
    )
    language = models.CharField(
        _("språk for innkalling og protokoll"), max_length=8, choices=settings.LANGUAGES, default="nb",
        help_text=_("Innkallingen, saksfremleggene og protokollen skrives på dette språket, og e-postene om organets møter."),
    )
    # Set by cases.services.subcommittee_report, which records the case the report was laid before (cases.SubcommitteeReport).
    reported_on = models.DateField(
        _("rapportert"), null=True, blank=True, editable=False,
        help_text=_("Datoen utvalgets rapport ble lagt fram som sak for organet det rapporterer til."),
    )
    history = HistoricalRecords()

    objects = BodyQuerySet.as_manager()

    class Meta:
        verbose_name = _("organ")
        verbose_name_plural = _("organer")
        ordering = ["partnership", "level", "name"]
        constraints = [models.UniqueConstraint(fields=["partnership", "name"], name="body_unique_per_partnership")]
        permissions = [
            ("manage_cases", _("Kan behandle saker")),
            ("view_internal", _("Kan se interne saker")),
        ]

    def __str__(self):
        return self.short_name or self.name

    def in_own_language(self):
        """The body's documents (notice, case presentations, minutes) and meeting e-mails are written in its language:
        ``with body.in_own_language(): …`` renders them so, whatever language the person asking reads the pages in."""
        return translation.override(self.language or settings.LANGUAGE_CODE)

    def clean(self):
        errors = {}
        for field in ("appointed_by", "reports_to", "discussion_body"):
            other = getattr(self, field)
            if other is not None and self.partnership_id and other.partnership_id != self.partnership_id:
                errors[field] = _("Organet «%(other)s» hører til et annet helsefellesskap.") % {"other": other}
            elif other is not None and self.pk and other.pk == self.pk:
                errors[field] = _("Et organ kan ikke vise til seg selv.")
        if self.region_id and self.partnership_id and self.region.partnership_id != self.partnership_id:
            errors["region"] = _("Regionen hører til et annet helsefellesskap.")
        if self.active_from and self.active_until and self.active_until < self.active_from:
            errors["active_until"] = _("Organet kan ikke opphøre før det er opprettet.")
        if self.kind_id and self.kind.is_subcommittee:
            errors.update(self._subcommittee_errors(errors))
        if errors:
            raise ValidationError(errors)

    def _subcommittee_errors(self, errors):
        """A sub-committee has a mandate, an appointing body, and a deadline when it is temporary."""
        found = {}
        if not (self.mandate or "").strip():
            found["mandate"] = _("Et underutvalg eller en arbeidsgruppe må ha et mandat.")
        if self.kind.is_temporary and not self.deadline:
            found["deadline"] = _("En midlertidig arbeidsgruppe eller et KSU må ha en frist for oppdraget.")
        if "appointed_by" not in errors:
            if self.appointed_by is None:
                found["appointed_by"] = _("Oppgi organet som oppnevnte utvalget (SU, eller sekretariatet for midlertidige utvalg).")
            elif not self.kind.is_temporary and self.appointed_by.kind.is_secretariat:
                found["appointed_by"] = _("Faste underutvalg oppnevnes av strategisk samarbeidsutvalg, ikke av sekretariatet.")
        if self.deadline and self.active_from and self.deadline < self.active_from:
            found["deadline"] = _("Fristen kan ikke være før utvalget ble oppnevnt.")
        return found

    @property
    def is_subcommittee(self):
        return self.kind.is_subcommittee

    @property
    def fixed_members_may_report(self):
        """Whether the fixed members (chair, vice chair, members) of this body may report cases: the body's own
        setting, else the main rule (a body that decides, and is neither the secretariat nor a sub-committee or
        working group). The same rule as a query: `reporting_bodies_q`."""
        if self.members_may_report is not None:
            return self.members_may_report
        kind = self.kind
        return self.can_decide and not (kind.is_secretariat or kind.is_subcommittee or kind.is_temporary)

    @property
    def member_term_years(self):
        """The term of a member of this body in years: the body's own, else its kind's; None when neither says."""
        return self.term_years or self.kind.term_years

    def is_overdue(self, on=None):
        """A sub-committee past its deadline that has neither reported nor been dissolved."""
        from django.utils import timezone

        on = on or timezone.localdate()
        if not self.deadline or self.deadline >= on:
            return False
        return self.reported_on is None and (self.active_until is None or self.active_until >= on)

    def area_municipalities(self):
        """The municipalities of the body's area (its region), or none when the body covers no area."""
        if not self.region_id:
            return Party.objects.none()
        return Party.objects.filter(region_id=self.region_id, kind=Party.Kind.MUNICIPALITY).order_by("name")

    def is_active(self, on=None):
        from django.utils import timezone

        on = on or timezone.localdate()
        return (self.active_from is None or self.active_from <= on) and (self.active_until is None or self.active_until >= on)


# Direct foreign-key object permissions (django-guardian): the generic ones join through content types
# and a text object id, a known performance trap on PostgreSQL.
class PartnershipUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Partnership, on_delete=models.CASCADE)


class PartnershipGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Partnership, on_delete=models.CASCADE)


class BodyUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Body, on_delete=models.CASCADE)


class BodyGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Body, on_delete=models.CASCADE)


class CompositionRule(models.Model):
    """One rule for how a body must be composed: for one body, for every body of a kind, or for each level.

    A rule for a kind of body («at least one GP in every professional council») applies to every body of
    that kind in the partnership, new ones included; a body's own rule of the same kind, for the same side,
    seat and party, replaces it for that body (see `applies_instead_of`). Checked by members.composition.
    """

    class Kind(models.TextChoices):
        SIDE_SEATS = "side_seats", _("Plasser per side")
        PARTY_SEATS = "party_seats", _("Plasser per part")
        REQUIRED_SEAT = "required_seat", _("Påkrevd plass")
        LEVEL_SEAT = "level_seat", _("Påkrevd plass på hvert nivå")
        REGION_COVERAGE = "region_coverage", _("Hver region representert")
        AREA_COVERAGE = "area_coverage", _("Hver kommune i området representert")
        SAMI_COVERAGE = "sami_coverage", _("Forvaltningsområdet for samisk språk representert")
        PERSONAL_DEPUTY = "personal_deputy", _("Personlig vara for faste medlemmer")
        CHAIR_ROTATION = "chair_rotation", _("Leder og nestleder veksler mellom sidene")

    # The one seat list, kept here under its old name for the rules' callers.
    Seat = Seat

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="composition_rules", verbose_name=_("helsefellesskap"))
    body = models.ForeignKey(
        Body, on_delete=models.CASCADE, null=True, blank=True, related_name="composition_rules", verbose_name=_("organ"),
        help_text=_("Tomt for regler som gjelder en organtype eller hvert nivå i helsefellesskapet."),
    )
    body_kind = models.ForeignKey(
        BodyKind, on_delete=models.PROTECT, null=True, blank=True, related_name="composition_rules", verbose_name=_("organtype"),
        help_text=_("Regelen gjelder hvert organ av denne typen i helsefellesskapet, også nye. Et organ kan legge til egne regler "
                    "eller erstatte denne med en egen regel av samme slag."),
    )
    kind = models.CharField(_("regel"), max_length=30, choices=Kind.choices)
    side = models.CharField(_("side"), max_length=20, choices=Side.choices, blank=True)
    seat = models.CharField(_("plass for"), max_length=30, choices=Seat.choices, blank=True)
    seat_note = models.CharField(
        _("merknad om plassen"), max_length=200, blank=True,
        help_text=_("Plassen må ha denne merknaden, for eksempel «psykisk helse og rus» eller «somatikk»."),
    )
    party = models.ForeignKey(
        Party, on_delete=models.CASCADE, null=True, blank=True, related_name="composition_rules", verbose_name=_("part"),
        help_text=_("Plasser per part: parten kvoten gjelder, for eksempel «helseforetaket 2» eller «Bodø høyst 6»."),
    )
    party_kind = models.CharField(
        _("hver part av typen"), max_length=30, choices=Party.Kind.choices, blank=True,
        help_text=_("Plasser per part: kvoten gjelder hver part av typen, for eksempel «hvert private sykehus 1» "
                    "eller «én per kommune» (i området når organet har et område)."),
    )
    min_count = models.PositiveSmallIntegerField(_("minst"), null=True, blank=True)
    max_count = models.PositiveSmallIntegerField(_("høyst"), null=True, blank=True)
    source = models.CharField(_("kilde"), max_length=200, blank=True, help_text=_("Hvor regelen står, for eksempel «Sak 28/2020, kapittel 3»."))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("regel for sammensetning")
        verbose_name_plural = _("regler for sammensetning")
        ordering = ["partnership", "body", "body_kind", "kind", "pk"]

    def __str__(self):
        where = self.body or (_("hvert organ av typen %(kind)s") % {"kind": self.body_kind} if self.body_kind_id else _("alle nivå"))
        return f"{where}: {self.describe()}"

    @property
    def override_key(self):
        """What a body's own rule must share with a rule for its kind to replace it for that body."""
        return (self.kind, self.side, self.seat, self.seat_note.strip().lower(), self.party_id, self.party_kind)

    def applies_instead_of(self, kind_rule):
        return self.body_id is not None and kind_rule.body_kind_id is not None and self.override_key == kind_rule.override_key

    def describe(self):
        seat = self.get_seat_display() if self.seat else ""
        if self.seat_note:
            seat = f"{seat} ({self.seat_note})"
        if self.kind == self.Kind.SIDE_SEATS:
            if self.min_count == self.max_count and self.min_count is not None:
                return _("%(count)s faste medlemmer fra %(side)s") % {"count": self.min_count, "side": self.get_side_display().lower()}
            return _("%(min)s–%(max)s faste medlemmer fra %(side)s") % {
                "min": self.min_count or 0, "max": self.max_count if self.max_count is not None else "…", "side": self.get_side_display().lower()}
        if self.kind == self.Kind.PARTY_SEATS:
            who = str(self.party) if self.party_id else _("hver part av typen %(kind)s") % {"kind": self.get_party_kind_display().lower()}
            return _("%(min)s–%(max)s faste medlemmer for %(who)s") % {
                "min": self.min_count or 0, "max": self.max_count if self.max_count is not None else "…", "who": who}
        if self.kind in (self.Kind.REQUIRED_SEAT, self.Kind.LEVEL_SEAT):
            return _("minst %(count)s %(seat)s") % {"count": self.min_count or 1, "seat": seat.lower()}
        return str(self.get_kind_display())

    def save(self, *args, **kwargs):
        # A rule added on a body's admin page takes the body's partnership.
        if self.body_id and not self.partnership_id:
            self.partnership_id = self.body.partnership_id
        super().save(*args, **kwargs)

    def clean(self):
        errors = {}
        if self.body_id and self.partnership_id and self.body.partnership_id != self.partnership_id:
            errors["body"] = _("Organet hører til et annet helsefellesskap.")
        if self.body_id and self.body_kind_id:
            errors["body_kind"] = _("En regel gjelder enten ett organ eller en organtype, ikke begge.")
        if self.kind == self.Kind.LEVEL_SEAT and (self.body_id or self.body_kind_id):
            errors["body"] = _("En regel for hvert nivå gjelder hele helsefellesskapet; la organ stå tomt, og organtype også.")
        if self.kind != self.Kind.LEVEL_SEAT and not self.body_id and not self.body_kind_id:
            errors["body"] = _("Velg organet eller organtypen regelen gjelder.")
        if self.kind in (self.Kind.REQUIRED_SEAT, self.Kind.LEVEL_SEAT) and not self.seat:
            errors["seat"] = _("Velg hvilken plass som kreves.")
        if self.kind == self.Kind.SIDE_SEATS:
            if self.side not in (Side.SPECIALIST, Side.MUNICIPAL):
                errors["side"] = _("Velg spesialisthelsetjenesten eller kommunene.")
        if self.kind == self.Kind.PARTY_SEATS:
            if bool(self.party_id) == bool(self.party_kind):
                errors["party"] = _("Velg enten én part eller en type part kvoten gjelder for hver av.")
            elif self.party_id and self.partnership_id and self.party.partnership_id != self.partnership_id:
                errors["party"] = _("Parten hører til et annet helsefellesskap.")
        if self.kind in (self.Kind.SIDE_SEATS, self.Kind.PARTY_SEATS) and self.min_count is None and self.max_count is None:
            errors["min_count"] = _("Oppgi minste og/eller høyeste antall plasser.")
        if self.min_count is not None and self.max_count is not None and self.max_count < self.min_count:
            errors["max_count"] = _("Høyeste antall kan ikke være lavere enn minste antall.")
        if errors:
            raise ValidationError(errors)


class GovernanceDocumentQuerySet(models.QuerySet):
    def for_partnership(self, partnership):
        return self.filter(partnership=partnership)


class GovernanceDocument(models.Model):
    """A governing document in versions: the statutes, a body's mandate, the framework agreement or a service agreement."""

    class Kind(models.TextChoices):
        STATUTES = "statutes", _("Vedtekter")
        MANDATE = "mandate", _("Mandat")
        FRAMEWORK_AGREEMENT = "framework_agreement", _("Overordnet samarbeidsavtale")
        SERVICE_AGREEMENT = "service_agreement", _("Tjenesteavtale")

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="documents", verbose_name=_("helsefellesskap"))
    kind = models.CharField(_("type dokument"), max_length=30, choices=Kind.choices)
    body = models.ForeignKey(
        Body, on_delete=models.CASCADE, null=True, blank=True, related_name="documents", verbose_name=_("organ"),
        help_text=_("Organet et mandat gjelder."),
    )
    title = models.CharField(_("tittel"), max_length=255)
    number = models.PositiveSmallIntegerField(_("avtalenummer"), null=True, blank=True, help_text=_("For tjenesteavtaler: «Tjenesteavtale 2»."))
    history = HistoricalRecords()

    objects = GovernanceDocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("styringsdokument")
        verbose_name_plural = _("styringsdokumenter")
        ordering = ["partnership", "kind", "number", "title"]

    def __str__(self):
        return self.title

    def clean(self):
        errors = {}
        if self.kind == self.Kind.MANDATE and not self.body_id:
            errors["body"] = _("Et mandat gjelder et organ; velg organet.")
        if self.body_id and self.partnership_id and self.body.partnership_id != self.partnership_id:
            errors["body"] = _("Organet hører til et annet helsefellesskap.")
        if errors:
            raise ValidationError(errors)

    def version_in_force(self, on=None):
        return self.versions.in_force(on).first()


class DocumentVersionQuerySet(models.QuerySet):
    def in_force(self, on=None):
        """The version of each document in force on a date: the latest adopted version already valid then."""
        from django.utils import timezone

        on = on or timezone.localdate()
        valid = self.filter(valid_from__lte=on)
        latest = (
            DocumentVersion.objects.filter(document=models.OuterRef("document"), valid_from__lte=on)
            .order_by("-valid_from", "-number")
            .values("pk")[:1]
        )
        return valid.filter(pk=models.Subquery(latest)).select_related("document")


class DocumentVersion(models.Model):
    """One adopted version of a governing document. Never edited after adoption.

    Every version is adopted by a decision: cases.services.document_version_adopt records the version and its
    cases.DocumentAdoption together.
    """

    document = models.ForeignKey(GovernanceDocument, on_delete=models.CASCADE, related_name="versions", verbose_name=_("dokument"))
    number = models.PositiveSmallIntegerField(_("versjon"))
    text = models.TextField(_("tekst"), blank=True)
    file = models.FileField(_("fil"), upload_to="governance/%Y/", blank=True,
                            help_text=_("Det vedtatte dokumentet som fil (for eksempel PDF), i stedet for eller i tillegg til teksten."))
    valid_from = models.DateField(_("gjelder fra"))
    change_note = models.TextField(_("hva er endret"), blank=True)
    created_at = models.DateTimeField(_("registrert"), auto_now_add=True)
    history = HistoricalRecords()

    objects = DocumentVersionQuerySet.as_manager()

    class Meta:
        verbose_name = _("dokumentversjon")
        verbose_name_plural = _("dokumentversjoner")
        ordering = ["document", "-number"]
        constraints = [models.UniqueConstraint(fields=["document", "number"], name="document_version_unique")]

    def __str__(self):
        return _("%(document)s, versjon %(number)s") % {"document": self.document, "number": self.number}

    def clean(self):
        if not (self.text or "").strip() and not self.file:
            raise ValidationError({"text": _("Skriv inn teksten til versjonen eller last opp dokumentet som fil.")})


def reporting_bodies_q(prefix=""):
    """Body.fixed_members_may_report as a filter, on bodies reached through `prefix` (e.g. "body__")."""
    own = Q(**{f"{prefix}members_may_report": True})
    main_rule = Q(**{f"{prefix}members_may_report__isnull": True, f"{prefix}can_decide": True,
                     f"{prefix}kind__is_secretariat": False, f"{prefix}kind__is_subcommittee": False,
                     f"{prefix}kind__is_temporary": False})
    return own | main_rule


def body_label(prefix=""):
    """``str(body)`` as an expression, for a body reached through ``prefix`` (e.g. "body__"): its short name if it has
    one, else its name."""
    from django.db.models import F, Value
    from django.db.models.functions import Coalesce, NullIf

    return Coalesce(NullIf(F(f"{prefix}short_name"), Value("")), F(f"{prefix}name"))


FILTER_CHOICES_TTL = 3600


def _filter_choices_key(partnership_pk):
    return f"bodies:filter-choices:{partnership_pk}"


def filter_choices(partnership):
    """The partnership's bodies (by level and name), every priority group and the partnership's parties (by name),
    as ``{"body": [(pk, label)], "priority_group": […], "party": […]}``: the choices of a filter form, which needs
    their labels, not instances. A body's label is its short name if it has one (``str(body)``).

    Read in one query and kept in the cache (Redis in production, so every process sees the same) until a body,
    party or priority group is saved or deleted (``forget_filter_choices``), and at most an hour."""
    from django.core.cache import cache

    key = _filter_choices_key(partnership.pk)
    choices = cache.get(key)
    if choices is None:
        choices = _read_filter_choices(partnership)
        cache.set(key, choices, FILTER_CHOICES_TTL)
    return choices


def forget_filter_choices(sender, instance, **kwargs):
    """Signal receiver: drop the cached filter choices that ``instance`` (a body, party or priority group) is among,
    at once and again when the transaction commits (so a request in between cannot put the old ones back)."""
    from django.core.cache import cache
    from django.db import transaction

    partnership_id = getattr(instance, "partnership_id", None)
    pks = [partnership_id] if partnership_id is not None else list(Partnership.objects.values_list("pk", flat=True))
    keys = [_filter_choices_key(pk) for pk in pks]
    cache.delete_many(keys)
    transaction.on_commit(lambda: cache.delete_many(keys))


def _read_filter_choices(partnership):
    """``filter_choices`` from the database, in one query."""
    from django.db.models import F, Value, Window
    from django.db.models.functions import RowNumber

    def part(kind, queryset, label, ordering):
        return (queryset.annotate(choice_of=Value(kind, output_field=models.CharField()), choice_label=label,
                                  choice_row=Window(RowNumber(), order_by=ordering))
                .order_by().values_list("choice_of", "choice_row", "pk", "choice_label"))

    bodies = part("body", Body.objects.filter(partnership=partnership), body_label(),
                  [F("level").asc(), F("name").asc(), F("pk").asc()])
    groups = part("priority_group", PriorityGroup.objects.all(), F("name"), [F("name").asc(), F("pk").asc()])
    parties = part("party", Party.objects.filter(partnership=partnership), F("name"), [F("name").asc(), F("pk").asc()])
    choices = {"body": [], "priority_group": [], "party": []}
    for kind, _row, pk, label in bodies.union(groups, parties, all=True).order_by("choice_of", "choice_row"):
        choices[kind].append((pk, label))
    return choices
