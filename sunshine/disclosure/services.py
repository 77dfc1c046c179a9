"""Writes of the portal: the daily audit-chain checkpoint (PUB-8); routine disclosure plans, their
due periods and publications (PUB-2, PUB-4, PUB-219, SUP-124); information requests (依申请公开,
PUB-208, PUB-204); and the open clocks of both for electronic supervision (oversight.watched).
Product rules and defaults: docs/decisions/0018-routine-disclosure-and-requests.md."""

from __future__ import annotations

import calendar
import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from sunshine.core import clock, receipts
from sunshine.core.audit import audit_record, audit_snapshot, chain_head
from sunshine.core.errors import Conflict, InvalidInput, NotFound, NotPermitted, RuleViolated
from sunshine.core.permissions import require_permission, scope_q
from sunshine.core.services import soft_delete
from sunshine.disclosure.choices import (
    NEEDS_REASON,
    OPEN_REQUEST_STATUSES,
    PERIODIC,
    AnswerKind,
    ContentCategory,
    DeliveryForm,
    Frequency,
    RequestChannel,
    RequestStatus,
    WithholdReason,
)
from sunshine.disclosure.models import (
    AuditCheckpoint,
    DisclosurePlan,
    DisclosureSettings,
    InformationRequest,
    PlanItem,
    Publication,
    RequestIdentity,
)
from sunshine.org import selectors as org_selectors
from sunshine.org.models import Unit
from sunshine.oversight.watched import WatchedClock
from sunshine.petitions.storage import check_files
from sunshine.workdays.errors import CalendarYearMissing
from sunshine.workdays.recompute import recompute_due_dates
from sunshine.workdays.services import add_working_days, deadline_due


def checkpoint_record(*, actor=None) -> AuditCheckpoint:
    """Store today's checkpoint of the audit chain (count and head hash), once per day: a second call
    on the same day returns the one stored. Issue #8 §8 ("published every day"); the checkpoint is what
    ``sunshine audit verify --checkpoint COUNT:HASH`` checks against (ADR 0002).

    The head is the last *linked* record: in deferred link mode records written in the last moments
    are not in it yet and go into the next day's checkpoint."""
    today = clock.today()
    existing = AuditCheckpoint.objects.filter(day=today).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            count, head = chain_head()
            checkpoint = AuditCheckpoint.objects.create(
                day=today, count=count, head_hash=head, taken_at=clock.now(), created_by=actor
            )
            audit_record(actor=actor, action="disclosure.checkpoint_record", target=checkpoint)
    except IntegrityError:  # another worker stored today's first (unique day)
        return AuditCheckpoint.objects.get(day=today)
    return checkpoint


# --- Settings ------------------------------------------------------------------------------------


def settings_of(body: Unit) -> DisclosureSettings:
    """The body's disclosure limits, or the defaults (SUP-124 due day 15, PUB-208 20 + 20 working days)."""
    return DisclosureSettings.objects.filter(body=body).first() or DisclosureSettings(body=body)


# --- Periods of routine disclosure (SUP-124, PUB-4, PUB-219) --------------------------------------


@dataclass(frozen=True)
class Period:
    key: str  # "2026-03", "2026-Q1", "2026-H1", "2026"; for an item on change, the day "2026-05-07"
    label: str
    start: dt.date
    end: dt.date  # last day of the period


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def periods_of(frequency: str, year: int) -> list[Period]:
    """The periods of ``year`` for a periodic item; none for an item published on change."""
    if frequency == Frequency.MONTHLY:
        return [
            Period(
                f"{year}-{m:02d}",
                _("%(y)d年%(m)d月") % {"y": year, "m": m},
                dt.date(year, m, 1),
                _month_end(year, m),
            )
            for m in range(1, 13)
        ]
    if frequency == Frequency.QUARTERLY:
        return [
            Period(
                f"{year}-Q{q}",
                _("%(y)d年第%(q)d季度") % {"y": year, "q": q},
                dt.date(year, 3 * q - 2, 1),
                _month_end(year, 3 * q),
            )
            for q in range(1, 5)
        ]
    if frequency == Frequency.HALF_YEARLY:
        return [
            Period(f"{year}-H1", _("%(y)d年上半年") % {"y": year}, dt.date(year, 1, 1), dt.date(year, 6, 30)),
            Period(
                f"{year}-H2", _("%(y)d年下半年") % {"y": year}, dt.date(year, 7, 1), dt.date(year, 12, 31)
            ),
        ]
    if frequency == Frequency.YEARLY:
        return [Period(str(year), _("%(y)d年度") % {"y": year}, dt.date(year, 1, 1), dt.date(year, 12, 31))]
    return []


def period_due(period: Period, *, due_day: int) -> dt.datetime:
    """When a period's disclosure falls due: the end of day ``due_day`` (inclusive: "15日前" read as on
    or before the 15th, SUP-124) of the first month after the period, in Asia/Shanghai. The date is
    fixed by the rule, not a count of days, so it is not moved off a weekend (ADR 0018)."""
    first = period.end + dt.timedelta(days=1)
    return dt.datetime.combine(dt.date(first.year, first.month, due_day), dt.time.max, tzinfo=clock.LOCAL_TZ)


@dataclass
class DueRow:
    item: PlanItem
    period: Period
    due_at: dt.datetime
    publication: Publication | None

    @property
    def published_late(self) -> bool:
        return self.publication is not None and self.publication.published_at > self.due_at

    def state(self, now: dt.datetime) -> str:
        if self.publication is not None:
            return "late_published" if self.published_late else "published"
        if self.due_at < now:
            return "late"
        if self.period.end < clock.local(now).date():
            return "due"
        return "future"


def due_rows(items, *, now: dt.datetime | None = None, due_before: dt.datetime | None = None) -> list[DueRow]:
    """Every period of the periodic ``items`` (of their plan's year) with its due date and its
    publication, if any; with ``due_before``, only those due before it."""
    items = list(items)
    published = {(p.item_id, p.period): p for p in Publication.objects.filter(item__in=[i.pk for i in items])}
    due_days: dict[int, int] = {}
    rows = []
    for item in items:
        body_id = item.plan.body_id
        if body_id not in due_days:
            due_days[body_id] = settings_of(item.plan.body).due_day
        for period in periods_of(item.frequency, item.plan.year):
            due = period_due(period, due_day=due_days[body_id])
            if due_before is not None and due >= due_before:
                continue
            rows.append(DueRow(item, period, due, published.get((item.pk, period.key))))
    return rows


def _periodic_items():
    return PlanItem.objects.filter(plan__deleted_at__isnull=True, frequency__in=PERIODIC).select_related(
        "plan", "plan__body", "department"
    )


def disclosure_open_clocks(*, due_before: dt.datetime) -> list[WatchedClock]:
    """Provider of ``watched_clocks`` (oversight.watched): the periods of routine disclosure due before
    ``due_before`` with nothing published (SUP-124; PUB-209/PUB-210: the discipline office checks
    disclosure). A publication, even a late one, ends the clock."""
    items = _periodic_items().filter(plan__year__lte=clock.local(due_before).year)
    clocks = []
    for row in due_rows(items, due_before=due_before):
        if row.publication is not None:
            continue
        clocks.append(
            WatchedClock(
                key=f"disclosure.planitem:{row.item.pk}:{row.period.key}",
                body_id=row.item.plan.body_id,
                due_at=row.due_at,
                rule="SUP-124",
                label=_("定期公开：%(title)s（%(period)s）")
                % {"title": row.item.title, "period": row.period.label},
                url=reverse("disclosure_staff:plan", args=[row.item.plan_id]),
            )
        )
    return clocks


def late_rows(*, body: Unit, now: dt.datetime | None = None) -> list[DueRow]:
    """The body's disclosures that are overdue and missing, or were published after their due date,
    newest due first (the discipline office's page)."""
    now = now or clock.now()
    items = _periodic_items().filter(plan__body=body)
    rows = [r for r in due_rows(items, due_before=now) if r.publication is None or r.published_late]
    return sorted(rows, key=lambda r: (r.due_at, r.item.sort_order), reverse=True)


# --- Plans ---------------------------------------------------------------------------------------

PLAN_FIELDS = ["body", "year", "note"]
ITEM_FIELDS = ["plan", "title", "category", "frequency", "department", "channel", "sort_order"]


@transaction.atomic
def plan_create(*, actor, body: Unit, year: int, note: str = "") -> DisclosurePlan:
    """A body's disclosure plan for a year (PUB-2 公开目录, PUB-201: plans at the start of the year)."""
    require_permission(actor, "disclosure.plan", body)
    if not body.is_body:
        raise InvalidInput("not_a_body", _("公开计划只能按单位制定"), field="body")
    if not 2000 <= int(year) <= 2100:
        raise InvalidInput("year_invalid", _("年度不正确"), field="year")
    if DisclosurePlan.objects.filter(body=body, year=year).exists():
        raise Conflict("plan_exists", _("该单位%(year)d年度的公开计划已存在") % {"year": year}, field="year")
    plan = DisclosurePlan.objects.create(body=body, year=year, note=note.strip(), created_by=actor)
    audit_record(
        actor=actor,
        action="disclosure.plan_create",
        target=plan,
        after=audit_snapshot(plan, fields=PLAN_FIELDS),
    )
    return plan


@transaction.atomic
def plan_item_add(
    *,
    actor,
    plan: DisclosurePlan,
    title: str,
    category: str,
    frequency: str,
    department: Unit,
    channel: str = "",
    sort_order: int | None = None,
) -> PlanItem:
    """Add an item to the plan: matter, category, frequency, responsible department (PUB-2, PUB-219)."""
    require_permission(actor, "disclosure.plan", plan)
    title = (title or "").strip()
    if not title:
        raise InvalidInput("title_required", _("请填写公开事项"), field="title")
    if category not in ContentCategory.values:
        raise InvalidInput("category_invalid", _("类别不正确"), field="category")
    if frequency not in Frequency.values:
        raise InvalidInput("frequency_invalid", _("公开频次不正确"), field="frequency")
    if department.pk != plan.body_id and department.body_id != plan.body_id:
        raise InvalidInput("department_not_of_body", _("责任科室不属于该单位"), field="department")
    if sort_order is None:
        sort_order = plan.items.count() + 1
    item = PlanItem.objects.create(
        plan=plan,
        title=title[:200],
        category=category,
        frequency=frequency,
        department=department,
        channel=(channel or "").strip()[:200],
        sort_order=sort_order,
        created_by=actor,
    )
    audit_record(
        actor=actor,
        action="disclosure.plan_item_add",
        target=item,
        after=audit_snapshot(item, fields=ITEM_FIELDS),
    )
    return item


@transaction.atomic
def plan_item_remove(*, actor, item: PlanItem, reason: str, expected_version: int) -> PlanItem:
    """Take an item out of the plan (soft delete with a reason); what was published stays published."""
    require_permission(actor, "disclosure.plan", item.plan)
    if not (reason or "").strip():
        raise InvalidInput("reason_required", _("请填写撤销理由"), field="reason")
    return soft_delete(
        actor=actor, obj=item, reason=reason.strip(), expected_version=expected_version,
        action="disclosure.plan_item_remove",
    )  # fmt: skip


def period_choices(item: PlanItem, *, now: dt.datetime | None = None) -> list[Period]:
    """The periods one may publish for now: those of the plan's year that have begun, newest first;
    for an item on change, today (PUB-207)."""
    today = clock.local(now or clock.now()).date()
    if item.frequency == Frequency.ON_CHANGE:
        return [Period(today.isoformat(), today.isoformat(), today, today)]
    return [p for p in reversed(periods_of(item.frequency, item.plan.year)) if p.start <= today]


@transaction.atomic
def publication_publish(
    *, actor, item: PlanItem, period: str, title: str, text: str, files=()
) -> Publication:
    """Publish an item for a period, with its text and at most one attachment; it appears on the portal
    at once (PUB-201: the office reviews and publishes; PUB-205: the website by category)."""
    require_permission(actor, "disclosure.publish", item)
    if item.deleted_at is not None or item.plan.deleted_at is not None:
        raise RuleViolated("item_removed", _("该公开事项已撤销"), field="period")
    choices = {p.key: p for p in period_choices(item)}
    if period not in choices:
        raise InvalidInput("period_invalid", _("公开周期不正确或尚未开始"), field="period")
    title, text = (title or "").strip(), (text or "").strip()
    if not title:
        raise InvalidInput("title_required", _("请填写标题"), field="title")
    if not text:
        raise InvalidInput("text_required", _("请填写公开内容"), field="text")
    files = [f for f in (files or []) if f]
    if len(files) > 1:
        raise InvalidInput("too_many_files", _("最多上传1个附件"), field="files")
    uploads = check_files(files)
    if Publication.objects.filter(item=item, period=period).exists():
        raise Conflict("already_published", _("该事项本周期已公开；更正请在说明中另行公开"), field="period")
    publication = Publication(
        item=item,
        body=item.plan.body,
        period=period,
        title=title[:200],
        text=text,
        published_at=clock.now(),
        published_by=actor,
        created_by=actor,
    )
    if uploads:
        _attach(publication, uploads[0])
    publication.save()
    audit_record(
        actor=actor,
        action="disclosure.publish",
        target=publication,
        after=audit_snapshot(publication, fields=["item", "period", "title", "published_at", "file_sha256"]),
    )
    return publication


# --- Files ---------------------------------------------------------------------------------------


def file_path(sha256: str) -> Path:
    return Path(settings.MEDIA_ROOT) / "disclosure" / sha256[:2] / sha256


def _attach(record, upload) -> None:
    """Store an upload once by its SHA-256 (outside the web root) and name it on ``record``."""
    target = file_path(upload.sha256)
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(upload.data)
        os.replace(tmp, target)
    record.file_name = upload.name[:200]
    record.file_type = upload.content_type[:100]
    record.file_size = len(upload.data)
    record.file_sha256 = upload.sha256


# --- Information requests (依申请公开, PUB-208) -----------------------------------------------------

REQUEST_FIELDS = [
    "code", "body", "unit", "channel", "description", "purpose", "delivery_form", "status",
    "received_at", "registered_by", "handler", "limit_workdays", "due_at", "extended",
    "extension_workdays", "extension_reason", "extension_approved_by", "answered_at", "answered_by",
    "answer_kind", "withhold_reason", "file_sha256",
]  # fmt: skip


def _request_snapshot(request: InformationRequest) -> dict:
    # The secret's hash and the applicant's identity are never in the audit trail.
    return audit_snapshot(request, fields=REQUEST_FIELDS)


def _workdays_after(start: dt.datetime, workdays: int) -> dt.datetime:
    """The end of the ``workdays``-th working day after ``start`` (CAL-2: the start day is not
    counted). For a year whose holidays are not loaded yet, Monday to Friday are counted, which can
    only make the date earlier, never later: filing on the portal must not fail for it (as ADR 0013)."""
    try:
        return deadline_due(start=start, amount=workdays, unit="workdays")
    except CalendarYearMissing:
        day = clock.local(start).date()
        for _i in range(workdays):
            day += dt.timedelta(days=1)
            while day.weekday() >= 5:
                day += dt.timedelta(days=1)
        return dt.datetime.combine(day, dt.time.max, tzinfo=clock.LOCAL_TZ)


def _warn_at(due: dt.datetime, warn_workdays: int) -> dt.datetime:
    if not warn_workdays:
        return due
    try:
        day = add_working_days(date=clock.local(due).date(), n=-warn_workdays)
    except CalendarYearMissing:
        day = clock.local(due).date() - dt.timedelta(days=warn_workdays)
    return min(due, dt.datetime.combine(day, dt.time.max, tzinfo=clock.LOCAL_TZ))


def request_limit(request: InformationRequest) -> tuple[dt.datetime, dt.datetime]:
    """The answer limit and its warning of ``request`` counted again: ``limit_workdays`` from the
    receipt, then the approved extension's working days from that limit (PUB-208)."""
    due = _workdays_after(request.received_at, request.limit_workdays)
    if request.extended:
        due = _workdays_after(due, request.extension_workdays)
    return due, _warn_at(due, settings_of(request.body).warn_workdays)


def recompute_after_calendar_change(*, start: dt.date, end: dt.date, **kwargs) -> int:
    """workdays.calendar_changed receiver: the answer limits of the open requests (CAL-6: a limit
    counted Monday to Friday for a year not loaded is corrected once it is), each change audited as
    the system; returns how many moved."""

    def compute(request):
        due, warn = request_limit(request)
        return {"due_at": due, "warn_at": warn}

    requests = InformationRequest.objects.filter(status__in=OPEN_REQUEST_STATUSES).select_related("body")
    return recompute_due_dates(
        requests,
        due_field="due_at",
        compute=compute,
        action="disclosure.request_clock_recompute",
        start=start,
        end=end,
    )


def request_file(
    *,
    actor,
    body: Unit,
    channel: str,
    name: str,
    contact: str,
    description: str,
    delivery_form: str,
    address: str = "",
    purpose: str = "",
    received_at: dt.datetime | None = None,
) -> tuple[InformationRequest, str]:
    """Register an information request; return it with its secret, shown once (PUB-208; core.receipts).
    Filed on the portal (``actor=None``, channel portal) or registered by staff for a letter, fax, call
    or visit (``disclosure.requests``). The answer is due ``reply_workdays`` working days after
    receipt (PUB-208; 政府信息公开条例第三十三条: 20)."""
    if actor is not None:
        require_permission(actor, "disclosure.requests", body)
        if channel == RequestChannel.PORTAL:
            raise InvalidInput(
                "channel_invalid", _("工作人员登记的申请请选择信函、电话等申请方式"), field="channel"
            )
    elif channel != RequestChannel.PORTAL:
        raise InvalidInput("channel_invalid", _("申请方式不正确"), field="channel")
    if body is None or not body.is_body:
        raise InvalidInput("body_required", _("请选择受理机关"), field="body")
    if channel not in RequestChannel.values:
        raise InvalidInput("channel_invalid", _("申请方式不正确"), field="channel")
    name, contact, description = (name or "").strip(), (contact or "").strip(), (description or "").strip()
    if not name:
        raise InvalidInput("name_required", _("请填写申请人姓名或名称"), field="name")
    if not contact:
        raise InvalidInput("contact_required", _("请填写联系电话"), field="contact")
    if len(description) < 5:
        raise InvalidInput(
            "description_required", _("请描述所需信息的名称、文号或便于查询的其他特征"), field="description"
        )
    if delivery_form not in DeliveryForm.values:
        raise InvalidInput("delivery_form_invalid", _("请选择获取信息的方式"), field="delivery_form")
    conf = settings_of(body)
    now = received_at or clock.now()
    due = _workdays_after(now, conf.reply_workdays)
    secret = receipts.new_secret()
    request = InformationRequest(
        body=body,
        unit=body,
        channel=channel,
        description=description[:5000],
        purpose=(purpose or "").strip()[:500],
        delivery_form=delivery_form,
        received_at=now,
        registered_by=actor,
        limit_workdays=conf.reply_workdays,
        due_at=due,
        warn_at=_warn_at(due, conf.warn_workdays),
        secret_hash=receipts.hash_secret(secret),
        created_by=actor,
    )
    for _attempt in range(5):
        request.code = receipts.new_code("GK")
        try:
            with transaction.atomic():
                request.save()
                RequestIdentity.objects.create(
                    request=request,
                    name=name[:100],
                    contact=contact[:50],
                    address=(address or "").strip()[:200],
                )
                audit_record(
                    actor=actor,
                    action="disclosure.request_file",
                    target=request,
                    after=_request_snapshot(request),
                )
            break
        except IntegrityError:  # the code is taken: draw again
            request.pk = None
            continue
    else:  # pragma: no cover - 31**10 codes
        raise Conflict("code_exhausted", _("暂时无法生成受理编号，请重试"))
    return request, secret


def request_follow(*, code: str, secret: str) -> InformationRequest:
    """The request a receipt code and its secret open; a wrong code and a wrong secret give the same
    answer in the same time (core.receipts)."""
    request = (
        InformationRequest.objects.filter(code=receipts.normalise_code(code)).select_related("body").first()
    )
    if not receipts.secret_matches(secret, request.secret_hash if request else None):
        raise NotFound("request_not_found", _("受理编号或查询密码不正确"), field="code")
    return request


def _lock_request(request: InformationRequest, expected_version: int | None) -> InformationRequest:
    locked = InformationRequest.objects.select_for_update().get(pk=request.pk)
    if expected_version is not None and locked.version != expected_version:
        raise Conflict("stale_version", _("该申请已被他人修改，请刷新后重试"), field="version")
    return locked


def _save_request(request: InformationRequest, fields: list[str]) -> InformationRequest:
    request.version = F("version") + 1
    request.save(update_fields=[*fields, "version", "updated_at"])
    request.refresh_from_db()
    return request


def _require_open_request(request: InformationRequest) -> None:
    if request.status not in OPEN_REQUEST_STATUSES:
        raise RuleViolated("request_answered", _("该申请已答复，不能再进行此操作"), field="status")


def can_answer_in(user, body: Unit) -> bool:
    return Unit.objects.filter(
        scope_q(user, "disclosure.answer", ""), Q(pk=body.pk) | Q(body=body), deleted_at__isnull=True
    ).exists()


def is_handler(actor, request: InformationRequest) -> bool:
    return actor is not None and request.handler_id is not None and request.handler_id == actor.pk


@transaction.atomic
def request_assign(
    *, actor, request: InformationRequest, handler, note: str = "", expected_version: int | None = None
) -> InformationRequest:
    """Give the request to a handler of the body (PUB-201: the office handles disclosure). A new
    assignment replaces the handler; the clock runs from receipt and is not restarted."""
    require_permission(actor, "disclosure.requests", request)
    request = _lock_request(request, expected_version)
    _require_open_request(request)
    if handler is None or not handler.is_active or not can_answer_in(handler, request.body):
        raise InvalidInput("handler_invalid", _("所选人员不能办理该单位的依申请公开"), field="handler")
    before = _request_snapshot(request)
    person = org_selectors.person_of(handler)
    request.handler = handler
    request.unit = (
        person.unit if person is not None and person.unit.body_id == request.body_id else request.body
    )
    request.status = RequestStatus.ASSIGNED
    request = _save_request(request, ["handler", "unit", "status"])
    audit_record(
        actor=actor, action="disclosure.request_assign", target=request, before=before,
        after=_request_snapshot(request), note=note,
    )  # fmt: skip
    return request


@transaction.atomic
def request_extend(
    *, actor, request: InformationRequest, workdays: int, reason: str, expected_version: int | None = None
) -> InformationRequest:
    """Extend the answer limit once, before it has passed, by at most the body's cap, with a reason,
    approved by the leading group (``disclosure.approve_extension``); the applicant reads the reason
    and the new date on the portal (PUB-208; 政府信息公开条例第三十三条)."""
    require_permission(actor, "disclosure.approve_extension", request)
    request = _lock_request(request, expected_version)
    _require_open_request(request)
    if request.extended:
        raise RuleViolated("already_extended", _("答复期限只能延长一次"), field="workdays", rule="PUB-208")
    if clock.now() > request.due_at:
        raise RuleViolated("limit_passed", _("答复期限已过，不能再延期"), field="workdays", rule="PUB-208")
    cap = settings_of(request.body).extension_max_workdays
    if not 1 <= int(workdays) <= cap:
        raise RuleViolated(
            "extension_too_long",
            _("延长期限最长不超过%(n)d个工作日") % {"n": cap},
            field="workdays",
            rule="PUB-208",
        )
    if not (reason or "").strip():
        raise InvalidInput("reason_required", _("请填写延期理由"), field="reason")
    before = _request_snapshot(request)
    request.due_at = _workdays_after(request.due_at, int(workdays))
    request.warn_at = _warn_at(request.due_at, settings_of(request.body).warn_workdays)
    request.extended = True
    request.extension_workdays = int(workdays)
    request.extension_reason = reason.strip()[:1000]
    request.extension_approved_by = actor
    request = _save_request(
        request,
        ["due_at", "warn_at", "extended", "extension_workdays", "extension_reason", "extension_approved_by"],
    )
    audit_record(
        actor=actor, action="disclosure.request_extend", target=request, before=before,
        after=_request_snapshot(request),
    )  # fmt: skip
    return request


@transaction.atomic
def request_answer(
    *,
    actor,
    request: InformationRequest,
    kind: str,
    text: str,
    withhold_reason: str = "",
    files=(),
    expected_version: int | None = None,
) -> InformationRequest:
    """Answer the request (PUB-208; 政府信息公开条例第三十六条): already published (tell where), disclosed,
    partly disclosed or withheld (with the reason, PUB-204), information not held, or not this body's
    (name the body). Only the assigned handler answers."""
    require_permission(actor, "disclosure.answer")
    if not is_handler(actor, request):
        raise NotPermitted("not_handler", _("只有承办人可以答复该申请"))
    request = _lock_request(request, expected_version)
    _require_open_request(request)
    if kind not in AnswerKind.values:
        raise InvalidInput("answer_kind_invalid", _("请选择答复类型"), field="kind")
    if kind in NEEDS_REASON and withhold_reason not in WithholdReason.values:
        raise InvalidInput(
            "reason_required", _("部分公开或不予公开须说明理由"), field="withhold_reason", rule="PUB-204"
        )
    if kind not in NEEDS_REASON:
        withhold_reason = ""
    text = (text or "").strip()
    if not text:
        raise InvalidInput("text_required", _("请填写答复内容"), field="text")
    files = [f for f in (files or []) if f]
    if len(files) > 1:
        raise InvalidInput("too_many_files", _("最多上传1个附件"), field="files")
    uploads = check_files(files)
    before = _request_snapshot(request)
    request.status = RequestStatus.ANSWERED
    request.answered_at = clock.now()
    request.answered_by = actor
    request.answer_kind = kind
    request.withhold_reason = withhold_reason
    request.answer_text = text
    fields = ["status", "answered_at", "answered_by", "answer_kind", "withhold_reason", "answer_text"]
    if uploads:
        _attach(request, uploads[0])
        fields += ["file_name", "file_type", "file_size", "file_sha256"]
    request = _save_request(request, fields)
    audit_record(
        actor=actor, action="disclosure.request_answer", target=request, before=before,
        after=_request_snapshot(request),
    )  # fmt: skip
    return request


@transaction.atomic
def request_identity_read(*, actor, request: InformationRequest) -> RequestIdentity:
    """The applicant's name and contact, for the assigned handler only; every read is audited (who,
    which request; not the data), as petitions do for reporters (PET-11)."""
    if not is_handler(actor, request):
        raise NotPermitted("not_handler", _("只有承办人可以查看申请人信息"))
    identity = RequestIdentity.objects.get(request=request)
    audit_record(actor=actor, action="disclosure.request_identity_read", target=request)
    return identity


def request_open_clocks(*, due_before: dt.datetime) -> list[WatchedClock]:
    """Provider of ``watched_clocks`` (oversight.watched): the open answer clocks of information
    requests due before ``due_before`` (PUB-208). An answer ends the clock; an extension moves it."""
    rows = InformationRequest.objects.filter(
        status__in=OPEN_REQUEST_STATUSES, due_at__lt=due_before
    ).values_list("pk", "code", "body_id", "due_at", "handler_id")
    return [
        WatchedClock(
            key=f"disclosure.informationrequest:{pk}:answer",
            body_id=body_id,
            due_at=due_at,
            rule="PUB-208",
            label=_("依申请公开答复：%(code)s") % {"code": code},
            url=reverse("disclosure_staff:request", args=[pk]),
            responsible_id=handler_id,
        )
        for pk, code, body_id, due_at, handler_id in rows
    ]


def period_label(key: str) -> str:
    """The Chinese name of a period key ("2026-Q1" → 2026年第1季度; a day stays as it is)."""
    year, _sep, rest = key.partition("-")
    if not rest:
        return _("%(y)s年度") % {"y": year}
    if rest.startswith("Q"):
        return _("%(y)s年第%(q)s季度") % {"y": year, "q": rest[1:]}
    if rest == "H1":
        return _("%(y)s年上半年") % {"y": year}
    if rest == "H2":
        return _("%(y)s年下半年") % {"y": year}
    if len(rest) == 2:
        return _("%(y)s年%(m)d月") % {"y": year, "m": int(rest)}
    return key
