"""Cases in Django admin. Status is read-only: every step goes through cases.services (actions below)."""
from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from bodies.admin_scope import PartnershipScopedAdmin, PartnershipScopedInline
from common import files

from . import services
from .documents import MSG_NO_FILE
from .models import (
    AnchoringAnswer,
    AnchoringRound,
    Case,
    CaseDocument,
    Decision,
    DecisionPoint,
    Disqualification,
    DocumentAdoption,
    DocumentRevision,
    ExemptDocumentView,
    FollowUpTask,
    Handling,
    Position,
    ProtocolNote,
    SubcommitteeAppointment,
    SubcommitteeReport,
)


def _errors(error):
    return " ".join(error.messages)


def _run_for_each(model_admin, request, queryset, step, done_message):
    """Run a service step for each selected object; report what was done and what was refused (and why)."""
    done = 0
    for obj in queryset:
        try:
            step(obj)
        except ValidationError as error:
            model_admin.message_user(request, f"{obj}: {_errors(error)}", messages.ERROR)
        else:
            done += 1
    if done:
        model_admin.message_user(request, done_message % {"count": done}, messages.SUCCESS)


class ReadOnlyInline(PartnershipScopedInline, admin.TabularInline):
    """Rows made by the services; shown here, changed only through the services."""

    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class HandlingInline(ReadOnlyInline):
    model = Handling
    fields = ["body", "meeting", "purpose", "authoritative", "outcome", "concluded_at"]
    readonly_fields = fields
    show_change_link = True

    @admin.display(description=_("møte"))
    def meeting(self, obj):
        # The meeting owns the link (its agenda item carries the handling); shown here without importing meetings.
        item = getattr(obj, "agenda_item", None) if obj.pk else None
        return item.meeting if item is not None else "–"


class SubcommitteeReportInline(ReadOnlyInline):
    model = SubcommitteeReport
    fields = ["body"]
    readonly_fields = fields
    verbose_name_plural = _("rapporter fra utvalg lagt fram i saken")


class DocumentRevisionInline(ReadOnlyInline):
    model = DocumentRevision
    fields = ["document"]
    readonly_fields = fields
    verbose_name_plural = _("styringsdokumenter under revisjon i saken")


class SubcommitteeAppointmentInline(ReadOnlyInline):
    model = SubcommitteeAppointment
    fields = ["body"]
    readonly_fields = fields
    verbose_name_plural = _("utvalg oppnevnt ved vedtaket")


class DocumentAdoptionInline(ReadOnlyInline):
    model = DocumentAdoption
    fields = ["version"]
    readonly_fields = fields
    verbose_name_plural = _("dokumentversjoner vedtatt ved vedtaket")


class CaseDocumentForm(forms.ModelForm):
    """A new file is checked by its content (common.files) and stored under a random name. A new document
    needs a file, as on the case page (an old one may have lost its file)."""

    class Meta:
        model = CaseDocument
        fields = ["title", "file", "exempt", "legal_basis"]

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if not upload and self.instance.pk is None:
            raise ValidationError(MSG_NO_FILE, code="required")
        return files.clean_upload(upload)


class DocumentInline(PartnershipScopedInline, admin.TabularInline):
    model = CaseDocument
    form = CaseDocumentForm
    extra = 0
    fields = ["title", "file", "exempt", "legal_basis"]


class CaseAdminForm(forms.ModelForm):
    """Refuses, before anything is saved, what case_report and case_register would refuse.

    ``loaded_version`` is the case's version when the form was opened: saving over a newer version (someone
    else saved the case meanwhile) is refused here, and again by case_update under the lock.
    """

    loaded_version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0, max_value=2**31 - 1)

    class Meta:
        model = Case
        fields = "__all__"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["loaded_version"].initial = self.instance.version

    def clean(self):
        data = super().clean()
        if self.instance.pk:
            loaded = data.get("loaded_version")
            current = Case.objects.filter(pk=self.instance.pk).values_list("version", flat=True).first()
            if loaded is None or loaded != current:
                self.add_error(None, services.MSG_STALE)
        partnership = data.get("partnership") or getattr(self.instance, "partnership", None)
        if partnership is not None:
            for field in ("on_behalf_of", "body"):
                value = data.get(field)
                if value is not None and value.partnership_id != partnership.pk:
                    self.add_error(field, _("%(value)s hører til et annet helsefellesskap enn saken.") % {"value": value})
        return data


@admin.register(Case)
class CaseAdmin(PartnershipScopedAdmin, SimpleHistoryAdmin):
    form = CaseAdminForm
    list_display = ["__str__", "partnership", "body", "case_type", "status", "reported_at"]
    list_filter = ["partnership", "body", "year", "case_type", "status", "priority_groups"]
    search_fields = ["title", "background", "subject", "proposed_decision"]
    list_select_related = ["partnership", "body"]
    readonly_fields = ["status", "year", "number", "version", "registered_at", "urgent", "urgency_reason", "urgency_approved_by"]
    autocomplete_fields = ["body", "reported_by", "on_behalf_of"]
    filter_horizontal = ["priority_groups"]
    inlines = [HandlingInline, DocumentInline, SubcommitteeReportInline, DocumentRevisionInline]
    actions = ["close_cases"]

    def get_readonly_fields(self, request, obj=None):
        # The body is chosen when the case is registered (the secretariat routes it); after that it is fixed.
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None:
            fields += ["partnership", "body", "reported_by_user", "reported_at"]
        return fields

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        try:
            if change:
                fields = {name: data[name] for name in form.changed_data if name in services.EDITABLE_FIELDS and name != "priority_groups"}
                if fields:
                    saved = services.case_update(case=obj, expected_version=data["loaded_version"], by=request.user, **fields)
                    obj.refresh_from_db()
                    obj.version = saved.version
                return
            template = {name: data[name] for name in services.TEMPLATE_FIELDS if name in data and name != "priority_groups"}
            case = services.case_report(partnership=data["partnership"], title=data["title"], case_type=data["case_type"], by=request.user,
                                        reported_by=data.get("reported_by"), on_behalf_of=data.get("on_behalf_of"), **template)
            if data.get("body"):
                case = services.case_register(case=case, body=data["body"], by=request.user)
        except ValidationError as error:
            # Admin forms have validated already; a refusal here is a rule of the flow, shown to the user.
            self.message_user(request, _errors(error), messages.ERROR)
            if not change:
                raise
            return
        obj.pk = case.pk
        obj.refresh_from_db()

    @admin.action(description=_("Avslutt valgte saker"))
    def close_cases(self, request, queryset):
        _run_for_each(self, request, queryset, lambda case: services.case_close(case=case, by=request.user, reason=str(_("Avsluttet i admin"))),
                      _("%(count)s saker avsluttet."))


class PositionInline(ReadOnlyInline):
    model = Position
    fields = ["membership", "stance", "reservation", "recorded_at"]
    readonly_fields = fields


class DisqualificationInline(ReadOnlyInline):
    model = Disqualification
    fields = ["membership", "reason", "declared_at"]
    readonly_fields = fields


class ProtocolNoteInline(ReadOnlyInline):
    model = ProtocolNote
    fields = ["membership", "side", "text"]
    readonly_fields = fields


# HandlingAdmin is in meetings/admin.py: its steps are recorded at a meeting (meetings.services).


class DecisionPointInline(ReadOnlyInline):
    model = DecisionPoint
    fields = ["number", "text"]
    readonly_fields = fields


@admin.register(Decision)
class DecisionAdmin(PartnershipScopedAdmin, SimpleHistoryAdmin):
    list_display = ["__str__", "version", "consensus", "decided_at"]
    list_filter = ["consensus", "handling__body"]
    search_fields = ["handling__case__title", "points__text"]
    readonly_fields = ["handling", "version", "consensus", "decided_at", "created_by", "correction_reason"]
    inlines = [DecisionPointInline, SubcommitteeAppointmentInline, DocumentAdoptionInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        # Decisions are never edited in place; a correction is a new version (cases.services.decision_correct).
        return False


class AnchoringAnswerInline(ReadOnlyInline):
    model = AnchoringAnswer
    fields = ["party", "response", "reservation", "condition", "condition_value", "amendment", "local_reference", "decided_on"]
    readonly_fields = fields


@admin.register(AnchoringRound)
class AnchoringRoundAdmin(PartnershipScopedAdmin, SimpleHistoryAdmin):
    list_display = ["title", "case", "sent_on", "deadline"]
    list_filter = ["case__partnership"]
    search_fields = ["title", "case__title"]
    readonly_fields = ["case", "decision", "sent_on", "deadline", "created_by", "tally_summary"]
    fields = ["title"] + readonly_fields
    inlines = [AnchoringAnswerInline]

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("opptelling"))
    def tally_summary(self, obj):
        tally = services.anchoring_tally(obj)
        parts = [
            _("%(joined)s av %(total)s kommuner har sluttet seg til") % {"joined": tally.municipalities_joined, "total": tally.municipalities_total},
            _("to tredjedeler: %(yes)s") % {"yes": _("ja") if tally.two_thirds_met else _("nei")},
            _("alle: %(yes)s") % {"yes": _("ja") if tally.all_met else _("nei")},
            _("helseforetaket: %(yes)s") % {"yes": _("ja") if tally.hf_joined else _("nei")},
        ]
        parts += [f"{c.party}: {c.description} ({_('oppfylt') if c.satisfied else _('ikke oppfylt')})" for c in tally.conditions]
        if tally.to_remind:
            parts.append(_("purres: %(parties)s") % {"parties": ", ".join(str(p) for p in tally.to_remind)})
        return "; ".join(str(p) for p in parts)


class OverdueFilter(admin.SimpleListFilter):
    title = _("forfalt")
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        return [("yes", _("Forfalt"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.overdue()
        return queryset


class FollowUpTaskAdminForm(forms.ModelForm):
    """Refuses, before anything is saved, what task_create would refuse."""

    class Meta:
        model = FollowUpTask
        fields = "__all__"

    def clean(self):
        data = super().clean()
        if self.instance.pk:
            return data
        case, deadline, decision = data.get("case"), data.get("deadline"), data.get("decision")
        if deadline is not None and deadline < timezone.localdate():
            self.add_error("deadline", _("Fristen kan ikke være passert."))
        if case is not None:
            if case.status not in services.FOLLOW_UP_FROM:
                self.add_error("case", _("Oppfølgingsoppgaver lages når saken er vedtatt eller tatt til orientering."))
            if decision is not None and decision.handling.case_id != case.pk:
                self.add_error("decision", _("Vedtaket hører til en annen sak."))
            party = data.get("responsible_party")
            if party is not None and party.partnership_id != case.partnership_id:
                self.add_error("responsible_party", _("%(party)s er ikke part i helsefellesskapet.") % {"party": party})
        return data


@admin.register(FollowUpTask)
class FollowUpTaskAdmin(PartnershipScopedAdmin, SimpleHistoryAdmin):
    form = FollowUpTaskAdminForm
    list_display = ["title", "case", "responsible_person", "responsible_party", "deadline", "completed_at"]
    list_filter = [OverdueFilter, "case__partnership", "completed_at"]
    search_fields = ["title", "case__title"]
    autocomplete_fields = ["responsible_person", "responsible_party"]
    readonly_fields = ["completed_at", "completion_note"]
    actions = ["complete_tasks"]

    def save_model(self, request, obj, form, change):
        if change:
            obj._history_user = request.user
            obj._change_reason = str(_("Endret i admin"))
            obj.save()
            return
        data = form.cleaned_data
        try:
            task = services.task_create(case=data["case"], title=data["title"], deadline=data["deadline"], by=request.user,
                                        decision=data.get("decision"), responsible_person=data.get("responsible_person"),
                                        responsible_party=data.get("responsible_party"), description=data.get("description", ""))
        except ValidationError as error:
            self.message_user(request, _errors(error), messages.ERROR)
            raise
        obj.pk = task.pk
        obj.refresh_from_db()

    @admin.action(description=_("Marker som fullført"))
    def complete_tasks(self, request, queryset):
        _run_for_each(self, request, queryset, lambda task: services.task_complete(task=task, by=request.user),
                      _("%(count)s oppgaver fullført."))


@admin.register(ExemptDocumentView)
class ExemptDocumentViewAdmin(PartnershipScopedAdmin, admin.ModelAdmin):
    """The audit log of who opened exempt documents: read only."""

    list_display = ["viewed_at", "user", "document", "legal_basis", "ip_address"]
    list_filter = ["document__case__partnership"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "document__title"]
    list_select_related = ["user", "document"]
    date_hierarchy = "viewed_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
