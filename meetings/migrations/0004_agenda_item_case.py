"""Each case item carries its case, so «one case once per agenda» can be held by the database (0006)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("meetings", "0003_minutes_draft_version"),
        ("cases", "0007_handling_held_at"),
    ]

    operations = [
        migrations.AddField(
            model_name="agendaitem",
            name="case",
            field=models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.PROTECT,
                                    related_name="+", to="cases.case", verbose_name="sak"),
        ),
        migrations.AddField(
            model_name="historicalagendaitem",
            name="case",
            field=models.ForeignKey(blank=True, db_constraint=False, editable=False, null=True,
                                    on_delete=django.db.models.deletion.DO_NOTHING, related_name="+", to="cases.case",
                                    verbose_name="sak"),
        ),
    ]
