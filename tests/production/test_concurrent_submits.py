"""Five simultaneous submits of a create form with a one-time token save one record (real PostgreSQL, threads).

Each thread is its own browser tab of the same session: the same session cookie and the same form token.
The token is spent in the transaction that saves (common/web.py run_service), so the twins wait
for the first and are then told the form was already sent.
"""
import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.factories import BodyFactory, CaseFactory, PartyFactory, PersonFactory, UserFactory

pytestmark = [pytest.mark.django_db(transaction=True),
              pytest.mark.skipif("connection.vendor != 'postgresql'", reason="row locks need PostgreSQL")]

SUBMITS = 5


def _scene():
    from cases.models import Case, Decision, DecisionPoint, Handling, Purpose

    user = UserFactory(username="samtidig", is_staff=True, is_superuser=True)
    body = BodyFactory()
    partnership = body.partnership
    PartyFactory(partnership=partnership)
    case = CaseFactory(partnership=partnership, body=body, status=Case.Status.DECIDED)
    handling = Handling.objects.create(case=case, body=body, purpose=Purpose.DECISION)
    decision = Decision.objects.create(handling=handling)
    DecisionPoint.objects.create(decision=decision, number=1, text="Forslaget vedtas.")
    return user, partnership, body, case


def _submit_at_once(session_client, url, data):
    """POST the same data from SUBMITS clients sharing one session, released together."""
    cookie = session_client.cookies["sessionid"].value
    barrier = threading.Barrier(SUBMITS)
    codes, errors = [], []

    def submit():
        client = Client(raise_request_exception=False)
        client.cookies["sessionid"] = cookie
        try:
            barrier.wait(timeout=10)
            codes.append(client.post(url, data).status_code)
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(SUBMITS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors
    return codes


def _form_token(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.context["form_token"]


CASES = {
    "case_report": (lambda p, b, c: reverse("cases:case_report", kwargs={"slug": p.slug}),
                    lambda p, b, c: {"title": "Samtidig meldt sak", "case_type": "decision"},
                    lambda p, b, c: __import__("cases.models", fromlist=["Case"]).Case.objects.filter(title="Samtidig meldt sak").count()),
    "meeting_plan": (lambda p, b, c: reverse("meetings:meeting_plan", kwargs={"slug": p.slug}),
                     lambda p, b, c: {"body": b.pk, "title": "Samtidig møte", "place": "Kirkenes",
                                      "starts_at": (timezone.localtime() + timedelta(days=20)).strftime("%Y-%m-%dT%H:%M")},
                     lambda p, b, c: __import__("meetings.models", fromlist=["Meeting"]).Meeting.objects.filter(title="Samtidig møte").count()),
    "task_create": (lambda p, b, c: reverse("cases:task_create", kwargs={"case_pk": c.pk}),
                    lambda p, b, c: {"title": "Samtidig oppgave", "deadline": (timezone.localdate() + timedelta(days=30)).isoformat()},
                    lambda p, b, c: c.tasks.filter(title="Samtidig oppgave").count()),
    "anchoring_round_start": (lambda p, b, c: reverse("cases:anchoring_round_start", kwargs={"case_pk": c.pk}),
                              lambda p, b, c: {"title": "Samtidig runde", "deadline": (timezone.localdate() + timedelta(days=60)).isoformat()},
                              lambda p, b, c: c.anchoring_rounds.count()),
    "membership_create": (lambda p, b, c: reverse("bodies:membership_create", kwargs={"body_pk": b.pk}),
                          lambda p, b, c: {"person": PersonFactory(first_name="Samtidig", employer=PartyFactory(partnership=p)).pk,
                                           "role": "member", "side": "municipal", "seat": "ordinary",
                                           "term_start": timezone.localdate().isoformat()},
                          lambda p, b, c: b.memberships.filter(person__first_name="Samtidig").count()),
}


@pytest.mark.parametrize("form", list(CASES))
def test_five_simultaneous_submits_save_one_record(form):
    user, partnership, body, case = _scene()
    url_of, data_of, count_of = CASES[form]
    client = Client()
    client.force_login(user)
    url = url_of(partnership, body, case)
    data = {**data_of(partnership, body, case), "form_token": _form_token(client, url)}

    codes = _submit_at_once(client, url, data)

    assert sorted(codes) == [302] * SUBMITS  # one saved, four told «already sent»; never 500
    assert count_of(partnership, body, case) == 1
    # The token is spent: the same form sent again later saves nothing either.
    assert client.post(url, data).status_code == 302
    assert count_of(partnership, body, case) == 1


def test_a_refused_submit_leaves_the_token_usable():
    """A service refusal rolls the token back with the rest: correcting the form and sending it again saves."""
    from meetings.models import Meeting

    user, partnership, body, _case = _scene()
    client = Client()
    client.force_login(user)
    url = reverse("meetings:meeting_plan", kwargs={"slug": partnership.slug})
    token = _form_token(client, url)
    start = timezone.localtime() + timedelta(days=20)
    bad = {"body": body.pk, "title": "Rettet møte", "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
           "ends_at": (start - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"), "form_token": token}
    assert client.post(url, bad).status_code == 200
    assert not Meeting.objects.filter(title="Rettet møte").exists()
    good = {**bad, "ends_at": ""}
    assert client.post(url, good).status_code == 302
    assert Meeting.objects.filter(title="Rettet møte").count() == 1
