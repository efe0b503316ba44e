from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.web import DATE, DSForm, DSModelForm
from members.models import Membership, Person
from members.services import PERSON_FIELDS
from members.terms import DEFAULT_TERM_YEARS, TERM_YEARS

from bodies.models import Body, BodyKind, Party, Side
from bodies.services import BODY_FIELDS


def persons_of(partnership):
    # A subquery for the seats, not a join: each person is one row, so no DISTINCT (and its sort) is needed.
    seated = Membership.objects.filter(body__partnership=partnership).values("person_id")
    return Person.objects.filter(Q(employer__partnership=partnership) | Q(pk__in=seated)).order_by("last_name", "first_name", "pk")


class BodyForm(DSModelForm):
    """A body's facts. The partnership comes from the page; sub-committees keep a sub-committee kind."""

    class Meta:
        model = Body
        fields = BODY_FIELDS
        widgets = {"active_from": forms.DateInput(attrs=DATE, format="%Y-%m-%d"),
                   "active_until": forms.DateInput(attrs=DATE, format="%Y-%m-%d"),
                   "deadline": forms.DateInput(attrs=DATE, format="%Y-%m-%d")}

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.partnership = partnership
        subcommittee = bool(self.instance.pk and self.instance.kind.is_subcommittee)
        self.fields["kind"].queryset = BodyKind.objects.filter(is_subcommittee=subcommittee)
        if not subcommittee:
            self.fields["kind"].help_text = _("Underutvalg og arbeidsgrupper oppnevnes ved et vedtak, på siden for utvalg.")
            del self.fields["deadline"]
        others = Body.objects.filter(partnership=partnership).order_by("level", "name")
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        for name in ("appointed_by", "reports_to", "discussion_body"):
            self.fields[name].queryset = others
        self.fields["level"].required = False
        # Left out of a post (an older form), the language stays as it was.
        self.fields["language"].required = False

    def clean_language(self):
        return self.cleaned_data.get("language") or self.instance.language or Body._meta.get_field("language").default

    def clean_level(self):
        level = self.cleaned_data.get("level")
        kind = self.cleaned_data.get("kind")
        return level if level is not None else (kind.default_level if kind else 2)

    def service_fields(self):
        return {name: self.cleaned_data[name] for name in self.fields if name not in ("kind", "name")}


def rights_field(label):
    return forms.TypedChoiceField(
        label=label, required=False, empty_value=None, coerce=lambda value: value == "yes",
        choices=[("", _("Etter rollen")), ("yes", _("Ja")), ("no", _("Nei"))],
    )


def term_help(body):
    years = body.member_term_years or DEFAULT_TERM_YEARS
    leader = min(years, TERM_YEARS[Membership.Role.CHAIR])
    return _("Tomt: etter organets funksjonsperiode, %(years)s år fra start (leder og nestleder %(leader)s år).") % {
        "years": years, "leader": leader}


class MembershipCreateForm(DSForm):
    person = forms.ModelChoiceField(label=_("Person"), queryset=Person.objects.none(),
                                    help_text=_("Finnes ikke personen? Registrer den først under Personer."))
    role = forms.ChoiceField(label=_("Rolle"), choices=Membership.Role.choices, initial=Membership.Role.MEMBER)
    side = forms.ChoiceField(label=_("Side"), choices=Side.choices,
                             help_text=_("Siden representanten teller for ved konsensus. Observatører hører ikke til noen side."))
    seat = forms.ChoiceField(label=_("Plass for"), choices=Membership.Seat.choices, initial=Membership.Seat.ORDINARY)
    seat_note = forms.CharField(label=_("Merknad om plassen"), required=False, max_length=200)
    represented_parties = forms.ModelMultipleChoiceField(
        label=_("Representerer"), queryset=Party.objects.none(), required=False, widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Én representant kan møte på vegne av flere kommuner."),
    )
    can_vote = rights_field(_("Stemmerett"))
    can_speak = rights_field(_("Talerett"))
    can_propose = rights_field(_("Forslagsrett"))
    term_start = forms.DateField(label=_("Funksjonsperiode fra"), widget=forms.DateInput(attrs=DATE), initial=timezone.localdate)
    term_end = forms.DateField(label=_("Funksjonsperiode til"), required=False, widget=forms.DateInput(attrs=DATE))
    personal_deputy = forms.ModelChoiceField(label=_("Personlig vara som allerede er vara i organet"),
                                             queryset=Membership.objects.none(), required=False)
    deputy_person = forms.ModelChoiceField(label=_("eller: en registrert person som blir personlig vara"),
                                           queryset=Person.objects.none(), required=False,
                                           help_text=_("Personen oppnevnes som vara i organet for samme periode."))
    deputy_first_name = forms.CharField(label=_("eller en ny person som vara: fornavn"), required=False, max_length=100)
    deputy_last_name = forms.CharField(label=_("Etternavn (ny vara)"), required=False, max_length=100)
    deputy_email = forms.EmailField(label=_("E-post (ny vara)"), required=False)
    deputy_employer = forms.ModelChoiceField(label=_("Arbeidsgiver (ny vara)"), queryset=Party.objects.none(), required=False)

    MEMBER_FIELDS = ("person", "role", "side", "seat", "seat_note", "represented_parties")
    RIGHTS_FIELDS = ("can_vote", "can_speak", "can_propose")
    TERM_FIELDS = ("term_start", "term_end")
    DEPUTY_FIELDS = ("personal_deputy", "deputy_person", "deputy_first_name", "deputy_last_name", "deputy_email", "deputy_employer")

    def __init__(self, *args, body, **kwargs):
        super().__init__(*args, **kwargs)
        self.body = body
        persons = persons_of(body.partnership)
        self.fields["person"].queryset = persons
        self.fields["deputy_person"].queryset = persons
        parties = Party.objects.filter(partnership=body.partnership).order_by("name")
        self.fields["represented_parties"].queryset = parties
        self.fields["deputy_employer"].queryset = parties
        self.fields["personal_deputy"].queryset = (
            Membership.objects.current().filter(body=body, role=Membership.Role.DEPUTY).select_related("person")
        )
        self.fields["term_end"].help_text = term_help(body)

    def groups(self):
        """The fields in the page's sections."""
        return [(_("Medlemmet"), [self[n] for n in self.MEMBER_FIELDS]),
                (_("Rettigheter"), [self[n] for n in self.RIGHTS_FIELDS]),
                (_("Funksjonsperiode"), [self[n] for n in self.TERM_FIELDS]),
                (_("Personlig vara"), [self[n] for n in self.DEPUTY_FIELDS])]

    def clean(self):
        data = super().clean()
        new_deputy = any(data.get(n) for n in ("deputy_first_name", "deputy_last_name", "deputy_email", "deputy_employer"))
        chosen = [bool(data.get("personal_deputy")), bool(data.get("deputy_person")), new_deputy]
        if sum(chosen) > 1:
            self.add_error(None, _("Velg én personlig vara: en som allerede er vara, en registrert person eller en ny person."))
        if new_deputy and not (data.get("deputy_first_name", "").strip() and data.get("deputy_last_name", "").strip()):
            self.add_error("deputy_last_name" if data.get("deputy_first_name", "").strip() else "deputy_first_name",
                           _("Oppgi fornavn og etternavn på den nye varaen."))
        if any(chosen) and data.get("role") not in Membership.FIXED_ROLES:
            self.add_error("personal_deputy", _("Bare faste medlemmer (leder, nestleder, medlem) har personlig vara."))
        return data

    @property
    def wants_new_deputy(self):
        return bool(self.cleaned_data.get("deputy_first_name"))


class MembershipEditForm(DSForm):
    side = forms.ChoiceField(label=_("Side"), choices=Side.choices)
    seat = forms.ChoiceField(label=_("Plass for"), choices=Membership.Seat.choices)
    seat_note = forms.CharField(label=_("Merknad om plassen"), required=False, max_length=200)
    represented_parties = forms.ModelMultipleChoiceField(label=_("Representerer"), queryset=Party.objects.none(), required=False,
                                                         widget=forms.SelectMultiple(attrs={"size": 8}))
    can_vote = forms.BooleanField(label=_("Stemmerett"), required=False)
    can_speak = forms.BooleanField(label=_("Talerett"), required=False)
    can_propose = forms.BooleanField(label=_("Forslagsrett"), required=False)
    term_start = forms.DateField(label=_("Funksjonsperiode fra"), widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"))
    term_end = forms.DateField(label=_("Funksjonsperiode til"), required=False, widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"))
    personal_deputy = forms.ModelChoiceField(label=_("Personlig vara"), queryset=Membership.objects.none(), required=False,
                                             help_text=_("En vara i samme organ."))
    deputy_person = forms.ModelChoiceField(label=_("eller: en registrert person som blir personlig vara"),
                                           queryset=Person.objects.none(), required=False,
                                           help_text=_("Personen oppnevnes som vara i organet for samme periode."))

    def __init__(self, *args, membership, **kwargs):
        initial = {name: getattr(membership, name) for name in
                   ("side", "seat", "seat_note", "can_vote", "can_speak", "can_propose", "term_start", "term_end")}
        initial["personal_deputy"] = membership.personal_deputy_id
        initial["represented_parties"] = list(membership.represented_parties.values_list("pk", flat=True))
        kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        body = membership.body
        self.fields["represented_parties"].queryset = Party.objects.filter(partnership=body.partnership).order_by("name")
        self.fields["personal_deputy"].queryset = (
            Membership.objects.filter(body=body, role=Membership.Role.DEPUTY).exclude(pk=membership.pk).select_related("person")
            .order_by("person__last_name", "-term_start"))
        self.fields["deputy_person"].queryset = persons_of(body.partnership).exclude(pk=membership.person_id)
        if not membership.is_fixed:
            del self.fields["personal_deputy"]
            del self.fields["deputy_person"]

    def clean(self):
        data = super().clean()
        if data.get("personal_deputy") and data.get("deputy_person"):
            raise forms.ValidationError(_("Velg enten en vara som allerede er oppnevnt, eller en person som blir vara."))
        return data


class MembershipEndForm(DSForm):
    on = forms.DateField(label=_("Siste dag i vervet"), widget=forms.DateInput(attrs=DATE), initial=timezone.localdate)
    reason = forms.CharField(label=_("Grunn"), required=False, max_length=255)


class PersonForm(DSModelForm):
    class Meta:
        model = Person
        fields = PERSON_FIELDS
        labels = {"employer": _("Arbeidsgiver eller organisasjon")}

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employer"].queryset = Party.objects.filter(partnership=partnership).order_by("name")
        if not self.instance.pk:
            self.fields["employer"].required = True
            self.fields["employer"].help_text = _("Parten personen kommer fra; den knytter personen til helsefellesskapet.")

    def service_fields(self):
        return {name: self.cleaned_data[name] for name in self.fields if name not in ("first_name", "last_name")}
