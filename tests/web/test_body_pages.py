"""A body's composition against its rules; appointing and ending memberships."""
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from bodies.models import CompositionRule, Side
from members.models import Membership
from tests.factories import PersonFactory


def test_the_body_page_shows_composition_breaches(staff_client, partnership, su, su_members):
    CompositionRule.objects.create(partnership=partnership, body=su, kind=CompositionRule.Kind.SIDE_SEATS, side=Side.MUNICIPAL,
                                   min_count=5, max_count=5)
    html = staff_client.get(reverse("bodies:body_detail", kwargs={"body_pk": su.pk})).content.decode()
    assert "brudd på reglene for sammensetning" in html
    chair, member = su_members
    assert str(chair.person) in html and str(member.person) in html


def test_the_body_page_says_when_the_composition_follows_the_rules(staff_client, su, su_members):
    html = staff_client.get(reverse("bodies:body_detail", kwargs={"body_pk": su.pk})).content.decode()
    assert "Sammensetningen følger reglene." in html


def test_it_appoints_a_member(staff_client, su, parties, staff):
    person = PersonFactory(first_name="Ny", last_name="Representant", employer=parties["a"])
    url = reverse("bodies:membership_create", kwargs={"body_pk": su.pk})
    token = staff_client.get(url).context["form_token"]
    data = {"form_token": token, "person": person.pk, "role": "member", "side": "municipal", "seat": "ordinary",
            "represented_parties": [parties["a"].pk], "term_start": timezone.localdate().isoformat()}
    response = staff_client.post(url, data)
    assert response["Location"] == reverse("bodies:body_detail", kwargs={"body_pk": su.pk})
    membership = Membership.objects.get(person=person, body=su)
    assert list(membership.represented_parties.all()) == [parties["a"]]


def test_appointing_a_representative_for_the_other_side_is_refused(staff_client, su, parties):
    person = PersonFactory(employer=parties["hf"])
    url = reverse("bodies:membership_create", kwargs={"body_pk": su.pk})
    token = staff_client.get(url).context["form_token"]
    response = staff_client.post(url, {"form_token": token, "person": person.pk, "role": "member", "side": "specialist",
                                       "seat": "ordinary", "represented_parties": [parties["a"].pk],
                                       "term_start": timezone.localdate().isoformat()})
    assert response.status_code == 200
    assert "id_represented_parties_error" in response.content.decode()
    assert not Membership.objects.filter(person=person).exists()


def test_it_ends_a_membership(staff_client, su, su_members):
    _chair, member = su_members
    url = reverse("bodies:membership_end", kwargs={"membership_pk": member.pk})
    token = staff_client.get(url).context["form_token"]
    before_start = (member.term_start - timedelta(days=1)).isoformat()
    refused = staff_client.post(url, {"form_token": token, "on": before_start})
    assert "id_on_error" in refused.content.decode()
    staff_client.post(url, {"form_token": token, "on": timezone.localdate().isoformat(), "reason": "Ny stilling"})
    member.refresh_from_db()
    assert member.term_end == timezone.localdate()


def test_the_body_page_marks_terms_ending_within_ninety_days(staff_client, su, su_members):
    chair, member = su_members
    today = timezone.localdate()
    Membership.objects.filter(pk=chair.pk).update(term_end=today + timedelta(days=90))
    Membership.objects.filter(pk=member.pk).update(term_end=today + timedelta(days=91))
    html = staff_client.get(reverse("bodies:body_detail", kwargs={"body_pk": su.pk})).content.decode()
    assert html.count("slutter snart") == 1
