"""Widgets written in Python (common.web) give exactly the markup Django's widget templates give, and choice labels
looked up once (common.choices) are the labels Django gives."""
import pytest
from django import forms
from django.db.models.base import Model
from django.forms.renderers import DjangoTemplates
from django.utils import translation

from cases.models import Case, Handling
from common.web import DATE, DSForm
from meetings.models import Meeting


class AllWidgets(DSForm):
    choice = forms.ChoiceField(choices=[("", "– Velg –"), ("x<y", 'A & "B"'), ("2", "To")], initial="2")
    grouped = forms.MultipleChoiceField(choices=[("Gruppe", [("1", "En"), ("2", "To")]), ("3", "Tre")], initial=["1", "3"],
                                        required=False)
    flags = forms.ChoiceField(choices=[(1, "x")], widget=forms.Select(attrs={"disabled": True, "data-x": False, "aria-describedby": "q"}))
    text = forms.CharField(initial='a"<b>&', max_length=10)
    hidden = forms.CharField(widget=forms.HiddenInput, initial=5)
    number = forms.IntegerField(required=False)
    day = forms.DateField(widget=forms.DateInput(attrs=DATE), required=False)
    area = forms.CharField(widget=forms.Textarea, initial="linje 1\n<b>linje 2</b>")
    empty_area = forms.CharField(widget=forms.Textarea, required=False)
    email = forms.EmailField(initial="a@b.no")


@pytest.mark.parametrize("data", [None, {"text": "x&y", "number": "12", "day": "2024-01-02", "area": "", "empty_area": "t<",
                                         "choice": "x<y", "grouped": ["2"]}])
def test_every_widget_has_the_markup_of_djangos_templates(data):
    form = AllWidgets(data)
    if data:
        form.is_valid()
    for name in form.fields:
        field = form[name]
        attrs = {"id": field.auto_id, **field.build_widget_attrs({})}
        ours = field.field.widget.render(field.html_name, field.value(), attrs=attrs, renderer=form.renderer)
        djangos = field.field.widget.render(field.html_name, field.value(), attrs=attrs, renderer=DjangoTemplates())
        assert ours == djangos, name


def test_the_selected_option_is_marked():
    html = str(AllWidgets()["choice"])
    assert '<option value="2" selected>To</option>' in html
    assert '<option value="x&lt;y">A &amp; &quot;B&quot;</option>' in html


@pytest.mark.parametrize("obj, field", [(Case(status="decided"), "status"), (Case(status="reported"), "status"),
                                        (Handling(purpose="decision", outcome="decided"), "outcome"),
                                        (Meeting(status="held"), "status")])
def test_choice_labels_are_djangos_in_each_language(obj, field):
    for language in ("nb", "en"):
        with translation.override(language):
            assert getattr(obj, f"get_{field}_display")() == Model._get_FIELD_display(obj, obj._meta.get_field(field))


def test_a_value_outside_the_choices_is_shown_as_it_is():
    assert Case(status="ukjent").get_status_display() == "ukjent"


class Selects(DSForm):
    grouped = forms.ChoiceField(choices=[("Gruppe", [("1", "En"), ("2", "To")]), ("3", "Tre")], initial="2")
    twice = forms.ChoiceField(choices=[("a", "Først"), ("a", "Igjen"), (None, "Ingen")], initial="a")
    none = forms.ChoiceField(choices=[(None, "Ingen"), ("b", "B")], required=False)
    meeting = forms.ModelChoiceField(queryset=Meeting.objects.none(), required=False)


@pytest.mark.parametrize("choose", [False, True])
def test_selects_written_from_their_choices_have_djangos_markup(demo, choose):
    meetings = Meeting.objects.order_by("pk")[:5]
    data = {"grouped": "3", "twice": "a", "none": "", "meeting": str(meetings[1].pk)} if choose else None
    form = Selects(data)
    form.fields["meeting"].queryset = meetings
    if data:
        form.is_valid()
    assert Meeting.objects.exists()
    for name in form.fields:
        field = form[name]
        assert field.widget_type == "select"
        attrs = {"id": field.auto_id, **field.build_widget_attrs({})}
        ours = field.field.widget.render(field.html_name, field.value(), attrs=attrs, renderer=form.renderer)
        djangos = field.field.widget.render(field.html_name, field.value(), attrs=attrs, renderer=DjangoTemplates())
        assert ours == djangos, name
        assert "<option" in ours


def test_only_the_first_option_with_the_chosen_value_is_selected():
    html = str(Selects()["twice"])
    assert '<option value="a" selected>Først</option>' in html
    assert '<option value="a">Igjen</option>' in html


def test_options_from_rows_are_the_options_of_the_instances(demo):
    from cases.models import Case
    from common.web import options_from_rows
    from members.models import Person

    people = Person.objects.filter(pk__in=Person.objects.order_by("pk").values("pk")[:40]).order_by("last_name", "pk")
    cases = Case.objects.filter(pk__in=Case.objects.order_by("pk").values("pk")[:40]).order_by("-year", "-number", "pk")
    assert cases.count() >= 5 and people.count() > 10
    assert Case.label(None, 2025, "Uten nummer") == str(Case(title="Uten nummer", year=2025)) == "Uten nummer"
    for queryset, columns, label in ((people, ("first_name", "last_name"), Person.name_of), (cases, ("number", "year", "title"), Case.label)):
        plain, from_rows = forms.ModelChoiceField(queryset=queryset), forms.ModelChoiceField(queryset=queryset.none())
        options_from_rows(from_rows, queryset, columns, label)
        chosen = queryset[3]
        for language in ("nb", "nn"):
            with translation.override(language):
                expected = plain.widget.render("x", chosen.pk)
                assert from_rows.widget.render("x", chosen.pk) == expected
                assert f'<option value="{chosen.pk}" selected>' in expected
        assert from_rows.clean(str(chosen.pk)) == chosen
