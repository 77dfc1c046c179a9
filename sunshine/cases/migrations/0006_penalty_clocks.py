"""Penalty-case clocks and the correction deadline of the one-time notice (issue #6). Placeholder reserved so that parallel work merges without renumbering."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("cases", "0005_task_actions")]
    operations = []
