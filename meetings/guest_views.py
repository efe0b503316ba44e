"""The secretariat's page for guests at one agenda item (a non-member attending that item with the right to speak)."""
from django.contrib.auth.decorators import login_required
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from bodies.permissions import get_for_body_manager
from common.web import form_page, run_service

from . import guests
from .forms import ItemGuestForm
from .models import AgendaItem


@login_required
@require_http_methods(["GET", "POST"])
def item_guests(request, item_pk):
    item = get_for_body_manager(AgendaItem.objects.select_related("meeting__body__partnership", "handling__case"),
                                request.user, body_path="meeting.body", pk=item_pk)
    back = reverse("meetings:item_run", kwargs={"item_pk": item.pk})
    form = ItemGuestForm(request.POST or None)
    if request.method == "POST":
        response = run_service(request, form, lambda data: guests.item_guest_add(item=item, by=request.user, **data),
                               success=lambda guest: _("%(guest)s er ført som gjest i saken.") % {"guest": guest},
                               redirect_to=reverse("meetings:item_guests", kwargs={"item_pk": item.pk}))
        if response:
            return response
    present = ", ".join(str(g) for g in item.guests.all()) or _("ingen")
    intro = _("%(item)s. Gjester i saken nå: %(guests)s. En gjest har talerett i denne saken og ingen annen, og har ikke stemmerett; "
              "protokollen nevner gjesten under saken.") % {"item": item, "guests": present}
    return form_page(request, form=form, title=_("Gjester i saken"), partnership=item.meeting.body.partnership,
                     submit_label=_("Før opp gjesten"), cancel_url=back, intro=intro, nav="meetings")
