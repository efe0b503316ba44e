"""The main pages, measured: queries, median and 95th percentile server time, against two references.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/hf_national .venv/bin/python benchmarks/pages.py

Run `manage.py generate_national_data` into that database first. For each page the script also times
Django admin's change list of the same model and a bare view that renders the same rows with one query,
in the same run, and writes everything to benchmarks/results.json.
"""
import json
import os
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUNS = int(os.environ.get("BENCH_RUNS", "30"))


@dataclass
class Page:
    name: str
    url: str
    user: str  # "secretariat", "member", "anonymous"
    admin_url: str
    bare: str  # key of the bare view


def setup_django():
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DEBUG", "false")
    os.environ.setdefault("SECRET_KEY", "benchmark-only-not-secret")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
    os.environ["DJANGO_SETTINGS_MODULE"] = "helsefellesskap.settings.dev"
    import django

    django.setup()


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
    meeting = Meeting.objects.filter(body=su, items__isnull=False).distinct().order_by("-starts_at").first()
    year = case.year
    case_admin = reverse("admin:cases_case_changelist") + f"?body__id__exact={su.pk}&year={year}"
    meeting_admin = reverse("admin:meetings_meeting_changelist") + f"?body__id__exact={su.pk}"
    return [
        Page("dashboard", reverse("dashboard", kwargs={"slug": partnership.slug}), "secretariat", case_admin, "cases"),
        Page("case list with filters", reverse("cases:case_list", kwargs={"slug": partnership.slug}) + f"?body={su.pk}&year={year}&status=decided",
             "secretariat", case_admin, "cases"),
        Page("case page", reverse("cases:case_detail", kwargs={"case_pk": case.pk}), "secretariat", case_admin, "cases"),
        Page("meeting page", reverse("meetings:meeting_detail", kwargs={"meeting_pk": meeting.pk}), "secretariat", meeting_admin, "items"),
        Page("agenda builder", reverse("meetings:meeting_agenda", kwargs={"meeting_pk": meeting.pk}), "secretariat", meeting_admin, "items"),
        Page("public body page", reverse("public:body", kwargs={"slug": partnership.slug, "body_pk": su.pk}), "anonymous", meeting_admin, "meetings"),
        Page("public search", reverse("public:search", kwargs={"slug": partnership.slug}) + "?q=samhandling", "anonymous", case_admin, "cases"),
        Page("member home", reverse("member:home"), "member", meeting_admin, "meetings"),
    ], {"partnership": partnership, "su": su, "case": case, "meeting": meeting, "year": year}


def bare_rows(key, ctx):
    """The same rows the page lists, fetched with one query, for the bare reference view."""
    from cases.models import Case
    from meetings.models import AgendaItem, Meeting

    if key == "cases":
        return list(Case.objects.filter(body=ctx["su"], year=ctx["year"]).order_by("-number")
                    .values_list("number", "year", "title", "status")[:50])
    if key == "items":
        return list(AgendaItem.objects.filter(meeting=ctx["meeting"]).order_by("position")
                    .values_list("position", "handling__case__number", "handling__case__year", "handling__case__title"))
    return list(Meeting.objects.filter(body=ctx["su"]).order_by("-starts_at").values_list("starts_at", "place", "status")[:50])


def measure(client, url, runs):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm caches (templates, URL resolvers)
    times, queries, status = [], None, None
    for _ in range(runs):
        with CaptureQueriesContext(connection) as ctx:
            start = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - start) * 1000)
        queries, status = len(ctx.captured_queries), response.status_code
    times.sort()
    p95 = times[min(len(times) - 1, int(round(0.95 * len(times))) - 1)]
    return {"queries": queries, "status": status, "p50_ms": round(statistics.median(times), 2), "p95_ms": round(p95, 2)}


def run(slug="syntetisk-1", runs=RUNS):
    from django.http import HttpResponse
    from django.template import engines
    from django.test import Client, override_settings
    from django.urls import clear_url_caches, include, path

    from bodies.models import Partnership
    from cases.models import Case

    partnership = Partnership.objects.get(slug=slug)
    users = bench_users(partnership)
    pages, ctx = main_pages(partnership)
    template = engines["django"].from_string(
        "<!doctype html><html lang='nb'><title>x</title><table>{% for row in rows %}<tr>{% for c in row %}<td>{{ c }}</td>{% endfor %}</tr>{% endfor %}</table></html>")

    def bare_view(request, key):
        return HttpResponse(template.render({"rows": bare_rows(key, ctx)}))

    import helsefellesskap.urls as project_urls

    class BenchUrls:
        urlpatterns = [path("bench/bare/<str:key>/", bare_view), path("", include(project_urls))]

    sys.modules["benchmarks._bench_urls"] = BenchUrls
    clients = {}
    for role in ("secretariat", "member", "admin"):
        clients[role] = Client()
        clients[role].force_login(users[role])
    clients["anonymous"] = Client()

    results = []
    size = Case.objects.count()
    with override_settings(ROOT_URLCONF="benchmarks._bench_urls"):
        clear_url_caches()
        for page in pages:
            figures = measure(clients[page.user], page.url, runs)
            admin = measure(clients["admin"], page.admin_url, runs)
            bare = measure(clients["secretariat"], f"/bench/bare/{page.bare}/", runs)
            row = {
                "page": page.name, "url": page.url, "data_size_cases": size, "status": figures["status"],
                "queries": figures["queries"], "p50_ms": figures["p50_ms"], "p95_ms": figures["p95_ms"],
                "admin_changelist_p95_ms": admin["p95_ms"], "bare_view_p95_ms": bare["p95_ms"],
                "within_2x_bare": figures["p95_ms"] <= 2 * bare["p95_ms"],
                "not_slower_than_admin": figures["p95_ms"] <= admin["p95_ms"],
            }
            results.append(row)
            print(f"{page.name:<24} {row['status']} q={row['queries']:<3} p50={row['p50_ms']:>7.1f} ms  p95={row['p95_ms']:>7.1f} ms"
                  f"  | admin p95={row['admin_changelist_p95_ms']:>7.1f} ms  bare p95={row['bare_view_p95_ms']:>6.1f} ms", flush=True)
    clear_url_caches()
    return results


def minutes_pdf_30_items():
    """Minutes PDF of a 30-item meeting (target: under 2 s), from the national data."""
    from meetings.models import Meeting
    from meetings.pdf import minutes_pdf

    meeting = Meeting.objects.filter(status=Meeting.Status.PUBLISHED).order_by("pk").first()
    items = list(meeting.items.all())
    times = []
    for _ in range(3):
        start = time.perf_counter()
        minutes_pdf(meeting)
        times.append(time.perf_counter() - start)
    return {"page": "minutes PDF", "items": len(items), "median_s": round(statistics.median(times), 3)}


if __name__ == "__main__":
    setup_django()
    from django.db import connection

    print(f"Database: {connection.vendor} {connection.settings_dict['NAME']}, {RUNS} runs per page")
    results = run()
    out = ROOT / "benchmarks" / "results.json"
    out.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"Skrev {out}")
