"""One case appears once per agenda: at most one handling of a case at each meeting (duplicates detached in 0003)."""
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0003_handling_duplicates_detached'),
    ]

    operations = [
        migrations.AddConstraint(
            model_name='handling',
            constraint=models.UniqueConstraint(fields=('case', 'meeting'), name='one_handling_per_case_and_meeting', violation_error_message='Saken står allerede på sakslisten til dette møtet.'),
        ),
    ]
