"""A small partnership for the cases tests: a secretariat, an SU that discusses there first, members of both sides."""
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.utils import timezone

from bodies.models import Side
from cases import services
from cases.models import CaseType, Purpose
from meetings import services as meeting_services
from meetings.models import AgendaItem, Attendance, Meeting
from members.models import Membership
from tests.factories import (
    BodyFactory,
    HealthTrustFactory,
    MembershipFactory,
    PartnershipFactory,
    PartyFactory,
    SecretariatKindFactory,
    UserFactory,
)


def meeting_at(body, days_from_now):
    return Meeting.objects.create(body=body, starts_at=timezone.now() + timedelta(days=days_from_now))


def attend(meeting, membership, *, status=Attendance.Status.PRESENT, substitute_for=None, left_at_item=None):
    return Attendance.objects.create(meeting=meeting, membership=membership, status=status, substitute_for=substitute_for,
                                     left_at_item=left_at_item)


@pytest.fixture
def scene(db):
    partnership = PartnershipFactory(two_step_rule=True, allow_urgent_exception=False)
    hf = HealthTrustFactory(partnership=partnership)
    municipalities = [PartyFactory(partnership=partnership, population=pop) for pop in (10000, 5000, 3000)]
    secretariat = BodyFactory(partnership=partnership, kind=SecretariatKindFactory(), name="Sekretariatet", short_name="Sek")
    su = BodyFactory(partnership=partnership, name="Strategisk samarbeidsutvalg", short_name="SU", discussion_body=secretariat,
                     quorum_percent=50)
    spec = [MembershipFactory(body=su, side=Side.SPECIALIST, represented_parties=[hf]) for _ in range(2)]
    muni = [MembershipFactory(body=su, side=Side.MUNICIPAL, represented_parties=[m]) for m in municipalities[:2]]
    deputy = MembershipFactory(body=su, side=Side.MUNICIPAL, role=Membership.Role.DEPUTY, represented_parties=[municipalities[0]])
    muni[0].personal_deputy = deputy
    muni[0].save()
    observer = MembershipFactory(body=su, side=Side.NONE, role=Membership.Role.OBSERVER, can_vote=False)
    secretary = MembershipFactory(body=su, side=Side.SPECIALIST, role=Membership.Role.SECRETARY, can_vote=False)
    sec_member = MembershipFactory(body=secretariat, side=Side.MUNICIPAL)
    user = UserFactory(username="sekretar")
    return SimpleNamespace(
        partnership=partnership, hf=hf, municipalities=municipalities, secretariat=secretariat, su=su,
        spec=spec, muni=muni, deputy=deputy, observer=observer, secretary=secretary, sec_member=sec_member, user=user,
        sec_meeting=meeting_at(secretariat, -14), su_meeting=meeting_at(su, -7),
    )


def registered_case(scene, *, title="Felles pasientforløp", case_type=CaseType.DECISION, body=None):
    case = services.case_report(partnership=scene.partnership, title=title, case_type=case_type, by=scene.user,
                                proposed_decision="1. SU slutter seg til forslaget.")
    return services.case_register(case=case, body=body or scene.su, by=scene.user)


def discussed_case(scene, **kwargs):
    case = registered_case(scene, **kwargs)
    handling = meeting_services.handling_create_at_meeting(case=case, body=scene.secretariat, purpose=Purpose.DISCUSSION, by=scene.user,
                                        meeting=scene.sec_meeting)
    meeting_services.item_record_discussion(handling=handling, by=scene.user, note="Drøftet; klar for beslutning.")
    case.refresh_from_db()
    return case


def decision_handling(scene, *, attendees=None, **kwargs):
    """A discussed case put up for decision at the SU meeting, with everybody (or `attendees`) present."""
    case = discussed_case(scene, **kwargs)
    handling = meeting_services.handling_create_at_meeting(case=case, body=scene.su, purpose=Purpose.DECISION, by=scene.user, meeting=scene.su_meeting)
    AgendaItem.objects.filter(handling=handling).update(position=3)
    for membership in (scene.spec + scene.muni + [scene.observer, scene.secretary]) if attendees is None else attendees:
        attend(scene.su_meeting, membership)
    return handling
