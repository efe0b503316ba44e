"""The Noark 5 extract of a partnership's year: a page with the years, and the extract of a year as a zip file.

For those who deliver the partnership's archive: superusers and the partnership's secretariat (who run its year
in the app, without the admin); everyone else answers 403, an unknown partnership 404.
"""
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from bodies.permissions import secretariat_partnership
from common import files
from meetings.models import Meeting

from .noark5 import ExportError, build_extract


def _years(partnership):
    return [day.year for day in Meeting.objects.filter(body__partnership=partnership).dates("starts_at", "year", order="DESC")]


@require_GET
@login_required
def noark5_years(request, slug):
    partnership = secretariat_partnership(request, slug)
    return render(request, "archive/noark5.html", {"partnership": partnership, "years": _years(partnership)})


@require_GET
@login_required
def noark5_download(request, slug, year):
    partnership = secretariat_partnership(request, slug)
    years = _years(partnership)
    if year not in years:
        raise Http404
    try:
        extract = build_extract(partnership, year)
    except ExportError as exc:
        return render(request, "archive/noark5.html", {"partnership": partnership, "years": years,
                                                       "error": str(exc)}, status=409)
    return files.file_response(extract.zip_bytes(), filename=f"noark5-{partnership.slug}-{year}.zip",
                               content_type="application/zip", private=True)
