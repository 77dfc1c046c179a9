"""Helpers every decisions service shares: text checks, row locks, who is the principal leader,
and the record of refused attempts that the discipline office sees (八不准, DEC-60..DEC-65)."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from sunshine.core import clock
from sunshine.core.audit import audit_record
from sunshine.core.errors import Conflict, InvalidInput, RuleViolated
from sunshine.decisions import errors
from sunshine.decisions.choices import NoticeKind
from sunshine.decisions.models import DisciplineNotice
from sunshine.org.models import Person
from sunshine.org.services.leadership import is_principal_of


def body_of(unit):
    return unit if unit.body_id in (None, unit.pk) else unit.body


def text(value, field: str, message: str, *, rule: str | None = None, limit: int = 5000) -> str:
    value = (value or "").strip()
    if not value:
        raise InvalidInput(errors.REQUIRED, message, field=field, rule=rule)
    if len(value) > limit:
        raise InvalidInput("too_long", _("内容过长（最多%(n)d字）") % {"n": limit}, field=field)
    return value


def optional_text(value, field: str, *, limit: int = 5000) -> str:
    value = (value or "").strip()
    if len(value) > limit:
        raise InvalidInput("too_long", _("内容过长（最多%(n)d字）") % {"n": limit}, field=field)
    return value


def choice(value, choices, field: str, message: str) -> str:
    if value not in choices.values:
        raise InvalidInput("invalid_choice", message, field=field)
    return value


def locked(obj, expected_version: int | None = None, message: str | None = None):
    """``obj``'s row, locked for the change; Conflict when the caller read ``expected_version`` and
    someone changed it meanwhile (the API and the pages pass it; internal callers need not)."""
    fresh = type(obj).objects.select_for_update().get(pk=obj.pk)
    if expected_version is not None and fresh.version != expected_version:
        raise Conflict(errors.STALE, message or _("记录已被他人修改，请刷新后重试"))
    return fresh


def save(obj, fields: list[str]) -> None:
    obj.version += 1
    obj.save(update_fields=[*fields, "version", "updated_at"])


def display(user) -> str:
    return (user.full_name or user.username) if user is not None else ""


def is_principal(user, body_id: int) -> bool:
    """``user`` holds a current principal post (主要负责人) of the body (org.services.leadership)."""
    if user is None or not user.is_authenticated:
        return False
    person = Person.objects.filter(user=user).first()
    return person is not None and is_principal_of(person, body_id)


# --- Refused attempts (八不准) -----------------------------------------------------------------------


class Restrained(RuleViolated):
    """A refusal the discipline office must see (DEC-60..DEC-65, DEC-54): raised like any RuleViolated;
    :func:`records_refusals` writes a DisciplineNotice and an audit record after the rollback."""

    def __init__(self, code, message, *, field=None, rule, body_id: int, topic=None, meeting=None, action=""):
        super().__init__(code, message, field=field, rule=rule)
        self.body_id = body_id
        self.topic = topic
        self.meeting = meeting
        self.action = action


def notice(*, kind: str, rule: str, body_id: int, actor, action: str, message: str, topic=None, meeting=None):
    """Write one DisciplineNotice and its audit record in the current transaction."""
    item = DisciplineNotice.objects.create(
        body_id=body_id,
        kind=kind,
        rule=rule,
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        message=str(message),
        topic=topic,
        meeting=meeting,
        at=clock.now(),
    )
    audit_record(actor=actor, action="decisions.discipline_notice", target=item)
    return item


def records_refusals(service: Callable[..., Any]) -> Callable[..., Any]:
    """Run ``service`` atomically; when it refuses with :class:`Restrained`, keep a record of the
    attempt for the discipline office even though the service's own changes roll back."""
    atomic = transaction.atomic(service)

    @functools.wraps(service)
    def wrapper(*args, **kwargs):
        try:
            return atomic(*args, **kwargs)
        except Restrained as refusal:
            with transaction.atomic():
                notice(
                    kind=NoticeKind.REFUSED,
                    rule=refusal.rule,
                    body_id=refusal.body_id,
                    actor=kwargs.get("actor"),
                    action=refusal.action or f"decisions.{service.__name__}",
                    message=refusal.message,
                    topic=refusal.topic,
                    meeting=refusal.meeting,
                )
            raise

    return wrapper
