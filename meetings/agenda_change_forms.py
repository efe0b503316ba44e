"""Forms of the agenda after the notice: withdraw, postpone, move, add (each with its reason)."""
from django import forms
from django.utils.translation import gettext_lazy as _

from cases.models import Case, Purpose
from common.web import DSForm

from .agenda_changes import postpone_targets

REASON_HELP = _("Står i tilleggsinnkallingen til medlemmene.")


def _reason(label=_("Begrunnelse"), required=True):
    return forms.CharField(label=label, required=required, help_text=REASON_HELP, widget=forms.Textarea(attrs={"rows": 2}))


class WithdrawForm(DSForm):
    reason = _reason(_("Hvorfor punktet trekkes"))


class PostponeForm(DSForm):
    to_meeting = forms.ModelChoiceField(label=_("Utsett til møtet"), queryset=None)
    reason = _reason(_("Hvorfor saken utsettes"))

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_meeting"].queryset = postpone_targets(meeting).select_related("body")
        self.fields["to_meeting"].label_from_instance = lambda m: f"{m.title or m.body} – {m.starts_at:%d.%m.%Y %H:%M}"


class MoveForm(DSForm):
    position = forms.IntegerField(label=_("Ny plass på sakslisten"), min_value=1, max_value=500)
    reason = _reason(_("Hvorfor rekkefølgen endres"), required=False)


class AddCaseForm(DSForm):
    case = forms.ModelChoiceField(label=_("Sak"), queryset=Case.objects.none())
    purpose = forms.ChoiceField(label=_("Formål"), choices=Purpose.choices)
    reason = _reason(_("Hvorfor saken settes opp etter innkallingen"))

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["case"].queryset = (Case.objects.filter(partnership=meeting.body.partnership).awaiting_handling()
                                        .select_related("body").order_by("-year", "-number"))
