"""Anomaly alerts and their settings (issue #6). Placeholder reserved so that parallel work merges without renumbering."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("oversight", "0004_reports")]
    operations = []
