"""Backup and restore round trip: dump, new database, restore; the same cases, minutes and checksummed PDFs."""
import os
import subprocess
import sys
from pathlib import Path

import psycopg2
import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from cases.models import Case
from meetings import services
from meetings.models import Minutes, MinutesDocument
from tests.factories import UserFactory
from tests.meetings.story import at, oso_23_november_2020

ROOT = Path(__file__).resolve().parent.parent.parent




def _url(dbname):
    s = connection.settings_dict
    return f"postgres://{s['USER']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{dbname}"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_dump/pg_restore need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_backup_and_restore_keep_cases_minutes_and_checksummed_pdfs(tmp_path, settings):
    settings.DEBUG = False
    call_command("load_demo", stdout=open(os.devnull, "w"))
    finnmark = __import__("bodies.models", fromlist=["Partnership"]).Partnership.objects.get(slug="finnmark")
    staff = UserFactory(username="sekretariat-backup", is_staff=True)
    story = oso_23_november_2020(finnmark, staff)
    services.minutes_approve(meeting=story.meeting, by=staff, approvers=[story.chair.person, story.other_side_member.person],
                             approved_at=at(27, 14))
    document = MinutesDocument.objects.get(minutes__meeting=story.meeting)
    expected = {"cases": Case.objects.count(), "minutes": Minutes.objects.count(), "documents": MinutesDocument.objects.count()}

    source_url = _url(connection.settings_dict["NAME"])
    backup_dir = tmp_path / "kopi"
    env = {**os.environ, "DATABASE_URL": source_url, "MEDIA_ROOT": str(settings.MEDIA_ROOT)}
    subprocess.run(["bash", str(ROOT / "scripts" / "backup.sh"), str(backup_dir)], env=env, check=True, capture_output=True)

    restore_db = f"{connection.settings_dict['NAME']}_gjenopprettet"
    admin = psycopg2.connect(_url("postgres"))
    admin.autocommit = True
    with admin.cursor() as cur:
        cur.execute(f'DROP DATABASE IF EXISTS "{restore_db}"')
        cur.execute(f'CREATE DATABASE "{restore_db}"')
    try:
        restored_media = tmp_path / "media"
        env = {**os.environ, "DATABASE_URL": _url(restore_db), "MEDIA_ROOT": str(restored_media),
               "DJANGO_SETTINGS_MODULE": "helsefellesskap.settings.dev", "DEBUG": "false"}
        subprocess.run(["bash", str(ROOT / "scripts" / "restore.sh"), str(backup_dir)], env=env, check=True, capture_output=True)

        # The restored app: same counts, and every archival PDF present with its checksum.
        shell = ("from cases.models import Case; from meetings.models import Minutes, MinutesDocument; "
                 "print(Case.objects.count(), Minutes.objects.count(), MinutesDocument.objects.count(), "
                 f"MinutesDocument.objects.get(pk={document.pk}).sha256)")
        out = subprocess.run([sys.executable, "manage.py", "shell", "-c", shell], cwd=ROOT, env=env, check=True,
                             capture_output=True, text=True).stdout.split()
        assert [int(n) for n in out[-4:-1]] == [expected["cases"], expected["minutes"], expected["documents"]]
        assert out[-1] == document.sha256
        verify = subprocess.run([sys.executable, "manage.py", "verify_archive"], cwd=ROOT, env=env, capture_output=True, text=True)
        assert verify.returncode == 0, verify.stderr
        assert "alle sjekksummer stemmer" in verify.stdout
        assert (restored_media / document.file.name).read_bytes() == Path(settings.MEDIA_ROOT, document.file.name).read_bytes()
    finally:
        with admin.cursor() as cur:
            cur.execute(f'DROP DATABASE IF EXISTS "{restore_db}"')
        admin.close()


def test_verify_archive_notices_a_changed_file(db, settings, tmp_path):
    """The archive check fails loudly when a stored PDF no longer matches its checksum."""
    settings.MEDIA_ROOT = tmp_path
    from django.core.files.base import ContentFile

    from tests.factories import BodyFactory
    from meetings.models import Meeting

    meeting = Meeting.objects.create(body=BodyFactory(), starts_at=at(23))
    minutes = Minutes.objects.create(meeting=meeting)
    doc = MinutesDocument(minutes=minutes, version=1, sha256="0" * 64)
    doc.file.save("protokoll.pdf", ContentFile(b"%PDF-1.7 endret"), save=True)
    with pytest.raises(Exception) as exc:
        call_command("verify_archive", stdout=open(os.devnull, "w"), stderr=open(os.devnull, "w"))
    assert "feiler kontrollen" in str(exc.value)
