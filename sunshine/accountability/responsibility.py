"""Who bears which responsibility, computed from the record (ACC-103, ACC-104, SUP-34).

Pure functions over what the record holds: the people who did each step and the opinions they
recorded. The services feed them from sunshine.cases' task records (who completed which step, with
which choice and opinion) and store the result as Responsibility rows.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from sunshine.accountability.choices import ChainRole, Share
from sunshine.core.errors import RuleViolated


@dataclass(frozen=True)
class Step:
    """One step of the chain as the record has it."""

    user: object
    opinion: str
    task: object = None


@dataclass(frozen=True)
class Portion:
    user: object
    role: str
    share: str
    rule: str
    reason: str
    step: Step | None = None


def opinion_of(task) -> str:
    """What a case step decided: its recorded choice (办理结果), else its opinion (办理意见)."""
    return (task.choice or task.opinion or "").strip()


def chain_split(
    *, handler: Step, reviewer: Step | None, approver: Step | None, correct: str, handler_fault: bool = False
) -> list[Portion]:
    """ACC-103: the individual chain of handler, reviewer and approver.

    ``correct`` names the opinion the investigation found correct (``handler``, ``reviewer`` or
    ``none``). Whether a later role *changed* an earlier opinion is read from the recorded opinions.
    ``handler_fault``: the handler decided directly, or committed fraud or favouritism (ACC-103 (a)).
    """
    if correct not in ("handler", "reviewer", "none"):
        raise RuleViolated("bad_correct", _("请选择调查认定正确的意见"), field="correct", rule="ACC-103")
    if handler_fault or (reviewer is None and approver is None):
        return [
            Portion(
                handler.user,
                ChainRole.HANDLER,
                Share.DIRECT,
                "ACC-103",
                _("承办人直接作出错误决定或者弄虚作假、徇私舞弊（ACC-103（一））"),
                handler,
            )
        ]
    steps = {"handler": handler, "reviewer": reviewer}
    right = steps[correct].opinion if correct != "none" and steps[correct] else None
    if correct == "reviewer" and reviewer is None:
        raise RuleViolated("bad_correct", _("本案没有审核环节"), field="correct", rule="ACC-103")
    final = approver or reviewer  # the opinion that took effect
    if right is not None and final.opinion == right:
        raise RuleViolated(
            "not_wrong",
            _("生效意见与认定正确的意见一致，不存在权力行使错误，不能按ACC-103认定责任"),
            field="correct",
            rule="ACC-103",
        )
    handler_right = right is not None and handler.opinion == right
    reviewer_right = reviewer is not None and right is not None and reviewer.opinion == right
    if approver is not None and (reviewer_right or (handler_right and reviewer is None)):
        # (d) the approver rejected or changed a correct opinion: the approver alone
        return [
            Portion(
                approver.user,
                ChainRole.APPROVER,
                Share.DIRECT,
                "ACC-103",
                _("批准人否定或者改变了正确意见（ACC-103（四））"),
                approver,
            )
        ]
    if handler_right and reviewer is not None:
        # (c) the reviewer changed the handler's correct opinion and the approver approved it
        out = [
            Portion(
                reviewer.user,
                ChainRole.REVIEWER,
                Share.DIRECT,
                "ACC-103",
                _("审核人否定或者改变了承办人的正确意见（ACC-103（三））"),
                reviewer,
            ),
            Portion(
                handler.user,
                ChainRole.HANDLER,
                Share.NONE,
                "ACC-103",
                _("承办人的意见正确，被审核人改变（ACC-103（三））"),
                handler,
            ),
        ]
        if approver is not None:
            out.insert(
                1,
                Portion(
                    approver.user,
                    ChainRole.APPROVER,
                    Share.MAIN_LEADERSHIP,
                    "ACC-103",
                    _("批准人批准了审核人改变后的错误意见（ACC-103（三））"),
                    approver,
                ),
            )
        return out
    # (b) the handler's proposal was wrong and those above did not correct it
    out = [
        Portion(
            handler.user,
            ChainRole.HANDLER,
            Share.DIRECT,
            "ACC-103",
            _("承办人提出的意见错误（ACC-103（二））"),
            handler,
        )
    ]
    if reviewer is not None:
        out.append(
            Portion(
                reviewer.user,
                ChainRole.REVIEWER,
                Share.MAIN_LEADERSHIP,
                "ACC-103",
                _("审核人应当发现而未发现、或者发现后未予纠正（ACC-103（二））"),
                reviewer,
            )
        )
    if approver is not None:
        out.append(
            Portion(
                approver.user,
                ChainRole.APPROVER,
                Share.IMPORTANT_LEADERSHIP,
                "ACC-103",
                _("批准人应当发现而未发现、或者发现后未予纠正（ACC-103（二））"),
                approver,
            )
        )
    return out


def collective_split(*, chair, participants: list[tuple[object, bool]]) -> list[Portion]:
    """ACC-104: a wrong collective decision. The chair bears main responsibility; participants who
    did not voice opposition secondary; those whose objection is on record none. ``participants``:
    (user, objected) pairs, the chair left out."""
    out = [Portion(chair, ChainRole.CHAIR, Share.MAIN, "ACC-104", _("主持集体决策，决策错误（ACC-104）"))]
    for user, objected in participants:
        if user == chair:
            continue
        if objected:
            out.append(
                Portion(
                    user,
                    ChainRole.PARTICIPANT,
                    Share.NONE,
                    "ACC-104",
                    _("明确表示反对并记录在案，不承担责任（ACC-104）"),
                )
            )
        else:
            out.append(
                Portion(
                    user,
                    ChainRole.PARTICIPANT,
                    Share.SECONDARY,
                    "ACC-104",
                    _("参与决策未表示反对（ACC-104）"),
                )
            )
    return out


def leaders_split(*, principal, in_charge, cause: str) -> list[Portion]:
    """SUP-34: main and secondary between the principal leader and the leader in charge, by whose
    work was inadequate (``cause``: ``principal`` or ``in_charge``)."""
    if cause not in ("principal", "in_charge"):
        raise RuleViolated("bad_cause", _("请选择因谁工作不力导致过错"), field="cause", rule="SUP-34")
    if principal == in_charge:
        raise RuleViolated(
            "same_leader", _("主要负责人和分管领导不能是同一人"), field="in_charge", rule="SUP-34"
        )
    principal_main = cause == "principal"
    reason_main = _("因其工作不力导致过错，负主要责任（SUP-34）")
    reason_secondary = _("负次要责任（SUP-34）")
    return [
        Portion(
            principal,
            ChainRole.PRINCIPAL,
            Share.MAIN if principal_main else Share.SECONDARY,
            "SUP-34",
            reason_main if principal_main else reason_secondary,
        ),
        Portion(
            in_charge,
            ChainRole.IN_CHARGE,
            Share.SECONDARY if principal_main else Share.MAIN,
            "SUP-34",
            reason_secondary if principal_main else reason_main,
        ),
    ]
