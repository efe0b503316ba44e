"""The audit log of exempt-document openings moves from members to cases, beside the documents; rows are copied."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def copy_log(apps, schema_editor):
    old = apps.get_model("members", "ExemptDocumentView")
    new = apps.get_model("cases", "ExemptDocumentView")
    new.objects.bulk_create(
        new(document_id=row.document_id, user_id=row.user_id, viewed_at=row.viewed_at, legal_basis=row.legal_basis,
            path=row.path, ip_address=row.ip_address)
        for row in old.objects.order_by("pk").iterator()
    )


def copy_log_back(apps, schema_editor):
    old = apps.get_model("members", "ExemptDocumentView")
    new = apps.get_model("cases", "ExemptDocumentView")
    old.objects.bulk_create(
        old(document_id=row.document_id, user_id=row.user_id, viewed_at=row.viewed_at, legal_basis=row.legal_basis,
            path=row.path, ip_address=row.ip_address)
        for row in new.objects.order_by("pk").iterator()
    )


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0004_one_handling_per_case_and_meeting'),
        ('members', '0003_login_identity'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='ExemptDocumentView',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('viewed_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now, verbose_name='åpnet')),
                ('legal_basis', models.CharField(blank=True, max_length=120, verbose_name='hjemmel da dokumentet ble åpnet')),
                ('path', models.CharField(blank=True, max_length=300, verbose_name='side')),
                ('ip_address', models.GenericIPAddressField(blank=True, null=True, verbose_name='IP-adresse')),
                ('document', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='exempt_views', to='cases.casedocument', verbose_name='dokument')),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='bruker')),
            ],
            options={
                'verbose_name': 'innsyn i unntatt dokument',
                'verbose_name_plural': 'innsyn i unntatte dokumenter',
                'ordering': ['-viewed_at'],
            },
        ),
        migrations.RunPython(copy_log, copy_log_back),
    ]
