"""A handling is at a meeting when an agenda item of that meeting carries it (meetings.0005 made the items)."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("cases", "0007_handling_held_at"),
        ("meetings", "0005_agenda_items_for_handlings"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="handling", name="one_handling_per_case_and_meeting"),
        migrations.RemoveField(model_name="handling", name="meeting"),
        migrations.RemoveField(model_name="historicalhandling", name="meeting"),
    ]
