"""Who may report cases is a setting per body: the secretariat opens it for a professional council's members (a body
that does not decide, so the main rule leaves them out), or closes it for a deciding body."""
import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from bodies.models import Body
from members.models import Membership
from tests.factories import MembershipFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db
REPORT_LINK = "Meld en sak til sekretariatet"


def token_of(response):
    return re.search(r'name="form_token" value="([^"]+)"', response.content.decode()).group(1)


def edit_body(client, body, **changes):
    url = reverse("bodies:body_edit", kwargs={"body_pk": body.pk})
    page = client.get(url)
    assert page.status_code == 200
    assert 'name="members_may_report"' in page.content.decode()
    data = {"form_token": token_of(page), "kind": body.kind_id, "name": body.name, "short_name": body.short_name,
            "level": body.level, "min_meetings_per_year": body.min_meetings_per_year,
            "default_meeting_minutes": body.default_meeting_minutes, "quorum_percent": body.quorum_percent,
            "language": body.language, **changes}
    if body.can_decide:
        data["can_decide"] = "on"
    if body.meetings_public:
        data["meetings_public"] = "on"
    return client.post(url, data)


def member_of(body):
    user = UserFactory(username=f"medlem-{body.pk}")
    MembershipFactory(person=PersonFactory(user=user), body=body, role=Membership.Role.MEMBER,
                      term_start=timezone.localdate() - timedelta(days=30), term_end=timezone.localdate() + timedelta(days=365))
    client = Client()
    client.force_login(user)
    return client


def test_the_secretariat_lets_a_councils_members_report_and_an_su_member_be_refused(demo):
    finnmark = demo["finnmark"]
    secretariat = Client()
    secretariat.force_login(get_user_model().objects.get(username="sekretariat"))
    council = Body.objects.filter(partnership=finnmark, can_decide=False).exclude(kind__is_secretariat=True).first() or \
        Body.objects.filter(partnership=finnmark, kind__slug="fagrad").first()
    if council.can_decide:
        Body.objects.filter(pk=council.pk).update(can_decide=False)
        council.refresh_from_db()
    council_member = member_of(council)
    assert REPORT_LINK not in council_member.get(reverse("member:home")).content.decode()

    assert edit_body(secretariat, council, members_may_report="True").status_code == 302
    council.refresh_from_db()
    assert council.members_may_report is True and council.fixed_members_may_report
    assert REPORT_LINK in council_member.get(reverse("member:home")).content.decode()
    assert council.history.first().members_may_report is True  # recorded with the change

    su = Body.objects.get(partnership=finnmark, kind__slug="strategisk-samarbeidsutvalg")
    su_member = member_of(su)
    assert REPORT_LINK in su_member.get(reverse("member:home")).content.decode()
    assert edit_body(secretariat, su, members_may_report="False").status_code == 302
    assert REPORT_LINK not in su_member.get(reverse("member:home")).content.decode()
    # Back to the main rule.
    assert edit_body(secretariat, su, members_may_report="").status_code == 302
    su.refresh_from_db()
    assert su.members_may_report is None and REPORT_LINK in su_member.get(reverse("member:home")).content.decode()
