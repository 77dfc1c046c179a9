"""Case outcome: decision, service, publication, archiving, step documents, discretion (issue #6). Placeholder reserved so that parallel work merges without renumbering."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("cases", "0003_clocks")]
    operations = []
