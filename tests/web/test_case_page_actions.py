"""The case page offers a step exactly when the services allow it (the same predicate on the case)."""
from django.urls import reverse

from cases.models import Case, Decision, Handling, Purpose


def _decided(case, su, status):
    handling = Handling.objects.create(case=case, body=su, purpose=Purpose.DECISION, outcome=Handling.Outcome.DECIDED)
    Decision.objects.create(handling=handling)
    Case.objects.filter(pk=case.pk).update(status=status)


def test_send_to_anchoring_is_offered_in_follow_up_as_the_service_allows(staff_client, registered_case, su):
    # Before, the page hid the button in «oppfølging» although the service accepts a new round there.
    _decided(registered_case, su, Case.Status.FOLLOW_UP)
    page = staff_client.get(reverse("cases:case_detail", kwargs={"case_pk": registered_case.pk})).content.decode()
    assert reverse("cases:anchoring_round_start", kwargs={"case_pk": registered_case.pk}) in page
    registered_case.refresh_from_db()
    assert registered_case.can_start_anchoring


def test_a_closed_case_offers_neither_agenda_nor_anchoring(staff_client, registered_case, su):
    _decided(registered_case, su, Case.Status.CLOSED)
    page = staff_client.get(reverse("cases:case_detail", kwargs={"case_pk": registered_case.pk})).content.decode()
    assert reverse("cases:anchoring_round_start", kwargs={"case_pk": registered_case.pk}) not in page
    assert reverse("meetings:case_add_to_agenda", kwargs={"case_pk": registered_case.pk}) not in page
    assert reverse("cases:case_register", kwargs={"case_pk": registered_case.pk}) not in page
