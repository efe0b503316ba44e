"""The demo story in the app: Finnmark's cases 3/2020, 28/2020 and 17/2021, and upcoming meetings."""
from datetime import date

from django.utils import timezone

from bodies.models import Body
from cases import services
from cases.models import AnchoringAnswer, Case, FollowUpTask, Handling
from demo import story as story
from meetings.models import Attendance, Meeting
from members.models import Membership

R = AnchoringAnswer.Response


def su(demo):
    return Body.objects.get(partnership=demo["finnmark"], kind__slug="strategisk-samarbeidsutvalg")


def test_case_3_2020_has_five_points_and_the_deadline_of_9_march(demo):
    case = Case.objects.get(body=su(demo), year=2020, number=3)
    decision = case.current_decision()
    assert decision.points.count() == 5
    assert timezone.localdate(decision.handling.agenda_item.meeting.starts_at) == date(2020, 2, 24)
    assert case.tasks.filter(deadline=date(2020, 3, 9)).count() == 2
    assert case.status == Case.Status.CLOSED


def test_case_28_2020_discussed_then_decided_at_oso_23_november_2020(demo):
    case = Case.objects.get(body=su(demo), year=2020, number=28)
    discussion, decision_handling = case.handlings.order_by("created_at", "pk")
    assert discussion.body.kind.is_secretariat and discussion.outcome == Handling.Outcome.DISCUSSED
    assert discussion.agenda_item.meeting.starts_at < decision_handling.agenda_item.meeting.starts_at
    assert timezone.localdate(decision_handling.agenda_item.meeting.starts_at) == date(2020, 11, 23)
    assert [p.text for p in case.current_decision().points.all()] == story.POINTS_28_2020
    oso = decision_handling.agenda_item.meeting
    deputy = oso.attendances.get(substitute_for__isnull=False)
    assert deputy.membership == deputy.substitute_for.personal_deputy
    assert oso.attendances.get(membership=deputy.substitute_for).status == Attendance.Status.APOLOGIES
    assert oso.attendances.filter(membership__role=Membership.Role.OBSERVER, status=Attendance.Status.PRESENT).count() == 3


def test_case_28_2020_anchoring_tally_as_in_the_documents(demo):
    case = Case.objects.get(body=su(demo), year=2020, number=28)
    assert case.status == Case.Status.IN_ANCHORING
    tally = services.anchoring_tally(case.anchoring_rounds.get(), today=date(2021, 6, 7))
    assert (tally.municipalities_joined, tally.municipalities_total) == (13, 18)
    assert tally.two_thirds_met and not tally.all_met and tally.hf_joined
    assert tally.counts[R.NOT_ANSWERED] == 4 and tally.counts[R.AMENDMENT_PROPOSED] == 1
    (tana,) = tally.conditions
    assert tana.party.name == "Tana kommune" and tana.satisfied and tana.answer.local_reference == "PS 5/2021"
    assert sorted(p.name for p in tally.to_remind) == sorted(story.NOT_ANSWERED)


def test_case_17_2021_tasks_are_overdue_today(demo):
    case = Case.objects.get(body=su(demo), year=2021, number=17)
    assert set(case.tasks.values_list("deadline", flat=True)) == {date(2021, 8, 23), date(2021, 9, 13)}
    assert set(FollowUpTask.objects.overdue().filter(case=case)) == set(case.tasks.all())


def test_upcoming_meetings_for_each_main_body(demo):
    for partnership in demo.values():
        for slug in ("samhandlingssekretariat", "strategisk-samarbeidsutvalg", "partnerskapsmote"):
            body = Body.objects.get(partnership=partnership, kind__slug=slug)
            assert Meeting.objects.filter(body=body, starts_at__year__in=[2026, 2027]).exists(), body


def test_loading_the_story_twice_changes_nothing(demo):
    def counts():
        return [m.objects.count() for m in (Case, Handling, Meeting, Attendance, AnchoringAnswer, FollowUpTask)] + [Case.history.count()]

    before = counts()
    story.load_meetings(finnmark=demo["finnmark"], helgeland=demo["helgeland"])
    assert counts() == before
