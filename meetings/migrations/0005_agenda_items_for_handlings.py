"""The meeting owns the link to a handling: every handling set up at a meeting gets its agenda item.

Runs before cases.0008 drops Handling.meeting. A concluded handling also gets `held_at`, the start of its
meeting. «One case once per agenda» moves here: each case item carries its case, unique per meeting.
"""

from django.db import migrations


def link_from_meeting(apps, schema_editor):
    Handling = apps.get_model("cases", "Handling")
    AgendaItem = apps.get_model("meetings", "AgendaItem")
    Meeting = apps.get_model("meetings", "Meeting")
    for handling in Handling.objects.exclude(meeting=None).order_by("meeting_id", "created_at", "pk"):
        meeting = Meeting.objects.get(pk=handling.meeting_id)
        if handling.outcome != "pending":
            handling.held_at = meeting.starts_at
            handling.save(update_fields=["held_at"])
        if AgendaItem.objects.filter(handling_id=handling.pk).exists():
            continue
        last = AgendaItem.objects.filter(meeting=meeting).order_by("-position").values_list("position", flat=True).first()
        AgendaItem.objects.create(meeting=meeting, kind="case", handling_id=handling.pk, position=(last or 0) + 1)
    for item in AgendaItem.objects.exclude(handling=None).select_related("handling"):
        item.case_id = item.handling.case_id
        item.save(update_fields=["case"])


class Migration(migrations.Migration):

    dependencies = [
        ("meetings", "0004_agenda_item_case"),
        ("cases", "0007_handling_held_at"),
    ]

    operations = [
        migrations.RunPython(link_from_meeting, migrations.RunPython.noop),
    ]
