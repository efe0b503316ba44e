"""A crawler: every page Finnmark's secretariat can reach, requested by those who may not see Finnmark's internals.

Starting from the secretariat's dashboard and /admin/ (the secretariat given staff access here), every same-site link (GET) is followed, up to
MAX_PAGES pages. Each page found is then requested as Helgeland's secretariat (a staff user too), a member
of another Finnmark body, an observer of the strategic committee, and anonymously. None of them may get:

- the title or the content of an exempt document of a case they do not handle;
- the title of an internal case they have no part in;
- (for Helgeland's secretariat, on any admin page) Finnmark's name or any of Finnmark's case titles at all.
  Outside the admin a refusal may name the partnership to ask (its name is public anyway).
"""
import re
from collections import deque
from datetime import date
from html import unescape
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.test import Client, override_settings
from django.urls import reverse

from bodies.models import Body, Side
from cases.models import Case, CaseDocument
from members.models import Membership

pytestmark = pytest.mark.django_db

MAX_PAGES = 150
SECRET_CASE = "Krypsak bare for sekretariatet"
SECRET_TITLE = "Krypdokument unntatt offentlighet"
SECRET_CONTENT = "KRYPINNHOLD-7731"
SKIP = re.compile(r"(logg-ut|/logout/|/static/|/media/|\.pdf$|\.ics$|\.csv$|/delete/$|/permissions/)")
LINK = re.compile(r"""(?:href|action)\s*=\s*["']([^"'#]+)""")


@pytest.fixture
def crawl_scene(demo, tmp_path):
    from members.services import membership_create, user_sync_permissions
    from tests.factories import PersonFactory, UserFactory

    finnmark, helgeland = demo["finnmark"], demo["helgeland"]
    staff = get_user_model().objects.get(username="admin")
    su = Body.objects.get(partnership=finnmark, kind__slug="strategisk-samarbeidsutvalg")
    lfso = Body.objects.filter(partnership=finnmark, kind__slug="lfso").order_by("pk").first()
    # A body neither the member of the other body nor the observer sits in.
    quiet = Body.objects.filter(partnership=finnmark, kind__is_secretariat=False).exclude(pk__in=[su.pk, lfso.pk]).order_by("pk").first()
    case = Case.objects.create(partnership=finnmark, body=quiet, year=2026, number=977, title=SECRET_CASE)
    with override_settings(MEDIA_ROOT=str(tmp_path)):
        document = CaseDocument.objects.create(case=case, title=SECRET_TITLE, exempt=True, legal_basis="offl. § 13")
        document.file.save("kryp.txt", ContentFile(SECRET_CONTENT.encode()))

    def new_member(body, role, username, side=Side.MUNICIPAL):
        person = PersonFactory(user=UserFactory(username=username))
        membership_create(body=body, person=person, role=role, side=side, term_start=date(2024, 1, 1), by=staff)
        return person.user

    other_secretariat = new_member(Body.objects.get(partnership=helgeland, kind__is_secretariat=True), Membership.Role.MEMBER,
                                   "kryp-helgeland")
    other_secretariat.is_staff = True
    other_secretariat.save()
    other_secretariat.groups.add(Group.objects.get(name="Sekretariat"))
    # The demo's secretariat is not staff; here an administrator has given it the admin too, so the crawl
    # reaches the admin pages as well as the secretariat's own.
    secretariat = get_user_model().objects.get(username="sekretariat")
    secretariat.is_staff = True
    secretariat.save()
    secretariat.groups.add(Group.objects.get(name="Sekretariat"))
    users = {
        "secretariat": secretariat,
        "secretariat_other_partnership": other_secretariat,
        "member_other_body": new_member(lfso, Membership.Role.MEMBER, "kryp-lfso"),
        "observer": get_user_model().objects.get(username="observator"),
    }
    for user in users.values():
        user_sync_permissions(user=user)
    clients = {"anonymous": Client(raise_request_exception=False)}
    for role, user in users.items():
        clients[role] = Client(raise_request_exception=False)
        clients[role].force_login(user)
    with override_settings(MEDIA_ROOT=str(tmp_path)):
        yield {"finnmark": finnmark, "helgeland": helgeland, "clients": clients, "document": document}


def links(page_url, html):
    for raw in LINK.findall(html):
        target, _fragment = urldefrag(urljoin(page_url, unescape(raw)))
        parts = urlsplit(target)
        if parts.netloc not in ("", "testserver") or not parts.path.startswith("/"):
            continue
        address = parts.path + (f"?{parts.query}" if parts.query else "")
        if not SKIP.search(parts.path):
            yield address


def crawl(client, starts):
    seen, found, queue = set(starts), [], deque(starts)
    while queue and len(found) < MAX_PAGES:
        address = queue.popleft()
        response = client.get(address)
        if response.status_code != 200:
            continue
        found.append(address)
        if "html" not in response.get("Content-Type", ""):
            continue
        for target in links(address, response.content.decode(errors="replace")):
            if target not in seen:
                seen.add(target)
                queue.append(target)
    return found


def body_of(response):
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode(errors="replace")
    return response.content.decode(errors="replace")


def test_nothing_of_finnmark_reaches_those_who_may_not_see_it(crawl_scene):
    clients = crawl_scene["clients"]
    finnmark = crawl_scene["finnmark"]
    case = crawl_scene["document"].case
    starts = [reverse("dashboard", kwargs={"slug": finnmark.slug}), "/admin/",
              # The secret's own pages first, so the bounded crawl is sure to meet it.
              reverse("admin:cases_case_change", args=[case.pk]), reverse("admin:cases_exemptdocumentview_changelist")]
    pages = crawl(clients["secretariat"], starts)
    # The crawl did reach the secretariat's work, the admin and the secret itself (the check below is not empty).
    assert len(pages) >= 30
    assert any(p.startswith("/admin/cases/case/") for p in pages)
    secret_pages = [p for p in pages if SECRET_TITLE in body_of(clients["secretariat"].get(p))]
    assert secret_pages

    case_titles = [t for t in Case.objects.filter(partnership=finnmark).values_list("title", flat=True) if len(t) > 12]
    assert case_titles
    leaks = []
    for role in ("secretariat_other_partnership", "member_other_body", "observer", "anonymous"):
        client = clients[role]
        for address in pages:
            response = client.get(address)
            assert response.status_code != 500, (role, address)
            text = body_of(response)
            for secret in (SECRET_TITLE, SECRET_CONTENT, SECRET_CASE):
                if secret in text:
                    leaks.append(f"{role} {address}: {secret}")
            if role == "secretariat_other_partnership" and address.startswith("/admin/"):
                for marker in [finnmark.name, *case_titles]:
                    if marker in text:
                        leaks.append(f"{role} {address}: {marker}")
    assert not leaks, "\n".join(leaks[:50])


def test_the_exempt_document_is_served_to_the_secretariat_only(crawl_scene):
    """The crawler's secret is real: Finnmark's secretariat opens it, the others do not."""
    document = crawl_scene["document"]
    address = reverse("member:document", kwargs={"document_pk": document.pk})
    assert SECRET_CONTENT in body_of(crawl_scene["clients"]["secretariat"].get(address))
    for role in ("secretariat_other_partnership", "member_other_body", "observer", "anonymous"):
        assert SECRET_CONTENT not in body_of(crawl_scene["clients"][role].get(address)), role
