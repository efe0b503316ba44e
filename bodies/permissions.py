"""Who may do what, per partnership and body. Views call these; they never check roles themselves.

Object permissions (django-guardian, direct foreign-key tables):
- ``bodies.manage_partnership`` on a Partnership: secretariat staff of that partnership (full work there).
- ``bodies.manage_cases`` on a Body: may handle the body's cases and meetings.
- ``bodies.view_internal`` on a Body: members, deputies and observers read everything of their body.
"""
import itertools

from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.models.signals import post_delete, post_save
from django.http import Http404
from django.shortcuts import get_object_or_404
from guardian.models import GroupObjectPermission, UserObjectPermission
from guardian.shortcuts import get_objects_for_user

from .models import (
    Body, BodyGroupObjectPermission, BodyUserObjectPermission, Partnership, PartnershipGroupObjectPermission,
    PartnershipUserObjectPermission,
)

# Object permissions are read once per user object (request.user lives for one request), all of them in one
# query (has_object_perm); any change of an object permission in this process starts a new generation, so an
# answer is never from before the change.
_generation = itertools.count()
_current = [next(_generation)]


def _object_permissions_changed(**kwargs):
    _current[0] = next(_generation)


for _model in (UserObjectPermission, GroupObjectPermission, PartnershipUserObjectPermission, PartnershipGroupObjectPermission,
               BodyUserObjectPermission, BodyGroupObjectPermission):
    post_save.connect(_object_permissions_changed, sender=_model, dispatch_uid=f"object-perms-changed-{_model.__name__}")
    post_delete.connect(_object_permissions_changed, sender=_model, dispatch_uid=f"object-perms-deleted-{_model.__name__}")


def _object_permissions_sql():
    """One query for every object permission a user holds on partnerships and bodies, directly or through a group."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Permission

    q = connection.ops.quote_name
    permission = q(Permission._meta.db_table)
    user_groups = get_user_model().groups.through._meta
    parts = []
    for kind, model in (("partnership", PartnershipUserObjectPermission), ("partnership", PartnershipGroupObjectPermission),
                        ("body", BodyUserObjectPermission), ("body", BodyGroupObjectPermission)):
        meta = model._meta
        select = (f"SELECT '{kind}', o.{q(meta.get_field('content_object').column)}, p.codename FROM {q(meta.db_table)} o "
                  f"JOIN {permission} p ON p.id = o.{q(meta.get_field('permission').column)} ")
        if any(f.name == "user" for f in meta.fields):
            parts.append(select + f"WHERE o.{q(meta.get_field('user').column)} = %s")
        else:
            parts.append(select + f"JOIN {q(user_groups.db_table)} ug ON ug.{q(user_groups.get_field('group').column)} = "
                         f"o.{q(meta.get_field('group').column)} WHERE ug.{q(user_groups.get_field('user').column)} = %s")
    return " UNION ALL ".join(parts), len(parts)  # duplicates (a permission held twice) fall away in the set


_KINDS = {Partnership: "partnership", Body: "body"}


def _object_permissions(user):
    """{(kind, object id, codename)} of the user, read once per user object (request.user lives for one request)."""
    cached = getattr(user, "_object_perms", None)
    if cached is None or cached[0] != _current[0]:
        sql, n = _object_permissions_sql()
        with connection.cursor() as cursor:
            cursor.execute(sql, [user.pk] * n)
            cached = (_current[0], {(kind, object_id, codename) for kind, object_id, codename in cursor.fetchall()})
        user._object_perms = cached
    return cached[1]


def has_object_perm(user, perm, obj):
    """``user.has_perm(perm, obj)`` for guardian's object permissions on a partnership or a body.

    Every object permission of the user (their own and their groups') is read with one query the first time one
    is asked for, and kept on the user object for the rest of the request.
    """
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    kind = _KINDS.get(obj._meta.concrete_model)
    if kind is None:
        raise TypeError(f"Objektrettigheter gjelder helsefellesskap og organer, ikke {type(obj).__name__}")
    return (kind, obj.pk, perm.split(".", 1)[-1]) in _object_permissions(user)


def is_secretariat(user, partnership):
    if not user.is_authenticated:
        return False
    return user.is_superuser or has_object_perm(user, "bodies.manage_partnership", partnership)


def can_manage_body(user, body):
    """May handle the body's meetings and cases: its partnership's secretariat, or ``bodies.manage_cases`` on the body."""
    return is_secretariat(user, body.partnership) or has_object_perm(user, "bodies.manage_cases", body)


def can_view_internal(user, body):
    return can_manage_body(user, body) or has_object_perm(user, "bodies.view_internal", body)


def partnerships_for_secretariat(user):
    if not user.is_authenticated:
        return Partnership.objects.none()
    if user.is_superuser:
        return Partnership.objects.all()
    return get_objects_for_user(user, "bodies.manage_partnership", klass=Partnership, accept_global_perms=False)


def bodies_for_member(user):
    if not user.is_authenticated:
        return Body.objects.none()
    return get_objects_for_user(user, "bodies.view_internal", klass=Body, accept_global_perms=False)


def secretariat_partnership(request, slug):
    """The partnership of the URL, or 404; 403 unless the user works in its secretariat."""
    partnership = get_object_or_404(Partnership, slug=slug)
    return require_secretariat(request.user, partnership)


def require_secretariat(user, partnership):
    """Raise 403 unless the user works in this partnership's secretariat (views turn 403 into a page)."""
    if not is_secretariat(user, partnership):
        raise PermissionDenied
    return partnership


def get_for_body_manager(queryset, user, *, body_path, **lookup):
    """Fetch an object of a body (a meeting, an agenda item) or 404, then 403 unless the user may manage that body.

    Managing a body's meetings and cases is ``bodies.manage_cases`` on the body (given with the secretariat's
    membership to every body of the partnership), or the partnership's secretariat.
    """
    try:
        obj = queryset.get(**lookup)
    except queryset.model.DoesNotExist as exc:
        raise Http404 from exc
    body = obj
    for attr in body_path.split("."):
        body = getattr(body, attr)
    if not can_manage_body(user, body):
        raise PermissionDenied
    return obj


def get_for_secretariat(queryset, user, *, partnership_path, **lookup):
    """Fetch an object or 404, then 403 unless the user is secretariat of its partnership.

    ``partnership_path`` is the attribute path from the object to its partnership, e.g. "body.partnership".
    """
    try:
        obj = queryset.get(**lookup)
    except queryset.model.DoesNotExist as exc:
        raise Http404 from exc
    partnership = obj
    for attr in partnership_path.split("."):
        partnership = getattr(partnership, attr)
    require_secretariat(user, partnership)
    return obj


def case_bodies(case):
    """The bodies that handle a case: the one it is routed to and every body with a handling of it."""
    ids = {h.body_id for h in case.handlings.all()}
    if case.body_id:
        ids.add(case.body_id)
    return ids


def can_read_case(user, case):
    """Internal reading of a case: its partnership's secretariat and members of a body that handles it."""
    if not user.is_authenticated:
        return False
    if is_secretariat(user, case.partnership):
        return True
    allowed = set(bodies_for_member(user).values_list("pk", flat=True))
    return bool(allowed & case_bodies(case))


def can_view_exempt(user, document):
    """Exempt documents: the partnership's secretariat, and members of a body that handles the case."""
    return can_read_case(user, document.case)
