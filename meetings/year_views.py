"""The annual calendar page (årshjul) of a partnership: meetings per body against the minimum, planning a year at once."""
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from bodies.permissions import secretariat_partnership
from common.input import MAX_YEAR, MIN_YEAR
from common.web import issue_form_token, run_service

from . import services
from .forms import YearPlanForm
from .services import DIALOGUE_WINDOW
from .year import meeting_plan_year


@login_required
@require_http_methods(["GET", "POST"])
def year_plan(request, slug, year):
    """The year's meetings per body against the body's minimum, the dialogue-meeting rule, and a form to plan the year."""
    partnership = secretariat_partnership(request, slug)
    if not MIN_YEAR <= year < MAX_YEAR:
        raise Http404
    number = year
    plan = services.meeting_year_plan(partnership=partnership, year=number)
    bodies = [row.body for row in plan]
    form = YearPlanForm(request.POST or None, bodies=bodies, year=number)
    url = reverse("meetings:year_plan", kwargs={"slug": slug, "year": number})
    if request.method == "POST":
        response = run_service(
            request, form, lambda d: meeting_plan_year(partnership=partnership, year=number, plans=form.plans, by=request.user,
                                                            place=d["place"]),
            token=True, success=lambda planned: _("%(count)s møter er planlagt.") % {"count": len(planned)} if planned else "",
            redirect_to=f"{url}#arshjul")
        if response:
            return response
    rows = [{"row": row, "held": sum(1 for m in row.meetings if m.is_held), "field": form[f"dates_{row.body.pk}"]} for row in plan]
    return render(request, "meetings/year_plan.html", {
        "partnership": partnership, "year": number, "rows": rows, "form": form, "nav": "meetings",
        "previous": number - 1, "next": number + 1, "dialogue_days": DIALOGUE_WINDOW.days,
        "warnings": [w for row in plan for w in row.warnings], "form_token": issue_form_token(request),
    })
