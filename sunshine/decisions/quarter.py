"""The discipline office's view of collective decisions (issue #7 §8) and its quarterly record
(SUP-112: every quarter the discipline commission checks whether major matters went to collective
decision, whether there were procedural violations, and whether the decisions were carried out).

A read, scope-checked like every selector (``decisions.oversee`` over the bodies): every meeting and
decided item of the quarter, topics still waiting with missing prerequisites or a late office
check (DEC-60, DEC-216), and what departed from the rules: refused attempts (八不准), urgent items
added after the notice (临时动议, DEC-211), rulings against the vote (DEC-223), and outcomes of items
that were not quorate (a rejection or deferral is recorded without a quorum check; an adoption
never is, DEC-208/209)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from sunshine.core import clock
from sunshine.core.errors import InvalidInput
from sunshine.core.permissions import require_permission, scope_q
from sunshine.decisions.choices import NoticeKind, Outcome, TopicKind, TopicStatus, VoteMethod
from sunshine.decisions.models import (
    AgendaItem,
    DisciplineNotice,
    Evaluation,
    ImplementationTask,
    Meeting,
    Topic,
)

WAITING = (TopicStatus.SUBMITTED, TopicStatus.READY, TopicStatus.SCHEDULED)


@dataclass
class QuarterRecord:
    year: int
    quarter: int
    start: dt.date
    end: dt.date  # inclusive
    meetings: list = field(default_factory=list)
    items: list = field(default_factory=list)
    notices: list = field(default_factory=list)
    without_quorum: list = field(default_factory=list)
    missing: list = field(default_factory=list)  # (topic, [Missing]) of waiting topics
    late_checks: list = field(default_factory=list)
    counts: dict = field(default_factory=dict)

    @property
    def label(self) -> str:
        return _("%(y)d年第%(q)d季度") % {"y": self.year, "q": self.quarter}


def quarter_of(day: dt.date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def _bounds(year: int, quarter: int) -> tuple[dt.date, dt.date]:
    if not 1 <= quarter <= 4 or not 2000 <= year <= 2100:
        raise InvalidInput("invalid", _("季度须为1至4"), field="quarter")
    start = dt.date(year, 3 * quarter - 2, 1)
    after = dt.date(year + (quarter == 4), 1 if quarter == 4 else 3 * quarter + 1, 1)
    return start, after - dt.timedelta(days=1)


def _instant(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(0, 0), tzinfo=clock.LOCAL_TZ)


def quarter_record(*, actor, year: int, quarter: int) -> QuarterRecord:
    """What the discipline office sees for one quarter of the bodies in its scope (SUP-112)."""
    from sunshine.decisions.services import item_quorum, missing_prerequisites

    require_permission(actor, "decisions.oversee")
    start, end = _bounds(year, quarter)
    since, until = _instant(start), _instant(end + dt.timedelta(days=1))
    in_scope = scope_q(actor, "decisions.oversee", "body")
    meetings = list(
        Meeting.objects.filter(in_scope, starts_at__gte=since, starts_at__lt=until)
        .select_related("body", "chair")
        .order_by("starts_at", "id")
    )
    body_ids = set(Meeting.objects.filter(in_scope).values_list("body_id", flat=True)) | set(
        Topic.objects.filter(in_scope).values_list("body_id", flat=True)
    )
    items = list(
        AgendaItem.objects.filter(meeting__body_id__in=body_ids, decided_at__gte=since, decided_at__lt=until)
        .exclude(outcome="")
        .select_related("meeting__body", "topic")
        .order_by("decided_at", "id")
    )
    votes = {v.item_id: v for v in _votes(items)}
    rows = []
    without_quorum = []
    for item in items:
        vote = votes.get(item.pk)
        quorum = item_quorum(item)
        row = {"item": item, "vote": vote, "quorum": quorum}
        rows.append(row)
        if not quorum.ok:
            without_quorum.append(row)
    notices = list(
        DisciplineNotice.objects.filter(body_id__in=body_ids, at__gte=since, at__lt=until)
        .select_related("body", "actor", "topic", "meeting")
        .order_by("at", "id")
    )
    waiting = Topic.objects.filter(body_id__in=body_ids, status__in=WAITING).select_related(
        "body", "department"
    )
    missing = [(t, m) for t in waiting.order_by("created_at", "id") if (m := missing_prerequisites(t))]
    now = clock.now()
    late_checks = list(
        Topic.objects.filter(body_id__in=body_ids, status=TopicStatus.SUBMITTED, check_due__lt=now)
        .select_related("body", "department")
        .order_by("check_due", "id")
    )
    outcomes = [r["item"].outcome for r in rows]
    record = QuarterRecord(
        year=year,
        quarter=quarter,
        start=start,
        end=end,
        meetings=meetings,
        items=rows,
        notices=notices,
        without_quorum=without_quorum,
        missing=missing,
        late_checks=late_checks,
    )
    kinds = [n.kind for n in notices]
    record.counts = {
        "meetings": len(meetings),
        "decided": len(rows),
        "adopted": sum(o in (Outcome.ADOPTED, Outcome.ADOPTED_WITH_CHANGES) for o in outcomes),
        "rejected": outcomes.count(Outcome.REJECTED),
        "deferred": sum(o in (Outcome.DEFERRED, Outcome.SENT_BACK) for o in outcomes),
        "personnel_secret": sum(
            r["item"].topic.kind == TopicKind.PERSONNEL
            and r["vote"] is not None
            and r["vote"].method == VoteMethod.SECRET
            for r in rows
        ),
        "refused": kinds.count(NoticeKind.REFUSED),
        "urgent": kinds.count(NoticeKind.URGENT),
        "departures": kinds.count(NoticeKind.DEPARTURE),
        "without_quorum": len(without_quorum),
        "tasks": ImplementationTask.objects.filter(
            item__meeting__body_id__in=body_ids, created_at__gte=since, created_at__lt=until
        ).count(),
        "evaluations": Evaluation.objects.filter(
            item__meeting__body_id__in=body_ids, concluded_at__gte=since, concluded_at__lt=until
        ).count(),
        "missing": len(missing),
        "late_checks": len(late_checks),
    }
    return record


def _votes(items):
    from sunshine.decisions.models import Vote

    return Vote.objects.filter(item__in=[i.pk for i in items])
