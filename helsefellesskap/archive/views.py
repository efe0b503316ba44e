"""The Noark 5 extract of a partnership's year: a page with the years, and the extract of a year as a zip file.

For those who deliver the partnership's archive: superusers and the partnership's secretariat (who run its year
in the app, without the admin); everyone else answers 403, an unknown partnership 404.
"""
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from bodies.models import Partnership
from bodies.permissions import is_secretariat
from common import files
from meetings.models import Meeting

from .noark5 import ExportError, build_extract


def may_export(user, partnership):
    return user.is_authenticated and (user.is_superuser or is_secretariat(user, partnership))


def _partnership_for_admin(request, slug):
    partnership = get_object_or_404(Partnership, slug=slug)
    if not may_export(request.user, partnership):
        raise PermissionDenied
    return partnership


def _years(partnership):
    return [day.year for day in Meeting.objects.filter(body__partnership=partnership).dates("starts_at", "year", order="DESC")]


@require_GET
@login_required
def noark5_years(request, slug):
    partnership = _partnership_for_admin(request, slug)
    return render(request, "archive/noark5.html", {"partnership": partnership, "years": _years(partnership)})


@require_GET
@login_required
def noark5_download(request, slug, year):
    partnership = _partnership_for_admin(request, slug)
    if year not in _years(partnership):
        raise Http404
    try:
        extract = build_extract(partnership, year)
    except ExportError as exc:
        return render(request, "archive/noark5.html", {"partnership": partnership, "years": _years(partnership),
                                                       "error": str(exc)}, status=409)
    return files.file_response(extract.zip_bytes(), filename=f"noark5-{partnership.slug}-{year}.zip",
                               content_type="application/zip", private=True)
