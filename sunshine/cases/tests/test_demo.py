"""The demo cases: every state, some late, loaded once."""

from __future__ import annotations

import pytest

from sunshine.cases import demo
from sunshine.cases.choices import CaseStatus, TaskStatus
from sunshine.cases.models import Case, CaseTask
from sunshine.cases.services import _post_for
from sunshine.catalog import demo as catalog_demo
from sunshine.catalog.choices import Status as PowerStatus
from sunshine.catalog.models import PowerVersion
from sunshine.core import clock
from sunshine.core.permissions import has_permission
from sunshine.core.system import system_actor
from sunshine.flows.engine import HUMAN_TASK_KINDS
from sunshine.org import demo as org_demo
from sunshine.org.choices import PostKind
from sunshine.org.models import Post, PostHolding

pytestmark = pytest.mark.django_db


def test_demo_cases_cover_the_states_and_some_are_late():
    with system_actor("test"):
        org_demo.load()
        catalog_demo.load()
        created = demo.load()
        assert demo.load() == {}  # once only
    assert created["cases"] + created["penalty cases"] == Case.objects.count() >= 6
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


def test_every_post_a_published_demo_flowchart_names_has_an_account_that_may_do_its_steps():
    """A demo case can run to its end in the browser: each step of a published flowchart whose lane
    names a post of the body (resolved as a case would: cases.services._post_for) has a holder with a
    demo account who may handle a case of that power (data scope, SEC-7), and the penalty
    template's legality review (法制审核, CASE-151) is the legal reviewer's."""
    with system_actor("test"):
        org_demo.load()
        catalog_demo.load()
    missing, legal_lanes = [], 0
    for version in PowerVersion.objects.filter(status=PowerStatus.PUBLISHED).select_related("flowchart"):
        case = Case(body_id=version.item.body_id, department_id=version.department_id, power_version=version)
        for step in version.flowchart.steps:
            if step["kind"] not in HUMAN_TASK_KINDS:
                continue
            post_id, _holder = _post_for(case, step.get("lane", ""))
            if post_id is None:
                continue  # a collective body or the window: open to whoever may handle the case
            post = Post.objects.get(pk=post_id)
            if step["element_id"] == "Task_legal_review":
                assert post.kind == PostKind.LEGAL, version
                legal_lanes += 1
            holders = PostHolding.objects.filter(post=post, end_date__isnull=True, person__user__isnull=False)
            if not any(has_permission(h.person.user, "cases.handle", case) for h in holders):
                missing.append((version.item.code, step["name"], post.name))
    assert not missing, missing
    assert legal_lanes >= 8  # the penalties of the three bodies
