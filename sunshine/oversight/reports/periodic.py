"""The periodic job of the quarterly evaluation (core.periodic; registered in OversightConfig)."""

from __future__ import annotations

from django_tasks import task

from sunshine.core.system import system_actor


@task()
def quarterly_evaluation() -> dict:
    """Every few hours: make revision 1 of the last ended quarter's evaluation for each body lacking it."""
    from sunshine.oversight.reports.evaluations import generate_due

    with system_actor("periodic:oversight.quarterly_evaluation"):
        made = generate_due()
    return {"made": len(made)}
