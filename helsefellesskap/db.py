"""Read PostgreSQL date-times and dates that Python cannot hold as the nearest value it can.

PostgreSQL stores years from 4713 BC; Python's datetime only 1 to 9999. A meeting entered as
0001-01-01 00:00 Oslo time is year 0 in UTC: psycopg2 then fails every query that reads the row, and
every page listing it answers 500 until the row is fixed by hand. Forms and models refuse such dates
(helsefellesskap/input.py); this is the net for rows already stored. A value outside the range is read
as one day inside Python's limits, so converting it to local time cannot overflow either.
"""
import datetime

_LOW = datetime.datetime.min.replace(tzinfo=datetime.UTC) + datetime.timedelta(days=1)
_HIGH = datetime.datetime.max.replace(tzinfo=datetime.UTC) - datetime.timedelta(days=1)
_registered = False


def _clamped_datetime(value, cursor, *, cast):
    if value is None:
        return None
    try:
        result = cast(value, cursor)
    except (ValueError, OverflowError):
        return _LOW if value.endswith("BC") or value.startswith("-") else _HIGH
    if isinstance(result, datetime.datetime) and result.tzinfo is not None:
        if result < _LOW:
            return _LOW
        if result > _HIGH:
            return _HIGH
    return result


def _clamped_date(value, cursor, *, cast):
    if value is None:
        return None
    try:
        return cast(value, cursor)
    except (ValueError, OverflowError):
        return datetime.date.min if value.endswith("BC") or value.startswith("-") else datetime.date.max


def register_safe_datetimes():
    """Install the readers for timestamptz and date on psycopg2 (once; nothing to do without psycopg2)."""
    global _registered
    if _registered:
        return
    try:
        import psycopg2.extensions
        from psycopg2 import _psycopg
    except ImportError:  # pragma: no cover - the SQLite default has no such limit problem to solve
        return
    timestamptz = psycopg2.extensions.new_type(
        _psycopg.PYDATETIMETZ.values, "HF_TIMESTAMPTZ", lambda v, c: _clamped_datetime(v, c, cast=_psycopg.PYDATETIMETZ))
    date = psycopg2.extensions.new_type(
        _psycopg.PYDATE.values, "HF_DATE", lambda v, c: _clamped_date(v, c, cast=_psycopg.PYDATE))
    psycopg2.extensions.register_type(timestamptz)
    psycopg2.extensions.register_type(date)
    _registered = True
