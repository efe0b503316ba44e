"""The annual calendar (årshjul): a year of meetings per body against its minimum, and planning a year at once."""
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from . import services


@transaction.atomic
def meeting_plan_year(*, partnership, year, plans, by, place=""):
    """Plan many meetings at once: `plans` maps each body to the start times of its meetings in `year`.

    Each meeting is planned by `services.meeting_plan` (the body's usual length); a start outside the year or in a
    body of another partnership is refused, naming the body's field (`dates_<body id>`). All or nothing; returns
    the meetings planned.
    """
    planned, errors = [], {}
    for body, starts in plans.items():
        key = f"dates_{body.pk}"
        if body.partnership_id != partnership.pk:
            raise ValidationError(_("%(body)s hører til et annet helsefellesskap.") % {"body": body})
        for starts_at in starts:
            if starts_at.year != year:
                errors.setdefault(key, []).append(_("%(date)s er ikke i %(year)s.") % {"date": date_format(starts_at, "SHORT_DATE_FORMAT"), "year": year})
                continue
            try:
                planned.append(services.meeting_plan(body=body, starts_at=starts_at, by=by, place=place))
            except ValidationError as exc:
                errors.setdefault(key, []).extend(exc.messages)
    if errors:
        raise ValidationError(errors)
    if not planned:
        raise ValidationError(_("Skriv minst én dato."))
    return planned
