"""Forms of the members' own pages."""
from django import forms
from django.utils.translation import gettext_lazy as _

from bodies.models import Partnership
from cases.models import CaseType
from common.web import DSForm
from meetings.minutes_review import COMMENT_MAX_LENGTH


class MinutesCommentForm(DSForm):
    text = forms.CharField(label=_("Merknad til protokollutkastet"), widget=forms.Textarea(attrs={"rows": 3}),
                           max_length=COMMENT_MAX_LENGTH,
                           help_text=_("Merknaden går til sekretariatet, som retter utkastet før det godkjennes."))


class ChangeRequestForm(DSForm):
    text = forms.CharField(label=_("Hva bør endres?"), widget=forms.Textarea(attrs={"rows": 3}), max_length=COMMENT_MAX_LENGTH)


class EmailSettingsForm(DSForm):
    notices = forms.BooleanField(label=_("Innkallinger med saksliste"), required=False)
    deputy_called = forms.BooleanField(label=_("Når jeg kalles inn som personlig vara"), required=False)
    minutes_to_approve = forms.BooleanField(label=_("Protokoller jeg er bedt om å godkjenne"), required=False)
    minutes_for_comment = forms.BooleanField(label=_("Protokollutkast fra møter jeg var i, til gjennomlesing"), required=False)
    reminders = forms.BooleanField(label=_("Påminnelser: frister for oppfølging, svar på tilslutning, funksjonstid som går ut"),
                                   required=False)


class MemberCaseReportForm(DSForm):
    """The reporting template as a member fills it in; the secretariat registers and routes the case."""

    partnership = forms.ModelChoiceField(label=_("Helsefellesskap"), queryset=Partnership.objects.none())
    title = forms.CharField(label=_("Tittel"), max_length=255)
    case_type = forms.ChoiceField(label=_("Sakstype"), choices=CaseType.choices, initial=CaseType.DECISION)
    subject = forms.CharField(label=_("Hva saken gjelder"), widget=forms.Textarea, required=False)
    background = forms.CharField(label=_("Bakgrunn"), widget=forms.Textarea, required=False)
    proposed_decision = forms.CharField(label=_("Forslag til vedtak"), widget=forms.Textarea, required=False,
                                        help_text=_("Ett punkt per linje."))

    def __init__(self, *args, partnerships, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partnership"].queryset = partnerships
        if partnerships.count() == 1:
            self.fields["partnership"].initial = partnerships.first()
