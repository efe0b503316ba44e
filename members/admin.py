from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.contrib import admin
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from bodies.admin import BodyAdmin
from bodies.admin_scope import PartnershipScopedAdmin, PartnershipScopedInline, SuperuserOnlyAdmin
from bodies.models import Body

from bodies.admin_scope import is_superuser

from . import onboarding, services
from .composition import check_composition
from . import ex_officio

from .models import CalendarFeed, ExOfficioSeat, LanguagePreference, LoginIdentity, Membership, Person


class MembershipInline(PartnershipScopedInline, admin.TabularInline):
    model = Membership
    extra = 0
    fields = ["body", "role", "side", "seat", "term_start", "term_end"]
    show_change_link = True
    fk_name = "person"


@admin.register(Person)
class PersonAdmin(PartnershipScopedAdmin, SimpleHistoryAdmin):
    list_display = ["full_name", "position", "employer", "email", "is_practising_gp"]
    list_filter = ["employer__partnership", "is_practising_gp", "is_full_time_chief_medical_officer"]
    search_fields = ["first_name", "last_name", "email", "position"]
    list_select_related = ["employer"]
    inlines = [MembershipInline]

    def get_urls(self):
        return [
            path("import/", self.admin_site.admin_view(self.import_view), name="members_onboarding"),
            path("import/mal.<str:fmt>", self.admin_site.admin_view(self.template_view), name="members_onboarding_template"),
            *super().get_urls(),
        ]

    def import_view(self, request):
        """Onboarding a partnership from the template (administrators only): every row checked, nothing half-saved."""
        if not is_superuser(request):
            raise PermissionDenied
        form = OnboardingForm(request.POST or None, request.FILES or None)
        errors, result = [], None
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                result = onboarding.import_file(content=upload.read(), filename=upload.name, by=request.user)
            except onboarding.ImportRefused as refused:
                errors = refused.errors
        context = {**self.admin_site.each_context(request), "title": _("Importer et helsefellesskap"), "form": form,
                   "errors": errors, "result": result, "opts": self.model._meta, "columns": onboarding.COLUMNS}
        return TemplateResponse(request, "admin/members/onboarding.html", context, status=400 if errors else 200)

    def template_view(self, request, fmt):
        if not is_superuser(request):
            raise PermissionDenied
        if fmt == "csv":
            response = HttpResponse(onboarding.template_csv(), content_type="text/csv; charset=utf-8")
        elif fmt == "xlsx":
            response = HttpResponse(onboarding.template_xlsx(),
                                    content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        else:
            raise PermissionDenied
        response["Content-Disposition"] = f'attachment; filename="helsefellesskap-mal.{fmt}"'
        return response

    def save_model(self, request, obj, form, change):
        previous = Person.objects.filter(pk=obj.pk).values_list("user_id", flat=True).first() if change else None
        super().save_model(request, obj, form, change)
        if "user" in form.changed_data:
            # A login linked or unlinked: both accounts' rights follow the person's memberships at once.
            services.users_sync_permissions(user_ids={previous, obj.user_id})

    def save_formset(self, request, form, formset, change):
        if formset.model is Membership:
            save_membership_formset(request, formset)
        else:
            super().save_formset(request, form, formset, change)


class OnboardingForm(forms.Form):
    file = forms.FileField(label=_("Utfylt mal (.xlsx eller .csv)"), max_length=200)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 5 * 1024 * 1024:
            raise ValidationError(_("Filen er større enn 5 MB."))
        return upload


class MembershipForm(forms.ModelForm):
    class Meta:
        model = Membership
        fields = "__all__"

    def clean(self):
        cleaned = super().clean()
        parties = cleaned.get("represented_parties")
        if parties is not None and self.instance.body_id:
            try:
                self.instance.clean_represented_parties(list(parties))
            except ValidationError as exc:
                self.add_error(None, exc)  # Django puts each message on its field
        return cleaned


class CurrentFilter(admin.SimpleListFilter):
    title = _("funksjonsperiode")
    parameter_name = "current"

    def lookups(self, request, model_admin):
        return [("yes", _("Gjeldende")), ("no", _("Avsluttet eller fremtidig"))]

    def queryset(self, request, queryset):
        current = Membership.objects.current().values("pk")
        if self.value() == "yes":
            return queryset.filter(pk__in=current)
        if self.value() == "no":
            return queryset.exclude(pk__in=current)
        return queryset


@admin.register(Membership)
class MembershipAdmin(PartnershipScopedAdmin, SimpleHistoryAdmin):
    form = MembershipForm
    list_display = ["person", "body", "role", "side", "seat", "can_vote", "term_start", "term_end", "personal_deputy"]
    list_filter = ["body__partnership", "body", "role", "side", "seat", CurrentFilter]
    search_fields = ["person__first_name", "person__last_name", "body__name", "represented_parties__name"]
    list_select_related = ["person", "body", "personal_deputy__person"]
    autocomplete_fields = ["person", "body", "personal_deputy"]
    filter_horizontal = ["represented_parties"]

    # Saved through members.services: the person's permissions follow in the same transaction.
    def save_model(self, request, obj, form, change):
        services.membership_save(membership=obj, by=request.user, reason=_("Endret i admin") if change else "")

    def delete_model(self, request, obj):
        services.membership_delete(membership=obj, by=request.user, reason=_("Slettet i admin"))

    def delete_queryset(self, request, queryset):
        for membership in queryset:
            services.membership_delete(membership=membership, by=request.user, reason=_("Slettet i admin"))


def save_membership_formset(request, formset):
    """Inline memberships are saved one by one through the services, so rights follow at once."""
    memberships = formset.save(commit=False)
    for membership in formset.deleted_objects:
        services.membership_delete(membership=membership, by=request.user, reason=_("Slettet i admin"))
    for membership in memberships:
        services.membership_save(membership=membership, by=request.user, reason=_("Endret i admin") if membership.pk else "")
    formset.save_m2m()


class BodyMembershipInline(PartnershipScopedInline, admin.TabularInline):
    model = Membership
    form = MembershipForm
    extra = 0
    fields = ["person", "role", "side", "seat", "can_vote", "can_speak", "can_propose", "term_start", "term_end", "personal_deputy"]
    autocomplete_fields = ["person"]
    show_change_link = True

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # Offer only deputies of the body being edited.
        if db_field.name == "personal_deputy":
            body_id = request.resolver_match.kwargs.get("object_id")
            kwargs["queryset"] = Membership.objects.filter(body_id=body_id, role=Membership.Role.DEPUTY).select_related("person")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


def ex_officio_seat_save(*, seat, by):
    """Save through the service; the rights of those whose seats followed the office change at once."""
    services.users_sync_permissions(user_ids=ex_officio.ex_officio_seat_save(seat=seat, by=by))


class ExOfficioSeatInline(PartnershipScopedInline, admin.TabularInline):
    model = ExOfficioSeat
    fk_name = "body"
    extra = 0
    fields = ["office_role", "office_body", "office_body_kind", "role", "seat", "can_vote", "can_speak", "can_propose", "source"]


@admin.register(ExOfficioSeat)
class ExOfficioSeatAdmin(PartnershipScopedAdmin, SimpleHistoryAdmin):
    """Seats that follow an office («the chair of each area committee sits in the partnership meeting»)."""

    list_display = ["__str__", "body", "office_role", "office_body", "office_body_kind", "role", "can_vote", "can_speak", "can_propose"]
    list_filter = ["body__partnership", "office_role", "role"]
    list_select_related = ["body", "office_body", "office_body_kind"]
    autocomplete_fields = ["body", "office_body"]

    def save_model(self, request, obj, form, change):
        ex_officio_seat_save(seat=obj, by=request.user)

    def delete_model(self, request, obj):
        services.users_sync_permissions(user_ids=ex_officio.ex_officio_seat_delete(seat=obj, by=request.user))

    def delete_queryset(self, request, queryset):
        for seat in queryset:
            self.delete_model(request, seat)


@admin.register(Body)
class BodyWithMembershipsAdmin(BodyAdmin):
    """A body with its rules, its memberships and where they break the rules (members reads both)."""

    inlines = [*BodyAdmin.inlines, ExOfficioSeatInline, BodyMembershipInline]
    readonly_fields = [*BodyAdmin.readonly_fields, "composition_breaches"]

    @admin.display(description=_("brudd på reglene for sammensetning"))
    def composition_breaches(self, obj):
        if obj is None or obj.pk is None:
            return "–"
        breaches = check_composition(obj)
        if not breaches:
            return _("Ingen brudd i dag.")
        return format_html_join("", "<p>{}</p>", ((b.message,) for b in breaches))

    def save_formset(self, request, form, formset, change):
        if formset.model is Membership:
            save_membership_formset(request, formset)
        elif formset.model is ExOfficioSeat:
            seats = formset.save(commit=False)
            for seat in formset.deleted_objects:
                services.users_sync_permissions(user_ids=ex_officio.ex_officio_seat_delete(seat=seat, by=request.user))
            for seat in seats:
                ex_officio_seat_save(seat=seat, by=request.user)
        else:
            super().save_formset(request, form, formset, change)


@admin.register(CalendarFeed)
class CalendarFeedAdmin(SuperuserOnlyAdmin, admin.ModelAdmin):
    """Secret calendar addresses: a superuser may see who has one, nobody else."""

    list_display = ["user", "created_at"]
    search_fields = ["user__username"]
    exclude = ["token"]


@admin.register(LanguagePreference)
class LanguagePreferenceAdmin(SuperuserOnlyAdmin, SimpleHistoryAdmin):
    """A user's own choice of language, made in the page header: a superuser may see it, nobody else."""

    list_display = ["user", "language"]
    list_filter = ["language"]
    search_fields = ["user__username"]
    raw_id_fields = ["user"]


class LoginIdentityForm(forms.ModelForm):
    national_id = forms.CharField(label=_("fødselsnummer"), max_length=14, help_text=_("Lagres ikke: bare et fingeravtrykk tas vare på."))

    class Meta:
        model = LoginIdentity
        fields = ["user", "provider"]

    def clean(self):
        from .auth import national_id_hash

        cleaned = super().clean()
        digits = "".join(ch for ch in cleaned.get("national_id", "") if ch.isdigit())
        if len(digits) != 11:
            self.add_error("national_id", _("Fødselsnummeret må ha 11 siffer."))
        elif LoginIdentity.objects.filter(provider=cleaned.get("provider"), subject_hash=national_id_hash(digits)).exists():
            self.add_error("national_id", _("Fødselsnummeret er allerede koblet til en bruker."))
        return cleaned


@admin.register(LoginIdentity)
class LoginIdentityAdmin(SuperuserOnlyAdmin, admin.ModelAdmin):
    """Link a user to ID-porten through the service, which stores only a keyed hash of the number."""

    form = LoginIdentityForm
    list_display = ["user", "provider", "created_at"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    autocomplete_fields = ["user"]

    def has_change_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        from .services import login_identity_link

        identity = login_identity_link(user=form.cleaned_data["user"], national_id=form.cleaned_data["national_id"],
                                       by=request.user, provider=form.cleaned_data["provider"])
        obj.pk = identity.pk
