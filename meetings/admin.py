from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from bodies.admin_scope import PartnershipScopedAdmin, PartnershipScopedInline

from .models import AgendaItem, Attendance, Meeting, Minutes, MinutesApproval, MinutesCorrection, MinutesDocument, NoticeChange


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
    extra = 0
    fields = ["changed_at", "kind", "description", "changed_by"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Meeting)
class MeetingAdmin(PartnershipScopedAdmin, SimpleHistoryAdmin):
    list_display = ["__str__", "body", "starts_at", "place", "status"]
    list_filter = ["body__partnership", "body", "status"]
    search_fields = ["title", "body__name", "place"]
    date_hierarchy = "starts_at"
    list_select_related = ["body"]
    readonly_fields = ["status", "notice_sent_at", "version"]
    raw_id_fields = ["chair"]
    inlines = [AgendaItemInline, AttendanceInline, NoticeChangeInline]


class MinutesApprovalInline(PartnershipScopedInline, admin.TabularInline):
    model = MinutesApproval
    extra = 0
    fields = ["version", "person", "membership", "approved_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


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
    inlines = [MinutesApprovalInline, MinutesCorrectionInline, MinutesDocumentInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        # The text is written on the meeting's minutes page (versioned, frozen once approved).
        return False

    def has_delete_permission(self, request, obj=None):
        return False
