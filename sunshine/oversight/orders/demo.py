"""Demo supervision orders (issue #6 §6): from the demo's red alerts, one left overdue and
escalated, one replied and waiting for verification, one verified and closed — issued and handled
through the services on past dates, as the discipline inspector and the responsible clerk would."""

from __future__ import annotations

import datetime as dt

from sunshine.catalog.choices import Category
from sunshine.core import clock
from sunshine.core.errors import DomainError
from sunshine.core.models import User
from sunshine.core.permissions import has_permission
from sunshine.org.models import RoleAssignment
from sunshine.oversight import services as alert_services
from sunshine.oversight.choices import AlertKind, AlertLevel
from sunshine.oversight.models import Alert, SupervisionOrder
from sunshine.oversight.orders import services

REQUIREMENT = "该事项已超过法定期限。请于答复期限内书面报告延误原因、办理进展，并提出新的办结期限。"
# The responsible person's written reply (reason for the delay, progress), by the kind of power.
REPLIES = {
    Category.PENALTY: (
        "涉案设备需委托专业机构进行技术鉴定，承办执法人员同期另有专项检查任务，未能按期办结。",
        "已完成调查取证，正在进行法制审核，拟于审核后告知当事人陈述申辩权利。",
    ),
    None: (
        "申请人补正材料后需组织现场核查，核查人员另有执法任务，未能按期完成。",
        "已完成现场核查，正在起草初审意见。",
    ),
}
# (days ago issued, reply working days, what happens next)
PLAN = [(12, 3, "closed"), (6, 5, "replied"), (9, 2, "overdue")]


def _issuer(alert) -> User | None:
    for user_id in alert_services.recipients_of([alert])[alert.pk].inspectors:
        user = User.objects.filter(pk=user_id, is_active=True).first()
        if user is not None and has_permission(user, "oversight.order", alert):
            return user
    return None


def _responsible(alert) -> User | None:
    """The alert's responsible person; where nobody holding the post has an account (a step whose
    lane names no post), someone of the body who may handle oversight matters there (the leader in
    charge, as the demo's bureau has it)."""
    people = alert_services.recipients_of([alert])[alert.pk]
    in_body = (
        RoleAssignment.objects.filter(unit__body_id=alert.body_id)
        .order_by("id")
        .values_list("user_id", flat=True)
    )
    for user_id in dict.fromkeys([*people.responsible, *people.leaders, *in_body]):
        user = User.objects.filter(pk=user_id, is_active=True).first()
        if (
            user is not None
            and user.pk not in people.inspectors
            and has_permission(user, "oversight.handle", alert.department)
        ):
            return user
    return None


def load_orders() -> dict[str, int]:
    if SupervisionOrder.objects.exists():
        return {}
    # Orders about cases past their statutory limit (the requirement says so): not about a step's
    # own limit on the flowchart, nor about the anomaly alerts.
    alerts = (
        Alert.objects.filter(level=AlertLevel.RED, kind=AlertKind.OVERDUE, task__isnull=True)
        .select_related("case__power_version", "department")
        .order_by("id")
    )
    created = 0
    now = clock.now()
    plans = iter(PLAN)
    for alert in alerts:
        issuer, responsible = _issuer(alert), _responsible(alert)
        if issuer is None or responsible is None:
            continue
        plan = next(plans, None)
        if plan is None:
            break
        days, workdays, outcome = plan
        try:
            with clock.as_of(now - dt.timedelta(days=days)):
                order = services.order_issue(
                    actor=issuer,
                    department=alert.department,
                    responsible=responsible,
                    subject=alert.message,
                    requirement=REQUIREMENT,
                    reply_workdays=workdays,
                    alert=alert,
                )
            created += 1
            if outcome in ("replied", "closed"):
                with clock.as_of(now - dt.timedelta(days=days - 2)):
                    reason, progress = REPLIES.get(alert.case.power_version.category, REPLIES[None])
                    order = services.order_reply(
                        actor=responsible,
                        order=order,
                        reason=reason,
                        progress=progress,
                        new_deadline=now + dt.timedelta(days=7),
                    )
            if outcome == "closed":
                with clock.as_of(now - dt.timedelta(days=days - 3)):
                    order = services.order_verify(actor=issuer, order=order, accepted=True, note="情况属实。")
                with clock.as_of(now - dt.timedelta(days=1)):
                    services.order_close(actor=issuer, order=order, note="已按承诺期限办结。")
        except DomainError:
            continue  # e.g. a calendar year not loaded: fewer demo orders rather than none
    escalated = services.escalate_overdue()
    return {"supervision orders": created, "escalated": escalated}
