"""The periodic escalation of late replies (core.periodic, registered in oversight.apps)."""

from __future__ import annotations

from django_tasks import task

from sunshine.core.system import system_actor


@task()
def orders_escalate() -> dict:
    """Hourly: mark the orders whose written reply is late as escalated and tell the leader and
    the discipline office (idempotent: each order once per reply period)."""
    from sunshine.oversight.orders.services import escalate_overdue

    with system_actor("periodic:oversight.orders_escalate"):
        return {"escalated": escalate_overdue()}
