"""The public search shows the newest matching decisions, whether they are from this year or from years back."""
from datetime import timedelta

from django.utils import timezone

from cases.models import Decision, DecisionPoint
from helsefellesskap.public.views import SEARCH_LIMIT, _matching_public_decisions
from tests.public.conftest import make_case, put_on_agenda


def decided(scene, number, title, days_ago):
    case = make_case(scene["su"], number, title)
    handling = put_on_agenda(case, scene["held"], number)
    return Decision.objects.create(handling=handling, decided_at=timezone.now() - timedelta(days=days_ago))


def test_an_old_decision_is_found_when_the_last_year_has_few(scene):
    recent = decided(scene, 100, "Ambulansetjenesten i fjellet", days_ago=30)
    old = decided(scene, 101, "Ambulansetjenesten ved kysten", days_ago=3 * 365)
    assert [d.pk for d in _matching_public_decisions(scene["partnership"], "ambulansetjenesten")] == [recent.pk, old.pk]


def test_the_newest_are_shown_when_the_last_year_has_many(scene):
    this_year = [decided(scene, 100 + n, f"Jordmortjenesten del {n}", days_ago=n + 1) for n in range(SEARCH_LIMIT + 3)]
    decided(scene, 200, "Jordmortjenesten før", days_ago=3 * 365)
    found = [d.pk for d in _matching_public_decisions(scene["partnership"], "jordmortjenesten")]
    assert found == [d.pk for d in this_year[:SEARCH_LIMIT]]


def test_a_word_only_in_a_decision_point_finds_the_decision_and_nothing_of_another_partnership(scene):
    mine = decided(scene, 100, "Felles rutiner", days_ago=2 * 365)
    DecisionPoint.objects.create(decision=mine, number=1, text="Tolketjenesten styrkes i hele regionen.")
    foreign_handling = scene["foreign_case"].handlings.get()
    foreign = Decision.objects.create(handling=foreign_handling)
    DecisionPoint.objects.create(decision=foreign, number=1, text="Tolketjenesten styrkes også her.")
    assert [d.pk for d in _matching_public_decisions(scene["partnership"], "tolketjenesten")] == [mine.pk]
