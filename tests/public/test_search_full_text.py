"""Search in Norwegian: word forms, compounds and several words, from stored search vectors kept up to date.

On PostgreSQL the public search and the secretariat's case list use full-text search with the Norwegian
configuration over a stored, trigger-maintained search vector; on SQLite every word is looked for with icontains.
"""
import pytest
from django.db import connection
from django.urls import reverse
from guardian.shortcuts import assign_perm

from cases.models import Case, CaseDocument, Decision, DecisionPoint
from common.search import words
from meetings.models import AgendaItem
from tests.factories import UserFactory
from tests.public.conftest import make_case, put_on_agenda

postgres_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="full-text search is PostgreSQL's")


def search(client, scene, q):
    return client.get(reverse("public:search", kwargs={"slug": scene["partnership"].slug}), {"q": q}).content.decode()


@pytest.fixture
def texts(scene):
    """Cases with Norwegian word forms on the agenda of the held (public, minutes approved) meeting."""
    su, held = scene["su"], scene["held"]
    discharge = make_case(su, 40, "Utskrivningsklare pasienter fra sykehuset",
                          subject="Kommunene tar imot pasientene samme dag.")
    put_on_agenda(discharge, held, 2)
    elderly = make_case(su, 41, "Helsetilbud til de eldres hjem", background="Legevakten i regionen samarbeider.")
    put_on_agenda(elderly, held, 3)
    handling = elderly.handlings.get()
    DecisionPoint.objects.create(decision=Decision.objects.create(handling=handling), number=1,
                                 text="Fastlegene deltar i kommunenes øyeblikkelig hjelp-tilbud.")
    CaseDocument.objects.create(case=elderly, title="Kartlegging av legevaktene")
    return {"discharge": discharge, "elderly": elderly}


@postgres_only
def test_public_search_finds_word_forms_a_substring_search_misses(client, scene, texts):
    # «kommuner» is not a substring of «Kommunene» or «kommunenes»; the stemmer makes all three «kommun».
    text = search(client, scene, "kommuner")
    assert "Utskrivningsklare pasienter fra sykehuset" in text
    assert "Helsetilbud til de eldres hjem" in text  # through its decision point
    # A document title in another form: «legevakter» finds «Kartlegging av legevaktene».
    assert "Kartlegging av legevaktene" in search(client, scene, "legevakter")


def test_public_search_finds_compounds_and_inflected_forms(client, scene, texts):
    # The first part of a compound, and «eldre» for «eldres».
    assert "Utskrivningsklare pasienter fra sykehuset" in search(client, scene, "utskrivning")
    text = search(client, scene, "eldre")
    assert "Helsetilbud til de eldres hjem" in text
    assert "Utskrivningsklare pasienter" not in text


def test_public_search_needs_every_word_in_any_order(client, scene, texts):
    text = search(client, scene, "pasienter utskrivningsklare")
    assert "Utskrivningsklare pasienter fra sykehuset" in text
    assert "Helsetilbud til de eldres hjem" not in text
    # One word that is nowhere: no case matches, though the others do.
    assert "Utskrivningsklare pasienter fra sykehuset" not in search(client, scene, "utskrivning tannhelse")


def test_public_search_keeps_hidden_and_foreign_cases_out(client, scene, texts):
    hidden = make_case(scene["su"], 42, "Utskrivningsklare pasienter i planlagt møte")
    put_on_agenda(hidden, scene["planned"], 2)
    foreign = make_case(scene["foreign_case"].body, 2, "Utskrivningsklare pasienter i et annet helsefellesskap")
    put_on_agenda(foreign, scene["foreign_meeting"], 2)
    text = search(client, scene, "utskrivningsklare")
    assert "Utskrivningsklare pasienter fra sykehuset" in text
    assert "i planlagt møte" not in text
    assert "i et annet helsefellesskap" not in text


def test_query_syntax_is_only_words(client, scene, texts):
    """Operators of the query syntax are not passed on: they are stripped, and the page answers normally."""
    assert words("eldre & !(pasienter) | 'x':* <-> \x00") == ["eldre", "pasienter", "x"]
    response = client.get(reverse("public:search", kwargs={"slug": scene["partnership"].slug}), {"q": "eldre & !( :* <->"})
    assert response.status_code == 200
    assert "Helsetilbud til de eldres hjem" in response.content.decode()
    assert client.get(reverse("public:search", kwargs={"slug": scene["partnership"].slug}), {"q": "&& !!"}).status_code == 200


@postgres_only
def test_search_vector_follows_every_save(scene, texts):
    case = texts["discharge"]
    from common.search import text_query

    assert Case.objects.filter(pk=case.pk, search_vector=text_query("sykehuset")).exists()
    case.title = "Rehabilitering i kommunene"
    case.save()
    assert not Case.objects.filter(pk=case.pk, search_vector=text_query("sykehuset")).exists()
    assert Case.objects.filter(pk=case.pk, search_vector=text_query("rehabilitering")).exists()
    # A bulk update goes through the same trigger.
    Case.objects.filter(pk=case.pk).update(subject="Ambulansetjenesten")
    assert Case.objects.filter(pk=case.pk, search_vector=text_query("ambulanse")).exists()
    item = AgendaItem.objects.get(handling__case=case)
    item.discussion = "Drøftingen handlet om ressursbruk."
    item.save()
    assert AgendaItem.objects.filter(pk=item.pk, search_vector=text_query("ressursbruk")).exists()


def test_secretariat_case_list_searches_every_word(client, scene, texts):
    user = UserFactory()
    assign_perm("bodies.manage_partnership", user, scene["partnership"])
    client.force_login(user)
    url = reverse("cases:case_list", kwargs={"slug": scene["partnership"].slug})
    text = client.get(url, {"q": "eldre legevakten"}).content.decode()
    assert "Helsetilbud til de eldres hjem" in text
    assert "Utskrivningsklare pasienter" not in text
    text = client.get(url, {"q": "utskrivning"}).content.decode()
    assert "Utskrivningsklare pasienter fra sykehuset" in text
    assert "Helsetilbud til de eldres hjem" not in text
