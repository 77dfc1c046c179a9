"""A body's 议事决策规范 (DEC-229): the kinds that count as 三重一大, the money thresholds, the
prerequisites each kind needs, the quorum per meeting kind and the lead times. Settings, never
constants: the seeds leave "XX万元" and "提前X个工作日" to each body (DEC-3, DEC-212)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext as _

from sunshine.core.audit import audit_record, audit_snapshot
from sunshine.core.errors import InvalidInput
from sunshine.core.permissions import require_permission
from sunshine.decisions import errors
from sunshine.decisions.choices import MeetingKind, Prerequisite, TopicKind
from sunshine.decisions.models import ScopeSettings
from sunshine.decisions.services._common import body_of, locked, save

MIN_NOTICE_WORKDAYS = 1  # DEC-212: 细则 "at least 1 working day"
MIN_PUBLIC_COMMENT_WORKDAYS = 5  # PUB-12: "不少于5个工作日"


def settings_for(body) -> ScopeSettings:
    """The body's settings; an unsaved row with the product defaults when it has none yet."""
    body = body_of(body)
    found = ScopeSettings.objects.filter(body=body).first()
    return found or ScopeSettings(body=body)


def _stored(body) -> ScopeSettings:
    body = body_of(body)
    ScopeSettings.objects.bulk_create([ScopeSettings(body=body)], ignore_conflicts=True)
    return ScopeSettings.objects.get(body=body)


def classify(settings: ScopeSettings, kind: str, amount: Decimal | None) -> bool:
    """Whether a topic is a 三重一大 matter of the body (DEC-3, DEC-202, DEC-203): an enabled kind,
    and for projects and funds an amount at or above the threshold (以上 includes the number)."""
    if kind not in settings.enabled_kinds:
        return False
    if kind == TopicKind.PROJECT:
        return amount is not None and amount >= settings.project_threshold
    if kind == TopicKind.FUNDS:
        return amount is not None and amount >= settings.funds_threshold
    return True


def required_prerequisites(settings: ScopeSettings, kind: str) -> list[str]:
    return [p for p in settings.prerequisites.get(kind, []) if p in Prerequisite.values]


def quorum_fraction(settings: ScopeSettings, meeting_kind: str, personnel: bool) -> tuple[int, int]:
    """(numerator, denominator) of members due who must be present (DEC-208, DEC-209)."""
    rules = settings.quorum.get(meeting_kind) or {"general": [1, 2], "personnel": [2, 3]}
    num, den = rules["personnel" if personnel else "general"]
    return int(num), int(den)


def _money(value, field: str) -> Decimal:
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise InvalidInput(errors.BAD_THRESHOLD, _("金额标准须为数字"), field=field) from None
    if amount <= 0:
        raise InvalidInput(errors.BAD_THRESHOLD, _("金额标准须大于零"), field=field, rule="DEC-3")
    return amount


def _fractions(quorum: dict) -> dict:
    clean = {}
    for kind, rules in quorum.items():
        if kind not in MeetingKind.values:
            raise InvalidInput(errors.BAD_THRESHOLD, _("会议类型无效"), field="quorum")
        kind = str(kind)
        clean[kind] = {}
        for key in ("general", "personnel"):
            try:
                num, den = (int(x) for x in rules[key])
            except (KeyError, TypeError, ValueError, AttributeError):
                raise InvalidInput(errors.BAD_THRESHOLD, _("到会比例须为分数"), field="quorum") from None
            if not (0 < num <= den):
                raise InvalidInput(
                    errors.BAD_THRESHOLD,
                    _("到会比例须大于零且不超过全体成员"),
                    field="quorum",
                    rule="DEC-208",
                )
            clean[kind][key] = [num, den]
    return clean


@transaction.atomic
def settings_save(*, actor, body, expected_version: int | None = None, **values) -> ScopeSettings:
    """Change the body's 议事决策规范 (DEC-229); each value checked against the seeds' floors."""
    body = body_of(body)
    require_permission(actor, "decisions.configure", body)
    current = _stored(body)
    current = locked(current, expected_version)
    before = audit_snapshot(current)
    changed = []
    if "enabled_kinds" in values:
        kinds = list(dict.fromkeys(values["enabled_kinds"] or []))
        if not kinds or any(k not in TopicKind.values for k in kinds):
            raise InvalidInput(
                errors.BAD_THRESHOLD, _("请至少启用一类三重一大事项"), field="enabled_kinds", rule="DEC-3"
            )
        current.enabled_kinds = [str(k) for k in kinds]
        changed.append("enabled_kinds")
    for field in ("project_threshold", "funds_threshold"):
        if field in values:
            setattr(current, field, _money(values[field], field))
            changed.append(field)
    if "prerequisites" in values:
        prereqs = values["prerequisites"] or {}
        if any(k not in TopicKind.values for k in prereqs) or any(
            p not in Prerequisite.values for items in prereqs.values() for p in items
        ):
            raise InvalidInput(errors.BAD_THRESHOLD, _("前置程序设置无效"), field="prerequisites")
        current.prerequisites = {str(k): [str(p) for p in dict.fromkeys(v)] for k, v in prereqs.items()}
        changed.append("prerequisites")
    if "quorum" in values:
        current.quorum = _fractions(values["quorum"] or {})
        changed.append("quorum")
    if "notice_workdays" in values:
        n = values["notice_workdays"]
        if not isinstance(n, int) or n < MIN_NOTICE_WORKDAYS or n > 30:
            raise InvalidInput(
                errors.BAD_THRESHOLD,
                _("会议通知至少提前%(n)d个工作日") % {"n": MIN_NOTICE_WORKDAYS},
                field="notice_workdays",
                rule="DEC-212",
            )
        current.notice_workdays = n
        changed.append("notice_workdays")
    if "public_comment_workdays" in values:
        n = values["public_comment_workdays"]
        if not isinstance(n, int) or n < MIN_PUBLIC_COMMENT_WORKDAYS or n > 60:
            raise InvalidInput(
                errors.BAD_THRESHOLD,
                _("决策公开征求意见不少于%(n)d个工作日") % {"n": MIN_PUBLIC_COMMENT_WORKDAYS},
                field="public_comment_workdays",
                rule="PUB-12",
            )
        current.public_comment_workdays = n
        changed.append("public_comment_workdays")
    for field, rule in (("expert_lead_days", "DEC-16"), ("office_check_days", "DEC-216")):
        if field in values:
            n = values[field]
            if not isinstance(n, int) or not 1 <= n <= 60:
                raise InvalidInput(errors.BAD_THRESHOLD, _("天数须在1至60之间"), field=field, rule=rule)
            setattr(current, field, n)
            changed.append(field)
    if "principal_leaving" in values:
        current.principal_leaving = bool(values["principal_leaving"])
        changed.append("principal_leaving")
    if changed:
        save(current, changed)
        audit_record(actor=actor, action="decisions.settings_save", target=current, before=before)
    return current
