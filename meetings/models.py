"""Meetings of a body: notice, agenda, attendance and minutes."""
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from bodies.models import Body
from cases.models import Handling
from members.models import Membership


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
        ordering = ["-starts_at"]

    def __str__(self):
        local = timezone.localtime(self.starts_at) if self.starts_at else None
        when = local.strftime("%d.%m.%Y") if local else ""
        return f"{self.body} {when}".strip()

    def save(self, *args, **kwargs):
        if self.starts_at and not self.ends_at:
            minutes = self.body.default_meeting_minutes if self.body_id else 120
            self.ends_at = self.starts_at + timedelta(minutes=minutes or 120)
        super().save(*args, **kwargs)

    def clean(self):
        errors = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("Møtet kan ikke slutte før det starter.")
        if self.chair_id and self.body_id and self.chair.body_id != self.body_id:
            errors["chair"] = _("Møtelederen må være medlem av %(body)s.") % {"body": self.body}
        if errors:
            raise ValidationError(errors)


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
    title = models.CharField(_("tittel"), max_length=255, blank=True)
    discussion = models.TextField(_("referat fra drøftingen"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("sakslistepunkt")
        verbose_name_plural = _("sakslistepunkter")
        ordering = ["meeting", "position", "pk"]

    def __str__(self):
        if self.handling_id:
            return str(self.handling.case)
        return self.title or self.get_kind_display()

    def clean(self):
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

    def clean(self):
        errors = {}
        if self.membership_id and self.meeting_id and self.membership.body_id != self.meeting.body_id:
            errors["membership"] = _("%(person)s er ikke medlem av %(body)s.") % {"person": self.membership.person, "body": self.meeting.body}
        if self.substitute_for_id and self.membership_id and self.substitute_for.personal_deputy_id != self.membership_id:
            errors["substitute_for"] = _("%(person)s er ikke personlig vara for %(other)s.") % {
                "person": self.membership.person, "other": self.substitute_for.person}
        if errors:
            raise ValidationError(errors)
