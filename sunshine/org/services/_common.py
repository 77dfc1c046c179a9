"""Helpers shared by the org services: input checks that name their field, scope checks."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.utils.translation import gettext as _

from sunshine.core import clock
from sunshine.core.errors import InvalidInput, NotFound, NotPermitted
from sunshine.core.permissions import require_permission, scope_q
from sunshine.org import errors


def text(value: str | None, *, field: str, label: str, max_length: int, required: bool = True) -> str:
    """``value`` stripped; refused with the field named when missing or too long."""
    value = (value or "").strip()
    if required and not value:
        raise InvalidInput(errors.REQUIRED, _("请填写%(label)s") % {"label": label}, field=field)
    if len(value) > max_length:
        raise InvalidInput(
            errors.TOO_LONG,
            _("%(label)s不能超过%(n)d个字符") % {"label": label, "n": max_length},
            field=field,
        )
    return value


def reason_text(reason: str | None, *, field: str = "reason") -> str:
    return text(reason, field=field, label=_("原因"), max_length=500)


def choice(value: str, choices: type[models.TextChoices], *, field: str, label: str) -> str:
    if value not in choices.values:
        raise InvalidInput(errors.INVALID, _("%(label)s的取值无效") % {"label": label}, field=field)
    return value


def alive(obj, *, field: str):
    """Refuse a soft-deleted record given as input (a stale form, an old API id)."""
    if obj is None or getattr(obj, "deleted_at", None) is not None:
        raise NotFound("not_found", _("记录不存在或已作废"), field=field)
    return obj


def date_or_today(value: dt.date | None) -> dt.date:
    return value or clock.today()


def has_full_scope(actor, perm: str) -> bool:
    """The actor holds ``perm`` over every unit (data scope "all"), or is the system."""
    if actor is None:
        return True
    return not scope_q(actor, perm, "unit")


def require_full_scope(actor, perm: str, *, code: str, message: str, field: str | None = None) -> None:
    require_permission(actor, perm)
    if not has_full_scope(actor, perm):
        raise NotPermitted(code, message, field=field, rule="SEC-7")
