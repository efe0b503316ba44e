"""The import direction, read from the source: common ← bodies ← members ← cases ← meetings ← helsefellesskap, demo.

Every module of the product is parsed (module level and inside functions) and every import of another of
the product's packages must point down the list. Relations between models are held to the same direction:
no foreign key points up. docs/architecture.md draws the same graph.
"""
import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Lowest first. A package may import the ones before it, never the ones after it.
LAYERS = ["common", "bodies", "members", "cases", "meetings", "helsefellesskap", "demo"]
RANK = {name: rank for rank, name in enumerate(LAYERS)}
# The top two do not import each other: the site's pages never need the demo, and the demo uses the domain apps.
FORBIDDEN = {("helsefellesskap", "demo"), ("demo", "helsefellesskap")}


def _modules():
    for package in LAYERS:
        folder = ROOT / package
        if folder.is_dir():
            for path in sorted(folder.rglob("*.py")):
                yield package, path


def _imported_packages(tree):
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name.split(".")[0]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.lineno, node.module.split(".")[0]


def _against_direction(source, target):
    if source == target or target not in RANK:
        return False
    return (source, target) in FORBIDDEN or RANK[target] > RANK[source]


def test_every_import_points_down():
    wrong = []
    for package, path in _modules():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for line, target in _imported_packages(tree):
            if _against_direction(package, target):
                wrong.append(f"{path.relative_to(ROOT)}:{line} imports {target}")
    assert wrong == [], "Imports against the direction " + " ← ".join(LAYERS) + ":\n" + "\n".join(wrong)


def test_no_relation_points_up():
    """A foreign key, one-to-one or many-to-many field may only point to its own app or one below it."""
    from django.apps import apps

    wrong = []
    for model in apps.get_models():
        source = model._meta.app_label
        if source not in RANK:
            continue
        for field in model._meta.get_fields(include_hidden=True):
            if field.is_relation and field.concrete and field.related_model is not None:
                target = field.related_model._meta.app_label
                if _against_direction(source, target):
                    wrong.append(f"{model.__name__}.{field.name} -> {field.related_model.__name__} ({target})")
    assert wrong == [], "Relations against the direction:\n" + "\n".join(wrong)


@pytest.mark.parametrize("source,target,expected", [
    ("cases", "bodies", False), ("bodies", "cases", True), ("meetings", "helsefellesskap", True),
    ("helsefellesskap", "meetings", False), ("demo", "helsefellesskap", True), ("bodies", "django", False),
])
def test_the_check_itself_tells_up_from_down(source, target, expected):
    assert _against_direction(source, target) is expected
