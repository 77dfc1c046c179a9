"""Doing a step from the step form: the deciding step records the decision (decisions), any other
step is done with its documents (documents.step_complete)."""

from __future__ import annotations

from sunshine.cases.models import CaseTask
from sunshine.cases.outcome import decisions, documents
from sunshine.cases.outcome.forms import DECISION_FIELD_NAMES


def complete(*, actor, task: CaseTask, data: dict, decision_step: bool) -> CaseTask:
    files = data.get("documents") or []
    if decision_step:
        fields = {name: data.get(name) for name in DECISION_FIELD_NAMES if name in data}
        decisions.decision_record(
            actor=actor, task=task, opinion=data.get("opinion", ""), files=files, **fields
        )
    else:
        documents.step_complete(
            actor=actor,
            task=task,
            files=files,
            opinion=data.get("opinion", ""),
            choice=data.get("choice", ""),
            missing=data.get("missing") or [],
            note=data.get("note", ""),
            investigators=data.get("investigators") or [],
        )
    return CaseTask.objects.select_related("case").get(pk=task.pk)
