"""No link leads anyone to a page they may not open: a crawl per role from where the user lands after login.

For each role every same-site link (GET) on the pages reachable from the user's home is requested as that user;
none may answer 403. The anonymous visitor starts at «/». The administrator's own admin pages are checked by the
admin matrix (tests/test_permission_matrix.py); here the crawl stops at the admin's index.
"""
from collections import deque

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from tests.member_scene import build_member_scene
from tests.permissions.test_crawl import links

pytestmark = pytest.mark.django_db

MAX_PAGES = 120


def crawl_for_refusals(client, start):
    """Follow links from `start`; return (pages visited, [(page, link, status)] of links answering 403)."""
    seen, visited, refused = {start}, [], []
    queue = deque([(None, start)])
    while queue and len(visited) < MAX_PAGES:
        source, address = queue.popleft()
        response = client.get(address, follow=True)
        if response.status_code == 403:
            refused.append((source, address, 403))
            continue
        if response.status_code != 200:
            continue
        visited.append(address)
        if "html" not in response.get("Content-Type", "") or address.startswith("/admin/"):
            continue
        for target in links(address, response.content.decode(errors="replace")):
            if target not in seen:
                seen.add(target)
                queue.append((address, target))
    return visited, refused


@pytest.fixture
def scene(demo):
    return build_member_scene(demo["finnmark"])


@pytest.mark.parametrize("role", ["anonymous", "medlem", "observator", "leder", "sekretariat", "admin"])
def test_no_link_shown_to_a_user_answers_403(scene, role):
    client = Client(raise_request_exception=False)
    if role == "anonymous":
        start = "/"
    else:
        client.force_login(scene.users.get(role) or get_user_model().objects.get(username=role))
        landing = client.get(reverse("start"), follow=True)
        assert landing.status_code == 200
        start = landing.request["PATH_INFO"]
    visited, refused = crawl_for_refusals(client, start)
    # The crawl did reach the user's work (the check below is not empty).
    expected = {
        "anonymous": reverse("public:search", kwargs={"slug": "finnmark"}),
        "medlem": reverse("member:meeting_detail", kwargs={"meeting_pk": scene.held.pk}),
        "observator": reverse("member:meeting_detail", kwargs={"meeting_pk": scene.next_meeting.pk}),
        "leder": reverse("member:meeting_detail", kwargs={"meeting_pk": scene.held.pk}),
        "sekretariat": reverse("meetings:meeting_detail", kwargs={"meeting_pk": scene.held.pk}),
        "admin": reverse("admin:index"),
    }[role]
    assert expected in visited, visited
    assert not refused, "\n".join(f"{source} → {address}: {status}" for source, address, status in refused)
