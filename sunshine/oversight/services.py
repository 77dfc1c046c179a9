"""Electronic supervision (电子监察, PUB-18): the scan that raises yellow and red alerts on the time
limits of open case steps and open cases (CASE-10, OVS-1), and the handling of an alert by the
responsible person and the discipline office (OVS-2).

Who is responsible for an alert (documented choice, kept simple):
  1. the step's assignee (办理人);
  2. else everyone holding the step's post (承办岗位) now;
  3. else (and always for a case's own limit) the section heads (科室负责人) of the case's department:
     holders of a section-head post there, or of the section_head role over it.
Their leader is the leader in charge (分管领导, a current Portfolio naming the department), else the
principal leader (a principal post, or the principal_leader role, over the body). The discipline
inspectors are the accounts whose role holds ``oversight.close`` in the body.

The scan is set-based SQL: per chunk of ids, one INSERT … SELECT raising both kinds, with NOT EXISTS
for subjects that already have a live alert (or a closed one on the same deadline: a closed alert is
not raised again until the deadline moves) and ON CONFLICT DO NOTHING, so a repeated or concurrent
scan adds nothing twice (the partial unique constraints of Alert decide). Each chunk is its own
transaction with one summary audit record (the ids it created, as ranges) — an audit row per alert
would double the writes of a scan over a million steps; each alert's own handling is audited one by
one. On PostgreSQL the chunks run on two connections at once (:func:`_run_chunks`). Notifying
people is not part of the scan: it enqueues tasks.oversight_notify, which runs
:func:`notify_pending` in batches marked by ``notified_at`` (rows claimed with SKIP LOCKED), so that
two runs at once notify each alert once, and a run that crashed is resumed by the next one: every
scan that finds an alert not yet notified enqueues it again. Why the writes are shaped so:
docs/decisions/0009-anomaly-rules.md, addendum (issue #6 §11).
"""

from __future__ import annotations

import contextvars
import datetime as dt
import logging
import threading
from collections import defaultdict
from dataclasses import dataclass, field
from typing import NamedTuple

from django.db import connection, transaction
from django.db.models import F
from django.urls import reverse
from django.utils.translation import gettext as _

from sunshine.cases.choices import CaseStatus, TaskStatus
from sunshine.cases.models import Case, CaseTask
from sunshine.core import clock
from sunshine.core.audit import audit_record, audit_snapshot
from sunshine.core.errors import Conflict, InvalidInput, NotPermitted, RuleViolated
from sunshine.core.models import User
from sunshine.core.notifications import notify
from sunshine.core.permissions import has_permission, require_permission
from sunshine.core.system import system_actor, system_source
from sunshine.org.choices import PostKind
from sunshine.org.models import Portfolio, PostHolding, Role, RoleAssignment
from sunshine.oversight import errors
from sunshine.oversight.choices import (
    KIND_LEVEL,
    KIND_RULE,
    AlertAction,
    AlertKind,
    AlertLevel,
    AlertStatus,
    EscalationTarget,
    SubjectType,
)
from sunshine.oversight.models import DEFAULT_WARNING_LEAD_WORKDAYS, Alert, AlertEvent, OversightSetting
from sunshine.workdays.services import add_working_days

logger = logging.getLogger(__name__)

CHUNK = 100_000  # ids per chunk: each chunk is one transaction (resumable)
SCAN_CONNECTIONS = 2  # PostgreSQL: chunks scanned at once, one connection each (see _run_chunks)
NOTIFY_BATCH = 5000
OPEN_CASE_STATUSES = [CaseStatus.RECEIVED, CaseStatus.CORRECTING, CaseStatus.ACCEPTED]


# --- Settings -----------------------------------------------------------------------------------------


def warning_leads() -> dict[int, int]:
    """The bodies whose warning lead differs from the default: body id → working days."""
    return {
        body_id: lead
        for body_id, lead in OversightSetting.objects.values_list("body_id", "warning_lead_workdays")
        if lead != DEFAULT_WARNING_LEAD_WORKDAYS
    }


def warning_lead(*, body) -> int:
    """OVS-1: the body's warning lead in working days (default 2)."""
    setting = OversightSetting.objects.filter(body=body).first()
    return setting.warning_lead_workdays if setting else DEFAULT_WARNING_LEAD_WORKDAYS


@transaction.atomic
# --- Who answers for an alert --------------------------------------------------------------------------


def _pairs_to_map(pairs) -> dict[int, list[int]]:
    result: dict[int, list[int]] = defaultdict(list)
    for key, user_id in pairs:
        if user_id is not None and user_id not in result[key]:
            result[key].append(user_id)
    return result


def _post_holders(post_ids) -> dict[int, list[int]]:
    return _pairs_to_map(
        PostHolding.objects.filter(post_id__in=post_ids, end_date__isnull=True, person__user__isnull=False)
        .order_by("id")
        .values_list("post_id", "person__user_id")
    )


def _section_heads(department_ids) -> dict[int, list[int]]:
    holders = PostHolding.objects.filter(
        post__unit_id__in=department_ids,
        post__kind=PostKind.SECTION_HEAD,
        end_date__isnull=True,
        person__user__isnull=False,
    ).values_list("post__unit_id", "person__user_id")
    roles = RoleAssignment.objects.filter(
        unit_id__in=department_ids, role__code="section_head", role__deleted_at__isnull=True
    ).values_list("unit_id", "user_id")
    return _pairs_to_map([*holders.order_by("id"), *roles.order_by("id")])


def _leaders(department_ids, body_of: dict[int, int]) -> dict[int, list[int]]:
    """Department id → the leader in charge, else the principal leader of its body."""
    today = clock.today()
    in_charge = _pairs_to_map(
        Portfolio.objects.filter(departments__in=department_ids, end_date__isnull=True, start_date__lte=today)
        .filter(leader__user__isnull=False)
        .values_list("departments", "leader__user_id")
    )
    bodies = set(body_of.values())
    principal = _pairs_to_map(
        [
            *PostHolding.objects.filter(
                post__unit_id__in=bodies, post__kind=PostKind.PRINCIPAL, end_date__isnull=True
            ).values_list("post__unit_id", "person__user_id"),
            *RoleAssignment.objects.filter(
                unit_id__in=bodies, role__code="principal_leader", role__deleted_at__isnull=True
            ).values_list("unit_id", "user_id"),
        ]
    )
    return {d: in_charge.get(d) or principal.get(body_of[d], []) for d in department_ids}


def _inspectors(body_ids) -> dict[int, list[int]]:
    """Body id → the accounts whose role may close alerts there (the discipline office)."""
    roles = [r.pk for r in Role.objects.all() if "oversight.close" in (r.permissions or [])]
    return _pairs_to_map(
        RoleAssignment.objects.filter(role_id__in=roles, unit__body_id__in=body_ids)
        .order_by("id")
        .values_list("unit__body_id", "user_id")
    )


@dataclass
class Recipients:
    responsible: list[int]
    leaders: list[int]
    inspectors: list[int]


def recipients_of(alerts) -> dict[int, Recipients]:
    """For each alert: its responsible people, their leader, the body's discipline inspectors;
    a handful of queries for the whole list."""
    posts = _post_holders({a.post_id for a in alerts if a.responsible_id is None and a.post_id})
    departments = {a.department_id for a in alerts}
    heads = _section_heads(departments)
    leaders = _leaders(departments, {a.department_id: a.body_id for a in alerts})
    inspectors = _inspectors({a.body_id for a in alerts})
    result = {}
    for a in alerts:
        if a.responsible_id is not None:
            responsible = [a.responsible_id]
        else:
            responsible = (posts.get(a.post_id) if a.post_id else None) or heads.get(a.department_id, [])
        result[a.pk] = Recipients(
            responsible=responsible,
            leaders=leaders.get(a.department_id, []),
            inspectors=inspectors.get(a.body_id, []),
        )
    return result


def responsible_ids(alert: Alert) -> list[int]:
    return recipients_of([alert])[alert.pk].responsible


def is_responsible(actor, alert: Alert) -> bool:
    return actor is not None and actor.pk in responsible_ids(alert)


# --- The scan -------------------------------------------------------------------------------------------


@dataclass
class ScanResult:
    counts: dict[str, int] = field(
        default_factory=lambda: {"yellow": 0, "red": 0, "superseded": 0, "notify_queued": 0, "chunks": 0}
    )


def _ts(value: dt.datetime):
    return connection.ops.adapt_datetimefield_value(value)


def _yellow_cutoff(today: dt.date, lead: int) -> dt.datetime:
    """OVS-1: due on or before the lead-th working day after today, i.e. before the next midnight."""
    last_day = add_working_days(date=today, n=lead)
    return dt.datetime.combine(last_day + dt.timedelta(days=1), dt.time(), tzinfo=clock.LOCAL_TZ)


ALERT_COLUMNS = (
    "kind, level, status, rule, subject_type, case_id, task_id, body_id, department_id, responsible_id, "
    "post_id, due_at, message, raised_at, created_at, updated_at, version, explanation, escalated_to, "
    "escalation_note, close_note"
)


def _case(condition: str, when_true, when_false) -> tuple[str, list]:
    return f"CASE WHEN {condition} THEN %s ELSE %s END", [when_true, when_false]


def _insert(*, subject: str, lo: int, hi: int, now, yellow) -> list[tuple[int, str]]:
    """One INSERT … SELECT for the subjects in [lo, hi): a red alert for each past its limit, a yellow
    one for each inside the warning lead (``yellow``, None: none); the new alerts' (id, level).

    A live red alert blocks a new red one; a live yellow or red blocks a new yellow one; a closed alert
    blocks the same kind on the same deadline (the NOT EXISTS). The stored message is the record, in
    Chinese whatever the language of the run (the pages show a translated text built from the fields).
    """
    alert = Alert._meta.db_table
    red, near = AlertKind.OVERDUE, AlertKind.DEADLINE_NEAR
    if subject == SubjectType.TASK:
        due, ids, table = (
            "t.due_at",
            "t.id",
            f"{CaseTask._meta.db_table} t INNER JOIN {Case._meta.db_table} c ON c.id = t.case_id",
        )
        columns = (
            "t.case_id AS case_id, t.id AS task_id, t.assignee_id AS responsible_id, t.post_id AS post_id"
        )
        name, texts = "'的“' || t.name", ("”环节已超过办理期限", "”环节临近办理期限")
        open_sql, open_params = "t.status = %s", [TaskStatus.OPEN]
        probe = "a.task_id = s.task_id AND a.task_id >= %s AND a.task_id < %s"
    else:
        due, ids, table = "c.due_at", "c.id", f"{Case._meta.db_table} c"
        null = "CAST(NULL AS BIGINT)"
        columns = f"c.id AS case_id, {null} AS task_id, {null} AS responsible_id, {null} AS post_id"
        name, texts = "''", ("已超过办结期限", "临近办结期限")
        open_sql = f"c.status IN ({', '.join(['%s'] * len(OPEN_CASE_STATUSES))})"
        open_params = list(OPEN_CASE_STATUSES)
        probe = "a.case_id = s.case_id AND a.case_id >= %s AND a.case_id < %s AND a.task_id IS NULL"
    window, window_params = f"{due} <= %s", [_ts(now)]
    if yellow is not None:
        window, window_params = (
            f"({window} OR ({yellow[0].replace('t.due_at', due)}))",
            [*window_params, *yellow[1]],
        )
    kind, kind_params = _case("s.late", red, near)
    level, level_params = _case("s.late", KIND_LEVEL[red], KIND_LEVEL[near])
    rule, rule_params = _case("s.late", KIND_RULE[red], KIND_RULE[near])
    text, text_params = _case("s.late", *texts)
    stamp = _ts(now)
    sql = f"""
        INSERT INTO {alert} ({ALERT_COLUMNS})
        SELECT {kind}, {level}, %s, {rule}, %s, s.case_id, s.task_id, s.body_id, s.department_id,
               s.responsible_id, s.post_id, s.due_at, %s || s.number || s.name || {text},
               %s, %s, %s, 1, '', '', '', ''
        FROM (
            SELECT {columns}, c.body_id AS body_id, c.department_id AS department_id, c.number AS number,
                   {name} AS name, {due} AS due_at, {due} <= %s AS late
            FROM {table}
            WHERE {ids} >= %s AND {ids} < %s AND {open_sql} AND {due} IS NOT NULL AND {window}
        ) s
        WHERE NOT EXISTS (
            SELECT 1 FROM {alert} a WHERE {probe}
              AND (a.kind = %s OR (NOT s.late AND a.kind = %s))
              AND (a.status <> %s OR a.due_at = s.due_at))
        ON CONFLICT DO NOTHING
        RETURNING id, level"""
    params = [
        *kind_params, *level_params, AlertStatus.OPEN, *rule_params, subject, "办件", *text_params,
        stamp, stamp, stamp,
        stamp, lo, hi, *open_params, *window_params,
        lo, hi, red, near, AlertStatus.CLOSED,  # the probe only reads this chunk's alerts
    ]  # fmt: skip
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Planned while the alert table is still empty (the first scan), the NOT EXISTS probe
            # became a nested loop over a sequential scan of the very table this statement fills:
            # quadratic, 7 s for 8,000 alerts. A hash (or merge) anti join reads the live alerts
            # once, before the first row is inserted, whatever the table's statistics say.
            cursor.execute("SET LOCAL enable_nestloop = off")
        cursor.execute(sql, params)
        rows = [(row[0], row[1]) for row in cursor.fetchall()]
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL enable_nestloop = on")
        return rows


def _supersede(*, subject: str, lo: int, hi: int, now) -> int:
    """Close the live yellow alerts whose subject has a live red one (the red supersedes it)."""
    alert = Alert._meta.db_table
    if subject == SubjectType.TASK:
        match, column = f"r.task_id = {alert}.task_id", "task_id"
    else:
        match, column = f"r.case_id = {alert}.case_id AND r.task_id IS NULL", "case_id"
    red = f"SELECT r.id FROM {alert} r WHERE {match} AND r.kind = %s AND r.status <> %s"
    note = "已超过期限，由红牌预警取代"  # stored record, in Chinese
    sql = f"""
        UPDATE {alert} SET status = %s, closed_at = %s, close_note = %s, updated_at = %s,
               version = version + 1, superseded_by_id = ({red})
        WHERE kind = %s AND status <> %s AND subject_type = %s AND {column} >= %s AND {column} < %s
          AND EXISTS ({red})"""
    stamp = _ts(now)
    params = [
        AlertStatus.CLOSED, stamp, note, stamp, AlertKind.OVERDUE, AlertStatus.CLOSED,
        AlertKind.DEADLINE_NEAR, AlertStatus.CLOSED, subject, lo, hi, AlertKind.OVERDUE, AlertStatus.CLOSED,
    ]  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


def _ranges(ids: list[int]) -> list[list[int]]:
    """Sorted ids as [first, last] runs: the audit record of a chunk stays small."""
    runs: list[list[int]] = []
    for i in sorted(ids):
        if runs and i == runs[-1][1] + 1:
            runs[-1][1] = i
        else:
            runs.append([i, i])
    return runs


def _yellow_window(now: dt.datetime) -> tuple[str, list] | None:
    """``t.due_at`` after now and before the cutoff of its body's lead (a CASE over the few bodies
    with their own setting); None when the calendar cannot say (CAL-1: red alerts still run)."""
    today = clock.local(now).date()
    try:
        default = _yellow_cutoff(today, DEFAULT_WARNING_LEAD_WORKDAYS)
        special = {body: _yellow_cutoff(today, lead) for body, lead in warning_leads().items()}
    except Exception as error:  # CalendarYearMissing: no yellow alerts rather than wrong ones
        logger.warning("oversight scan: no yellow alerts, the calendar cannot count: %s", error)
        return None
    if not special:
        return "t.due_at > %s AND t.due_at < %s", [_ts(now), _ts(default)]
    whens = " ".join("WHEN %s THEN %s" for _body in special)
    params: list = [_ts(now)]
    for body, cutoff in special.items():
        params += [body, _ts(cutoff)]
    return f"t.due_at > %s AND t.due_at < (CASE c.body_id {whens} ELSE %s END)", [*params, _ts(default)]


def _scan_chunk(*, subject: str, lo: int, hi: int, now, yellow, result: ScanResult) -> None:
    with transaction.atomic():
        created = _insert(subject=subject, lo=lo, hi=hi, now=now, yellow=yellow)
        superseded = _supersede(subject=subject, lo=lo, hi=hi, now=now)
        red = [pk for pk, level in created if level == AlertLevel.RED]
        yellow_ids = [pk for pk, level in created if level == AlertLevel.YELLOW]
        if created or superseded:
            audit_record(
                actor=None,
                action="oversight.scan",
                object_type="oversight.alert",
                object_id=min(pk for pk, _level in created) if created else None,
                label=_("电子监察扫描"),
                after={
                    "subject": subject,
                    "range": [lo, hi],
                    "red": _ranges(red),
                    "yellow": _ranges(yellow_ids),
                    "superseded": superseded,
                },
            )
    result.counts["red"] += len(red)
    result.counts["yellow"] += len(yellow_ids)
    result.counts["superseded"] += superseded
    result.counts["chunks"] += 1


def _id_bounds(model) -> tuple[int, int] | None:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT MIN(id), MAX(id) FROM {model._meta.db_table}")
        low, high = cursor.fetchone()
    return None if low is None else (low, high)


def _run_chunks(chunks: list[tuple[str, int, int]], *, now, yellow, result: ScanResult) -> None:
    """Scan the chunks, on PostgreSQL on SCAN_CONNECTIONS connections at once.

    The chunks are independent transactions over disjoint subjects (the row locks they take are the
    shared ones of the foreign-key checks), so they may run side by side: the database then uses
    more than one core for the scan. Inside an outer transaction (a test, a caller's atomic block)
    other connections would not see its rows, and SQLite has one writer: one connection then.
    A failed chunk stops the others from starting new ones; the chunks done stay (resumable).
    """
    workers = min(SCAN_CONNECTIONS, len(chunks))
    if workers < 2 or connection.vendor != "postgresql" or connection.in_atomic_block:
        for subject, lo, hi in chunks:
            _scan_chunk(subject=subject, lo=lo, hi=hi, now=now, yellow=yellow, result=result)
        return
    pending = list(reversed(chunks))
    lock = threading.Lock()
    failures: list[BaseException] = []

    def work() -> None:
        while True:
            with lock:
                if failures or not pending:
                    return
                subject, lo, hi = pending.pop()
            part = ScanResult()
            try:
                _scan_chunk(subject=subject, lo=lo, hi=hi, now=now, yellow=yellow, result=part)
            except BaseException as error:
                with lock:
                    failures.append(error)
                return
            with lock:
                for key, value in part.counts.items():
                    result.counts[key] += value

    def helper(context: contextvars.Context) -> None:
        try:
            context.run(work)  # the caller's context: system_actor, the audit context
        finally:
            connection.close()  # this thread's own connection

    threads = [
        threading.Thread(target=helper, args=(contextvars.copy_context(),), name=f"oversight-scan-{n}")
        for n in range(1, workers)
    ]
    for thread in threads:
        thread.start()
    try:
        work()  # this thread is one of the workers, on its own connection
    finally:
        for thread in threads:
            thread.join()
    if failures:
        raise failures[0]


def scan(now: dt.datetime | None = None, *, notify_people: bool = True) -> ScanResult:
    """电子监察扫描 (PUB-18, CASE-10, OVS-1): raise a red alert for each open step and open case
    past its limit and a yellow one for each within the body's warning lead of it; a red alert
    closes the subject's yellow one. Idempotent and resumable (see the module's docstring)."""
    if system_source() is None:
        with system_actor("oversight.scan"):
            return scan(now, notify_people=notify_people)
    now = now or clock.now()
    result = ScanResult()
    yellow = _yellow_window(now)
    chunks = []
    for subject, model in ((SubjectType.TASK, CaseTask), (SubjectType.CASE, Case)):
        bounds = _id_bounds(model)
        if bounds is not None:
            chunks += [(subject, lo, lo + CHUNK) for lo in range(bounds[0], bounds[1] + 1, CHUNK)]
    _run_chunks(chunks, now=now, yellow=yellow, result=result)
    if notify_people and (result.counts["red"] or result.counts["yellow"] or _notifications_pending()):
        # Telling people is its own queued task (tasks.oversight_notify): the scan stays set-based
        # SQL, and a notification run that fails is picked up by the next scan's enqueue.
        from sunshine.oversight.tasks import oversight_notify

        oversight_notify.enqueue()
        result.counts["notify_queued"] = 1
    return result


def _notifications_pending() -> bool:
    """Some live alert was never notified (a notification run that crashed or has not run yet)."""
    return Alert.objects.filter(notified_at__isnull=True).exclude(status=AlertStatus.CLOSED).exists()


class AlertRow(NamedTuple):
    """What notifying needs of an alert."""

    pk: int
    level: str
    message: str
    due_at: dt.datetime
    responsible_id: int | None
    post_id: int | None
    department_id: int
    body_id: int


def _alert_url(alert_id: int) -> str:
    return reverse("oversight:alert_detail", args=[alert_id])


def notify_pending(*, now: dt.datetime | None = None) -> int:
    """Tell people about the live alerts not yet notified, a batch per transaction: the
    responsible people of every alert; for red ones also their leader and the discipline
    inspectors. One message per person per batch. Returns how many alerts were notified."""
    done = 0
    while True:
        with transaction.atomic():
            batch = _claim_batch(now or clock.now())
            if not batch:
                return done
            by_user: dict[int, list[AlertRow]] = defaultdict(list)
            for alert, people in zip(batch, recipients_of(batch).values(), strict=True):
                targets = set(people.responsible)
                if alert.level == AlertLevel.RED:
                    targets |= set(people.leaders) | set(people.inspectors)
                for user_id in targets:
                    by_user[user_id].append(alert)
            users = User.objects.in_bulk(list(by_user))
            for user_id, alerts in by_user.items():
                if (user := users.get(user_id)) is None:
                    continue
                _notify_one(user, alerts)
            done += len(batch)


def _claim_batch(now: dt.datetime) -> list[AlertRow]:
    """Mark the next live alerts not yet notified as notified (in the caller's transaction: if
    telling people fails, the mark is rolled back) and return them, by id. Rows another run holds
    are skipped (SKIP LOCKED), so two runs at once tell each alert once.

    Plain rows, not model instances: a scan after an outage may notify 100,000s. On PostgreSQL one
    UPDATE … RETURNING claims and marks the batch (no separate row-lock pass, no list of 5,000 ids
    sent back)."""
    if connection.vendor == "postgresql":
        table, columns = Alert._meta.db_table, ", ".join(["id", *AlertRow._fields[1:]])
        sql = f"""
            UPDATE {table} SET notified_at = %s
            WHERE id IN (
                SELECT id FROM {table} WHERE notified_at IS NULL AND status <> %s
                ORDER BY id LIMIT %s FOR UPDATE SKIP LOCKED)
            RETURNING {columns}"""
        with connection.cursor() as cursor:
            cursor.execute(sql, [_ts(now), AlertStatus.CLOSED, NOTIFY_BATCH])
            return sorted((AlertRow(*row) for row in cursor.fetchall()), key=lambda row: row.pk)
    batch = [
        AlertRow(*values)
        for values in Alert.objects.select_for_update(skip_locked=True)
        .filter(notified_at__isnull=True)
        .exclude(status=AlertStatus.CLOSED)
        .order_by("id")
        .values_list(*AlertRow._fields)[:NOTIFY_BATCH]
    ]
    Alert.objects.filter(pk__in=[a.pk for a in batch]).update(notified_at=now)
    return batch


def notify_alert(user, *, level: str, message: str, due_at: dt.datetime, link: str) -> None:
    """One alert's message to one person (case alerts here, record alerts in oversight.records)."""
    notify(
        actor=None,
        recipients=[user],
        title=_("%(level)s预警：%(message)s") % {"level": AlertLevel(level).label, "message": message},
        body=_("期限：%(due)s。请及时办理并说明情况。")
        % {"due": clock.local(due_at).strftime("%Y-%m-%d %H:%M")},
        link=link,
        category="oversight",
    )


def _notify_one(user, alerts: list[AlertRow]) -> None:
    if len(alerts) == 1:
        a = alerts[0]
        notify_alert(user, level=a.level, message=a.message, due_at=a.due_at, link=_alert_url(a.pk))
        return
    red = sum(1 for a in alerts if a.level == AlertLevel.RED)
    notify(
        actor=None,
        recipients=[user],
        title=_("新增%(n)d条预警（红牌%(red)d条，黄牌%(yellow)d条）")
        % {"n": len(alerts), "red": red, "yellow": len(alerts) - red},
        body="\n".join(a.message for a in alerts[:20]),
        link=reverse("oversight:my_alerts"),
        category="oversight",
    )


# --- Handling an alert ----------------------------------------------------------------------------------


def _change(
    *,
    actor,
    alert: Alert,
    action: str,
    allowed_from: tuple[str, ...],
    to_status: str,
    fields: dict,
    note: str,
    expected_version: int | None,
) -> Alert:
    if alert.status not in allowed_from:
        raise Conflict(
            errors.WRONG_STATE,
            _("预警当前为“%(status)s”，不能%(action)s")
            % {"status": AlertStatus(alert.status).label, "action": AlertAction(action).label},
            field="status",
        )
    expected = alert.version if expected_version is None else expected_version
    before = audit_snapshot(alert)
    now = clock.now()
    values = {k: (now if v is clock.now else v) for k, v in fields.items()}
    model = type(alert)  # a case alert, or a record alert (oversight.records): one life cycle
    updated = model.objects.filter(pk=alert.pk, version=expected, status=alert.status).update(
        status=to_status, updated_at=now, version=F("version") + 1, **values
    )
    if not updated:
        raise Conflict(errors.STALE, _("预警已被他人处理，请刷新后重试"))
    if model is Alert:  # a record alert's steps are its own fields and the audit chain
        AlertEvent.objects.create(
            alert=alert,
            action=action,
            actor=actor,
            at=now,
            from_status=alert.status,
            to_status=to_status,
            note=note,
        )
    alert.refresh_from_db()
    prefix = "oversight.alert" if model is Alert else "oversight.record_alert"
    audit_record(actor=actor, action=f"{prefix}_{action}", target=alert, before=before, note=note)
    return alert


def _require_responsible(actor, alert: Alert) -> None:
    require_permission(actor, "oversight.handle", alert)
    if not is_responsible(actor, alert):
        raise NotPermitted(errors.NOT_RESPONSIBLE, _("您不是该预警的责任人"))


@transaction.atomic
def alert_acknowledge(*, actor, alert: Alert, expected_version: int | None = None) -> Alert:
    """签收: the responsible person has seen the alert (OVS-2)."""
    _require_responsible(actor, alert)
    return acknowledge(actor=actor, alert=alert, expected_version=expected_version)


def acknowledge(*, actor, alert, expected_version: int | None):
    """签收, once the caller has checked who may (a case alert or a record alert)."""
    return _change(
        actor=actor, alert=alert, action=AlertAction.ACKNOWLEDGE, allowed_from=(AlertStatus.OPEN,),
        to_status=AlertStatus.ACKNOWLEDGED, fields={"acknowledged_by": actor, "acknowledged_at": clock.now},
        note="", expected_version=expected_version,
    )  # fmt: skip


@transaction.atomic
def alert_explain(*, actor, alert: Alert, explanation: str, expected_version: int | None = None) -> Alert:
    """说明情况: the responsible person says why the limit is near or passed (CASE-10: the reason
    must be given in time); the discipline office then reviews and closes (OVS-2)."""
    _require_responsible(actor, alert)
    return explain(actor=actor, alert=alert, explanation=explanation, expected_version=expected_version)


def explain(*, actor, alert, explanation: str, expected_version: int | None):
    """说明情况, once the caller has checked who may (a case alert or a record alert)."""
    explanation = (explanation or "").strip()
    if not explanation:
        raise InvalidInput(errors.EXPLANATION_REQUIRED, _("请填写情况说明"), field="explanation")
    return _change(
        actor=actor, alert=alert, action=AlertAction.EXPLAIN,
        allowed_from=(AlertStatus.OPEN, AlertStatus.ACKNOWLEDGED, AlertStatus.ESCALATED),
        to_status=AlertStatus.EXPLAINED,
        fields={"explanation": explanation, "explained_by": actor, "explained_at": clock.now},
        note=explanation, expected_version=expected_version,
    )  # fmt: skip


@transaction.atomic
def alert_escalate(*, actor, alert: Alert, to: str, note: str, expected_version: int | None = None) -> Alert:
    """上报: the responsible person or the discipline office refers the alert to the leader in
    charge or to the discipline office, with a note; those it goes to are told."""
    require_permission(actor, "oversight.handle", alert)
    if not (is_responsible(actor, alert) or has_permission(actor, "oversight.close", alert)):
        raise NotPermitted(errors.NOT_RESPONSIBLE, _("只有责任人或纪检监察人员可以上报预警"))
    if to not in EscalationTarget.values:
        raise InvalidInput("invalid_choice", _("请选择上报对象"), field="to")
    note = (note or "").strip()
    if not note:
        raise InvalidInput(errors.NOTE_REQUIRED, _("请填写上报意见"), field="note")
    alert = _change(
        actor=actor, alert=alert, action=AlertAction.ESCALATE,
        allowed_from=(AlertStatus.OPEN, AlertStatus.ACKNOWLEDGED, AlertStatus.EXPLAINED),
        to_status=AlertStatus.ESCALATED,
        fields={
            "escalated_to": to, "escalation_note": note, "escalated_by": actor, "escalated_at": clock.now
        },
        note=note, expected_version=expected_version,
    )  # fmt: skip
    people = recipients_of([alert])[alert.pk]
    targets = people.leaders if to == EscalationTarget.LEADER else people.inspectors
    notify(
        actor=actor,
        recipients=User.objects.filter(pk__in=targets),
        title=_("预警上报：%(message)s") % {"message": alert.message},
        body=note,
        link=_alert_url(alert.pk),
        category="oversight",
    )
    return alert


@transaction.atomic
def alert_close(*, actor, alert: Alert, note: str = "", expected_version: int | None = None) -> Alert:
    """关闭: the discipline office closes an alert once the responsible person has explained it
    (OVS-2). An alert is never deleted."""
    require_permission(actor, "oversight.close", alert)
    return close(actor=actor, alert=alert, note=note, expected_version=expected_version)


def close(*, actor, alert, note: str, expected_version: int | None):
    """关闭 after the explanation (OVS-2), once the caller has checked who may."""
    if not alert.explanation.strip():
        raise RuleViolated(
            errors.EXPLANATION_REQUIRED, _("责任人说明情况后才能关闭预警"), field="status", rule="OVS-2"
        )
    return _change(
        actor=actor, alert=alert, action=AlertAction.CLOSE,
        allowed_from=(AlertStatus.EXPLAINED, AlertStatus.ESCALATED),
        to_status=AlertStatus.CLOSED,
        fields={"close_note": (note or "").strip(), "closed_by": actor, "closed_at": clock.now},
        note=(note or "").strip(), expected_version=expected_version,
    )  # fmt: skip
