"""Malformed input never answers 500 and never half-saves.

Every named URL outside the admin (from the URL configuration, like the permission matrix) is requested
as the role that may use it, in Finnmark: GET with bad query strings, and POST with malformed values for
every field name the page's own HTML posts (and every «action» it offers): wrong types, unknown ids, ids
of the other partnership (Helgeland), huge text, NUL bytes and other control characters, dates outside
any sensible range. The same is done with the other partnership's objects in the URL. Each request runs
in a savepoint that is rolled back, so every payload starts from the same demo; when a request is refused
(anything but a redirect) the row counts must be unchanged.
"""
import re

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse

from tests.test_permission_matrix import PATTERNS, pattern_id

COUNTED = ["cases.Case", "cases.Handling", "cases.Decision", "cases.DecisionPoint", "cases.FollowUpTask", "cases.AnchoringRound",
           "cases.AnchoringAnswer", "cases.CaseDocument", "cases.Position", "cases.ProtocolNote", "meetings.Meeting",
           "meetings.AgendaItem", "meetings.Attendance", "meetings.Minutes", "members.Membership", "members.Person",
           "common.SpentFormToken"]
SECRETARIAT_NAMESPACES = {None, "bodies", "members", "cases", "meetings", "reports", "structure"}
HUGE = "x" * 100_000

BAD_QUERIES = [
    {"q": HUGE, "side": "-1", "year": "99999999999999999999", "body": "99999999999999999999", "party": "-5"},
    {"q": "%' OR 1=1 --", "side": "abc", "year": "abc", "body": "abc", "status": "zzz", "party": "abc", "priority_group": "abc"},
    {"q": ["a", "b"], "year": ["2026", "x"], "body": ["1", "abc"]},
]
NUL_QUERIES = [{"q": "ab\x00c"}, {"q\x00": "x"}, {"q": "ab\x1bc"}]


def role_for(namespace):
    if namespace == "public" or namespace is None and False:
        return None
    if namespace == "member":
        return "medlem"
    return "sekretariat"


def counts(labels=COUNTED):
    """Row counts of the tables a form may write (``labels``: models as «app.Model»), in one query (it runs twice
    around every request)."""
    labels = list(labels)
    tables = [apps.get_model(label)._meta.db_table for label in labels]
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(f"(SELECT COUNT(*) FROM {connection.ops.quote_name(t)})" for t in tables))
        return dict(zip(labels, cursor.fetchone()))


@pytest.fixture(scope="module")
def fuzz(demo_module, django_db_blocker):
    from bodies.models import Body, Party
    from cases.models import AnchoringAnswer, AnchoringRound, Case, CaseDocument, FollowUpTask, Handling
    from meetings.models import AgendaItem, Meeting, SupplementaryNotice
    from bodies.models import DocumentVersion
    from members.models import Membership, Person
    from members.services import calendar_feed_for

    def ensure(partnership):
        """One document, task and anchoring round in the partnership, whatever the demo holds."""
        from datetime import date

        from django.core.files.base import ContentFile

        case = Case.objects.filter(partnership=partnership).order_by("pk").first()
        if case is None:
            case = Case.objects.create(partnership=partnership, body=Body.objects.filter(partnership=partnership).order_by("pk").first(),
                                       year=2026, number=990, title="Fuzzsak")
        if not Handling.objects.filter(case__partnership=partnership).exists():
            from cases.models import Purpose
            from django.utils import timezone

            meeting = (Meeting.objects.filter(body=case.body).order_by("pk").first()
                       or Meeting.objects.create(body=case.body, starts_at=timezone.now() + timezone.timedelta(days=10), place="Fuzz"))
            handling = Handling.objects.create(case=case, body=case.body, purpose=Purpose.DECISION)
            AgendaItem.objects.create(meeting=meeting, position=99, kind=AgendaItem.Kind.CASE, handling=handling)
        if not CaseDocument.objects.filter(case__partnership=partnership).exists():
            document = CaseDocument.objects.create(case=case, title="Fuzzdokument")
            document.file.save("fuzz.txt", ContentFile(b"Fuzz"))
        if not SupplementaryNotice.objects.filter(meeting__body__partnership=partnership).exists():
            meeting = Meeting.objects.filter(body__partnership=partnership).order_by("pk").first()
            SupplementaryNotice.objects.create(meeting=meeting, number=1)
        if not FollowUpTask.objects.filter(case__partnership=partnership).exists():
            FollowUpTask.objects.create(case=case, title="Fuzzoppgave", deadline=date(2026, 12, 31))
        from bodies.models import BodyKind, DocumentVersion, GovernanceDocument

        if not Body.objects.filter(partnership=partnership, kind__is_subcommittee=True).exists():
            Body.objects.create(partnership=partnership, kind=BodyKind.objects.filter(is_subcommittee=True).order_by("pk").first(),
                                name="Fuzzutvalg", mandate="Fuzz.", deadline=date(2030, 1, 1), appointed_by=case.body)
        if not DocumentVersion.objects.filter(document__partnership=partnership).exists():
            statutes = GovernanceDocument.objects.create(partnership=partnership, kind=GovernanceDocument.Kind.STATUTES, title="Fuzzvedtekter")
            DocumentVersion.objects.create(document=statutes, number=1, text="Fuzz.", valid_from=date(2026, 1, 1))
        if not AnchoringAnswer.objects.filter(round__case__partnership=partnership).exists():
            anchoring_round = AnchoringRound.objects.create(case=case, title="Fuzzrunde", sent_on=date(2026, 1, 5), deadline=date(2026, 3, 1))
            AnchoringAnswer.objects.create(round=anchoring_round, party=partnership.parties.order_by("pk").first())

    def scene(partnership, member):
        ensure(partnership)
        membership = Membership.objects.current().filter(person__user__username=member).select_related("body").first() if member else None
        meetings = Meeting.objects.filter(body__partnership=partnership)
        if membership:
            meetings = meetings.filter(body=membership.body)
        meeting = meetings.filter(items__handling__isnull=False).order_by("-starts_at").first() or meetings.order_by("-starts_at").first()
        item = (AgendaItem.objects.filter(meeting__body__partnership=partnership, handling__isnull=False).order_by("-meeting__starts_at").first()
                or AgendaItem.objects.filter(meeting__body__partnership=partnership).order_by("pk").first())
        case = Case.objects.filter(partnership=partnership, handlings__decisions__isnull=False).order_by("pk").first() \
            or Case.objects.filter(partnership=partnership).order_by("pk").first()
        return {
            "slug": partnership.slug,
            "body_pk": (membership.body if membership else Body.objects.filter(partnership=partnership).order_by("pk").first()).pk,
            "meeting_pk": meeting.pk, "case_pk": case.pk, "item_pk": item.pk,
            "membership_pk": Membership.objects.filter(body__partnership=partnership).order_by("pk").first().pk,
            "person_pk": Person.objects.filter(memberships__body__partnership=partnership).order_by("pk").first().pk,
            "round_pk": (AnchoringRound.objects.filter(case__partnership=partnership).order_by("pk").first()).pk,
            "answer_pk": (AnchoringAnswer.objects.filter(round__case__partnership=partnership).order_by("pk").first()).pk,
            "task_pk": (FollowUpTask.objects.filter(case__partnership=partnership).order_by("pk").first()).pk,
            "document_pk": (CaseDocument.objects.filter(case__partnership=partnership).order_by("pk").first()).pk,
            "handling_pk": (Handling.objects.filter(case__partnership=partnership, decisions__isnull=False).order_by("pk").first()
                            or Handling.objects.filter(case__partnership=partnership).order_by("pk").first()).pk,
            "year": 2026,
            "subcommittee_pk": Body.objects.filter(partnership=partnership, kind__is_subcommittee=True).order_by("pk").first().pk,
            "governance_document_pk": DocumentVersion.objects.filter(document__partnership=partnership).order_by("pk").first().document_id,
            "version_pk": DocumentVersion.objects.filter(document__partnership=partnership).order_by("pk").first().pk,
            "notice_pk": SupplementaryNotice.objects.filter(meeting__body__partnership=partnership).order_by("pk").first().pk,
        }

    # The scene is made in a savepoint of the demo's transaction, rolled back when the module is done: the demo's
    # transaction outlives the module, and the next module on this process must find the demo as it loads.
    with django_db_blocker.unblock(), transaction.atomic():
        finnmark, helgeland = demo_module["finnmark"], demo_module["helgeland"]
        User = get_user_model()
        clients = {None: Client(raise_request_exception=False)}
        for username in ("sekretariat", "medlem"):
            clients[username] = Client(raise_request_exception=False)
            clients[username].force_login(User.objects.get(username=username))
        own = scene(finnmark, "medlem")
        own_secretariat = scene(finnmark, None)
        other = scene(helgeland, None)
        other_ids = [str(v) for k, v in other.items() if k.endswith("_pk")]
        other_ids += [str(pk) for pk in Party.objects.filter(partnership=helgeland).values_list("pk", flat=True)[:2]]
        token = calendar_feed_for(user=User.objects.get(username="medlem")).token
        yield {"clients": clients, "own": own, "own_secretariat": own_secretariat, "other": other, "other_ids": other_ids,
               "token": token}
        transaction.set_rollback(True)


def build(entry, kwargs_source, token):
    namespace, name, route = entry
    needed = re.findall(r"<(?:\w+:)?(\w+)>", route)
    kwargs = {key: (token if key == "token" else kwargs_source[key]) for key in needed}
    return reverse(pattern_id(entry), kwargs=kwargs)


def field_names(html):
    """Field names, «action» values and the form token of the page's POST forms."""
    forms = re.findall(r'<form[^>]*method="post"[^>]*>(.*?)</form>', html, flags=re.S | re.I)
    posted = "\n".join(forms)
    names = set(re.findall(r'name="([^"]+)"', posted)) - {"csrfmiddlewaretoken", "next"}
    actions = set(re.findall(r'name="action"[^>]*value="([^"]+)"', posted)) | set(re.findall(r'value="([^"]+)"[^>]*name="action"', posted))
    tokens = re.findall(r'name="form_token"[^>]*value="([^"]+)"', posted)
    return sorted(names - {"action", "form_token"}), sorted(actions) or [None], (tokens[0] if tokens else None)


def payloads(names, other_ids):
    """Malformed values for the given field names; kinds of bad value rotate over the fields."""
    def rotate(values, shift=0):
        return {name: values[(i + shift) % len(values)] for i, name in enumerate(names)}

    ids = ["999999999999", "99999999999999999999999", "-1", *other_ids]
    yield "wrong types", rotate(["abc"])
    yield "huge text", rotate([HUGE])
    yield "unknown, huge, negative and other partnership's ids", rotate(ids)
    yield "the same, shifted", rotate(ids, 1)
    yield "bad dates", rotate(["0001-01-01", "9999-12-31T23:30", "2026-02-30", "0001-01-01T00:00"])
    yield "control characters", rotate(["tekst\x0b\x1b[0m"])
    yield "lists", rotate([["1", "abc"]])
    yield "empty", {}


def request_in_savepoint(call, labels=COUNTED, after_check=None):
    """Make one request inside a savepoint that is rolled back; the counts of ``labels`` before and after it.

    ``after_check(response)`` runs inside the savepoint after the request (to look at what was saved)."""
    with transaction.atomic():
        before = counts(labels)
        response = call()
        after = counts(labels)
        if after_check is not None:
            after_check(response)
        transaction.set_rollback(True)
    return response, before, after


# POST-only URLs have no page of their own to read the field names from.
POST_ONLY_FIELDS = {"member:apology": ["note"], "member:calendar_reset": [], "meetings:notice_send": [],
                    "meetings:meeting_mark_held": [], "meetings:minutes_approve": ["approvers"], "meetings:minutes_publish": [],
                    "meetings:item_discussion": ["discussion-note"], "meetings:item_not_treated": ["not_treated-reason"],
                    "meetings:item_position": ["position-membership", "position-stance", "position-reservation"],
                    "meetings:item_disqualification": ["disq-membership", "disq-reason"],
                    "meetings:item_protocol_note": ["note-membership", "note-side", "note-text"],
                    "meetings:item_decide": ["decision-points", "decision-if_no_consensus", "decision-postpone_to"]}

FUZZED = [entry for entry in PATTERNS if entry[1] not in ("logout",)]


@pytest.mark.parametrize("entry", FUZZED, ids=pattern_id)
def test_malformed_input_never_answers_500_nor_half_saves(entry, fuzz, db):
    namespace, name, _route = entry
    user = None if namespace == "public" or pattern_id(entry) in ("home", "health", "login") else role_for(namespace)
    client = fuzz["clients"][user]
    source = fuzz["own"] if namespace == "member" else fuzz["own_secretariat"]
    url = build(entry, source, fuzz["token"])
    problems = []

    def check(label, response, before, after):
        if response.status_code >= 500:
            problems.append(f"{label}: {response.status_code}")
        elif response.status_code not in (301, 302, 303) and before != after:
            changed = {k: (before[k], after[k]) for k in before if before[k] != after[k]}
            problems.append(f"{label}: refused ({response.status_code}) but saved {changed}")

    page = client.get(url)
    is_html = page.status_code == 200 and page.get("Content-Type", "").startswith("text/html")
    html = page.content.decode(errors="replace") if is_html else ""
    names, actions, token = field_names(html)
    if pattern_id(entry) in POST_ONLY_FIELDS:
        names = POST_ONLY_FIELDS[pattern_id(entry)]

    # Files, PDFs and feeds: one bad query string is enough (rendering them again proves nothing new).
    for query in BAD_QUERIES if is_html else BAD_QUERIES[1:2]:
        check(f"GET {list(query)}", *request_in_savepoint(lambda: client.get(url, query)))
    for query in NUL_QUERIES:
        response, before, after = request_in_savepoint(lambda: client.get(url, query))
        check(f"GET control characters {list(query)}", response, before, after)
        if response.status_code != 400:
            problems.append(f"GET control characters {list(query)}: {response.status_code}, not 400")

    if not names and pattern_id(entry) not in POST_ONLY_FIELDS:
        actions = []  # a page without a form: nothing to post
    for action in actions:
        for label, data in payloads(names, fuzz["other_ids"]) if names else [("empty", {})]:
            data = dict(data)
            if action:
                data["action"] = action
            if token:
                data["form_token"] = token
            check(f"POST {action or ''} {label}", *request_in_savepoint(lambda: client.post(url, data)))
        nul = {name: "tekst\x00" for name in names} | ({"action": action} if action else {})
        response, before, after = request_in_savepoint(lambda: client.post(url, nul))
        check(f"POST {action or ''} NUL", response, before, after)
        if names and response.status_code != 400:
            problems.append(f"POST {action or ''} NUL: {response.status_code}, not 400")

    # The other partnership's objects in the address: refused, never 500, nothing saved.
    if "<" in _route and namespace != "public" and not _route.endswith("<str:token>.ics"):
        other_url = build(entry, fuzz["other"], fuzz["token"])
        if other_url != url:
            check("GET other partnership", *request_in_savepoint(lambda: client.get(other_url)))
            data = {name: "abc" for name in names}
            for action in actions:
                posted = data | ({"action": action} if action else {})
                check(f"POST {action or ''} other partnership", *request_in_savepoint(lambda: client.post(other_url, posted)))

    assert not problems, f"{pattern_id(entry)} {url}\n" + "\n".join(problems)


def test_unknown_ids_in_the_address_answer_404(fuzz, db):
    client = fuzz["clients"]["sekretariat"]
    for url in ("/saker/sak/999999999/", "/moter/mote/99999999999999999999/", "/offentlig/finnes-ikke/", "/mine/dokumenter/0/"):
        assert client.get(url).status_code == 404, url
