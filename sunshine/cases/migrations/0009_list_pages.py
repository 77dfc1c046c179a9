"""Indexes for "my tasks" and the case list at 1,000,000 cases (issue #6, bench/cases_lists_pg.py).

- The case list reads a page's ids newest first from one index per department of the scope (and
  state): the id joins received_at so that the ids come from the index alone and ties have an
  order. These replace 0007's indexes, which lacked the id, and (department, status).
- "My tasks" reads the open steps of a person, and those of a post nobody has claimed, soonest due
  first: partial indexes over open steps only (a quarter of the steps, and done steps leave them),
  replacing (assignee, status, due_at) and (post, status, due_at).
- PostgreSQL: trigram indexes (pg_trgm, a trusted extension of PostgreSQL's contrib since 13) over
  the three columns the keyword searches, as Django's icontains writes them (UPPER(col::text)
  LIKE UPPER(%s)): a search by case number read all 400,000 cases of a body without them. Where
  the extension cannot be created, the migration goes on without them (searches stay correct,
  only slower) and says so in the log.

Building them takes a few seconds per index at 1,000,000 cases, during which writes to the table
wait: run it outside office hours on a large database.
"""

import logging

from django.db import DatabaseError, migrations, models, transaction

log = logging.getLogger(__name__)

TRIGRAM_COLUMNS = {
    "cases_case_number_trgm": "number",
    "cases_case_applicant_trgm": "applicant_name",
    "cases_case_subject_trgm": "subject",
}


def trigram_indexes(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    try:
        with transaction.atomic(using=connection.alias):  # a savepoint: a refusal leaves the rest
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm", params=None)
    except DatabaseError as refused:
        log.warning("pg_trgm not available (%s): case searches run without trigram indexes", refused)
        return
    for name, column in TRIGRAM_COLUMNS.items():
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS {name} ON cases_case USING gin (UPPER("{column}"::text) gin_trgm_ops)',
            params=None,
        )


def drop_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name in TRIGRAM_COLUMNS:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}", params=None)


class Migration(migrations.Migration):
    dependencies = [("cases", "0008_signers")]

    operations = [
        migrations.AddIndex(
            model_name="case",
            index=models.Index(fields=["-received_at", "-id"], name="cases_case_newest_idx"),
        ),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(fields=["department", "-received_at", "-id"], name="cases_case_dept_newest_idx"),
        ),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(fields=["status", "-received_at", "-id"], name="cases_case_status_newest_idx"),
        ),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(
                fields=["department", "status", "-received_at", "-id"], name="cases_case_dept_st_newest_idx"
            ),
        ),
        migrations.RemoveIndex(model_name="case", name="cases_case_received_idx"),
        migrations.RemoveIndex(model_name="case", name="cases_case_dept_received_idx"),
        migrations.RemoveIndex(model_name="case", name="cases_case_status_received_idx"),
        migrations.RemoveIndex(model_name="case", name="cases_case_dept_status_idx"),
        migrations.AddIndex(
            model_name="casetask",
            index=models.Index(
                condition=models.Q(status="open"),
                fields=["assignee", "due_at", "opened_at", "id"],
                name="cases_task_mine_open_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="casetask",
            index=models.Index(
                condition=models.Q(status="open", assignee__isnull=True),
                fields=["post", "due_at", "opened_at", "id"],
                name="cases_task_post_open_idx",
            ),
        ),
        migrations.RemoveIndex(model_name="casetask", name="cases_task_assignee_idx"),
        migrations.RemoveIndex(model_name="casetask", name="cases_task_post_idx"),
        migrations.RunPython(trigram_indexes, drop_trigram_indexes, elidable=False),
    ]
