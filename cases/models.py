"""Cases (saker): reporting, numbering, handlings across bodies, positions, decisions, anchoring and follow-up."""
from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from bodies.models import Body, DocumentVersion, GovernanceDocument, Partnership, Party, PriorityGroup, Side
from members.models import Membership, Person


class CaseType(models.TextChoices):
    DECISION = "decision", _("Beslutningssak")
    DISCUSSION = "discussion", _("Drøftingssak")
    INFORMATION = "information", _("Orienteringssak")


class Purpose(models.TextChoices):
    """Why a case is on a body's agenda (OParl: the consultation's role)."""

    DISCUSSION = "discussion", _("Drøfting")
    DECISION = "decision", _("Beslutning")
    INFORMATION = "information", _("Orientering")


def case_in_partnership(partnership, case="case"):
    """A filter: the row's case (reached through ``case``, e.g. "round__case") belongs to the partnership.

    Asked of each row's own case, one lookup by primary key per row, instead of joining the cases: for the few rows
    a panel is after (overdue tasks, unanswered anchoring rounds) the join would read every case of the partnership.
    """
    from django.db.models import OuterRef, Subquery
    from django.db.models.lookups import Exact

    return Exact(Subquery(Case.objects.filter(pk=OuterRef(f"{case}_id")).order_by().values("partnership_id")), partnership.pk)


class CaseQuerySet(models.QuerySet):
    def registered(self):
        return self.exclude(number__isnull=True)

    def for_partnership(self, partnership):
        return self.filter(partnership=partnership)

    def awaiting_handling(self):
        """Registered cases still on their way to a decision or notice: what an agenda can take up."""
        return self.registered().filter(status__in=AWAITING_HANDLING)


class Case(models.Model):
    """A case (sak), reported on the template and routed by the secretariat to a body."""

    class Status(models.TextChoices):
        REPORTED = "reported", _("Meldt")
        REGISTERED = "registered", _("Registrert")
        FOR_DISCUSSION = "for_discussion", _("Til drøfting")
        DISCUSSED = "discussed", _("Drøftet")
        FOR_DECISION = "for_decision", _("Til beslutning")
        DECIDED = "decided", _("Vedtatt")
        NO_CONSENSUS = "no_consensus", _("Ikke konsensus")
        NOTED = "noted", _("Tatt til orientering")
        IN_ANCHORING = "in_anchoring", _("Til tilslutning hos partene")
        FOLLOW_UP = "follow_up", _("Under oppfølging")
        CLOSED = "closed", _("Avsluttet")

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="cases", verbose_name=_("helsefellesskap"))
    body = models.ForeignKey(
        Body, on_delete=models.PROTECT, null=True, blank=True, related_name="cases", verbose_name=_("organ"),
        help_text=_("Organet saken er rutet til; saken får nummer i organets saksserie."),
    )
    year = models.PositiveSmallIntegerField(_("år"), null=True, blank=True)
    number = models.PositiveIntegerField(_("saksnummer"), null=True, blank=True)
    case_type = models.CharField(_("sakstype"), max_length=20, choices=CaseType.choices, default=CaseType.DECISION)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.REPORTED, editable=False)

    title = models.CharField(_("tittel"), max_length=255)
    background = models.TextField(_("bakgrunn"), blank=True)
    subject = models.TextField(_("hva saken gjelder"), blank=True)
    proposed_decision = models.TextField(_("forslag til vedtak"), blank=True, help_text=_("Ett punkt per linje."))
    consequences_hf = models.TextField(_("konsekvenser for helseforetaket"), blank=True)
    consequences_municipalities = models.TextField(_("konsekvenser for kommunene"), blank=True)
    consequences_patients = models.TextField(_("konsekvenser for pasienter, brukere og pårørende"), blank=True)
    consequences_economy = models.TextField(_("økonomiske konsekvenser"), blank=True)
    priority_groups = models.ManyToManyField(PriorityGroup, blank=True, related_name="cases", verbose_name=_("prioriterte pasientgrupper"))

    reported_by = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="reported_cases", verbose_name=_("meldt av"),
        help_text=_("Både representanter i SU og sekretariatet kan melde saker."),
    )
    on_behalf_of = models.ForeignKey(
        Party, on_delete=models.PROTECT, null=True, blank=True, related_name="reported_cases", verbose_name=_("på vegne av"),
    )
    reported_by_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("registrert av bruker"),
    )
    reported_at = models.DateTimeField(_("meldt"), default=timezone.now)
    registered_at = models.DateTimeField(_("registrert"), null=True, blank=True)

    urgent = models.BooleanField(_("hastesak"), default=False)
    urgency_reason = models.TextField(_("hastegrunn"), blank=True)
    urgency_approved_by = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("hast godkjent av"),
    )
    # Incremented on every save through the services, so a stale form can be refused.
    version = models.PositiveIntegerField(_("versjon"), default=1, editable=False)
    # Title, subject, proposed decision and background for full-text search; written by a database trigger
    # on PostgreSQL (common/search.py), empty elsewhere.
    search_vector = SearchVectorField(null=True, editable=False)
    history = HistoricalRecords(m2m_fields=[priority_groups], excluded_fields=["search_vector"])

    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("sak")
        verbose_name_plural = _("saker")
        ordering = ["-year", "body", "-number", "-reported_at"]
        constraints = [
            models.UniqueConstraint(fields=["body", "year", "number"], name="case_number_unique_per_body_year"),
        ]
        indexes = [
            GinIndex(fields=["search_vector"], name="case_search_vector"),
            # The secretariat's list (newest reported first) and the public search (newest number first).
            models.Index(fields=["partnership", "-reported_at", "-id"], name="case_partnership_reported"),
            models.Index(fields=["partnership", "-year", "-number", "-id"], name="case_partnership_number"),
            # The dashboard's panels: cases of one status (reported, awaiting decision) in a partnership.
            models.Index(fields=["partnership", "status", "year", "number"], name="case_partnership_status"),
        ]

    def __str__(self):
        return self.label(self.number, self.year, self.title)

    @staticmethod
    def label(number, year, title):
        """What a case is called: «Sak N/ÅÅÅÅ Title», or its title before it has a number."""
        if number:
            return f"{Case.number_label(number, year)} {title}"
        return title

    @staticmethod
    def number_label(number, year):
        return "" if number is None else _("Sak %(number)s/%(year)s") % {"number": number, "year": year}

    @property
    def case_number(self):
        """«Sak N/ÅÅÅÅ», numbered per body and year."""
        return self.number_label(self.number, self.year)

    def can_move_to(self, status):
        """Whether the status may change from the current one to `status` (see ALLOWED_TRANSITIONS)."""
        return status in ALLOWED_TRANSITIONS.get(self.status, ())

    # What the case page offers, asked of the same transitions the services check.
    @property
    def can_be_registered(self):
        return self.can_move_to(self.Status.REGISTERED)

    @property
    def can_be_put_on_agenda(self):
        """Routed to a body and not closed: it may be put up for discussion, decision or information."""
        return self.body_id is not None and self.status != self.Status.CLOSED

    @property
    def can_start_anchoring(self):
        """Decided (or in follow-up): it may be sent to the parties' own bodies, and again while a round runs."""
        return self.status == self.Status.IN_ANCHORING or self.can_move_to(self.Status.IN_ANCHORING)

    def current_decision(self):
        """The newest version of the newest decision in the case, or None."""
        return Decision.objects.filter(handling__case=self).order_by("-decided_at", "-version", "-pk").first()


_S = Case.Status
AWAITING_HANDLING = (_S.REGISTERED, _S.FOR_DISCUSSION, _S.DISCUSSED, _S.FOR_DECISION, _S.NO_CONSENSUS)
# The status steps a case may take; only cases/services.py moves a case, and only along these arrows.
ALLOWED_TRANSITIONS = {
    _S.REPORTED: (_S.REGISTERED, _S.CLOSED),
    _S.REGISTERED: (_S.FOR_DISCUSSION, _S.FOR_DECISION, _S.NOTED, _S.CLOSED),
    _S.FOR_DISCUSSION: (_S.DISCUSSED, _S.FOR_DECISION, _S.NOTED, _S.CLOSED),
    _S.DISCUSSED: (_S.FOR_DISCUSSION, _S.FOR_DECISION, _S.NOTED, _S.CLOSED),
    _S.FOR_DECISION: (_S.DECIDED, _S.NO_CONSENSUS, _S.FOR_DISCUSSION, _S.NOTED, _S.CLOSED),
    # No consensus: the case goes back (postponed to the next meeting, or to the secretariat).
    _S.NO_CONSENSUS: (_S.FOR_DISCUSSION, _S.DISCUSSED, _S.FOR_DECISION, _S.DECIDED, _S.CLOSED),
    _S.DECIDED: (_S.IN_ANCHORING, _S.FOLLOW_UP, _S.CLOSED),
    _S.NOTED: (_S.FOLLOW_UP, _S.CLOSED),
    _S.IN_ANCHORING: (_S.FOLLOW_UP, _S.CLOSED),
    _S.FOLLOW_UP: (_S.IN_ANCHORING, _S.CLOSED),
    _S.CLOSED: (),
}


class CaseSeries(models.Model):
    """The running number of a body's case series for one year; locked while a number is taken."""

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="case_series", verbose_name=_("organ"))
    year = models.PositiveSmallIntegerField(_("år"))
    last_number = models.PositiveIntegerField(_("siste nummer"), default=0)

    class Meta:
        verbose_name = _("saksserie")
        verbose_name_plural = _("saksserier")
        constraints = [models.UniqueConstraint(fields=["body", "year"], name="case_series_unique")]

    def __str__(self):
        return f"{self.body} {self.year}: {self.last_number}"


class CaseDocumentQuerySet(models.QuerySet):
    def current(self):
        """The newest version of each document (the ones no later version replaces)."""
        return self.filter(next_version__isnull=True)


class CaseDocument(models.Model):
    """An attachment or the case presentation; may be exempt from public access with its legal basis."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="documents", verbose_name=_("sak"))
    title = models.CharField(_("tittel"), max_length=255)
    file = models.FileField(_("fil"), upload_to="cases/%Y/", blank=True)
    exempt = models.BooleanField(_("unntatt offentlighet"), default=False)
    legal_basis = models.CharField(
        _("hjemmel"), max_length=120, blank=True, help_text=_("For eksempel «offentleglova § 14» når dokumentet er unntatt offentlighet."),
    )
    uploaded_at = models.DateTimeField(_("lastet opp"), default=timezone.now)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    # A new version of a document is a new row pointing back at the one it replaces; earlier versions are kept.
    previous = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="next_version", editable=False,
        verbose_name=_("erstatter versjon"),
    )
    version = models.PositiveIntegerField(_("versjon"), default=1, editable=False)
    # The title only (the content of an exempt document is never searched); a database trigger writes it.
    search_vector = SearchVectorField(null=True, editable=False)
    history = HistoricalRecords(excluded_fields=["search_vector"])

    objects = CaseDocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("saksdokument")
        verbose_name_plural = _("saksdokumenter")
        ordering = ["case", "uploaded_at"]
        indexes = [GinIndex(fields=["search_vector"], name="casedocument_search_vector")]

    def __str__(self):
        return self.title

    @property
    def is_current(self):
        """Whether this is the newest version of the document (no later version replaces it)."""
        try:
            return self.next_version is None
        except CaseDocument.DoesNotExist:
            return True

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.exempt and not self.legal_basis.strip():
            raise ValidationError({"legal_basis": _("Oppgi hjemmel når dokumentet er unntatt offentlighet.")})


class ExemptDocumentView(models.Model):
    """Who opened a document exempt from public access, and when (audit log; rows are never changed)."""

    document = models.ForeignKey(CaseDocument, on_delete=models.PROTECT, related_name="exempt_views", verbose_name=_("dokument"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("bruker"))
    viewed_at = models.DateTimeField(_("åpnet"), default=timezone.now, db_index=True)
    legal_basis = models.CharField(_("hjemmel da dokumentet ble åpnet"), max_length=120, blank=True)
    path = models.CharField(_("side"), max_length=300, blank=True)
    ip_address = models.GenericIPAddressField(_("IP-adresse"), null=True, blank=True)

    class Meta:
        verbose_name = _("innsyn i unntatt dokument")
        verbose_name_plural = _("innsyn i unntatte dokumenter")
        ordering = ["-viewed_at"]

    def __str__(self):
        return f"{self.user} – {self.document} ({self.viewed_at:%d.%m.%Y %H:%M})"


class Handling(models.Model):
    """One treatment of a case in one body (saksgang); OParl calls it a consultation."""

    class Outcome(models.TextChoices):
        PENDING = "pending", _("Ikke behandlet")
        DISCUSSED = "discussed", _("Drøftet")
        DECIDED = "decided", _("Vedtatt ved konsensus")
        NO_CONSENSUS = "no_consensus", _("Ikke konsensus")
        POSTPONED = "postponed", _("Utsatt")
        RETURNED = "returned", _("Sendt tilbake til sekretariatet")
        NOTED = "noted", _("Tatt til orientering")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="handlings", verbose_name=_("sak"))
    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="handlings", verbose_name=_("organ"))
    purpose = models.CharField(_("formål"), max_length=20, choices=Purpose.choices)
    authoritative = models.BooleanField(_("avgjørende"), default=False, help_text=_("Behandlingen fatter vedtak i saken."))
    outcome = models.CharField(_("utfall"), max_length=20, choices=Outcome.choices, default=Outcome.PENDING)
    note = models.TextField(_("merknad"), blank=True)
    created_at = models.DateTimeField(_("opprettet"), default=timezone.now)
    concluded_at = models.DateTimeField(_("avsluttet"), null=True, blank=True)
    # The start of the meeting at which the handling was concluded, copied there by the meetings services;
    # the two-step rule compares it with the start of the decision meeting. Which meeting carries the
    # handling is the meeting's own fact (its agenda item), not the case's.
    held_at = models.DateTimeField(_("behandlet i møte"), null=True, blank=True, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("behandling")
        verbose_name_plural = _("behandlinger")
        ordering = ["case", "created_at", "pk"]

    def __str__(self):
        return f"{self.case} – {self.get_purpose_display()} i {self.body}"

    @property
    def ended_without_consensus(self):
        return self.outcome == self.Outcome.NO_CONSENSUS


class Position(models.Model):
    """A member's position on a case at a decision: agreement, agreement with a reservation, or disagreement."""

    class Stance(models.TextChoices):
        AGREE = "agree", _("Enig")
        AGREE_WITH_RESERVATION = "reservation", _("Enig med forbehold")
        DISAGREE = "disagree", _("Uenig")

    handling = models.ForeignKey(Handling, on_delete=models.CASCADE, related_name="positions", verbose_name=_("behandling"))
    membership = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="positions", verbose_name=_("representant"))
    stance = models.CharField(_("standpunkt"), max_length=20, choices=Stance.choices)
    reservation = models.TextField(_("forbehold"), blank=True)
    recorded_at = models.DateTimeField(_("registrert"), default=timezone.now)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("standpunkt")
        verbose_name_plural = _("standpunkter")
        constraints = [models.UniqueConstraint(fields=["handling", "membership"], name="one_position_per_member")]

    def __str__(self):
        return f"{self.membership.person}: {self.get_stance_display()}"


class Disqualification(models.Model):
    """A member declared disqualified (inhabil) on a case, forvaltningsloven § 6; they leave the item."""

    handling = models.ForeignKey(Handling, on_delete=models.CASCADE, related_name="disqualifications", verbose_name=_("behandling"))
    membership = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="disqualifications", verbose_name=_("representant"))
    reason = models.TextField(_("grunn"))
    declared_at = models.DateTimeField(_("erklært"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("inhabilitet")
        verbose_name_plural = _("inhabilitet")
        constraints = [models.UniqueConstraint(fields=["handling", "membership"], name="one_disqualification_per_member")]

    def __str__(self):
        return _("%(person)s inhabil i %(case)s") % {"person": self.membership.person, "case": self.handling.case}


class ProtocolNote(models.Model):
    """A protocol note (protokolltilførsel) by a member or one side as a whole, printed with the decision."""

    handling = models.ForeignKey(Handling, on_delete=models.CASCADE, related_name="protocol_notes", verbose_name=_("behandling"))
    membership = models.ForeignKey(Membership, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("representant"))
    side = models.CharField(_("side"), max_length=20, choices=Side.choices, blank=True)
    text = models.TextField(_("tekst"))
    created_at = models.DateTimeField(_("registrert"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("protokolltilførsel")
        verbose_name_plural = _("protokolltilførsler")
        ordering = ["handling", "created_at"]

    def __str__(self):
        return self.text[:60]


class Decision(models.Model):
    """A decision (vedtak) in numbered points. Never edited in place: a correction is a new version."""

    handling = models.ForeignKey(Handling, on_delete=models.PROTECT, related_name="decisions", verbose_name=_("behandling"))
    version = models.PositiveIntegerField(_("versjon"), default=1)
    consensus = models.BooleanField(_("konsensus"), default=True)
    decided_at = models.DateTimeField(_("vedtatt"), default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    correction_reason = models.TextField(_("grunn til retting"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("vedtak")
        verbose_name_plural = _("vedtak")
        ordering = ["handling", "-version"]
        constraints = [models.UniqueConstraint(fields=["handling", "version"], name="decision_version_unique")]
        # Newest decisions first (public pages, search): walked in order and stopped at the limit.
        indexes = [models.Index(fields=["-decided_at", "-id"], name="decision_newest")]

    def __str__(self):
        return _("Vedtak i %(case)s (versjon %(version)s)") % {"case": self.handling.case, "version": self.version}


class DecisionPoint(models.Model):
    """One numbered point of a decision."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="points", verbose_name=_("vedtak"))
    number = models.PositiveSmallIntegerField(_("nummer"))
    text = models.TextField(_("tekst"))
    search_vector = SearchVectorField(null=True, editable=False)  # written by a database trigger

    class Meta:
        verbose_name = _("vedtakspunkt")
        verbose_name_plural = _("vedtakspunkter")
        ordering = ["decision", "number"]
        indexes = [GinIndex(fields=["search_vector"], name="decisionpoint_search_vector")]
        constraints = [models.UniqueConstraint(fields=["decision", "number"], name="decision_point_unique")]

    def __str__(self):
        return f"{self.number}. {self.text}"


class SubcommitteeAppointment(models.Model):
    """The decision by which SU or the secretariat appointed a sub-committee or working group."""

    body = models.OneToOneField(Body, on_delete=models.CASCADE, related_name="appointment", verbose_name=_("utvalg"))
    decision = models.ForeignKey(
        Decision, on_delete=models.PROTECT, related_name="appointments", verbose_name=_("oppnevnt ved vedtak"),
        help_text=_("Vedtaket i SU eller sekretariatet som oppnevnte utvalget."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("oppnevning av utvalg")
        verbose_name_plural = _("oppnevninger av utvalg")

    def __str__(self):
        return f"{self.body}: {self.decision}"


class SubcommitteeReport(models.Model):
    """The case in which a sub-committee's report is laid before the body it reports to."""

    body = models.OneToOneField(Body, on_delete=models.CASCADE, related_name="report", verbose_name=_("utvalg"))
    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="subcommittee_reports", verbose_name=_("rapportert i sak"),
        help_text=_("Saken der utvalgets rapport legges fram for organet det rapporterer til."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("rapport fra utvalg")
        verbose_name_plural = _("rapporter fra utvalg")

    def __str__(self):
        return f"{self.body}: {self.case}"


class DocumentRevision(models.Model):
    """A governing document under revision in a case; ends when a version adopted in that case is recorded."""

    document = models.OneToOneField(GovernanceDocument, on_delete=models.CASCADE, related_name="revision", verbose_name=_("dokument"))
    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="document_revisions", verbose_name=_("revisjon pågår i sak"),
        help_text=_("Avtalene må revideres når strukturen endres; en revisjon startes som en sak."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("revisjon av styringsdokument")
        verbose_name_plural = _("revisjoner av styringsdokumenter")

    def __str__(self):
        return f"{self.document}: {self.case}"


class DocumentAdoption(models.Model):
    """The decision that adopted a version of a governing document (every version has one)."""

    version = models.OneToOneField(DocumentVersion, on_delete=models.CASCADE, related_name="adoption", verbose_name=_("dokumentversjon"))
    decision = models.ForeignKey(
        Decision, on_delete=models.PROTECT, related_name="document_adoptions", verbose_name=_("vedtatt ved"),
        help_text=_("Hver versjon må være vedtatt: velg vedtaket som vedtok den."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("vedtak av dokumentversjon")
        verbose_name_plural = _("vedtak av dokumentversjoner")

    def __str__(self):
        return f"{self.version}: {self.decision}"


class AnchoringCondition(models.TextChoices):
    """A threshold among the municipalities: a round's own, or the condition of a party's reservation."""

    NONE = "", _("Ingen maskinlesbar betingelse")
    COUNT = "count", _("Minst et antall kommuner")
    SHARE = "share", _("Minst en andel av kommunene")
    ALL = "all", _("Alle kommunene")
    POPULATION_SHARE = "population_share", _("Minst en andel av befolkningen")


class AnchoringRound(models.Model):
    """A decision sent to the parties' own bodies (municipal councils, the HF board, a private hospital's board) for accession."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="anchoring_rounds", verbose_name=_("sak"))
    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, null=True, blank=True, related_name="anchoring_rounds", verbose_name=_("vedtak"))
    title = models.CharField(_("tittel"), max_length=255)
    sent_on = models.DateField(_("sendt"))
    deadline = models.DateField(_("svarfrist"))
    threshold = models.CharField(
        _("terskel for runden"), max_length=20, choices=AnchoringCondition.choices, blank=True, default="",
        help_text=_("Hva runden krever blant kommunene den er sendt til: et antall, en andel eller en andel av befolkningen."),
    )
    threshold_value = models.DecimalField(
        _("terskelverdi"), max_digits=8, decimal_places=4, null=True, blank=True,
        help_text=_("Antall kommuner, eller andel som desimaltall (to tredjedeler = 0,6667)."),
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("tilslutningsrunde")
        verbose_name_plural = _("tilslutningsrunder")
        ordering = ["-sent_on"]

    def __str__(self):
        return self.title

    def clean(self):
        from common.input import check_dates

        check_dates(self, ["sent_on", "deadline"])


class AnchoringAnswer(models.Model):
    """One party's answer in an anchoring round, with its local reference (e.g. «PS 5/2021»)."""

    class Response(models.TextChoices):
        NOT_ANSWERED = "not_answered", _("Ikke svart")
        JOINED = "joined", _("Tiltrådt")
        JOINED_WITH_RESERVATION = "reservation", _("Tiltrådt med forbehold")
        AMENDMENT_PROPOSED = "amendment", _("Foreslått endring")
        REJECTED = "rejected", _("Avslått")

    Condition = AnchoringCondition

    round = models.ForeignKey(AnchoringRound, on_delete=models.CASCADE, related_name="answers", verbose_name=_("runde"))
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="anchoring_answers", verbose_name=_("part"))
    response = models.CharField(_("svar"), max_length=20, choices=Response.choices, default=Response.NOT_ANSWERED)
    reservation = models.TextField(_("forbehold"), blank=True)
    condition = models.CharField(_("betingelse"), max_length=20, choices=Condition.choices, blank=True, default="")
    condition_value = models.DecimalField(
        _("terskel"), max_digits=8, decimal_places=4, null=True, blank=True,
        help_text=_("Antall kommuner, eller andel som desimaltall (to tredjedeler = 0,6667)."),
    )
    amendment = models.TextField(_("foreslått endring"), blank=True)
    local_reference = models.CharField(_("lokal saksreferanse"), max_length=60, blank=True, help_text=_("For eksempel «PS 5/2021»."))
    decided_on = models.DateField(_("vedtaksdato"), null=True, blank=True)
    recorded_at = models.DateTimeField(_("registrert"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("tilslutningssvar")
        verbose_name_plural = _("tilslutningssvar")
        ordering = ["round", "party__name"]
        constraints = [models.UniqueConstraint(fields=["round", "party"], name="one_answer_per_party")]

    def __str__(self):
        return f"{self.party}: {self.get_response_display()}"

    @property
    def is_joined(self):
        """Joined, with or without a reservation (a condition may still keep it from counting: cases/anchoring.py)."""
        return self.response in (self.Response.JOINED, self.Response.JOINED_WITH_RESERVATION)

    @property
    def is_rejected(self):
        return self.response == self.Response.REJECTED

    def clean(self):
        from common.input import check_dates

        check_dates(self, ["decided_on"])


class FollowUpTaskQuerySet(models.QuerySet):
    def open(self):
        return self.filter(completed_at__isnull=True)

    def overdue(self, today=None):
        """Open tasks whose deadline has passed."""
        today = today or timezone.localdate()
        return self.open().filter(deadline__lt=today)


class FollowUpTask(models.Model):
    """A follow-up task from a decision, with who is responsible and a deadline («Frist: 9. mars»)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="tasks", verbose_name=_("sak"))
    decision = models.ForeignKey(Decision, on_delete=models.SET_NULL, null=True, blank=True, related_name="tasks", verbose_name=_("vedtak"))
    title = models.CharField(_("oppgave"), max_length=255)
    description = models.TextField(_("beskrivelse"), blank=True)
    responsible_person = models.ForeignKey(Person, on_delete=models.PROTECT, null=True, blank=True, related_name="tasks", verbose_name=_("ansvarlig person"))
    responsible_party = models.ForeignKey(Party, on_delete=models.PROTECT, null=True, blank=True, related_name="tasks", verbose_name=_("ansvarlig part"))
    deadline = models.DateField(_("frist"))
    completed_at = models.DateTimeField(_("fullført"), null=True, blank=True)
    completion_note = models.TextField(_("merknad ved fullføring"), blank=True)
    history = HistoricalRecords()

    objects = FollowUpTaskQuerySet.as_manager()

    class Meta:
        verbose_name = _("oppfølgingsoppgave")
        verbose_name_plural = _("oppfølgingsoppgaver")
        ordering = ["deadline", "pk"]
        indexes = [
            # Open tasks by deadline (dashboard, member home, overdue reminders): only the open ones are indexed.
            models.Index(fields=["deadline", "id"], condition=models.Q(completed_at__isnull=True), name="followup_open_by_deadline"),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        from common.input import check_dates

        check_dates(self, ["deadline"])

    @property
    def is_overdue(self):
        return self.completed_at is None and self.deadline < timezone.localdate()
