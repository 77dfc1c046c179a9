"""Input checks shared by the catalog services; each names its field."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from sunshine.catalog import errors
from sunshine.core.errors import InvalidInput
from sunshine.org.services._common import alive, choice, text

__all__ = ["alive", "amount", "choice", "limit", "rating", "text"]


def limit(value, *, field: str, label: str) -> int | None:
    """A time limit: empty, or a whole number of at least 1."""
    if value in (None, ""):
        return None
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = 0
    if number < 1 or number > 3650:
        raise InvalidInput(errors.INVALID, _("%(label)s须为1至3650的整数") % {"label": label}, field=field)
    return number


def rating(value, *, field: str, label: str) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = 0
    if number not in (1, 2, 3):
        raise InvalidInput(errors.INVALID, _("%(label)s须为1、2或3") % {"label": label}, field=field)
    return number


def amount(value, *, field: str, label: str) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        number = Decimal(-1)
    if number < 0 or number >= Decimal("1e12"):
        raise InvalidInput(errors.INVALID, _("%(label)s须为不小于0的金额") % {"label": label}, field=field)
    return number


def body_member(value, model, body_id: int, *, field: str, message: str):
    """A post or person (the object or its id) of the body ``body_id``, or None when not given;
    a removed one, or one of another body, is refused on ``field``."""
    if value in (None, ""):
        return None
    if isinstance(value, int | str):
        value = model.objects.filter(pk=value).select_related("unit").first()
    if value is None or value.deleted_at is not None or value.unit.body_id != body_id:
        raise InvalidInput(errors.INVALID, message, field=field)
    return value
