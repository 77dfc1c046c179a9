"""A body's oversight settings (电子监察设置): the yellow alert's warning lead (OVS-1) and the
thresholds of the anomaly rules (ANO-5 suspension limits, ANO-6 repeated refusals).

Who sets them: holders of ``oversight.configure`` over the body — the principal leader and the
discipline office by default (docs/decisions/0009-anomaly-rules.md). Business settings, so not the
three administrators (SEC-1: an administrator's role holds no business permission). A save is
checked against the version the person saw (``expected_version``; 0 for a body still on the
defaults) and audited.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from sunshine.cases.choices import SuspensionKind
from sunshine.core.audit import audit_record, audit_snapshot
from sunshine.core.errors import Conflict, InvalidInput
from sunshine.core.permissions import require_permission
from sunshine.oversight import suspensions
from sunshine.oversight.models import (
    DEFAULT_REFUSAL_COUNT,
    DEFAULT_REFUSAL_WINDOW_DAYS,
    DEFAULT_WARNING_LEAD_WORKDAYS,
    SUSPENSION_LIMIT_MAX_DAYS,
    OversightSetting,
)

PERMISSION = "oversight.configure"


@dataclass
class BodySettings:
    """What the settings page shows: the body's values (its own or the defaults) and the version
    a save must name (0 while the body has no row of its own)."""

    body: object
    warning_lead_workdays: int
    refusal_count: int
    refusal_window_days: int
    suspension_limits: dict[str, int]
    version: int


def settings_get(*, actor, body) -> BodySettings:
    require_permission(actor, PERMISSION, body)
    setting = OversightSetting.objects.filter(body=body).first()
    if setting is None:
        return BodySettings(
            body=body,
            warning_lead_workdays=DEFAULT_WARNING_LEAD_WORKDAYS,
            refusal_count=DEFAULT_REFUSAL_COUNT,
            refusal_window_days=DEFAULT_REFUSAL_WINDOW_DAYS,
            suspension_limits=suspensions.limits(),
            version=0,
        )
    return BodySettings(
        body=body,
        warning_lead_workdays=setting.warning_lead_workdays,
        refusal_count=setting.refusal_count,
        refusal_window_days=setting.refusal_window_days,
        suspension_limits=suspensions.limits(setting.suspension_limits),
        version=setting.version,
    )


def _number(value, *, field: str, low: int, high: int, message: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        try:
            value = int(str(value).strip())
        except (TypeError, ValueError):
            raise InvalidInput("invalid_number", message, field=field) from None
    if not low <= value <= high:
        raise InvalidInput("out_of_range", message, field=field)
    return value


def _limits(values: dict) -> dict[str, int]:
    result = {}
    for kind, label in SuspensionKind.choices:
        result[kind] = _number(
            values.get(kind),
            field=f"suspension_{kind}",
            low=1,
            high=SUSPENSION_LIMIT_MAX_DAYS,
            message=_("“%(kind)s”的中止时限须为1至%(max)d之间的整数（日）")
            % {"kind": label, "max": SUSPENSION_LIMIT_MAX_DAYS},
        )
    return result


@transaction.atomic
def settings_save(
    *,
    actor,
    body,
    expected_version: int,
    warning_lead_workdays,
    refusal_count,
    refusal_window_days,
    suspension_limits: dict,
) -> OversightSetting:
    """Save a body's oversight settings (OVS-1, ANO-5, ANO-6)."""
    require_permission(actor, PERMISSION, body)
    values = {
        "warning_lead_workdays": _number(
            warning_lead_workdays, field="warning_lead_workdays", low=0, high=30,
            message=_("黄牌预警提前量须为0至30之间的整数（工作日）"),
        ),
        "refusal_count": _number(
            refusal_count, field="refusal_count", low=2, high=20,
            message=_("重复拒绝预警次数须为2至20之间的整数"),
        ),
        "refusal_window_days": _number(
            refusal_window_days, field="refusal_window_days", low=1, high=3650,
            message=_("重复拒绝统计期须为1至3650之间的整数（日）"),
        ),
        "suspension_limits": _limits(suspension_limits or {}),
    }  # fmt: skip
    setting = OversightSetting.objects.select_for_update().filter(body=body).first()
    current = setting.version if setting is not None else 0
    if expected_version != current:
        raise Conflict("stale", _("设置已被他人修改，请刷新后重试"), field="version")
    if setting is None:
        try:
            with transaction.atomic():
                setting = OversightSetting.objects.create(body=body, created_by=actor, **values)
        except IntegrityError:  # created meanwhile by someone else
            raise Conflict("stale", _("设置已被他人修改，请刷新后重试"), field="version") from None
        audit_record(actor=actor, action="oversight.setting_update", target=setting, before=None)
        return setting
    before = audit_snapshot(setting)
    for name, value in values.items():
        setattr(setting, name, value)
    setting.version += 1
    setting.save(update_fields=[*values, "version", "updated_at"])
    audit_record(actor=actor, action="oversight.setting_update", target=setting, before=before)
    return setting
