"""Install the four built-in report templates (``reports.documentation.builtins``)."""

from django.db import migrations

from reports.documentation.builtins import install


def create(apps, schema_editor):
    install(apps.get_model("reports", "ReportTemplate"), apps.get_model("reports", "TemplateSection"))


def remove(apps, schema_editor):
    apps.get_model("reports", "ReportTemplate").objects.filter(arena=None).delete()


class Migration(migrations.Migration):
    dependencies = [("reports", "0001_initial")]
    operations = [migrations.RunPython(create, remove)]
