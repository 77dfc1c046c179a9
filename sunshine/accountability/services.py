"""The rules of accountability cases (问责, issue #9 §1-2). Every state change writes a CaseEvent and
an audit record in the same transaction; every refusal names its rule.

Life of a case (ACC-11)::

    verifying ──open (ACC-6)──▶ investigating ──report (ACC-9)──▶ reported ──decide (ACC-10)──▶ decided
        │                                                                                        │ serve
        └──dismiss──▶ dismissed                     closed ◀──close── served ──appeal (ACC-11)──▶ appealed
                                                       ▲                                             │
                                                       └───────────────review (ACC-11, ACT-2)────────┘

Only the body's discipline office (``accountability.manage``, ACT-1/SUP-27) registers and runs cases;
the competent leader (``accountability.approve``) is recorded as the one who decided to open and
who approved an extension.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from sunshine.accountability import clocks
from sunshine.accountability import responsibility as split
from sunshine.accountability.choices import (
    AGGRAVATING_CODES,
    TIER_ORDER,
    Action,
    FactorCode,
    FactorKind,
    ReviewOutcome,
    Share,
    Source,
    SplitKind,
    Status,
    Target,
    Tier,
)
from sunshine.accountability.models import (
    AccountabilityCase,
    CaseCounter,
    CaseEvent,
    Factor,
    Ground,
    Responsibility,
    Sanction,
    Statement,
    TeamMember,
)
from sunshine.cases.choices import TaskStatus
from sunshine.core import clock
from sunshine.core.audit import audit_record, audit_snapshot
from sunshine.core.errors import Conflict, InvalidInput, NotFound, NotPermitted, RuleViolated
from sunshine.core.permissions import has_permission

MANAGE = "accountability.manage"
APPROVE = "accountability.approve"
REPEAT_MONTHS = 12  # ACC-4 (1): "1年内", a rolling twelve months by default
REPEAT_COUNT = 2  # ACC-4 (1): accountable 2 or more times (以上, inclusive)


# --- Helpers ---------------------------------------------------------------------------------------


def body_of(unit):
    return unit if unit.body_id in (None, unit.pk) else unit.body


def may_manage(actor, obj=None) -> bool:
    return has_permission(actor, MANAGE, obj)


def require_manage(actor, obj=None) -> None:
    """ACT-1: only the body's discipline office runs its accountability cases; out of scope is 404."""
    if has_permission(actor, MANAGE, obj):
        return
    if obj is not None and has_permission(actor, MANAGE):
        raise NotFound("not_found", _("记录不存在或不在您的数据范围内"), rule="SEC-7")
    raise NotPermitted("not_discipline_office", _("只有本单位纪检监察机构可以办理问责案件"), rule="ACT-1")


def _text(value, field: str, message: str, *, rule: str | None = None, limit: int = 5000) -> str:
    value = (value or "").strip()
    if not value:
        raise InvalidInput("required", message, field=field, rule=rule)
    if len(value) > limit:
        raise InvalidInput("too_long", _("内容过长（最多%(n)d字）") % {"n": limit}, field=field)
    return value


def _name(user) -> str:
    return user.full_name or user.username


def _locked(acase, expected_version: int | None) -> AccountabilityCase:
    fresh = AccountabilityCase.objects.select_for_update().get(pk=acase.pk)
    expected = acase.version if expected_version is None else expected_version
    if fresh.version != expected:
        raise Conflict("stale", _("问责案件已被他人处理，请刷新后重试"))
    return fresh


def _require_state(acase, allowed, action: str, rule: str = "ACC-11") -> None:
    if acase.status not in allowed:
        raise Conflict(
            "wrong_state",
            _("问责案件当前为“%(status)s”，不能%(action)s（%(rule)s）")
            % {"status": Status(acase.status).label, "action": Action(action).label, "rule": rule},
            field="status",
            rule=rule,
        )


def _done(acase, *, actor, action: str, before: dict | None, from_status: str, fields, note="", at=None):
    """Save the changed fields and the running clock's due date, then the case's event and the audit
    record (same transaction)."""
    due = clocks.running_due(acase)
    if due != acase.due_at:
        acase.due_at, fields = due, [*fields, "due_at"]
    if fields:
        acase.version += 1
        acase.save(update_fields=[*fields, "version", "updated_at"])
    CaseEvent.objects.create(
        acase=acase,
        action=action,
        actor=actor,
        at=at or clock.now(),
        from_status=from_status,
        to_status=acase.status,
        note=note,
    )
    audit_record(actor=actor, action=f"accountability.{action}", target=acase, before=before, note=note)


def next_number(*, body, year: int) -> int:
    """The next number of ``body`` in ``year``; the counter row stays locked until the commit."""
    CaseCounter.objects.bulk_create([CaseCounter(body=body, year=year, last=0)], ignore_conflicts=True)
    counter = CaseCounter.objects.filter(body=body, year=year)
    counter.update(last=F("last") + 1)
    return counter.values_list("last", flat=True).get()


def catalogue(body, target: str):
    """The body's ordered sanction catalogue for ``target`` (its own rows, else the default; SUP-38)."""
    own = Sanction.objects.filter(body=body, target=target, active=True)
    if own.exists():
        return own.order_by("rank")
    return Sanction.objects.filter(body__isnull=True, target=target, active=True).order_by("rank")


def heaviness(tier: str, sanctions) -> tuple[int, int]:
    """How heavy a choice is: its tier, then its heaviest sanction (ACC-3, ACC-8)."""
    return TIER_ORDER[Tier(tier)], max((s.rank for s in sanctions), default=0)


def check_sanctions(acase, tier: str, sanctions, *, field: str = "sanctions") -> list[Sanction]:
    """ACC-3 and SUP-38: sanctions of the body's catalogue for the case's target, one or several,
    none beyond the chosen tier and at least one of it."""
    if tier not in Tier.values:
        raise InvalidInput("required", _("请选择情节（ACC-3）"), field="tier", rule="ACC-3")
    sanctions = list(sanctions or [])
    if not sanctions:
        raise InvalidInput("required", _("请至少选择一种问责方式（SUP-38）"), field=field, rule="SUP-38")
    allowed = {s.pk for s in catalogue(acase.body, acase.target)}
    wrong = [s for s in sanctions if s.pk not in allowed]
    if wrong:
        raise RuleViolated(
            "not_in_catalogue",
            _("“%(name)s”不在本单位对%(target)s的问责方式目录中（SUP-38）")
            % {"name": wrong[0].name, "target": Target(acase.target).label},
            field=field,
            rule="SUP-38",
        )
    order = TIER_ORDER[Tier(tier)]
    beyond = [s for s in sanctions if TIER_ORDER[Tier(s.tier)] > order]
    if beyond:
        raise RuleViolated(
            "beyond_tier",
            _("“%(name)s”适用于%(its)s的情形，不能用于%(tier)s（ACC-3）")
            % {"name": beyond[0].name, "its": Tier(beyond[0].tier).label, "tier": Tier(tier).label},
            field=field,
            rule="ACC-3",
        )
    if not any(TIER_ORDER[Tier(s.tier)] == order for s in sanctions):
        raise RuleViolated(
            "below_tier",
            _("认定为%(tier)s的，至少选择一种适用于该情节的问责方式（ACC-3）") % {"tier": Tier(tier).label},
            field=field,
            rule="ACC-3",
        )
    return sorted(sanctions, key=lambda s: s.rank)


def ceiling(acase) -> Statement | None:
    """The first statement and defence heard: its proposal is the heaviest any later choice may be."""
    return acase.statements.order_by("heard_at", "id").first()


def check_not_heavier(acase, tier: str, sanctions, *, field: str = "sanctions") -> None:
    """ACC-8: a choice made after the person's defence is never heavier than the proposal before it."""
    heard = ceiling(acase)
    if heard is None:
        return
    if heaviness(tier, sanctions) > (TIER_ORDER[Tier(heard.ceiling_tier)], heard.ceiling_rank):
        raise RuleViolated(
            "heavier_after_defence",
            _("听取陈述申辩时拟定为%(tier)s、%(names)s，申辩后不得加重（ACC-8）")
            % {"tier": Tier(heard.ceiling_tier).label, "names": heard.ceiling_names},
            field=field,
            rule="ACC-8",
        )


def months_before(moment: dt.datetime, months: int) -> dt.datetime:
    """The same local day ``months`` earlier (the last day of the month when it has fewer days)."""
    local = clock.local(moment)
    month = local.month - months
    year = local.year + (month - 1) // 12
    month = (month - 1) % 12 + 1
    import calendar

    day = min(local.day, calendar.monthrange(year, month)[1])
    return local.replace(year=year, month=month, day=day, hour=0, minute=0, second=0, microsecond=0)


def earlier_outcomes(acase, at: dt.datetime | None = None):
    """The person's other accountability decisions within the twelve months before ``at`` (ACC-4 (1)):
    from the same day twelve months earlier, inclusive, to ``at``."""
    at = at or clock.now()
    if acase.target != Target.INDIVIDUAL:
        return AccountabilityCase.objects.none()
    return (
        AccountabilityCase.objects.filter(
            person_id=acase.person_id,
            decided_at__gte=months_before(at, REPEAT_MONTHS),
            decided_at__lte=at,
        )
        .exclude(pk=acase.pk)
        .exclude(review_outcome=ReviewOutcome.REVOKED)
    )


def detect_factors(acase, *, at: dt.datetime | None = None) -> list[Factor]:
    """ACC-4 (1), found in the records: accountable twice or more within twelve months, counting this
    case. Recorded once, as detected (no actor); returns the new factors."""
    earlier = list(earlier_outcomes(acase, at).order_by("decided_at"))
    if len(earlier) + 1 < REPEAT_COUNT or acase.factors.filter(code=FactorCode.REPEAT).exists():
        return []
    reason = _("12个月内已被问责：%(list)s；本案为第%(n)d次（ACC-4）") % {
        "list": "、".join(f"{c.number}（{clock.local(c.decided_at):%Y-%m-%d}）" for c in earlier),
        "n": len(earlier) + 1,
    }
    factor = Factor.objects.create(
        acase=acase,
        kind=FactorKind.AGGRAVATING,
        code=FactorCode.REPEAT,
        reason=reason,
        detected=True,
        recorded_at=at or clock.now(),
    )
    audit_record(actor=None, action="accountability.factor_detected", target=acase, note=reason)
    return [factor]


# --- Register, dismiss, open (ACC-5, ACC-6) ---------------------------------------------------------


@transaction.atomic
def case_register(
    *,
    actor,
    body=None,
    source: str,
    subject: str,
    target: str = Target.INDIVIDUAL,
    person=None,
    team=None,
    alert=None,
    order=None,
    case=None,
    source_ref: str = "",
    source_note: str = "",
    grounds=(),
) -> AccountabilityCase:
    """登记问责线索 (ACC-5, ACC-109): from a source the seeds list, linked to the record that prompted
    it: an alert or a supervision order (their body and case are the case's), or a later module's
    record by reference (``source_ref``, e.g. "petitions.petition:12")."""
    if source not in Source.values:
        raise InvalidInput("invalid_choice", _("请选择线索来源（ACC-5）"), field="source", rule="ACC-5")
    if source == Source.ALERT:
        if alert is None:
            raise InvalidInput("required", _("请选择来源预警（ACC-5）"), field="alert", rule="ACC-5")
        body, case = alert.body, case or alert.case
    elif source == Source.ORDER:
        if order is None:
            raise InvalidInput("required", _("请选择来源督办通知书（ACC-5）"), field="order", rule="ACC-5")
        body, case = order.body, case or order.case
    elif alert is not None or order is not None:
        raise InvalidInput(
            "invalid_choice", _("线索来源与关联记录不一致（ACC-5）"), field="source", rule="ACC-5"
        )
    if source in (Source.PETITION, Source.DECISION) and not (source_ref or "").strip():
        raise InvalidInput("required", _("请填写来源记录编号（ACC-109）"), field="source_ref", rule="ACC-5")
    if body is None:
        raise InvalidInput("required", _("请选择单位"), field="body")
    body = body_of(body)
    require_manage(actor, body)
    subject = _text(subject, "subject", _("请填写问责事项"), limit=300)
    if target == Target.INDIVIDUAL:
        if person is None:
            raise InvalidInput("required", _("请选择被问责人"), field="person")
        team = None
    elif target == Target.TEAM:
        if team is None:
            raise InvalidInput("required", _("请选择被问责的领导班子（单位）"), field="team")
        person = None
    else:
        raise InvalidInput("invalid_choice", _("请选择问责对象类别"), field="target")
    now = clock.now()
    year = clock.local(now).year
    seq = next_number(body=body, year=year)
    acase = AccountabilityCase.objects.create(
        body=body,
        year=year,
        seq=seq,
        number=f"{body.short_name or body.name}问责〔{year}〕{seq}号",
        source=source,
        source_ref=(source_ref or "").strip()[:100],
        source_note=(source_note or "").strip(),
        alert=alert,
        order=order,
        case=case,
        subject=subject,
        target=target,
        person=person,
        team=team,
        created_by=actor,
    )
    if grounds:
        acase.grounds.set(list(grounds))
    _done(acase, actor=actor, action=Action.REGISTER, before=None, from_status="", fields=[], at=now)
    return acase


@transaction.atomic
def case_dismiss(*, actor, acase, verification: str, reason: str, expected_version=None):
    """初核不属实 (ACC-6): the preliminary verification does not confirm the matter; the case ends."""
    require_manage(actor, acase)
    acase = _locked(acase, expected_version)
    _require_state(acase, (Status.VERIFYING,), Action.DISMISS, "ACC-6")
    before, from_status = audit_snapshot(acase), acase.status
    acase.verification = _text(verification, "verification", _("请填写初步核实情况（ACC-6）"), rule="ACC-6")
    acase.dismissed_reason = _text(reason, "reason", _("请填写不予问责的理由"))
    acase.status, acase.closed_at = Status.DISMISSED, clock.now()
    fields = ["verification", "dismissed_reason", "status", "closed_at"]
    _done(acase, actor=actor, action=Action.DISMISS, before=before, from_status=from_status, fields=fields)
    return acase


@transaction.atomic
def case_open(*, actor, acase, verification: str, approved_by, grounds=(), expected_version=None):
    """启动问责 (ACC-6): the preliminary verification confirmed the matter and the competent leader (主要
    负责人, holding ``accountability.approve`` over the body) decided to open; the investigation clock
    starts (ACC-9)."""
    require_manage(actor, acase)
    acase = _locked(acase, expected_version)
    _require_state(acase, (Status.VERIFYING,), Action.OPEN, "ACC-6")
    verification = _text(verification, "verification", _("请填写初步核实情况（ACC-6）"), rule="ACC-6")
    if approved_by is None or not has_permission(approved_by, APPROVE, acase.body):
        raise RuleViolated(
            "not_competent_leader",
            _("启动问责须由本单位主要负责人决定（ACC-6）"),
            field="approved_by",
            rule="ACC-6",
        )
    if grounds:
        acase.grounds.set(list(grounds))
    if not acase.grounds.exists():
        raise InvalidInput("required", _("请选择问责情形（ACC-1、ACC-102）"), field="grounds", rule="ACC-1")
    before, from_status = audit_snapshot(acase), acase.status
    acase.verification = verification
    acase.opened_at, acase.opened_by, acase.status = clock.now(), approved_by, Status.INVESTIGATING
    note = _("%(who)s决定启动问责") % {"who": _name(approved_by)}
    _done(
        acase,
        actor=actor,
        action=Action.OPEN,
        before=before,
        from_status=from_status,
        fields=["verification", "opened_at", "opened_by", "status"],
        note=note,
    )
    return acase


# --- Investigation team (ACC-6, ACC-12) -------------------------------------------------------------


def _interested(acase, user) -> str:
    """Why ``user`` has an interest in the matter the record shows, else '' (ACC-12)."""
    if acase.person_id == user.pk:
        return _("被问责人本人")
    if (
        acase.responsibilities.filter(superseded_at__isnull=True, user=user)
        .exclude(share=Share.NONE)
        .exists()
    ):
        return _("本案责任人")
    if acase.case_id and acase.case.tasks.filter(completed_by=user).exists():
        return _("办理过涉及的办件")
    return ""


@transaction.atomic
def member_add(*, actor, acase, user, is_leader: bool = False, conflict: str = "", expected_version=None):
    """确定调查组成员 (ACC-6). A member with an interest that may affect fairness must withdraw
    (ACC-12): declared (``conflict``) or shown by the record (the person, a responsible person, someone
    who handled the case concerned) — such a member is refused."""
    require_manage(actor, acase)
    acase = _locked(acase, expected_version)
    _require_state(acase, (Status.INVESTIGATING,), Action.MEMBER_ADD, "ACC-6")
    if user is None:
        raise InvalidInput("required", _("请选择调查组成员"), field="user")
    reason = (conflict or "").strip() or _interested(acase, user)
    if reason:
        raise RuleViolated(
            "conflict_of_interest",
            _("%(name)s与本案有利害关系（%(reason)s），应当回避（ACC-12）")
            % {"name": _name(user), "reason": reason},
            field="user",
            rule="ACC-12",
        )
    if acase.members.filter(user=user, withdrawn_at__isnull=True).exists():
        raise Conflict("duplicate", _("%(name)s已是调查组成员") % {"name": _name(user)}, field="user")
    TeamMember.objects.create(
        acase=acase, user=user, is_leader=is_leader, added_at=clock.now(), added_by=actor
    )
    note = _("%(name)s%(role)s") % {"name": _name(user), "role": _("（组长）") if is_leader else ""}
    _done(
        acase,
        actor=actor,
        action=Action.MEMBER_ADD,
        before=None,
        from_status=acase.status,
        fields=["status"],
        note=note,
    )
    return acase


@transaction.atomic
def member_withdraw(*, actor, acase, member, reason: str, expected_version=None):
    """回避 (ACC-12): a member who turns out to have an interest withdraws; the record stays."""
    require_manage(actor, acase)
    acase = _locked(acase, expected_version)
    if member.acase_id != acase.pk or member.withdrawn_at is not None:
        raise InvalidInput("not_found", _("该成员不在本案调查组中"), field="member")
    member.withdrawal_reason = _text(reason, "reason", _("请填写回避理由（ACC-12）"), rule="ACC-12")
    member.withdrawn_at = clock.now()
    member.save(update_fields=["withdrawn_at", "withdrawal_reason"])
    note = _("%(name)s回避：%(reason)s") % {"name": _name(member.user), "reason": member.withdrawal_reason}
    _done(
        acase,
        actor=actor,
        action=Action.MEMBER_WITHDRAW,
        before=None,
        from_status=acase.status,
        fields=["status"],
        note=note,
    )
    return acase


@transaction.atomic
def case_extend(*, actor, acase, approved_by, reason: str, expected_version=None):
    """延长调查 (ACC-9): a complex case, once, by 10 working days, approved by the competent leader
    before the first 10 have run out."""
    require_manage(actor, acase)
    acase = _locked(acase, expected_version)
    _require_state(acase, (Status.INVESTIGATING,), Action.EXTEND, "ACC-9")
    if acase.extended_at is not None:
        raise RuleViolated("extended_once", _("调查期限只能延长一次（ACC-9）"), field="reason", rule="ACC-9")
    now = clock.now()
    if now > clocks.investigation_due(acase):
        raise RuleViolated(
            "already_late",
            _("调查期限已于%(due)s届满，不能再延长（ACC-9）")
            % {"due": clock.local(clocks.investigation_due(acase)).strftime("%Y-%m-%d")},
            field="reason",
            rule="ACC-9",
        )
    if approved_by is None or not has_permission(approved_by, APPROVE, acase.body):
        raise RuleViolated(
            "not_approved",
            _("延长调查期限须经本单位主要负责人批准（ACC-9）"),
            field="approved_by",
            rule="ACC-9",
        )
    reason = _text(reason, "reason", _("请填写延长理由（ACC-9）"), rule="ACC-9")
    before, from_status = audit_snapshot(acase), acase.status
    acase.extended_at, acase.extension_approved_by, acase.extension_reason = now, approved_by, reason
    _done(
        acase,
        actor=actor,
        action=Action.EXTEND,
        before=before,
        from_status=from_status,
        fields=["extended_at", "extension_approved_by", "extension_reason"],
        note=reason,
    )
    return acase


# --- Proposal, statement and defence (ACC-3, ACC-8) ------------------------------------------------


@transaction.atomic
def case_propose(*, actor, acase, tier: str, sanctions, expected_version=None):
    """拟定问责意见: the tier and sanctions the team proposes, told to the person before the defence.
    After a defence a new proposal may only be the same or lighter (ACC-8)."""
    require_manage(actor, acase)
    acase = _locked(acase, expected_version)
    _require_state(acase, (Status.INVESTIGATING,), Action.PROPOSE, "ACC-8")
    chosen = check_sanctions(acase, tier, sanctions)
    check_not_heavier(acase, tier, chosen)
    before, from_status = audit_snapshot(acase), acase.status
    acase.proposed_tier = tier
    acase.proposed_sanctions.set(chosen)
    note = f"{Tier(tier).label}：{'、'.join(s.name for s in chosen)}"
    _done(
        acase,
        actor=actor,
        action=Action.PROPOSE,
        before=before,
        from_status=from_status,
        fields=["proposed_tier"],
        note=note,
    )
    return acase


@transaction.atomic
def statement_record(
    *,
    actor,
    acase,
    statement: str,
    defence: str = "",
    verification: str = "",
    adopted: bool = False,
    expected_version=None,
):
    """听取陈述申辩 (ACC-8): recorded with the proposal in force, which becomes the ceiling of every
    later choice. A defence found valid (``adopted``) must say how it was verified."""
    require_manage(actor, acase)
    acase = _locked(acase, expected_version)
    _require_state(acase, (Status.INVESTIGATING,), Action.STATEMENT, "ACC-8")
    if not acase.proposed_tier:
        raise RuleViolated(
            "no_proposal",
            _("听取陈述申辩前须先拟定问责意见并告知被问责人（ACC-8）"),
            field="statement",
            rule="ACC-8",
        )
    statement = _text(statement, "statement", _("请记录被问责人的陈述（ACC-8）"), rule="ACC-8")
    verification = (verification or "").strip()
    if adopted and not verification:
        raise InvalidInput(
            "required", _("采纳申辩理由的，请写明核实情况（ACC-8）"), field="verification", rule="ACC-8"
        )
    proposed = list(acase.proposed_sanctions.order_by("rank"))
    Statement.objects.create(
        acase=acase,
        statement=statement,
        defence=(defence or "").strip(),
        verification=verification,
        adopted=adopted,
        ceiling_tier=acase.proposed_tier,
        ceiling_rank=max(s.rank for s in proposed),
        ceiling_names="、".join(s.name for s in proposed),
        heard_at=clock.now(),
        heard_by=actor,
    )
    _done(
        acase,
        actor=actor,
        action=Action.STATEMENT,
        before=None,
        from_status=acase.status,
        fields=["status"],
        note=statement,
    )
    return acase


# --- Responsibility (ACC-103, ACC-104, SUP-34) ------------------------------------------------------


def _store_split(actor, acase, kind: str, portions: list[split.Portion]) -> AccountabilityCase:
    now = clock.now()
    acase.responsibilities.filter(split=kind, superseded_at__isnull=True).update(superseded_at=now)
    for p in portions:
        Responsibility.objects.create(
            acase=acase,
            split=kind,
            user=p.user,
            role=p.role,
            share=p.share,
            rule=p.rule,
            reason=p.reason,
            opinion=p.step.opinion if p.step else "",
            task=p.step.task if p.step else None,
            computed_at=now,
        )
    note = "；".join(f"{_name(p.user)}：{Share(p.share).label}" for p in portions)
    _done(
        acase,
        actor=actor,
        action=Action.SPLIT,
        before=None,
        from_status=acase.status,
        fields=["status"],
        note=note,
    )
    return acase


def _step(acase, task, field: str) -> split.Step | None:
    if task is None:
        return None
    if acase.case_id is None or task.case_id != acase.case_id:
        raise InvalidInput(
            "not_found", _("所选环节不属于本案涉及的办件（ACC-103）"), field=field, rule="ACC-103"
        )
    if task.status != TaskStatus.DONE or task.completed_by_id is None:
        raise InvalidInput(
            "not_done", _("所选环节尚未办理，没有可认定的意见（ACC-103）"), field=field, rule="ACC-103"
        )
    return split.Step(user=task.completed_by, opinion=split.opinion_of(task), task=task)


def default_chain(case) -> dict:
    """The chain a case's done steps suggest: the first is the handler's, the last the approver's,
    the one before it the reviewer's."""
    done = list(
        case.tasks.filter(status=TaskStatus.DONE, completed_by__isnull=False).order_by("completed_at", "id")
    )
    if not done:
        return {}
    chain = {"handler": done[0]}
    if len(done) >= 2:
        chain["approver"] = done[-1]
    if len(done) >= 3:
        chain["reviewer"] = done[-2]
    return chain


@transaction.atomic
def split_chain(
    *,
    actor,
    acase,
    handler_task,
    reviewer_task=None,
    approver_task=None,
    correct: str,
    handler_fault=False,
    expected_version=None,
):
    """认定承办、审核、批准责任 (ACC-103) from the case's task records: who completed each step and the
    opinion they recorded; ``correct`` says which opinion the investigation found correct."""
    require_manage(actor, acase)
    acase = _locked(acase, expected_version)
    _require_state(acase, (Status.INVESTIGATING, Status.REPORTED), Action.SPLIT, "ACC-103")
    if handler_task is None:
        raise InvalidInput("required", _("请选择承办环节（ACC-103）"), field="handler_task", rule="ACC-103")
    portions = split.chain_split(
        handler=_step(acase, handler_task, "handler_task"),
        reviewer=_step(acase, reviewer_task, "reviewer_task"),
        approver=_step(acase, approver_task, "approver_task"),
        correct=correct,
        handler_fault=handler_fault,
    )
    return _store_split(actor, acase, SplitKind.CHAIN, portions)


@transaction.atomic
def split_collective(*, actor, acase, chair, participants, expected_version=None):
    """认定集体决策责任 (ACC-104): ``participants`` are (user, objected) pairs from the minutes."""
    require_manage(actor, acase)
    acase = _locked(acase, expected_version)
    _require_state(acase, (Status.INVESTIGATING, Status.REPORTED), Action.SPLIT, "ACC-104")
    if chair is None:
        raise InvalidInput("required", _("请选择会议主持人（ACC-104）"), field="chair", rule="ACC-104")
    return _store_split(
        actor, acase, SplitKind.COLLECTIVE, split.collective_split(chair=chair, participants=participants)
    )


@transaction.atomic
def split_leaders(*, actor, acase, principal, in_charge, cause: str, expected_version=None):
    """认定主要责任、次要责任 (SUP-34) between the principal leader and the leader in charge."""
    require_manage(actor, acase)
    acase = _locked(acase, expected_version)
    _require_state(acase, (Status.INVESTIGATING, Status.REPORTED), Action.SPLIT, "SUP-34")
    if principal is None or in_charge is None:
        raise InvalidInput(
            "required", _("请选择主要负责人和分管领导（SUP-34）"), field="principal", rule="SUP-34"
        )
    return _store_split(
        actor,
        acase,
        SplitKind.LEADERS,
        split.leaders_split(principal=principal, in_charge=in_charge, cause=cause),
    )


def current_split(acase):
    return acase.responsibilities.filter(superseded_at__isnull=True).select_related("user", "task")


# --- Factors (ACC-4, SUP-37) -----------------------------------------------------------------------


@transaction.atomic
def factor_record(*, actor, acase, kind: str, code: str, reason: str, expected_version=None):
    """记录从重 (ACC-4) or 从轻、减轻 (SUP-37) factors, always with the reason."""
    require_manage(actor, acase)
    acase = _locked(acase, expected_version)
    _require_state(acase, (Status.INVESTIGATING, Status.REPORTED), Action.FACTOR, "ACC-4")
    if kind not in FactorKind.values or code not in FactorCode.values:
        raise InvalidInput("invalid_choice", _("请选择情节"), field="code")
    if (kind == FactorKind.AGGRAVATING) != (code in AGGRAVATING_CODES or code == FactorCode.OTHER):
        raise InvalidInput(
            "invalid_choice", _("所选情节与类别不符（ACC-4、SUP-37）"), field="code", rule="ACC-4"
        )
    rule = "ACC-4" if kind == FactorKind.AGGRAVATING else "SUP-37"
    reason = _text(reason, "reason", _("请写明理由（%(rule)s）") % {"rule": rule}, rule=rule)
    Factor.objects.create(
        acase=acase, kind=kind, code=code, reason=reason, recorded_at=clock.now(), recorded_by=actor
    )
    note = f"{FactorKind(kind).label}：{FactorCode(code).label}：{reason}"
    _done(
        acase,
        actor=actor,
        action=Action.FACTOR,
        before=None,
        from_status=acase.status,
        fields=["status"],
        note=note,
    )
    return acase


# --- Report, decision, service (ACC-9, ACC-10) -----------------------------------------------------


@transaction.atomic
def case_report(*, actor, acase, facts: str, conclusion: str, recommendation: str, expected_version=None):
    """提交调查报告 (ACC-9): specific facts, basic conclusion and recommendation, by a team that has
    heard the person (ACC-8). A report after the deadline is accepted and stays marked late."""
    require_manage(actor, acase)
    acase = _locked(acase, expected_version)
    _require_state(acase, (Status.INVESTIGATING,), Action.REPORT, "ACC-9")
    if not acase.members.filter(withdrawn_at__isnull=True).exists():
        raise RuleViolated("no_team", _("尚未组成调查组（ACC-6）"), field="members", rule="ACC-6")
    if acase.target == Target.INDIVIDUAL and not acase.statements.exists():
        raise RuleViolated(
            "not_heard",
            _("调查组须听取被问责人的陈述和申辩后才能提交报告（ACC-8）"),
            field="statement",
            rule="ACC-8",
        )
    before, from_status = audit_snapshot(acase), acase.status
    acase.report_facts = _text(facts, "facts", _("请填写具体事实（ACC-9）"), rule="ACC-9")
    acase.report_conclusion = _text(conclusion, "conclusion", _("请填写基本结论（ACC-9）"), rule="ACC-9")
    acase.report_recommendation = _text(
        recommendation, "recommendation", _("请填写问责建议（ACC-9）"), rule="ACC-9"
    )
    now = clock.now()
    acase.reported_at, acase.status = now, Status.REPORTED
    late = now > clocks.investigation_due(acase)
    detect_factors(acase, at=now)
    _done(
        acase,
        actor=actor,
        action=Action.REPORT,
        before=before,
        from_status=from_status,
        fields=["report_facts", "report_conclusion", "report_recommendation", "reported_at", "status"],
        note=_("超过调查期限提交（ACC-9）") if late else "",
    )
    return acase


@transaction.atomic
def case_decide(
    *,
    actor,
    acase,
    tier: str,
    sanctions,
    deciding_body: str,
    decision_text: str,
    transfer_note: str = "",
    expected_version=None,
):
    """作出问责决定 (ACC-10) by the competent body: sanctions of the catalogue within the tier (ACC-3,
    SUP-38), never heavier than what the person was told before the defence (ACC-8); a team is not
    sanctioned in place of the individuals responsible (SUP-31)."""
    require_manage(actor, acase)
    acase = _locked(acase, expected_version)
    _require_state(acase, (Status.REPORTED,), Action.DECIDE, "ACC-10")
    chosen = check_sanctions(acase, tier, sanctions)
    check_not_heavier(acase, tier, chosen)
    if acase.target == Target.TEAM and not current_split(acase).exclude(share=Share.NONE).exists():
        raise RuleViolated(
            "collective_only",
            _("追究领导班子责任的，须同时认定个人责任，不得以集体责任代替个人责任（SUP-31）"),
            field="sanctions",
            rule="SUP-31",
        )
    before, from_status = audit_snapshot(acase), acase.status
    acase.deciding_body = _text(
        deciding_body, "deciding_body", _("请填写决定机关（ACC-10）"), rule="ACC-10", limit=100
    )
    acase.decision_text = _text(decision_text, "decision_text", _("请填写决定内容（ACC-10）"), rule="ACC-10")
    acase.transfer_note = (transfer_note or "").strip()
    acase.tier, acase.decided_at, acase.status = tier, clock.now(), Status.DECIDED
    acase.sanctions.set(chosen)
    detect_factors(acase, at=acase.decided_at)
    _done(
        acase,
        actor=actor,
        action=Action.DECIDE,
        before=before,
        from_status=from_status,
        fields=["deciding_body", "decision_text", "transfer_note", "tier", "decided_at", "status"],
        note=f"{Tier(tier).label}：{'、'.join(s.name for s in chosen)}",
    )
    return acase


@transaction.atomic
def case_serve(*, actor, acase, received_at: dt.datetime | None, rights_stated: bool, expected_version=None):
    """送达 (ACC-10): the decision, stating the person's rights (appeal within 15 working days,
    ACC-11), served within 10 working days of the decision; a late service is recorded as late.
    ``received_at``: when the person signed for it (the appeal window runs from it)."""
    require_manage(actor, acase)
    acase = _locked(acase, expected_version)
    _require_state(acase, (Status.DECIDED,), Action.SERVE, "ACC-10")
    if not rights_stated:
        raise RuleViolated(
            "rights_not_stated",
            _("问责决定书须告知被问责人享有的权利（ACC-10）"),
            field="rights_stated",
            rule="ACC-10",
        )
    now = clock.now()
    received_at = received_at or now
    if received_at < acase.decided_at or received_at > now:
        raise InvalidInput(
            "bad_date", _("签收时间须在作出决定之后、现在之前"), field="received_at", rule="ACC-10"
        )
    before, from_status = audit_snapshot(acase), acase.status
    acase.served_at, acase.received_at, acase.status = now, received_at, Status.SERVED
    late = received_at > clocks.service_due(acase)
    _done(
        acase,
        actor=actor,
        action=Action.SERVE,
        before=before,
        from_status=from_status,
        fields=["served_at", "received_at", "status"],
        note=_("超过送达期限（ACC-10）") if late else "",
    )
    return acase


# --- Appeal and review (ACC-11, ACT-2) --------------------------------------------------------------


@transaction.atomic
def case_appeal(*, actor, acase, reason: str, appealed_at: dt.datetime | None = None, expected_version=None):
    """申诉 (ACC-11), recorded by the discipline office: within 15 working days of receipt (the 15th
    working day included). The decision keeps applying meanwhile."""
    require_manage(actor, acase)
    acase = _locked(acase, expected_version)
    _require_state(acase, (Status.SERVED,), Action.APPEAL, "ACC-11")
    now = clock.now()
    appealed_at = appealed_at or now
    if appealed_at > now or appealed_at < acase.received_at:
        raise InvalidInput(
            "bad_date", _("申诉时间须在签收之后、现在之前"), field="appealed_at", rule="ACC-11"
        )
    due = clocks.appeal_due(acase)
    if appealed_at > due:
        raise RuleViolated(
            "appeal_late",
            _("申诉期限已于%(due)s届满（收到决定之日起15个工作日，ACC-11）")
            % {"due": clock.local(due).strftime("%Y-%m-%d")},
            field="appealed_at",
            rule="ACC-11",
        )
    before, from_status = audit_snapshot(acase), acase.status
    acase.appeal_reason = _text(reason, "reason", _("请填写申诉理由（ACC-11）"), rule="ACC-11")
    acase.appealed_at, acase.status = appealed_at, Status.APPEALED
    _done(
        acase,
        actor=actor,
        action=Action.APPEAL,
        before=before,
        from_status=from_status,
        fields=["appeal_reason", "appealed_at", "status"],
        note=_("申诉期间不停止问责决定的执行（ACC-11）"),
    )
    return acase


@transaction.atomic
def case_review(
    *, actor, acase, outcome: str, text: str, tier: str = "", sanctions=(), expected_version=None
):
    """复核决定 (ACC-11): within 30 working days of the appeal (a late one is marked late); it upholds,
    lightens or revokes the decision, never makes it heavier (ACT-2). The case is then closed."""
    require_manage(actor, acase)
    acase = _locked(acase, expected_version)
    _require_state(acase, (Status.APPEALED,), Action.REVIEW, "ACC-11")
    if outcome not in ReviewOutcome.values:
        raise InvalidInput("invalid_choice", _("请选择复核结论（ACC-11）"), field="outcome", rule="ACC-11")
    text = _text(text, "text", _("请填写复核决定（ACC-11）"), rule="ACC-11")
    before, from_status = audit_snapshot(acase), acase.status
    fields = ["review_outcome", "review_text", "review_decided_at", "status", "closed_at"]
    if outcome == ReviewOutcome.CHANGED:
        chosen = check_sanctions(acase, tier, sanctions)
        current = list(acase.sanctions.all())
        if heaviness(tier, chosen) >= heaviness(acase.tier, current):
            raise RuleViolated(
                "not_lighter",
                _("复核变更只能减轻原问责决定，不得加重（ACT-2）"),
                field="sanctions",
                rule="ACT-2",
            )
        acase.tier = tier
        acase.sanctions.set(chosen)
        fields.append("tier")
    now = clock.now()
    acase.review_outcome, acase.review_text, acase.review_decided_at = outcome, text, now
    acase.status, acase.closed_at = Status.CLOSED, now
    late = now > clocks.review_due(acase)
    _done(
        acase,
        actor=actor,
        action=Action.REVIEW,
        before=before,
        from_status=from_status,
        fields=fields,
        note=f"{ReviewOutcome(outcome).label}" + (_("；超过复核期限（ACC-11）") if late else ""),
    )
    return acase


@transaction.atomic
def case_close(*, actor, acase, expected_version=None):
    """办结: a served case whose appeal window (15 working days from receipt, ACC-11) has run out."""
    require_manage(actor, acase)
    acase = _locked(acase, expected_version)
    _require_state(acase, (Status.SERVED,), Action.CLOSE, "ACC-11")
    due = clocks.appeal_due(acase)
    if clock.now() <= due:
        raise RuleViolated(
            "appeal_window_open",
            _("申诉期至%(due)s届满，届满前不能办结（ACC-11）")
            % {"due": clock.local(due).strftime("%Y-%m-%d")},
            field="status",
            rule="ACC-11",
        )
    before, from_status = audit_snapshot(acase), acase.status
    acase.status, acase.closed_at = Status.CLOSED, clock.now()
    _done(
        acase,
        actor=actor,
        action=Action.CLOSE,
        before=before,
        from_status=from_status,
        fields=["status", "closed_at"],
    )
    return acase


def grounds_of(catalogue_code: str):
    return Ground.objects.filter(catalogue=catalogue_code)
