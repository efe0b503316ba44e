"""Exempt documents: the public sees that they exist, their title and legal basis, never their content."""
from datetime import date
from io import BytesIO

import pytest
from django.urls import reverse
from pypdf import PdfReader

from bodies.models import Side
from cases.models import ExemptDocumentView
from members.models import Membership
from members.services import membership_create
from tests.factories import BodyFactory, PersonFactory, SecretariatKindFactory, UserFactory
from tests.public.conftest import SECRET_CONTENT, SECRET_FILENAME

pytestmark = pytest.mark.django_db

SECRETS = (SECRET_CONTENT, SECRET_FILENAME, "pasientopplysninger")


def public_url(name, scene, **kwargs):
    return reverse(f"public:{name}", kwargs={"slug": scene["partnership"].slug, **kwargs})


def assert_no_secret(text):
    for secret in SECRETS:
        assert secret not in text


def pdf_text(response):
    assert response["Content-Type"] == "application/pdf"
    data = response.content
    assert data.startswith(b"%PDF")
    return "\n".join(page.extract_text() for page in PdfReader(BytesIO(data)).pages)


def test_public_pages_show_title_and_legal_basis_but_no_content_or_file_address(client, scene):
    exempt = scene["exempt_doc"]
    pages = [
        reverse("public:index"),
        public_url("partnership", scene),
        public_url("meeting", scene, meeting_pk=scene["held"].pk),
        public_url("case", scene, case_pk=scene["decided"].pk),
        public_url("search", scene) + "?q=enkeltpasient",
        public_url("body", scene, body_pk=scene["su"].pk),
        public_url("body_calendar", scene, body_pk=scene["su"].pk),
    ]
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200, page
        text = response.content.decode()
        assert_no_secret(text)
        assert public_url("document", scene, document_pk=exempt.pk) not in text
        assert exempt.file.url not in text
    case_page = client.get(public_url("case", scene, case_pk=scene["decided"].pk)).content.decode()
    assert "Vedlegg om enkeltpasient" in case_page and "offentleglova § 13" in case_page


def test_search_by_an_exempt_documents_content_finds_nothing(client, scene):
    text = client.get(public_url("search", scene), {"q": SECRET_CONTENT}).content.decode()
    assert "Vedlegg om enkeltpasient" not in text


def test_guessed_public_file_address_of_an_exempt_document_is_refused(client, scene):
    response = client.get(public_url("document", scene, document_pk=scene["exempt_doc"].pk))
    assert response.status_code == 403
    assert_no_secret(response.content.decode())
    assert "offentleglova § 13" in response.content.decode()
    # The storage address itself is not served by the application.
    assert client.get(scene["exempt_doc"].file.url).status_code == 404


def test_logged_in_users_do_not_get_exempt_files_on_the_public_address_either(client, scene):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    assert client.get(public_url("document", scene, document_pk=scene["exempt_doc"].pk)).status_code == 403


def test_public_pdfs_hold_no_exempt_content(client, scene):
    from meetings.models import Meeting

    notice = pdf_text(client.get(public_url("notice_pdf", scene, meeting_pk=scene["held"].pk)))
    assert_no_secret(notice)
    assert "Helsefellesskap – sammen for pasientene" in notice
    minutes = pdf_text(client.get(public_url("minutes_pdf", scene, meeting_pk=scene["held"].pk)))
    assert_no_secret(minutes)
    assert scene["held"].status == Meeting.Status.MINUTES_APPROVED


@pytest.fixture
def staff():
    return UserFactory(username="sekretariatet")


def member_of(body, staff, role=Membership.Role.MEMBER):
    person = PersonFactory(user=UserFactory())
    membership_create(body=body, person=person, role=role, side=Side.NONE if role == Membership.Role.OBSERVER else Side.MUNICIPAL,
                      term_start=date(2020, 1, 1), by=staff)
    return person.user


def test_member_of_the_handling_body_opens_it_and_the_opening_is_logged(client, scene, staff):
    user = member_of(scene["su"], staff)
    client.force_login(user)
    response = client.get(reverse("member:document", kwargs={"document_pk": scene["exempt_doc"].pk}))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == SECRET_CONTENT.encode()
    log = ExemptDocumentView.objects.get()
    assert (log.user, log.document, log.legal_basis) == (user, scene["exempt_doc"], "offentleglova § 13")


def test_member_meeting_page_links_exempt_document_only_for_the_handling_body(client, scene, staff):
    user = member_of(scene["su"], staff)
    client.force_login(user)
    text = client.get(reverse("member:meeting_detail", kwargs={"meeting_pk": scene["held"].pk})).content.decode()
    assert reverse("member:document", kwargs={"document_pk": scene["exempt_doc"].pk}) in text


@pytest.mark.parametrize("who", ["other_body", "other_partnership_secretariat", "observer_elsewhere"])
def test_others_are_refused_and_nothing_is_logged(client, scene, staff, who):
    if who == "other_body":
        user = member_of(scene["other_body"], staff)
    elif who == "observer_elsewhere":
        user = member_of(scene["closed_body"], staff, role=Membership.Role.OBSERVER)
    else:
        user = member_of(BodyFactory(partnership=scene["other"], kind=SecretariatKindFactory()), staff)
    client.force_login(user)
    response = client.get(reverse("member:document", kwargs={"document_pk": scene["exempt_doc"].pk}))
    assert response.status_code == 403
    assert not ExemptDocumentView.objects.exists()


def test_anonymous_member_document_goes_to_login(client, scene):
    response = client.get(reverse("member:document", kwargs={"document_pk": scene["exempt_doc"].pk}))
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_secretariat_of_the_partnership_opens_it(client, scene, staff):
    user = member_of(BodyFactory(partnership=scene["partnership"], kind=SecretariatKindFactory()), staff)
    client.force_login(user)
    assert client.get(reverse("member:document", kwargs={"document_pk": scene["exempt_doc"].pk})).status_code == 200
    assert ExemptDocumentView.objects.filter(user=user).count() == 1


def test_member_calendar_feed_holds_no_exempt_content(client, scene, staff):
    from members.services import calendar_feed_for

    user = member_of(scene["su"], staff)
    feed = calendar_feed_for(user=user)
    text = client.get(reverse("member:calendar_feed", kwargs={"token": feed.token})).content.decode()
    assert "BEGIN:VCALENDAR" in text
    assert_no_secret(text)


def public_resolver():
    from django.urls import get_resolver

    return get_resolver().namespace_dict["public"][1]


def public_url_names():
    return sorted(name for name in public_resolver().reverse_dict.keys() if isinstance(name, str))


@pytest.mark.parametrize("name", public_url_names())
def test_no_public_url_ever_carries_exempt_content(client, scene, name):
    """Every page of the public namespace (generated from the URL configuration), PDFs included."""
    import re

    # The URL's parameter names, e.g. ["slug", "meeting_pk"].
    route = public_resolver().reverse_dict.getlist(name)[0][0][0][1]
    values = {"slug": scene["partnership"].slug, "body_pk": scene["su"].pk, "meeting_pk": scene["held"].pk,
              "case_pk": scene["decided"].pk, "document_pk": scene["exempt_doc"].pk}
    kwargs = {key: values[key] for key in route}
    response = client.get(reverse(f"public:{name}", kwargs=kwargs), {"q": "enkeltpasient"} if name == "search" else {})
    if response.get("Content-Type") == "application/pdf":
        text = pdf_text(response)
    elif hasattr(response, "streaming_content"):
        text = b"".join(response.streaming_content).decode()
    else:
        text = response.content.decode()
    assert_no_secret(text)
    assert not re.search(re.escape(scene["exempt_doc"].file.name), text)
