from datetime import timedelta
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from common.models import SpentFormToken


@pytest.mark.django_db
def test_tokens_older_than_a_session_are_forgotten_and_newer_ones_kept():
    old = SpentFormToken.objects.create(token="old")
    SpentFormToken.objects.filter(pk=old.pk).update(spent_at=timezone.now() - timedelta(seconds=settings.SESSION_COOKIE_AGE + 60))
    SpentFormToken.objects.create(token="fresh")
    out = StringIO()
    call_command("purge_form_tokens", stdout=out)
    assert list(SpentFormToken.objects.values_list("token", flat=True)) == ["fresh"]
    assert "Slettet 1" in out.getvalue()
