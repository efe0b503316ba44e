from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.web import DSForm
from members.models import Membership, Person

from bodies.models import Party, Side


def persons_of(partnership):
    return Person.objects.filter(
        Q(employer__partnership=partnership) | Q(memberships__body__partnership=partnership)
    ).distinct().order_by("last_name", "first_name")


class RightSelect(forms.NullBooleanSelect):
    """Yes, no, or as usual for the role (None)."""

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.choices = [("unknown", _("Som vanlig for rollen")), ("true", _("Ja")), ("false", _("Nei"))]


class MembershipCreateForm(DSForm):
    person = forms.ModelChoiceField(label=_("Person"), queryset=Person.objects.none())
    role = forms.ChoiceField(label=_("Rolle"), choices=Membership.Role.choices, initial=Membership.Role.MEMBER)
    side = forms.ChoiceField(label=_("Side"), choices=Side.choices,
                             help_text=_("Siden representanten teller for ved konsensus. Observatører hører ikke til noen side."))
    seat = forms.ChoiceField(label=_("Plass for"), choices=Membership.Seat.choices, initial=Membership.Seat.ORDINARY)
    seat_note = forms.CharField(label=_("Merknad om plassen"), required=False, max_length=200)
    represented_parties = forms.ModelMultipleChoiceField(
        label=_("Representerer"), queryset=Party.objects.none(), required=False, widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Én representant kan møte på vegne av flere kommuner."),
    )
    term_start = forms.DateField(label=_("Funksjonsperiode fra"), widget=forms.DateInput(attrs={"type": "date"}),
                                 initial=timezone.localdate)
    term_end = forms.DateField(label=_("Funksjonsperiode til"), required=False, widget=forms.DateInput(attrs={"type": "date"}),
                               help_text=_("Fire år for medlemmer; to år for leder og nestleder."))
    personal_deputy = forms.ModelChoiceField(label=_("Personlig vara"), queryset=Membership.objects.none(), required=False,
                                             help_text=_("En vara i samme organ."))
    # The seat's rights; «as usual for the role» leaves them to members.services.membership_create
    # (observers of every kind: the right to speak and to propose, no vote). Passed as can_vote/can_speak/can_propose.
    can_vote = forms.NullBooleanField(label=_("Stemmerett"), required=False, widget=RightSelect)
    can_speak = forms.NullBooleanField(label=_("Talerett"), required=False, widget=RightSelect)
    can_propose = forms.NullBooleanField(label=_("Forslagsrett"), required=False, widget=RightSelect)

    def __init__(self, *args, body, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = persons_of(body.partnership)
        self.fields["represented_parties"].queryset = Party.objects.filter(partnership=body.partnership).order_by("name")
        self.fields["personal_deputy"].queryset = (
            Membership.objects.current().filter(body=body, role=Membership.Role.DEPUTY).select_related("person")
        )


class MembershipEndForm(DSForm):
    on = forms.DateField(label=_("Siste dag i vervet"), widget=forms.DateInput(attrs={"type": "date"}), initial=timezone.localdate)
    reason = forms.CharField(label=_("Grunn"), required=False, max_length=255)
