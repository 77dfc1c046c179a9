"""Task actions racing on one step (PostgreSQL row locks, issue #6 §9): a send-back against a
completion, and a delegate's answer against the owner's take-back. Exactly one wins each time;
the other is told (Conflict or NotPermitted) and nothing is half done."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from sunshine.cases import services
from sunshine.cases.action_models import Delegation
from sunshine.cases.actions import delegate, send_back
from sunshine.cases.choices import TaskStatus
from sunshine.cases.models import CaseTask
from sunshine.cases.tests.test_actions import colleague, open_task
from sunshine.cases.tests.test_services import register
from sunshine.catalog.tests.factories import published
from sunshine.core.errors import Conflict, NotPermitted
from sunshine.org.tests.factories import PersonFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def race(*calls) -> list[str]:
    barrier = threading.Barrier(len(calls))
    outcomes: list[str] = []

    def run(call):
        try:
            barrier.wait()
            call()
            outcomes.append("done")
        except (Conflict, NotPermitted):
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(outcomes)


@pytest.fixture
def permit(clerk, department, legal_reviewer, inspector, leader):
    return published(clerk, department, legal_reviewer, inspector, leader)


def test_send_back_and_complete_at_once(clerk, department, permit):
    other = colleague(department, "clerk2", "李承办")
    case = register(clerk, permit, received=["申请书", "营业执照复印件"])
    services.task_complete(actor=clerk, task=open_task(case), choice="受理")
    services.task_complete(actor=clerk, task=open_task(case), opinion="符合")
    task = open_task(case)
    review = case.tasks.get(name="审查")

    outcomes = race(
        lambda: send_back.task_send_back(
            actor=clerk, task=CaseTask.objects.get(pk=task.pk), to_task=review, reason="依据不足"
        ),
        lambda: services.task_complete(actor=other, task=CaseTask.objects.get(pk=task.pk), opinion="合格"),
    )
    assert outcomes == ["done", "refused"]
    task.refresh_from_db()
    if task.status == TaskStatus.SENT_BACK:
        assert open_task(case).name == "审查"
    else:
        assert task.status == TaskStatus.DONE
        assert not case.tasks.filter(status=TaskStatus.SENT_BACK).exists()
    assert case.tasks.filter(status=TaskStatus.OPEN).count() == 1


def test_answer_and_take_back_at_once(clerk, department, permit):
    PersonFactory(unit=department, user=clerk, name=clerk.full_name)
    helper = colleague(department, "h1", "协办甲")
    case = register(clerk, permit)
    task = open_task(case)
    delegate.task_delegate(actor=clerk, task=task, to_user=helper)

    outcomes = race(
        lambda: delegate.delegation_reply(
            actor=helper, task=CaseTask.objects.get(pk=task.pk), opinion="可以"
        ),
        lambda: delegate.delegation_take_back(actor=clerk, task=CaseTask.objects.get(pk=task.pk)),
    )
    assert outcomes == ["done", "refused"]
    (record,) = Delegation.objects.filter(task=task)
    assert (record.replied_at is None) != (record.taken_back_at is None)  # exactly one happened
