"""Malformed input in the Django admin never answers 500, never half-saves and never breaks a product rule.

For every model admin on the admin site, as a superuser and (for the models inside the partnership
boundary) as Finnmark's secretariat made a staff user: the add view and one object's change view are
read, and their own form (fields of the inlines and the formsets' management fields included, read from
the page's HTML) is posted back with malformed values, a sample of bad values per kind of field:
NUL bytes and other control characters, 100 000 characters of text, dates in year 1 and 9999 and a
31 February, a 25:61 time, negative and huge numbers, unknown ids and the other partnership's ids. Each
form gets one of these four sets, rotating, so every model gets each set once when both users reach both
of its forms (the superuser-only models get two of them, a different pair from model to model).
Each post runs in a savepoint that is rolled back. A refused post (anything but a redirect) changes no
row of the model, its inlines, their history or the admin log; an accepted one leaves no date outside
the product's range, no control character and no row pointing into another partnership. The change
lists are asked with broken search, order, filter and page parameters.
"""
import re
from html.parser import HTMLParser

import pytest
from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import models, transaction
from django.db.models import F, Q
from django.test import Client
from django.urls import NoReverseMatch, reverse

from bodies.admin_scope import PARTNERSHIP_PATHS
from common.input import MAX_YEAR, MIN_YEAR
from tests.test_fuzz import HUGE, request_in_savepoint

SKIPPED = {"django_rq.Dashboard"}  # the task queue's pages are django-rq's, not model forms
CONTROL = r"[\x01-\x08\x0b\x0c\x0e-\x1f\x7f]"

CHANGELIST_QUERIES = [
    {"q": "ab\x00c"}, {"q": HUGE}, {"o": "abc"}, {"o": "99.-99.x"}, {"pk__in": "x"}, {"id__gte": "\x00"},
    {"_changelist_filters": "\x00%%%&&=="}, {"p": "99999"}, {"p": "-1"}, {"all": "", "e": "1"},
    {"q": "%' OR 1=1 --", "o": "-1"},
]


class FormFields(HTMLParser):
    """The named fields of one form of a page: [(name, kind, value, options)], in page order."""

    def __init__(self, form_id):
        super().__init__(convert_charrefs=True)
        self.form_id, self.inside, self.fields = form_id, False, []
        self._select = self._textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
            return
        if not self.inside or "__prefix__" in (attrs.get("name") or ""):
            return
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("submit", "button", "image", "reset"):
            kind = attrs.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.fields.append([name, kind, attrs.get("value") or ("on" if kind == "checkbox" else ""), []])
        elif tag == "select" and name:
            self._select = [name, "select", [], []]
            self.fields.append(self._select)
        elif tag == "option" and self._select is not None:
            self._select[3].append(attrs.get("value", ""))
            if "selected" in attrs:
                self._select[2].append(attrs.get("value", ""))
        elif tag == "textarea" and name:
            self._textarea = [name, "textarea", "", []]
            self.fields.append(self._textarea)

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[2] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def posted_as_shown(html, form_id):
    """The data the form `form_id` on the page would post untouched: {name: [values]}, as the test client takes it."""
    parser = FormFields(form_id)
    parser.feed(html)
    data = {}
    for name, _kind, value, _options in parser.fields:
        data.setdefault(name, []).extend(value if isinstance(value, list) else [value])
    return data


def page_form(response, model):
    """The change form's fields and the Django form field behind each name (None for management fields)."""
    parser = FormFields(f"{model._meta.model_name}_form")
    parser.feed(response.content.decode())
    form_fields = dict(response.context["adminform"].form.fields)
    for inline in response.context["inline_admin_formsets"]:
        for name, field in inline.formset.form.base_fields.items():
            form_fields[f"{inline.formset.prefix}-*-{name}"] = field
        for name, field in (inline.formset.forms[0].fields.items() if inline.formset.forms else ()):
            form_fields[f"{inline.formset.prefix}-*-{name}"] = field
    fields = []
    for name, kind, value, options in parser.fields:
        key = re.sub(r"^(.+)-\d+-(.+)$", r"\1-*-\2", name)
        field = form_fields.get(key) or form_fields.get(re.sub(r"_[01]$", "", key))
        fields.append((name, kind, value, options, field))
    return fields


def kind_of(name, kind, field):
    if field is None:
        return "management" if re.search(r"-(TOTAL|INITIAL|MIN_NUM|MAX_NUM)_FORMS$", name) else None
    if isinstance(field, (forms.FileField, forms.BooleanField)) or kind in ("hidden",) and name.endswith("-id"):
        return None
    if isinstance(field, forms.SplitDateTimeField):
        return "date" if name.endswith("_0") else "time"
    if isinstance(field, forms.DateTimeField):
        return "datetime"
    if isinstance(field, forms.DateField):
        return "date"
    if isinstance(field, forms.TimeField):
        return "time"
    if isinstance(field, (forms.ModelChoiceField, forms.ModelMultipleChoiceField)):
        return "id"
    if isinstance(field, (forms.IntegerField, forms.DecimalField, forms.FloatField)):
        return "number"
    if isinstance(field, forms.ChoiceField):
        return "choice"
    if isinstance(field, forms.CharField):
        return "text"
    return None


def other_ids(field, other):
    """Ids of the other partnership's rows the field's target model holds (for a foreign key)."""
    queryset = getattr(field, "queryset", None)
    if queryset is None:
        return []
    target = queryset.model
    paths = PARTNERSHIP_PATHS.get(target._meta.label)
    if not paths:
        return []
    path = paths[0]
    rows = target._default_manager.filter(**({"pk": other.pk} if path == "pk" else {path: other}))
    return [str(pk) for pk in rows.order_by("pk").values_list("pk", flat=True)[:2]]


def variants(fields, other, only=None):
    """A few posts per form: each kind of field gets a rotating sample of bad values (not the cross product).
    ``only``: the index of the one set of bad values to post (all sets when None)."""
    bad = {
        "NUL bytes and unknown ids": {"text": ["tekst\x00"], "id": ["999999999", "-1", "abc"], "choice": ["zzz\x00"]},
        "control characters, huge text, broken management form": {
            "text": [HUGE] + ["tekst\x0b\x1b[0m"] * 999, "management": ["abc", "-1", "99999999999"]},
        "dates, times and numbers out of range": {
            "date": ["0001-01-01", "9999-12-31", "31.02.2026"], "time": ["25:61", "-1:00"],
            "datetime": ["0001-01-01 00:00", "9999-12-31 23:59", "31.02.2026 25:61"],
            "number": ["-1", "99999999999999999999", "-99999999999", "1e400", "abc"]},
        "the other partnership's ids": {"id": None},
    }
    for index, (label, values) in enumerate(bad.items()):
        if only is not None and index != only % len(bad):
            continue
        data, seen = {}, {}
        for name, kind, value, options, field in fields:
            data.setdefault(name, [])
            data[name] += value if isinstance(value, list) else [value]
            group = kind_of(name, kind, field)
            if group not in values:
                continue
            sample = values[group] if values[group] is not None else other_ids(field, other)
            if not sample:
                continue
            i = seen[group] = seen.get(group, -1) + 1
            data[name] = [sample[i % len(sample)]]
        yield label, data


def labels_around(model, model_admin):
    """The models a post on this admin may write: its own, its inlines', their history and the admin log."""
    labels = {model._meta.label, "admin.LogEntry"}
    labels |= {inline.model._meta.label for inline in model_admin.inlines}
    for label in list(labels):
        history = getattr(apps_get(label), "history", None)
        if history is not None and hasattr(history, "model"):
            labels.add(history.model._meta.label)
    return sorted(labels)


def apps_get(label):
    from django.apps import apps

    return apps.get_model(label)


def broken_rules(labels):
    """Rows of the given models that break a product rule: a date out of range, a control character, or a
    foreign key into another partnership than the row's own. A dict {description: count}."""
    found = {}
    for label in labels:
        model = apps_get(label)
        if model._meta.label.startswith(("admin.", "auth.")) or model.__name__.startswith("Historical"):
            continue
        manager = model._default_manager
        for field in model._meta.concrete_fields:
            if isinstance(field, (models.DateField, models.DateTimeField)):
                found[f"{label}.{field.name} out of range"] = manager.filter(
                    Q(**{f"{field.name}__year__lt": MIN_YEAR}) | Q(**{f"{field.name}__year__gt": MAX_YEAR})).count()
            elif isinstance(field, (models.CharField, models.TextField)) and not field.choices:
                found[f"{label}.{field.name} control characters"] = manager.filter(**{f"{field.name}__regex": CONTROL}).count()
            elif isinstance(field, models.ForeignKey):
                own, target = PARTNERSHIP_PATHS.get(label), PARTNERSHIP_PATHS.get(field.related_model._meta.label)
                if not own or not target or len(own) > 1 or len(target) > 1:
                    continue
                own_path = "pk" if own[0] == "pk" else f"{own[0]}_id" if "__" not in own[0] else own[0]
                other_path = f"{field.name}_id" if target[0] == "pk" else f"{field.name}__{target[0]}"
                if own_path == other_path:
                    continue
                found[f"{label}.{field.name} in another partnership"] = (
                    manager.filter(**{f"{field.name}__isnull": False}).exclude(**{own_path: F(other_path)}).count())
    return found


@pytest.fixture(scope="module")
def admin_fuzz(demo_module, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        User = get_user_model()
        superuser = User.objects.create_user("admin-fuzz", password="x", is_staff=True, is_superuser=True)
        secretariat = User.objects.get(username="sekretariat")
        secretariat.is_staff = True
        secretariat.save(update_fields=["is_staff"])
        secretariat.groups.add(Group.objects.get(name="Sekretariat"))
        clients = {}
        for key, user in (("superuser", superuser), ("sekretariat", secretariat)):
            clients[key] = Client(raise_request_exception=False)
            clients[key].force_login(user)
        yield {"clients": clients, "finnmark": demo_module["finnmark"], "helgeland": demo_module["helgeland"]}
        transaction.set_rollback(True)


REGISTERED = sorted((m for m in admin.site._registry if m._meta.label not in SKIPPED), key=lambda m: m._meta.label)


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def fuzz_form(client, model, model_admin, url, other, problems, label, only=None):
    page = client.get(url)
    if page.status_code >= 500:
        problems.append(f"GET {label}: {page.status_code}")
    if page.status_code != 200 or "adminform" not in (page.context or {}):
        return 0
    fields = page_form(page, model)
    labels = labels_around(model, model_admin)
    before_rules = broken_rules(labels)
    posted = 0
    for variant, data in variants(fields, other, only):
        def after(response):
            if response.status_code in (301, 302, 303):
                now = broken_rules(labels)
                worse = {k: (before_rules[k], v) for k, v in now.items() if v > before_rules.get(k, 0)}
                if worse:
                    problems.append(f"POST {label} {variant}: accepted and broke {worse}")

        response, before, after_counts = request_in_savepoint(lambda: client.post(url, data), labels, after)
        posted += 1
        if response.status_code >= 500:
            problems.append(f"POST {label} {variant}: {response.status_code}")
        elif response.status_code not in (301, 302, 303) and before != after_counts:
            changed = {k: (before[k], after_counts[k]) for k in before if before[k] != after_counts[k]}
            problems.append(f"POST {label} {variant}: refused ({response.status_code}) but saved {changed}")
    return posted


def own_object(changelist, model, finnmark):
    """One row of the change list, Finnmark's when the model belongs to a partnership."""
    if not changelist.context or "cl" not in changelist.context:
        return None
    queryset = changelist.context["cl"].queryset
    paths = PARTNERSHIP_PATHS.get(model._meta.label)
    if paths:
        queryset = queryset.filter(**({"pk": finnmark.pk} if paths[0] == "pk" else {paths[0]: finnmark}))
    return queryset.order_by("pk").first()


@pytest.mark.parametrize("model", REGISTERED, ids=lambda m: m._meta.label)
def test_admin_forms_refuse_malformed_input_without_500_or_half_saves(model, admin_fuzz, db):
    model_admin = admin.site._registry[model]
    problems = []
    posted = 0
    # A sample, so that the whole admin is fuzzed in about a minute: each of the four forms (add and change,
    # as superuser and as the secretariat) gets one set of bad values, a different one per form, starting at
    # a different set per model; each user asks the change list with half of the broken queries.
    start = REGISTERED.index(model)
    for turn, who in enumerate(("superuser", "sekretariat")):
        client = admin_fuzz["clients"][who]
        changelist = client.get(admin_url(model, "changelist"))
        if changelist.status_code >= 500:
            problems.append(f"{who} GET changelist: {changelist.status_code}")
        if changelist.status_code != 200:
            continue  # not this user's page (403) or not a list
        for query in CHANGELIST_QUERIES[(start + turn) % 2::2]:
            response = client.get(admin_url(model, "changelist"), query)
            if response.status_code >= 500:
                problems.append(f"{who} GET changelist {query!r:.60}: {response.status_code}")
        posted += fuzz_form(client, model, model_admin, admin_url(model, "add"), admin_fuzz["helgeland"], problems,
                            f"{who} add", only=start + 2 * turn)
        obj = own_object(changelist, model, admin_fuzz["finnmark"])
        if obj is not None:
            try:
                change = admin_url(model, "change", obj.pk)
            except NoReverseMatch:
                continue
            posted += fuzz_form(client, model, model_admin, change, admin_fuzz["helgeland"], problems,
                                f"{who} change {obj.pk}", only=start + 2 * turn + 1)
    assert not problems, f"{model._meta.label}\n" + "\n".join(problems)
