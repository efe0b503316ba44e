"""A server process loads every view before its first request and moves what it loaded out of the collector's way."""
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PROBE = ("import gc, sys; import helsefellesskap.{module} as app; "
         "print(callable(app.application), 'cases.views' in sys.modules, gc.get_freeze_count())")


@pytest.mark.parametrize("module", ["wsgi", "asgi"])
def test_the_server_entry_point_loads_the_views_and_freezes_them(module):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "helsefellesskap.settings.prod", "SECRET_KEY": "test-" + "x" * 60,
           "ALLOWED_HOSTS": "helsefellesskap.example.no"}
    result = subprocess.run([sys.executable, "-c", PROBE.format(module=module)], cwd=ROOT, env=env, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    is_app, views_loaded, frozen = result.stdout.split()
    assert is_app == "True" and views_loaded == "True"
    assert int(frozen) > 10_000  # the objects of Django, the apps and their views
