from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import AgendaItem, Attendance, Meeting


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


@admin.register(Meeting)
class MeetingAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "body", "starts_at", "place", "status"]
    list_filter = ["body__partnership", "body", "status"]
    search_fields = ["title", "body__name", "place"]
    date_hierarchy = "starts_at"
    list_select_related = ["body"]
    readonly_fields = ["status", "notice_sent_at", "version"]
    raw_id_fields = ["chair"]
    inlines = [AgendaItemInline, AttendanceInline]
