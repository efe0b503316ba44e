"""The secretariat's structure pages that hang on decisions and cases: sub-committees (appointed by a decision,
reported back as a case, dissolved) and governing documents (each version adopted by a decision)."""
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from bodies import services as body_services
from bodies.models import Body, DocumentVersion, GovernanceDocument
from bodies.permissions import get_for_secretariat, secretariat_partnership
from common import files
from common.web import form_page, issue_form_token, run_service

from . import services
from .structure_forms import (GovernanceDocumentForm, SubcommitteeAppointForm, SubcommitteeDissolveForm, SubcommitteeReportForm,
                              VersionAdoptForm)


def _subcommittee(request, subcommittee_pk):
    body = get_for_secretariat(Body.objects.select_related("partnership", "kind", "appointed_by", "reports_to"),
                               request.user, partnership_path="partnership", pk=subcommittee_pk)
    if not body.kind.is_subcommittee:
        raise Http404
    return body


@login_required
def subcommittee_list(request, slug):
    partnership = secretariat_partnership(request, slug)
    bodies = (Body.objects.filter(partnership=partnership, kind__is_subcommittee=True)
              .select_related("kind", "appointed_by", "reports_to", "appointment__decision__handling__case",
                              "report__case")
              .order_by("-active_from", "name"))
    today = timezone.localdate()
    rows = [{"body": b, "active": b.is_active(today), "overdue": b.is_overdue(today),
             "appointment": getattr(b, "appointment", None), "report": getattr(b, "report", None)} for b in bodies]
    return render(request, "structure/subcommittee_list.html", {"partnership": partnership, "rows": rows, "nav": "bodies"})


@login_required
@require_http_methods(["GET", "POST"])
def subcommittee_appoint(request, slug):
    partnership = secretariat_partnership(request, slug)
    form = SubcommitteeAppointForm(request.POST or None, partnership=partnership)
    if request.method == "POST":
        def call(data):
            return services.subcommittee_create(
                partnership=partnership, kind=data["kind"], name=data["name"], short_name=data["short_name"],
                appointed_by=data["appointed_by"], appointing_decision=data["appointing_decision"], mandate=data["mandate"],
                deadline=data["deadline"], active_from=data["active_from"], reports_to=data["reports_to"],
                priority_group=data["priority_group"], term_years=data["term_years"], by=request.user)

        response = run_service(request, form, call, token=True,
                               success=lambda body: _("%(body)s er oppnevnt. Oppnevn medlemmene på utvalgets side.") % {"body": body.name},
                               redirect_to=lambda body: reverse("bodies:body_detail", kwargs={"body_pk": body.pk}) if body
                               else reverse("structure:subcommittee_list", kwargs={"slug": partnership.slug}))
        if response:
            return response
    return form_page(request, form=form, title=_("Oppnevn utvalg"), partnership=partnership, submit_label=_("Oppnevn utvalget"),
                     cancel_url=reverse("structure:subcommittee_list", kwargs={"slug": partnership.slug}), nav="bodies",
                     token=True, intro=_("Et underutvalg, KSU eller en arbeidsgruppe oppnevnes ved et vedtak i SU (eller i "
                                         "sekretariatet for midlertidige grupper), med mandat og frist."))


@login_required
@require_http_methods(["GET", "POST"])
def subcommittee_report(request, subcommittee_pk):
    body = _subcommittee(request, subcommittee_pk)
    form = SubcommitteeReportForm(request.POST or None, body=body)
    back = reverse("structure:subcommittee_list", kwargs={"slug": body.partnership.slug})
    if request.method == "POST":
        response = run_service(request, form, lambda data: services.subcommittee_report(body=body, case=data["report_case"], by=request.user),
                               token=True, redirect_to=back,
                               success=_("Rapporten fra %(body)s er registrert.") % {"body": body.name})
        if response:
            return response
    target = body.reports_to or body.appointed_by
    return form_page(request, form=form, title=_("Rapport fra %(body)s") % {"body": body.name}, partnership=body.partnership,
                     submit_label=_("Registrer rapporten"), cancel_url=back, nav="bodies", token=True, obj=body,
                     intro=_("Utvalget rapporterer tilbake til %(target)s: velg saken der rapporten legges fram. "
                             "Meld og registrer saken først om den ikke finnes.") % {"target": target})


@login_required
@require_http_methods(["GET", "POST"])
def subcommittee_dissolve(request, subcommittee_pk):
    body = _subcommittee(request, subcommittee_pk)
    form = SubcommitteeDissolveForm(request.POST or None)
    back = reverse("structure:subcommittee_list", kwargs={"slug": body.partnership.slug})
    if request.method == "POST":
        response = run_service(request, form, lambda data: body_services.subcommittee_dissolve(body=body, on=data["on"], by=request.user),
                               token=True, redirect_to=back, success=_("%(body)s er oppløst.") % {"body": body.name})
        if response:
            return response
    return form_page(request, form=form, title=_("Oppløs %(body)s") % {"body": body.name}, partnership=body.partnership,
                     submit_label=_("Oppløs utvalget"), cancel_url=back, nav="bodies", token=True, obj=body)


@login_required
def document_list(request, slug):
    partnership = secretariat_partnership(request, slug)
    today = timezone.localdate()
    documents = (GovernanceDocument.objects.for_partnership(partnership).select_related("body", "revision__case")
                 .prefetch_related(Prefetch("versions", queryset=DocumentVersion.objects.order_by("-number"))))
    rows = []
    for document in documents:
        versions = list(document.versions.all())
        in_force = next((v for v in sorted(versions, key=lambda v: (v.valid_from, v.number), reverse=True) if v.valid_from <= today), None)
        rows.append({"document": document, "in_force": in_force, "count": len(versions),
                     "revision": getattr(document, "revision", None)})
    return render(request, "structure/document_list.html", {"partnership": partnership, "rows": rows, "nav": "bodies"})


@login_required
@require_http_methods(["GET", "POST"])
def document_create(request, slug):
    partnership = secretariat_partnership(request, slug)
    form = GovernanceDocumentForm(request.POST or None, partnership=partnership)
    if request.method == "POST":
        def call(data):
            return body_services.governance_document_create(partnership=partnership, kind=data["kind"], title=data["title"],
                                                            body=data["body"], number=data["number"], by=request.user)

        response = run_service(request, form, call, token=True,
                               success=lambda document: _("%(document)s er registrert. Legg inn den vedtatte versjonen.") % {"document": document},
                               redirect_to=lambda document: reverse("structure:document_detail", kwargs={"governance_document_pk": document.pk})
                               if document else reverse("structure:document_list", kwargs={"slug": partnership.slug}))
        if response:
            return response
    return form_page(request, form=form, title=_("Nytt styringsdokument"), partnership=partnership, submit_label=_("Registrer dokumentet"),
                     cancel_url=reverse("structure:document_list", kwargs={"slug": partnership.slug}), nav="bodies", token=True)


def _document(request, governance_document_pk):
    return get_for_secretariat(GovernanceDocument.objects.select_related("partnership", "body"), request.user,
                               partnership_path="partnership", pk=governance_document_pk)


@login_required
def document_detail(request, governance_document_pk):
    document = _document(request, governance_document_pk)
    versions = list(document.versions.select_related("adoption__decision__handling__case", "adoption__decision__handling__body")
                    .order_by("-number"))
    in_force = document.version_in_force()
    return render(request, "structure/document_detail.html", {
        "partnership": document.partnership, "document": document, "versions": versions, "in_force": in_force,
        "revision": getattr(document, "revision", None), "nav": "bodies",
    })


@login_required
@require_http_methods(["GET", "POST"])
def version_adopt(request, governance_document_pk):
    document = _document(request, governance_document_pk)
    current = document.versions.order_by("-number").first()
    form = VersionAdoptForm(request.POST or None, request.FILES or None, document=document,
                            initial={"text": current.text if current else ""})
    detail = reverse("structure:document_detail", kwargs={"governance_document_pk": document.pk})
    if request.method == "POST":
        def call(data):
            return services.document_version_adopt(document=document, text=data["text"], valid_from=data["valid_from"],
                                                   adopted_by=data["adopted_by"], change_note=data["change_note"],
                                                   file=data["file"], by=request.user)

        response = run_service(request, form, call, token=True, redirect_to=detail,
                               success=lambda version: _("Versjon %(number)s av %(document)s er registrert.") % {
                                   "number": version.number, "document": document})
        if response:
            return response
    return render(request, "structure/version_adopt.html", {
        "partnership": document.partnership, "document": document, "form": form, "current": current, "nav": "bodies",
        "form_token": issue_form_token(request),
    })


@login_required
def version_file(request, version_pk):
    version = get_for_secretariat(DocumentVersion.objects.select_related("document__partnership"), request.user,
                                  partnership_path="document.partnership", pk=version_pk)
    if not version.file:
        raise Http404
    return files.stored_file_response(version.file, title=_("%(title)s versjon %(number)s") % {"title": version.document.title, "number": version.number})
