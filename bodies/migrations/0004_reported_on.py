"""A sub-committee's report date, a fact of the body; the case it was laid before is recorded in cases (0006)."""
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('bodies', '0003_governance_rules'),
    ]

    operations = [
        migrations.AddField(
            model_name='body',
            name='reported_on',
            field=models.DateField(blank=True, editable=False, help_text='Datoen utvalgets rapport ble lagt fram som sak for organet det rapporterer til.', null=True, verbose_name='rapportert'),
        ),
        migrations.AddField(
            model_name='historicalbody',
            name='reported_on',
            field=models.DateField(blank=True, editable=False, help_text='Datoen utvalgets rapport ble lagt fram som sak for organet det rapporterer til.', null=True, verbose_name='rapportert'),
        ),
    ]
