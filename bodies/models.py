"""The partnership's structure as data: partnerships, parties, regions, body kinds and bodies."""
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase
from simple_history.models import HistoricalRecords


class Side(models.TextChoices):
    """The two sides that must agree; observers' organisations belong to neither."""

    SPECIALIST = "specialist", _("Spesialisthelsetjenesten")
    MUNICIPAL = "municipal", _("Kommunene")
    NONE = "none", _("Ingen side")


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
    description = models.TextField(_("beskrivelse"), blank=True)

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
    default_meeting_minutes = models.PositiveSmallIntegerField(_("vanlig møtelengde (minutter)"), default=120)
    meetings_public = models.BooleanField(_("åpne møter"), default=True, help_text=_("Alle møter i helsefellesskapet er åpne."))
    quorum_percent = models.PositiveSmallIntegerField(
        _("beslutningsdyktighet (prosent)"), default=50, validators=[MaxValueValidator(100)],
        help_text=_("Andel av medlemmene med stemmerett som må være til stede for at organet er beslutningsdyktig."),
    )
    can_decide = models.BooleanField(_("kan fatte vedtak"), default=True, help_text=_("Dialogmøtet fatter ingen vedtak."))
    discussion_body = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("drøftes først i"),
        help_text=_("Totrinnsbehandling: beslutningssaker i dette organet må først være drøftet i dette organet i et tidligere møte."),
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

    def clean(self):
        errors = {}
        for field in ("appointed_by", "reports_to", "discussion_body"):
            other = getattr(self, field)
            if other is not None and self.partnership_id and other.partnership_id != self.partnership_id:
                errors[field] = _("Organet «%(other)s» hører til et annet helsefellesskap.") % {"other": other}
            elif other is not None and self.pk and other.pk == self.pk:
                errors[field] = _("Et organ kan ikke vise til seg selv.")
        if self.active_from and self.active_until and self.active_until < self.active_from:
            errors["active_until"] = _("Organet kan ikke opphøre før det er opprettet.")
        if errors:
            raise ValidationError(errors)

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
