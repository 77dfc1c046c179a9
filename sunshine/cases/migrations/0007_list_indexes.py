"""Indexes for my tasks and the case list at 1,000,000 cases (issue #6). Placeholder reserved so that parallel work merges without renumbering."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("cases", "0006_penalty_clocks")]
    operations = []
