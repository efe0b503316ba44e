from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _
from guardian.admin import GuardedModelAdminMixin
from simple_history.admin import SimpleHistoryAdmin

from .admin_scope import PartnershipScopedAdmin, PartnershipScopedInline, SuperuserOnlyAdmin

from .models import Body, BodyKind, CompositionRule, DocumentVersion, GovernanceDocument, Partnership, Party, PriorityGroup, Region


class PartyInline(PartnershipScopedInline, admin.TabularInline):
    model = Party
    extra = 0
    fields = ["name", "kind", "side", "region", "sami_area", "population"]
    show_change_link = True


class RegionInline(PartnershipScopedInline, admin.TabularInline):
    model = Region
    extra = 0


class BodyInline(PartnershipScopedInline, admin.TabularInline):
    model = Body
    extra = 0
    fields = ["name", "short_name", "kind", "level", "min_meetings_per_year", "active_until"]
    show_change_link = True
    fk_name = "partnership"


@admin.register(Partnership)
class PartnershipAdmin(PartnershipScopedAdmin, GuardedModelAdminMixin, SimpleHistoryAdmin):
    change_form_template = "admin/guarded_change_form.html"  # the «Object permissions» link for superusers only
    list_display = ["name", "two_step_rule", "party_count", "body_count"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [RegionInline, PartyInline, BodyInline]

    @admin.display(description=_("parter"))
    def party_count(self, obj):
        return obj.parties.count()

    @admin.display(description=_("organer"))
    def body_count(self, obj):
        return obj.bodies.count()


@admin.register(Party)
class PartyAdmin(PartnershipScopedAdmin, SimpleHistoryAdmin):
    list_display = ["name", "partnership", "kind", "side", "region", "sami_area", "population"]
    list_filter = ["partnership", "kind", "side", "region", "sami_area"]
    search_fields = ["name", "organisation_number"]
    list_select_related = ["partnership", "region"]


@admin.register(Region)
class RegionAdmin(PartnershipScopedAdmin, SimpleHistoryAdmin):
    list_display = ["name", "partnership"]
    list_filter = ["partnership"]
    search_fields = ["name"]


@admin.register(PriorityGroup)
class PriorityGroupAdmin(PartnershipScopedAdmin, admin.ModelAdmin):
    list_display = ["name"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(BodyKind)
class BodyKindAdmin(PartnershipScopedAdmin, admin.ModelAdmin):
    list_display = ["name", "default_level", "is_secretariat", "is_subcommittee", "is_temporary"]
    list_filter = ["default_level", "is_secretariat", "is_subcommittee", "is_temporary"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


class ActiveFilter(admin.SimpleListFilter):
    title = _("aktiv")
    parameter_name = "active"

    def lookups(self, request, model_admin):
        return [("yes", _("Aktiv")), ("no", _("Opphørt"))]

    def queryset(self, request, queryset):
        active = Body.objects.active().values("pk")
        if self.value() == "yes":
            return queryset.filter(pk__in=active)
        if self.value() == "no":
            return queryset.exclude(pk__in=active)
        return queryset


class OverdueFilter(admin.SimpleListFilter):
    title = _("frist")
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        return [("yes", _("Over fristen uten rapport"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            candidates = queryset.filter(kind__is_subcommittee=True, deadline__isnull=False, reported_on__isnull=True)
            return queryset.filter(pk__in=[b.pk for b in candidates.select_related("kind") if b.is_overdue()])
        return queryset


class CompositionRuleInline(PartnershipScopedInline, admin.TabularInline):
    model = CompositionRule
    extra = 0
    fields = ["kind", "side", "seat", "seat_note", "party", "party_kind", "min_count", "max_count", "source"]
    fk_name = "body"


class BodyAdmin(PartnershipScopedAdmin, GuardedModelAdminMixin, SimpleHistoryAdmin):
    change_form_template = "admin/guarded_change_form.html"  # the «Object permissions» link for superusers only
    """The body's own fields. Registered in members/admin.py, whose page adds the memberships and the composition check."""

    list_display = ["name", "short_name", "partnership", "kind", "level", "region", "min_meetings_per_year", "deadline", "active_until"]
    list_filter = ["partnership", "kind", "level", "region", ActiveFilter, OverdueFilter, "meetings_public"]
    search_fields = ["name", "short_name", "mandate"]
    list_select_related = ["partnership", "kind", "region"]
    autocomplete_fields = ["appointed_by", "reports_to", "discussion_body"]
    # The appointing decision and the report case are recorded from the cases side (cases.services, cases admin).
    readonly_fields = ["reported_on"]
    inlines = [CompositionRuleInline]


@admin.register(CompositionRule)
class CompositionRuleAdmin(PartnershipScopedAdmin, SimpleHistoryAdmin):
    """Rules for one body, for every body of a kind («at least one GP in every professional council»), or for each level."""

    list_display = ["__str__", "partnership", "body", "body_kind", "kind", "side", "seat", "party", "min_count", "max_count"]
    list_filter = ["partnership", "kind", "body_kind", "seat"]
    list_select_related = ["partnership", "body", "body_kind", "party"]
    autocomplete_fields = ["body", "party"]


class DocumentVersionInline(PartnershipScopedInline, admin.TabularInline):
    model = DocumentVersion
    extra = 0
    fields = ["number", "valid_from", "change_note"]
    readonly_fields = ["number", "valid_from", "change_note"]
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        # New versions go through cases.services.document_version_adopt (numbering, decision check).
        return False


@admin.register(GovernanceDocument)
class GovernanceDocumentAdmin(PartnershipScopedAdmin, SimpleHistoryAdmin):
    list_display = ["title", "partnership", "kind", "body"]
    list_filter = ["partnership", "kind"]
    search_fields = ["title"]
    list_select_related = ["partnership", "body"]
    autocomplete_fields = ["body"]
    inlines = [DocumentVersionInline]


@admin.register(DocumentVersion)
class DocumentVersionAdmin(PartnershipScopedAdmin, SimpleHistoryAdmin):
    list_display = ["document", "number", "valid_from"]
    list_filter = ["document__partnership", "document__kind"]
    readonly_fields = ["document", "number", "text", "file", "valid_from", "change_note"]

    def has_add_permission(self, request):
        # A version is recorded together with the decision that adopted it (cases.services.document_version_adopt);
        # an adopted version is never edited in place.
        return False
    # members/admin.py adds the memberships inline (imports point members -> bodies).


# Users and groups carry the model permissions, staff and superuser flags: only a superuser edits them,
# so no staff user can raise anyone's rights (their own included).
User = get_user_model()
if admin.site.is_registered(User):
    admin.site.unregister(User)
if admin.site.is_registered(Group):
    admin.site.unregister(Group)


@admin.register(User)
class SuperuserOnlyUserAdmin(SuperuserOnlyAdmin, UserAdmin):
    pass


@admin.register(Group)
class SuperuserOnlyGroupAdmin(SuperuserOnlyAdmin, GroupAdmin):
    pass
