"""Install the visual template "Toppen av fjellet (2013)"
(``reports.documentation.builtins``), leaving the other built-ins alone."""

from django.db import migrations

from reports.documentation.builtins import install

NEW = ["mountain-2013"]


def create(apps, schema_editor):
    ReportTemplate = apps.get_model("reports", "ReportTemplate")  # noqa: N806 - a model class
    missing = [k for k in NEW if not ReportTemplate.objects.filter(arena=None, key=k).exists()]
    if missing:
        install(ReportTemplate, apps.get_model("reports", "TemplateSection"), keys=missing)


def remove(apps, schema_editor):
    """Only if no report uses it (a report protects its template)."""
    ReportTemplate = apps.get_model("reports", "ReportTemplate")  # noqa: N806 - a model class
    GroupReport = apps.get_model("reports", "GroupReport")  # noqa: N806 - a model class
    for template in ReportTemplate.objects.filter(arena=None, key__in=NEW):
        if not GroupReport.objects.filter(template=template).exists():
            template.delete()


class Migration(migrations.Migration):
    dependencies = [("reports", "0007_input_theme")]
    operations = [migrations.RunPython(create, remove)]
