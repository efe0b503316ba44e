"""Meetings of a body: notice, agenda, attendance and minutes."""
from datetime import timedelta

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Upper
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from bodies.models import Body
from common.input import date_in_range, date_range_error
from cases.models import Case, Handling
from members.models import MeetingRights, Membership, Person

MINUTES_FROZEN = _("Protokollen er godkjent og kan ikke endres. Rettinger gjøres som en ny, registrert versjon.")


class MeetingQuerySet(models.QuerySet):
    def upcoming(self):
        return self.filter(starts_at__gte=timezone.now()).order_by("starts_at")


class Meeting(models.Model):
    """A meeting of a body."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planlagt")
        NOTICE_SENT = "notice_sent", _("Innkalling sendt")
        HELD = "held", _("Avholdt")
        MINUTES_APPROVED = "minutes_approved", _("Protokoll godkjent")
        PUBLISHED = "published", _("Publisert")

    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="meetings", verbose_name=_("organ"))
    title = models.CharField(_("tittel"), max_length=200, blank=True)
    starts_at = models.DateTimeField(_("starter"))
    ends_at = models.DateTimeField(_("slutter"), blank=True, help_text=_("Møteramme: to timer om ikke annet er satt."))
    place = models.CharField(_("sted"), max_length=200, blank=True)
    video_link = models.URLField(_("videolenke"), blank=True)
    chair = models.ForeignKey(
        Membership, on_delete=models.PROTECT, null=True, blank=True, related_name="chaired_meetings", verbose_name=_("møteleder"),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PLANNED, editable=False)
    notice_sent_at = models.DateTimeField(_("innkalling sendt"), null=True, blank=True, editable=False)
    version = models.PositiveIntegerField(_("versjon"), default=1, editable=False)
    history = HistoricalRecords()

    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("møte")
        verbose_name_plural = _("møter")
        ordering = ["-starts_at", "-pk"]
        indexes = [
            models.Index(fields=["body", "starts_at"], name="meeting_body_starts"),
            # The public search looks for words in titles and places with icontains (a few hundred meetings per
            # partnership): trigram indexes on PostgreSQL keep that from reading every row.
            GinIndex(OpClass(Upper("title"), name="gin_trgm_ops"), name="meeting_title_trgm"),
            GinIndex(OpClass(Upper("place"), name="gin_trgm_ops"), name="meeting_place_trgm"),
        ]

    def __str__(self):
        local = timezone.localtime(self.starts_at) if self.starts_at else None
        when = date_format(local, "SHORT_DATE_FORMAT") if local else ""
        return f"{self.body} {when}".strip()

    @property
    def is_held(self):
        return self.status in (self.Status.HELD, self.Status.MINUTES_APPROVED, self.Status.PUBLISHED)

    def has_begun(self, at=None):
        """Whether the meeting is being held or has been held: marked held, or its start has passed."""
        if self.is_held:
            return True
        return self.starts_at is not None and self.starts_at <= (at or timezone.now())

    @property
    def minutes_frozen(self):
        return self.status in (self.Status.MINUTES_APPROVED, self.Status.PUBLISHED)

    def can_move_to(self, status):
        """Whether the meeting may go from its status to ``status`` (ALLOWED_TRANSITIONS); the services ask this."""
        return status in ALLOWED_TRANSITIONS.get(self.status, ())

    # The buttons of the meeting page ask the same question as the services.
    @property
    def can_send_notice(self):
        return self.can_move_to(self.Status.NOTICE_SENT)

    @property
    def can_be_marked_held(self):
        return self.can_move_to(self.Status.HELD)

    @property
    def can_approve_minutes(self):
        return self.can_move_to(self.Status.MINUTES_APPROVED)

    @property
    def can_publish_minutes(self):
        return self.can_move_to(self.Status.PUBLISHED)

    @property
    def notice_is_sent(self):
        """The notice has gone out: the minutes can be written from now on."""
        return self.status != self.Status.PLANNED

    # What the public sees of a public body's meeting (meetings/selectors.py asks the same in queries).
    @property
    def agenda_is_public(self):
        return self.notice_is_sent

    @property
    def minutes_are_public(self):
        return self.minutes_frozen

    # The changes of the sent notice, read once per page (the agendas mark withdrawn, postponed and added items).
    @cached_property
    def notice_change_list(self):
        return list(self.notice_changes.order_by("changed_at", "pk"))

    @cached_property
    def added_item_ids(self):
        """The items of this agenda put on it after the notice was sent."""
        return {c.item_id for c in self.notice_change_list if c.kind == NoticeChange.Kind.ITEM_ADDED and c.item_id}

    def save(self, *args, **kwargs):
        if self.starts_at and not self.ends_at:
            minutes = self.body.default_meeting_minutes if self.body_id else 120
            self.ends_at = self.starts_at + timedelta(minutes=minutes or 120)
        super().save(*args, **kwargs)

    def clean(self):
        errors = {name: date_range_error() for name in ("starts_at", "ends_at") if not date_in_range(getattr(self, name))}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("Møtet kan ikke slutte før det starter.")
        if self.chair_id and self.body_id and self.chair.body_id != self.body_id:
            errors["chair"] = _("Møtelederen må være medlem av %(body)s.") % {"body": self.body}
        if errors:
            raise ValidationError(errors)


# A meeting's steps, one way: notice, held, minutes approved, minutes published.
ALLOWED_TRANSITIONS = {
    Meeting.Status.PLANNED: (Meeting.Status.NOTICE_SENT,),
    Meeting.Status.NOTICE_SENT: (Meeting.Status.HELD,),
    Meeting.Status.HELD: (Meeting.Status.MINUTES_APPROVED,),
    Meeting.Status.MINUTES_APPROVED: (Meeting.Status.PUBLISHED,),
    Meeting.Status.PUBLISHED: (),
}


class AgendaItem(models.Model):
    """An item on a meeting's agenda: a case handling or a standing item."""

    class Kind(models.TextChoices):
        CASE = "case", _("Sak")
        APPROVE_NOTICE = "approve_notice", _("Godkjenning av innkalling og saksliste")
        APPROVE_MINUTES = "approve_minutes", _("Godkjenning av protokoll fra forrige møte")
        ANY_OTHER_BUSINESS = "any_other_business", _("Eventuelt")
        OTHER = "other", _("Annet")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items", verbose_name=_("møte"))
    position = models.PositiveSmallIntegerField(_("rekkefølge"), default=0)
    kind = models.CharField(_("type"), max_length=30, choices=Kind.choices, default=Kind.CASE)
    handling = models.OneToOneField(
        Handling, on_delete=models.PROTECT, null=True, blank=True, related_name="agenda_item", verbose_name=_("behandling"),
    )
    # The handling's case, kept here so the database can hold «one case once per agenda» (set on save).
    case = models.ForeignKey(Case, on_delete=models.PROTECT, null=True, blank=True, editable=False, related_name="+",
                             verbose_name=_("sak"))
    title = models.CharField(_("tittel"), max_length=255, blank=True)
    discussion = models.TextField(_("referat fra drøftingen"), blank=True)
    # Title and the minutes' discussion for full-text search; written by a database trigger (common/search.py).
    search_vector = SearchVectorField(null=True, editable=False)
    history = HistoricalRecords(excluded_fields=["search_vector"])

    class Meta:
        verbose_name = _("sakslistepunkt")
        verbose_name_plural = _("sakslistepunkter")
        ordering = ["meeting", "position", "pk"]
        indexes = [GinIndex(fields=["search_vector"], name="agendaitem_search_vector")]
        constraints = [
            # One case appears once per agenda: at most one item of a case at each meeting.
            models.UniqueConstraint(
                fields=["meeting", "case"], name="one_item_per_case_and_meeting",
                violation_error_message=_("Saken står allerede på sakslisten til dette møtet."),
            ),
        ]

    def save(self, *args, **kwargs):
        self.case_id = self.handling.case_id if self.handling_id else None
        super().save(*args, **kwargs)

    def __str__(self):
        if self.handling_id:
            return str(self.handling.case)
        return self.title or self.get_kind_display()

    def clean(self):
        if self.pk and self.meeting_id and self.meeting.minutes_frozen:
            stored = type(self).objects.filter(pk=self.pk).values_list("discussion", flat=True).first()
            if stored is not None and stored != self.discussion:
                raise ValidationError({"discussion": MINUTES_FROZEN})
        if self.kind == self.Kind.CASE and not self.handling_id:
            raise ValidationError({"handling": _("Et sakspunkt må vise til en sak.")})
        if self.handling_id and self.meeting_id:
            if self.handling.case.partnership_id != self.meeting.body.partnership_id:
                raise ValidationError({"handling": _("Saken hører til et annet helsefellesskap enn møtet.")})


class Attendance(models.Model):
    """Who was called and who met, for whom, with which rights; who left during which item."""

    class Status(models.TextChoices):
        CALLED = "called", _("Innkalt")
        PRESENT = "present", _("Til stede")
        APOLOGIES = "apologies", _("Forfall")
        ABSENT = "absent", _("Ikke møtt")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendances", verbose_name=_("møte"))
    membership = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="attendances", verbose_name=_("representant"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.CALLED)
    substitute_for = models.ForeignKey(
        Membership, on_delete=models.PROTECT, null=True, blank=True, related_name="substituted_attendances", verbose_name=_("møter for"),
    )
    can_vote = models.BooleanField(_("stemmerett"), default=False)
    can_speak = models.BooleanField(_("talerett"), default=False)
    can_propose = models.BooleanField(_("forslagsrett"), default=False)
    apology_note = models.CharField(_("merknad om forfall"), max_length=255, blank=True)
    left_at_item = models.ForeignKey(
        AgendaItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("forlot møtet under"),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("oppmøte")
        verbose_name_plural = _("oppmøte")
        ordering = ["meeting", "membership__role", "membership__person__last_name"]
        constraints = [models.UniqueConstraint(fields=["meeting", "membership"], name="one_attendance_per_member")]

    def __str__(self):
        return f"{self.membership.person}: {self.get_status_display()}"

    @property
    def sent_apologies(self):
        return self.status == self.Status.APOLOGIES

    def rights(self):
        """Who votes and speaks at this meeting: the membership's rights, or the member's when meeting as their deputy."""
        return self.membership.rights_at_meeting(substitute_for=self.substitute_for)

    def clean(self):
        errors = {}
        if self.membership_id and self.meeting_id and self.membership.body_id != self.meeting.body_id:
            errors["membership"] = _("%(person)s er ikke medlem av %(body)s.") % {"person": self.membership.person, "body": self.meeting.body}
        if self.substitute_for_id and self.membership_id and self.substitute_for.personal_deputy_id != self.membership_id:
            errors["substitute_for"] = _("%(person)s er ikke personlig vara for %(other)s.") % {
                "person": self.membership.person, "other": self.substitute_for.person}
        if errors:
            raise ValidationError(errors)


class SupplementaryNotice(models.Model):
    """A supplementary notice (tilleggsinnkalling): the changes to the agenda since the last one, sent to those called."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="supplementary_notices", verbose_name=_("møte"))
    number = models.PositiveSmallIntegerField(_("nummer"))
    sent_at = models.DateTimeField(_("sendt"), default=timezone.now)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("sendt av"),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("tilleggsinnkalling")
        verbose_name_plural = _("tilleggsinnkallinger")
        ordering = ["meeting", "number"]
        constraints = [models.UniqueConstraint(fields=["meeting", "number"], name="one_supplementary_notice_per_number")]

    def __str__(self):
        return _("Tilleggsinnkalling %(number)s til %(meeting)s") % {"number": self.number, "meeting": self.meeting}


class ItemGuest(models.Model):
    """Someone who is not a member (a sub-committee's chair, an expert) attending one agenda item.

    A guest speaks (and proposes only if given the right) but never votes; the minutes name the guest under
    that item and no other. Recorded through meetings.guests.
    """

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="guests", verbose_name=_("sakslistepunkt"))
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="guest_attendances", verbose_name=_("person"),
        help_text=_("Når gjesten er registrert som person; ellers holder navnet."),
    )
    name = models.CharField(_("navn"), max_length=200)
    capacity = models.CharField(_("møter som"), max_length=200, blank=True, help_text=_("For eksempel «leder av KSU psykisk helse» eller «fagekspert»."))
    can_speak = models.BooleanField(_("talerett"), default=True)
    can_propose = models.BooleanField(_("forslagsrett"), default=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("gjest i sak")
        verbose_name_plural = _("gjester i saker")
        ordering = ["item", "pk"]
        constraints = [models.UniqueConstraint(fields=["item", "name"], name="one_guest_name_per_item")]

    def __str__(self):
        return f"{self.name} ({self.capacity})" if self.capacity else self.name

    def rights(self):
        """A guest never votes."""
        return MeetingRights(vote=False, speak=self.can_speak, propose=self.can_propose)


class NoticeChange(models.Model):
    """A change to the agenda after the notice was sent, recorded as a change to the notice."""

    class Kind(models.TextChoices):
        ITEM_ADDED = "item_added", _("Punkt lagt til")
        ITEM_REMOVED = "item_removed", _("Punkt trukket")
        ITEM_POSTPONED = "item_postponed", _("Punkt utsatt")
        REORDERED = "reordered", _("Rekkefølge endret")
        OTHER = "other", _("Annen endring")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="notice_changes", verbose_name=_("møte"))
    kind = models.CharField(_("type endring"), max_length=20, choices=Kind.choices)
    description = models.TextField(_("beskrivelse"))
    reason = models.TextField(_("begrunnelse"), blank=True)
    # What the change concerns: the item (while it is on this agenda), its case, and the meeting it was moved to.
    item = models.ForeignKey(AgendaItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                             verbose_name=_("punkt"))
    case = models.ForeignKey(Case, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("sak"))
    moved_to = models.ForeignKey(Meeting, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                                 verbose_name=_("utsatt til møte"))
    supplementary_notice = models.ForeignKey(
        SupplementaryNotice, on_delete=models.SET_NULL, null=True, blank=True, related_name="changes",
        verbose_name=_("sendt med tilleggsinnkalling"),
    )
    changed_at = models.DateTimeField(_("endret"), default=timezone.now)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("endret av"),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("endring i innkallingen")
        verbose_name_plural = _("endringer i innkallingen")
        ordering = ["meeting", "changed_at", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.description[:60]}"


class Minutes(models.Model):
    """The minutes (protokoll) of a meeting. Frozen once approved; corrections are new, recorded versions.

    Per item the discussion is on AgendaItem.discussion; the decision, consensus and reservations come from cases.
    """

    class ApprovalMethod(models.TextChoices):
        SIGNATURES = "signatures", _("Godkjent av møteleder og ett medlem fra den andre siden")
        NEXT_MEETING = "next_meeting", _("Godkjent i neste møte")

    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="minutes", verbose_name=_("møte"))
    introduction = models.TextField(_("innledning"), blank=True, help_text=_("For eksempel hvem som ledet møtet og merknader til innkallingen."))
    version = models.PositiveIntegerField(_("versjon"), default=1, editable=False)
    draft_version = models.PositiveIntegerField(
        _("lagret versjon"), default=0, editable=False,
        help_text=_("Øker ved hver lagring av protokollteksten; et skjema lastet før en annens lagring blir avvist."))
    approval_method = models.CharField(_("godkjenningsmåte"), max_length=20, choices=ApprovalMethod.choices, blank=True, editable=False)
    approved_at = models.DateTimeField(_("godkjent"), null=True, blank=True, editable=False)
    approved_at_meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, null=True, blank=True, related_name="approved_minutes", editable=False,
        verbose_name=_("godkjent i møte"),
    )
    approved_by_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False,
        verbose_name=_("registrert godkjent av"),
    )
    published_at = models.DateTimeField(_("publisert"), null=True, blank=True, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("protokoll")
        verbose_name_plural = _("protokoller")
        ordering = ["-meeting__starts_at"]

    def __str__(self):
        return _("Protokoll fra %(meeting)s") % {"meeting": self.meeting}

    @property
    def is_approved(self):
        return self.approved_at is not None

    @property
    def approved_at_next_meeting(self):
        return self.approval_method == self.ApprovalMethod.NEXT_MEETING

    def clean(self):
        if self.pk and self.is_approved:
            stored = type(self).objects.filter(pk=self.pk).values_list("introduction", flat=True).first()
            if stored is not None and stored != self.introduction:
                raise ValidationError({"introduction": MINUTES_FROZEN})


class ApprovalChannel(models.TextChoices):
    APP = "app", _("I appen, av godkjenneren selv")
    PAPER = "paper", _("På papir, registrert av sekretariatet")


class MinutesApproval(models.Model):
    """One person's approval of the minutes (the chair and one member from the other side)."""

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="approvals", verbose_name=_("protokoll"))
    version = models.PositiveIntegerField(_("versjon"))
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="minutes_approvals", verbose_name=_("godkjent av"))
    membership = models.ForeignKey(
        Membership, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("som representant"),
    )
    approved_at = models.DateTimeField(_("godkjent"), default=timezone.now)
    # How the approval was given: in the app by the approver (with how they logged in), or on paper, recorded
    # by the secretariat (every approval before approvals in the app).
    channel = models.CharField(_("gitt"), max_length=10, choices=ApprovalChannel.choices, default=ApprovalChannel.PAPER)
    login_method = models.CharField(_("innlogging"), max_length=100, blank=True)
    draft_version = models.PositiveIntegerField(_("utkastversjon"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("godkjenning av protokoll")
        verbose_name_plural = _("godkjenninger av protokoll")
        ordering = ["minutes", "version", "pk"]
        constraints = [models.UniqueConstraint(fields=["minutes", "version", "person"], name="one_approval_per_person_and_version")]

    def __str__(self):
        return f"{self.person} ({self.approved_at:%d.%m.%Y})"


class MinutesCorrection(models.Model):
    """A correction of approved minutes: a new version with its reason, never a silent edit."""

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="corrections", verbose_name=_("protokoll"))
    version = models.PositiveIntegerField(_("ny versjon"))
    reason = models.TextField(_("grunn til retting"))
    changes = models.TextField(_("hva som ble endret"), blank=True)
    corrected_at = models.DateTimeField(_("rettet"), default=timezone.now)
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("rettet av"),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("retting av protokoll")
        verbose_name_plural = _("rettinger av protokoll")
        ordering = ["minutes", "version"]
        constraints = [models.UniqueConstraint(fields=["minutes", "version"], name="one_correction_per_version")]

    def __str__(self):
        return _("Versjon %(version)s: %(reason)s") % {"version": self.version, "reason": self.reason[:60]}


def minutes_document_path(instance, filename):
    meeting = instance.minutes.meeting
    return f"protokoller/{meeting.body.partnership.slug}/{meeting.starts_at:%Y}/{filename}"


class MinutesDocument(models.Model):
    """The archival PDF (PDF/A) of approved minutes, rendered once per version and kept with its checksum."""

    minutes = models.ForeignKey(Minutes, on_delete=models.PROTECT, related_name="documents", verbose_name=_("protokoll"))
    version = models.PositiveIntegerField(_("versjon"))
    file = models.FileField(_("fil"), upload_to=minutes_document_path, max_length=255)
    sha256 = models.CharField(_("SHA-256"), max_length=64, help_text=_("Sjekksum for å kontrollere at arkivfilen er uendret."))
    pdf_variant = models.CharField(_("PDF-variant"), max_length=20, default="pdf/a-3b")
    created_at = models.DateTimeField(_("laget"), default=timezone.now)

    class Meta:
        verbose_name = _("protokolldokument")
        verbose_name_plural = _("protokolldokumenter")
        ordering = ["minutes", "-version"]
        constraints = [models.UniqueConstraint(fields=["minutes", "version"], name="one_document_per_minutes_version")]

    def __str__(self):
        return f"{self.minutes} v{self.version}"


# -- members take part: chosen approvers, approvals in the app, comments on the draft, e-mail settings ---------


class MinutesSignatory(models.Model):
    """A person the secretariat has asked to approve the minutes (the chair, and one member from the other side)."""

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="signatories", verbose_name=_("protokoll"))
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="minutes_to_approve", verbose_name=_("godkjenner"))
    membership = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="+", verbose_name=_("som representant"))
    requested_at = models.DateTimeField(_("bedt om godkjenning"), default=timezone.now)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("bedt av"),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("protokollgodkjenner")
        verbose_name_plural = _("protokollgodkjennere")
        ordering = ["minutes", "pk"]
        constraints = [models.UniqueConstraint(fields=["minutes", "person"], name="one_signatory_per_person")]

    def __str__(self):
        return f"{self.person} ({self.minutes})"


class MinutesComment(models.Model):
    """A comment on the draft minutes by someone who attended, or a change asked for by an approver.

    Seen by the secretariat; no comment can be added once the minutes are approved.
    """

    class Kind(models.TextChoices):
        COMMENT = "comment", _("Merknad")
        CHANGE_REQUEST = "change_request", _("Ber om endring før godkjenning")

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="comments", verbose_name=_("protokoll"))
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="minutes_comments", verbose_name=_("fra"))
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices, default=Kind.COMMENT)
    text = models.TextField(_("merknad"))
    draft_version = models.PositiveIntegerField(_("til utkastversjon"), default=0)
    created_at = models.DateTimeField(_("skrevet"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("merknad til protokollutkast")
        verbose_name_plural = _("merknader til protokollutkast")
        ordering = ["minutes", "created_at", "pk"]

    def __str__(self):
        return f"{self.person}: {self.text[:60]}"


class EmailSettings(models.Model):
    """Which e-mails a person gets about meetings. Without a row a person gets them all."""

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="email_settings", verbose_name=_("person"))
    notices = models.BooleanField(_("innkallinger med saksliste"), default=True)
    deputy_called = models.BooleanField(_("når jeg kalles inn som vara"), default=True)
    minutes_to_approve = models.BooleanField(_("protokoller jeg skal godkjenne"), default=True)
    minutes_for_comment = models.BooleanField(_("protokollutkast til gjennomlesing"), default=True)
    reminders = models.BooleanField(_("påminnelser om frister, tilslutning og funksjonstid"), default=True)
    history = HistoricalRecords()

    KINDS = ("notices", "deputy_called", "minutes_to_approve", "minutes_for_comment", "reminders")

    class Meta:
        verbose_name = _("e-postinnstillinger")
        verbose_name_plural = _("e-postinnstillinger")

    def __str__(self):
        return str(self.person)


class ReminderDay(models.Model):
    """That a partnership's reminders for a day have gone out, so a second run that day (the scheduler and the
    command both, a retried job, two workers) sends nothing again."""

    partnership = models.ForeignKey("bodies.Partnership", on_delete=models.CASCADE, related_name="reminder_days",
                                    verbose_name=_("helsefellesskap"))
    day = models.DateField(_("dag"))
    emails_sent = models.PositiveIntegerField(_("e-poster sendt"), default=0)
    sent_at = models.DateTimeField(_("sendt"), default=timezone.now)

    class Meta:
        verbose_name = _("påminnelser sendt")
        verbose_name_plural = _("påminnelser sendt")
        ordering = ("-day", "partnership")
        constraints = [models.UniqueConstraint(fields=("partnership", "day"), name="reminders_once_a_day")]

    def __str__(self):
        return f"{self.partnership} {self.day:%d.%m.%Y}"
