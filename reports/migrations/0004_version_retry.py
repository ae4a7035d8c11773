# A report version's last sign of life and its attempts: a version stuck in
# the queue is shown as such and can be tried again (issue 9).

import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0003_arena_report"),
    ]

    operations = [
        migrations.AddField(
            model_name="reportversion",
            name="updated_at",
            field=models.DateTimeField(default=django.utils.timezone.now),
        ),
        migrations.AddField(
            model_name="reportversion",
            name="attempts",
            field=models.PositiveSmallIntegerField(default=0),
        ),
    ]
