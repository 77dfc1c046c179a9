"""The cadres app and the built-in roles' permissions for it; each area adds its own models after."""

from django.db import migrations


def add_permissions(apps, schema_editor):
    from sunshine.cadres.apps import CadresConfig
    from sunshine.org.builtin import grant_builtin_permissions

    grant_builtin_permissions(apps, CadresConfig.builtin_role_permissions)


class Migration(migrations.Migration):
    initial = True
    dependencies = [("org", "0001_initial"), ("accountability", "0002_catalogues")]
    operations = [migrations.RunPython(add_permissions, migrations.RunPython.noop)]
