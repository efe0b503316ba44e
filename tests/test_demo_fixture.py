"""The shared demo: loaded once, each test isolated from the others' changes, invisible to tests without it."""
from bodies.models import Partnership


def test_a_test_without_the_demo_finds_an_empty_database(db):
    assert not Partnership.objects.exists()


def test_a_change_to_the_demo_is_made(demo):
    finnmark = demo["finnmark"]
    finnmark.name = "Endret i en test"
    finnmark.save()
    assert Partnership.objects.get(slug="finnmark").name == "Endret i en test"


def test_the_change_is_not_seen_by_the_next_test(demo):
    assert set(demo) == {"finnmark", "helgeland"}
    assert demo["finnmark"].name != "Endret i en test"
    assert Partnership.objects.get(slug="finnmark").name != "Endret i en test"


def test_another_test_without_the_demo_after_those_with_it(db):
    assert not Partnership.objects.exists()
