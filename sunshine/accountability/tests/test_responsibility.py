"""The responsibility split as pure rules (ACC-103 (a)-(d), ACC-104, SUP-34)."""

from __future__ import annotations

import pytest

from sunshine.accountability.choices import Share
from sunshine.accountability.responsibility import Step, chain_split, collective_split, leaders_split
from sunshine.core.errors import RuleViolated

H, R, A = "handler", "reviewer", "approver"


def shares(portions):
    return {p.user: p.share for p in portions}


def chain(h, r, a, correct, **kw):
    return shares(
        chain_split(
            handler=Step(H, h),
            reviewer=Step(R, r) if r else None,
            approver=Step(A, a) if a else None,
            correct=correct,
            **kw,
        )
    )


def test_a_handler_at_fault_alone():
    assert chain("准予", "准予", "准予", "none", handler_fault=True) == {H: Share.DIRECT}


def test_b_wrong_proposal_not_corrected():
    assert chain("准予", "准予", "准予", "none") == {
        H: Share.DIRECT,
        R: Share.MAIN_LEADERSHIP,
        A: Share.IMPORTANT_LEADERSHIP,
    }


def test_c_reviewer_changed_a_correct_opinion():
    assert chain("不予", "准予", "准予", "handler") == {
        H: Share.NONE,
        R: Share.DIRECT,
        A: Share.MAIN_LEADERSHIP,
    }


def test_d_approver_changed_a_correct_opinion():
    assert chain("不予", "不予", "准予", "handler") == {A: Share.DIRECT}
    assert chain("准予", "不予", "准予", "reviewer") == {A: Share.DIRECT}


def test_no_reviewer_approver_changed_handler():
    assert chain("不予", None, "准予", "handler") == {A: Share.DIRECT}


def test_a_correct_final_opinion_is_no_fault():
    with pytest.raises(RuleViolated) as refused:
        chain("准予", "不予", "不予", "reviewer")
    assert refused.value.rule == "ACC-103"


def test_collective():
    result = shares(
        collective_split(chair="chair", participants=[("a", False), ("b", True), ("chair", False)])
    )
    assert result == {"chair": Share.MAIN, "a": Share.SECONDARY, "b": Share.NONE}


@pytest.mark.parametrize(
    ("cause", "expected"),
    [
        ("principal", {"p": Share.MAIN, "c": Share.SECONDARY}),
        ("in_charge", {"p": Share.SECONDARY, "c": Share.MAIN}),
    ],
)
def test_leaders(cause, expected):
    assert shares(leaders_split(principal="p", in_charge="c", cause=cause)) == expected


def test_leaders_refuses_one_person_twice():
    with pytest.raises(RuleViolated) as refused:
        leaders_split(principal="p", in_charge="p", cause="principal")
    assert refused.value.rule == "SUP-34"
