"""The main pages, measured against two references in the same run: a fair floor and Django admin's change list.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/hf_national .venv/bin/python benchmarks/pages.py

Run `manage.py generate_national_data` into that database first. With BENCH_SMALL_DATABASE=<name of a second
database, e.g. one year: `generate_national_data --years 1`> each page is also requested on that database in
the same rounds, and the table gains its p95 and the ratio of the two: growth with the data, measured in turn
like the rest rather than in two runs minutes apart.

- The **floor** of a page is a view that goes where the page goes — login (the same logged-in user), every
  middleware, the same base layout (`base_staff.html`, `base_public.html` or `base_member.html`) — and renders
  the same rows as the page with one query: every list the page shows, the options of its selects (filters,
  pickers) included. It exists only in this script: it is added to a URL configuration
  that the benchmark process alone uses, never to the site's routes.
- The **admin** reference is Django admin's change list of the same model, filtered to the same body.

Requests go round-robin — page, floor, admin, then floor, admin, page, then admin, page, floor … — so a burst of
other work on the machine falls on all three alike, and each follows the others equally often; each is warmed up
first and then requested BENCH_RUNS times (at least 30). The script prints the table the README shows and writes
`benchmarks/results.json` (a list of objects with the keys page, url, cases, queries, p50_ms, p95_ms,
floor_p95_ms, admin_p95_ms).
"""
import json
import os
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUNS = max(30, int(os.environ.get("BENCH_RUNS", "30")))
WARMUP = 3
SEARCH_WORDS = "samhandling"


@dataclass
class Page:
    name: str
    url: str
    user: str  # "secretariat", "member", "anonymous"
    admin_url: str
    floor: str  # key of the floor's rows (floor_rows)
    base: str = "base_staff.html"
    context: dict = field(default_factory=dict)


def setup_django():
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DEBUG", "false")
    os.environ.setdefault("SECRET_KEY", "benchmark-only-not-secret")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
    os.environ["DJANGO_SETTINGS_MODULE"] = "helsefellesskap.settings.dev"
    import django

    django.setup()
    # As a server process does before its first request (helsefellesskap/wsgi.py).
    from helsefellesskap.startup import settle

    settle()


def bench_users(partnership):
    """The three users the pages are measured as (created once, idempotently)."""
    from django.contrib.auth import get_user_model
    from guardian.shortcuts import assign_perm

    from members.models import Membership

    User = get_user_model()
    secretariat, _ = User.objects.get_or_create(username=f"bench-sekretariat-{partnership.slug}")
    assign_perm("bodies.manage_partnership", secretariat, partnership)
    admin, _ = User.objects.get_or_create(username="bench-admin", defaults={"is_staff": True, "is_superuser": True})
    member_user, _ = User.objects.get_or_create(username=f"bench-medlem-{partnership.slug}")
    membership = (Membership.objects.filter(body__partnership=partnership, body__kind__slug="strategisk-samarbeidsutvalg",
                                            role=Membership.Role.MEMBER).select_related("person").order_by("pk").first())
    person = membership.person
    if person.user_id is None:
        person.user = member_user
        person.save(update_fields=["user"])
    member_user = person.user
    for m in Membership.objects.filter(person=person):
        assign_perm("bodies.view_internal", member_user, m.body)
    return {"secretariat": secretariat, "member": member_user, "admin": admin}


def main_pages(partnership):
    """The eight main pages for one partnership, with their two references."""
    from django.urls import reverse

    from bodies.models import Body
    from cases.models import Case
    from meetings.models import Meeting

    su = Body.objects.get(partnership=partnership, kind__slug="strategisk-samarbeidsutvalg")
    case = Case.objects.filter(body=su, handlings__outcome="decided").order_by("-year", "-number").first()
    # The last held meeting with its full agenda, and the next meeting, whose agenda is being built.
    meeting = Meeting.objects.filter(body=su, status=Meeting.Status.PUBLISHED, items__isnull=False).distinct().order_by("-starts_at").first()
    upcoming = Meeting.objects.filter(body=su).exclude(status=Meeting.Status.PUBLISHED).order_by("starts_at").first() or meeting
    year = case.year
    case_admin = reverse("admin:cases_case_changelist") + f"?body__id__exact={su.pk}&year={year}"
    meeting_admin = reverse("admin:meetings_meeting_changelist") + f"?body__id__exact={su.pk}"
    slug = partnership.slug
    staff = {"partnership": partnership}
    public = {"partnership": partnership}
    return [
        Page("dashboard", reverse("dashboard", kwargs={"slug": slug}), "secretariat", case_admin, "dashboard", context=staff),
        Page("case list with filters", reverse("cases:case_list", kwargs={"slug": slug}) + f"?body={su.pk}&year={year}&status=decided",
             "secretariat", case_admin, "case_list", context=staff),
        Page("case page", reverse("cases:case_detail", kwargs={"case_pk": case.pk}), "secretariat", case_admin, "case", context=staff),
        Page("meeting page", reverse("meetings:meeting_detail", kwargs={"meeting_pk": meeting.pk}), "secretariat", meeting_admin, "items",
             context=staff),
        Page("agenda builder", reverse("meetings:meeting_agenda", kwargs={"meeting_pk": upcoming.pk}), "secretariat", meeting_admin,
             "agenda", context=staff),
        Page("public body page", reverse("public:body", kwargs={"slug": slug, "body_pk": su.pk}), "anonymous", meeting_admin,
             "body_meetings", base="base_public.html", context=public),
        Page("public search", reverse("public:search", kwargs={"slug": slug}) + f"?q={SEARCH_WORDS}", "anonymous", case_admin,
             "search", base="base_public.html", context=public),
        Page("member home", reverse("member:home"), "member", meeting_admin, "member_home", base="base_member.html"),
    ], {"partnership": partnership, "su": su, "case": case, "meeting": meeting, "upcoming": upcoming, "year": year}


def _text_rows(*querysets):
    """One UNION ALL query over (queryset, four columns[, (ordering, limit)]) parts, cast to text so the columns line up."""
    from django.db.models import CharField
    from django.db.models.functions import Cast

    parts = []
    for qs, columns, *limit in querysets:
        names = {f"c{i}": Cast(c, CharField()) for i, c in enumerate(columns)}
        part = qs.annotate(**names).values_list(*names)
        if limit:  # (ordering, n): the first n rows in the page's order
            ordering, n = limit[0]
            part = part.order_by(*ordering)[:n]
        else:
            part = part.order_by()
        parts.append(part)
    first, *rest = parts
    return list(first.union(*rest, all=True).order_by()) if rest else list(first)


def floor_rows(key, ctx, user):
    """The rows the page shows, fetched with one query (a UNION ALL where the page has several panels)."""
    from datetime import timedelta

    from django.db.models import Q
    from django.utils import timezone

    from bodies.models import Body, Party, PriorityGroup
    from cases.models import AWAITING_HANDLING, AnchoringAnswer, Case, CaseDocument, Decision, FollowUpTask, Handling, Position
    from common import search
    from meetings.models import AgendaItem, Meeting
    from meetings.models import Attendance, MinutesSignatory
    from meetings.selectors import AGENDA_PUBLIC, MINUTES_PUBLIC
    from members.models import Membership, Person
    from members.terms import terms_ending_by

    partnership, su = ctx["partnership"], ctx["su"]
    today, now = timezone.localdate(), timezone.now()
    cases = Case.objects.filter(partnership=partnership)
    if key == "dashboard":  # next meetings, open anchoring answers, cases to register and to decide, overdue tasks,
        # terms ending and the bodies that must meet
        return _text_rows(
            (Meeting.objects.filter(body__partnership=partnership, starts_at__gte=now, starts_at__lt=now + timedelta(days=60)),
             ("starts_at", "body__name", "status", "place")),
            (AnchoringAnswer.objects.filter(round__case__partnership=partnership, round__deadline__gte=today),
             ("round__title", "party__name", "response", "round__deadline")),
            (cases.filter(status="reported"), ("title", "reported_at", "status", "pk"), (("reported_at", "pk"), 25)),
            (cases.filter(status__in=["discussed", "for_decision"]), ("title", "number", "year", "body__name"), (("year", "number"), 25)),
            (FollowUpTask.objects.filter(case__partnership=partnership, completed_at__isnull=True, deadline__lt=today),
             ("title", "deadline", "case__title", "responsible_party__name"), (("deadline", "pk"), 25)),
            (Membership.objects.filter(body__partnership=partnership, term_start__lte=today, term_end__gte=today,
                                       term_end__lte=terms_ending_by(today)),
             ("person__last_name", "body__name", "role", "term_end"), (("term_end", "pk"), 25)),
            (Body.objects.filter(partnership=partnership, min_meetings_per_year__gt=0),
             ("name", "min_meetings_per_year", "level", "pk")),
        )
    if key == "case_list":  # the table, and the filters' bodies, priority groups and parties
        return _text_rows(
            (cases.filter(body=su, year=ctx["year"], status="decided"), ("number", "year", "title", "body__name"),
             (("-reported_at", "-pk"), 50)),
            (Body.objects.filter(partnership=partnership), ("name", "short_name", "level", "pk")),
            (PriorityGroup.objects.all(), ("name", "slug", "pk", "pk")),
            (Party.objects.filter(partnership=partnership), ("name", "kind", "side", "pk")),
        )
    if key == "case":  # the case's path, positions, decision points, anchoring answers and tasks
        case = ctx["case"]
        return _text_rows(
            (Handling.objects.filter(case=case), ("body__name", "purpose", "outcome", "agenda_item__meeting__starts_at")),
            (Position.objects.filter(handling__case=case), ("membership__person__last_name", "stance", "membership__side", "pk")),
            (Decision.objects.filter(handling__case=case), ("points__number", "points__text", "decided_at", "version")),
            (AnchoringAnswer.objects.filter(round__case=case), ("party__name", "response", "local_reference", "round__deadline")),
            (FollowUpTask.objects.filter(case=case), ("title", "deadline", "completed_at", "responsible_party__name")),
            (CaseDocument.objects.filter(case=case), ("title", "exempt", "uploaded_at", "pk")),
            (Case.history.model.objects.filter(id=case.pk), ("history_date", "history_change_reason", "history_type",
                                                              "history_user__username"), (("-history_date",), 20)),
        )
    if key == "items":  # the agenda and who was called and met
        return _text_rows(
            (AgendaItem.objects.filter(meeting=ctx["meeting"]), ("position", "case__number", "case__year", "case__title")),
            (Attendance.objects.filter(meeting=ctx["meeting"]), ("membership__person__last_name", "membership__role", "status",
                                                                 "substitute_for__person__last_name")),
        )
    if key == "agenda":  # the agenda so far and the cases that can be put on it
        return _text_rows(
            (AgendaItem.objects.filter(meeting=ctx["upcoming"]), ("position", "case__number", "case__year", "case__title")),
            (cases.filter(status__in=AWAITING_HANDLING).filter(Q(body=su) | Q(body__discussion_body=su)),
             ("number", "year", "title", "body__name")),
            (Person.objects.filter(Q(employer__partnership=partnership)
                                   | Q(pk__in=Membership.objects.filter(body__partnership=partnership).values("person_id"))),
             ("first_name", "last_name", "pk", "pk")),
        )
    if key == "body_meetings":  # the upcoming meetings and the past ones of the newest year with meetings, as the page
        from django.db.models import Subquery
        from django.db.models.functions import ExtractYear

        newest = (Meeting.objects.filter(body=su, ends_at__lt=now).annotate(year=ExtractYear("starts_at"))
                  .order_by("-year").values("year")[:1])
        return list(Meeting.objects.filter(body=su).filter(Q(ends_at__gte=now) | Q(starts_at__year=Subquery(newest)))
                    .order_by("-starts_at", "-pk").values_list("starts_at", "place", "status"))
    if key == "search":  # matching cases, decisions (with their points), documents and meetings
        public = Meeting.objects.filter(body__partnership=partnership, body__meetings_public=True)
        matching = cases.filter(search.matches(SEARCH_WORDS, fields=("title",)))
        return _text_rows(
            (matching.filter(pk__in=AgendaItem.objects.filter(meeting__in=public.filter(status__in=AGENDA_PUBLIC)).values("case_id"))
, ("number", "year", "title", "body__name"), (("-year", "-number"), 25)),
            (Decision.objects.filter(handling__case__in=matching, handling__agenda_item__meeting__in=public.filter(status__in=MINUTES_PUBLIC))
, ("handling__case__title", "decided_at", "points__number", "points__text"), (("-decided_at",), 75)),
            (CaseDocument.objects.filter(case__in=matching), ("title", "case__title", "exempt", "uploaded_at"), (("-uploaded_at",), 25)),
            (public.filter(title__icontains=SEARCH_WORDS), ("starts_at", "body__name", "place", "status"), (("-starts_at",), 25)),
        )
    if key == "member_home":  # the member's seats, next and past meetings, minutes to approve and open tasks
        seats = Membership.objects.filter(person__user=user)
        return _text_rows(
            (seats, ("body__name", "role", "term_start", "term_end")),
            (Meeting.objects.filter(body__in=seats.values("body"), starts_at__gte=now),
             ("starts_at", "body__name", "place", "status"), (("starts_at",), 5)),
            (Meeting.objects.filter(body__in=seats.values("body"), status__in=MINUTES_PUBLIC),
             ("starts_at", "body__name", "place", "status"), (("-starts_at",), 5)),
            (MinutesSignatory.objects.filter(person__user=user), ("minutes__meeting__starts_at", "minutes__meeting__body__name",
                                                                  "minutes__version", "pk")),
            (FollowUpTask.objects.filter(responsible_party__in=seats.values("represented_parties"), completed_at__isnull=True),
             ("title", "deadline", "case__title", "responsible_party__name"), (("deadline",), 10)),
        )
    raise KeyError(key)


def _p95(times):
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, int(round(0.95 * len(ordered))) - 1)]


def _query_count(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(ctx.captured_queries)


def _timed(client, url):
    start = time.perf_counter()
    response = client.get(url)
    elapsed = (time.perf_counter() - start) * 1000
    assert response.status_code == 200, (url, response.status_code)
    return elapsed


class _Site:
    """The pages of one database, with a connection, a cache and logged-in clients of its own, so that two data
    sizes can be requested in turn in one process (``connections["default"]`` and ``caches["default"]`` are
    swapped between requests; nothing is timed across a swap)."""

    def __init__(self, slug, connection, cache):
        from django.test import Client

        from bodies.models import Partnership
        from cases.models import Case

        self.connection, self.cache = connection, cache
        self.use()
        partnership = Partnership.objects.get(slug=slug)
        self.users = bench_users(partnership)
        self.pages, self.ctx = main_pages(partnership)
        self.size = Case.objects.count()
        self.clients = {"anonymous": Client()}
        for role in ("secretariat", "member", "admin"):
            self.clients[role] = Client()
            self.clients[role].force_login(self.users[role])

    def use(self):
        from django.core.cache import caches
        from django.db import connections

        connections["default"], caches["default"] = self.connection, self.cache


def _small_site(slug, name):
    """The same partnership in database ``name`` (BENCH_SMALL_DATABASE), to be measured in turn with the large one."""
    import copy

    from django.contrib.contenttypes.models import ContentType
    from django.core.cache.backends.locmem import LocMemCache
    from django.db import connections

    large = connections["default"]
    settings_dict = copy.deepcopy(large.settings_dict)
    settings_dict["NAME"] = name
    small = type(large)(settings_dict, "default")
    large_types = list(ContentType.objects.order_by("pk").values_list("pk", "app_label", "model"))
    site = _Site(slug, small, LocMemCache(f"bench-{name}", {}))
    small_types = list(ContentType.objects.order_by("pk").values_list("pk", "app_label", "model"))
    # Content types are cached per process by id; the two databases must agree on them (migrated the same way).
    assert small_types == large_types, "the two databases do not have the same content types"
    return site


def run(slug="syntetisk-1", runs=RUNS, log=print, small_database=None):
    from django.contrib.auth.decorators import login_required
    from django.http import HttpResponse
    from django.shortcuts import render
    from django.template import engines
    from django.test import Client, override_settings
    from django.urls import clear_url_caches, include, path

    from bodies.models import Partnership
    from cases.models import Case

    partnership = Partnership.objects.get(slug=slug)
    users = bench_users(partnership)
    pages, ctx = main_pages(partnership)
    by_key = {page.floor: page for page in pages}
    templates = {}

    def floor_template(base):
        if base not in templates:
            templates[base] = engines["django"].from_string(
                "{% extends '" + base + "' %}{% block content %}<h1 class='ds-heading'>Gulv</h1><table class='ds-table'><tbody>"
                "{% for row in rows %}<tr>{% for c in row %}<td>{{ c }}</td>{% endfor %}</tr>{% endfor %}</tbody></table>"
                "{% endblock %}")
        return templates[base]

    def floor_view(request, key):
        page = by_key[key]
        if page.user != "anonymous" and not request.user.is_authenticated:
            return login_required(lambda r: None)(request)
        rows = floor_rows(key, ctx, request.user)
        return HttpResponse(floor_template(page.base).render({**page.context, "rows": rows, "nav": ""}, request))

    import helsefellesskap.urls as project_urls

    class BenchUrls:
        urlpatterns = [path("benchmark-floor/<str:key>/", floor_view), path("", include(project_urls))]

    sys.modules["benchmarks._bench_urls"] = BenchUrls
    clients = {"anonymous": Client()}
    for role in ("secretariat", "member", "admin"):
        clients[role] = Client()
        clients[role].force_login(users[role])
    small = None
    if small_database:
        from django.core.cache import caches
        from django.db import connections

        large = (connections["default"], caches["default"])
        small = _small_site(slug, small_database)
        connections["default"], caches["default"] = large
        small_pages = {page.name: page for page in small.pages}

    def small_timed(name):
        """The same page on the small database, timed between the swaps."""
        from django.core.cache import caches
        from django.db import connections

        page = small_pages[name]
        back = (connections["default"], caches["default"])
        small.use()
        try:
            return _timed(small.clients[page.user], page.url)
        finally:
            connections["default"], caches["default"] = back

    results = []
    size = Case.objects.count()
    with override_settings(ROOT_URLCONF="benchmarks._bench_urls"):
        clear_url_caches()
        for page in pages:
            client = clients[page.user]
            floor_url = f"/benchmark-floor/{page.floor}/"
            requests = [lambda c=client, u=page.url: _timed(c, u), lambda c=client, u=floor_url: _timed(c, u),
                        lambda c=clients["admin"], u=page.admin_url: _timed(c, u)]
            if small:
                requests.append(lambda name=page.name: small_timed(name))
            for _ in range(WARMUP):
                for request in requests:
                    request()
            queries = _query_count(client, page.url)
            floor_queries = _query_count(client, floor_url)
            times = tuple([] for _ in requests)
            # The order turns each round (page, floor, admin; floor, admin, page; admin, page, floor; with a small
            # database, its page takes a turn too), so each follows the admin's large request (and meets the garbage
            # collections it leaves) equally often.
            for n in range(runs):
                for k in range(len(requests)):
                    i = (n + k) % len(requests)
                    times[i].append(requests[i]())
            row = {
                "page": page.name, "url": page.url, "cases": size, "queries": queries,
                "p50_ms": round(statistics.median(times[0]), 1), "p95_ms": round(_p95(times[0]), 1),
                "floor_p95_ms": round(_p95(times[1]), 1), "admin_p95_ms": round(_p95(times[2]), 1),
            }
            if small:
                row.update({"small_cases": small.size, "small_p50_ms": round(statistics.median(times[3]), 1),
                            "small_p95_ms": round(_p95(times[3]), 1)})
            results.append(row)
            log(f"{page.name:<24} q={queries:<3} p50={row['p50_ms']:>7.1f}  p95={row['p95_ms']:>7.1f}  | floor p95={row['floor_p95_ms']:>6.1f}"
                f" (q={floor_queries})  admin p95={row['admin_p95_ms']:>7.1f}"
                + (f"  | {row['small_cases']} cases p95={row['small_p95_ms']:>7.1f}" if small else ""))
    clear_url_caches()
    return results


def table(results):
    """The Markdown table of the README (with the small database's columns when it was measured in turn)."""
    growth = all("small_p95_ms" in r for r in results)
    lines = ["| page | queries | p50 ms | p95 ms | floor p95 ms | p95 / floor | admin p95 ms | p95 / admin |"
             + (f" p95 ms at {results[0]['small_cases']:,} cases | p95 ratio |" if growth else ""),
             "|---|---:|---:|---:|---:|---:|---:|---:|" + ("---:|---:|" if growth else "")]
    for r in results:
        lines.append(f"| {r['page']} | {r['queries']} | {r['p50_ms']:.1f} | {r['p95_ms']:.1f} | {r['floor_p95_ms']:.1f} | "
                     f"{r['p95_ms'] / r['floor_p95_ms']:.2f} | {r['admin_p95_ms']:.1f} | {r['p95_ms'] / r['admin_p95_ms']:.2f} |"
                     + (f" {r['small_p95_ms']:.1f} | {r['p95_ms'] / r['small_p95_ms']:.2f} |" if growth else ""))
    return "\n".join(lines)


if __name__ == "__main__":
    setup_django()
    from django.db import connection

    load = os.getloadavg()
    print(f"Database: {connection.vendor} {connection.settings_dict['NAME']}, {RUNS} runs per page, "
          f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}", flush=True)
    results = run(slug=os.environ.get("BENCH_PARTNERSHIP", "syntetisk-1"), log=lambda s: print(s, flush=True),
                  small_database=os.environ.get("BENCH_SMALL_DATABASE"))
    after = os.getloadavg()
    print()
    print(table(results))
    print(f"\nload average before {load[0]:.2f}, after {after[0]:.2f}")
    out = Path(os.environ.get("BENCH_OUT", ROOT / "benchmarks" / "results.json"))
    out.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"Skrev {out}")
