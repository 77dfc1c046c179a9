"""Efficiency reports: the stored quarterly evaluation (issue #6). Placeholder reserved so that parallel work merges without renumbering."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("oversight", "0003_orders")]
    operations = []
