"""The audit log of exempt-document openings now lives in cases (rows copied there by cases 0005)."""
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0005_exempt_document_view'),
        ('members', '0003_login_identity'),
    ]

    operations = [
        migrations.DeleteModel(
            name='ExemptDocumentView',
        ),
    ]
