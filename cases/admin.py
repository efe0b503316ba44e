from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    AnchoringAnswer,
    AnchoringRound,
    Case,
    CaseDocument,
    Decision,
    DecisionPoint,
    Disqualification,
    FollowUpTask,
    Handling,
    Position,
    ProtocolNote,
)


class HandlingInline(admin.TabularInline):
    model = Handling
    extra = 0
    fields = ["body", "meeting", "purpose", "authoritative", "outcome"]
    readonly_fields = ["outcome"]
    show_change_link = True


class DocumentInline(admin.TabularInline):
    model = CaseDocument
    extra = 0
    fields = ["title", "file", "exempt", "legal_basis"]


@admin.register(Case)
class CaseAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "partnership", "body", "case_type", "status", "reported_at"]
    list_filter = ["partnership", "body", "year", "case_type", "status", "priority_groups"]
    search_fields = ["title", "background", "subject", "proposed_decision"]
    list_select_related = ["partnership", "body"]
    readonly_fields = ["status", "year", "number", "version"]
    autocomplete_fields = ["body", "reported_by", "on_behalf_of", "urgency_approved_by"]
    filter_horizontal = ["priority_groups"]
    inlines = [HandlingInline, DocumentInline]


class PositionInline(admin.TabularInline):
    model = Position
    extra = 0
    fields = ["membership", "stance", "reservation"]
    raw_id_fields = ["membership"]


class DisqualificationInline(admin.TabularInline):
    model = Disqualification
    extra = 0
    fields = ["membership", "reason"]
    raw_id_fields = ["membership"]


class ProtocolNoteInline(admin.TabularInline):
    model = ProtocolNote
    extra = 0
    fields = ["membership", "side", "text"]
    raw_id_fields = ["membership"]


@admin.register(Handling)
class HandlingAdmin(SimpleHistoryAdmin):
    inlines = [PositionInline, DisqualificationInline, ProtocolNoteInline]
    list_display = ["case", "body", "meeting", "purpose", "outcome"]
    list_filter = ["body__partnership", "body", "purpose", "outcome"]
    search_fields = ["case__title"]
    list_select_related = ["case", "body", "meeting__body"]
    readonly_fields = ["outcome"]


class DecisionPointInline(admin.TabularInline):
    model = DecisionPoint
    extra = 0


@admin.register(Decision)
class DecisionAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "version", "consensus", "decided_at"]
    list_filter = ["consensus", "handling__body"]
    search_fields = ["handling__case__title", "points__text"]
    inlines = [DecisionPointInline]


class AnchoringAnswerInline(admin.TabularInline):
    model = AnchoringAnswer
    extra = 0
    fields = ["party", "response", "reservation", "condition", "condition_value", "local_reference", "decided_on"]


@admin.register(AnchoringRound)
class AnchoringRoundAdmin(SimpleHistoryAdmin):
    list_display = ["title", "case", "sent_on", "deadline"]
    list_filter = ["case__partnership"]
    search_fields = ["title", "case__title"]
    inlines = [AnchoringAnswerInline]


@admin.register(FollowUpTask)
class FollowUpTaskAdmin(SimpleHistoryAdmin):
    list_display = ["title", "case", "responsible_person", "responsible_party", "deadline", "completed_at"]
    list_filter = ["case__partnership", "completed_at"]
    search_fields = ["title", "case__title"]
    autocomplete_fields = ["responsible_person", "responsible_party"]
