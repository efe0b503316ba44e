"""The Noark 5 extract of Finnmark 2020: `manage.py export_noark5 finnmark 2020` writes an extract whose structure
follows the standard's schemas, whose checksums match the stored files, and which marks exempt documents."""
import hashlib
import io
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import Client

from cases.models import Case
from meetings.models import Meeting, MinutesDocument
from tests.openrecords import noark5_structure
from tests.openrecords.conftest import EXEMPT_TITLE, PUBLIC_TITLE

N5 = {"n": noark5_structure.N5, "l": noark5_structure.N5_LOG, "a": "http://www.arkivverket.no/standarder/addml",
      "xsi": "http://www.w3.org/2001/XMLSchema-instance"}
XSI_TYPE = noark5_structure.XSI_TYPE


def export(directory):
    call_command("export_noark5", "finnmark", "2020", "--output", str(directory), stdout=io.StringIO(), stderr=io.StringIO())
    return {name: ET.parse(directory / name).getroot() for name in ("arkivstruktur.xml", "endringslogg.xml", "arkivuttrekk.xml")}


@pytest.fixture(scope="module")
def extract_module(archived_module, django_db_blocker, tmp_path_factory):
    directory = tmp_path_factory.mktemp("uttrekk")
    with django_db_blocker.unblock():
        trees = export(directory)
    return {**archived_module, "dir": directory, **trees}


@pytest.fixture
def extract(extract_module, archived):
    return extract_module


def test_the_files_follow_the_structure_of_the_standards_schemas(extract):
    assert noark5_structure.problems(extract["arkivstruktur.xml"], "arkiv", noark5_structure.N5) == []
    assert noark5_structure.problems(extract["endringslogg.xml"], "endringslogg", noark5_structure.N5_LOG) == []
    assert extract["arkivuttrekk.xml"].tag == "{http://www.arkivverket.no/standarder/addml}addml"


def test_the_structure_check_catches_a_wrong_order_and_a_missing_element(extract):
    root = ET.fromstring(ET.tostring(extract["arkivstruktur.xml"]))
    system_id, title = root[0], root[1]
    root.remove(system_id)
    root.insert(1, system_id)
    assert any("systemID" in p for p in noark5_structure.problems(root, "arkiv", noark5_structure.N5))
    root = ET.fromstring(ET.tostring(extract["arkivstruktur.xml"]))
    folder = root.find(".//n:mappe[@xsi:type='saksmappe']", N5)
    folder.remove(folder.find("n:saksstatus", N5))
    assert any("saksstatus" in p for p in noark5_structure.problems(root, "arkiv", noark5_structure.N5))


def test_a_meeting_folder_per_meeting_and_a_case_folder_per_case(extract):
    root = extract["arkivstruktur.xml"]
    meetings = root.findall(".//n:mappe[@xsi:type='moetemappe']", N5)
    expected = Meeting.objects.filter(body__partnership=extract["finnmark"], starts_at__year=2020)
    assert len(meetings) == expected.count() == 4
    assert {m.find("n:moetedato", N5).text for m in meetings} == {"2020-02-10", "2020-02-24", "2020-11-02", "2020-11-23"}
    # The demo approved the minutes of every meeting of 2020 (on paper), so each has its archival PDF.
    assert [m.pk for m in extract["approved"]] == list(expected.order_by("starts_at").values_list("pk", flat=True))
    cases = root.findall(".//n:mappe[@xsi:type='saksmappe']", N5)
    assert {(c.find("n:saksaar", N5).text, c.find("n:sakssekvensnummer", N5).text) for c in cases} == {
        (str(case.year), str(case.number)) for case in Case.objects.filter(partnership=extract["finnmark"], year=2020,
                                                                          number__isnull=False)}
    case_28 = next(c for c in cases if c.find("n:sakssekvensnummer", N5).text == "28")
    assert case_28.find("n:tittel", N5).text == "Etablering av Helsefellesskap"
    # The OSO meeting of 23 November 2020 records the case and its decision, with a reference to the case folder.
    oso = next(m for m in meetings if m.find("n:moetedato", N5).text == "2020-11-23")
    item = next(r for r in oso.findall("n:registrering", N5) if r.find("n:tittel", N5).text.startswith("Sak 28/2020"))
    assert item.get(XSI_TYPE) == "moeteregistrering"
    assert item.find("n:moeteregistreringstype", N5).text == "Saksprotokoll"
    assert item.find("n:beskrivelse", N5).text.startswith("1. OSO vedtar den foreslåtte organiseringen")
    assert item.find("n:kryssreferanse/n:referanseTilMappe", N5).text == case_28.find("n:systemID", N5).text
    assert len(oso.findall("n:moetedeltaker", N5)) >= 5


def test_checksums_match_the_stored_files_and_the_files_in_the_extract(extract):
    root, directory = extract["arkivstruktur.xml"], extract["dir"]
    objects = root.findall(".//n:dokumentobjekt", N5)
    stored = {d.sha256: d for d in MinutesDocument.objects.filter(minutes__meeting__in=extract["approved"])}
    assert len(stored) == len(extract["approved"]) == 4
    seen = set()
    for element in objects:
        path = directory / element.find("n:referanseDokumentfil", N5).text
        content = path.read_bytes()
        digest = element.find("n:sjekksum", N5).text
        assert hashlib.sha256(content).hexdigest() == digest
        assert element.find("n:sjekksumAlgoritme", N5).text == "SHA256"
        assert int(element.find("n:filstoerrelse", N5).text) == len(content)
        seen.add(digest)
    # Every archival PDF/A of the 2020 minutes is there with the checksum recorded when it was made.
    assert set(stored) <= seen
    for digest, document in stored.items():
        with document.file.open("rb") as handle:
            assert hashlib.sha256(handle.read()).hexdigest() == digest
    files_on_disk = [p for p in (directory / "dokumenter").iterdir() if p.is_file()]
    assert len(files_on_disk) == len(objects) == 6  # four minutes and two case documents


def test_exempt_documents_are_marked_with_their_legal_basis(extract):
    descriptions = {d.find("n:tittel", N5).text: d for d in extract["arkivstruktur.xml"].findall(".//n:dokumentbeskrivelse", N5)}
    exempt = descriptions[EXEMPT_TITLE]
    assert exempt.find("n:skjerming/n:skjermingshjemmel", N5).text == "offentleglova § 14"
    assert exempt.find("n:skjerming/n:tilgangsrestriksjon", N5).text == "14"
    assert exempt.find("n:dokumentobjekt", N5) is not None
    assert descriptions[PUBLIC_TITLE].find("n:skjerming", N5) is None
    uttrekk = extract["arkivuttrekk.xml"]
    assert uttrekk.find(".//a:property[@name='inneholderSkjermetInformasjon']/a:value", N5).text == "true"


def test_the_description_counts_and_checksums_the_extract(extract):
    uttrekk, directory, root = extract["arkivuttrekk.xml"], extract["dir"], extract["arkivstruktur.xml"]
    for name in ("arkivstruktur", "endringslogg"):
        data_object = uttrekk.find(f".//a:dataObject[@name='{name}']", N5)
        value = data_object.find(".//a:property[@name='checksum']//a:property[@name='value']/a:value", N5).text
        assert value == hashlib.sha256((directory / f"{name}.xml").read_bytes()).hexdigest()
    occurrences = {}
    for counted in uttrekk.findall(".//a:property[@name='numberOfOccurrences']", N5):
        occurrences[counted.find("a:value", N5).text] = int(counted.find(".//a:property[@name='value']/a:value", N5).text)
    for element in ("mappe", "registrering", "dokumentbeskrivelse", "dokumentobjekt"):
        assert occurrences[element] == len(root.findall(f".//n:{element}", N5)), element
    assert occurrences["endring"] == len(extract["endringslogg.xml"].findall("l:endring", N5)) > 0
    files = uttrekk.find(".//a:property[@name='antallDokumentfiler']/a:value", N5).text
    assert int(files) == len(list((directory / "dokumenter").iterdir()))
    period = uttrekk.find(".//a:additionalElement[@name='archivalPeriod']", N5)
    assert [p.text for p in period.findall(".//a:value", N5)] == ["2020-01-01", "2020-12-31"]


def test_the_change_log_refers_to_folders_in_the_extract(extract):
    ids = {e.text for e in extract["arkivstruktur.xml"].iter(f"{{{noark5_structure.N5}}}systemID")}
    changes = extract["endringslogg.xml"].findall("l:endring", N5)
    assert changes and all(c.find("l:referanseArkivenhet", N5).text in ids for c in changes)
    case_28 = next(m for m in extract["arkivstruktur.xml"].findall(".//n:mappe[@xsi:type='saksmappe']", N5)
                   if m.find("n:sakssekvensnummer", N5).text == "28")
    statuses = [(c.find("l:tidligereVerdi", N5).text, c.find("l:nyVerdi", N5).text) for c in changes
                if c.find("l:referanseArkivenhet", N5).text == case_28.find("n:systemID", N5).text]
    assert ("Til beslutning", "Vedtatt") in statuses


def test_an_archival_file_that_no_longer_matches_its_checksum_stops_the_export(archived, tmp_path):
    document = MinutesDocument.objects.filter(minutes__meeting__in=archived["approved"]).first()
    path = Path(document.file.path)
    original = path.read_bytes()
    try:
        path.write_bytes(original + b"endret")
        with pytest.raises(CommandError, match="sjekksummen"):
            call_command("export_noark5", "finnmark", "2020", "--output", str(tmp_path / "x"), stdout=io.StringIO())
    finally:
        path.write_bytes(original)


def test_unknown_partnership_or_year_is_refused(archived, tmp_path):
    with pytest.raises(CommandError):
        call_command("export_noark5", "finnes-ikke", "2020", "--output", str(tmp_path), stdout=io.StringIO())
    with pytest.raises(CommandError):
        call_command("export_noark5", "finnmark", "1", "--output", str(tmp_path), stdout=io.StringIO())
    with pytest.raises(CommandError, match="ingen møter eller saker i 2012"):
        call_command("export_noark5", "finnmark", "2012", "--output", str(tmp_path), stdout=io.StringIO())


def test_administrators_download_the_extract_as_a_zip(archived):
    User = get_user_model()
    url = "/arkiv/finnmark/noark5/2020.zip"
    admin = Client()
    admin.force_login(archived["admin"])
    page = admin.get("/arkiv/finnmark/noark5/")
    assert page.status_code == 200 and url in page.content.decode()
    response = admin.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Cache-Control"] == "private, no-store"
    names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    assert {"noark5-finnmark-2020/arkivstruktur.xml", "noark5-finnmark-2020/arkivuttrekk.xml",
            "noark5-finnmark-2020/endringslogg.xml"} <= set(names)
    assert len([n for n in names if "/dokumenter/" in n]) == 6
    # The partnership's secretariat may download; a member, the other partnership and the public may not.
    secretariat = Client()
    secretariat.force_login(User.objects.get(username="sekretariat"))
    assert secretariat.get(url).status_code == 200
    member = Client()
    member.force_login(User.objects.get(username="medlem"))
    assert member.get(url).status_code == 403
    assert member.get("/arkiv/finnmark/noark5/").status_code == 403
    anonymous = Client().get(url)
    assert anonymous.status_code == 302 and "/logg-inn/" in anonymous["Location"]
    assert admin.get("/arkiv/finnmark/noark5/1999.zip").status_code == 404
    assert admin.get("/arkiv/finnes-ikke/noark5/2020.zip").status_code == 404
