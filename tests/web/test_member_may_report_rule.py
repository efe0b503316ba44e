"""«Meld en sak» on the member's home page: the seats the page has already read give the same answer as the rule's query."""
import itertools
from datetime import timedelta

import pytest
from django.utils import timezone

from helsefellesskap.member.rules import may_report_cases
from helsefellesskap.member.views import _my_memberships
from members.models import Membership
from tests.factories import BodyFactory, BodyKindFactory, MembershipFactory, PersonFactory, UserFactory

KINDS = {
    "su": {},
    "secretariat": {"is_secretariat": True},
    "subcommittee": {"is_subcommittee": True},
    "temporary": {"is_temporary": True},
}


@pytest.mark.django_db
@pytest.mark.parametrize("kind, can_decide, role, ended, own_setting", list(itertools.product(
    KINDS, (True, False), (Membership.Role.MEMBER, Membership.Role.CHAIR, Membership.Role.DEPUTY, Membership.Role.OBSERVER),
    (False, True), (None, True, False))))
def test_the_seats_on_the_page_answer_as_the_query(kind, can_decide, role, ended, own_setting):
    user = UserFactory()
    body_kind = BodyKindFactory(slug=f"kind-{kind}", name=f"Type {kind}", **KINDS[kind])
    body = BodyFactory(kind=body_kind, can_decide=can_decide, members_may_report=own_setting)
    term_end = timezone.localdate() - timedelta(days=1) if ended else timezone.localdate() + timedelta(days=365)
    MembershipFactory(person=PersonFactory(user=user), body=body, role=role, term_end=term_end)
    main_rule = kind == "su" and can_decide
    # The body's own setting, when it has one, decides instead of the main rule.
    expected = (main_rule if own_setting is None else own_setting) and role in Membership.FIXED_ROLES and not ended
    assert may_report_cases(user) is expected
    assert may_report_cases(user, list(_my_memberships(user))) is expected
