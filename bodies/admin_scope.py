"""Django admin inside the partnership boundary.

Every model admin and inline of the governance apps uses these mixins. A user sees, adds, changes and
deletes only rows of the partnerships where they work in the secretariat (a right that follows from a
membership, see ``members.services``); superusers see everything. Foreign-key and many-to-many choices
(autocomplete included: it asks the target model's admin for its queryset) are limited the same way.
An object of another partnership answers 404, as if it did not exist; its history pages too.

Global catalogues (priority groups, body kinds) are read-only for anyone but a superuser, and so are the
pages that hand out rights (object permissions, users and groups, login identities, the task queue).
"""
from django.contrib import admin
from django.contrib.admin.utils import get_fields_from_path
from django.contrib.auth import get_user_model
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.forms.models import BaseInlineFormSet
from django.db.models import Q
from django.http import Http404
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from .permissions import partnerships_for_secretariat

# The path from each model to its partnership. Several paths mean «any of them» (a person belongs to the
# partnership of their employer and to those where they hold a seat). None: a global catalogue.
PARTNERSHIP_PATHS = {
    "bodies.Partnership": ("pk",),
    "bodies.Region": ("partnership",),
    "bodies.Party": ("partnership",),
    "bodies.Body": ("partnership",),
    "bodies.CompositionRule": ("partnership",),
    "bodies.GovernanceDocument": ("partnership",),
    "bodies.DocumentVersion": ("document__partnership",),
    "bodies.PriorityGroup": None,
    "bodies.BodyKind": None,
    "members.Person": ("employer__partnership", "memberships__body__partnership"),
    "members.Membership": ("body__partnership",),
    "members.ExOfficioSeat": ("body__partnership",),
    "cases.Case": ("partnership",),
    "cases.CaseSeries": ("body__partnership",),
    "cases.CaseDocument": ("case__partnership",),
    "cases.ExemptDocumentView": ("document__case__partnership",),
    "cases.Handling": ("case__partnership",),
    "cases.Position": ("handling__case__partnership",),
    "cases.Disqualification": ("handling__case__partnership",),
    "cases.ProtocolNote": ("handling__case__partnership",),
    "cases.Decision": ("handling__case__partnership",),
    "cases.DecisionPoint": ("decision__handling__case__partnership",),
    "cases.AnchoringRound": ("case__partnership",),
    "cases.AnchoringAnswer": ("round__case__partnership",),
    "cases.FollowUpTask": ("case__partnership",),
    "cases.SubcommitteeAppointment": ("body__partnership",),
    "cases.SubcommitteeReport": ("body__partnership",),
    "cases.DocumentRevision": ("document__partnership",),
    "cases.DocumentAdoption": ("version__document__partnership",),
    "meetings.Meeting": ("body__partnership",),
    "meetings.AgendaItem": ("meeting__body__partnership",),
    "meetings.Attendance": ("meeting__body__partnership",),
    "meetings.ItemGuest": ("item__meeting__body__partnership",),
    "meetings.NoticeChange": ("meeting__body__partnership",),
    "meetings.SupplementaryNotice": ("meeting__body__partnership",),
    "meetings.Minutes": ("meeting__body__partnership",),
    "meetings.MinutesApproval": ("minutes__meeting__body__partnership",),
    "meetings.MinutesCorrection": ("minutes__meeting__body__partnership",),
    "meetings.MinutesDocument": ("minutes__meeting__body__partnership",),
    "meetings.MinutesSignatory": ("minutes__meeting__body__partnership",),
    "meetings.MinutesComment": ("minutes__meeting__body__partnership",),
}


def is_superuser(request):
    user = request.user
    return user.is_active and user.is_superuser


def scope_queryset(queryset, request):
    """The rows of ``queryset`` the user may work on in the admin (all of them for a superuser)."""
    if is_superuser(request):
        return queryset
    model = queryset.model
    if model is get_user_model():
        return _scope_users(queryset, request)
    label = model._meta.label
    if label not in PARTNERSHIP_PATHS:
        # A model with no known way to its partnership is never shown to anyone but a superuser.
        return queryset.none()
    paths = PARTNERSHIP_PATHS[label]
    if paths is None:
        return queryset  # a global catalogue: readable by all staff
    allowed = partnerships_for_secretariat(request.user).values("pk")
    condition = Q()
    for path in paths:
        condition |= Q(**{f"{path}__in": allowed})
    # A subquery keeps the rows distinct when a path goes through a to-many relation.
    return queryset.filter(pk__in=model._default_manager.filter(condition).values("pk"))


def _scope_users(queryset, request):
    """Logins to choose from: the user's own and those of people who sit in the user's partnerships."""
    allowed = partnerships_for_secretariat(request.user).values("pk")
    people = Q(person__memberships__body__partnership__in=allowed) | Q(person__employer__partnership__in=allowed)
    ids = get_user_model()._default_manager.filter(people).values("pk")
    return queryset.filter(Q(pk=request.user.pk) | Q(pk__in=ids))


def in_scope(request, obj):
    if obj is None or is_superuser(request):
        return True
    if obj.pk is None:
        return True  # a new object: its choices were limited by the form
    return scope_queryset(type(obj)._default_manager.filter(pk=obj.pk), request).exists()


def _is_relation(model, path):
    try:
        field = get_fields_from_path(model, path)[-1]
    except Exception:  # noqa: BLE001 - not a field path (a method or a filter class name)
        return False
    return bool(getattr(field, "is_relation", False))


def is_global(model):
    return model._meta.label in PARTNERSHIP_PATHS and PARTNERSHIP_PATHS[model._meta.label] is None


class ErrorsOutsideTheFormMixin:
    """A model's clean() may name a field this admin form does not show (an inline shows a few columns):
    such a message is shown on top of the form, with the field's name, instead of failing with a 500."""

    def _update_errors(self, errors):
        if hasattr(errors, "error_dict"):
            outside = {name: messages for name, messages in errors.error_dict.items()
                       if name != NON_FIELD_ERRORS and name not in self.fields}
            if outside:
                inside = {name: messages for name, messages in errors.error_dict.items() if name not in outside}
                on_top = inside.setdefault(NON_FIELD_ERRORS, [])
                for name, messages in outside.items():
                    label = capfirst(self._meta.model._meta.get_field(name).verbose_name)
                    for message in ValidationError(messages).messages:
                        on_top.append(ValidationError(_("%(field)s: %(message)s") % {"field": label, "message": message}))
                errors = ValidationError(inside)
        super()._update_errors(errors)


def _with_errors_outside_the_form(form_class):
    if issubclass(form_class, ErrorsOutsideTheFormMixin):
        return form_class
    return type(form_class.__name__, (ErrorsOutsideTheFormMixin, form_class), {"__module__": form_class.__module__})


class _ScopedChoices:
    """Foreign-key and many-to-many choices limited to the user's partnerships; errors of the model's clean()
    on fields the form does not show go on top of the form (ErrorsOutsideTheFormMixin)."""

    def get_form(self, request, obj=None, change=False, **kwargs):
        return _with_errors_outside_the_form(super().get_form(request, obj, change=change, **kwargs))

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.form = _with_errors_outside_the_form(formset.form)
        return formset

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        formfield = super().formfield_for_foreignkey(db_field, request, **kwargs)
        self._limit(formfield, request)
        return formfield

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        formfield = super().formfield_for_manytomany(db_field, request, **kwargs)
        self._limit(formfield, request)
        return formfield

    def _limit(self, formfield, request):
        if formfield is not None and hasattr(formfield, "queryset") and formfield.queryset is not None:
            formfield.queryset = scope_queryset(formfield.queryset, request)


class PartnershipScopedAdmin(_ScopedChoices):
    """Mix into every ModelAdmin of the governance apps (before the Django/guardian/history admin classes)."""

    def get_queryset(self, request):
        return scope_queryset(super().get_queryset(request), request)

    def get_list_filter(self, request):
        # A related filter lists every row of the target table (another partnership's names included);
        # offer only the values found in the rows the user may see.
        filters = []
        for entry in super().get_list_filter(request):
            if isinstance(entry, str) and _is_relation(self.model, entry):
                entry = (entry, admin.RelatedOnlyFieldListFilter)
            filters.append(entry)
        return filters

    def _writable(self, request):
        return is_superuser(request) or not is_global(self.model)

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and in_scope(request, obj)

    def has_add_permission(self, request, *args):
        if not self._writable(request):
            return False
        if not is_superuser(request) and not partnerships_for_secretariat(request.user).exists():
            return False
        return super().has_add_permission(request, *args)

    def has_change_permission(self, request, obj=None):
        return self._writable(request) and super().has_change_permission(request, obj) and in_scope(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._writable(request) and super().has_delete_permission(request, obj) and in_scope(request, obj)

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        # Django redirects to the admin index; an object outside the boundary answers «not found» instead.
        raise Http404

    # History: reverting to an old version would skip the services and the boundary; it is shown only.
    def revert_disabled(self, request, obj=None):
        return True

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            raise PermissionDenied
        if not is_superuser(request) and not self.get_queryset(request).filter(pk=object_id).exists():
            raise Http404
        return super().history_form_view(request, object_id, version_id, extra_context)

    def history_view(self, request, object_id, extra_context=None):
        if not is_superuser(request) and not self.get_queryset(request).filter(pk=object_id).exists():
            raise Http404
        return super().history_view(request, object_id, extra_context)

    # Object permissions (guardian): rights come from memberships; only a superuser sees these pages.
    def obj_perms_manage_view(self, request, object_pk):
        if not is_superuser(request):
            raise PermissionDenied
        return super().obj_perms_manage_view(request, object_pk)

    def obj_perms_manage_user_view(self, request, object_pk, user_id):
        if not is_superuser(request):
            raise PermissionDenied
        return super().obj_perms_manage_user_view(request, object_pk, user_id)

    def obj_perms_manage_group_view(self, request, object_pk, group_id):
        if not is_superuser(request):
            raise PermissionDenied
        return super().obj_perms_manage_group_view(request, object_pk, group_id)


# New rows an inline takes in one save. The formset's management form is posted by the browser: without a
# bound, a forged «TOTAL_FORMS» of 99999999999 makes Django build, clean and render 2 000 empty rows (a
# minute of work for one request) before it answers «too many forms».
NEW_INLINE_ROWS = 50


class BoundedInlineFormSet(BaseInlineFormSet):
    """An inline's rows: the existing ones and at most ``NEW_INLINE_ROWS`` new ones per save. A posted form
    count above that is refused with the formset's own «too many forms» error, and no rows beyond the
    existing ones are built."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit = len(self.get_queryset()) + NEW_INLINE_ROWS
        self.max_num = min(self.max_num, limit)  # an inline's own lower max_num (0 for a read-only one) stays
        self.absolute_max = min(self.absolute_max, limit)  # the existing rows are always taken

    def total_form_count(self):
        if self.is_bound and self.management_form.cleaned_data.get("TOTAL_FORMS", 0) > self.absolute_max:
            return min(len(self.get_queryset()), self.absolute_max)
        return super().total_form_count()


class PartnershipScopedInline(_ScopedChoices):
    """Mix into every inline of the governance apps: rows and choices inside the boundary."""

    formset = BoundedInlineFormSet

    def get_queryset(self, request):
        return scope_queryset(super().get_queryset(request), request)

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and in_scope(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and in_scope(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and in_scope(request, obj)


class SuperuserOnlyAdmin:
    """Pages that hand out rights or secrets: for superusers alone (everyone else gets 403)."""

    def has_module_permission(self, request):
        return is_superuser(request)

    def has_view_permission(self, request, obj=None):
        return is_superuser(request) and super().has_view_permission(request, obj)

    def has_add_permission(self, request, *args):
        return is_superuser(request) and super().has_add_permission(request, *args)

    def has_change_permission(self, request, obj=None):
        return is_superuser(request) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return is_superuser(request) and super().has_delete_permission(request, obj)

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        return queryset if is_superuser(request) else queryset.none()

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        if not is_superuser(request):
            raise PermissionDenied
        return super()._get_obj_does_not_exist_redirect(request, opts, object_id)


def superuser_only_view(view):
    """Wrap an admin view so that only a superuser reaches it."""
    from functools import wraps

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not is_superuser(request):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper

