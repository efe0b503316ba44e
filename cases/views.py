"""The secretariat's case pages: list and search, report, register and route, the case's path, anchoring and tasks."""
from django.contrib.auth.decorators import login_required
from django.db.models import Exists, OuterRef, Q
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from bodies.models import body_label
from bodies.permissions import get_for_secretariat, secretariat_partnership
from common import search
from common.choices import choice_label
from common.web import form_page, page_with_total, run_service, url_of_each

from . import selectors, services
from .documents import case_documents
from .forms import (
    AnchoringAnswerForm, AnchoringAnswersForm, DecisionCorrectForm, AnchoringRoundForm, CaseCloseForm, CaseEditForm, CaseFilterForm,
    CaseRegisterForm, CaseTemplateForm, TaskCompleteForm, TaskForm, default_deadline,
)
from .models import AnchoringAnswer, AnchoringRound, Case, DecisionPoint, FollowUpTask, Handling

PAGE_SIZE = 50
NO_DECISION = gettext_lazy("Behandlingen har ikke noe vedtak å rette.")
SEARCH_FIELDS = ("title", "background", "subject", "proposed_decision")


def _search(cases, q):
    """Cases whose text or decision points have every word of `q` (full-text in Norwegian on PostgreSQL)."""
    in_points = DecisionPoint.objects.filter(decision__handling__case=OuterRef("pk")).filter(
        search.matches(q, fields=("text",)))
    return cases.filter(search.matches(q, fields=SEARCH_FIELDS) | Exists(in_points))


@login_required
def case_list(request, slug):
    partnership = secretariat_partnership(request, slug)
    form = CaseFilterForm(request.GET or None, partnership=partnership)
    cases = Case.objects.filter(partnership=partnership)
    if form.is_valid():
        data = form.cleaned_data
        if data["body"]:
            cases = cases.filter(body=data["body"])
        if data["year"]:
            cases = cases.filter(year=data["year"])
        if data["status"]:
            cases = cases.filter(status=data["status"])
        if data["priority_group"]:
            cases = cases.filter(priority_groups=data["priority_group"])
        if data["party"]:
            party = data["party"]
            cases = cases.filter(Q(on_behalf_of=party) | Exists(AnchoringAnswer.objects.filter(round__case=OuterRef("pk"), party=party)))
        if data["q"]:
            cases = _search(cases, data["q"].strip())
    # Only what the table shows, as plain rows (a model instance per case and per body cost more than the table), with
    # each row's link numbered from one reversed link.
    cases = cases.order_by("-reported_at", "-pk").values(
        "pk", "year", "number", "title", "status", "reported_at", body_label=body_label("body__"))
    page = page_with_total(cases, PAGE_SIZE, request.GET.get("side"))
    detail_url, status_label = url_of_each("cases:case_detail", "case_pk"), choice_label(Case, "status")
    page.object_list = [{**row, "case_number": Case.number_label(row["number"], row["year"]), "detail_url": detail_url(row["pk"]),
                         "status_label": status_label(row["status"])} for row in page.object_list]
    query = request.GET.copy()
    query.pop("side", None)
    return render(request, "cases/case_list.html", {
        "partnership": partnership, "form": form, "page": page, "query": query.urlencode(), "nav": "cases",
    })


@login_required
@require_http_methods(["GET", "POST"])
def case_report(request, slug):
    partnership = secretariat_partnership(request, slug)
    form = CaseTemplateForm(request.POST or None, partnership=partnership)
    if request.method == "POST":
        def call(data):
            fields = {name: data[name] for name in CaseTemplateForm.TEMPLATE_FIELDS}
            return services.case_report(partnership=partnership, title=data["title"], case_type=data["case_type"], by=request.user,
                                        reported_by=data["reported_by"], on_behalf_of=data["on_behalf_of"], **fields)

        response = run_service(request, form, call, token=True,
                               success=lambda case: _("Saken «%(title)s» er meldt.") % {"title": case.title},
                               redirect_to=lambda case: reverse("cases:case_detail", kwargs={"case_pk": case.pk}) if case
                               else reverse("cases:case_list", kwargs={"slug": partnership.slug}))
        if response:
            return response
    return form_page(request, form=form, title=_("Meld en sak"), partnership=partnership, submit_label=_("Meld saken"),
                     cancel_url=reverse("dashboard", kwargs={"slug": partnership.slug}), nav="cases", token=True,
                     intro=_("Saker meldes til sekretariatet på malen. Sekretariatet registrerer saken og ruter den til riktig organ."))


def _get_case(request, case_pk):
    return get_for_secretariat(Case.objects.select_related("partnership", "body", "reported_by", "on_behalf_of"),
                               request.user, partnership_path="partnership", pk=case_pk)


@login_required
def case_detail(request, case_pk):
    # The case with what the page shows of it, its body, who reported it and the partnership (not their other columns).
    case = get_for_secretariat(
        Case.objects.select_related("partnership", "body", "reported_by", "on_behalf_of").only(*CASE_PAGE_FIELDS),
        request.user, partnership_path="partnership", pk=case_pk)
    # The case's path, rounds and tasks as plain rows, read once; the newest decision and the reasons the case
    # cannot be closed yet are taken from them.
    handlings = selectors.case_path(case)
    rounds = selectors.case_rounds(case)
    tasks = selectors.case_tasks(case)
    is_open = case.status != Case.Status.CLOSED
    return render(request, "cases/case_detail.html", {
        "partnership": case.partnership, "case": case, "handlings": handlings, "rounds": rounds, "nav": "cases",
        "tasks": tasks,
        # Case.current_decision: the newest version of the newest decision.
        "decision": selectors.newest_decision(handlings),
        "is_open": is_open,
        "close_problems": services.close_problems(handlings=handlings, tasks=tasks, rounds=[(r, r.answers) for r in rounds])
        if is_open else [],
        "history": selectors.case_history(case),
        "documents": case_documents(case),
    })


# What the case page shows of the case and its relations.
CASE_PAGE_FIELDS = (
    "partnership__name", "partnership__slug", "body__name", "body__short_name", "year", "number", "case_type", "status", "title",
    "background", "subject", "proposed_decision", "consequences_hf", "consequences_municipalities", "consequences_patients",
    "consequences_economy", "reported_by__first_name", "reported_by__last_name", "on_behalf_of__name", "reported_at",
    "registered_at", "urgent",
)


@login_required
@require_http_methods(["GET", "POST"])
def case_register(request, case_pk):
    case = _get_case(request, case_pk)
    form = CaseRegisterForm(request.POST or None, partnership=case.partnership)
    if request.method == "POST":
        response = run_service(
            request, form, lambda data: services.case_register(case=case, body=data["body"], by=request.user),
            success=lambda c: _("Saken er registrert som %(number)s i %(body)s.") % {"number": c.case_number, "body": c.body},
            redirect_to=reverse("cases:case_detail", kwargs={"case_pk": case.pk}))
        if response:
            return response
    return form_page(request, form=form, title=_("Registrer og rut «%(title)s»") % {"title": case.title}, partnership=case.partnership,
                     submit_label=_("Registrer saken"), cancel_url=reverse("cases:case_detail", kwargs={"case_pk": case.pk}), nav="cases")


@login_required
@require_http_methods(["GET", "POST"])
def case_edit(request, case_pk):
    case = _get_case(request, case_pk)
    if request.method == "POST":
        form = CaseEditForm(request.POST, partnership=case.partnership)

        def call(data):
            fields = {name: data[name] for name in ("title", "case_type", "reported_by", "on_behalf_of", *CaseTemplateForm.TEMPLATE_FIELDS)}
            return services.case_update(case=case, expected_version=data["version"], by=request.user, **fields)

        response = run_service(request, form, call, success=_("Saken er lagret."),
                               redirect_to=reverse("cases:case_detail", kwargs={"case_pk": case.pk}))
        if response:
            return response
    else:
        initial = {name: getattr(case, name) for name in ("title", "case_type", "reported_by", "on_behalf_of", "background", "subject",
                                                           "proposed_decision", "consequences_hf", "consequences_municipalities",
                                                           "consequences_patients", "consequences_economy")}
        initial["priority_groups"] = list(case.priority_groups.all())
        initial["version"] = case.version
        form = CaseEditForm(initial=initial, partnership=case.partnership)
    return form_page(request, form=form, title=_("Endre «%(title)s»") % {"title": case.title}, partnership=case.partnership,
                     submit_label=_("Lagre"), cancel_url=reverse("cases:case_detail", kwargs={"case_pk": case.pk}), nav="cases")


@login_required
@require_http_methods(["GET", "POST"])
def anchoring_round_start(request, case_pk):
    case = _get_case(request, case_pk)
    form = AnchoringRoundForm(request.POST or None, initial={"deadline": default_deadline()}, partnership=case.partnership)
    if request.method == "POST":
        def call(data):
            return services.anchoring_round_start(case=case, decision=None, deadline=data["deadline"], by=request.user, title=data["title"],
                                                  parties=list(data["parties"]) or None, threshold=data["threshold"],
                                                  threshold_value=data["threshold_value"])

        response = run_service(request, form, call, token=True, success=_("Tilslutningsrunden er startet."),
                               redirect_to=lambda r: reverse("cases:round_detail", kwargs={"round_pk": r.pk}) if r
                               else reverse("cases:case_detail", kwargs={"case_pk": case.pk}))
        if response:
            return response
    return form_page(request, form=form, title=_("Send vedtaket til tilslutning hos partene"), partnership=case.partnership, token=True,
                     submit_label=_("Start tilslutningsrunden"), cancel_url=reverse("cases:case_detail", kwargs={"case_pk": case.pk}), nav="cases")


SAVED = "lagret"


@login_required
@require_http_methods(["GET", "POST"])
def round_detail(request, round_pk):
    """The round: its tally, and every party's answer in one table (one form) with a page of its own for conditions."""
    anchoring_round = get_for_secretariat(AnchoringRound.objects.select_related("case__partnership", "decision"), request.user,
                                          partnership_path="case.partnership", pk=round_pk)
    answers = anchoring_round.answers.select_related("party").order_by("party__kind", "party__name")
    form = AnchoringAnswersForm(request.POST or None, answers=answers)
    url = reverse("cases:round_detail", kwargs={"round_pk": anchoring_round.pk})
    if request.method == "POST":
        def call(data):
            return services.anchoring_answers_record(round=anchoring_round, rows=form.service_rows(), by=request.user)

        def back(saved):
            # Focus on the next party without an answer (autofocus scrolls there), or the table when all have answered.
            waiting = anchoring_round.answers.filter(response=AnchoringAnswer.Response.NOT_ANSWERED).exists()
            return f"{url}?{SAVED}=1" if waiting else f"{url}#svarene"

        response = run_service(request, form, call, redirect_to=back,
                               success=lambda saved: _("%(count)s svar er registrert.") % {"count": len(saved)})
        if response:
            return response
    elif request.GET.get(SAVED):
        # Back from a save: keyboard focus on the next party that has not answered, so entry goes on from there.
        waiting = next((a for a in form.answers if a.response == AnchoringAnswer.Response.NOT_ANSWERED), None)
        if waiting is not None:
            form.fields[f"response_{waiting.pk}"].widget.attrs["autofocus"] = True
    return render(request, "cases/round_detail.html", {
        "partnership": anchoring_round.case.partnership, "round": anchoring_round, "case": anchoring_round.case, "answers": answers,
        "form": form, "tally": services.anchoring_tally(anchoring_round), "nav": "cases",
    })


@login_required
@require_http_methods(["GET", "POST"])
def answer_record(request, answer_pk):
    answer = get_for_secretariat(AnchoringAnswer.objects.select_related("round__case__partnership", "party"), request.user,
                                 partnership_path="round.case.partnership", pk=answer_pk)
    initial = {name: getattr(answer, name) for name in ("response", "reservation", "condition", "condition_value", "amendment",
                                                         "local_reference", "decided_on")}
    form = AnchoringAnswerForm(request.POST or None, initial=initial)
    if request.method == "POST":
        response = run_service(
            request, form, lambda data: services.anchoring_answer_record(answer=answer, by=request.user, **data),
            success=_("Svaret fra %(party)s er registrert.") % {"party": answer.party},
            redirect_to=reverse("cases:round_detail", kwargs={"round_pk": answer.round_id}))
        if response:
            return response
    return form_page(request, form=form, title=_("Svar fra %(party)s") % {"party": answer.party}, partnership=answer.round.case.partnership,
                     submit_label=_("Registrer svaret"), cancel_url=reverse("cases:round_detail", kwargs={"round_pk": answer.round_id}),
                     intro=answer.round.title, nav="cases")


@login_required
@require_http_methods(["GET", "POST"])
def task_create(request, case_pk):
    case = _get_case(request, case_pk)
    form = TaskForm(request.POST or None, partnership=case.partnership, initial={"deadline": default_deadline()})
    if request.method == "POST":
        response = run_service(
            request, form, lambda data: services.task_create(case=case, by=request.user, decision=case.current_decision(), **data),
            token=True, success=_("Oppgaven er lagt til."), redirect_to=reverse("cases:case_detail", kwargs={"case_pk": case.pk}))
        if response:
            return response
    return form_page(request, form=form, title=_("Ny oppfølgingsoppgave"), partnership=case.partnership, token=True,
                     submit_label=_("Legg til oppgaven"), cancel_url=reverse("cases:case_detail", kwargs={"case_pk": case.pk}), nav="cases")


@login_required
@require_http_methods(["GET", "POST"])
def task_complete(request, task_pk):
    task = get_for_secretariat(FollowUpTask.objects.select_related("case__partnership"), request.user,
                               partnership_path="case.partnership", pk=task_pk)
    form = TaskCompleteForm(request.POST or None)
    if request.method == "POST":
        response = run_service(request, form, lambda data: services.task_complete(task=task, by=request.user, note=data["note"]),
                               success=_("Oppgaven er fullført."), redirect_to=reverse("cases:case_detail", kwargs={"case_pk": task.case_id}))
        if response:
            return response
    return form_page(request, form=form, title=_("Fullfør «%(title)s»") % {"title": task.title}, partnership=task.case.partnership,
                     submit_label=_("Fullfør"), cancel_url=reverse("cases:case_detail", kwargs={"case_pk": task.case_id}), nav="cases")


@login_required
@require_http_methods(["GET", "POST"])
def decision_correct(request, handling_pk):
    """Correct the newest version of a handling's decision: a new version with its reason."""
    handling = get_for_secretariat(Handling.objects.select_related("case__partnership"), request.user,
                                   partnership_path="case.partnership", pk=handling_pk)
    decision = handling.decisions.prefetch_related("points").order_by("-version").first()
    case_url = reverse("cases:case_detail", kwargs={"case_pk": handling.case_id})
    points = "\n".join(p.text for p in decision.points.all()) if decision else ""
    form = DecisionCorrectForm(request.POST or None, initial={"points": points})
    if request.method == "POST":
        if decision is None:
            form.is_valid()
            form.add_error(None, NO_DECISION)
        else:
            def call(d):
                lines = [line for line in d["points"].splitlines() if line.strip()]
                return services.decision_correct(decision=decision, points=lines, reason=d["reason"], by=request.user)

            response = run_service(request, form, call, redirect_to=case_url,
                                   success=lambda new: _("Vedtaket er rettet (versjon %(version)s).") % {"version": new.version})
            if response:
                return response
    return form_page(request, form=form, title=_("Rett vedtaket i %(case)s") % {"case": handling.case}, partnership=handling.case.partnership,
                     submit_label=_("Lagre rettingen"), cancel_url=case_url, nav="cases",
                     intro="" if decision else NO_DECISION)


@login_required
@require_http_methods(["GET", "POST"])
def case_close(request, case_pk):
    """Close the case, when nothing more is to happen in it; the page says what still stands in the way."""
    case = _get_case(request, case_pk)
    case_url = reverse("cases:case_detail", kwargs={"case_pk": case.pk})
    form = CaseCloseForm(request.POST or None)
    if request.method == "POST":
        response = run_service(request, form, lambda d: services.case_close(case=case, by=request.user, reason=d["reason"]),
                               success=_("Saken er avsluttet."), redirect_to=case_url)
        if response:
            return response
    problems = services.case_close_problems(case)  # the service checks them itself; read here only for the page
    intro = " ".join(problems) if problems else _("Når saken er avsluttet, skjer det ikke mer i den.")
    return form_page(request, form=form, title=_("Avslutt «%(title)s»") % {"title": case.title}, partnership=case.partnership,
                     submit_label=_("Avslutt saken"), cancel_url=case_url, nav="cases", intro=intro)
