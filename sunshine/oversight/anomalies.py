"""Anomaly rules (异常预警, issue #6 §5; PUB-18, CAT-126, CAT-128): irregular handling of a case,
raised as alerts of the same model and life cycle as the time-limit alerts (OVS-2: acknowledged,
explained and closed, or escalated; never deleted).

The rules, each with its ID (core.rules) and the case event that triggers it
(sunshine.cases.signals; the periodic suspension check is oversight.suspensions):

- ANO-1 decision outside the discretion range — ``decision_recorded`` with ``out_of_range``;
- ANO-2 the same person handling and approving one case — ``decision_recorded`` (the deciding
  actor) and ``task_completed`` of a step whose post is a leader's post (the approving actor),
  when that actor completed an earlier handling step of the same case (see ``handled_before``);
- ANO-3 a step completed by someone without the post — ``task_completed``: the actor held no
  holding of the step's post on the day and was not given the step by a recorded action
  (``legitimately_given``, an allow-list other task actions can extend);
- ANO-4 a decision changed after approval — ``decision_changed``;
- ANO-6 repeated refusals to one applicant — ``case_refused``: the N-th (and every later) refusal
  of the same applicant by the same body within M days (per-body settings, default 3 in 180).

Receivers run inside the sender's transaction: the alert is written with the case's change, and a
rule that fails rolls the step back (the step is not lost: it is not done, and the person is told;
docs/decisions/0009-anomaly-rules.md). Each alert goes at once to the responsible person, their
leader and the body's discipline office (services.recipients_of). Raising is idempotent: at most
one live alert per subject and kind (the partial unique constraints of Alert).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from sunshine.cases import signals
from sunshine.cases.choices import TaskStatus
from sunshine.cases.models import Case, CaseTask
from sunshine.core import clock
from sunshine.core.audit import audit_record
from sunshine.core.models import AuditRecord, User
from sunshine.core.notifications import notify
from sunshine.org.choices import PostKind
from sunshine.org.models import Post, PostHolding
from sunshine.oversight.choices import (
    ANOMALY_KINDS,
    KIND_LEVEL,
    KIND_RULE,
    AlertKind,
    AlertStatus,
    SubjectType,
)
from sunshine.oversight.models import (
    DEFAULT_REFUSAL_COUNT,
    DEFAULT_REFUSAL_WINDOW_DAYS,
    Alert,
    ApplicantRefusal,
    OversightSetting,
)

# Posts whose step is an approval (审批/决定): the leaders' posts. Every other done step of a case
# (acceptance, review, check, service…, or a step whose lane names no post) is handling (承办).
APPROVING_POST_KINDS = frozenset({PostKind.DEPUTY_LEADER, PostKind.PRINCIPAL})


# --- Raising an anomaly alert --------------------------------------------------------------------------


def live_alert(*, kind: str, case, task=None) -> Alert | None:
    alerts = Alert.objects.filter(kind=kind).exclude(status=AlertStatus.CLOSED)
    if task is not None:
        return alerts.filter(task=task).first()
    return alerts.filter(case=case, task__isnull=True).first()


def raise_anomaly(
    *, kind: str, case: Case, message: str, task: CaseTask | None = None, responsible=None, facts=None
) -> Alert | None:
    """Write one anomaly alert on ``task`` (or on the case itself) unless a live one of the kind is
    there already (then None; a repeat is audited on the live alert, so nothing passes unseen)."""
    existing = live_alert(kind=kind, case=case, task=task)
    if existing is not None:
        audit_record(actor=None, action="oversight.anomaly_repeat", target=existing, note=message)
        return None
    now = clock.now()
    try:
        with transaction.atomic():  # a savepoint: a concurrent twin leaves the step's transaction usable
            alert = Alert.objects.create(
                kind=kind,
                level=KIND_LEVEL[kind],
                rule=KIND_RULE[kind],
                subject_type=SubjectType.TASK if task is not None else SubjectType.CASE,
                case=case,
                task=task,
                body_id=case.body_id,
                department_id=case.department_id,
                responsible=responsible,
                post_id=task.post_id if task is not None and responsible is None else None,
                due_at=(task.due_at if task is not None else None) or case.due_at or now,
                message=message,
                raised_at=now,
            )
    except IntegrityError:
        if live_alert(kind=kind, case=case, task=task) is not None:
            return None  # a concurrent event raised the same alert first
        raise
    audit_record(
        actor=None, action="oversight.anomaly_raise", target=alert, extra={"facts": facts} if facts else None
    )
    notify_anomalies([alert], now=now)
    return alert


def notify_anomalies(alerts: list[Alert], *, now: dt.datetime) -> None:
    """An anomaly goes to the responsible person, their leader and the discipline office at once
    (whatever its level), and is marked notified so that the scan's notifier passes it by."""
    from sunshine.oversight.services import recipients_of

    people = recipients_of(alerts)
    for alert in alerts:
        who = people[alert.pk]
        notify(
            actor=None,
            recipients=User.objects.filter(pk__in={*who.responsible, *who.leaders, *who.inspectors}),
            title=_("异常预警：%(message)s") % {"message": alert.message},
            body=_("依据 %(rule)s。请责任人及时说明情况。") % {"rule": alert.rule},
            link=reverse("oversight:alert_detail", args=[alert.pk]),
            category="oversight",
        )
    Alert.objects.filter(pk__in=[a.pk for a in alerts]).update(notified_at=now)


def describe(alert: Alert) -> str:
    """What an anomaly alert says, in the page's language (``message`` is the Chinese record)."""
    values = {"number": alert.case.number, "step": alert.task.name if alert.task_id else ""}
    texts = {
        AlertKind.DISCRETION_EXCEEDED: _("办件%(number)s的“%(step)s”环节作出的决定超出裁量基准范围"),
        AlertKind.SAME_HANDLER_APPROVER: _("办件%(number)s由同一人承办并审批（“%(step)s”环节）"),
        AlertKind.DONE_WITHOUT_POST: _("办件%(number)s的“%(step)s”环节由不在该岗位的人员办理"),
        AlertKind.DECISION_CHANGED: _("办件%(number)s的决定在审批后被变更"),
        AlertKind.SUSPENSION_OVERDUE: _("办件%(number)s中止计时超过时限"),
        AlertKind.REPEATED_REFUSAL: _("办件%(number)s的申请人在统计期内多次被拒绝"),
    }
    return texts[alert.kind] % values


def is_anomaly(alert: Alert) -> bool:
    return alert.kind in ANOMALY_KINDS


def _who(user) -> str:
    return (user.full_name or user.username) if user is not None else "系统"


# --- ANO-1 and ANO-2: decisions and approvals ----------------------------------------------------------


def handled_before(case: Case, actor, *, approving_task: CaseTask | None) -> list[CaseTask]:
    """The steps of ``case`` the actor handled (承办) before approving: done steps completed by
    them whose post is not a leader's post, other than the approving step itself."""
    steps = CaseTask.objects.filter(case=case, status=TaskStatus.DONE, completed_by=actor).exclude(
        post__kind__in=APPROVING_POST_KINDS
    )
    if approving_task is not None:
        steps = steps.exclude(pk=approving_task.pk)
    return list(steps.order_by("completed_at", "id"))


def check_same_handler_approver(*, case: Case, task: CaseTask | None, actor) -> Alert | None:
    """ANO-2 (CAT-126: handling separated from review and decision)."""
    if actor is None:
        return None
    handled = handled_before(case, actor, approving_task=task)
    if not handled:
        return None
    names = "、".join(f"“{t.name}”" for t in handled)
    where = f"“{task.name}”环节" if task is not None else "决定"
    return raise_anomaly(
        kind=AlertKind.SAME_HANDLER_APPROVER,
        case=case,
        task=task,
        responsible=actor,
        message=f"办件{case.number}由{_who(actor)}承办（{names}）并审批（{where}）",
        facts={"handled": [t.pk for t in handled], "approver": actor.pk},
    )


def on_decision_recorded(sender, *, case, task=None, actor=None, decision=None, out_of_range=False, **kwargs):
    if out_of_range:
        step = f"的“{task.name}”环节" if task is not None else ""
        raise_anomaly(
            kind=AlertKind.DISCRETION_EXCEEDED,
            case=case,
            task=task,
            responsible=actor,
            message=f"办件{case.number}{step}作出的决定超出裁量基准范围（{_who(actor)}）",
            facts={"decision": getattr(decision, "pk", None)},
        )
    check_same_handler_approver(case=case, task=task, actor=actor)


def on_decision_changed(sender, *, case, actor=None, decision=None, before=None, after=None, **kwargs):
    """ANO-4: a decision altered after it was approved."""
    before, after = before or {}, after or {}
    changed = sorted(k for k in {*before, *after} if before.get(k) != after.get(k))
    raise_anomaly(
        kind=AlertKind.DECISION_CHANGED,
        case=case,
        responsible=actor,
        message=f"办件{case.number}的决定在审批后被{_who(actor)}变更（{'、'.join(changed) or '内容'}）",
        facts={"decision": getattr(decision, "pk", None), "changed": changed},
    )


# --- ANO-3: a step done by someone without the post -----------------------------------------------------

ASSIGNING_ACTIONS = {"cases.task_claim"}  # audited actions that set a step's assignee
Allowance = Callable[[CaseTask, object], bool]
ALLOWANCES: list[Allowance] = []


def allow(check: Allowance) -> Allowance:
    """Register a way a person may legitimately be given a step without holding its post (transfer,
    delegation, stand-in…): ``check(task, actor) -> bool``. Usable as a decorator."""
    ALLOWANCES.append(check)
    return check


def assign_action(action: str) -> None:
    """Declare an audited action (e.g. 'cases.task_transfer') whose ``after.assignee_id`` gives
    the step to someone: a step so given is theirs to do."""
    ASSIGNING_ACTIONS.add(action)


@allow
def assigned_by_record(task: CaseTask, actor) -> bool:
    """The step was given to the actor by an audited action (claim, transfer, delegation…)."""
    records = AuditRecord.objects.filter(
        object_type=CaseTask._meta.label_lower, object_id=str(task.pk), action__in=ASSIGNING_ACTIONS
    ).values_list("payload", flat=True)
    for payload in records:
        after = (json.loads(payload).get("after") or {}) if payload else {}
        if after.get("assignee_id") == actor.pk:
            return True
    return False


@allow
def given_by_task_action(task: CaseTask, actor) -> bool:
    """The step was transferred (转办) or delegated (委派) to the actor, or the actor did it as the
    stand-in (代理) of the person it belonged to (cases.actions, TASK-2..4)."""
    from sunshine.cases.action_models import ActionKind, TaskAction

    return (
        TaskAction.objects.filter(task=task)
        .filter(
            Q(kind__in=[ActionKind.TRANSFER, ActionKind.DELEGATE], person=actor)
            | Q(kind=ActionKind.STAND_IN, actor=actor)
        )
        .exists()
    )


def held_post(actor, post_id: int, day: dt.date) -> bool:
    """The actor held the post on ``day`` (a holding started on or before it, not ended before it)."""
    return (
        PostHolding.objects.filter(post_id=post_id, person__user=actor, start_date__lte=day)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=day))
        .exists()
    )


def legitimately_given(task: CaseTask, actor) -> bool:
    return any(check(task, actor) for check in ALLOWANCES)


def check_done_without_post(*, case: Case, task: CaseTask, actor) -> Alert | None:
    """ANO-3: only steps whose lane names a post are checked (others are open to the department)."""
    if actor is None or task.post_id is None:
        return None
    day = clock.local(task.completed_at or clock.now()).date()
    if held_post(actor, task.post_id, day) or legitimately_given(task, actor):
        return None
    post = Post.objects.filter(pk=task.post_id).values_list("name", flat=True).first() or task.lane
    return raise_anomaly(
        kind=AlertKind.DONE_WITHOUT_POST,
        case=case,
        task=task,
        responsible=actor,
        message=f"办件{case.number}的“{task.name}”环节由{_who(actor)}办理，其不在“{post}”岗位",
        facts={"post": task.post_id, "actor": actor.pk},
    )


def on_task_completed(sender, *, case, task, actor=None, **kwargs):
    check_done_without_post(case=case, task=task, actor=actor)
    if (
        task.post_id is not None
        and Post.objects.filter(pk=task.post_id, kind__in=APPROVING_POST_KINDS).exists()
    ):
        check_same_handler_approver(case=case, task=task, actor=actor)


# --- ANO-6: repeated refusals to one applicant ----------------------------------------------------------


def applicant_key(case: Case) -> str:
    """Who applied: the id number (证件号码) when the case has one, else name and contact."""
    number = "".join((case.applicant_id_number or "").split()).upper()
    if number:
        return f"id:{number}"
    name = "".join((case.applicant_name or "").split())
    contact = "".join((case.applicant_contact or "").split())
    return f"nc:{name}|{contact}"


def refusal_thresholds(body_id: int) -> tuple[int, int]:
    row = OversightSetting.objects.filter(body_id=body_id).values_list("refusal_count", "refusal_window_days")
    return row.first() or (DEFAULT_REFUSAL_COUNT, DEFAULT_REFUSAL_WINDOW_DAYS)


def on_case_refused(sender, *, case, actor=None, **kwargs):
    now = clock.now()
    key = applicant_key(case)
    _row, created = ApplicantRefusal.objects.get_or_create(
        case=case, defaults={"body_id": case.body_id, "applicant_key": key, "actor": actor, "refused_at": now}
    )
    if not created:
        return  # the same case's refusal told twice counts once
    count, days = refusal_thresholds(case.body_id)
    recent = list(
        ApplicantRefusal.objects.filter(
            body_id=case.body_id, applicant_key=key, refused_at__gte=now - dt.timedelta(days=days)
        )
        .order_by("refused_at", "id")
        .values_list("case__number", flat=True)
    )
    if len(recent) < count:
        return
    raise_anomaly(
        kind=AlertKind.REPEATED_REFUSAL,
        case=case,
        responsible=actor,
        message=(
            f"申请人{case.applicant_name}在{days}日内第{len(recent)}次被本单位拒绝（办件{'、'.join(recent)}）"
        ),
        facts={"applicant": key, "cases": recent, "threshold": count, "window_days": days},
    )


def connect() -> None:
    """Connect the rules to the case events (oversight's AppConfig.ready)."""
    signals.decision_recorded.connect(
        on_decision_recorded, sender=Case, dispatch_uid="oversight.ano.decision"
    )
    signals.decision_changed.connect(on_decision_changed, sender=Case, dispatch_uid="oversight.ano.changed")
    signals.task_completed.connect(on_task_completed, sender=Case, dispatch_uid="oversight.ano.task")
    signals.case_refused.connect(on_case_refused, sender=Case, dispatch_uid="oversight.ano.refused")
