# Issue 9 (data safety): a group is never deleted by a cascade from its session or
# space; verbose names for deletion plans.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("programme", "0001_initial"),
        ("proposals", "0002_group_parked"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="attendance",
            options={
                "verbose_name": "“I'm going” mark",
                "verbose_name_plural": "“I'm going” marks",
            },
        ),
        migrations.AlterModelOptions(
            name="group",
            options={
                "ordering": ["session__session_number", "space__number"],
                "verbose_name": "group",
                "verbose_name_plural": "groups",
            },
        ),
        migrations.AlterField(
            model_name="group",
            name="session",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="groups",
                to="programme.agendaitem",
            ),
        ),
        migrations.AlterField(
            model_name="group",
            name="space",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="groups",
                to="programme.space",
            ),
        ),
    ]
