from datetime import datetime

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bodies.models import Body, Side
from cases.models import Case, Position, Purpose
from common.web import DSForm, options_from_rows
from members.body_forms import persons_of
from members.models import Membership, Person

from .models import AgendaItem, Attendance, Meeting

DATETIME = {"type": "datetime-local"}


class MeetingPlanForm(DSForm):
    body = forms.ModelChoiceField(label=_("Organ"), queryset=Body.objects.none())
    title = forms.CharField(label=_("Tittel"), required=False, max_length=200)
    starts_at = forms.DateTimeField(label=_("Starter"), widget=forms.DateTimeInput(attrs=DATETIME, format="%Y-%m-%dT%H:%M"))
    ends_at = forms.DateTimeField(label=_("Slutter"), required=False, widget=forms.DateTimeInput(attrs=DATETIME, format="%Y-%m-%dT%H:%M"),
                                  help_text=_("Tomt: organets vanlige møtelengde (to timer)."))
    place = forms.CharField(label=_("Sted"), required=False, max_length=200)
    video_link = forms.URLField(label=_("Videolenke"), required=False)
    chair = forms.ModelChoiceField(label=_("Møteleder"), queryset=Membership.objects.none(), required=False,
                                   help_text=_("Lederen eller nestlederen i organet."))

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = Body.objects.filter(partnership=partnership).active().order_by("level", "name")
        self.fields["chair"].queryset = (
            Membership.objects.current().filter(body__partnership=partnership, role__in=[Membership.Role.CHAIR, Membership.Role.VICE_CHAIR])
            .select_related("person", "body").order_by("body__name", "role")
        )
        self.fields["chair"].label_from_instance = lambda m: f"{m.person} – {m.get_role_display().lower()}, {m.body}"


NOTICE_REASON_HELP = _("Innkallingen er sendt: endringen står med begrunnelsen i tilleggsinnkallingen.")


def _notice_reason_field(label, help_text=NOTICE_REASON_HELP):
    """The reason for a change of the agenda after the notice; the services refuse the change without it."""
    return forms.CharField(label=label, required=False, help_text=help_text, widget=forms.Textarea(attrs={"rows": 2}))


def _after_notice(meeting):
    return meeting is not None and meeting.status == Meeting.Status.NOTICE_SENT


class AgendaCaseForm(DSForm):
    case = forms.ModelChoiceField(label=_("Sak"), queryset=Case.objects.none())
    purpose = forms.ChoiceField(label=_("Formål"), choices=Purpose.choices)
    urgent_reason = forms.CharField(label=_("Hastegrunn"), required=False, help_text=_("Bare for hastesaker rett til beslutning."))
    urgency_approved_by = forms.ModelChoiceField(
        label=_("Hast godkjent av"), queryset=Person.objects.none(), required=False,
        help_text=_("Hvem som godkjente unntaket fra totrinnsbehandlingen (bare for hastesaker)."))
    reason = _notice_reason_field(_("Hvorfor saken settes opp etter innkallingen"))

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        if not _after_notice(meeting):
            del self.fields["reason"]
        options_from_rows(self.fields["urgency_approved_by"], persons_of(meeting.body.partnership), ("first_name", "last_name"),
                          Person.name_of)
        # The cases routed to this body, and those routed to a body that discusses its cases here first
        # (the two-step rule): not every waiting case of the partnership.
        options_from_rows(self.fields["case"], (
            Case.objects.filter(partnership=meeting.body.partnership).awaiting_handling()
            .filter(Q(body=meeting.body) | Q(body__discussion_body=meeting.body))
            .select_related("body").order_by("-year", "-number", "-pk")
        ), ("number", "year", "title"), Case.label)


class AgendaStandingForm(DSForm):
    kind = forms.ChoiceField(label=_("Fast post"), choices=[c for c in AgendaItem.Kind.choices if c[0] != AgendaItem.Kind.CASE])
    title = forms.CharField(label=_("Tittel (for «Annet»)"), required=False, max_length=255)
    reason = _notice_reason_field(_("Hvorfor punktet legges til etter innkallingen"))

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        if not _after_notice(meeting):
            del self.fields["reason"]


class AgendaMoveForm(DSForm):
    """Move one item up or down in the agenda builder; after the notice with the reason."""
    item = forms.CharField(required=False, widget=forms.HiddenInput)
    reason = _notice_reason_field(_("Hvorfor rekkefølgen endres"))

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        if not _after_notice(meeting):
            del self.fields["reason"]

    def item_pk(self):
        """The item posted, or None for a malformed one (which moves nothing)."""
        value = (self.cleaned_data.get("item") or "").strip()
        return int(value) if value.isdigit() else None


class DiscussionForm(DSForm):
    note = forms.CharField(label=_("Referat fra drøftingen"), required=False, widget=forms.Textarea)


class NotTreatedForm(DSForm):
    reason = forms.CharField(label=_("Hvorfor saken ikke ble behandlet"), widget=forms.Textarea(attrs={"rows": 2}),
                             error_messages={"required": _("Skriv hvorfor saken ikke ble behandlet (for eksempel at møtet ikke rakk den).")})


class PositionForm(DSForm):
    membership = forms.ModelChoiceField(label=_("Representant"), queryset=Membership.objects.none())
    stance = forms.ChoiceField(label=_("Standpunkt"), choices=Position.Stance.choices)
    reservation = forms.CharField(label=_("Forbehold"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, memberships, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["membership"].queryset = memberships
        self.fields["membership"].label_from_instance = lambda m: f"{m.person} ({m.get_side_display().lower()})"


class DisqualificationForm(DSForm):
    membership = forms.ModelChoiceField(label=_("Representant"), queryset=Membership.objects.none())
    reason = forms.CharField(label=_("Grunn (forvaltningsloven § 6)"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, memberships, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["membership"].queryset = memberships


class DecisionForm(DSForm):
    """«Fatt vedtak»: the points, and what happens to the case if there is no consensus (asked, never assumed)."""

    points = forms.CharField(label=_("Vedtak"), widget=forms.Textarea(attrs={"rows": 6}), help_text=_("Ett punkt per linje."))
    if_no_consensus = forms.ChoiceField(
        label=_("Hvis det ikke blir konsensus"), required=False, widget=forms.RadioSelect,
        choices=[("postpone", _("Utsett saken til møtet valgt under")), ("return", _("Send saken tilbake til sekretariatet"))],
        help_text=_("Uten konsensus (for få til stede, en side mangler, eller noen er uenige) fattes ikke vedtak; velg hva som skal skje med saken."))
    postpone_to = forms.ModelChoiceField(label=_("Utsett til møtet"), queryset=None, required=False)

    def __init__(self, *args, handling=None, **kwargs):
        from .models import Meeting

        super().__init__(*args, **kwargs)
        later = Meeting.objects.none()
        meeting = Meeting.objects.filter(items__handling=handling).first() if handling is not None else None
        if meeting is not None:
            later = (Meeting.objects.filter(body=handling.body_id, starts_at__gt=meeting.starts_at)
                     .exclude(status__in=[Meeting.Status.HELD, Meeting.Status.MINUTES_APPROVED, Meeting.Status.PUBLISHED])
                     .order_by("starts_at"))
        self.fields["postpone_to"].queryset = later
        self.fields["postpone_to"].label_from_instance = lambda m: f"{m} {timezone.localtime(m.starts_at):%H:%M}"


class MinutesApproveForm(DSForm):
    approvers = forms.ModelMultipleChoiceField(
        label=_("Godkjent av"), queryset=Person.objects.none(), widget=forms.CheckboxSelectMultiple,
        help_text=_("Møtelederen og ett medlem fra den andre siden."))

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["approvers"].queryset = Person.objects.filter(
            memberships__in=Membership.objects.current(timezone.localdate(meeting.starts_at)).filter(body=meeting.body).exclude(side=Side.NONE)
        ).distinct().order_by("last_name", "first_name")


class ProtocolNoteForm(DSForm):
    membership = forms.ModelChoiceField(label=_("Representant"), queryset=Membership.objects.none(), required=False)
    side = forms.ChoiceField(label=_("Eller en hel side"), required=False,
                             choices=[("", _("Ingen"))] + [c for c in Side.choices if c[0] != Side.NONE])
    text = forms.CharField(label=_("Protokolltilførsel"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, memberships, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["membership"].queryset = memberships


class MinutesForm(DSForm):
    """The draft minutes: an introduction and the discussion under each item; after approval a correction with its reason."""

    introduction = forms.CharField(label=_("Innledning"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                                   help_text=_("For eksempel hvem som ledet møtet og merknader til innkallingen."))
    draft_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, max_value=2**31 - 1)

    def __init__(self, *args, items, correcting, **kwargs):
        super().__init__(*args, **kwargs)
        for item in items:
            self.fields[f"item_{item.pk}"] = forms.CharField(label=str(item), required=False, widget=forms.Textarea(attrs={"rows": 3}))
        if correcting:
            self.fields["reason"] = forms.CharField(label=_("Grunn til rettingen"), widget=forms.Textarea(attrs={"rows": 2}),
                                                    help_text=_("Godkjent protokoll rettes som en ny, registrert versjon."))
        # DSFormMixin styled the fields it saw; style the ones added here too.
        for name, field in self.fields.items():
            field.widget.attrs.setdefault("class", "ds-input")

    def clean(self):
        data = super().clean()
        if "draft_version" in self.errors:
            self.add_error(None, _("Skjemaet mangler protokollens versjon. Last siden på nytt og skriv endringen igjen."))
        return data

    def show_stale(self, exc):
        """After a stale save: the other editor's text as an error under each field where it differs from the
        user's own, which stays in the field; the next save (from this form) then writes over it knowingly."""
        data = self.data.copy()
        data["draft_version"] = exc.minutes.draft_version
        self.data = data
        theirs = {"introduction": exc.introduction}
        theirs.update({f"item_{pk}": text for pk, text in exc.discussions.items()})
        for name, text in theirs.items():
            if name in self.fields and (self.data.get(name) or "").strip() != (text or "").strip():
                self.add_error(name, _("Lagret av en annen i mellomtiden: «%(text)s»") % {"text": text or _("(tomt)")})

    def discussions(self):
        return {int(name[5:]): value for name, value in self.cleaned_data.items() if name.startswith("item_")}


class AgendaAddCaseForm(DSForm):
    meeting = forms.ModelChoiceField(label=_("Møte"), queryset=None)
    purpose = forms.ChoiceField(label=_("Formål"), choices=Purpose.choices)
    urgent_reason = forms.CharField(label=_("Hastegrunn"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
                                    help_text=_("Bare når saken skal rett til beslutning uten drøfting først."))
    urgency_approved_by = forms.ModelChoiceField(
        label=_("Hast godkjent av"), queryset=Person.objects.none(), required=False,
        help_text=_("Hvem som godkjente unntaket fra totrinnsbehandlingen (bare for hastesaker)."))
    reason = _notice_reason_field(_("Begrunnelse (når innkallingen til møtet er sendt)"),
                                  help_text=_("Må fylles ut når innkallingen er sendt; står i tilleggsinnkallingen."))

    def __init__(self, *args, meetings, partnership=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = meetings
        if partnership is not None:
            self.fields["urgency_approved_by"].queryset = persons_of(partnership)


STATUS_CHOICES_WITH_NONE = [("", _("Ikke innkalt"))] + [c for c in Attendance.Status.choices if c[0] != Attendance.Status.CALLED]


class AttendanceAllForm(DSForm):
    """The whole meeting's attendance in one form: one row per member, observer, secretary and deputy.

    Everyone called is proposed present; the secretariat changes the exceptions (apologies, absent, a deputy
    meeting for a member, someone leaving during an item).
    """

    def __init__(self, *args, rows, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.table = rows
        for row in rows:
            m, person = row["membership"], row["membership"].person
            choices = STATUS_CHOICES_WITH_NONE if m.role == Membership.Role.DEPUTY else \
                [c for c in Attendance.Status.choices if c[0] != Attendance.Status.CALLED]
            self.fields[f"status_{m.pk}"] = forms.ChoiceField(label=_("Oppmøte for %(person)s") % {"person": person},
                                                              choices=choices, initial=row["status"], required=False)
            if row["deputy_for"]:
                field = forms.ModelChoiceField(
                    label=_("%(person)s møter for") % {"person": person}, required=False,
                    queryset=Membership.objects.filter(pk__in=[d.pk for d in row["deputy_for"]]).select_related("person"),
                    initial=row["substitute_for"].pk if row["substitute_for"] else None, empty_label=_("– Ingen –"))
                field.label_from_instance = lambda member: str(member.person)
                self.fields[f"substitute_for_{m.pk}"] = field
            left = forms.ModelChoiceField(label=_("%(person)s forlot møtet under") % {"person": person}, required=False,
                                          queryset=items, empty_label=_("– Hele møtet –"),
                                          initial=row["left_at_item"].pk if row["left_at_item"] else None)
            self.fields[f"left_at_item_{m.pk}"] = left
            self.fields[f"note_{m.pk}"] = forms.CharField(label=_("Merknad om forfall for %(person)s") % {"person": person},
                                                          required=False, max_length=255, initial=row["note"])
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "ds-input")

    def rows(self):
        out = []
        for row in self.table:
            pk = row["membership"].pk
            out.append({**row, "status_field": self[f"status_{pk}"], "note_field": self[f"note_{pk}"],
                        "left_field": self[f"left_at_item_{pk}"],
                        "substitute_field": self[f"substitute_for_{pk}"] if f"substitute_for_{pk}" in self.fields else None})
        return out

    def service_rows(self):
        d = self.cleaned_data
        return [{"membership": row["membership"], "status": d[f"status_{row['membership'].pk}"],
                 "substitute_for": d.get(f"substitute_for_{row['membership'].pk}"),
                 "left_at_item": d[f"left_at_item_{row['membership'].pk}"], "note": d[f"note_{row['membership'].pk}"]}
                for row in self.table]


class PositionsForm(DSForm):
    """The positions of everyone present on one decision item, in one form."""

    def __init__(self, *args, memberships, positions, **kwargs):
        super().__init__(*args, **kwargs)
        self.memberships = list(memberships)
        known = {p.membership_id: p for p in positions}
        for m in self.memberships:
            position = known.get(m.pk)
            self.fields[f"stance_{m.pk}"] = forms.ChoiceField(
                label=_("Standpunkt for %(person)s") % {"person": m.person}, required=False,
                choices=[("", _("– Ikke registrert –"))] + list(Position.Stance.choices),
                initial=position.stance if position else "")
            self.fields[f"reservation_{m.pk}"] = forms.CharField(
                label=_("Forbehold fra %(person)s") % {"person": m.person}, required=False,
                widget=forms.Textarea(attrs={"rows": 1}), initial=position.reservation if position else "")
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "ds-input")

    def rows(self):
        return [{"membership": m, "stance": self[f"stance_{m.pk}"], "reservation": self[f"reservation_{m.pk}"]}
                for m in self.memberships]

    def service_rows(self):
        d = self.cleaned_data
        return [{"membership": m, "stance": d[f"stance_{m.pk}"], "reservation": d[f"reservation_{m.pk}"]} for m in self.memberships]


class MinutesNextMeetingForm(DSForm):
    """«Godkjent i neste møte»: the later, held meeting of the same body where the minutes were approved."""

    approved_at_meeting = forms.ModelChoiceField(label=_("Godkjent i møtet"), queryset=None,
                                                 help_text=_("Et senere møte i samme organ som er avholdt."))

    def __init__(self, *args, meetings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["approved_at_meeting"].queryset = meetings
        self.fields["approved_at_meeting"].label_from_instance = lambda m: f"{m.title or m.body} {timezone.localtime(m.starts_at):%d.%m.%Y}"
        first = meetings.first()
        if first is not None:
            self.fields["approved_at_meeting"].initial = first.pk


class YearPlanForm(DSForm):
    """Plan a year of meetings at once: dates per body (one per line, «15.03.2027» or «15.03.2027 10:00»)."""

    DEFAULT_TIME = "10:00"

    place = forms.CharField(label=_("Sted for alle møtene"), required=False, max_length=200)

    def __init__(self, *args, bodies, year, **kwargs):
        super().__init__(*args, **kwargs)
        self.bodies, self.year = list(bodies), year
        for body in self.bodies:
            self.fields[f"dates_{body.pk}"] = forms.CharField(
                label=_("Møtedatoer for %(body)s") % {"body": body}, required=False,
                widget=forms.Textarea(attrs={"rows": 2, "class": "ds-input"}),
                help_text=_("Én dato per linje, for eksempel 15.03.%(year)s eller 15.03.%(year)s 12:00 (ellers kl. 10).") % {"year": year})

    def _parse(self, text):
        starts, bad = [], []
        for line in (text or "").replace(",", "\n").splitlines():
            line = " ".join(line.split())
            if not line:
                continue
            if " " not in line:
                line = f"{line} {self.DEFAULT_TIME}"
            for fmt in ("%d.%m.%Y %H:%M", "%Y-%m-%d %H:%M", "%d.%m.%Y kl. %H:%M"):
                try:
                    starts.append(datetime.strptime(line, fmt))
                    break
                except ValueError:
                    continue
            else:
                bad.append(line)
        return starts, bad

    def clean(self):
        data = super().clean()
        self.plans = {}
        for body in self.bodies:
            name = f"dates_{body.pk}"
            if name not in data:
                continue
            starts, bad = self._parse(data[name])
            if bad:
                self.add_error(name, _("Forstår ikke: %(lines)s. Skriv datoen som 15.03.%(year)s.") % {"lines": "; ".join(bad), "year": self.year})
            elif starts:
                self.plans[body] = starts
        return data


class ItemGuestForm(DSForm):
    """A guest at one agenda item: the right to speak, and to propose when given."""

    name = forms.CharField(label=_("Navn"), max_length=200)
    capacity = forms.CharField(label=_("Møter som"), max_length=200, required=False,
                               help_text=_("For eksempel «leder av KSU psykisk helse» eller «fagekspert»."))
    can_propose = forms.BooleanField(label=_("Forslagsrett i saken"), required=False)
