"""The locks every change of a case takes first (cases.services, cases.clocks, cases.actions): the
case's row, then, if it needs one, its step's; never the other order."""

from __future__ import annotations

from django.db.models import Exists, OuterRef

from sunshine.cases.actions.access import open_delegations
from sunshine.cases.models import Case, CaseTask, PenaltyExtension, Suspension
from sunshine.cases.signer_models import HeldCompletion, Signature, SignPhase
from sunshine.core.compiled import CompiledQuery

# Every step takes them: their SQL is written once per process (core.compiled).
_LOCK = CompiledQuery(lambda pk: Case.objects.select_for_update().filter(pk=pk))


def lock_case(case_id: int) -> Case:
    """The case, its row locked. Its chart comes from cases.pinned, not a join."""
    rows = _LOCK.objects(case_id)
    if not rows:
        raise Case.DoesNotExist(case_id)
    return rows[0]


# The facts read with a step's lock, as ``flag_<name>`` attributes of the task: whether it is a
# countersign step, held for "after" co-signers, waiting for "before" ones or delegated
# (cases.actions.sign_state and access read them instead of asking), and whether its case was ever
# suspended or its duration extended (cases.penalty.clock_after_step). All are written under the
# case's lock, so they hold for the transaction that took it.
FLAGS = ("countersign", "held", "before", "after", "delegated", "suspended", "extended")


def _step_with_facts(pk):
    signatures = Signature.objects.filter(task=OuterRef("pk"))
    unsigned = signatures.filter(signed_at__isnull=True, withdrawn_at__isnull=True)
    return (
        CaseTask.objects.select_related("case")
        # OF lists the rows in the order PostgreSQL locks them: the case first
        .select_for_update(of=("case", "self"))
        .annotate(
            flag_countersign=Exists(signatures.filter(phase__in=(SignPhase.ALL, SignPhase.ANY))),
            flag_held=Exists(HeldCompletion.objects.filter(task=OuterRef("pk"))),
            flag_before=Exists(unsigned.filter(phase=SignPhase.BEFORE)),
            flag_after=Exists(unsigned.filter(phase=SignPhase.AFTER)),
            flag_delegated=Exists(open_delegations().filter(task=OuterRef("pk"))),
            flag_suspended=Exists(Suspension.objects.filter(case=OuterRef("case_id"))),
            flag_extended=Exists(PenaltyExtension.objects.filter(case=OuterRef("case_id"))),
        )
        .filter(pk=pk)
    )


_STEP = CompiledQuery(_step_with_facts)


def lock_step_later(pk: int):
    """Lock the step ``pk`` with its case, both rows by one statement, the case's first (sent with
    an open core.prepared.batch, at once outside one); :func:`locked_step` gives the step."""
    return _STEP.later(pk, objects=True)


def locked_step(read) -> CaseTask:
    """The step :func:`lock_step_later` read, with its case (``task.case``), carrying the FLAGS."""
    rows = read.rows
    if not rows:
        raise CaseTask.DoesNotExist("the step is not there any more")
    task = rows[0]
    for name in FLAGS:  # SQLite answers EXISTS with 0/1
        setattr(task, f"flag_{name}", bool(getattr(task, f"flag_{name}")))
    return task
