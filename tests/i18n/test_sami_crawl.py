"""With Northern Sámi chosen every page works: a crawl of the public pages, a member's and the secretariat's.

Sámi has few translations yet (see `manage.py translation_coverage`); the rest shows in bokmål. What must hold
already: every page the role reaches by following links answers (no server error), says `lang="se"`, and shows
the Sámi text the catalogue does have (the chooser's label «Giella»).
"""
from collections import deque

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import translation

from tests.member_scene import build_member_scene
from tests.permissions.test_crawl import links
from tests.permissions.test_crawl_roles import MAX_PAGES

pytestmark = pytest.mark.django_db

LANGUAGE = "se"


@pytest.fixture
def scene(demo):
    return build_member_scene(demo["finnmark"])


@pytest.mark.parametrize("role", ["anonymous", "medlem", "sekretariat"])
def test_every_page_works_in_sami(scene, role):
    client = Client(raise_request_exception=False, headers={"accept-language": LANGUAGE})
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = LANGUAGE
    if role == "anonymous":
        start = "/"
    else:
        client.force_login(get_user_model().objects.get(username=role))
        start = client.get(reverse("start"), follow=True).request["PATH_INFO"]
    with translation.override(LANGUAGE):
        sami_label = translation.gettext("Språk")
    assert sami_label != "Språk", "the Sámi catalogue has no text for the chooser's label"

    seen, queue, pages, failures = {start}, deque([start]), 0, []
    while queue and pages < MAX_PAGES:
        address = queue.popleft()
        response = client.get(address)
        if response.status_code >= 500:
            failures.append(f"{address}: {response.status_code}")
            continue
        if response.status_code != 200 or "html" not in response.get("Content-Type", "") or address.startswith("/admin/"):
            continue
        pages += 1
        html = response.content.decode(errors="replace")
        if f'lang="{LANGUAGE}"' not in html[:300] or sami_label not in html:
            failures.append(f"{address}: not marked as Sámi or without the chooser's Sámi label")
        for target in links(address, html):
            if target not in seen:
                seen.add(target)
                queue.append(target)
    assert pages > 5, f"the crawl from {start} reached only {pages} pages"
    assert not failures, "\n".join(failures)
