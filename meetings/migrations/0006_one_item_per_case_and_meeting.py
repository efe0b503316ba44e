"""One case appears once per agenda, held by the database on the meeting's side (was Handling (case, meeting))."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("meetings", "0005_agenda_items_for_handlings"),
    ]

    operations = [
        migrations.AddConstraint(
            model_name="agendaitem",
            constraint=models.UniqueConstraint(fields=("meeting", "case"), name="one_item_per_case_and_meeting",
                                               violation_error_message="Saken står allerede på sakslisten til dette møtet."),
        ),
    ]
