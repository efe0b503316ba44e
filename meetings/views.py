"""The secretariat's meeting pages: plan, agenda builder, notice, apologies and attendance, running items, minutes, PDFs."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from bodies.permissions import get_for_body_manager, get_for_secretariat, secretariat_partnership
from cases import services as case_services
from cases.models import Case, Purpose
from common import files
from common.web import (
    add_service_errors, form_page, run_service, service_error_text, url_of_each,
)

from . import minutes_review, pdf, services
from .entry import later_held_meetings, present_memberships
from .forms import (
    AgendaAddCaseForm, AgendaCaseForm, AgendaMoveForm, AgendaStandingForm, DecisionForm, DiscussionForm, DisqualificationForm, MeetingPlanForm,
    MinutesApproveForm, MinutesForm, NotTreatedForm, PositionForm, PositionsForm, ProtocolNoteForm,
)
from .models import AgendaItem, Attendance, Meeting
from .selectors import agenda_rows, attendance_rows


def _get_meeting(request, meeting_pk, *related):
    return get_for_body_manager(Meeting.objects.select_related("body__partnership", "chair__person", *related), request.user,
                                body_path="body", pk=meeting_pk)


def _meeting_url(meeting, name="meetings:meeting_detail"):
    return reverse(name, kwargs={"meeting_pk": meeting.pk})


def _post_service(request, call, *, success, to):
    """A one-button action: call the service, show its refusal as a message, go back."""
    try:
        call()
    except ValidationError as exc:
        messages.error(request, service_error_text(exc))
    else:
        messages.success(request, success)
    return redirect(to)


def _pdf(content, filename):
    return files.file_response(content, filename=filename, content_type=files.PDF, inline_pdf=False)


@login_required
def meeting_list(request, slug):
    partnership = secretariat_partnership(request, slug)
    meetings = Meeting.objects.filter(body__partnership=partnership).select_related("body").order_by("-starts_at")[:200]
    return render(request, "meetings/meeting_list.html", {"partnership": partnership, "meetings": meetings, "nav": "meetings"})


@login_required
@require_http_methods(["GET", "POST"])
def meeting_plan(request, slug):
    partnership = secretariat_partnership(request, slug)
    form = MeetingPlanForm(request.POST or None, partnership=partnership)
    if request.method == "POST":
        response = run_service(
            request, form, lambda data: services.meeting_plan(by=request.user, **data), token=True,
            success=lambda m: _("Møtet i %(body)s er planlagt.") % {"body": m.body},
            redirect_to=lambda m: _meeting_url(m) if m else reverse("meetings:meeting_list", kwargs={"slug": slug}))
        if response:
            return response
    return form_page(request, form=form, title=_("Planlegg møte"), partnership=partnership, submit_label=_("Planlegg møtet"),
                     cancel_url=reverse("meetings:meeting_list", kwargs={"slug": slug}), nav="meetings", token=True)


def _items(meeting):
    return meeting.items.select_related("handling__case", "handling__body").order_by("position", "pk")


@login_required
def meeting_detail(request, meeting_pk):
    meeting = _get_meeting(request, meeting_pk, "minutes")
    # Each list with only what it shows: the items' titles or cases' numbers and titles, the people's names.
    minutes = getattr(meeting, "minutes", None) if hasattr(meeting, "minutes") else None
    items = agenda_rows(meeting)
    run_url, presentation_url = url_of_each("meetings:item_run", "item_pk"), url_of_each("meetings:case_presentation_pdf", "case_pk")
    for item in items:
        item["run_url"] = run_url(item["pk"])
        item["presentation_url"] = presentation_url(item["case_id"]) if item["case_id"] else ""
    attendances = attendance_rows(meeting, items)
    return render(request, "meetings/meeting_detail.html", {
        "partnership": meeting.body.partnership, "meeting": meeting, "items": items, "attendances": attendances,
        "minutes": minutes, "approve_form": MinutesApproveForm(meeting=meeting) if meeting.can_approve_minutes else None,
        "later_held": meeting.can_approve_minutes and later_held_meetings(meeting).exists(),
        "request_form": MinutesApproveForm(meeting=meeting, prefix="request") if meeting.can_approve_minutes else None,
        **_minutes_review_context(minutes),
        "nav": "meetings",
    })


def _minutes_review_context(minutes):
    """The approvers asked to approve in the app, their approvals and the attendees' comments on the draft."""
    if minutes is None:
        return {"signatories": [], "app_approvals": [], "minutes_comments": []}
    return {
        "signatories": list(minutes.signatories.select_related("person").order_by("pk")),
        "app_approvals": minutes_review.approvals_in(minutes),
        "minutes_comments": list(minutes.comments.select_related("person").order_by("created_at", "pk")),
    }


@login_required
@require_POST
def minutes_request_approval(request, meeting_pk):
    """Ask the chair and one member from the other side to approve the draft minutes themselves, in the app."""
    meeting = _get_meeting(request, meeting_pk)
    form = MinutesApproveForm(request.POST, meeting=meeting, prefix="request")
    if form.is_valid():
        return _post_service(
            request, lambda: minutes_review.minutes_request_approval(meeting=meeting, approvers=list(form.cleaned_data["approvers"]),
                                                                     by=request.user),
            success=_("Godkjennerne er bedt om å godkjenne protokollen i appen."), to=_meeting_url(meeting))
    messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect(_meeting_url(meeting))


_ITEM = "0item0"


def _blank_move_fields(meeting):
    """A function of an item's number giving the fields of its blank move form (``item`` and, after the notice,
    ``reason``) as that form renders them. Blank forms differ from item to item only by the item's number, so one
    is rendered per page and the number put in: a form per item cost more than the rest of the agenda."""
    form = AgendaMoveForm(meeting=meeting, initial={"item": _ITEM}, auto_id=f"id_move{_ITEM}_%s")
    item_html = str(form["item"])
    reason_html = form["reason"].as_field_group() if "reason" in form.fields else ""

    def fields(item_pk):
        number = str(item_pk)
        return {"item": mark_safe(item_html.replace(_ITEM, number)),
                "reason": {"as_field_group": mark_safe(reason_html.replace(_ITEM, number))}}
    return fields


# What the agenda builder shows of the meeting and needs of its body (the partnership: who may manage it, the pickers).
AGENDA_MEETING_FIELDS = ("starts_at", "status", "body__name", "body__short_name", "body__partnership__name", "body__partnership__slug")


@login_required
@require_http_methods(["GET", "POST"])
def meeting_agenda(request, meeting_pk):
    """The agenda builder: add cases and standing items, move items up and down.

    After the notice is sent each change asks for its reason (the services refuse it without one).
    """
    meeting = get_for_body_manager(Meeting.objects.select_related("body__partnership").only(*AGENDA_MEETING_FIELDS), request.user,
                                   body_path="body", pk=meeting_pk)
    case_form = AgendaCaseForm(meeting=meeting, prefix="case")
    standing_form = AgendaStandingForm(meeting=meeting, prefix="standing")
    move_form = None
    agenda_url = _meeting_url(meeting, "meetings:meeting_agenda")
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "add_case":
            case_form = AgendaCaseForm(request.POST, meeting=meeting, prefix="case")
            response = run_service(
                request, case_form,
                lambda d: services.agenda_add_case(meeting=meeting, case=d["case"], purpose=d["purpose"], by=request.user,
                                                   urgent_reason=d["urgent_reason"], urgency_approved_by=d["urgency_approved_by"],
                                                   reason=d.get("reason", "")),
                success=lambda item: _("«%(item)s» er satt opp.") % {"item": item}, redirect_to=agenda_url)
        elif action == "add_standing":
            standing_form = AgendaStandingForm(request.POST, meeting=meeting, prefix="standing")
            response = run_service(
                request, standing_form,
                lambda d: services.agenda_add_standing(meeting=meeting, kind=d["kind"], title=d["title"], by=request.user,
                                                       reason=d.get("reason", "")),
                success=lambda item: _("«%(item)s» er satt opp.") % {"item": item}, redirect_to=agenda_url)
        elif action in ("up", "down"):
            move_form = AgendaMoveForm(request.POST, meeting=meeting)

            def move(data):
                ids = list(_items(meeting).values_list("pk", flat=True))
                moved = move_form.item_pk()  # a malformed item moves nothing
                if moved in ids:
                    i = ids.index(moved)
                    j = i - 1 if action == "up" else i + 1
                    if 0 <= j < len(ids):
                        ids[i], ids[j] = ids[j], ids[i]
                return services.agenda_reorder(meeting=meeting, item_ids=ids, by=request.user, reason=data.get("reason", ""))

            response = run_service(request, move_form, move, success=_("Sakslisten er omordnet."), redirect_to=agenda_url)
        else:
            response = redirect(agenda_url)
        if response:
            return response
    items = agenda_rows(meeting)
    failed = move_form.item_pk() if move_form is not None and hasattr(move_form, "cleaned_data") else None
    blank = _blank_move_fields(meeting)
    move_forms = [(item, move_form if item["pk"] == failed else blank(item["pk"])) for item in items]
    return render(request, "meetings/meeting_agenda.html", {
        "partnership": meeting.body.partnership, "meeting": meeting, "items": items, "move_forms": move_forms,
        "case_form": case_form, "standing_form": standing_form, "nav": "meetings",
        "after_notice": meeting.status == Meeting.Status.NOTICE_SENT,
    })


@login_required
@require_POST
def notice_send(request, meeting_pk):
    meeting = _get_meeting(request, meeting_pk)
    return _post_service(request, lambda: services.notice_send(meeting=meeting, by=request.user),
                         success=_("Innkallingen er sendt."), to=_meeting_url(meeting))


def _get_item(request, item_pk):
    return get_for_body_manager(AgendaItem.objects.select_related("meeting__body__partnership", "handling__case", "handling__body"),
                                request.user, body_path="meeting.body", pk=item_pk)


def _item_url(item):
    return reverse("meetings:item_run", kwargs={"item_pk": item.pk})


def _decision_form(item):
    handling = item.handling
    return DecisionForm(prefix="decision", handling=handling, initial={"points": handling.case.proposed_decision if handling else ""})


def _item_forms(item, present):
    handling = item.handling
    return {
        "discussion": DiscussionForm(prefix="discussion"),
        "position": PositionForm(prefix="position", memberships=present),
        "disqualification": DisqualificationForm(prefix="disq", memberships=present),
        "decision": _decision_form(item),
        "protocol_note": ProtocolNoteForm(prefix="note", memberships=present),
        "not_treated": NotTreatedForm(prefix="not_treated"),
        "positions": PositionsForm(memberships=present, positions=handling.positions.all()) if handling else None,
    }


def _item_page(request, item, *, present=None, **bound):
    """The item page; ``bound`` replaces the blank form of the action that was posted and refused."""
    meeting, handling = item.meeting, item.handling
    present = present_memberships(meeting) if present is None else present
    forms = {**_item_forms(item, present), **bound}
    positions = handling.positions.select_related("membership__person").order_by("membership__side") if handling else []
    is_open = handling is not None and handling.outcome == handling.Outcome.PENDING
    is_decision = handling is not None and handling.purpose == Purpose.DECISION
    consensus = None
    if is_open and is_decision:
        try:
            consensus = services.item_consensus(handling)
        except ValidationError:
            consensus = None
    return render(request, "meetings/item_run.html", {
        "partnership": meeting.body.partnership, "meeting": meeting, "item": item, "handling": handling, "forms": forms,
        "positions": positions, "consensus": consensus, "decision": handling.decisions.prefetch_related("points").first() if handling else None,
        "is_open": is_open, "is_decision": is_decision,
        "is_information": handling is not None and handling.purpose == Purpose.INFORMATION,
        "nav": "meetings",
    })


def _item_action(request, item_pk, *, name, make_form, call, success):
    """One action on an agenda item: validate its form, call one service, back to the item (or the page with errors).

    ``make_form(data, item, present)`` binds the action's form; ``call(handling, cleaned_data)`` calls its service.
    """
    item = _get_item(request, item_pk)
    if item.handling is None:
        return redirect(_item_url(item))
    present = present_memberships(item.meeting)
    form = make_form(request.POST, item, present)
    response = run_service(request, form, lambda d: call(item.handling, d), success=success, redirect_to=_item_url(item))
    return response or _item_page(request, item, present=present, **{name: form})


@login_required
@require_GET
def item_run(request, item_pk):
    """One agenda item at the meeting: discussion, disqualifications, positions and the decision, each posted to its own URL."""
    item = _get_item(request, item_pk)
    if request.GET.get("lagret") and item.handling is not None:
        # Back from saving the positions: the focus goes to the next voting member without one, else to the decision.
        present = present_memberships(item.meeting)
        recorded = list(item.handling.positions.all())
        positions = PositionsForm(memberships=present, positions=recorded)
        known = {p.membership_id for p in recorded}
        voting = set(item.meeting.attendances.filter(status=Attendance.Status.PRESENT, can_vote=True)
                     .values_list("membership_id", flat=True))
        waiting = next((m for m in positions.memberships if m.pk in voting and m.pk not in known), None)
        decision = _decision_form(item)
        if waiting is not None:
            positions.fields[f"stance_{waiting.pk}"].widget.attrs["autofocus"] = True
        else:
            decision.fields["points"].widget.attrs["autofocus"] = True
        return _item_page(request, item, present=present, positions=positions, decision=decision)
    return _item_page(request, item)


@login_required
@require_POST
def item_discussion(request, item_pk):
    def call(handling, d):
        service = (services.item_note_information if handling.purpose == Purpose.INFORMATION
                   else services.item_record_discussion)
        return service(handling=handling, note=d["note"], by=request.user)

    return _item_action(request, item_pk, name="discussion", call=call,
                        make_form=lambda data, item, present: DiscussionForm(data, prefix="discussion"),
                        success=_("Behandlingen er registrert."))


@login_required
@require_POST
def item_not_treated(request, item_pk):
    return _item_action(request, item_pk, name="not_treated",
                        make_form=lambda data, item, present: NotTreatedForm(data, prefix="not_treated"),
                        call=lambda handling, d: services.item_not_treated(handling=handling, by=request.user, reason=d["reason"]),
                        success=_("Saken er registrert som ikke behandlet i møtet. Den kan settes opp på en ny saksliste."))


@login_required
@require_POST
def item_position(request, item_pk):
    return _item_action(request, item_pk, name="position",
                        make_form=lambda data, item, present: PositionForm(data, prefix="position", memberships=present),
                        call=lambda handling, d: services.item_record_position(handling=handling, by=request.user, **d),
                        success=lambda p: _("Standpunktet til %(person)s er registrert.") % {"person": p.membership.person})


@login_required
@require_POST
def item_disqualification(request, item_pk):
    return _item_action(request, item_pk, name="disqualification",
                        make_form=lambda data, item, present: DisqualificationForm(data, prefix="disq", memberships=present),
                        call=lambda handling, d: services.item_declare_disqualification(handling=handling, by=request.user, **d),
                        success=_("Inhabiliteten er registrert."))


@login_required
@require_POST
def item_protocol_note(request, item_pk):
    return _item_action(request, item_pk, name="protocol_note",
                        make_form=lambda data, item, present: ProtocolNoteForm(data, prefix="note", memberships=present),
                        call=lambda handling, d: case_services.protocol_note_add(handling=handling, by=request.user, **d),
                        success=_("Protokolltilførselen er registrert."))


def _decided(outcome):
    if outcome.reached:
        return _("Vedtatt ved konsensus.")
    if outcome.postponed_to is not None:
        return _("Ikke konsensus: saken er utsatt til møtet %(meeting)s.") % {"meeting": outcome.postponed_to}
    return _("Ikke konsensus: saken er sendt tilbake til sekretariatet.")


@login_required
@require_POST
def item_decide(request, item_pk):
    def call(handling, d):
        points = [line for line in d["points"].splitlines() if line.strip()]
        return services.item_decide(handling=handling, points=points, if_no_consensus=d["if_no_consensus"] or None,
                                    postpone_to=d["postpone_to"], by=request.user)

    return _item_action(request, item_pk, name="decision", call=call, success=_decided,
                        make_form=lambda data, item, present: DecisionForm(data, prefix="decision", handling=item.handling))


@login_required
@require_POST
def meeting_mark_held(request, meeting_pk):
    meeting = _get_meeting(request, meeting_pk)
    return _post_service(request, lambda: services.meeting_mark_held(meeting=meeting, by=request.user),
                         success=_("Møtet er registrert som avholdt."), to=_meeting_url(meeting))


@login_required
@require_POST
def minutes_approve(request, meeting_pk):
    meeting = _get_meeting(request, meeting_pk)
    form = MinutesApproveForm(request.POST, meeting=meeting)
    if form.is_valid():
        return _post_service(request, lambda: services.minutes_approve(meeting=meeting, approvers=list(form.cleaned_data["approvers"]),
                                                                        by=request.user),
                             success=_("Protokollen er godkjent."), to=_meeting_url(meeting))
    messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect(_meeting_url(meeting))


@login_required
@require_http_methods(["GET", "POST"])
def minutes_edit(request, meeting_pk):
    """Write the draft minutes; once approved, a correction is a new version with its reason.

    The form carries the version of the minutes it was loaded with; a save after someone else's is refused,
    showing their text next to the user's own.
    """
    meeting = _get_meeting(request, meeting_pk)
    items = list(_items(meeting))
    minutes = getattr(meeting, "minutes", None) if hasattr(meeting, "minutes") else None
    correcting = meeting.minutes_frozen
    initial = {"introduction": minutes.introduction if minutes else "", "draft_version": minutes.draft_version if minutes else 0}
    initial.update({f"item_{item.pk}": item.discussion for item in items})
    form = MinutesForm(request.POST or None, items=items, correcting=correcting, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            if correcting:
                services.minutes_correct(meeting=meeting, reason=d["reason"], introduction=d["introduction"],
                                         discussions=form.discussions(), expected_version=d["draft_version"], by=request.user)
            else:
                services.minutes_update(meeting=meeting, introduction=d["introduction"], discussions=form.discussions(),
                                        expected_version=d["draft_version"], by=request.user)
        except services.StaleMinutes as exc:
            add_service_errors(form, exc)
            form.show_stale(exc)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Protokollen er rettet som en ny versjon.") if correcting else _("Protokollutkastet er lagret."))
            return redirect(_meeting_url(meeting))
    return form_page(request, form=form, title=_("Rett protokollen") if correcting else _("Skriv protokollen"),
                     partnership=meeting.body.partnership, submit_label=_("Lagre rettingen") if correcting else _("Lagre"),
                     cancel_url=_meeting_url(meeting), nav="meetings", intro=str(meeting))


@login_required
@require_POST
def minutes_publish(request, meeting_pk):
    meeting = _get_meeting(request, meeting_pk)
    return _post_service(request, lambda: services.minutes_publish(meeting=meeting, by=request.user),
                         success=_("Protokollen er publisert."), to=_meeting_url(meeting))


@login_required
def notice_pdf(request, meeting_pk):
    meeting = _get_meeting(request, meeting_pk)
    return _pdf(pdf.notice_pdf(meeting, video_link=True), f"innkalling-{meeting.pk}.pdf")


@login_required
def minutes_pdf(request, meeting_pk):
    meeting = _get_meeting(request, meeting_pk)
    content, _document = pdf.minutes_pdf_stored(meeting)
    return _pdf(content, f"protokoll-{meeting.pk}.pdf")


@login_required
def case_presentation_pdf(request, case_pk):
    case = get_for_secretariat(Case.objects.select_related("partnership", "body"), request.user, partnership_path="partnership", pk=case_pk)
    return _pdf(pdf.case_presentation_pdf(case), f"saksfremlegg-{case.pk}.pdf")


@login_required
@require_http_methods(["GET", "POST"])
def case_add_to_agenda(request, case_pk):
    case = get_for_secretariat(Case.objects.select_related("partnership"), request.user, partnership_path="partnership", pk=case_pk)
    meetings = Meeting.objects.filter(body__partnership=case.partnership).select_related("body").order_by("starts_at")
    form = AgendaAddCaseForm(request.POST or None, meetings=meetings, partnership=case.partnership)
    if request.method == "POST":
        def call(data):
            try:
                return services.agenda_add_case(meeting=data["meeting"], case=case, purpose=data["purpose"], by=request.user,
                                                urgent_reason=data["urgent_reason"], urgency_approved_by=data["urgency_approved_by"],
                                                reason=data["reason"])
            except ValidationError as exc:
                # Here the meeting is chosen, not the case: a refusal about the case belongs next to the meeting.
                if hasattr(exc, "error_dict") and "case" in exc.error_dict:
                    errors = dict(exc.error_dict)
                    errors["meeting"] = errors.pop("case") + errors.get("meeting", [])
                    raise ValidationError(errors) from exc
                raise

        response = run_service(request, form, call,
                               success=lambda item: _("Saken er satt opp på sakslisten til %(meeting)s.") % {"meeting": item.meeting},
                               redirect_to=reverse("cases:case_detail", kwargs={"case_pk": case.pk}))
        if response:
            return response
    return form_page(request, form=form, title=_("Sett «%(title)s» på en saksliste") % {"title": case.title}, partnership=case.partnership,
                     submit_label=_("Sett på sakslisten"), cancel_url=reverse("cases:case_detail", kwargs={"case_pk": case.pk}), nav="cases")
