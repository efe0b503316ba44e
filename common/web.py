"""Small helpers shared by the secretariat's pages: form styling, one-time form tokens, service errors on forms."""
import html
import secrets

from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.functional import cached_property
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.shortcuts import get_object_or_404
from django.utils.html import conditional_escape, escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from common.input import (CONTROL_MESSAGE, date_in_range, date_range_error, has_control_characters, integer_in_range,
                                   integer_range_error)

FORM_TOKENS_SESSION_KEY = "form_tokens"
MAX_TOKENS = 50
EMPTY_LABEL = _("– Velg –")
ALREADY_SENT = _("Skjemaet er allerede sendt inn. Det ble ikke lagret på nytt.")


class ProjectFormRenderer(DjangoTemplates):
    """Django's form templates plus the project's own (templates/includes/_form.html)."""

    @cached_property
    def engine(self):
        from pathlib import Path

        import django.forms
        from django.conf import settings

        return self.backend({
            "APP_DIRS": True,
            "DIRS": [Path(settings.BASE_DIR) / "templates", Path(django.forms.__file__).parent / "templates"],
            "NAME": "project_forms",
            "OPTIONS": {},
        })

    def render(self, template_name, context, request=None):
        """Selects, inputs and text areas are written here, in the markup Django's widget templates give (the
        project overrides none of them): a case picker or a person picker has hundreds of options, two template
        includes per option cost more than the rest of the page, and a list of small forms pays two includes per
        hidden field."""
        if template_name == SELECT_TEMPLATE:
            html = _choices_select_html(context["widget"]) if isinstance(context["widget"]["optgroups"], _Options) else None
            html = html if html is not None else _select_html(context["widget"])
            if html is not None:
                return html
        elif template_name in INPUT_TEMPLATES:
            return _input_html(context["widget"])
        elif template_name == TEXTAREA_TEMPLATE:
            return _textarea_html(context["widget"])
        return super().render(template_name, context, request=request)


SELECT_TEMPLATE = "django/forms/widgets/select.html"
TEXTAREA_TEMPLATE = "django/forms/widgets/textarea.html"
# The widget templates that are only {% include "django/forms/widgets/input.html" %}.
INPUT_TEMPLATES = {f"django/forms/widgets/{name}.html" for name in (
    "input", "hidden", "text", "number", "date", "email", "search", "url", "password", "tel", "time", "datetime", "color")}
OPTION_TEMPLATE = "django/forms/widgets/select_option.html"


def _attrs_html(attrs):
    """django/forms/widgets/attrs.html"""
    return "".join(
        f" {conditional_escape(name)}" if value is True else f' {conditional_escape(name)}="{escape("%s" % (value,))}"'
        for name, value in attrs.items() if value is not False)


def _input_html(widget):
    """django/forms/widgets/input.html"""
    value = "" if widget["value"] is None else f' value="{escape("%s" % (widget["value"],))}"'
    return mark_safe(f'<input type="{conditional_escape(widget["type"])}" name="{conditional_escape(widget["name"])}"{value}'
                     f'{_attrs_html(widget["attrs"])}>')


def _textarea_html(widget):
    """django/forms/widgets/textarea.html"""
    value = conditional_escape(widget["value"]) if widget["value"] else ""
    return mark_safe(f'<textarea name="{conditional_escape(widget["name"])}"{_attrs_html(widget["attrs"])}>\n{value}</textarea>')


def _select_html(widget):
    """django/forms/widgets/select.html with select_option.html, or None for a widget with its own option template."""
    parts = [f'<select name="{conditional_escape(widget["name"])}"{_attrs_html(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
        for option in group_choices:
            if option["template_name"] != OPTION_TEMPLATE:
                return None
            parts.append(f'\n  <option value="{escape("%s" % (option["value"],))}"{_attrs_html(option["attrs"])}>'
                         f'{conditional_escape(option["label"])}</option>\n')
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return mark_safe("".join(parts))


class _Options:
    """A select's option groups, made by Django (``ChoiceWidget.optgroups``) only when something reads them: the markup
    below writes a select without groups straight from its choices, without a dict per option."""

    def __init__(self, widget, name, value, attrs):
        self.widget, self.name, self.value, self.attrs = widget, name, value, attrs
        self._groups = None

    def __iter__(self):
        if self._groups is None:
            self._groups = self.widget.optgroups(self.name, self.value, self.attrs)
        return iter(self._groups)


class Select(forms.Select):
    """Django's Select with its options read from the choices as the page is written (the same markup: see
    ``_choices_select_html``). The class keeps Django's name so ``BoundField.widget_type`` stays «select»."""

    def get_context(self, name, value, attrs):
        context = forms.Widget.get_context(self, name, value, attrs)
        context["widget"]["optgroups"] = _Options(self, name, context["widget"]["value"], attrs)
        if self.allow_multiple_selected:
            context["widget"]["attrs"]["multiple"] = True
        return context


def _escape_text(value):
    """``django.utils.html.escape`` (the same ``html.escape``) without Django's check for lazy strings per call."""
    return html.escape(value if type(value) is str else str(value))


def _escape_html(value):
    """``conditional_escape``: a plain string escaped as above, anything else (safe or lazy) as Django does."""
    return html.escape(value) if type(value) is str else conditional_escape(value)


def _choices_select_html(widget):
    """select.html and select_option.html for a select without option groups, from its choices in one pass (what
    ``ChoiceWidget.optgroups`` selects: the first option whose value is among the values); None for one with groups."""
    options = widget["optgroups"]
    values, multiple = options.value, options.widget.allow_multiple_selected
    parts = [f'<select name="{conditional_escape(widget["name"])}"{_attrs_html(widget["attrs"])}>']
    has_selected = False
    for value, label in options.widget.choices:
        if isinstance(label, (list, tuple)):
            return None
        if value is None:
            value = ""
        selected = (not has_selected or multiple) and str(value) in values
        has_selected |= selected
        parts.append(f'\n  <option value="{_escape_text(value)}"{" selected" if selected else ""}>{_escape_html(label)}</option>\n')
    parts.append("\n</select>")
    return mark_safe("".join(parts))


class _RowChoiceIterator(forms.models.ModelChoiceIterator):
    """The options of a model choice field from plain rows: the pk and the columns its label is made of."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        columns, label = self.field.choice_rows
        for pk, *values in self.queryset.values_list("pk", *columns).iterator():
            yield (forms.models.ModelChoiceIteratorValue(pk, None), label(*values))


def options_from_rows(field, queryset, columns, label):
    """Give a model choice field its queryset, with its options written from rows of ``columns`` labelled by
    ``label(*values)`` (the same text as the instance's label) instead of from model instances: a picker of
    hundreds of people or cases built an instance per option. The chosen value is still the instance."""
    field.iterator = _RowChoiceIterator
    field.choice_rows = (columns, label)
    field.queryset = queryset


class DSFormMixin:
    """Designsystemet classes on every widget; error messages tied to their field for screen readers."""

    template_name = "includes/_form.html"
    # Render with the project's templates (templates/includes/), whatever FORM_RENDERER says.
    default_renderer = ProjectFormRenderer()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.ModelChoiceField) and field.empty_label is not None and not str(field.empty_label).strip("- ").lower().startswith(("alle", "velg")):
                field.empty_label = EMPTY_LABEL
            widget = field.widget
            if type(widget) is forms.Select:  # noqa: E721 - subclasses have option templates of their own
                widget.__class__ = Select
            if isinstance(widget, (forms.CheckboxInput, forms.CheckboxSelectMultiple, forms.RadioSelect)):
                widget.attrs.setdefault("class", "ds-checkbox")
                if isinstance(widget, forms.RadioSelect):
                    widget.attrs["class"] = "ds-radio"
            elif not isinstance(widget, forms.HiddenInput):
                widget.attrs.setdefault("class", "ds-input")
            if isinstance(widget, forms.Textarea):
                widget.attrs.setdefault("rows", 4)

    def _clean_fields(self):
        """Field by field as Django does, then the product's input rules (helsefellesskap/input.py) for every field."""
        super()._clean_fields()
        for name, field in self.fields.items():
            if name not in self.cleaned_data:
                continue
            error = input_error(field, self.cleaned_data[name])
            if error is not None:
                self.add_error(name, error)

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                error_id = f"{self[name].auto_id}_error"
                described = widget.attrs.get("aria-describedby", "")
                if error_id not in described:
                    widget.attrs["aria-describedby"] = f"{described} {error_id}".strip()


def input_error(field, value):
    """The product's rule a cleaned value breaks, as a ValidationError, or None.

    Text: no NUL byte or other control character (tab and line breaks pass in a text area). Dates: between
    the years in helsefellesskap/input.py. Whole numbers: within what the database column holds.
    """
    if isinstance(value, str) or (isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value)):
        multiline = isinstance(field.widget, forms.Textarea)
        texts = [value] if isinstance(value, str) else value
        if any(has_control_characters(text, multiline=multiline) for text in texts):
            return ValidationError(CONTROL_MESSAGE, code="control_characters")
    elif isinstance(field, (forms.DateField, forms.DateTimeField, forms.SplitDateTimeField)) and not date_in_range(value):
        return date_range_error()
    elif isinstance(field, forms.IntegerField) and not integer_in_range(value):
        return integer_range_error()
    return None


# The attributes of a date field's input: the browser's own date picker.
DATE = {"type": "date"}


class DSForm(DSFormMixin, forms.Form):
    pass


class DSModelForm(DSFormMixin, forms.ModelForm):
    pass


def add_service_errors(form, exc: ValidationError):
    """Put a service's ValidationError on the form: messages for a field next to it, the rest on top."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            target = field if field in form.fields else None
            for error in errors:
                form.add_error(target, error)
    else:
        for message in exc.messages:
            form.add_error(None, message)


def service_error_text(exc: ValidationError):
    return " ".join(exc.messages)


def issue_form_token(request):
    """A one-time token for a form; a second submission with the same token is refused."""
    token = secrets.token_urlsafe(16)
    tokens = request.session.get(FORM_TOKENS_SESSION_KEY, [])
    tokens = (tokens + [token])[-MAX_TOKENS:]
    request.session[FORM_TOKENS_SESSION_KEY] = tokens
    return token


def form_token_valid(request):
    return request.POST.get("form_token", "") in request.session.get(FORM_TOKENS_SESSION_KEY, [])


def url_of_each(viewname, kwarg, **kwargs):
    """``reverse(viewname, kwargs={kwarg: pk, **kwargs})`` as a function of ``pk`` for a list of rows: reversed once,
    with the number put in per row (a ``{% url %}`` per row cost more than the row)."""
    from django.urls import reverse

    marker = 2147483647
    head, tail = reverse(viewname, kwargs={kwarg: marker, **kwargs}).split(str(marker))
    return lambda pk: f"{head}{pk}{tail}"


class FormAlreadySent(Exception):
    """The one-time token of a form was spent by another submission."""


def claim_form_token(request):
    """Spend the posted token in the current transaction: a twin submission waits for it and then fails.

    The row is inserted in the transaction that saves the form, so it exists exactly when the save does:
    a submission refused by the service leaves the token unspent, and of N simultaneous submissions the
    unique constraint lets one through.
    """
    from django.db import IntegrityError, transaction

    from common.models import SpentFormToken

    try:
        with transaction.atomic():
            SpentFormToken.objects.create(token=request.POST.get("form_token", ""))
    except IntegrityError:
        raise FormAlreadySent from None


def spend_form_token(request):
    """Forget a spent token in the session too, so the next page load does not offer it again."""
    token = request.POST.get("form_token", "")
    tokens = request.session.get(FORM_TOKENS_SESSION_KEY, [])
    if token in tokens:
        tokens.remove(token)
        request.session[FORM_TOKENS_SESSION_KEY] = tokens


def run_service(request, form, call, *, success, redirect_to, token=False):
    """Validate a posted form, call one service with its data, and answer with a redirect, or None to show the errors.

    ``call(cleaned_data)`` returns the result; ``success`` and ``redirect_to`` are values or functions of it.
    With ``token`` the form carries a one-time token: a second submission is refused, not saved twice.
    """
    from django.contrib import messages
    from django.db import transaction
    from django.shortcuts import redirect

    def already_sent():
        messages.warning(request, ALREADY_SENT)
        return redirect(redirect_to(None) if callable(redirect_to) else redirect_to)

    if token and not form_token_valid(request):
        return already_sent()
    if not form.is_valid():
        return None
    try:
        with transaction.atomic():
            if token:
                claim_form_token(request)
            result = call(form.cleaned_data)
    except FormAlreadySent:
        return already_sent()
    except ValidationError as exc:
        add_service_errors(form, exc)
        return None
    if token:
        spend_form_token(request)
    if success:
        messages.success(request, success(result) if callable(success) else success)
    return redirect(redirect_to(result) if callable(redirect_to) else redirect_to)


def form_page(request, *, form, title, cancel_url, partnership, submit_label, nav="", intro="", token=False, obj=None):
    from django.shortcuts import render

    return render(request, "form_page.html", {
        "form": form, "title": title, "cancel_url": cancel_url, "partnership": partnership, "submit_label": submit_label,
        "nav": nav, "intro": intro, "form_token": issue_form_token(request) if token else None, "obj": obj,
    })


def page_with_total(queryset, per_page, number):
    """``Paginator(queryset, per_page).get_page(number)`` in one query: the page's rows carry the total (a window count
    over the whole list), so the paginator needs no COUNT of its own. A page past the end falls back to Django's way.
    ``queryset`` may be a ``values()`` queryset: its rows are then dicts, each with the total under ``list_total``."""
    from django.core.paginator import Paginator
    from django.db.models import Count, Window

    paginator = Paginator(queryset, per_page)
    try:
        number = int(number)
    except (TypeError, ValueError):
        number = 1
    if number < 1:
        return paginator.get_page(number)
    bottom = (number - 1) * per_page
    rows = list(queryset.annotate(list_total=Window(Count("pk")))[bottom:bottom + per_page])
    if not rows and number > 1:
        return paginator.get_page(number)
    total = (rows[0]["list_total"] if isinstance(rows[0], dict) else rows[0].list_total) if rows else 0
    paginator.count = total  # Paginator.count is a cached property
    return paginator._get_page(rows, number, paginator)
