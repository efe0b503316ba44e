"""Services for sub-committees. Each writes inside a transaction with a history reason.

Appointing a sub-committee, its report and the adoption and revision of governing documents involve a
decision or a case: those services live in cases.services.
"""
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import Body

ALREADY_DISSOLVED = gettext_lazy("%(body)s ble oppløst %(date)s.")


@transaction.atomic
def subcommittee_dissolve(*, body, on=None):
    """Dissolve a sub-committee when its work is done (it stays in the archive, inactive from the next day)."""
    body = Body.objects.select_for_update().get(pk=body.pk)
    on = on or timezone.localdate()
    if body.active_until and body.active_until < on:
        raise ValidationError({"active_until": ALREADY_DISSOLVED % {"body": body, "date": body.active_until}})
    body.active_until = on
    body.full_clean()
    body._change_reason = _("Oppløst")
    body.save(update_fields=["active_until"])
    return body
