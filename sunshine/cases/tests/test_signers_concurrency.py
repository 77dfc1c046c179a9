"""The last signatures of a countersign step at the same moment (PostgreSQL row locks, TASK-7):
会签 — both signatures are kept and the step completes once; 或签 — one signature completes the
step, the other signer is told it is done. The flowchart moves on exactly once either way."""

from __future__ import annotations

import pytest

from sunshine.cases import signals
from sunshine.cases.actions import sign
from sunshine.cases.choices import TaskStatus
from sunshine.cases.models import CaseTask, Signature
from sunshine.cases.tests import test_signers
from sunshine.cases.tests.test_actions_concurrency import permit, race  # noqa: F401

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

team, handlers = test_signers.team, test_signers.handlers


@pytest.fixture
def moved():
    seen = []

    def receiver(sender, case, task, actor, **kwargs):
        seen.append(task.pk)

    signals.task_completed.connect(receiver, weak=False)
    yield seen
    signals.task_completed.disconnect(receiver)


@pytest.mark.parametrize(("mode", "expected"), [("all", ["done", "done"]), ("any", ["done", "refused"])])
def test_two_last_signatures_at_once(clerk, team, handlers, permit, moved, mode, expected):  # noqa: F811
    test_signers.countersign_chart(permit, "Task_onsite", mode)
    case, task = test_signers.reach(clerk, permit, "现场核查", team["a"])
    moved.clear()
    outcomes = race(
        *[
            lambda user=user: sign.signature_sign(
                actor=user, task=CaseTask.objects.get(pk=task.pk), opinion="agree"
            )
            for user in (team["a"], team["b"])
        ]
    )
    assert outcomes == expected
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE
    assert moved == [task.pk]  # the flowchart moved on once
    assert [t.name for t in case.tasks.filter(status=TaskStatus.OPEN)] == ["审核"]
    signed = Signature.objects.filter(task=task, signed_at__isnull=False).count()
    assert signed == (2 if mode == "all" else 1)
