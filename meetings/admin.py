from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from bodies.admin_scope import PartnershipScopedAdmin, PartnershipScopedInline, SuperuserOnlyAdmin
from cases.admin import DisqualificationInline, PositionInline, ProtocolNoteInline, _run_for_each
from cases.models import Handling, Purpose

from . import guests, services
from .models import (
    AgendaItem, Attendance, EmailSettings, ItemGuest, Meeting, Minutes, MinutesApproval, MinutesComment, MinutesCorrection,
    MinutesDocument, MinutesSignatory, NoticeChange, ReminderDay, SupplementaryNotice,
)


class ServiceOwnedInline(PartnershipScopedInline, admin.TabularInline):
    """Rows the meetings services own (the agenda builder, the attendance register): shown here, not edited.

    Editing them here would skip the two-step rule, the frozen minutes and the voting rights the services check.
    """

    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class AgendaItemInline(ServiceOwnedInline):
    model = AgendaItem
    fields = ["position", "kind", "handling", "title"]
    readonly_fields = fields


class AttendanceInline(ServiceOwnedInline):
    model = Attendance
    fields = ["membership", "status", "substitute_for", "can_vote", "can_speak", "can_propose", "left_at_item"]
    readonly_fields = fields


class NoticeChangeInline(PartnershipScopedInline, admin.TabularInline):
    model = NoticeChange
    fk_name = "meeting"
    extra = 0
    fields = ["changed_at", "kind", "description", "reason", "changed_by"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class SupplementaryNoticeInline(ServiceOwnedInline):
    model = SupplementaryNotice
    fields = ["number", "sent_at", "sent_by"]
    readonly_fields = fields


@admin.register(ItemGuest)
class ItemGuestAdmin(PartnershipScopedAdmin, SimpleHistoryAdmin):
    """Guests at one agenda item: added here or on the item's page, both through meetings.guests; never edited."""

    list_display = ["name", "capacity", "item", "can_speak", "can_propose"]
    list_filter = ["item__meeting__body__partnership"]
    search_fields = ["name", "capacity"]
    list_select_related = ["item__meeting__body"]
    fields = ["item", "person", "name", "capacity", "can_speak", "can_propose"]

    def get_readonly_fields(self, request, obj=None):
        return self.fields if obj is not None else []

    def has_change_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        # Through the service: frozen minutes refused, a member of the body refused, the same guest once per item.
        guest = guests.item_guest_add(item=obj.item, person=obj.person, name=obj.name, capacity=obj.capacity,
                                      can_speak=obj.can_speak, can_propose=obj.can_propose, by=request.user)
        obj.pk = guest.pk


@admin.register(Meeting)
class MeetingAdmin(PartnershipScopedAdmin, SimpleHistoryAdmin):
    list_display = ["__str__", "body", "starts_at", "place", "status"]
    list_filter = ["body__partnership", "body", "status"]
    search_fields = ["title", "body__name", "place"]
    date_hierarchy = "starts_at"
    list_select_related = ["body"]
    readonly_fields = ["status", "notice_sent_at", "version"]
    raw_id_fields = ["chair"]
    inlines = [AgendaItemInline, AttendanceInline, NoticeChangeInline, SupplementaryNoticeInline]

    def get_deleted_objects(self, objs, request):
        """A meeting whose agenda carries cases is not deleted here (the handlings would be left without a meeting):
        its case items count as protected, so the admin shows them and deletes nothing. They are withdrawn on
        the secretariat's agenda page (meetings.agenda_changes.item_withdraw), which ends their handlings."""
        deleted, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        carrying = AgendaItem.objects.filter(meeting__in=[obj.pk for obj in objs], handling__isnull=False).select_related(
            "handling__case")
        protected = list(protected) + [_("Sak på sakslisten: %(item)s (trekk den fra sakslisten først)") % {"item": item}
                                       for item in carrying]
        return deleted, model_count, perms_needed, protected


class MinutesApprovalInline(PartnershipScopedInline, admin.TabularInline):
    model = MinutesApproval
    extra = 0
    fields = ["version", "person", "membership", "approved_at", "channel", "login_method"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class MinutesSignatoryInline(ServiceOwnedInline):
    """The approvers the secretariat asked, on the meeting page (meetings.minutes_review); shown here."""

    model = MinutesSignatory
    fields = ["person", "membership", "requested_at", "requested_by"]
    readonly_fields = fields


class MinutesCommentInline(ServiceOwnedInline):
    """Comments on the draft by those who attended, written on their own pages; shown here."""

    model = MinutesComment
    fields = ["person", "kind", "text", "draft_version", "created_at"]
    readonly_fields = fields


class MinutesCorrectionInline(PartnershipScopedInline, admin.TabularInline):
    model = MinutesCorrection
    extra = 0
    fields = ["version", "reason", "changes", "corrected_at", "corrected_by"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class MinutesDocumentInline(PartnershipScopedInline, admin.TabularInline):
    model = MinutesDocument
    extra = 0
    fields = ["version", "file", "sha256", "pdf_variant", "created_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Minutes)
class MinutesAdmin(PartnershipScopedAdmin, SimpleHistoryAdmin):
    """Approval, corrections and the archival PDF are made by the services; here they are shown."""

    list_display = ["__str__", "version", "approval_method", "approved_at", "published_at"]
    list_filter = ["meeting__body__partnership", "approval_method"]
    search_fields = ["meeting__body__name", "meeting__title"]
    list_select_related = ["meeting__body"]
    readonly_fields = ["meeting", "version", "approval_method", "approved_at", "approved_at_meeting", "approved_by_user", "published_at"]
    inlines = [MinutesApprovalInline, MinutesSignatoryInline, MinutesCommentInline, MinutesCorrectionInline, MinutesDocumentInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        # The text is written on the meeting's minutes page (versioned, frozen once approved).
        return False

    def has_delete_permission(self, request, obj=None):
        return False


def _meeting_column(obj):
    item = getattr(obj, "agenda_item", None)
    return item.meeting if item is not None else "–"


@admin.register(Handling)
class HandlingAdmin(PartnershipScopedAdmin, SimpleHistoryAdmin):
    """A handling's steps are recorded at the meeting carrying it, so the admin actions go through meetings.services."""

    inlines = [PositionInline, DisqualificationInline, ProtocolNoteInline]
    list_display = ["case", "body", "meeting", "purpose", "outcome"]
    list_filter = ["body__partnership", "body", "purpose", "outcome"]
    search_fields = ["case__title"]
    list_select_related = ["case", "body", "agenda_item__meeting__body"]
    readonly_fields = ["case", "body", "meeting", "purpose", "authoritative", "outcome", "created_at", "concluded_at", "consensus_status"]
    fields = readonly_fields + ["note"]
    actions = ["record_discussion", "note_information", "decide_with_proposed_points"]

    def has_add_permission(self, request):
        # A handling is made by putting a case on a meeting's agenda (the two-step rule is checked there).
        return False

    @admin.display(description=_("møte"))
    def meeting(self, obj):
        return _meeting_column(obj)

    @admin.display(description=_("konsensus"))
    def consensus_status(self, obj):
        if obj.purpose != Purpose.DECISION or services.meeting_of(obj) is None:
            return "–"
        result = services.item_consensus(obj)
        return _("Konsensus") if result.reached else " ".join(result.reasons)

    @admin.action(description=_("Registrer som drøftet (med merknaden som referat)"))
    def record_discussion(self, request, queryset):
        # The discussion needs its note: the handling's «merknad», written on its page before the action.
        _run_for_each(self, request, queryset,
                      lambda h: services.item_record_discussion(handling=h, by=request.user, note=h.note),
                      _("%(count)s behandlinger registrert som drøftet."))

    @admin.action(description=_("Ta til orientering"))
    def note_information(self, request, queryset):
        _run_for_each(self, request, queryset, lambda h: services.item_note_information(handling=h, by=request.user),
                      _("%(count)s saker tatt til orientering."))

    @admin.action(description=_("Fatt vedtak med forslag til vedtak som punkter (ved konsensus)"))
    def decide_with_proposed_points(self, request, queryset):
        def decide(handling):
            outcome = services.item_decide(handling=handling, points=handling.case.proposed_decision.splitlines(), by=request.user)
            if not outcome.reached:
                raise ValidationError(_("Ikke konsensus: %(why)s") % {"why": " ".join(outcome.consensus.reasons)})

        _run_for_each(self, request, queryset, decide, _("%(count)s vedtak fattet ved konsensus."))


@admin.register(ReminderDay)
class ReminderDayAdmin(SuperuserOnlyAdmin, admin.ModelAdmin):
    """When each partnership's daily reminders went out. Written by the sending only; deleting a day's row lets the
    next run that day send the reminders again (after a mail server failure, say)."""

    list_display = ["day", "partnership", "emails_sent", "sent_at"]
    list_filter = ["partnership"]
    date_hierarchy = "day"

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(EmailSettings)
class EmailSettingsAdmin(SuperuserOnlyAdmin, SimpleHistoryAdmin):
    """A person's own choice of e-mails, made on their own pages: a superuser may see it, nobody else."""

    list_display = ["person", "notices", "deputy_called", "minutes_to_approve", "minutes_for_comment"]
    search_fields = ["person__first_name", "person__last_name"]
    raw_id_fields = ["person"]
