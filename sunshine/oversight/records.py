"""Electronic supervision of the clocks of records other than cases (issue #9 §1: "each clock runs on
the working-day calendar and raises alerts like case clocks do"; OVS-1, OVS-2).

The apps hand their open clocks to oversight through ``watched_clocks`` on their AppConfig
(oversight.watched). The scan turns each into a record alert (``RecordAlert``):

* red when the clock is overdue (its due time is past), yellow when it falls within the body's
  warning lead (the same per-body setting as case alerts, OVS-1, in working days via
  sunshine.workdays); a red alert closes the clock's live yellow one (superseded);
* once per clock key, level and due time (the model's unique constraint: running the scan twice, or
  two scans at once, adds nothing twice; a closed alert is not raised again until the due time moves);
* resolved (``resolved_at``) when a live alert's clock is no longer returned on that due time: the
  clock was met, stopped, or moved by an extension. A resolved yellow alert is closed with it (the
  deadline never passed); a resolved red one stays for the discipline office to close once its
  lateness is explained (OVS-2: an alert never disappears silently).

If any source fails, the scan raises what the others returned but resolves nothing: an alert whose
clock was not asked about cannot be said to be met.

Notifying: the responsible user of each new alert; for red ones, or when the clock names nobody,
also the body's discipline inspectors (those who may close alerts there, like case alerts). The
record scan is small (open clocks of a few hundred records, not a million steps), so it notifies in
its own transaction rather than through the queued notifier.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from sunshine.core import clock
from sunshine.core.audit import audit_record
from sunshine.core.errors import NotPermitted
from sunshine.core.models import User
from sunshine.core.permissions import has_permission, require_permission
from sunshine.core.system import system_actor, system_source
from sunshine.oversight import errors, services
from sunshine.oversight.choices import AlertLevel, AlertStatus
from sunshine.oversight.models import DEFAULT_WARNING_LEAD_WORKDAYS, RecordAlert
from sunshine.oversight.watched import WatchedClock, clock_sources

logger = logging.getLogger(__name__)

RESOLVED_NOTE = "时限已满足或已变更，黄牌预警自动关闭"  # stored record, in Chinese
SUPERSEDED_NOTE = "已超过期限，由红牌预警取代"


@dataclass
class RecordScanResult:
    counts: dict[str, int] = field(
        default_factory=lambda: {"yellow": 0, "red": 0, "superseded": 0, "resolved": 0, "failed_sources": 0}
    )


def _cutoffs(now: dt.datetime) -> tuple[dt.datetime | None, dict[int, dt.datetime]]:
    """The default yellow cutoff and the bodies' own (OVS-1); (None, {}) when the calendar cannot
    count (CAL-1: red alerts still run, yellow ones wait for the calendar)."""
    today = clock.local(now).date()
    try:
        default = services._yellow_cutoff(today, DEFAULT_WARNING_LEAD_WORKDAYS)
        special = {
            body: services._yellow_cutoff(today, lead) for body, lead in services.warning_leads().items()
        }
    except Exception as error:  # CalendarYearMissing
        logger.warning("record scan: no yellow alerts, the calendar cannot count: %s", error)
        return None, {}
    return default, special


def open_clocks(due_before: dt.datetime) -> tuple[list[WatchedClock], bool]:
    """Every source's open clocks due before ``due_before``; and whether every source answered."""
    found: list[WatchedClock] = []
    complete = True
    for source in clock_sources():
        try:
            found.extend(source(due_before=due_before))
        except Exception:
            logger.exception("record scan: clock source %s failed", getattr(source, "__name__", source))
            complete = False
    return found, complete


def level_of(watched: WatchedClock, now: dt.datetime, default, special) -> str | None:
    """Red when overdue, yellow within the body's lead, else none (OVS-1)."""
    if watched.due_at <= now:
        return AlertLevel.RED
    cutoff = special.get(watched.body_id, default)
    if cutoff is not None and watched.due_at < cutoff:
        return AlertLevel.YELLOW
    return None


def _message(watched: WatchedClock, level: str) -> str:
    """The stored text of the alert (the record, in Chinese whatever the run's language)."""
    if level == AlertLevel.RED:
        return f"{watched.label}已超过期限（{watched.rule}）"
    return f"{watched.label}临近期限（{watched.rule}）"


def scan(now: dt.datetime | None = None, *, notify_people: bool = True) -> RecordScanResult:
    """Raise the missing yellow and red record alerts, supersede yellow by red, resolve the alerts
    whose clock is no longer open on their due time. Idempotent (see the module's docstring)."""
    if system_source() is None:
        with system_actor("oversight.record_scan"):
            return scan(now, notify_people=notify_people)
    now = now or clock.now()
    result = RecordScanResult()
    default, special = _cutoffs(now)
    due_before = max([now, *(c for c in [default, *special.values()] if c is not None)])
    watched, complete = open_clocks(due_before)
    if not complete:
        result.counts["failed_sources"] = 1
    with transaction.atomic():
        created = _raise(watched, now=now, default=default, special=special, result=result)
        resolved = _resolve(watched, now=now, result=result) if complete else []
        if created or resolved or result.counts["superseded"]:
            audit_record(
                actor=None,
                action="oversight.record_scan",
                object_type="oversight.recordalert",
                object_id=min(a.pk for a in created) if created else None,
                label=_("其他事项时限扫描"),
                after={
                    "red": [a.pk for a in created if a.level == AlertLevel.RED],
                    "yellow": [a.pk for a in created if a.level == AlertLevel.YELLOW],
                    "superseded": result.counts["superseded"],
                    "resolved": resolved,
                },
            )
        if notify_people and created:
            notify_new(created, now=now)
    return result


def _raise(watched, *, now, default, special, result: RecordScanResult) -> list[RecordAlert]:
    wanted = {}
    for c in watched:
        level = level_of(c, now, default, special)
        if level is not None:
            wanted[(c.key, level, c.due_at)] = (c, level)
    if not wanted:
        return []
    keys = {key for key, _level, _due in wanted}
    existing = set(RecordAlert.objects.filter(clock_key__in=keys).values_list("clock_key", "level", "due_at"))
    created = []
    for (key, level, due_at), (c, _level) in wanted.items():
        if (key, level, due_at) in existing:
            continue
        alert = RecordAlert(
            clock_key=key, level=level, status=AlertStatus.OPEN, rule=c.rule, label=c.label[:200],
            message=_message(c, level), url=c.url, body_id=c.body_id, responsible_id=c.responsible_id,
            due_at=due_at, raised_at=now,
        )  # fmt: skip
        try:
            with transaction.atomic():  # a concurrent scan inserted it first: nothing to do
                alert.save(force_insert=True)
        except IntegrityError:
            continue
        created.append(alert)
        result.counts[level] += 1
        if level == AlertLevel.RED:
            result.counts["superseded"] += RecordAlert.objects.filter(
                clock_key=key, level=AlertLevel.YELLOW, due_at=due_at
            ).exclude(status=AlertStatus.CLOSED).update(
                status=AlertStatus.CLOSED, closed_at=now, close_note=SUPERSEDED_NOTE, superseded_by=alert,
                resolved_at=now, updated_at=now,
            )  # fmt: skip
    return created


def _resolve(watched, *, now, result: RecordScanResult) -> list[int]:
    """Mark the unresolved alerts whose (clock, due time) is no longer returned; close yellow ones."""
    returned = {(c.key, c.due_at) for c in watched}
    gone = [
        (pk, level)
        for pk, key, level, due_at in RecordAlert.objects.filter(resolved_at__isnull=True).values_list(
            "pk", "clock_key", "level", "due_at"
        )
        if (key, due_at) not in returned
    ]
    if not gone:
        return []
    ids = [pk for pk, _level in gone]
    yellow = [pk for pk, level in gone if level == AlertLevel.YELLOW]
    RecordAlert.objects.filter(pk__in=ids).update(resolved_at=now, updated_at=now)
    RecordAlert.objects.filter(pk__in=yellow).exclude(status=AlertStatus.CLOSED).update(
        status=AlertStatus.CLOSED, closed_at=now, close_note=RESOLVED_NOTE
    )
    result.counts["resolved"] += len(ids)
    return ids


def alert_url(alert: RecordAlert) -> str:
    return reverse("oversight:record_alert_detail", args=[alert.pk])


def notify_new(alerts: list[RecordAlert], *, now: dt.datetime) -> None:
    """Tell the responsible user of each new alert, and for red ones (or when nobody is named) the
    body's discipline inspectors (as for case alerts, services.notify_pending)."""
    inspectors = services._inspectors({a.body_id for a in alerts})
    by_user: dict[int, list[RecordAlert]] = defaultdict(list)
    for alert in alerts:
        targets = {alert.responsible_id} if alert.responsible_id else set()
        if alert.level == AlertLevel.RED or not targets:
            targets |= set(inspectors.get(alert.body_id, []))
        for user_id in targets:
            by_user[user_id].append(alert)
    users = User.objects.in_bulk(list(by_user))
    for user_id, mine in by_user.items():
        if (user := users.get(user_id)) is None:
            continue
        for a in mine:
            services.notify_alert(user, level=a.level, message=a.message, due_at=a.due_at, link=alert_url(a))
    RecordAlert.objects.filter(pk__in=[a.pk for a in alerts]).update(notified_at=now)


# --- Handling a record alert (the case alerts' services do the change: services._change) ----------


def is_responsible(actor, alert: RecordAlert) -> bool:
    """The clock's named user; when it names nobody, the body's discipline office."""
    if actor is None:
        return False
    if alert.responsible_id is not None:
        return actor.pk == alert.responsible_id
    return has_permission(actor, "oversight.close", alert)


def _require_responsible(actor, alert: RecordAlert) -> None:
    """The named user acts whatever their oversight permissions (their own app named them); when
    nobody is named, the discipline office of the body (is_responsible)."""
    if not is_responsible(actor, alert):
        raise NotPermitted(errors.NOT_RESPONSIBLE, _("您不是该预警的责任人"))


@transaction.atomic
def record_alert_acknowledge(*, actor, alert: RecordAlert, expected_version: int | None = None):
    """签收 (OVS-2) by the responsible user."""
    _require_responsible(actor, alert)
    return services.acknowledge(actor=actor, alert=alert, expected_version=expected_version)


@transaction.atomic
def record_alert_explain(*, actor, alert: RecordAlert, explanation: str, expected_version: int | None = None):
    """说明情况 (OVS-2) by the responsible user."""
    _require_responsible(actor, alert)
    return services.explain(
        actor=actor, alert=alert, explanation=explanation, expected_version=expected_version
    )


@transaction.atomic
def record_alert_close(*, actor, alert: RecordAlert, note: str = "", expected_version: int | None = None):
    """关闭 by the discipline office once explained (OVS-2)."""
    require_permission(actor, "oversight.close", alert)
    return services.close(actor=actor, alert=alert, note=note, expected_version=expected_version)


def available_actions(actor, alert: RecordAlert) -> list[str]:
    """What the viewer may do with the alert now (the services check it again)."""
    from sunshine.oversight.choices import AlertAction

    if alert.status == AlertStatus.CLOSED:
        return []
    responsible = is_responsible(actor, alert)
    actions = []
    if responsible and alert.status == AlertStatus.OPEN:
        actions.append(AlertAction.ACKNOWLEDGE)
    if responsible and alert.status in (AlertStatus.OPEN, AlertStatus.ACKNOWLEDGED):
        actions.append(AlertAction.EXPLAIN)
    if has_permission(actor, "oversight.close", alert) and alert.status == AlertStatus.EXPLAINED:
        actions.append(AlertAction.CLOSE)
    return actions
