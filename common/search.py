"""Text search: PostgreSQL full-text search (Norwegian) over stored search vectors, a contains-search elsewhere.

On PostgreSQL each searchable table has a ``search_vector`` column, kept up to date by a database trigger on
every insert and update (bulk inserts included) and indexed with GIN (see the «search» migrations in cases/
and meetings/). A query is split into words; every word must match, and each word matches as a prefix of a
stemmed word, so «utskrivning» finds «utskrivningsklare» and «eldre» finds «eldres» (the Snowball stemmer
makes both «eldre» and «eldres» «eldr»; a compound word is one word to it, hence the prefix).

On any other database (the SQLite default) the same rule is asked with ``icontains``: every word must be
contained in one of the fields.
"""
import re

from django.db import connection
from django.db.models import Q

CONFIG = "norwegian"
MAX_WORDS = 8
# Letters and digits only: the words are joined into a tsquery, so no operator of the query syntax gets through.
WORD = re.compile(r"[^\W_]+", re.UNICODE)


def words(q):
    """The words of a query, at most MAX_WORDS, without duplicates, in order."""
    seen = []
    for word in WORD.findall(q or ""):
        word = word.lower()
        if word not in seen:
            seen.append(word)
    return seen[:MAX_WORDS]


def uses_full_text():
    return connection.vendor == "postgresql"


def text_query(q):
    """A tsquery «w1:* & w2:*» in the Norwegian configuration, or None when the query has no words."""
    from django.contrib.postgres.search import SearchQuery

    found = words(q)
    if not found:
        return None
    return SearchQuery(" & ".join(f"{w}:*" for w in found), config=CONFIG, search_type="raw")


def matches(q, *, vector="search_vector", fields=()):
    """A Q matching rows whose stored vector (PostgreSQL) or one of `fields` (elsewhere) has every word of `q`.

    `vector` and `fields` may be paths through relations («handling__case__search_vector»). A query without
    words matches nothing.
    """
    found = words(q)
    if not found:
        return Q(pk__in=[])
    if uses_full_text():
        return Q(**{vector: text_query(q)})
    return contains_every_word(q, fields)


def contains_every_word(q, fields):
    """A Q where every word of `q` is contained in one of `fields` (for short texts searched with icontains;
    trigram indexes serve it on PostgreSQL)."""
    found = words(q)
    if not found:
        return Q(pk__in=[])
    match = Q()
    for word in found:
        any_field = Q()
        for field in fields:
            any_field |= Q(**{f"{field}__icontains": word})
        match &= any_field
    return match
