"""Appointments, reports, revisions and adoptions are recorded from the cases side; the bodies' links are copied here."""

import django.db.models.deletion
import django.utils.timezone
import simple_history.models
from django.conf import settings
from django.db import migrations, models


def copy_links(apps, schema_editor):
    Body = apps.get_model("bodies", "Body")
    GovernanceDocument = apps.get_model("bodies", "GovernanceDocument")
    DocumentVersion = apps.get_model("bodies", "DocumentVersion")
    for body in Body.objects.exclude(appointing_decision=None).order_by("pk"):
        apps.get_model("cases", "SubcommitteeAppointment").objects.create(body_id=body.pk, decision_id=body.appointing_decision_id)
    for body in Body.objects.exclude(report_case=None).select_related("report_case").order_by("pk"):
        apps.get_model("cases", "SubcommitteeReport").objects.create(body_id=body.pk, case_id=body.report_case_id)
        body.reported_on = django.utils.timezone.localdate(body.report_case.reported_at)
        body.save(update_fields=["reported_on"])
    for document in GovernanceDocument.objects.exclude(revision_case=None).order_by("pk"):
        apps.get_model("cases", "DocumentRevision").objects.create(document_id=document.pk, case_id=document.revision_case_id)
    for version in DocumentVersion.objects.order_by("pk"):
        apps.get_model("cases", "DocumentAdoption").objects.create(version_id=version.pk, decision_id=version.adopted_by_id)


def copy_links_back(apps, schema_editor):
    Body = apps.get_model("bodies", "Body")
    for link in apps.get_model("cases", "SubcommitteeAppointment").objects.all():
        Body.objects.filter(pk=link.body_id).update(appointing_decision_id=link.decision_id)
    for link in apps.get_model("cases", "SubcommitteeReport").objects.all():
        Body.objects.filter(pk=link.body_id).update(report_case_id=link.case_id)
    for link in apps.get_model("cases", "DocumentRevision").objects.all():
        apps.get_model("bodies", "GovernanceDocument").objects.filter(pk=link.document_id).update(revision_case_id=link.case_id)
    for link in apps.get_model("cases", "DocumentAdoption").objects.all():
        apps.get_model("bodies", "DocumentVersion").objects.filter(pk=link.version_id).update(adopted_by_id=link.decision_id)


class Migration(migrations.Migration):

    dependencies = [
        ('bodies', '0004_reported_on'),
        ('cases', '0005_exempt_document_view'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='DocumentAdoption',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('decision', models.ForeignKey(help_text='Hver versjon må være vedtatt: velg vedtaket som vedtok den.', on_delete=django.db.models.deletion.PROTECT, related_name='document_adoptions', to='cases.decision', verbose_name='vedtatt ved')),
                ('version', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='adoption', to='bodies.documentversion', verbose_name='dokumentversjon')),
            ],
            options={
                'verbose_name': 'vedtak av dokumentversjon',
                'verbose_name_plural': 'vedtak av dokumentversjoner',
            },
        ),
        migrations.CreateModel(
            name='DocumentRevision',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('case', models.ForeignKey(help_text='Avtalene må revideres når strukturen endres; en revisjon startes som en sak.', on_delete=django.db.models.deletion.CASCADE, related_name='document_revisions', to='cases.case', verbose_name='revisjon pågår i sak')),
                ('document', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='revision', to='bodies.governancedocument', verbose_name='dokument')),
            ],
            options={
                'verbose_name': 'revisjon av styringsdokument',
                'verbose_name_plural': 'revisjoner av styringsdokumenter',
            },
        ),
        migrations.CreateModel(
            name='HistoricalDocumentAdoption',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.TextField(null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('decision', models.ForeignKey(blank=True, db_constraint=False, help_text='Hver versjon må være vedtatt: velg vedtaket som vedtok den.', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='cases.decision', verbose_name='vedtatt ved')),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('version', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='bodies.documentversion', verbose_name='dokumentversjon')),
            ],
            options={
                'verbose_name': 'historical vedtak av dokumentversjon',
                'verbose_name_plural': 'historical vedtak av dokumentversjoner',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='HistoricalDocumentRevision',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.TextField(null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('case', models.ForeignKey(blank=True, db_constraint=False, help_text='Avtalene må revideres når strukturen endres; en revisjon startes som en sak.', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='cases.case', verbose_name='revisjon pågår i sak')),
                ('document', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='bodies.governancedocument', verbose_name='dokument')),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'historical revisjon av styringsdokument',
                'verbose_name_plural': 'historical revisjoner av styringsdokumenter',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='HistoricalSubcommitteeAppointment',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.TextField(null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('body', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='bodies.body', verbose_name='utvalg')),
                ('decision', models.ForeignKey(blank=True, db_constraint=False, help_text='Vedtaket i SU eller sekretariatet som oppnevnte utvalget.', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='cases.decision', verbose_name='oppnevnt ved vedtak')),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'historical oppnevning av utvalg',
                'verbose_name_plural': 'historical oppnevninger av utvalg',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='HistoricalSubcommitteeReport',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.TextField(null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('body', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='bodies.body', verbose_name='utvalg')),
                ('case', models.ForeignKey(blank=True, db_constraint=False, help_text='Saken der utvalgets rapport legges fram for organet det rapporterer til.', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='cases.case', verbose_name='rapportert i sak')),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'historical rapport fra utvalg',
                'verbose_name_plural': 'historical rapporter fra utvalg',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='SubcommitteeAppointment',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('body', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='appointment', to='bodies.body', verbose_name='utvalg')),
                ('decision', models.ForeignKey(help_text='Vedtaket i SU eller sekretariatet som oppnevnte utvalget.', on_delete=django.db.models.deletion.PROTECT, related_name='appointments', to='cases.decision', verbose_name='oppnevnt ved vedtak')),
            ],
            options={
                'verbose_name': 'oppnevning av utvalg',
                'verbose_name_plural': 'oppnevninger av utvalg',
            },
        ),
        migrations.CreateModel(
            name='SubcommitteeReport',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('body', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='report', to='bodies.body', verbose_name='utvalg')),
                ('case', models.ForeignKey(help_text='Saken der utvalgets rapport legges fram for organet det rapporterer til.', on_delete=django.db.models.deletion.CASCADE, related_name='subcommittee_reports', to='cases.case', verbose_name='rapportert i sak')),
            ],
            options={
                'verbose_name': 'rapport fra utvalg',
                'verbose_name_plural': 'rapporter fra utvalg',
            },
        ),
        migrations.RunPython(copy_links, copy_links_back),
    ]
