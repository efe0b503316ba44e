"""The links from bodies to decisions and cases now live in cases (copied there by cases 0006): no relation points up."""
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('bodies', '0004_reported_on'),
        ('cases', '0006_subcommittee_and_document_links'),
    ]

    operations = [
        migrations.RemoveField(
            model_name='body',
            name='appointing_decision',
        ),
        migrations.RemoveField(
            model_name='body',
            name='report_case',
        ),
        migrations.RemoveField(
            model_name='documentversion',
            name='adopted_by',
        ),
        migrations.RemoveField(
            model_name='governancedocument',
            name='revision_case',
        ),
        migrations.RemoveField(
            model_name='historicalbody',
            name='appointing_decision',
        ),
        migrations.RemoveField(
            model_name='historicalbody',
            name='report_case',
        ),
        migrations.RemoveField(
            model_name='historicaldocumentversion',
            name='adopted_by',
        ),
        migrations.RemoveField(
            model_name='historicalgovernancedocument',
            name='revision_case',
        ),
    ]
