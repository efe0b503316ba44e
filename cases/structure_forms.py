"""Forms for the secretariat's structure pages that need a decision or a case: sub-committees and governing documents."""
from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from bodies.models import Body, BodyKind, GovernanceDocument, PriorityGroup
from common.files import clean_upload
from common.web import DATE, DSForm

from .models import Case, Decision


class DecisionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, decision):
        case = decision.handling.case
        label = _("%(case)s – vedtak i %(body)s %(date)s") % {
            "case": case, "body": decision.handling.body, "date": date_format(timezone.localtime(decision.decided_at), "j.n.Y")}
        if decision.version > 1:
            label = _("%(label)s (versjon %(version)s)") % {"label": label, "version": decision.version}
        return label


def decisions_of(partnership):
    return (Decision.objects.filter(handling__case__partnership=partnership)
            .select_related("handling__case", "handling__body").order_by("-decided_at", "-version", "-pk"))


class SubcommitteeAppointForm(DSForm):
    kind = forms.ModelChoiceField(label=_("Type utvalg"), queryset=BodyKind.objects.filter(is_subcommittee=True))
    name = forms.CharField(label=_("Navn"), max_length=200)
    short_name = forms.CharField(label=_("Forkortelse"), max_length=30, required=False)
    appointed_by = forms.ModelChoiceField(label=_("Oppnevnt av"), queryset=Body.objects.none(),
                                          help_text=_("Faste underutvalg oppnevnes av SU; midlertidige utvalg av SU eller sekretariatet."))
    appointing_decision = DecisionChoiceField(label=_("Oppnevnt ved vedtak"), queryset=Decision.objects.none(),
                                              help_text=_("Vedtaket i organet som oppnevner utvalget."))
    mandate = forms.CharField(label=_("Mandat"), widget=forms.Textarea)
    deadline = forms.DateField(label=_("Frist for oppdraget"), required=False, widget=forms.DateInput(attrs=DATE),
                               help_text=_("Påkrevd for midlertidige arbeidsgrupper og KSU."))
    active_from = forms.DateField(label=_("Oppnevnt fra"), widget=forms.DateInput(attrs=DATE), initial=timezone.localdate)
    reports_to = forms.ModelChoiceField(label=_("Rapporterer til"), queryset=Body.objects.none(), required=False,
                                        help_text=_("Tomt: organet som oppnevnte utvalget."))
    priority_group = forms.ModelChoiceField(label=_("Prioritert pasientgruppe"), queryset=PriorityGroup.objects.all(), required=False)
    term_years = forms.IntegerField(label=_("Funksjonsperiode for medlemmene (år)"), required=False, min_value=1, max_value=10)

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        appointing = Body.objects.filter(partnership=partnership, kind__is_subcommittee=False).order_by("level", "name")
        self.fields["appointed_by"].queryset = appointing
        self.fields["reports_to"].queryset = appointing
        self.fields["appointing_decision"].queryset = decisions_of(partnership)


class SubcommitteeReportForm(DSForm):
    report_case = forms.ModelChoiceField(label=_("Saken rapporten legges fram i"), queryset=Case.objects.none(),
                                         help_text=_("En registrert sak i organet utvalget rapporterer til."))

    def __init__(self, *args, body, **kwargs):
        super().__init__(*args, **kwargs)
        target = body.reports_to or body.appointed_by
        cases = Case.objects.filter(partnership=body.partnership).registered().select_related("body").order_by("-year", "-number")
        if target is not None:
            cases = cases.filter(body=target)
        self.fields["report_case"].queryset = cases


class SubcommitteeDissolveForm(DSForm):
    on = forms.DateField(label=_("Siste dag"), widget=forms.DateInput(attrs=DATE), initial=timezone.localdate,
                         help_text=_("Utvalget er oppløst etter denne dagen og blir stående i arkivet."))


class GovernanceDocumentForm(DSForm):
    kind = forms.ChoiceField(label=_("Type dokument"), choices=GovernanceDocument.Kind.choices)
    title = forms.CharField(label=_("Tittel"), max_length=255)
    body = forms.ModelChoiceField(label=_("Organ"), queryset=Body.objects.none(), required=False,
                                  help_text=_("Organet et mandat gjelder."))
    number = forms.IntegerField(label=_("Avtalenummer"), required=False, min_value=1, max_value=999,
                                help_text=_("For tjenesteavtaler: «Tjenesteavtale 2»."))

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = Body.objects.filter(partnership=partnership).order_by("level", "name")


class VersionAdoptForm(DSForm):
    adopted_by = DecisionChoiceField(label=_("Vedtatt ved"), queryset=Decision.objects.none(),
                                     help_text=_("Hver versjon må være vedtatt: velg vedtaket som vedtok den."))
    valid_from = forms.DateField(label=_("Gjelder fra"), widget=forms.DateInput(attrs=DATE), initial=timezone.localdate)
    text = forms.CharField(label=_("Tekst"), widget=forms.Textarea(attrs={"rows": 12}), required=False)
    file = forms.FileField(label=_("eller: dokumentet som fil"), required=False,
                           help_text=_("PDF, Word eller OpenDocument. Last opp fil, skriv tekst, eller begge."))
    change_note = forms.CharField(label=_("Hva er endret"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args, document, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["adopted_by"].queryset = decisions_of(document.partnership)

    def clean_file(self):
        return clean_upload(self.cleaned_data.get("file"))

    def clean(self):
        data = super().clean()
        if not (data.get("text") or "").strip() and not data.get("file") and "file" not in self.errors:
            raise forms.ValidationError(_("Skriv inn teksten til versjonen eller last opp dokumentet som fil."))
        return data
