"""The secretariat's pages for the agenda after the notice: withdraw, postpone, move, add, send the supplementary notice."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from bodies.permissions import get_for_body_manager
from common import files
from common.web import issue_form_token, run_service, service_error_text

from . import agenda_changes as changes
from . import pack
from .agenda_change_forms import AddCaseForm, MoveForm, PostponeForm, WithdrawForm
from .models import AgendaItem, Meeting, NoticeChange, SupplementaryNotice


def _get_meeting(request, meeting_pk):
    return get_for_body_manager(Meeting.objects.select_related("body__partnership"), request.user, body_path="body", pk=meeting_pk)


def _get_item(request, item_pk):
    return get_for_body_manager(AgendaItem.objects.select_related("meeting__body__partnership", "handling__case"),
                                request.user, body_path="meeting.body", pk=item_pk)


def _changes_url(meeting):
    return reverse("meetings:agenda_changes", kwargs={"meeting_pk": meeting.pk})


def _items(meeting):
    return list(meeting.items.select_related("handling__case").order_by("position", "pk"))


@login_required
@require_http_methods(["GET", "POST"])
def agenda_changes(request, meeting_pk):
    """The agenda as it stands, the changes not yet sent, the supplementary notices sent, and a case added with its reason."""
    meeting = _get_meeting(request, meeting_pk)
    add_form = AddCaseForm(request.POST or None, meeting=meeting, prefix="add")
    if request.method == "POST":
        response = run_service(
            request, add_form,
            lambda d: changes.item_add_case(meeting=meeting, case=d["case"], purpose=d["purpose"], reason=d["reason"],
                                                   by=request.user),
            token=True, success=lambda item: _("«%(item)s» er satt opp.") % {"item": item}, redirect_to=_changes_url(meeting))
        if response:
            return response
    items = _items(meeting)
    return render(request, "meetings/agenda_changes.html", {
        "partnership": meeting.body.partnership, "meeting": meeting, "items": items, "add_form": add_form,
        "pending": list(changes.pending_changes(meeting)),
        "sent": list(meeting.supplementary_notices.prefetch_related(
            Prefetch("changes", queryset=NoticeChange.objects.order_by("changed_at", "pk"))).order_by("-number")),
        "can_change": not meeting.has_begun(), "form_token": issue_form_token(request), "nav": "meetings",
    })


def _item_page(request, item, **bound):
    meeting = item.meeting
    forms = {
        "withdraw": WithdrawForm(prefix="withdraw"),
        "postpone": PostponeForm(prefix="postpone", meeting=meeting) if item.handling_id else None,
        "move": MoveForm(prefix="move", initial={"position": [i.pk for i in _items(meeting)].index(item.pk) + 1}),
    }
    forms.update(bound)
    return render(request, "meetings/agenda_item_change.html", {
        "partnership": meeting.body.partnership, "meeting": meeting, "item": item, "forms": forms,
        "count": meeting.items.count(), "form_token": issue_form_token(request), "nav": "meetings",
    })


@login_required
@require_http_methods(["GET", "POST"])
def agenda_item_change(request, item_pk):
    """Withdraw, postpone or move one item, each with its reason."""
    item = _get_item(request, item_pk)
    meeting = item.meeting
    if request.method == "GET":
        return _item_page(request, item)
    action = request.POST.get("action")
    if action == "withdraw":
        form = WithdrawForm(request.POST, prefix="withdraw")
        call = lambda d: changes.item_withdraw(item=item, reason=d["reason"], by=request.user)  # noqa: E731
        success = _("«%(item)s» er trukket fra sakslisten.") % {"item": item}
    elif action == "postpone" and item.handling_id:
        form = PostponeForm(request.POST, prefix="postpone", meeting=meeting)
        call = lambda d: changes.item_postpone(item=item, to_meeting=d["to_meeting"], reason=d["reason"], by=request.user)  # noqa: E731
        success = _("«%(item)s» er utsatt.") % {"item": item}
    elif action == "move":
        form = MoveForm(request.POST, prefix="move")
        call = lambda d: changes.item_move(item=item, position=d["position"], reason=d["reason"], by=request.user)  # noqa: E731
        success = _("«%(item)s» er flyttet.") % {"item": item}
    else:
        return redirect(_changes_url(meeting))
    response = run_service(request, form, call, token=True, success=success, redirect_to=_changes_url(meeting))
    return response or _item_page(request, item, **{action: form})


@login_required
@require_POST
def supplementary_notice_send(request, meeting_pk):
    meeting = _get_meeting(request, meeting_pk)
    try:
        notice = changes.supplementary_notice_send(meeting=meeting, by=request.user)
    except ValidationError as exc:
        messages.error(request, service_error_text(exc))
    else:
        messages.success(request, _("Tilleggsinnkalling %(number)s er sendt.") % {"number": notice.number})
    return redirect(_changes_url(meeting))


@login_required
def supplementary_notice_pdf(request, notice_pk):
    notice = get_for_body_manager(SupplementaryNotice.objects.select_related("meeting__body__partnership"), request.user,
                                  body_path="meeting.body", pk=notice_pk)
    return files.file_response(pack.supplementary_notice_pdf(notice), content_type=files.PDF, inline_pdf=False,
                               filename=f"tilleggsinnkalling-{notice.meeting_id}-{notice.number}.pdf")
