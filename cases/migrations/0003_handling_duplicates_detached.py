"""One case appears once per agenda (the constraint follows in 0004): at most one handling of a case at each meeting.

Rows from before the rule may hold the same case twice at one meeting. Before the constraint is added, the
extra ones are taken off that meeting, keeping the one that was concluded (or else the first): an extra
handling with nothing recorded on it loses its agenda item and waits to be scheduled again; one that was
concluded keeps its item and record, and is only unlinked from the meeting, with a note saying why.
"""
from django.db import migrations
from django.db.models import Count

NOTE = "Tatt ut av møtet ved opprydding: saken stod to ganger på samme saksliste."


def detach_duplicates(apps, schema_editor):
    Handling = apps.get_model("cases", "Handling")
    AgendaItem = apps.get_model("meetings", "AgendaItem")
    groups = (Handling.objects.filter(meeting__isnull=False).values("case_id", "meeting_id")
              .annotate(n=Count("pk")).filter(n__gt=1))
    for group in groups:
        handlings = list(Handling.objects.filter(case_id=group["case_id"], meeting_id=group["meeting_id"]).order_by("created_at", "pk"))
        concluded = [h for h in handlings if h.outcome != "pending"]
        keep = concluded[0] if concluded else handlings[0]
        for handling in handlings:
            if handling.pk == keep.pk:
                continue
            if handling.outcome == "pending":
                AgendaItem.objects.filter(handling_id=handling.pk).delete()
            handling.meeting_id = None
            handling.note = (handling.note + "\n" if handling.note else "") + NOTE
            handling.save(update_fields=["meeting", "note"])


class Migration(migrations.Migration):

    dependencies = [
        ('bodies', '0003_governance_rules'),
        ('cases', '0002_initial'),
        ('meetings', '0003_minutes_draft_version'),
    ]

    operations = [
        migrations.RunPython(detach_duplicates, migrations.RunPython.noop),
    ]
