"""Give the built-in roles of an existing installation the catalog's default permissions
(org.builtin creates missing roles with them; roles that exist already are completed here)."""

from django.db import migrations


def add_permissions(apps, schema_editor):
    from sunshine.catalog.apps import CatalogConfig

    Role = apps.get_model("org", "Role")
    for code, perms in CatalogConfig.builtin_role_permissions.items():
        for role in Role.objects.filter(code=code, is_builtin=True):
            missing = [p for p in perms if p not in role.permissions]
            if missing:
                role.permissions = sorted([*role.permissions, *missing])
                role.save(update_fields=["permissions"])


class Migration(migrations.Migration):
    dependencies = [("catalog", "0001_initial"), ("org", "0001_initial")]
    operations = [migrations.RunPython(add_permissions, migrations.RunPython.noop)]
