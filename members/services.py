"""Appointing and ending memberships, and the object permissions that follow them.

Object permissions (django-guardian rows) are derived from current memberships and never edited by hand:

- every current membership of a body (member, deputy, observer, secretary, chair, vice chair) gives
  ``bodies.view_internal`` on that body;
- the chair and vice chair of a body get the same;
- a current membership of a secretariat-kind body (``BodyKind.is_secretariat``) gives
  ``bodies.manage_partnership`` on the partnership and ``bodies.manage_cases`` and
  ``bodies.view_internal`` on every body of the partnership.

Why stored grants and a daily resync rather than a date check at every permission test: the grants
are plain rows that list pages query in one join (``get_objects_for_user``) and that the admin shows.
Terms end by date, not by an event, so ``manage.py sync_permissions`` runs once a day (cron, just
after midnight) and brings every user in step with the terms in force that day; the services below
sync the person concerned at once. Rights are granted only by memberships: every object permission
without a membership behind it (a user grant of any permission, and every group grant, in guardian's
generic tables as in the direct foreign-key tables of ``bodies.models``) is removed by the sync.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from common.input import refuse_unknown_fields
from bodies.history import stamp
from bodies.models import (
    Body,
    BodyGroupObjectPermission,
    BodyUserObjectPermission,
    PartnershipGroupObjectPermission,
    PartnershipUserObjectPermission,
)

from .ex_officio import ex_officio_follow
from .models import Membership, Person

MANAGED_BODY_PERMS = ("manage_cases", "view_internal")
MANAGED_PARTNERSHIP_PERMS = ("manage_partnership",)

ERR_ALREADY_ENDED = _("Funksjonsperioden er allerede avsluttet %(date)s.")
ERR_END_BEFORE_START = _("Funksjonsperioden kan ikke slutte før den begynner (%(date)s).")


def _default_rights(role):
    fixed = role in Membership.FIXED_ROLES
    return {
        "can_vote": fixed,
        "can_speak": True,
        "can_propose": fixed or role == Membership.Role.DEPUTY,
    }


@transaction.atomic
def membership_create(*, body, person, role, side, term_start, by, term_end=None, represented_parties=(),
                      seat=Membership.Seat.ORDINARY, seat_note="", can_vote=None, can_speak=None, can_propose=None,
                      personal_deputy=None, reason=""):
    """Appoint a person to a seat in a body for a term; their permissions follow at once."""
    rights = _default_rights(role)
    membership = Membership(
        body=body, person=person, role=role, side=side, seat=seat, seat_note=seat_note,
        term_start=term_start, term_end=term_end, personal_deputy=personal_deputy,
        can_vote=rights["can_vote"] if can_vote is None else can_vote,
        can_speak=rights["can_speak"] if can_speak is None else can_speak,
        can_propose=rights["can_propose"] if can_propose is None else can_propose,
    )
    membership.full_clean()
    parties = list(represented_parties)
    membership.clean_represented_parties(parties)
    stamp(membership, by, reason or _("Oppnevnt som %(role)s") % {"role": membership.get_role_display()})
    membership.save()
    if parties:
        membership.represented_parties.set(parties)
    if person.user_id:
        user_sync_permissions(user=person.user)
    _follow_offices(membership, by)
    return membership


def _follow_offices(membership, by):
    """Ex-officio seats follow the office holders (members/ex_officio.py); their rights follow too."""
    users_sync_permissions(user_ids=ex_officio_follow(partnership=membership.body.partnership, by=by))


@transaction.atomic
def membership_end(*, membership, on, by, reason=""):
    """End a term on ``on`` (the last day in the seat). Rights it alone gave go as soon as the term is over."""
    membership = Membership.objects.select_for_update().select_related("person").get(pk=membership.pk)
    if on < membership.term_start:
        raise ValidationError({"term_end": ERR_END_BEFORE_START % {"date": date_format(membership.term_start, "SHORT_DATE_FORMAT")}})
    if membership.term_end is not None and membership.term_end < on:
        raise ValidationError({"term_end": ERR_ALREADY_ENDED % {"date": date_format(membership.term_end, "SHORT_DATE_FORMAT")}})
    membership.term_end = on
    stamp(membership, by, reason or _("Funksjonsperioden avsluttet"))
    membership.save()
    if membership.person.user_id:
        user_sync_permissions(user=membership.person.user)
    _follow_offices(membership, by)
    return membership


@transaction.atomic
def membership_save(*, membership, by, reason=""):
    """Save a membership edited in a form that has validated it (the admin); permissions follow at once.

    The rights of the person who held the seat before (when the form moved it to another person) and of
    the person holding it now are brought in step in the same transaction.
    """
    users = set()
    if membership.pk:
        previous = Membership.objects.select_for_update().filter(pk=membership.pk).values_list("person__user_id", flat=True).first()
        users.add(previous)
    stamp(membership, by, reason or (_("Medlemskapet er endret") if membership.pk else
                                     _("Oppnevnt som %(role)s") % {"role": membership.get_role_display()}))
    membership.save()
    users.add(Person.objects.filter(pk=membership.person_id).values_list("user_id", flat=True).first())
    users_sync_permissions(user_ids=users)
    _follow_offices(membership, by)
    return membership


@transaction.atomic
def membership_delete(*, membership, by, reason=""):
    """Remove a membership registered by mistake (an ended term is ended, not deleted); rights go at once."""
    user_id = Person.objects.filter(pk=membership.person_id).values_list("user_id", flat=True).first()
    stamp(membership, by, reason or _("Medlemskapet er slettet"))
    membership.delete()
    users_sync_permissions(user_ids={user_id})
    _follow_offices(membership, by)


PERSON_FIELDS = ("first_name", "last_name", "email", "phone", "position", "employer", "is_practising_gp",
                 "is_full_time_chief_medical_officer")
# What the secretariat may change on a membership after the appointment. The person, the body and the role
# are the appointment itself: a new role is a new membership (end this one, appoint again).
MEMBERSHIP_EDIT_FIELDS = ("side", "seat", "seat_note", "can_vote", "can_speak", "can_propose", "term_start", "term_end",
                          "personal_deputy")
ERR_PERSON_OTHER_PARTNERSHIP = _("Arbeidsgiveren hører til et annet helsefellesskap.")
ERR_NAME_REQUIRED = _("Oppgi fornavn og etternavn.")
ERR_DEPUTY_SELF = _("Et medlem kan ikke være sin egen personlige vara.")
ERR_DEPUTY_FOR_DEPUTY = _("Bare faste medlemmer (leder, nestleder, medlem) har personlig vara.")


@transaction.atomic
def person_create(*, partnership, by, first_name, last_name, **fields):
    """Register a person who sits, or will sit, in the partnership's bodies."""
    refuse_unknown_fields(fields, PERSON_FIELDS)
    if not (first_name or "").strip() or not (last_name or "").strip():
        raise ValidationError({"last_name" if (first_name or "").strip() else "first_name": ERR_NAME_REQUIRED})
    person = Person(first_name=first_name.strip(), last_name=last_name.strip(), **fields)
    if person.employer_id and person.employer.partnership_id != partnership.pk:
        raise ValidationError({"employer": ERR_PERSON_OTHER_PARTNERSHIP})
    person.full_clean()
    stamp(person, by, _("Personen registrert"))
    person.save()
    return person


@transaction.atomic
def person_update(*, person, partnership, by, **fields):
    """Change a person's name, contact details, position and employer."""
    refuse_unknown_fields(fields, PERSON_FIELDS + ("first_name", "last_name"))
    person = Person.objects.select_for_update().get(pk=person.pk)
    for name, value in fields.items():
        setattr(person, name, value.strip() if name in ("first_name", "last_name") else value)
    if not person.first_name or not person.last_name:
        raise ValidationError({"last_name" if person.first_name else "first_name": ERR_NAME_REQUIRED})
    if person.employer_id and person.employer.partnership_id != partnership.pk:
        raise ValidationError({"employer": ERR_PERSON_OTHER_PARTNERSHIP})
    person.full_clean()
    stamp(person, by, _("Personopplysninger endret"))
    person.save()
    return person


@transaction.atomic
def membership_update(*, membership, by, represented_parties=None, deputy_person=None, reason="", **fields):
    """Change the rights, seat, side, term or personal deputy of a membership; permissions follow at once.

    ``deputy_person``: a registered person who becomes the personal deputy (see personal_deputy_appoint)."""
    refuse_unknown_fields(fields, MEMBERSHIP_EDIT_FIELDS)
    membership = Membership.objects.select_for_update().select_related("body", "person").get(pk=membership.pk)
    for name, value in fields.items():
        setattr(membership, name, value)
    if membership.personal_deputy_id and not membership.is_fixed:
        raise ValidationError({"personal_deputy": ERR_DEPUTY_FOR_DEPUTY})
    membership.full_clean()
    if represented_parties is not None:
        parties = list(represented_parties)
        membership.clean_represented_parties(parties)
    stamp(membership, by, reason or _("Medlemskapet er endret"))
    membership.save()
    if represented_parties is not None:
        membership.represented_parties.set(parties)
    if membership.person.user_id:
        user_sync_permissions(user=membership.person.user)
    if deputy_person is not None:
        membership = personal_deputy_appoint(membership=membership, person=deputy_person, by=by)
    return membership


@transaction.atomic
def personal_deputy_appoint(*, membership, person, by, reason=""):
    """Give a fixed member a personal deputy: ``person`` becomes deputy in the same body for the member's term
    (a deputy seat the person already holds there for that time is used), and is linked to the member."""
    membership = Membership.objects.select_for_update().select_related("body", "person").get(pk=membership.pk)
    if not membership.is_fixed:
        raise ValidationError({"personal_deputy": ERR_DEPUTY_FOR_DEPUTY})
    if person.pk == membership.person_id:
        raise ValidationError({"personal_deputy": ERR_DEPUTY_SELF})
    existing = (Membership.objects.filter(body=membership.body, person=person, role=Membership.Role.DEPUTY,
                                          term_start__lte=membership.term_start)
                .filter(Q(term_end__isnull=True) | Q(term_end__gte=membership.term_end or membership.term_start))
                .order_by("-term_start").first())
    if existing is None:
        existing = membership_create(
            body=membership.body, person=person, role=Membership.Role.DEPUTY, side=membership.side,
            term_start=membership.term_start, term_end=membership.term_end, by=by,
            represented_parties=membership.represented_parties.all(),
            reason=_("Oppnevnt som personlig vara for %(person)s") % {"person": membership.person},
        )
    membership.personal_deputy = existing
    membership.full_clean()
    stamp(membership, by, reason or _("Personlig vara: %(person)s") % {"person": person})
    membership.save(update_fields=["personal_deputy"])
    return membership


@transaction.atomic
def membership_appoint(*, body, person, role, side, term_start, by, term_end=None, deputy_person=None, new_deputy=None,
                       **fields):
    """Appoint a person to a body and, for a fixed member, a personal deputy in one step: a deputy already in the
    body (``personal_deputy``), a registered person (``deputy_person``) or a new person (``new_deputy``: the
    person's fields for person_create)."""
    if new_deputy:
        if deputy_person is not None:
            raise ValidationError({"deputy_person": _("Velg enten en registrert person eller en ny person som vara.")})
        deputy_person = person_create(partnership=body.partnership, by=by, **new_deputy)
    membership = membership_create(body=body, person=person, role=role, side=side, term_start=term_start,
                                   term_end=term_end, by=by, **fields)
    if deputy_person is not None:
        if membership.personal_deputy_id:
            raise ValidationError({"deputy_person": _("Velg enten en vara som allerede er oppnevnt, eller en person som blir vara.")})
        membership = personal_deputy_appoint(membership=membership, person=deputy_person, by=by)
    return membership


def users_sync_permissions(*, user_ids):
    """Resync the given users (None and duplicates are skipped)."""
    User = get_user_model()
    for user in User.objects.filter(pk__in=[pk for pk in user_ids if pk]).order_by("pk"):
        user_sync_permissions(user=user)


def desired_permissions(user, on=None):
    """The (partnership ids, {codename: body ids}) a user should hold today, from their current memberships."""
    on = on or timezone.localdate()
    partnerships = set()
    bodies = {codename: set() for codename in MANAGED_BODY_PERMS}
    # Query by user, not user.person: a just-unlinked person may still sit in the reverse cache.
    memberships = Membership.objects.current(on).filter(person__user=user).select_related("body__kind")
    secretariat_partnerships = set()
    for membership in memberships:
        bodies["view_internal"].add(membership.body_id)
        if membership.body.kind.is_secretariat:
            secretariat_partnerships.add(membership.body.partnership_id)
    if secretariat_partnerships:
        partnerships |= secretariat_partnerships
        ids = set(Body.objects.filter(partnership_id__in=secretariat_partnerships).values_list("pk", flat=True))
        bodies["manage_cases"] |= ids
        bodies["view_internal"] |= ids
    return partnerships, bodies


def _permission(codename):
    from django.contrib.auth.models import Permission

    return Permission.objects.get(content_type__app_label="bodies", codename=codename)


@transaction.atomic
def user_sync_permissions(*, user, on=None):
    """Bring one user's object permissions in step with their current memberships. Returns (granted, revoked)."""
    want_partnerships, want_bodies = desired_permissions(user, on)
    granted = revoked = 0

    perm = _permission("manage_partnership")
    have = set(PartnershipUserObjectPermission.objects.filter(user=user, permission=perm).values_list("content_object_id", flat=True))
    for pk in want_partnerships - have:
        PartnershipUserObjectPermission.objects.create(user=user, permission=perm, content_object_id=pk)
        granted += 1
    stale = have - want_partnerships
    if stale:
        revoked += PartnershipUserObjectPermission.objects.filter(user=user, permission=perm, content_object_id__in=stale).delete()[0]

    for codename in MANAGED_BODY_PERMS:
        perm = _permission(codename)
        have = set(BodyUserObjectPermission.objects.filter(user=user, permission=perm).values_list("content_object_id", flat=True))
        for pk in want_bodies[codename] - have:
            BodyUserObjectPermission.objects.create(user=user, permission=perm, content_object_id=pk)
            granted += 1
        stale = have - want_bodies[codename]
        if stale:
            revoked += BodyUserObjectPermission.objects.filter(user=user, permission=perm, content_object_id__in=stale).delete()[0]
    # Grants no membership gives: other permissions in the direct tables, anything in guardian's generic table.
    from guardian.models import UserObjectPermission

    revoked += PartnershipUserObjectPermission.objects.filter(user=user).exclude(permission__codename__in=MANAGED_PARTNERSHIP_PERMS).delete()[0]
    revoked += BodyUserObjectPermission.objects.filter(user=user).exclude(permission__codename__in=MANAGED_BODY_PERMS).delete()[0]
    revoked += UserObjectPermission.objects.filter(user=user).delete()[0]
    # Permission checks cache per user object; drop the cache so the same request sees the change.
    for attr in ("_perm_cache", "_user_perm_cache", "_group_perm_cache"):
        if hasattr(user, attr):
            delattr(user, attr)
    return granted, revoked


@transaction.atomic
def group_permissions_revoke_all():
    """Remove every object permission held by a group: memberships never grant rights to a group."""
    from guardian.models import GroupObjectPermission

    return (PartnershipGroupObjectPermission.objects.all().delete()[0] + BodyGroupObjectPermission.objects.all().delete()[0]
            + GroupObjectPermission.objects.all().delete()[0])


def permissions_sync_all(*, on=None):
    """Resync every user who has a person or holds any object permission, and drop group grants (the daily job)."""
    from guardian.models import UserObjectPermission

    User = get_user_model()
    user_ids = set(Person.objects.exclude(user=None).values_list("user_id", flat=True))
    user_ids |= set(BodyUserObjectPermission.objects.values_list("user_id", flat=True))
    user_ids |= set(PartnershipUserObjectPermission.objects.values_list("user_id", flat=True))
    user_ids |= set(UserObjectPermission.objects.values_list("user_id", flat=True))
    granted = 0
    revoked = group_permissions_revoke_all()
    for user in User.objects.filter(pk__in=user_ids).order_by("pk"):
        g, r = user_sync_permissions(user=user, on=on)
        granted += g
        revoked += r
    return {"users": len(user_ids), "granted": granted, "revoked": revoked}


@transaction.atomic
def person_link_user(*, person, user, by):
    """Link a login to a person (or unlink with user=None); permissions follow the person's memberships."""
    person = Person.objects.select_for_update().get(pk=person.pk)
    previous = person.user
    person.user = user
    stamp(person, by, _("Brukerkonto koblet til personen") if user else _("Brukerkonto koblet fra personen"))
    person.save()
    if previous is not None and previous != user:
        user_sync_permissions(user=previous)
    if user is not None:
        user_sync_permissions(user=user)
    return person


def calendar_feed_for(*, user):
    """The user's secret calendar address token (made on first use)."""
    from .models import CalendarFeed

    feed, _created = CalendarFeed.objects.get_or_create(user=user)
    return feed


@transaction.atomic
def calendar_feed_reset(*, user):
    """Give the user a new secret calendar address; the old one stops working at once."""
    from .models import CalendarFeed, _new_calendar_token

    feed, _created = CalendarFeed.objects.select_for_update().get_or_create(user=user)
    feed.token = _new_calendar_token()
    feed.save(update_fields=["token"])
    return feed


@transaction.atomic
def login_identity_link(*, user, national_id, by, provider="idporten"):
    """Let a user log in with ID-porten: store a keyed hash of their identity number (never the number)."""
    from .auth import national_id_hash
    from .models import LoginIdentity

    digits = "".join(ch for ch in str(national_id) if ch.isdigit())
    if len(digits) != 11:
        raise ValidationError({"national_id": _("Fødselsnummeret må ha 11 siffer.")})
    subject_hash = national_id_hash(digits)
    existing = LoginIdentity.objects.filter(provider=provider, subject_hash=subject_hash).exclude(user=user).first()
    if existing is not None:
        raise ValidationError({"national_id": _("Fødselsnummeret er allerede koblet til en annen bruker.")})
    identity, _created = LoginIdentity.objects.get_or_create(user=user, provider=provider, subject_hash=subject_hash)
    return identity
