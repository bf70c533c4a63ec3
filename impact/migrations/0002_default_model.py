from django.db import migrations


def forwards(apps, schema_editor):
    from impact.defaults import create_defaults

    create_defaults(
        apps.get_model("impact", "ImpactModel"),
        apps.get_model("impact", "Ring"),
        apps.get_model("impact", "Dimension"),
        apps.get_model("impact", "TargetGroup"),
    )


class Migration(migrations.Migration):
    dependencies = [("impact", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
