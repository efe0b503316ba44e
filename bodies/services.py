"""Services for sub-committees and governing documents. Each writes inside a transaction with a history reason."""
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import Body, BodyKind, DocumentVersion, GovernanceDocument

NOT_A_SUBCOMMITTEE = gettext_lazy("«%(kind)s» er ikke en type underutvalg eller arbeidsgruppe.")
NO_DECISION = gettext_lazy("En versjon må være vedtatt: oppgi vedtaket som vedtok den.")
DECISION_OTHER_PARTNERSHIP = gettext_lazy("Vedtaket hører til et annet helsefellesskap.")
REPORT_WRONG_BODY = gettext_lazy("Rapporten skal legges fram som en sak for %(body)s, organet utvalget rapporterer til.")
ALREADY_DISSOLVED = gettext_lazy("%(body)s ble oppløst %(date)s.")


def _decision_partnership_id(decision):
    return decision.handling.case.partnership_id


@transaction.atomic
def subcommittee_create(*, partnership, kind, name, appointed_by, mandate, deadline=None, reports_to=None,
                        appointing_decision=None, active_from=None, short_name="", priority_group=None):
    """Appoint a KSU, sub-committee or working group: a mandate always, a deadline when it is temporary."""
    if not isinstance(kind, BodyKind):
        kind = BodyKind.objects.get(slug=kind)
    if not kind.is_subcommittee:
        raise ValidationError({"kind": NOT_A_SUBCOMMITTEE % {"kind": kind}})
    if appointing_decision is not None and _decision_partnership_id(appointing_decision) != partnership.pk:
        raise ValidationError({"appointing_decision": DECISION_OTHER_PARTNERSHIP})
    body = Body(
        partnership=partnership, kind=kind, name=name, short_name=short_name, level=kind.default_level,
        appointed_by=appointed_by, reports_to=reports_to or appointed_by, mandate=mandate or "", deadline=deadline,
        appointing_decision=appointing_decision, active_from=active_from or timezone.localdate(),
        priority_group=priority_group,
    )
    body.full_clean()
    body._change_reason = _("Oppnevnt av %(body)s") % {"body": appointed_by}
    body.save()
    return body


@transaction.atomic
def subcommittee_report(*, body, case):
    """Record the case in which the sub-committee's report comes back to the body it reports to."""
    body = Body.objects.select_for_update().get(pk=body.pk)
    target = body.reports_to or body.appointed_by
    if target is not None and case.body_id != target.pk:
        raise ValidationError({"report_case": REPORT_WRONG_BODY % {"body": target}})
    body.report_case = case
    body._change_reason = _("Rapport lagt fram i %(case)s") % {"case": case}
    body.save(update_fields=["report_case"])
    return body


@transaction.atomic
def subcommittee_dissolve(*, body, on=None):
    """Dissolve a sub-committee when its work is done (it stays in the archive, inactive from the next day)."""
    body = Body.objects.select_for_update().get(pk=body.pk)
    on = on or timezone.localdate()
    if body.active_until and body.active_until < on:
        raise ValidationError({"active_until": ALREADY_DISSOLVED % {"body": body, "date": body.active_until}})
    body.active_until = on
    body.full_clean()
    body._change_reason = _("Oppløst")
    body.save(update_fields=["active_until"])
    return body


@transaction.atomic
def document_version_adopt(*, document, text, valid_from, adopted_by, change_note=""):
    """Record a new version of a governing document, adopted by a decision; earlier versions stay as they were."""
    if adopted_by is None:
        raise ValidationError({"adopted_by": NO_DECISION})
    if _decision_partnership_id(adopted_by) != document.partnership_id:
        raise ValidationError({"adopted_by": DECISION_OTHER_PARTNERSHIP})
    document = GovernanceDocument.objects.select_for_update().get(pk=document.pk)
    number = (document.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    version = DocumentVersion(document=document, number=number, text=text, valid_from=valid_from,
                              adopted_by=adopted_by, change_note=change_note)
    version.full_clean()
    version._change_reason = _("Vedtatt: %(decision)s") % {"decision": adopted_by}
    version.save()
    if document.revision_case_id and document.revision_case_id == adopted_by.handling.case_id:
        document.revision_case = None
        document._change_reason = _("Revisjon avsluttet med ny versjon")
        document.save(update_fields=["revision_case"])
    return version


@transaction.atomic
def document_revision_start(*, document, case):
    """Mark a document as under revision in a case (the case itself is reported through the case services)."""
    document = GovernanceDocument.objects.select_for_update().get(pk=document.pk)
    if case.partnership_id != document.partnership_id:
        raise ValidationError({"revision_case": _("Saken hører til et annet helsefellesskap.")})
    if document.revision_case_id and document.revision_case_id != case.pk:
        raise ValidationError({"revision_case": _("%(document)s er allerede under revisjon i %(case)s.")
                               % {"document": document, "case": document.revision_case}})
    document.revision_case = case
    document._change_reason = _("Revisjon startet i %(case)s") % {"case": case}
    document.save(update_fields=["revision_case"])
    return document
