"""Background tasks of the oversight app (django-tasks)."""

from __future__ import annotations

from django_tasks import task

from sunshine.core.system import system_actor


@task()
def oversight_scan() -> dict:
    """Periodic (core.periodic, every 5 minutes): raise the missing yellow and red alerts, and the
    anomaly alerts on suspensions over their limit (ANO-5), and the record alerts on the clocks of
    records other than cases (oversight.records, issue #9 §1)."""
    from sunshine.oversight import records
    from sunshine.oversight.services import scan
    from sunshine.oversight.suspensions import check_suspensions

    with system_actor("periodic:oversight.scan"):
        counts = scan().counts
        counts["suspension_overdue"] = check_suspensions()
        counts["records"] = records.scan().counts
        return counts


@task()
def oversight_notify() -> int:
    """Queued by the scan: tell the people concerned about the alerts not yet notified."""
    from sunshine.oversight.services import notify_pending

    with system_actor("oversight.notify"):
        return notify_pending()
