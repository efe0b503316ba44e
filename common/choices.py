"""Choice labels looked up once per field and language, not rebuilt on every ``get_FOO_display()`` call.

Django's ``get_FOO_display()`` builds a dict of the field's choices on every call, hashing each lazy label and
so translating every label of the field to show one. A list page shows a status per row; with this the labels
of a field are translated once per language and process.
"""
from functools import partialmethod

from django.utils.encoding import force_str
from django.utils.hashable import make_hashable
from django.utils.translation import get_language


def _display_method(field):
    labels_by_language = {}

    def get_display(self):
        language = get_language()
        labels = labels_by_language.get(language)
        if labels is None:
            labels = labels_by_language[language] = {
                make_hashable(value): force_str(label, strings_only=True) for value, label in field.flatchoices}
        value = getattr(self, field.attname)
        try:
            return labels[make_hashable(value)]
        except (KeyError, TypeError):
            return force_str(value, strings_only=True)

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
