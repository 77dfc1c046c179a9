"""ANO-5: a case suspended beyond its limit (中止计时超期), checked by the periodic task.

An open suspension (cases.Suspension without an end) of an open case is over its limit when it
started more than the limit of its kind ago, in calendar days: the body's setting
(OversightSetting.suspension_limits) or the product default (models.DEFAULT_SUSPENSION_LIMIT_DAYS;
the seeds give no limit, docs/decisions/0009-anomaly-rules.md). One INSERT … SELECT, like the
time-limit scan: NOT EXISTS skips cases with a live alert of the kind (or a closed one on the same
limit: a closed alert is raised again only for a new suspension) and ON CONFLICT DO NOTHING makes a
concurrent run harmless, so the check is idempotent. The alert is on the case; the person who
suspended it answers for it, else the department's section heads.
"""

from __future__ import annotations

import datetime as dt

from django.db import connection, transaction
from django.db.models import Case as CaseWhen
from django.db.models import (
    DateTimeField,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    Value,
    When,
)
from django.db.models.functions import Concat
from django.utils import translation

from sunshine.cases.choices import CaseStatus, SuspensionKind
from sunshine.cases.models import Suspension
from sunshine.core import clock
from sunshine.core.audit import audit_record
from sunshine.core.system import system_actor, system_source
from sunshine.oversight.choices import KIND_LEVEL, KIND_RULE, AlertKind, AlertStatus, SubjectType
from sunshine.oversight.models import DEFAULT_SUSPENSION_LIMIT_DAYS, Alert, OversightSetting

OPEN_CASE_STATUSES = [CaseStatus.RECEIVED, CaseStatus.CORRECTING, CaseStatus.ACCEPTED]
KIND = AlertKind.SUSPENSION_OVERDUE


def limits(setting: dict | None = None) -> dict[str, int]:
    """The limit in days of each suspension kind: the body's own values over the defaults."""
    merged = {kind: DEFAULT_SUSPENSION_LIMIT_DAYS.get(kind, 30) for kind in SuspensionKind.values}
    for kind, days in (setting or {}).items():
        if kind in merged and isinstance(days, int) and days > 0:
            merged[kind] = days
    return merged


def _limit_expression():
    """The limit of each row as a duration: per body where a body set its own, else the default."""
    whens = []
    for body_id, own in OversightSetting.objects.exclude(suspension_limits={}).values_list(
        "body_id", "suspension_limits"
    ):
        for kind, days in limits(own).items():
            whens.append(When(case__body_id=body_id, kind=kind, then=Value(dt.timedelta(days=days))))
    for kind, days in limits().items():
        whens.append(When(kind=kind, then=Value(dt.timedelta(days=days))))
    return CaseWhen(*whens, default=Value(dt.timedelta(days=30)), output_field=DurationField())


COLUMNS = [
    "kind", "level", "status", "rule", "subject_type", "case_id", "task_id", "body_id", "department_id",
    "responsible_id", "post_id", "due_at", "message", "raised_at", "created_at", "updated_at", "version",
    "explanation", "escalated_to", "escalation_note", "close_note",
]  # fmt: skip


def _kind_name():
    """The suspension kind's Chinese name, for the stored message (the record is in Chinese)."""
    with translation.override("zh-hans"):
        whens = [When(kind=kind, then=Value(str(label))) for kind, label in SuspensionKind.choices]
    return CaseWhen(*whens, default=F("kind"))


def _candidates(now: dt.datetime):
    """The SELECT of the alerts to raise: one row per over-limit open suspension, in COLUMNS order."""
    alerts = Alert.objects.filter(case_id=OuterRef("case_id"), task__isnull=True, kind=KIND).filter(
        ~Q(status=AlertStatus.CLOSED) | Q(due_at=OuterRef("a_due_at"))
    )
    text = Value("")
    stamp = Value(now, output_field=DateTimeField())
    return (
        Suspension.objects.filter(ended_at__isnull=True, case__status__in=OPEN_CASE_STATUSES)
        .annotate(
            a_kind=Value(KIND),
            a_level=Value(KIND_LEVEL[KIND]),
            a_status=Value(AlertStatus.OPEN),
            a_rule=Value(KIND_RULE[KIND]),
            a_subject=Value(SubjectType.CASE),
            a_case=F("case_id"),
            a_task=Value(None, output_field=IntegerField()),
            a_body=F("case__body_id"),
            a_department=F("case__department_id"),
            a_responsible=F("created_by_id"),
            a_post=Value(None, output_field=IntegerField()),
            a_due_at=ExpressionWrapper(F("started_at") + _limit_expression(), output_field=DateTimeField()),
            a_message=Concat(
                Value("办件"), F("case__number"), Value("中止计时（"), _kind_name(), Value("）超过时限")
            ),
            a_raised=stamp,
            a_created=stamp,
            a_updated=stamp,
            a_version=Value(1),
            a_explanation=text,
            a_escalated_to=text,
            a_escalation_note=text,
            a_close_note=text,
        )
        .filter(a_due_at__lte=now)
        .filter(~Exists(alerts))
        .order_by()
        .values_list(
            "a_kind",
            "a_level",
            "a_status",
            "a_rule",
            "a_subject",
            "a_case",
            "a_task",
            "a_body",
            "a_department",
            "a_responsible",
            "a_post",
            "a_due_at",
            "a_message",
            "a_raised",
            "a_created",
            "a_updated",
            "a_version",
            "a_explanation",
            "a_escalated_to",
            "a_escalation_note",
            "a_close_note",
        )
    )


def check_suspensions(now: dt.datetime | None = None) -> int:
    """Raise the missing ANO-5 alerts; tell the people concerned. Returns how many were raised."""
    if system_source() is None:
        with system_actor("oversight.suspensions"):
            return check_suspensions(now)
    from sunshine.oversight.anomalies import notify_anomalies

    now = now or clock.now()
    select, params = _candidates(now).query.sql_with_params()
    table, columns = Alert._meta.db_table, ", ".join(COLUMNS)
    sql = f"INSERT INTO {table} ({columns}) {select} ON CONFLICT DO NOTHING RETURNING id"
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            ids = [row[0] for row in cursor.fetchall()]
        if not ids:
            return 0
        alerts = list(Alert.objects.filter(pk__in=ids).order_by("id"))
        audit_record(
            actor=None,
            action="oversight.anomaly_scan",
            object_type="oversight.alert",
            object_id=min(ids),
            label="中止计时超期检查",
            after={"rule": KIND_RULE[KIND], "alerts": sorted(ids)},
        )
        notify_anomalies(alerts, now=now)
    return len(ids)
