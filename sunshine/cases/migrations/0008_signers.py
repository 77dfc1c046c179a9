"""Co-signers and countersigning: 加签, 会签/或签 (issue #6 §3). Placeholder reserved for parallel work."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("cases", "0007_list_indexes")]
    operations = []
