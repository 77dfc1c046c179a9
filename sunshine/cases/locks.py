"""The lock every change of a case takes first (cases.services, cases.clocks)."""

from __future__ import annotations

from sunshine.cases.models import Case
from sunshine.core.compiled import CompiledQuery

# Every step takes it: its SQL is written once per process (core.compiled).
_LOCK = CompiledQuery(lambda pk: Case.objects.select_for_update().filter(pk=pk))


def lock_case(case_id: int) -> Case:
    """The case, its row locked: every change of a case takes this lock first (then, if it needs
    one, the task's; never the other order). Its chart comes from cases.pinned, not a join."""
    rows = _LOCK.objects(case_id)
    if not rows:
        raise Case.DoesNotExist(case_id)
    return rows[0]
