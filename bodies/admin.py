from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from guardian.admin import GuardedModelAdminMixin
from simple_history.admin import SimpleHistoryAdmin

from .models import Body, BodyKind, Partnership, Party, PriorityGroup, Region


class PartyInline(admin.TabularInline):
    model = Party
    extra = 0
    fields = ["name", "kind", "side", "region", "sami_area", "population"]
    show_change_link = True


class RegionInline(admin.TabularInline):
    model = Region
    extra = 0


class BodyInline(admin.TabularInline):
    model = Body
    extra = 0
    fields = ["name", "short_name", "kind", "level", "min_meetings_per_year", "active_until"]
    show_change_link = True
    fk_name = "partnership"


@admin.register(Partnership)
class PartnershipAdmin(GuardedModelAdminMixin, SimpleHistoryAdmin):
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
class PartyAdmin(SimpleHistoryAdmin):
    list_display = ["name", "partnership", "kind", "side", "region", "sami_area", "population"]
    list_filter = ["partnership", "kind", "side", "region", "sami_area"]
    search_fields = ["name", "organisation_number"]
    list_select_related = ["partnership", "region"]


@admin.register(Region)
class RegionAdmin(SimpleHistoryAdmin):
    list_display = ["name", "partnership"]
    list_filter = ["partnership"]
    search_fields = ["name"]


@admin.register(PriorityGroup)
class PriorityGroupAdmin(admin.ModelAdmin):
    list_display = ["name"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(BodyKind)
class BodyKindAdmin(admin.ModelAdmin):
    list_display = ["name", "default_level", "is_secretariat", "is_temporary"]
    list_filter = ["default_level", "is_secretariat", "is_temporary"]
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


@admin.register(Body)
class BodyAdmin(GuardedModelAdminMixin, SimpleHistoryAdmin):
    list_display = ["name", "short_name", "partnership", "kind", "level", "min_meetings_per_year", "meetings_public", "active_until"]
    list_filter = ["partnership", "kind", "level", ActiveFilter, "meetings_public"]
    search_fields = ["name", "short_name", "mandate"]
    list_select_related = ["partnership", "kind"]
    autocomplete_fields = ["appointed_by", "reports_to", "discussion_body"]
    # members/admin.py adds the memberships inline (imports point members -> bodies).
