"""Choices of the oversight app (English values, Chinese labels)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AlertKind(models.TextChoices):
    """What an alert is about; later anomaly kinds (异常) join this list."""

    DEADLINE_NEAR = "deadline_near", _("临近期限")
    OVERDUE = "overdue", _("超过期限")
    # Anomalies (异常预警, issue #6 §5; oversight.anomalies, rules ANO-1..6).
    DISCRETION_EXCEEDED = "discretion_exceeded", _("超出裁量范围")
    SAME_HANDLER_APPROVER = "same_handler_approver", _("同一人承办并审批")
    DONE_WITHOUT_POST = "done_without_post", _("非本岗位人员办理")
    DECISION_CHANGED = "decision_changed", _("审批后变更决定")
    SUSPENSION_OVERDUE = "suspension_overdue", _("中止计时超期")
    REPEATED_REFUSAL = "repeated_refusal", _("多次拒绝同一申请人")


class AlertLevel(models.TextChoices):
    """黄牌/红牌预警."""

    YELLOW = "yellow", _("黄牌")
    RED = "red", _("红牌")


class AlertStatus(models.TextChoices):
    OPEN = "open", _("待处理")
    ACKNOWLEDGED = "acknowledged", _("已签收")
    EXPLAINED = "explained", _("已说明")
    ESCALATED = "escalated", _("已上报")
    CLOSED = "closed", _("已关闭")


class SubjectType(models.TextChoices):
    TASK = "task", _("办理环节")
    CASE = "case", _("办件")


class EscalationTarget(models.TextChoices):
    LEADER = "leader", _("分管领导")
    DISCIPLINE = "discipline", _("纪检监察机构")


class AlertAction(models.TextChoices):
    ACKNOWLEDGE = "acknowledge", _("签收")
    EXPLAIN = "explain", _("说明情况")
    ESCALATE = "escalate", _("上报")
    CLOSE = "close", _("关闭")


# The level of each kind, and the rule each cites (core.rules).
KIND_LEVEL = {
    AlertKind.DEADLINE_NEAR: AlertLevel.YELLOW,
    AlertKind.OVERDUE: AlertLevel.RED,
    AlertKind.DISCRETION_EXCEEDED: AlertLevel.RED,
    AlertKind.SAME_HANDLER_APPROVER: AlertLevel.RED,
    AlertKind.DONE_WITHOUT_POST: AlertLevel.RED,
    AlertKind.DECISION_CHANGED: AlertLevel.RED,
    AlertKind.SUSPENSION_OVERDUE: AlertLevel.YELLOW,
    AlertKind.REPEATED_REFUSAL: AlertLevel.YELLOW,
}
KIND_RULE = {
    AlertKind.DEADLINE_NEAR: "OVS-1",
    AlertKind.OVERDUE: "CASE-10",
    AlertKind.DISCRETION_EXCEEDED: "ANO-1",
    AlertKind.SAME_HANDLER_APPROVER: "ANO-2",
    AlertKind.DONE_WITHOUT_POST: "ANO-3",
    AlertKind.DECISION_CHANGED: "ANO-4",
    AlertKind.SUSPENSION_OVERDUE: "ANO-5",
    AlertKind.REPEATED_REFUSAL: "ANO-6",
}
# The time-limit kinds the scan raises; the others are anomalies (异常), raised by oversight.anomalies.
DEADLINE_KINDS = (AlertKind.DEADLINE_NEAR, AlertKind.OVERDUE)
ANOMALY_KINDS = tuple(k for k in AlertKind if k not in DEADLINE_KINDS)
# Not closed: what the "at most one open alert per subject and kind" constraint counts.
LIVE_STATUSES = [s for s in AlertStatus.values if s != AlertStatus.CLOSED]


class OrderStatus(models.TextChoices):
    """A supervision order's life (督办, CASE-17/21): issued, replied in writing, verified, closed."""

    ISSUED = "issued", _("已督办")
    REPLIED = "replied", _("已答复")
    VERIFIED = "verified", _("已核实")
    CLOSED = "closed", _("已办结")


class OrderSource(models.TextChoices):
    """Where a supervision order comes from: a red alert, a case, a collective decision's follow-up
    (a later module, which names its record in ``source_ref``), or by hand with a subject."""

    ALERT = "alert", _("红牌预警")
    CASE = "case", _("办件")
    DECISION = "decision", _("集体决策事项")
    MANUAL = "manual", _("人工督办")


class OrderAction(models.TextChoices):
    """The steps of an order's life, as recorded in its history (OrderEvent)."""

    ISSUE = "issue", _("发出督办")
    REPLY = "reply", _("书面答复")
    ACCEPT = "accept", _("核实通过")
    REJECT = "reject", _("核实不通过")
    CLOSE = "close", _("办结")
    ESCALATE = "escalate", _("逾期未答复上报")


class ReplyVerdict(models.TextChoices):
    """The issuer's verification of a written reply."""

    PENDING = "pending", _("待核实")
    ACCEPTED = "accepted", _("通过")
    REJECTED = "rejected", _("不通过")
