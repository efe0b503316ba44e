"""Cases in admin: status read-only, steps through the services as actions."""
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cases import services
from cases.models import Case, FollowUpTask, Handling, Purpose
from meetings import services as meeting_services

from .conftest import decision_handling, registered_case

INLINES = {f"{prefix}-{key}": value for prefix in ("handlings", "documents", "subcommittee_reports", "document_revisions")
           for key, value in (("TOTAL_FORMS", "0"), ("INITIAL_FORMS", "0"), ("MIN_NUM_FORMS", "0"), ("MAX_NUM_FORMS", "1000"))}


def case_form(scene, **extra):
    now = timezone.localtime()
    return {"partnership": scene.partnership.pk, "title": "Meldt i admin", "case_type": "decision",
            "reported_at_0": now.strftime("%Y-%m-%d"), "reported_at_1": now.strftime("%H:%M:%S"), **INLINES, **extra}


def test_adding_a_case_with_a_body_reports_and_registers_it(client, admin_user, scene):
    client.force_login(admin_user)
    response = client.post(reverse("admin:cases_case_add"), case_form(scene, body=scene.su.pk, status="decided"))
    assert response.status_code == 302, response.content.decode()[:2000]
    case = Case.objects.get(title="Meldt i admin")
    assert case.number == 1 and case.status == Case.Status.REGISTERED
    assert case.history.first().history_user == admin_user


def test_admin_refuses_a_body_of_another_partnership(client, admin_user, scene):
    from tests.factories import BodyFactory

    client.force_login(admin_user)
    response = client.post(reverse("admin:cases_case_add"), case_form(scene, body=BodyFactory().pk))
    assert response.status_code == 200
    assert "hører til et annet helsefellesskap" in response.content.decode()
    assert not Case.objects.filter(title="Meldt i admin").exists()


def test_status_is_read_only_on_the_change_page(client, admin_user, scene):
    client.force_login(admin_user)
    case = registered_case(scene)
    url = reverse("admin:cases_case_change", args=[case.pk])
    page = client.get(url).content.decode()
    assert 'name="status"' not in page
    data = case_form(scene, title="Ny tittel", status="decided", loaded_version=case.version)
    data.pop("partnership")
    response = client.post(url, data)
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.title == "Ny tittel" and case.status == Case.Status.REGISTERED


def test_a_stale_admin_edit_of_a_case_is_refused(client, admin_user, scene):
    """The form carries the version it was loaded with; someone else's save in between wins, with a message."""
    client.force_login(admin_user)
    case = registered_case(scene)
    url = reverse("admin:cases_case_change", args=[case.pk])
    page = client.get(url)
    loaded = page.context["adminform"].form["loaded_version"].value()
    assert loaded == case.version
    services.case_update(case=case, expected_version=case.version, by=scene.user, title="Lagret av en annen")
    data = case_form(scene, title="Min eldre tittel", loaded_version=loaded)
    data.pop("partnership")
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Saken er endret av en annen siden du åpnet den." in response.content.decode()
    case.refresh_from_db()
    assert case.title == "Lagret av en annen"


def test_actions_go_through_the_services(client, admin_user, scene):
    client.force_login(admin_user)
    handling = decision_handling(scene)
    discussion = handling.case.handlings.get(purpose="discussion")
    changelist = reverse("admin:cases_handling_changelist")
    # Already discussed: refused with the reason, nothing changed.
    response = client.post(changelist, {"action": "record_discussion", "_selected_action": [discussion.pk]}, follow=True)
    assert "allerede avsluttet" in response.content.decode()
    response = client.post(changelist, {"action": "decide_with_proposed_points", "_selected_action": [handling.pk]}, follow=True)
    assert response.status_code == 200
    handling.refresh_from_db()
    assert handling.outcome == Handling.Outcome.DECIDED
    assert handling.decisions.get().points.get().text == "1. SU slutter seg til forslaget."
    assert client.get(reverse("admin:cases_decision_change", args=[handling.decisions.get().pk])).status_code == 200

    case = handling.case
    task = services.task_create(case=case, title="Følg opp", deadline=timezone.localdate() + timedelta(days=3), by=scene.user)
    client.post(reverse("admin:cases_followuptask_changelist"), {"action": "complete_tasks", "_selected_action": [task.pk]})
    task.refresh_from_db()
    assert task.completed_at is not None

    round_ = services.anchoring_round_start(case=case, decision=None, deadline=timezone.localdate() + timedelta(days=30), by=scene.user)
    page = client.get(reverse("admin:cases_anchoringround_change", args=[round_.pk])).content.decode()
    assert "0 av 3 kommuner har sluttet seg til" in page


def test_overdue_filter(client, admin_user, scene):
    client.force_login(admin_user)
    handling = decision_handling(scene)
    meeting_services.item_decide(handling=handling, points=["Vedtak"], by=scene.user)
    yesterday = timezone.localdate() - timedelta(days=1)
    services.task_create(case=handling.case, title="Forsinket oppgave", deadline=yesterday, by=scene.user,
                         at=timezone.now() - timedelta(days=5))
    services.task_create(case=handling.case, title="Framtidig oppgave", deadline=yesterday + timedelta(days=9), by=scene.user)
    page = client.get(reverse("admin:cases_followuptask_changelist"), {"overdue": "yes"}).content.decode()
    assert "Forsinket oppgave" in page and "Framtidig oppgave" not in page
    assert FollowUpTask.objects.overdue().count() == 1


@pytest.mark.parametrize("name", ["cases_decision_add", "cases_handling_add", "cases_anchoringround_add"])
def test_records_made_by_services_cannot_be_added_by_hand(client, admin_user, name):
    client.force_login(admin_user)
    assert client.get(reverse(f"admin:{name}")).status_code == 403


def test_the_discussion_action_takes_the_handlings_note_and_refuses_without_one(client, admin_user, scene):
    client.force_login(admin_user)
    case = registered_case(scene, title="Drøftes fra admin")
    pending = meeting_services.handling_create_at_meeting(case=case, body=scene.secretariat, purpose=Purpose.DISCUSSION,
                                                          by=scene.user, meeting=scene.sec_meeting)
    changelist = reverse("admin:cases_handling_changelist")
    refused = client.post(changelist, {"action": "record_discussion", "_selected_action": [pending.pk]}, follow=True)
    assert "Skriv et kort referat fra drøftingen." in refused.content.decode()
    pending.refresh_from_db()
    assert pending.outcome == Handling.Outcome.PENDING
    Handling.objects.filter(pk=pending.pk).update(note="Drøftet i sekretariatet.")
    client.post(changelist, {"action": "record_discussion", "_selected_action": [pending.pk]}, follow=True)
    pending.refresh_from_db()
    assert pending.outcome == Handling.Outcome.DISCUSSED and pending.note == "Drøftet i sekretariatet."
