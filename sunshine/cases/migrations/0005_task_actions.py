"""Task actions: send back, transfer, delegate, add signers, countersign, copy, stand-in (issue #6). Placeholder reserved so that parallel work merges without renumbering."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("cases", "0004_outcome")]
    operations = []
