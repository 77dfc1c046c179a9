"""The rules of supervision orders (督办通知书, CASE-15..21).

Life of an order::

    issued ──reply──▶ replied ──accept──▶ verified ──close──▶ closed
      ▲                  │
      └─────reject───────┘  (the reason goes back to the responsible person, with a new reply deadline)

* Issue (``oversight.order`` over the department: the discipline office and the leaders): a number
  per body and year (CASE-21), a responsible person who may handle oversight matters in that
  department, a reply deadline of N working days (CAL-1). From an alert only a red one (CASE-17:
  an overdue matter) and only one live order per alert.
* Reply (the responsible person only): in writing, the reason for the delay, the progress and a
  new completion deadline (CASE-17).
* Verify and close (the issuing office, OVS-21: the issuer or a discipline inspector of the body,
  holding ``oversight.order`` over the department; never the responsible person who replied):
  accepted → verified, its promised deadline becomes the order's; not accepted → back to issued
  with the reason.
* Escalate (the periodic job, ``escalate_overdue``): an issued order past its reply deadline is
  marked escalated once, and the responsible person's leader and the discipline office are told.

Numbering is race-free on PostgreSQL and SQLite: one counter row per body and year, created with
INSERT … ON CONFLICT DO NOTHING and incremented by a single UPDATE, which row-locks it (SQLite's
IMMEDIATE transactions serialise writers anyway); the unique (body, year, seq) constraint backs it.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils.translation import gettext as _

from sunshine.core import clock
from sunshine.core.audit import audit_record, audit_snapshot
from sunshine.core.errors import Conflict, InvalidInput, NotPermitted, RuleViolated
from sunshine.core.models import User
from sunshine.core.notifications import notify
from sunshine.core.permissions import has_permission, require_permission
from sunshine.oversight import services as oversight_services
from sunshine.oversight.choices import AlertLevel, OrderAction, OrderSource, OrderStatus, ReplyVerdict
from sunshine.oversight.models import (
    OrderEvent,
    OrderReply,
    SupervisionOrder,
    SupervisionOrderCounter,
)
from sunshine.oversight.orders import errors
from sunshine.workdays.recompute import recompute_due_dates
from sunshine.workdays.services import deadline_due

DEFAULT_REPLY_WORKDAYS = 5  # product default: CASE-17 sets no period for the written reply
MAX_REPLY_WORKDAYS = 30


# --- Numbering (CASE-21) ---------------------------------------------------------------------------


def body_of(unit):
    return unit if unit.body_id in (None, unit.pk) else unit.body


def format_number(body, year: int, seq: int) -> str:
    """“X督〔2026〕N号”: X is the body's short name (else its name)."""
    return f"{body.short_name or body.name}督〔{year}〕{seq}号"


def next_number(*, body, year: int) -> int:
    """The next sequence number of ``body`` in ``year`` (call inside the issuing transaction: the
    counter row stays locked until it commits, so a rolled-back issue gives its number back)."""
    SupervisionOrderCounter.objects.bulk_create(
        [SupervisionOrderCounter(body=body, year=year, last=0)], ignore_conflicts=True
    )
    counter = SupervisionOrderCounter.objects.filter(body=body, year=year)
    counter.update(last=F("last") + 1)
    return counter.values_list("last", flat=True).get()


# --- Helpers ---------------------------------------------------------------------------------------


def order_url(order) -> str:
    return reverse("oversight:order_detail", args=[order.pk])


def reply_deadline(start: dt.datetime, workdays: int) -> dt.datetime:
    """The end of the ``workdays``-th working day after ``start`` (CAL-1)."""
    return deadline_due(start=start, amount=workdays, unit="workdays")


def _text(value, field: str, message: str, *, rule: str | None = None, limit: int = 2000) -> str:
    value = (value or "").strip()
    if not value:
        raise InvalidInput(errors.REQUIRED, message, field=field, rule=rule)
    if len(value) > limit:
        raise InvalidInput("too_long", _("内容过长（最多%(n)d字）") % {"n": limit}, field=field)
    return value


def _workdays(value) -> int:
    if not isinstance(value, int) or not 1 <= value <= MAX_REPLY_WORKDAYS:
        raise InvalidInput(
            errors.BAD_WORKDAYS,
            _("答复时限须在1至%(n)d个工作日之间") % {"n": MAX_REPLY_WORKDAYS},
            field="reply_workdays",
        )
    return value


def is_responsible(actor, order) -> bool:
    return actor is not None and actor.pk == order.responsible_id


def issuing_office(order) -> list[int]:
    """The accounts of the office that issued the order (OVS-21): its issuer and the discipline
    inspectors of its body (oversight.services' recipients rules)."""
    inspectors = oversight_services._inspectors([order.body_id]).get(order.body_id, [])
    return list(dict.fromkeys([order.issued_by_id, *inspectors]))


def _issuing_office_refusal(actor, order) -> NotPermitted | None:
    """Why the actor may not verify or close the order, or None (OVS-21): the responsible person
    never checks their own reply, even when they hold oversight.order themselves; otherwise only
    the issuer and the body's discipline inspectors may."""
    if is_responsible(actor, order):
        return NotPermitted(
            errors.SELF_VERIFY, _("督办责任人不能核实或办结本人答复的督办事项"), rule="OVS-21"
        )
    if actor.pk not in issuing_office(order):
        return NotPermitted(
            errors.NOT_ISSUING_OFFICE,
            _("只有发出督办的人员或本单位纪检监察机构可以核实、办结督办事项"),
            rule="OVS-21",
        )
    return None


def require_issuing_office(actor, order) -> None:
    """oversight.order over the order's department (else 404/403), then OVS-21."""
    require_permission(actor, "oversight.order", order)
    refusal = _issuing_office_refusal(actor, order)
    if refusal is not None:
        raise refusal


def may_manage(actor, order) -> bool:
    """Whether the actor may verify and close the order (the issuing office, OVS-21)."""
    return (
        actor is not None
        and has_permission(actor, "oversight.order", order)
        and _issuing_office_refusal(actor, order) is None
    )


def _event(order, *, actor, action: str, from_status: str, note: str = "", at=None) -> OrderEvent:
    return OrderEvent.objects.create(
        order=order,
        action=action,
        actor=actor,
        at=at or clock.now(),
        from_status=from_status,
        to_status=order.status,
        note=note,
    )


def _locked(order, expected_version: int | None) -> SupervisionOrder:
    """The order's row, locked for the change; Conflict when someone changed it meanwhile."""
    fresh = SupervisionOrder.objects.select_for_update().get(pk=order.pk)
    expected = order.version if expected_version is None else expected_version
    if fresh.version != expected:
        raise Conflict(errors.STALE, _("督办通知书已被他人处理，请刷新后重试"))
    return fresh


def _require_state(order, allowed: tuple[str, ...], action: str) -> None:
    if order.status not in allowed:
        raise Conflict(
            errors.WRONG_STATE,
            _("督办通知书当前为“%(status)s”，不能%(action)s")
            % {"status": OrderStatus(order.status).label, "action": OrderAction(action).label},
            field="status",
        )


def _save(order, fields: list[str]) -> None:
    order.version += 1
    order.save(update_fields=[*fields, "version", "updated_at"])


def _tell(actor, user_ids, order, title: str, body: str = "") -> None:
    users = User.objects.filter(pk__in=[u for u in user_ids if u]).exclude(pk=getattr(actor, "pk", None))
    notify(actor=actor, recipients=users, title=title, body=body, link=order_url(order), category="oversight")


# --- Issue ------------------------------------------------------------------------------------------


@transaction.atomic
def order_issue(
    *,
    actor,
    department,
    responsible,
    subject: str,
    requirement: str,
    reply_workdays: int = DEFAULT_REPLY_WORKDAYS,
    alert=None,
    case=None,
    source: str | None = None,
    source_ref: str = "",
) -> SupervisionOrder:
    """督办 (CASE-15, CASE-17, CASE-21): a numbered written order to a responsible person.

    ``alert``: a red alert (its case and department are the order's); ``case``: a case; else by
    hand, or ``source="decision"`` with ``source_ref`` naming another module's record."""
    if alert is not None:
        alert = type(alert).objects.select_for_update().get(pk=alert.pk)  # one order per alert at a time
        if alert.level != AlertLevel.RED:
            raise RuleViolated(
                errors.NOT_RED, _("只有红牌（已逾期）预警可以发出督办"), field="alert", rule="CASE-17"
            )
        live = alert.orders.exclude(status=OrderStatus.CLOSED).first()
        if live is not None:
            raise Conflict(
                errors.ALREADY_ORDERED,
                _("该预警已发出督办通知书%(number)s，尚未办结") % {"number": live.number},
                field="alert",
            )
        case, department = alert.case, alert.department
        source = OrderSource.ALERT
    elif case is not None:
        department = case.department
        source = OrderSource.CASE
    source = source or OrderSource.MANUAL
    if source not in OrderSource.values or (source == OrderSource.ALERT and alert is None):
        raise InvalidInput("invalid_choice", _("督办来源无效"), field="source")
    if source == OrderSource.CASE and case is None:
        raise InvalidInput("invalid_choice", _("督办来源无效"), field="source")
    if department is None:
        raise InvalidInput(errors.REQUIRED, _("请选择责任科室"), field="department")
    require_permission(actor, "oversight.order", department)
    subject = _text(subject, "subject", _("请填写督办事项"), limit=300)
    requirement = _text(requirement, "requirement", _("请填写督办要求"), rule="CASE-17")
    reply_workdays = _workdays(reply_workdays)
    if responsible is None:
        raise InvalidInput(errors.REQUIRED, _("请选择责任人"), field="responsible")
    if not responsible.is_active or not has_permission(responsible, "oversight.handle", department):
        raise InvalidInput(
            errors.BAD_RESPONSIBLE,
            _("%(name)s不能在%(department)s办理督办事项，请另选责任人")
            % {"name": responsible.full_name or responsible.username, "department": department.name},
            field="responsible",
        )
    now = clock.now()
    due = reply_deadline(now, reply_workdays)
    body = body_of(department)
    year = clock.local(now).year
    seq = next_number(body=body, year=year)
    order = SupervisionOrder.objects.create(
        body=body,
        year=year,
        seq=seq,
        number=format_number(body, year, seq),
        source=source,
        source_ref=(source_ref or "").strip()[:100],
        alert=alert,
        case=case,
        department=department,
        responsible=responsible,
        subject=subject,
        requirement=requirement,
        issued_by=actor,
        issued_at=now,
        reply_workdays=reply_workdays,
        reply_from=now,
        reply_due=due,
        created_by=actor,
    )
    _event(order, actor=actor, action=OrderAction.ISSUE, from_status="", note=requirement, at=now)
    audit_record(actor=actor, action="oversight.order_issue", target=order)
    _tell(
        actor,
        [responsible.pk],
        order,
        _("督办通知书%(number)s：%(subject)s") % {"number": order.number, "subject": subject},
        _("请于%(due)s前书面答复延误原因、办理进展和新的办结期限。")
        % {"due": clock.local(due).strftime("%Y-%m-%d %H:%M")},
    )
    return order


# --- Reply ------------------------------------------------------------------------------------------


@transaction.atomic
def order_reply(
    *,
    actor,
    order,
    reason: str,
    progress: str,
    new_deadline: dt.datetime | None,
    expected_version: int | None = None,
) -> SupervisionOrder:
    """书面答复 (CASE-17): the responsible person reports the reason for the delay, the progress and
    a new completion deadline; the issuer's office is told."""
    require_permission(actor, "oversight.handle", order)
    if not is_responsible(actor, order):
        raise NotPermitted(errors.NOT_RESPONSIBLE, _("您不是该督办事项的责任人"))
    order = _locked(order, expected_version)
    _require_state(order, (OrderStatus.ISSUED,), OrderAction.REPLY)
    reason = _text(reason, "reason", _("请填写延误原因"), rule="CASE-17")
    progress = _text(progress, "progress", _("请填写办理进展"), rule="CASE-17")
    now = clock.now()
    if new_deadline is None:
        raise InvalidInput(errors.REQUIRED, _("请填写新的办结期限"), field="new_deadline", rule="CASE-17")
    if new_deadline <= now:
        raise InvalidInput(errors.BAD_DEADLINE, _("新的办结期限须晚于现在"), field="new_deadline")
    before = audit_snapshot(order)
    OrderReply.objects.create(
        order=order,
        reason=reason,
        progress=progress,
        new_deadline=new_deadline,
        replied_by=actor,
        replied_at=now,
    )
    from_status = order.status
    order.status, order.replied_at = OrderStatus.REPLIED, now
    _save(order, ["status", "replied_at"])
    note = _("延误原因：%(reason)s\n办理进展：%(progress)s\n新的办结期限：%(deadline)s") % {
        "reason": reason,
        "progress": progress,
        "deadline": clock.local(new_deadline).strftime("%Y-%m-%d"),
    }
    _event(order, actor=actor, action=OrderAction.REPLY, from_status=from_status, note=note, at=now)
    audit_record(actor=actor, action="oversight.order_reply", target=order, before=before, note=note)
    _tell(
        actor,
        [order.issued_by_id],
        order,
        _("督办通知书%(number)s已书面答复") % {"number": order.number},
        note,
    )
    return order


# --- Verify and close -------------------------------------------------------------------------------


@transaction.atomic
def order_verify(
    *, actor, order, accepted: bool, note: str = "", expected_version: int | None = None
) -> SupervisionOrder:
    """核实 (CASE-17): the issuer's office accepts the reply (its new deadline becomes the order's)
    or sends it back to the responsible person with the reason and a new reply deadline. Only the
    issuing office verifies, never the responsible person who replied (OVS-21)."""
    require_issuing_office(actor, order)
    order = _locked(order, expected_version)
    action = OrderAction.ACCEPT if accepted else OrderAction.REJECT
    _require_state(order, (OrderStatus.REPLIED,), action)
    note = (note or "").strip()
    if not accepted:
        note = _text(note, "note", _("请填写不通过的理由"))
    reply = order.replies.filter(verdict=ReplyVerdict.PENDING).order_by("-replied_at", "-id").first()
    now = clock.now()
    before = audit_snapshot(order)
    reply.verdict = ReplyVerdict.ACCEPTED if accepted else ReplyVerdict.REJECTED
    reply.verify_note, reply.verified_by, reply.verified_at = note, actor, now
    reply.save(update_fields=["verdict", "verify_note", "verified_by", "verified_at"])
    from_status = order.status
    if accepted:
        order.status, order.new_deadline = OrderStatus.VERIFIED, reply.new_deadline
        _save(order, ["status", "new_deadline"])
    else:
        # Back to the responsible person: a fresh reply period, and escalation may happen again.
        order.status = OrderStatus.ISSUED
        order.reply_from, order.reply_due = now, reply_deadline(now, order.reply_workdays)
        order.escalated_at = None
        _save(order, ["status", "reply_from", "reply_due", "escalated_at"])
    _event(order, actor=actor, action=action, from_status=from_status, note=note, at=now)
    audit_record(actor=actor, action=f"oversight.order_{action}", target=order, before=before, note=note)
    if accepted:
        title = _("督办通知书%(number)s的答复已核实通过") % {"number": order.number}
    else:
        title = _("督办通知书%(number)s的答复未通过核实，请重新答复") % {"number": order.number}
    _tell(actor, [order.responsible_id], order, title, note)
    return order


@transaction.atomic
def order_close(*, actor, order, note: str = "", expected_version: int | None = None) -> SupervisionOrder:
    """办结 (CASE-21): the issuing office closes a verified order (OVS-21); it stays in the register."""
    require_issuing_office(actor, order)
    order = _locked(order, expected_version)
    _require_state(order, (OrderStatus.VERIFIED,), OrderAction.CLOSE)
    note = (note or "").strip()
    before = audit_snapshot(order)
    now = clock.now()
    from_status = order.status
    order.status, order.closed_at = OrderStatus.CLOSED, now
    _save(order, ["status", "closed_at"])
    _event(order, actor=actor, action=OrderAction.CLOSE, from_status=from_status, note=note, at=now)
    audit_record(actor=actor, action="oversight.order_close", target=order, before=before, note=note)
    _tell(
        actor, [order.responsible_id], order, _("督办通知书%(number)s已办结") % {"number": order.number}, note
    )
    return order


# --- Escalation of late replies ---------------------------------------------------------------------


def escalation_recipients(order) -> list[int]:
    """The responsible person's leader (in charge of the department, else the principal) and the
    discipline office of the body (oversight.services' recipients rules)."""
    leaders = oversight_services._leaders([order.department_id], {order.department_id: order.body_id})
    inspectors = oversight_services._inspectors([order.body_id])
    return list(dict.fromkeys([*leaders.get(order.department_id, []), *inspectors.get(order.body_id, [])]))


def escalate_overdue(*, now: dt.datetime | None = None) -> int:
    """逾期上报: every issued order past its reply deadline and not yet escalated is marked
    escalated (once: ``escalated_at``), with an event, an audit record and notices to the
    leader and the discipline office. One transaction per order (SKIP LOCKED: concurrent runs
    share the work); running it again changes nothing. Returns how many it escalated."""
    now = now or clock.now()
    done = 0
    pending = SupervisionOrder.objects.filter(
        status=OrderStatus.ISSUED, escalated_at__isnull=True, reply_due__lt=now
    ).values_list("pk", flat=True)
    for pk in list(pending):
        with transaction.atomic():
            order = (
                SupervisionOrder.objects.select_for_update(skip_locked=True)
                .filter(pk=pk, status=OrderStatus.ISSUED, escalated_at__isnull=True, reply_due__lt=now)
                .first()
            )
            if order is None:
                continue
            before = audit_snapshot(order)
            order.escalated_at = now
            _save(order, ["escalated_at"])
            note = _("答复期限%(due)s已过，责任人未书面答复") % {
                "due": clock.local(order.reply_due).strftime("%Y-%m-%d %H:%M")
            }
            _event(
                order, actor=None, action=OrderAction.ESCALATE, from_status=order.status, note=note, at=now
            )
            audit_record(
                actor=None, action="oversight.order_escalate", target=order, before=before, note=note
            )
            _tell(
                None,
                escalation_recipients(order),
                order,
                _("督办逾期未答复：%(number)s %(subject)s")
                % {"number": order.number, "subject": order.subject},
                note,
            )
            _tell(
                None,
                [order.responsible_id],
                order,
                _("督办通知书%(number)s已逾期未答复，已上报") % {"number": order.number},
                note,
            )
            done += 1
    return done


def recompute_after_calendar_change(*, start: dt.date, end: dt.date, **kwargs) -> int:
    """workdays.calendar_changed receiver: the reply deadline of every order awaiting its reply,
    from the start of its reply period and its length in working days (CAL-1; CAL-6: a deadline
    counted provisionally is corrected once the year is loaded), each change audited as the system;
    returns how many moved. An escalation already made stays on record."""
    orders = SupervisionOrder.objects.filter(status=OrderStatus.ISSUED, reply_from__isnull=False)
    return recompute_due_dates(
        orders,
        due_field="reply_due",
        compute=lambda order: {"reply_due": reply_deadline(order.reply_from, order.reply_workdays)},
        action="oversight.order_clock_recompute",
        start=start,
        end=end,
    )
