"""Choice labels looked up once per field and language, not rebuilt on every ``get_FOO_display()`` call.

Django's ``get_FOO_display()`` builds a dict of the field's choices on every call, hashing each lazy label and
so translating every label of the field to show one. A list page shows a status per row; with this the labels
of a field are translated once per language and process.
"""
from functools import partialmethod

from django.utils.encoding import force_str
from django.utils.hashable import make_hashable
from django.utils.translation import get_language


def _label_lookup(field):
    """The field's label of a value, from a table made once per language (an unknown value shows as itself)."""
    labels_by_language = {}

    def label(value):
        language = get_language()
        labels = labels_by_language.get(language)
        if labels is None:
            labels = labels_by_language[language] = {
                make_hashable(choice): force_str(text, strings_only=True) for choice, text in field.flatchoices}
        try:
            return labels[make_hashable(value)]
        except (KeyError, TypeError):
            return force_str(value, strings_only=True)

    return label


_lookups = {}


def choice_label(model, field_name):
    """``value -> label`` for a field with choices: what ``get_FOO_display()`` shows, for rows read as plain values
    (``values()``), with the same table per language as the model's own method."""
    key = (model, field_name)
    lookup = _lookups.get(key)
    if lookup is None:
        lookup = _lookups[key] = _label_lookup(model._meta.get_field(field_name))
    return lookup


def _display_method(field):
    label = choice_label(field.model, field.name)

    def get_display(self):
        return label(getattr(self, field.attname))

    get_display.__name__ = f"get_{field.name}_display"
    return get_display


def install_display_methods(models):
    """Replace Django's generated ``get_FOO_display`` (and only it: a model's own method stays) on these models."""
    for model in models:
        for field in model._meta.get_fields():
            if not getattr(field, "choices", None) or not getattr(field, "attname", None):
                continue
            name = f"get_{field.name}_display"
            if isinstance(model.__dict__.get(name), partialmethod):
                setattr(model, name, _display_method(field))
