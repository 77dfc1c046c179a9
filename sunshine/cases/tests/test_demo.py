"""The demo cases: every state, some late, loaded once."""

from __future__ import annotations

import pytest

from sunshine.cases import demo
from sunshine.cases.choices import CaseStatus, TaskStatus
from sunshine.cases.models import Case, CaseTask
from sunshine.catalog import demo as catalog_demo
from sunshine.core import clock
from sunshine.core.system import system_actor
from sunshine.org import demo as org_demo

pytestmark = pytest.mark.django_db


def test_demo_cases_cover_the_states_and_some_are_late():
    with system_actor("test"):
        org_demo.load()
        catalog_demo.load()
        created = demo.load()
        assert demo.load() == {}  # once only
    assert created["cases"] + created.get("penalty cases with stage clocks", 0) == Case.objects.count() >= 6
    states = set(Case.objects.values_list("status", flat=True))
    assert {
        CaseStatus.RECEIVED,
        CaseStatus.CORRECTING,
        CaseStatus.ACCEPTED,
        CaseStatus.REFUSED,
        CaseStatus.CLOSED,
    } <= states
    late = CaseTask.objects.filter(status=TaskStatus.OPEN, due_at__lt=clock.now())
    assert late.exists()
    assert Case.objects.get(status=CaseStatus.CORRECTING).notice.missing


def test_demo_task_actions():
    """Issue #6 §3: the demo shows a case sent back, a copy and a stand-in (cases.actions)."""
    from sunshine.cases.action_models import ActionKind, CaseCopy, StandIn, TaskAction

    with system_actor("test"):
        org_demo.load()
        catalog_demo.load()
        created = demo.load()
    assert created["sent back"] == 1
    assert TaskAction.objects.filter(kind=ActionKind.SEND_BACK).exclude(reason="").exists()
    assert CaseTask.objects.filter(status=TaskStatus.SENT_BACK).exists()
    assert CaseCopy.objects.count() == created["copied"]
    assert StandIn.objects.count() == created["stand-ins"] == 1
    # 加签 (cases.actions.sign): a before-signer waits on one running case.
    from sunshine.cases.signer_models import Signature

    assert created["co-signers"] == 1
    assert Signature.objects.filter(phase="before", signed_at__isnull=True).count() == 1
