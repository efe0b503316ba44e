"""The minutes PDF of a 30-item meeting, measured against WeasyPrint rendering the same text as a plain page.

    .venv/bin/python benchmarks/minutes_pdf.py                    # throwaway in-memory SQLite
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/hf_bench .venv/bin/python benchmarks/minutes_pdf.py

The database is a throwaway test database (created and dropped by the script). The script builds one
meeting with 30 decided cases (decision points, reservations, protocol notes, follow-up tasks) and
times, as the median of a few interleaved runs in the same process (wall-clock and CPU time):

- minutes: meetings.pdf.minutes_pdf(meeting) as approval stores it (queries, template, WeasyPrint, PDF/A-3b);
- minutes_draft: the same without the PDF/A variant;
- plain: WeasyPrint rendering a bare HTML page holding the same text (no stylesheet, no queries);
- queries_and_template: the part of `minutes` before WeasyPrint (context queries and the Django template).

It prints the figures and the ratio and writes them to benchmarks/minutes_pdf.json.
"""
import io
import json
import os
import platform
import re
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from html import escape, unescape
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
RUNS = int(os.environ.get("BENCH_RUNS", "15"))
ITEMS = 30


def setup_django():
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "helsefellesskap.settings.test")
    os.environ.setdefault("SECRET_KEY", "benchmark-only-not-secret")
    os.environ["MEDIA_ROOT"] = tempfile.mkdtemp(prefix="hf-bench-media-")
    import django

    django.setup()
    from django.db import connection

    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    return connection, old_name


def build_meeting():
    """One SU meeting with 30 decided cases, written directly (setup is not what is measured)."""
    from bodies.models import Body, BodyKind, Partnership, Party, Side
    from cases.models import Case, Decision, DecisionPoint, FollowUpTask, Handling, Position, ProtocolNote, Purpose
    from meetings.models import AgendaItem, Attendance, Meeting
    from members.models import Membership, Person

    tz = ZoneInfo("Europe/Oslo")
    partnership = Partnership.objects.create(name="Helsefellesskap Benchmark", slug="benchmark")
    hf = Party.objects.create(partnership=partnership, name="Benchmark HF", kind=Party.Kind.HEALTH_TRUST, side=Side.SPECIALIST)
    kind = BodyKind.objects.create(name="Strategisk samarbeidsutvalg", slug="su-bench")
    body = Body.objects.create(partnership=partnership, kind=kind, name="Strategisk samarbeidsutvalg", short_name="SU")
    term = {"term_start": date(2020, 1, 1), "term_end": date(2030, 12, 31)}
    members = []
    for n in range(10):
        side = Side.SPECIALIST if n < 5 else Side.MUNICIPAL
        person = Person.objects.create(first_name=f"Medlem{n}", last_name="Benchmark", email=f"m{n}@example.no")
        role = Membership.Role.CHAIR if n == 5 else Membership.Role.VICE_CHAIR if n == 0 else Membership.Role.MEMBER
        members.append(Membership.objects.create(person=person, body=body, role=role, side=side, **term))
    for n, seat in enumerate((Membership.Seat.GP, Membership.Seat.USER_REPRESENTATIVE, Membership.Seat.EMPLOYEE_REPRESENTATIVE)):
        person = Person.objects.create(first_name=f"Observatør{n}", last_name="Benchmark")
        members.append(Membership.objects.create(person=person, body=body, role=Membership.Role.OBSERVER, side=Side.NONE,
                                                 seat=seat, can_vote=False, **term))
    starts = datetime(2024, 11, 25, 10, tzinfo=tz)
    meeting = Meeting.objects.create(body=body, starts_at=starts, place="Teams", chair=members[5], status=Meeting.Status.HELD)
    for membership in members:
        Attendance.objects.create(meeting=meeting, membership=membership, status=Attendance.Status.PRESENT,
                                  can_vote=membership.can_vote and membership.role != Membership.Role.OBSERVER,
                                  can_speak=True, can_propose=membership.role != Membership.Role.OBSERVER)
    text = ("Saken ble presentert av sekretariatet. Representantene for kommunene og foretaket drøftet konsekvensene "
            "for pasientforløpene, økonomien og bemanningen, og ba om at erfaringene oppsummeres til neste møte. ")
    for i in range(1, ITEMS + 1):
        case = Case.objects.create(partnership=partnership, body=body, year=2024, number=i, status=Case.Status.DECIDED,
                                   title=f"Felles tjenestemodell for pasientgruppe {i} i helsefellesskapet")
        handling = Handling.objects.create(case=case, body=body, held_at=starts, purpose=Purpose.DECISION, authoritative=True,
                                           outcome=Handling.Outcome.DECIDED, concluded_at=starts)
        AgendaItem.objects.create(meeting=meeting, position=i, handling=handling, discussion=text * 2)
        decision = Decision.objects.create(handling=handling, decided_at=starts)
        for p in range(1, 4):
            DecisionPoint.objects.create(decision=decision, number=p, text=f"Punkt {p} i vedtaket i sak {i}/2024: " + text[:160])
        for n, membership in enumerate(members[:10]):
            reserved = n == (i % 10)
            Position.objects.create(handling=handling, membership=membership,
                                    stance=Position.Stance.AGREE_WITH_RESERVATION if reserved else Position.Stance.AGREE,
                                    reservation="Forutsetter finansiering over statsbudsjettet." if reserved else "")
        ProtocolNote.objects.create(handling=handling, side=Side.MUNICIPAL, text="Kommunesiden ber om en evaluering etter ett år.")
        FollowUpTask.objects.create(case=case, decision=decision, title=f"Oppfølging av sak {i}/2024", responsible_party=hf,
                                    deadline=date(2025, 3, 1) + timedelta(days=i))
    return meeting


def interleaved_medians(functions, runs):
    """Run the functions in turn, `runs` rounds, so a busy machine slows them alike.

    Returns {name: (median wall seconds, median CPU seconds of this process)}.
    """
    wall = {name: [] for name in functions}
    cpu = {name: [] for name in functions}
    for _ in range(runs):
        for name, function in functions.items():
            start, start_cpu = time.perf_counter(), time.process_time()
            function()
            wall[name].append(time.perf_counter() - start)
            cpu[name].append(time.process_time() - start_cpu)
    return {name: (statistics.median(wall[name]), statistics.median(cpu[name])) for name in functions}


def main():
    connection, old_name = setup_django()
    try:
        from django.template.loader import render_to_string
        from pypdf import PdfReader
        from weasyprint import HTML

        from meetings import pdf

        meeting = build_meeting()
        html = render_to_string("meetings/pdf/minutes.html", pdf.minutes_context(meeting))
        # The same text as a plain page: every text run of the minutes as a paragraph, no stylesheet.
        body = re.sub(r"<(style|title)[^>]*>.*?</\1>", "", html, flags=re.S)
        runs_of_text = [unescape(t).strip() for t in re.split(r"<[^>]+>", body)]
        plain_html = "<!doctype html><html lang=nb><meta charset=utf-8><body>" + "".join(
            f"<p>{escape(t)}</p>" for t in runs_of_text if t) + "</body></html>"

        def plain():
            return HTML(string=plain_html).write_pdf()

        def minutes():
            return pdf.minutes_pdf(meeting, pdf_variant="pdf/a-3b")

        def minutes_draft():
            return pdf.minutes_pdf(meeting)

        # Warm up fonts and caches once each, and record the sizes.
        sizes = {"minutes": len(minutes()), "minutes_draft": len(minutes_draft()), "plain": len(plain())}
        def html_only():
            return render_to_string("meetings/pdf/minutes.html", pdf.minutes_context(meeting))

        results = interleaved_medians({"minutes": minutes, "minutes_draft": minutes_draft, "plain": plain,
                                       "queries_and_template": html_only}, RUNS)
        pages = {"minutes": len(PdfReader(io.BytesIO(minutes())).pages), "plain": len(PdfReader(io.BytesIO(plain())).pages)}
        report = {
            "items": ITEMS,
            "runs": RUNS,
            "database": connection.vendor,
            "python": platform.python_version(),
            "load_average_1min": round(os.getloadavg()[0], 2),
            "minutes_seconds": round(results["minutes"][0], 3),
            "minutes_draft_seconds": round(results["minutes_draft"][0], 3),
            "plain_seconds": round(results["plain"][0], 3),
            "queries_and_template_seconds": round(results["queries_and_template"][0], 3),
            "ratio_minutes_to_plain": round(results["minutes"][0] / results["plain"][0], 2),
            "cpu_seconds": {name: round(value[1], 3) for name, value in results.items()},
            "ratio_minutes_to_plain_cpu": round(results["minutes"][1] / results["plain"][1], 2),
            "pages": pages,
            "bytes": sizes,
        }
        print(f"Protokoll, {ITEMS} saker, median av {RUNS} kjøringer ({connection.vendor}):")
        print(f"  protokoll (PDF/A-3b):      {report['minutes_seconds']:.3f} s  ({pages['minutes']} sider)")
        print(f"  protokoll (utkast):        {report['minutes_draft_seconds']:.3f} s")
        print(f"  herav spørringer og mal:   {report['queries_and_template_seconds']:.3f} s")
        print(f"  ren HTML, samme tekst:     {report['plain_seconds']:.3f} s  ({pages['plain']} sider)")
        print(f"  forhold protokoll / ren:   {report['ratio_minutes_to_plain']:.2f} "
              f"(CPU-tid: {report['ratio_minutes_to_plain_cpu']:.2f}; belastning {report['load_average_1min']})")
        (ROOT / "benchmarks" / "minutes_pdf.json").write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
