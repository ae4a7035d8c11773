# Issue 9 (data safety): groups and group reports are protected from cascades;
# who submitted, approved or sent back a report; verbose names for deletion plans.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("proposals", "0003_data_safety"),
        ("reports", "0004_version_retry"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="dot",
            options={"verbose_name": "dot", "verbose_name_plural": "dots"},
        ),
        migrations.AlterModelOptions(
            name="groupreport",
            options={
                "ordering": ["group__session__session_number", "group__space__number"],
                "verbose_name": "group report",
                "verbose_name_plural": "group reports",
            },
        ),
        migrations.AlterModelOptions(
            name="input",
            options={
                "ordering": ["position", "pk"],
                "verbose_name": "input",
                "verbose_name_plural": "inputs",
            },
        ),
        migrations.AlterModelOptions(
            name="inputcomment",
            options={
                "ordering": ["created_at", "pk"],
                "verbose_name": "comment",
                "verbose_name_plural": "comments",
            },
        ),
        migrations.AlterModelOptions(
            name="photo",
            options={
                "ordering": ["position", "pk"],
                "verbose_name": "photo",
                "verbose_name_plural": "photos",
            },
        ),
        migrations.AlterModelOptions(
            name="reportparticipant",
            options={
                "verbose_name": "group report participant",
                "verbose_name_plural": "group report participants",
            },
        ),
        migrations.AlterModelOptions(
            name="reportrevision",
            options={
                "ordering": ["-number"],
                "verbose_name": "revision",
                "verbose_name_plural": "revisions",
            },
        ),
        migrations.AddField(
            model_name="groupreport",
            name="approved_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="groupreport",
            name="returned_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="groupreport",
            name="returned_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="groupreport",
            name="submitted_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AlterField(
            model_name="groupreport",
            name="group",
            field=models.OneToOneField(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="report",
                to="proposals.group",
            ),
        ),
    ]
