"""Guests at one agenda item: a person who is not a member attends that item with the right to speak.

Each write runs in a transaction with a history reason; frozen minutes (approved) take no new guests, since
the minutes name the guests under their item.
"""
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bodies.history import stamp

from .models import AgendaItem, ItemGuest


def _locked_item(item):
    item = AgendaItem.objects.select_for_update(of=("self",)).select_related("meeting__body").get(pk=item.pk)
    if item.meeting.minutes_frozen:
        raise ValidationError(_("Protokollen er godkjent; oppmøtet i sakene kan ikke endres."))
    return item


@transaction.atomic
def item_guest_add(*, item, by, name="", person=None, capacity="", can_speak=True, can_propose=False):
    """Record that a guest attends one agenda item (and only that one), with the right to speak."""
    item = _locked_item(item)
    name = (name or "").strip() or (person.full_name if person is not None else "")
    if not name:
        raise ValidationError({"name": _("Skriv navnet på gjesten.")})
    if person is not None:
        members = item.meeting.body.memberships.current(timezone.localdate(item.meeting.starts_at)).filter(person=person)
        if members.exists():
            raise ValidationError({"person": _("%(person)s er medlem av %(body)s og føres i oppmøtet, ikke som gjest.")
                                   % {"person": person, "body": item.meeting.body}})
    if item.guests.filter(name__iexact=name).exists():
        raise ValidationError({"name": _("%(name)s er allerede ført som gjest i denne saken.") % {"name": name}})
    guest = ItemGuest(item=item, person=person, name=name, capacity=(capacity or "").strip(),
                      can_speak=can_speak, can_propose=can_propose)
    guest.full_clean()
    stamp(guest, by, _("Gjest i saken"))
    guest.save()
    return guest
