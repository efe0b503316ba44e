"""The permission matrix: every named URL of the product × every role, with its expected answer.

The list of URLs is generated from the URL configuration, so a new page cannot be forgotten: a URL
name with no expected answer (an unknown namespace, or a top-level name not listed below) fails.

Defaults by namespace:
- secretariat namespaces (bodies, members, cases, meetings, reports, structure): the partnership's secretariat
  and the administrator get the page; anyone else logged in gets 403 or 404; anonymous goes to login;
- member: anonymous goes to login, anyone logged in gets the page;
- public, oparl (the open API): everybody gets the page;
- archive (the Noark 5 extract): as the secretariat namespaces.
Exceptions are listed in EXCEPTIONS with the reason. POST-only URLs answer a GET with 405, or with
the same permission outcome; on top, a POST from every role that may not act is refused.

All objects belong to Helsefellesskap Finnmark and its strategic committee (SU).
"""
import re
from datetime import date, timedelta

import pytest
from django.core.files.base import ContentFile
from django.db import transaction
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

ROLES = ["anonymous", "member_other_body", "member", "deputy", "observer", "chair",
         "secretariat_other_partnership", "secretariat", "admin"]
MEMBERS = ["member", "deputy", "observer", "chair"]
OUTSIDERS = ["member_other_body", "secretariat_other_partnership"]
SECRETARIAT_NAMESPACES = {"bodies", "members", "cases", "meetings", "reports", "structure", "archive"}

# Outcomes: what a response may be.
OK = "ok"              # 200
LOGIN = "login"        # redirect to the login page
DENIED = "denied"      # 403 or 404: never the content
NOT_ALLOWED = "405"    # the URL takes POST only
REDIRECT = "redirect"  # a redirect elsewhere than login (e.g. the logged-in start page)

TOP_LEVEL = {
    # name: {role: outcome} (roles not named take "*")
    "home": {"*": OK},
    "health": {"*": OK},
    "login": {"*": OK},
    # Logging out is POST only (Django's LogoutView).
    "logout": {"*": NOT_ALLOWED},
    # The secretariat's start page and per-partnership dashboard: secretariat defaults.
    # One partnership: straight on to its dashboard; several (the administrator): a list to choose from.
    "secretariat_home": {"anonymous": LOGIN, "secretariat": REDIRECT, "secretariat_other_partnership": REDIRECT,
                         "admin": OK, "*": DENIED},
    "dashboard": None,  # secretariat default (see below)
    # After login each user lands where their work is: a redirect, or the administrator's choice of places.
    "start": {"anonymous": LOGIN, "admin": OK, "*": REDIRECT},
    "accessibility": {"*": OK},
    # Choosing the language is POST only, for everyone (anonymous readers too).
    "set_language": {"*": NOT_ALLOWED},
}

# Deliberate exceptions to the namespace defaults, with the reason.
EXCEPTIONS = {
    # A member page for a meeting, document or apology of a body the user does not sit in.
    "member:meeting_detail": {"member_other_body": DENIED, "secretariat_other_partnership": DENIED},
    "member:document": {"member_other_body": DENIED, "secretariat_other_partnership": DENIED},
    # Draft minutes of a meeting of a body the user does not sit in.
    "member:minutes_comment": {"member_other_body": DENIED, "secretariat_other_partnership": DENIED},
    "member:minutes_approve": {"member_other_body": DENIED, "secretariat_other_partnership": DENIED},
    "member:minutes_request_change": {"member_other_body": DENIED, "secretariat_other_partnership": DENIED},
    # Cases are reported by fixed members of a deciding body (SU, LFSO), not by deputies, observers or the
    # secretariat's own seat (the secretariat reports on its own case pages).
    "member:case_report": {"deputy": DENIED, "observer": DENIED, "secretariat": DENIED, "secretariat_other_partnership": DENIED,
                           "admin": DENIED},
    # The calendar feed is found by its secret token alone: calendar apps cannot log in.
    "member:calendar_feed": {"anonymous": OK},
    # The latest annual report redirects to its year.
    "reports:report_latest": {"secretariat": REDIRECT, "admin": REDIRECT},
    # The scene's meeting is marked approved without archived minutes: there is no minutes file to show anyone.
    "oparl:file_minutes": {role: DENIED for role in ROLES},
    # The meeting pack for members: those who read the body's internal pages (exempt documents only for the entitled).
    "meetings:pack_member": {"member": OK, "deputy": OK, "observer": OK, "chair": OK},
    # The public meeting pack and the case presentation linked from the notice: open to anyone once on a public agenda.
    "meetings:pack_public": {role: OK for role in ROLES},
    "meetings:case_presentation_open": {role: OK for role in ROLES},
}

POST_ONLY = {
    "logout", "set_language", "member:apology", "member:calendar_reset",
    "member:minutes_comment", "member:minutes_approve", "member:minutes_request_change", "meetings:minutes_request_approval",
    "meetings:notice_send", "meetings:meeting_mark_held", "meetings:minutes_approve", "meetings:minutes_publish",
    "meetings:item_discussion", "meetings:item_not_treated", "meetings:item_position", "meetings:item_disqualification",
    "meetings:item_protocol_note",
    "meetings:item_decide", "meetings:supplementary_notice_send",
}


def default_for(namespace, name, role):
    full = f"{namespace}:{name}" if namespace else name
    if full in EXCEPTIONS and role in EXCEPTIONS[full]:
        return EXCEPTIONS[full][role]
    if namespace is None:
        if name not in TOP_LEVEL:
            raise LookupError(f"No expected answer for the URL name {name!r}: add it to TOP_LEVEL")
        table = TOP_LEVEL[name]
        if table is not None:
            return table.get(role, table.get("*"))
        namespace = "bodies"  # a top-level secretariat page
    if namespace in SECRETARIAT_NAMESPACES:
        if role == "anonymous":
            return LOGIN
        return OK if role in ("secretariat", "admin") else DENIED
    if namespace == "member":
        return LOGIN if role == "anonymous" else OK
    if namespace in ("public", "oparl"):
        return OK
    raise LookupError(f"No expected answer for the namespace {namespace!r} ({full}): add a default or exceptions")


def url_patterns():
    """(namespace, name, pattern) of every named URL outside admin/ and the static/media handlers."""
    found = []

    def walk(patterns, namespace, prefix):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                ns = pattern.namespace or namespace
                if ns == "admin":
                    continue
                walk(pattern.url_patterns, ns, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern) and pattern.name:
                route = prefix + str(pattern.pattern)
                if route.startswith(("static/", "media/", "^static", "^media")):
                    continue
                found.append((namespace, pattern.name, route))

    walk(get_resolver().url_patterns, None, "")
    return found


PATTERNS = url_patterns()


def pattern_id(entry):
    namespace, name, _route = entry
    return f"{namespace}:{name}" if namespace else name


# -- the scene ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def scene(demo_module, django_db_blocker, tmp_path_factory):
    """Demo users per role, and one record of every kind in Finnmark's SU for the URL kwargs."""
    from bodies.models import Body, Side
    from cases.models import (AnchoringAnswer, AnchoringRound, Case, CaseDocument, Decision, DecisionPoint, FollowUpTask,
                              Handling, Purpose)
    from meetings.models import AgendaItem, Meeting, SupplementaryNotice
    from members.models import Membership
    from members.services import calendar_feed_for, membership_create, person_link_user, user_sync_permissions
    from tests.factories import PersonFactory, UserFactory

    media = override_settings(MEDIA_ROOT=str(tmp_path_factory.mktemp("media")))
    media.enable()
    finnmark, helgeland = demo_module["finnmark"], demo_module["helgeland"]
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        from django.contrib.auth import get_user_model

        User = get_user_model()
        su = Body.objects.get(partnership=finnmark, kind__slug="strategisk-samarbeidsutvalg")
        lfso = Body.objects.filter(partnership=finnmark, kind__slug="lfso").order_by("pk").first()
        staff = User.objects.get(username="admin")
        start = date(2024, 1, 1)

        def new_member(body, role, username, side=Side.MUNICIPAL):
            person = PersonFactory(user=UserFactory(username=username))
            membership_create(body=body, person=person, role=role, side=Side.NONE if role == Membership.Role.OBSERVER else side,
                              term_start=start, by=staff)
            return person.user

        users = {
            "admin": staff,
            "secretariat": User.objects.get(username="sekretariat"),
            "member": User.objects.get(username="medlem"),
            "observer": User.objects.get(username="observator"),
            "member_other_body": new_member(lfso, Membership.Role.MEMBER, "matrise-lfso"),
            "deputy": new_member(su, Membership.Role.DEPUTY, "matrise-vara"),
        }
        chair_membership = Membership.objects.current().filter(body=su, role=Membership.Role.CHAIR).select_related("person").first()
        chair_person = chair_membership.person
        if chair_person.user_id is None:
            person_link_user(person=chair_person, user=UserFactory(username="matrise-leder"), by=staff)
            chair_person.refresh_from_db()
        users["chair"] = chair_person.user
        helgeland_secretariat = Body.objects.get(partnership=helgeland, kind__is_secretariat=True)
        users["secretariat_other_partnership"] = new_member(helgeland_secretariat, Membership.Role.MEMBER, "matrise-helgeland")
        # Helgeland's secretariat works in the admin as Finnmark's does (staff, the «Sekretariat» group).
        from django.contrib.auth.models import Group

        users["secretariat_other_partnership"].is_staff = True
        users["secretariat_other_partnership"].save(update_fields=["is_staff"])
        users["secretariat_other_partnership"].groups.add(Group.objects.get(name="Sekretariat"))
        for user in users.values():
            user_sync_permissions(user=user)

        meeting = Meeting.objects.create(body=su, starts_at=timezone.now() - timedelta(days=30), place="Kirkenes",
                                         title="Matrisemøte")
        meeting.status = Meeting.Status.MINUTES_APPROVED
        meeting.save()
        case = Case.objects.create(partnership=finnmark, body=su, year=2026, number=901, title="Matrisesak")
        handling = Handling.objects.create(case=case, body=su, purpose=Purpose.DECISION)
        item = AgendaItem.objects.create(meeting=meeting, position=1, kind=AgendaItem.Kind.CASE, handling=handling)
        decision = Decision.objects.create(handling=handling)
        DecisionPoint.objects.create(decision=decision, number=1, text="Matrisevedtak.")
        document = CaseDocument.objects.create(case=case, title="Matrisedokument")
        document.file.save("matrise.txt", ContentFile(b"Matriseinnhold"))
        task = FollowUpTask.objects.create(case=case, title="Matriseoppgave", deadline=date(2026, 12, 31))
        anchoring_round = AnchoringRound.objects.create(case=case, title="Matriserunde", sent_on=date(2026, 1, 5),
                                                        deadline=date(2026, 3, 1))
        answer = AnchoringAnswer.objects.create(round=anchoring_round, party=finnmark.parties.order_by("pk").first())
        # A sub-committee and a governing document whose newest version is a file, adopted by the decision above.
        from bodies.models import GovernanceDocument
        from cases.services import document_version_adopt

        subcommittee = Body.objects.filter(partnership=finnmark, kind__is_subcommittee=True).order_by("pk").first()
        statutes = GovernanceDocument.objects.create(partnership=finnmark, kind=GovernanceDocument.Kind.STATUTES, title="Matrisevedtekter")
        version = document_version_adopt(document=statutes, text="", valid_from=date(2026, 1, 1), adopted_by=decision,
                                         file=ContentFile(b"%PDF-1.4\n%matrise\n", name="matrise.pdf"))
        supplementary_notice = SupplementaryNotice.objects.create(meeting=meeting, number=1)
        kwargs = {
            "slug": finnmark.slug, "body_pk": su.pk, "meeting_pk": meeting.pk, "case_pk": case.pk, "item_pk": item.pk,
            "membership_pk": chair_membership.pk, "person_pk": chair_person.pk, "round_pk": anchoring_round.pk,
            "answer_pk": answer.pk, "task_pk": task.pk, "document_pk": document.pk, "handling_pk": handling.pk,
            "year": 2026, "subcommittee_pk": subcommittee.pk, "governance_document_pk": statutes.pk, "version_pk": version.pk,
            "notice_pk": supplementary_notice.pk,
        }
        admin_objects = _admin_objects(finnmark, helgeland, users, document)
        tokens = {role: calendar_feed_for(user=user).token for role, user in users.items()}
        tokens["anonymous"] = tokens["member"]
        clients = {}
        for role in ROLES:
            clients[role] = Client(raise_request_exception=False)
            if role != "anonymous":
                clients[role].force_login(users[role])
        yield {"users": users, "kwargs": kwargs, "tokens": tokens, "finnmark": finnmark, "clients": clients,
               "admin_objects": admin_objects}
        transaction.set_rollback(True)
        atomic.__exit__(None, None, None)
    media.disable()


def build_url(entry, scene, role):
    namespace, name, route = entry
    full = pattern_id(entry)
    needed = re.findall(r"<(?:\w+:)?(\w+)>", route)
    kwargs = {}
    for key in needed:
        if key == "token":
            kwargs[key] = scene["tokens"][role]
        elif key in scene["kwargs"]:
            kwargs[key] = scene["kwargs"][key]
        else:
            raise LookupError(f"{full}: no demo object for the URL kwarg {key!r}; add it to the matrix scene")
    return reverse(full, kwargs=kwargs)


def outcome(response):
    code = response.status_code
    if code == 200:
        return OK
    if code in (301, 302, 303):
        return LOGIN if response["Location"].split("?")[0].endswith(reverse("login")) else REDIRECT
    if code in (403, 404):
        return DENIED
    if code == 405:
        return NOT_ALLOWED
    return str(code)


def client_for(scene, role):
    return scene["clients"][role]


# -- the tests --------------------------------------------------------------------------------------


def test_every_url_has_an_expected_answer_for_every_role():
    missing = []
    for entry in PATTERNS:
        for role in ROLES:
            try:
                default_for(entry[0], entry[1], role)
            except LookupError as exc:
                missing.append(str(exc))
    assert not missing, "\n".join(sorted(set(missing)))


def test_exceptions_name_real_urls():
    names = {pattern_id(entry) for entry in PATTERNS}
    assert set(EXCEPTIONS) <= names
    assert POST_ONLY <= names


@pytest.mark.parametrize("entry", PATTERNS, ids=pattern_id)
def test_get_answers_as_expected_for_every_role(entry, scene, db):
    namespace, name, _route = entry
    wrong = []
    for role in ROLES:
        expected = default_for(namespace, name, role)
        response = client_for(scene, role).get(build_url(entry, scene, role))
        got = outcome(response)
        allowed = {expected}
        if pattern_id(entry) in POST_ONLY or expected == OK:
            # A POST-only URL answers GET with 405 for those who may use it; a form page with 200.
            allowed |= {NOT_ALLOWED} if pattern_id(entry) in POST_ONLY else set()
        if pattern_id(entry) in POST_ONLY and expected in (LOGIN, DENIED):
            allowed.add(NOT_ALLOWED)
        if got not in allowed:
            wrong.append(f"{role}: expected {expected}, got {response.status_code}")
    assert not wrong, f"{pattern_id(entry)} {build_url(entry, scene, 'member')}\n" + "\n".join(wrong)


@pytest.mark.parametrize("entry", PATTERNS, ids=pattern_id)
def test_post_by_those_who_may_not_act_is_refused(entry, scene, db):
    """A POST (with no data) from every role that may not see the page never succeeds."""
    namespace, name, _route = entry
    wrong = []
    for role in ROLES:
        expected = default_for(namespace, name, role)
        if expected not in (LOGIN, DENIED):
            continue
        response = client_for(scene, role).post(build_url(entry, scene, role))
        got = outcome(response)
        if got not in (LOGIN, DENIED, NOT_ALLOWED):
            wrong.append(f"{role}: POST got {response.status_code}")
    assert not wrong, f"{pattern_id(entry)}\n" + "\n".join(wrong)


# -- the admin ---------------------------------------------------------------------------------------
#
# Every registered model admin × (change list, add) and, per partnership, × (change, delete, history) of
# one of its objects, for every role. What each role gets, and why:
#
# - anonymous and every logged-in role without the staff flag (member, deputy, observer, chair, member of
#   another body): the admin asks for a staff login (ADMIN_LOGIN) and shows nothing. The chair gets no more
#   than the other members: chairing is done on the meeting pages, not in the admin.
# - the demo's secretariat works on its own pages and is not staff: like a member, the admin asks it to log in
#   as staff (ADMIN_LOGIN).
# - a secretariat an administrator has made staff (here the other partnership's, with the «Sekretariat» group:
#   view/add/change, no delete):
#   * change list: 200, with its own partnership's rows only (tests/permissions/test_admin_scope.py);
#   * add: 200, except global catalogues (read-only for all but superusers) and records only services
#     make (ADD_REFUSED): 403;
#   * change, history of its own partnership's object: 200;
#   * change, history of the other partnership's object: 404 — outside the boundary the object does not
#     exist, so its existence is not confirmed by a 403;
#   * delete, in either partnership: 403 — the group has no delete right, and Django checks the right before
#     it looks the object up (so a 403 here tells nothing about the object either);
#   * pages that grant rights or hold secrets (SUPERUSER_ONLY: users, groups, login identities, calendar
#     tokens, the lockout log): 403 — the page exists, the right is missing. The queue dashboard answers
#     403 to every non-superuser, anonymous included (its views are wrapped before the admin's login redirect).
#   (its own partnership is Helgeland: Helgeland's objects 200, Finnmark's 404).
# - the administrator (superuser): 200 everywhere, except ADD_REFUSED/DELETE_REFUSED (403 for everyone).

ADMIN_LOGIN = "admin_login"  # a redirect to the admin's login page
FORBIDDEN = "403"
NOT_FOUND = "404"
STAFF_ROLES = {"secretariat_other_partnership", "admin"}
HOME = {"secretariat": "finnmark", "secretariat_other_partnership": "helgeland"}
SUPERUSER_ONLY = {"members.CalendarFeed", "members.LanguagePreference", "meetings.EmailSettings", "meetings.ReminderDay", "members.LoginIdentity", "auth.User", "auth.Group", "django_rq.Dashboard",
                  "axes.AccessAttempt", "axes.AccessLog", "axes.AccessFailureLog"}
GLOBAL = {"bodies.PriorityGroup", "bodies.BodyKind"}
# Made only by the services (or the request itself, for the audit log): no «add» in the admin for anyone.
ADD_REFUSED = {"cases.Handling", "cases.Decision", "cases.AnchoringRound", "meetings.Minutes", "cases.ExemptDocumentView",
               "bodies.DocumentVersion",
               "django_rq.Dashboard", "axes.AccessAttempt", "axes.AccessLog", "axes.AccessFailureLog", "meetings.ReminderDay"}
DELETE_REFUSED = {"cases.ExemptDocumentView", "meetings.Minutes"}


def _admin_objects(finnmark, helgeland, users, finnmark_document):
    """{model label: {"finnmark": pk, "helgeland": pk} or {"global": pk}} for every registered model admin."""
    from django.contrib import admin
    from django.db.models import Q

    from bodies.admin_scope import PARTNERSHIP_PATHS
    from bodies.models import Body
    from cases.models import Case, CaseDocument, Decision, ExemptDocumentView, FollowUpTask, Handling, Purpose, AnchoringRound
    from meetings.models import AgendaItem, Meeting, Minutes

    # Helgeland's demo has no cases or minutes: one of each record kind, so every admin has an object there.
    body = Body.objects.filter(partnership=helgeland, kind__is_secretariat=False).order_by("pk").first()
    meeting = Meeting.objects.create(body=body, starts_at=timezone.now() - timedelta(days=20), place="Mosjøen", title="Helgelandsmøte")
    case = Case.objects.create(partnership=helgeland, body=body, year=2026, number=902, title="Helgelandssak")
    handling = Handling.objects.create(case=case, body=body, purpose=Purpose.DECISION)
    AgendaItem.objects.create(meeting=meeting, position=1, kind=AgendaItem.Kind.CASE, handling=handling)
    decision = Decision.objects.create(handling=handling)
    from bodies.models import GovernanceDocument
    from members.models import LoginIdentity

    statutes = GovernanceDocument.objects.create(partnership=helgeland, kind=GovernanceDocument.Kind.choices[0][0], title="Helgelandsvedtekter")
    from cases.services import document_version_adopt

    document_version_adopt(document=statutes, text="Vedtekter.", valid_from=date(2026, 1, 1), adopted_by=decision)
    LoginIdentity.objects.create(user=users["member"], subject_hash="0" * 64)
    AnchoringRound.objects.create(case=case, title="Helgelandsrunde", sent_on=date(2026, 1, 5), deadline=date(2026, 3, 1))
    FollowUpTask.objects.create(case=case, title="Helgelandsoppgave", deadline=date(2026, 12, 31))
    document = CaseDocument.objects.create(case=case, title="Helgelandsdokument", exempt=True, legal_basis="offl. § 13")
    ExemptDocumentView.objects.create(document=document, user=users["secretariat_other_partnership"], legal_basis="offl. § 13")
    ExemptDocumentView.objects.create(document=finnmark_document, user=users["secretariat"], legal_basis="offl. § 13")
    Minutes.objects.get_or_create(meeting=meeting)
    finnmark_meeting = Meeting.objects.filter(body__partnership=finnmark).order_by("pk").first()
    Minutes.objects.get_or_create(meeting=finnmark_meeting)
    calendar_feed_user = users["member"]
    from members.services import calendar_feed_for

    calendar_feed_for(user=calendar_feed_user)
    from meetings.minutes_review import email_settings_update

    email_settings_update(person=calendar_feed_user.person, by=calendar_feed_user, notices=False)
    from members.language import language_choose

    language_choose(user=calendar_feed_user, language="nn")
    from meetings.reminders import send_reminders

    send_reminders(partnerships=[finnmark])  # records the day's ReminderDay

    objects = {}
    for model in admin.site._registry:
        label = model._meta.label
        paths = PARTNERSHIP_PATHS.get(label)
        if not model._meta.managed:
            objects[label] = {}  # the queue dashboard: a page, no table
            continue
        if not paths:
            first = model._default_manager.order_by("pk").first()
            objects[label] = {"global": first.pk} if first is not None else {}
            continue
        found = {}
        for partnership in (finnmark, helgeland):
            condition = Q()
            for path in paths:
                condition |= Q(**{path: partnership.pk} if path == "pk" else {path: partnership})
            found[partnership.slug] = model._default_manager.filter(condition).order_by("pk").values_list("pk", flat=True).first()
        objects[label] = found
    return objects


def admin_expected(role, label, view, where):
    if label == "django_rq.Dashboard" and role != "admin":
        return FORBIDDEN  # the queue's own views: 403 to all but a superuser, before any login page
    if role not in STAFF_ROLES:
        return ADMIN_LOGIN
    if role == "admin":
        if (view == "add" and label in ADD_REFUSED) or (view == "delete" and label in DELETE_REFUSED):
            return FORBIDDEN
        return OK
    if label in SUPERUSER_ONLY:
        return FORBIDDEN
    if view == "changelist":
        return OK
    if view == "add":
        return FORBIDDEN if label in GLOBAL or label in ADD_REFUSED else OK
    if view == "delete":
        return FORBIDDEN  # no delete right at all: Django checks it before looking the object up
    if where not in (HOME[role], "global"):
        return NOT_FOUND
    return OK


def admin_cases():
    """(label, view, where) of every admin URL of the matrix; the objects are found in the scene."""
    from django.contrib import admin

    from bodies.admin_scope import PARTNERSHIP_PATHS

    found = []
    for model in admin.site._registry:
        label = model._meta.label
        found += [(label, "changelist", None), (label, "add", None)]
        places = ["finnmark", "helgeland"] if PARTNERSHIP_PATHS.get(label) else ["global"]
        for where in places:
            found += [(label, view, where) for view in ("change", "delete", "history")]
    return found


ADMIN_CASES = admin_cases()


def admin_outcome(response):
    code = response.status_code
    if code in (301, 302) and response["Location"].split("?")[0].endswith(reverse("admin:login")):
        return ADMIN_LOGIN
    return {200: OK, 403: FORBIDDEN, 404: NOT_FOUND}.get(code, str(code))


def test_the_admin_matrix_covers_every_registered_model():
    from django.contrib import admin

    labels = {case[0] for case in ADMIN_CASES}
    assert labels == {model._meta.label for model in admin.site._registry}
    assert {"cases.Case", "meetings.Meeting", "members.Membership", "bodies.Partnership"} <= labels


@pytest.mark.parametrize("case", ADMIN_CASES, ids=lambda c: f"{c[0]}:{c[1]}:{c[2] or '-'}")
def test_admin_answers_as_expected_for_every_role(case, scene, db):
    label, view, where = case
    app_label, model_name = label.lower().split(".")
    if view in ("changelist", "add"):
        address = reverse(f"admin:{app_label}_{model_name}_{view}")
    else:
        pk = scene["admin_objects"][label].get(where)
        if pk is None:
            if label == "django_rq.Dashboard" or label.startswith("axes."):
                return  # no rows to open: the change list above is the page
            raise AssertionError(f"{label}: no object in {where} for the matrix; add one to the scene")
        address = reverse(f"admin:{app_label}_{model_name}_{view}", args=[pk])
    wrong = []
    for role in ROLES:
        expected = admin_expected(role, label, view, where)
        response = client_for(scene, role).get(address)
        got = admin_outcome(response)
        if got != expected:
            wrong.append(f"{role}: expected {expected}, got {response.status_code}")
        if expected in (FORBIDDEN, NOT_FOUND, ADMIN_LOGIN) and role != "admin":
            posted = client_for(scene, role).post(address, {})
            if admin_outcome(posted) not in (FORBIDDEN, NOT_FOUND, ADMIN_LOGIN):
                wrong.append(f"{role}: POST got {posted.status_code}")
    assert not wrong, f"{label} {view} {where} {address}\n" + "\n".join(wrong)
