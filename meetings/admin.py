from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import AgendaItem, Attendance, Meeting, Minutes, MinutesApproval, MinutesCorrection, MinutesDocument, NoticeChange


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    extra = 0
    fields = ["position", "kind", "handling", "title"]
    raw_id_fields = ["handling"]


class AttendanceInline(admin.TabularInline):
    model = Attendance
    extra = 0
    fields = ["membership", "status", "substitute_for", "can_vote", "can_speak", "can_propose", "left_at_item"]
    raw_id_fields = ["membership", "substitute_for", "left_at_item"]


class NoticeChangeInline(admin.TabularInline):
    model = NoticeChange
    extra = 0
    fields = ["changed_at", "kind", "description", "changed_by"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Meeting)
class MeetingAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "body", "starts_at", "place", "status"]
    list_filter = ["body__partnership", "body", "status"]
    search_fields = ["title", "body__name", "place"]
    date_hierarchy = "starts_at"
    list_select_related = ["body"]
    readonly_fields = ["status", "notice_sent_at", "version"]
    raw_id_fields = ["chair"]
    inlines = [AgendaItemInline, AttendanceInline, NoticeChangeInline]


class MinutesApprovalInline(admin.TabularInline):
    model = MinutesApproval
    extra = 0
    fields = ["version", "person", "membership", "approved_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class MinutesCorrectionInline(admin.TabularInline):
    model = MinutesCorrection
    extra = 0
    fields = ["version", "reason", "changes", "corrected_at", "corrected_by"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class MinutesDocumentInline(admin.TabularInline):
    model = MinutesDocument
    extra = 0
    fields = ["version", "file", "sha256", "pdf_variant", "created_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Minutes)
class MinutesAdmin(SimpleHistoryAdmin):
    """Approval, corrections and the archival PDF are made by the services; here they are shown."""

    list_display = ["__str__", "version", "approval_method", "approved_at", "published_at"]
    list_filter = ["meeting__body__partnership", "approval_method"]
    search_fields = ["meeting__body__name", "meeting__title"]
    list_select_related = ["meeting__body"]
    readonly_fields = ["meeting", "version", "approval_method", "approved_at", "approved_at_meeting", "approved_by_user", "published_at"]
    inlines = [MinutesApprovalInline, MinutesCorrectionInline, MinutesDocumentInline]

    def has_add_permission(self, request):
        return False
