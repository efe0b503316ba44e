"""The annual report pages: HTML with charts, PDF and CSV. Secretariat of the partnership only."""
import csv
import io

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from bodies.models import Partnership
from bodies.permissions import require_secretariat
from common import files

from .annual_report import build_annual_report, report_csv_rows
from meetings.pdf import default_base_url, render_pdf

FIRST_YEAR = 2000


def _report_for(request, slug, year):
    partnership = get_object_or_404(Partnership, slug=slug)
    require_secretariat(request.user, partnership)
    if not FIRST_YEAR <= year <= timezone.localdate().year:
        raise Http404
    return build_annual_report(partnership, year)


@require_GET
@login_required
def report_latest(request, slug):
    partnership = get_object_or_404(Partnership, slug=slug)
    require_secretariat(request.user, partnership)
    return redirect("reports:annual_report", slug=slug, year=timezone.localdate().year - 1)


@require_GET
@login_required
def annual_report(request, slug, year):
    report = _report_for(request, slug, year)
    years = range(timezone.localdate().year, FIRST_YEAR - 1, -1)
    return render(request, "reports/annual_report.html", {"report": report, "partnership": report.partnership, "years": years[:8]})


@require_GET
@login_required
def annual_report_pdf(request, slug, year):
    report = _report_for(request, slug, year)
    pdf = render_pdf("reports/pdf/annual_report.html", {"report": report, "partnership": report.partnership},
                     base_url=default_base_url())
    return files.file_response(pdf, filename=f"arlig-melding-{slug}-{year}.pdf", content_type=files.PDF)


@require_GET
@login_required
def annual_report_csv(request, slug, year):
    report = _report_for(request, slug, year)
    out = io.StringIO()
    out.write("\ufeff")  # so spreadsheet programs read the Norwegian letters as UTF-8
    csv.writer(out, delimiter=";").writerows(report_csv_rows(report))
    return files.file_response(out.getvalue().encode("utf-8"), filename=f"arlig-melding-{slug}-{year}.csv",
                               content_type="text/csv; charset=utf-8")
