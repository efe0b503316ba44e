"""What input the product accepts: no control characters, dates in a sensible range, whole numbers the database can hold.

One place for the rules, used by the request middleware (path, query string, headers), the forms
(helsefellesskap/web.py, DSFormMixin) and the models' clean() (the admin path).
"""
import datetime
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# C0 control characters and DEL. Tab, line feed and carriage return are allowed in multi-line text only.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_CONTROL_SINGLE_LINE = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")

MIN_YEAR = 1900
MAX_YEAR = 2200
# PostgreSQL «integer» (the widest whole-number column the forms write to without their own bounds).
MIN_INTEGER = -2_147_483_648
MAX_INTEGER = 2_147_483_647

CONTROL_MESSAGE = _("Teksten inneholder usynlige kontrolltegn som ikke kan lagres. Skriv eller lim inn teksten på nytt.")
DATE_MESSAGE = _("Datoen må være mellom år %(min)s og %(max)s.")
INTEGER_MESSAGE = _("Tallet er for stort. Skriv et tall mellom %(min)s og %(max)s.")


def has_control_characters(text, *, multiline=True):
    """True when ``text`` holds a NUL byte or another control character (tab, CR, LF pass in multi-line text)."""
    if not isinstance(text, str):
        return False
    return bool((_CONTROL if multiline else _CONTROL_SINGLE_LINE).search(text))


def date_in_range(value):
    """True for a date or date-time between MIN_YEAR and MAX_YEAR (None passes: «no date» is another rule)."""
    if value is None or not isinstance(value, (datetime.date, datetime.datetime)):
        return True
    return MIN_YEAR <= value.year <= MAX_YEAR


def date_range_error():
    return ValidationError(DATE_MESSAGE, code="date_out_of_range", params={"min": MIN_YEAR, "max": MAX_YEAR})


def check_dates(instance, field_names):
    """For a model's clean(): a ValidationError naming each field whose date lies outside the range."""
    errors = {name: [date_range_error()] for name in field_names if not date_in_range(getattr(instance, name, None))}
    if errors:
        raise ValidationError(errors)


def integer_in_range(value):
    return value is None or not isinstance(value, int) or MIN_INTEGER <= value <= MAX_INTEGER


def integer_range_error():
    return ValidationError(INTEGER_MESSAGE, code="integer_out_of_range", params={"min": MIN_INTEGER, "max": MAX_INTEGER})


def refuse_unknown_fields(fields, allowed):
    """A service called with a field it does not set is a programming error, not bad input: TypeError."""
    unknown = set(fields) - set(allowed)
    if unknown:
        raise TypeError(f"Unknown fields: {', '.join(sorted(unknown))}")
