"""Give the built-in roles of an existing installation the petitions app's default permissions."""

from django.db import migrations


def add_permissions(apps, schema_editor):
    from sunshine.org.builtin import grant_builtin_permissions
    from sunshine.petitions.apps import PetitionsConfig

    grant_builtin_permissions(apps, PetitionsConfig.builtin_role_permissions)


class Migration(migrations.Migration):
    dependencies = [("petitions", "0001_initial"), ("org", "0001_initial")]
    operations = [migrations.RunPython(add_permissions, migrations.RunPython.noop)]
