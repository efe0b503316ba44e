from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("cases", "0006_subcommittee_and_document_links"),
    ]

    operations = [
        migrations.AddField(
            model_name="handling",
            name="held_at",
            field=models.DateTimeField(blank=True, editable=False, null=True, verbose_name="behandlet i møte"),
        ),
        migrations.AddField(
            model_name="historicalhandling",
            name="held_at",
            field=models.DateTimeField(blank=True, editable=False, null=True, verbose_name="behandlet i møte"),
        ),
    ]
