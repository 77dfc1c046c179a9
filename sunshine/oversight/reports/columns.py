"""The columns of a report table, shared by the page and the workbook (labels are msgids)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

# (key, label, kind): kind "text", "int", "rate" (%), "hours".
COLUMNS = [
    ("cases", _("办件数"), "int"),
    ("steps", _("办理环节数"), "int"),
    ("on_time", _("按时办理环节"), "int"),
    ("on_time_rate", _("按时率(%)"), "rate"),
    ("avg_hours", _("平均用时(小时)"), "hours"),
    ("slowest_hours", _("最长用时(小时)"), "hours"),
    ("closed", _("办结办件"), "int"),
    ("closed_on_time_rate", _("办件按时办结率(%)"), "rate"),
    ("alerts", _("预警"), "int"),
    ("red", _("红牌"), "int"),
    ("orders", _("督办"), "int"),
    ("replied", _("已答复"), "int"),
    ("replied_late", _("逾期答复"), "int"),
    ("unanswered_overdue", _("逾期未答复"), "int"),
]

LEVEL_LABELS = {
    "body": _("单位"),
    "department": _("科室"),
    "post": _("岗位"),
    "person": _("人员"),
}

RULE_COLUMNS = [("rule", _("依据")), ("kind", _("预警类型")), ("alerts", _("预警")), ("red", _("红牌"))]
