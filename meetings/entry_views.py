"""Fast entry and the missing steps of a meeting: the whole attendance in one form, all positions of an item in one
form, minutes approved at a later meeting. After a save the page opens where the user was, with the keyboard focus
on the next field to fill in (autofocus, which also scrolls there), without any script."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from common.web import form_page, run_service

from . import entry, services
from .forms import AttendanceAllForm, MinutesNextMeetingForm, PositionsForm
from .models import Minutes
from .views import _get_item, _get_meeting, _item_page, _meeting_url

SAVED = "lagret"


def _after_save(url):
    """Back to the page after a save. The page puts `autofocus` on the field to go on from, and the browser scrolls
    there; no fragment, since a fragment naming an element keeps the browser from honouring `autofocus`."""
    return f"{url}?{SAVED}=1"


@login_required
@require_http_methods(["GET", "POST"])
def meeting_attendance(request, meeting_pk):
    """Apologies, deputies, who is present and who left during which item: the whole meeting in one form."""
    meeting = _get_meeting(request, meeting_pk)
    url = _meeting_url(meeting, "meetings:meeting_attendance")
    rows = entry.attendance_rows(meeting)
    items = meeting.items.order_by("position", "pk")
    if request.method == "POST" and "membership" in request.POST and not any(k.startswith("status_") for k in request.POST):
        return _attendance_one_row(request, meeting, rows, items, url)
    form = AttendanceAllForm(request.POST or None, rows=rows, items=items)
    if request.method == "POST":
        response = run_service(
            request, form, lambda d: entry.attendance_record_all(meeting=meeting, rows=form.service_rows(), by=request.user),
            success=lambda n: _("Oppmøtet er registrert (%(count)s endret).") % {"count": n},
            redirect_to=_after_save(url))
        if response:
            return response
    return render(request, "meetings/meeting_attendance.html", {
        "partnership": meeting.body.partnership, "meeting": meeting, "form": form, "rows": form.rows(),
        "focus_save": bool(request.GET.get(SAVED)), "nav": "meetings",
    })


def _attendance_one_row(request, meeting, rows, items, url):
    """One row posted on its own (`membership`, `status`, `note`): the same service, for that row only."""
    pk = request.POST.get("membership", "")
    rows = [r for r in rows if str(r["membership"].pk) == pk]
    if not rows:
        messages.error(request, _("Velg en representant i organet."))
        return redirect(url)
    data = {f"status_{pk}": request.POST.get("status", ""), f"note_{pk}": request.POST.get("note", "")}
    for row in rows:
        if row["substitute_for"] is not None:
            data[f"substitute_for_{pk}"] = str(row["substitute_for"].pk)
        if row["left_at_item"] is not None:
            data[f"left_at_item_{pk}"] = str(row["left_at_item"].pk)
    form = AttendanceAllForm(data, rows=rows, items=items)
    response = run_service(
        request, form, lambda d: entry.attendance_record_all(meeting=meeting, rows=form.service_rows(), by=request.user),
        success=lambda n: _("Oppmøte for %(person)s er registrert.") % {"person": rows[0]["membership"].person},
        redirect_to=url)
    if response:
        return response
    messages.error(request, " ".join(e for errors in form.errors.values() for e in errors) or _("Velg en gyldig status for oppmøtet."))
    return redirect(url)


@login_required
@require_http_methods(["GET", "POST"])
def item_positions(request, item_pk):
    """Every present member's position on a decision item, in one form; then on to the decision."""
    item = _get_item(request, item_pk)
    url = reverse("meetings:item_run", kwargs={"item_pk": item.pk})
    if item.handling is None:
        return _item_page(request, item)
    if request.method == "POST":
        present = entry.present_memberships(item.meeting)
        form = PositionsForm(request.POST, memberships=present, positions=item.handling.positions.all())
        response = run_service(
            request, form, lambda d: entry.item_record_positions(handling=item.handling, rows=form.service_rows(), by=request.user),
            success=lambda saved: _("%(count)s standpunkter er registrert.") % {"count": len(saved)},
            redirect_to=_after_save(url))
        if response:
            return response
        return _item_page(request, item, positions=form)
    return _item_page(request, item)


@login_required
@require_http_methods(["GET", "POST"])
def minutes_approve_next(request, meeting_pk):
    """Minutes approved «i neste møte»: the secretariat records at which later, held meeting of the body it happened."""
    meeting = _get_meeting(request, meeting_pk)
    form = MinutesNextMeetingForm(request.POST or None, meetings=entry.later_held_meetings(meeting))
    if request.method == "POST":
        response = run_service(
            request, form, lambda d: services.minutes_approve(meeting=meeting, method=Minutes.ApprovalMethod.NEXT_MEETING,
                                                              approved_at_meeting=d["approved_at_meeting"], by=request.user),
            success=lambda m: _("Protokollen er registrert som godkjent i møtet %(meeting)s.") % {"meeting": m.approved_at_meeting},
            redirect_to=_meeting_url(meeting))
        if response:
            return response
    return form_page(request, form=form, title=_("Protokollen godkjent i neste møte"), partnership=meeting.body.partnership,
                     submit_label=_("Registrer godkjenningen"), cancel_url=_meeting_url(meeting), nav="meetings",
                     intro=_("Protokollen fra %(meeting)s ble godkjent i et senere møte i organet. Velg møtet.") % {"meeting": meeting})


