"""Services for the structure: bodies, sub-committees' dissolution and governing documents. Each writes inside a
transaction with a history reason.

Appointing a sub-committee, its report and the adoption and revision of governing documents involve a
decision or a case: those services live in cases.services.
"""
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common.input import refuse_unknown_fields

from .history import stamp
from .models import Body, BodyKind, GovernanceDocument

ALREADY_DISSOLVED = gettext_lazy("%(body)s ble oppløst %(date)s.")
SUBCOMMITTEE_BY_DECISION = gettext_lazy("Underutvalg og arbeidsgrupper oppnevnes ved et vedtak: bruk «Oppnevn utvalg».")
NOT_A_SUBCOMMITTEE_ANY_MORE = gettext_lazy("Et underutvalg kan ikke gjøres om til et annet slags organ, og omvendt.")

# The fields of a body the secretariat sets on its pages (the partnership and the report date are not among them).
BODY_FIELDS = (
    "kind", "name", "short_name", "level", "appointed_by", "reports_to", "mandate", "priority_group", "active_from",
    "active_until", "deadline", "min_meetings_per_year", "default_meeting_minutes", "meetings_public", "quorum_percent",
    "can_decide", "members_may_report", "discussion_body", "term_years", "language",
)
DOCUMENT_FIELDS = ("kind", "title", "body", "number")


@transaction.atomic
def body_create(*, partnership, kind, name, by, **fields):
    """Create a body of the partnership (a committee, council, forum). Sub-committees are appointed by a decision."""
    refuse_unknown_fields(fields, BODY_FIELDS)
    if not isinstance(kind, BodyKind):
        kind = BodyKind.objects.get(pk=kind)
    if kind.is_subcommittee:
        raise ValidationError({"kind": SUBCOMMITTEE_BY_DECISION})
    fields.setdefault("level", kind.default_level)
    body = Body(partnership=partnership, kind=kind, name=name, **fields)
    body.full_clean()
    stamp(body, by, _("Organet opprettet"))
    body.save()
    return body


@transaction.atomic
def body_update(*, body, by, reason="", **fields):
    """Change a body's facts (name, mandate, meetings, quorum, term rule, …) with a history row."""
    refuse_unknown_fields(fields, BODY_FIELDS)
    body = Body.objects.select_for_update().select_related("kind").get(pk=body.pk)
    new_kind = fields.get("kind", body.kind)
    if not isinstance(new_kind, BodyKind):
        new_kind = BodyKind.objects.get(pk=new_kind)
        fields["kind"] = new_kind
    if new_kind.is_subcommittee != body.kind.is_subcommittee:
        raise ValidationError({"kind": NOT_A_SUBCOMMITTEE_ANY_MORE})
    for name, value in fields.items():
        setattr(body, name, value)
    body.full_clean()
    stamp(body, by, reason or _("Organet endret"))
    body.save()
    return body


@transaction.atomic
def subcommittee_dissolve(*, body, on=None, by=None):
    """Dissolve a sub-committee when its work is done (it stays in the archive, inactive from the next day)."""
    body = Body.objects.select_for_update().get(pk=body.pk)
    if not body.kind.is_subcommittee:
        raise ValidationError({"active_until": _("Bare underutvalg og arbeidsgrupper oppløses her.")})
    on = on or timezone.localdate()
    if body.active_until and body.active_until < on:
        raise ValidationError({"active_until": ALREADY_DISSOLVED % {"body": body, "date": body.active_until}})
    body.active_until = on
    body.full_clean()
    stamp(body, by, _("Oppløst"))
    body.save(update_fields=["active_until"])
    return body


@transaction.atomic
def governance_document_create(*, partnership, kind, title, by, body=None, number=None):
    """Register a governing document (statutes, a body's mandate, an agreement); its versions are adopted by decisions."""
    document = GovernanceDocument(partnership=partnership, kind=kind, title=title, body=body, number=number)
    document.full_clean()
    stamp(document, by, _("Styringsdokument registrert"))
    document.save()
    return document
