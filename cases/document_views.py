"""The secretariat's document pages of a case: upload a document, upload a new version of one."""
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from bodies.permissions import get_for_secretariat
from common.web import issue_form_token, run_service

from . import documents
from .document_forms import DocumentUploadForm, DocumentVersionForm
from .models import Case, CaseDocument


def _case_url(case):
    return reverse("cases:case_detail", kwargs={"case_pk": case.pk}) + "#dokumenter"


def _page(request, *, form, case, title, submit_label, intro=""):
    return render(request, "cases/document_form.html", {
        "form": form, "case": case, "partnership": case.partnership, "title": title, "intro": intro,
        "submit_label": submit_label, "cancel_url": _case_url(case), "form_token": issue_form_token(request), "nav": "cases",
    })


@login_required
@require_http_methods(["GET", "POST"])
def document_upload(request, case_pk):
    case = get_for_secretariat(Case.objects.select_related("partnership"), request.user, partnership_path="partnership", pk=case_pk)
    form = DocumentUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        response = run_service(
            request, form, lambda d: documents.document_upload(case=case, by=request.user, **d), token=True,
            success=lambda document: _("«%(title)s» er lastet opp.") % {"title": document.title},
            redirect_to=lambda document: _case_url(case))
        if response:
            return response
    return _page(request, form=form, case=case, title=_("Last opp dokument"), submit_label=_("Last opp"), intro=str(case))


@login_required
@require_http_methods(["GET", "POST"])
def document_new_version(request, document_pk):
    document = get_for_secretariat(CaseDocument.objects.select_related("case__partnership"), request.user,
                                   partnership_path="case.partnership", pk=document_pk)
    case = document.case
    initial = {"title": document.title, "exempt": document.exempt, "legal_basis": document.legal_basis}
    form = DocumentVersionForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST":
        response = run_service(
            request, form, lambda d: documents.document_new_version(document=document, by=request.user, **d), token=True,
            success=lambda new: _("Versjon %(version)s av «%(title)s» er lastet opp.") % {"version": new.version, "title": new.title},
            redirect_to=lambda new: _case_url(case))
        if response:
            return response
    return _page(request, form=form, case=case, title=_("Ny versjon av «%(title)s»") % {"title": document.title},
                 submit_label=_("Last opp ny versjon"),
                 intro=_("Den forrige versjonen blir liggende i saken og vises under den nye."))
