"""A read-only JSON API in the shape of OParl 1.1 (https://schema.oparl.org/1.1/) over what the public may see.

System → Body (a partnership) → Organization (its bodies), Person and Membership (public roles, no contact
data), Meeting, AgendaItem, Paper (a case), Consultation (a handling), File (public case documents and the
archival minutes). What is public is decided by ``meetings.selectors`` and the same rules as the public pages
(``helsefellesskap/public``); exempt documents never appear.
"""
