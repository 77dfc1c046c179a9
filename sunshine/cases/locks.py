"""The lock every change of a case takes first (cases.services, cases.clocks)."""

from __future__ import annotations

from sunshine.cases.models import Case


def lock_case(case_id: int) -> Case:
    """The case, its row locked: every change of a case takes this lock first (then, if it needs
    one, the task's; never the other order), with its power version and flowchart loaded."""
    return (
        Case.objects.select_for_update(of=("self",))
        .select_related("power_version__flowchart", "power_version")
        .get(pk=case_id)
    )
