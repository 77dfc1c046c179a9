"""Give the built-in roles of an existing installation the decisions app's default permissions."""

from django.db import migrations


def add_permissions(apps, schema_editor):
    from sunshine.decisions.apps import DecisionsConfig
    from sunshine.org.builtin import grant_builtin_permissions

    grant_builtin_permissions(apps, DecisionsConfig.builtin_role_permissions)


class Migration(migrations.Migration):
    dependencies = [("decisions", "0001_initial"), ("org", "0001_initial")]
    operations = [migrations.RunPython(add_permissions, migrations.RunPython.noop)]
