"""The seeds' grounds and the default sanction catalogue (accountability.catalogue), and the built-in
roles' permissions on installations that already have them (org.builtin)."""

from django.db import migrations


def load(apps, schema_editor):
    from sunshine.accountability import catalogue
    from sunshine.org.builtin import grant_builtin_permissions

    catalogue.load(apps.get_model("accountability", "Ground"), apps.get_model("accountability", "Sanction"))
    grant_builtin_permissions(
        apps,
        {"discipline_inspector": ["accountability.manage"], "principal_leader": ["accountability.approve"]},
    )


class Migration(migrations.Migration):
    dependencies = [("accountability", "0001_initial"), ("org", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
