"""The lock every change of a case takes first (cases.services, cases.clocks)."""

from __future__ import annotations

from sunshine.cases.models import Case


def lock_case(case_id: int) -> Case:
    """The case, its row locked: every change of a case takes this lock first (then, if it needs
    one, the task's; never the other order). Its chart comes from cases.pinned, not a join."""
    return Case.objects.select_for_update().get(pk=case_id)
