"""The demo as `make demo` leaves it (committed): `manage.py export_noark5 finnmark 2020` writes the minutes the
demo approved with the archival PDF/A files that were stored when the approval committed."""
import hashlib
import io
from xml.etree import ElementTree as ET

import pytest
from django.core.management import call_command

from meetings.models import Meeting, MinutesDocument
from tests.openrecords import noark5_structure

N5 = {"n": noark5_structure.N5}


@pytest.mark.django_db(transaction=True)
def test_the_committed_demo_exports_its_2020_minutes_with_their_archival_pdfs(demo_committed, tmp_path):
    meetings = Meeting.objects.filter(body__partnership=demo_committed["finnmark"], starts_at__year=2020)
    approved = meetings.filter(minutes__approved_at__isnull=False)
    assert approved.count() == meetings.count() > 0
    # Stored by the approval once it committed: one archival PDF per approved minutes, nothing rendered here.
    stored = {d.sha256 for d in MinutesDocument.objects.filter(minutes__meeting__in=approved)}
    assert len(stored) == approved.count()

    out = io.StringIO()
    call_command("export_noark5", "finnmark", "2020", "--output", str(tmp_path), stdout=out, stderr=io.StringIO())
    assert f"{len(stored)} dokumentfiler" in out.getvalue()
    root = ET.parse(tmp_path / "arkivstruktur.xml").getroot()
    assert noark5_structure.problems(root, "arkiv", noark5_structure.N5) == []
    exported = {}
    for element in root.findall(".//n:dokumentobjekt", N5):
        content = (tmp_path / element.find("n:referanseDokumentfil", N5).text).read_bytes()
        assert content.startswith(b"%PDF") and element.find("n:format", N5).text == "PDF/A"
        exported[element.find("n:sjekksum", N5).text] = hashlib.sha256(content).hexdigest()
    assert set(exported) == stored
    assert all(digest == recorded for recorded, digest in exported.items())
