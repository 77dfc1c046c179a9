"""Indexes for my tasks and the case list at 1,000,000 cases (issue #6): the list is newest first
(ORDER BY received_at DESC LIMIT 50 reads the first rows of an index instead of sorting the scope),
within a department (a clerk's scope) or a state (the filter)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("cases", "0006_penalty_clocks")]
    operations = [
        migrations.AddIndex(
            model_name="case",
            index=models.Index(fields=["-received_at"], name="cases_case_received_idx"),
        ),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(fields=["department", "-received_at"], name="cases_case_dept_received_idx"),
        ),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(fields=["status", "-received_at"], name="cases_case_status_received_idx"),
        ),
    ]
