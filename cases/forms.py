from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.body_forms import persons_of
from bodies.models import Body, Party, PriorityGroup, Side, filter_choices
from common.web import DATE, DSForm
from members.models import Person

from .models import AnchoringAnswer, AnchoringRound, Case, CaseType, Purpose


class CaseFilterForm(DSForm):
    """The case list's search and filters. Bodies, priority groups and parties are offered by their labels, read in
    one query (``filter_choices``), and a chosen one is its pk: the list filters by it and needs no instance."""

    q = forms.CharField(label=_("Søk i saker og vedtak"), required=False)
    body = forms.TypedChoiceField(label=_("Organ"), coerce=int, required=False, empty_value=None)
    year = forms.IntegerField(label=_("År"), required=False, min_value=1900, max_value=2999)
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("Alle"))] + list(Case.Status.choices))
    priority_group = forms.TypedChoiceField(label=_("Prioritert pasientgruppe"), coerce=int, required=False, empty_value=None)
    party = forms.TypedChoiceField(label=_("Part"), coerce=int, required=False, empty_value=None)
    EMPTY_LABELS = {"body": _("Alle organer"), "priority_group": _("Alle"), "party": _("Alle parter")}

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        for name, choices in filter_choices(partnership).items():
            self.fields[name].choices = [("", self.EMPTY_LABELS[name]), *choices]
        self.fields["q"].widget.attrs["type"] = "search"


class CaseTemplateForm(DSForm):
    """The reporting template (saker meldes i egen mal)."""

    title = forms.CharField(label=_("Tittel"), max_length=255)
    case_type = forms.ChoiceField(label=_("Sakstype"), choices=CaseType.choices, initial=CaseType.DECISION)
    reported_by = forms.ModelChoiceField(label=_("Meldt av"), queryset=Person.objects.none(), required=False,
                                         help_text=_("Både representanter i SU og sekretariatet kan melde saker."))
    on_behalf_of = forms.ModelChoiceField(label=_("På vegne av"), queryset=Party.objects.none(), required=False)
    background = forms.CharField(label=_("Bakgrunn"), widget=forms.Textarea, required=False)
    subject = forms.CharField(label=_("Hva saken gjelder"), widget=forms.Textarea, required=False)
    proposed_decision = forms.CharField(label=_("Forslag til vedtak"), widget=forms.Textarea, required=False,
                                        help_text=_("Ett punkt per linje."))
    consequences_hf = forms.CharField(label=_("Konsekvenser for helseforetaket"), widget=forms.Textarea, required=False)
    consequences_municipalities = forms.CharField(label=_("Konsekvenser for kommunene"), widget=forms.Textarea, required=False)
    consequences_patients = forms.CharField(label=_("Konsekvenser for pasienter, brukere og pårørende"), widget=forms.Textarea, required=False)
    consequences_economy = forms.CharField(label=_("Økonomiske konsekvenser"), widget=forms.Textarea, required=False)
    priority_groups = forms.ModelMultipleChoiceField(label=_("Prioriterte pasientgrupper"), queryset=PriorityGroup.objects.all(),
                                                     required=False, widget=forms.CheckboxSelectMultiple)

    TEMPLATE_FIELDS = ("background", "subject", "proposed_decision", "consequences_hf", "consequences_municipalities",
                       "consequences_patients", "consequences_economy", "priority_groups")

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reported_by"].queryset = persons_of(partnership)
        self.fields["on_behalf_of"].queryset = Party.objects.filter(partnership=partnership).order_by("name")


class CaseEditForm(CaseTemplateForm):
    version = forms.IntegerField(widget=forms.HiddenInput)


class CaseRegisterForm(DSForm):
    body = forms.ModelChoiceField(label=_("Rut saken til organ"), queryset=Body.objects.none(),
                                  help_text=_("Saken får neste nummer i organets saksserie."))

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = Body.objects.filter(partnership=partnership).active().order_by("level", "name")


class AnchoringRoundForm(DSForm):
    title = forms.CharField(label=_("Tittel"), max_length=255, required=False)
    deadline = forms.DateField(label=_("Svarfrist"), widget=forms.DateInput(attrs=DATE))
    parties = forms.ModelMultipleChoiceField(
        label=_("Send til partene"), queryset=Party.objects.none(), widget=forms.CheckboxSelectMultiple, required=False,
        help_text=_("Kommunestyrene, helseforetakets styre, og styret i et privat sykehus når saken gjelder det. "
                    "Ingen valgt: alle kommunene og helseforetaket."),
    )
    threshold = forms.ChoiceField(label=_("Terskel for runden"), required=False,
                                  choices=[("", _("Ingen egen terskel"))] + [c for c in AnchoringRound._meta.get_field("threshold").choices if c[0]],
                                  help_text=_("Hva runden krever blant kommunene den sendes til."))
    threshold_value = forms.DecimalField(label=_("Terskelverdi"), required=False, max_digits=8, decimal_places=4, localize=True,
                                         help_text=_("Antall kommuner, eller andel som desimaltall (to tredjedeler = 0,6667)."))

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        parties = Party.objects.filter(partnership=partnership).exclude(side=Side.NONE).order_by("kind", "name")
        self.fields["parties"].queryset = parties
        if not self.is_bound:
            self.initial.setdefault("parties", list(parties.filter(kind__in=[Party.Kind.MUNICIPALITY, Party.Kind.HEALTH_TRUST])))


class AnchoringAnswerForm(DSForm):
    response = forms.ChoiceField(label=_("Svar"), choices=AnchoringAnswer.Response.choices)
    reservation = forms.CharField(label=_("Forbehold"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    condition = forms.ChoiceField(label=_("Betingelse i forbeholdet"), required=False, choices=AnchoringAnswer.Condition.choices)
    condition_value = forms.DecimalField(label=_("Terskel"), required=False, max_digits=8, decimal_places=4, localize=True,
                                         help_text=_("Antall kommuner, eller andel som desimaltall (to tredjedeler = 0,6667)."))
    amendment = forms.CharField(label=_("Foreslått endring"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    local_reference = forms.CharField(label=_("Lokal saksreferanse"), required=False, max_length=60,
                                      help_text=_("For eksempel «PS 5/2021»."))
    decided_on = forms.DateField(label=_("Vedtaksdato"), required=False, widget=forms.DateInput(attrs=DATE))


class TaskForm(DSForm):
    title = forms.CharField(label=_("Oppgave"), max_length=255)
    deadline = forms.DateField(label=_("Frist"), widget=forms.DateInput(attrs=DATE))
    responsible_party = forms.ModelChoiceField(label=_("Ansvarlig part"), queryset=Party.objects.none(), required=False)
    description = forms.CharField(label=_("Beskrivelse"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible_party"].queryset = Party.objects.filter(partnership=partnership).order_by("name")


class TaskCompleteForm(DSForm):
    note = forms.CharField(label=_("Merknad"), required=False, max_length=500)


def default_deadline():
    return timezone.localdate() + timezone.timedelta(days=90)


class DecisionCorrectForm(DSForm):
    points = forms.CharField(label=_("Vedtak"), widget=forms.Textarea(attrs={"rows": 6}), help_text=_("Ett punkt per linje."))
    reason = forms.CharField(label=_("Grunn til rettingen"), widget=forms.Textarea(attrs={"rows": 2}),
                             help_text=_("Vedtaket endres aldri i ettertid: rettingen blir en ny, registrert versjon."))


class CaseCloseForm(DSForm):
    reason = forms.CharField(label=_("Grunn"), required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 2}),
                             help_text=_("Må fylles ut når saken avsluttes før den er vedtatt eller tatt til orientering."))


class AnchoringAnswersForm(DSForm):
    """Every party's answer of one round in one table: answer, reservation or amendment, local reference, date."""

    TEXT_RESPONSES = (AnchoringAnswer.Response.JOINED_WITH_RESERVATION, AnchoringAnswer.Response.AMENDMENT_PROPOSED)

    def __init__(self, *args, answers, **kwargs):
        super().__init__(*args, **kwargs)
        self.answers = list(answers)
        for a in self.answers:
            party = a.party
            text = a.reservation if a.response == AnchoringAnswer.Response.JOINED_WITH_RESERVATION else a.amendment
            self.fields[f"response_{a.pk}"] = forms.ChoiceField(
                label=_("Svar fra %(party)s") % {"party": party}, choices=AnchoringAnswer.Response.choices, initial=a.response)
            self.fields[f"text_{a.pk}"] = forms.CharField(
                label=_("Forbehold eller endring fra %(party)s") % {"party": party}, required=False, initial=text,
                widget=forms.Textarea(attrs={"rows": 1}))
            self.fields[f"local_reference_{a.pk}"] = forms.CharField(
                label=_("Lokal saksreferanse for %(party)s") % {"party": party}, required=False, max_length=60,
                initial=a.local_reference)
            self.fields[f"decided_on_{a.pk}"] = forms.DateField(
                label=_("Vedtaksdato for %(party)s") % {"party": party}, required=False, initial=a.decided_on,
                widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"))
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "ds-input")

    def rows(self):
        """One row per answer: the bound fields for the template, in the round's order."""
        return [{"answer": a, "response": self[f"response_{a.pk}"], "text": self[f"text_{a.pk}"],
                 "local_reference": self[f"local_reference_{a.pk}"], "decided_on": self[f"decided_on_{a.pk}"]}
                for a in self.answers]

    def service_rows(self):
        d = self.cleaned_data
        return [{"answer": a, "response": d[f"response_{a.pk}"], "text": d[f"text_{a.pk}"],
                 "local_reference": d[f"local_reference_{a.pk}"], "decided_on": d[f"decided_on_{a.pk}"]} for a in self.answers]
