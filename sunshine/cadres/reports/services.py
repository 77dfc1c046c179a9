"""The rules of cadres' reports (issue #9 §5). Every state change writes an audit record in the same
transaction; every refusal is a DomainError naming its rule.

Absence request (外出请示报备单, SUP-230)::

    pending ──each step in order (SUP-14 consent first)──▶ approved ──return (销假, SUP-224)──▶ returned
       │ a step refused ──▶ refused          withdrawn ◀── the cadre, before any step is done

An oral report in an emergency (SUP-229) is filed with ``oral=True`` and the time it was made; the
written form is completed afterwards (``absence_complete_in_writing``), late when after
``absence_written_days`` calendar days.

Personal major-matter report (SUP-233): written ``matter_days_before`` days before the matter, or an
oral report first and the written one within ``matter_written_days`` days after the matter; the
leader reads it (阅示); confidential to the cadre, the discipline office and that leader (SUP-235).
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from sunshine.cadres.reports import routing
from sunshine.cadres.reports.models import (
    AbsenceChange,
    AbsenceKind,
    AbsenceRequest,
    AbsenceStatus,
    AbsenceStep,
    ChangeStatus,
    MatterStatus,
    MatterType,
    PersonalMatterReport,
    Rank,
    ReportRules,
    StepKind,
    StepStatus,
)
from sunshine.core import clock
from sunshine.core.audit import audit_record, audit_snapshot
from sunshine.core.errors import Conflict, InvalidInput, NotFound, NotPermitted, RuleViolated
from sunshine.core.permissions import has_permission
from sunshine.org import selectors as org
from sunshine.workdays.choices import PeriodUnit
from sunshine.workdays.services import deadline_due

SUPERVISE = "cadres.supervise"
APPROVE = "cadres.approve"
ORGANISE = "cadres.organise"
LIVE = (AbsenceStatus.PENDING, AbsenceStatus.APPROVED, AbsenceStatus.RETURNED)
NOTICE_RULE = {
    Rank.PRINCIPAL: "SUP-221",
    Rank.DEPUTY_LEADER: "SUP-222",
    Rank.SECTION_HEAD: "SUP-223",
    Rank.STAFF: "SUP-230",
}


# --- Helpers ---------------------------------------------------------------------------------------


def rules_for(body) -> ReportRules:
    """The body's numbers, or the defaults (an unsaved row) when it has set none."""
    return ReportRules.objects.filter(body=body).first() or ReportRules(body=body)


def _text(value, field: str, message: str, *, rule: str | None = None, limit: int = 2000) -> str:
    value = (value or "").strip()
    if not value:
        raise InvalidInput("required", message, field=field, rule=rule)
    if len(value) > limit:
        raise InvalidInput("too_long", _("内容过长（最多%(n)d字）") % {"n": limit}, field=field, rule=rule)
    return value


def _name(user) -> str:
    return user.full_name or user.username


def cadre_of(user):
    """The cadre's person record and body; a user without one cannot file (SUP-220)."""
    person = org.person_of(user)
    if person is None:
        raise NotPermitted(
            "no_person", _("您的账号未关联人员信息，不能填报（SUP-220）"), field="person", rule="SUP-220"
        )
    return person, org.body_of(person.unit)


def _due(day: dt.date, days: int) -> dt.date:
    """``days`` calendar days after ``day`` (not counted), CAL-2 rolling a last day off work forward."""
    start = dt.datetime.combine(day, dt.time(12), tzinfo=clock.LOCAL_TZ)
    return clock.local(deadline_due(start=start, amount=days, unit=PeriodUnit.DAYS)).date()


def _locked(obj, expected_version: int | None):
    fresh = type(obj).objects.select_for_update().get(pk=obj.pk)
    if expected_version is not None and fresh.version != expected_version:
        raise Conflict("stale", _("记录已被他人处理，请刷新后重试"), field="version", rule="AUD-3")
    return fresh


def _touch(obj, fields: list[str]) -> None:
    obj.version += 1
    obj.save(update_fields=[*fields, "version", "updated_at"])


# --- Absence requests ------------------------------------------------------------------------------


def overlapping(qs, start: dt.date, end: dt.date):
    return qs.filter(status__in=LIVE, start_date__lte=end, end_date__gte=start)


@transaction.atomic
def absence_file(
    *,
    actor,
    kind: str,
    destination: str,
    reason: str,
    start_date: dt.date,
    end_date: dt.date,
    contact_phone: str,
    stand_in,
    stand_in_phone: str,
    abroad: bool = False,
    overlap_reason: str = "",
    oral: bool = False,
    oral_reported_at: dt.datetime | None = None,
) -> AbsenceRequest:
    """File an absence request; its route comes from ``routing.plan`` (SUP-14, SUP-16, SUP-17,
    SUP-221..225). Refusals: end before start; a request filed less than the body's notice ahead
    without an oral emergency report (SUP-221..223, SUP-230); no stand-in, the cadre himself, someone
    of another body or someone away at the same time (SUP-226); a body's Party and administrative
    heads away together without a reason (SUP-227)."""
    person, body = cadre_of(actor)
    rules = rules_for(body)
    today = clock.today()
    if kind not in AbsenceKind.values:
        raise InvalidInput("invalid", _("请选择外出事由类别（SUP-220）"), field="kind", rule="SUP-220")
    destination = _text(destination, "destination", _("请填写外出地点（SUP-230）"), rule="SUP-230", limit=200)
    reason = _text(reason, "reason", _("请填写外出事由（SUP-230）"), rule="SUP-230")
    contact_phone = _text(
        contact_phone,
        "contact_phone",
        _("请填写外出期间联系电话，外出期间须保持通讯畅通（SUP-229）"),
        rule="SUP-229",
        limit=30,
    )
    if start_date is None:
        raise InvalidInput("required", _("请填写起始日期（SUP-230）"), field="start_date", rule="SUP-230")
    if end_date is None or end_date < start_date:
        raise InvalidInput(
            "dates_reversed", _("结束日期不能早于起始日期（SUP-230）"), field="end_date", rule="SUP-230"
        )
    days = routing.calendar_days(start_date, end_date)
    rank = routing.rank_of(person, body)

    if oral:
        if oral_reported_at is None:
            raise InvalidInput(
                "required",
                _("口头报告的，请填写口头报告时间（SUP-229）"),
                field="oral_reported_at",
                rule="SUP-229",
            )
        if oral_reported_at > clock.now():
            raise InvalidInput(
                "future", _("口头报告时间不能晚于现在（SUP-229）"), field="oral_reported_at", rule="SUP-229"
            )
    else:
        notice = {
            Rank.PRINCIPAL: rules.notice_days_principal,
            Rank.DEPUTY_LEADER: rules.notice_days_deputy,
        }.get(rank, rules.notice_days_section)
        if (start_date - today).days < notice:
            rule = NOTICE_RULE[rank]
            raise RuleViolated(
                "notice_too_short",
                _("须提前%(n)d天请示报备（%(rule)s）；紧急情况请先口头报告，事后补办书面手续（SUP-229）")
                % {"n": notice, "rule": rule},
                field="start_date",
                rule=rule,
            )

    # SUP-226: a designated stand-in (主持工作/AB角), of the same body, not away at the same time.
    if stand_in is None:
        raise RuleViolated(
            "stand_in_required", _("须明确主持工作或AB角代理人（SUP-226）"), field="stand_in", rule="SUP-226"
        )
    if stand_in.pk == actor.pk:
        raise RuleViolated(
            "stand_in_self", _("代理人不能是外出人本人（SUP-226）"), field="stand_in", rule="SUP-226"
        )
    stand_in_person = org.person_of(stand_in)
    if stand_in_person is None or org.body_of(stand_in_person.unit).pk != body.pk:
        raise RuleViolated(
            "stand_in_other_body", _("代理人须为本单位人员（SUP-226）"), field="stand_in", rule="SUP-226"
        )
    if overlapping(AbsenceRequest.objects.filter(person=stand_in), start_date, end_date).exists():
        raise RuleViolated(
            "stand_in_away",
            _("代理人%(name)s在此期间也外出，请另行指定（SUP-226）") % {"name": _name(stand_in)},
            field="stand_in",
            rule="SUP-226",
        )
    stand_in_phone = _text(
        stand_in_phone, "stand_in_phone", _("请填写代理人联系电话（SUP-230）"), rule="SUP-230", limit=30
    )

    # SUP-227: the Party and administrative heads of one body not away at the same time.
    overlap_reason = (overlap_reason or "").strip()
    if rank == Rank.PRINCIPAL:
        others = org.principal_leaders_of(body).exclude(pk=person.pk).exclude(user__isnull=True)
        clash = overlapping(
            AbsenceRequest.objects.filter(body=body, person_id__in=others.values("user_id")),
            start_date,
            end_date,
        ).first()
        if clash is not None and not overlap_reason:
            raise RuleViolated(
                "heads_away_together",
                _(
                    "%(name)s同期外出（%(start)s至%(end)s），党政主要负责人不得同时外出，确需同时外出的须说明理由（SUP-227）"
                )
                % {"name": clash.person_name, "start": clash.start_date, "end": clash.end_date},
                field="overlap_reason",
                rule="SUP-227",
            )

    now = clock.now()
    request = AbsenceRequest.objects.create(
        created_by=actor,
        person=actor,
        person_name=_name(actor),
        post_name=routing.post_name(person, body)[:100],
        body=body,
        rank=rank,
        kind=kind,
        abroad=abroad,
        destination=destination,
        reason=reason,
        start_date=start_date,
        end_date=end_date,
        days=days,
        contact_phone=contact_phone,
        stand_in=stand_in,
        stand_in_post=routing.post_name(stand_in_person, body)[:100],
        stand_in_phone=stand_in_phone,
        overlap_reason=overlap_reason,
        oral=oral,
        oral_reported_at=oral_reported_at if oral else None,
        written_at=None if oral else now,
        written_due=_due(clock.local(oral_reported_at).date(), rules.absence_written_days) if oral else None,
        written_days=rules.absence_written_days if oral else None,
    )
    planned = routing.plan(
        person=person,
        user=actor,
        body=body,
        rank=rank,
        days=days,
        abroad=abroad,
        short_days=rules.section_head_short_days,
    )
    AbsenceStep.objects.bulk_create(
        AbsenceStep(
            request=request,
            order=i,
            kind=step.kind,
            label=step.label[:100],
            rule=step.rule[:30],
            assignee=step.assignee,
            office_body=step.office_body,
        )
        for i, step in enumerate(planned, start=1)
    )
    audit_record(
        actor=actor,
        action="cadres.absence_file",
        target=request,
        extra={
            "route": [f"{s.label}：{_name(s.assignee) if s.assignee else s.office_body}" for s in planned]
        },
    )
    return request


def current_step(request: AbsenceRequest) -> AbsenceStep | None:
    return request.steps.filter(status=StepStatus.WAITING).order_by("order").first()


def may_act(actor, step: AbsenceStep) -> bool:
    if step.assignee_id is not None:
        return step.assignee_id == actor.pk
    return has_permission(actor, ORGANISE, step.office_body)


@transaction.atomic
def absence_decide(
    *, actor, request: AbsenceRequest, approve: bool, opinion: str = "", version: int | None = None
) -> AbsenceRequest:
    """The current step's approver (or the office, for a filing) acts. Steps go in order: nobody acts
    before an abroad consent (SUP-14) or an earlier approval (SUP-17)."""
    request = _locked(request, version)
    if request.status != AbsenceStatus.PENDING:
        raise Conflict(
            "wrong_state",
            _("该外出请示当前为“%(s)s”，不能审批（SUP-17）") % {"s": AbsenceStatus(request.status).label},
            field="status",
            rule="SUP-17",
        )
    step = current_step(request)
    if not may_act(actor, step):
        mine = request.steps.filter(status=StepStatus.WAITING, assignee=actor).exists() or any(
            s.office_body_id and has_permission(actor, ORGANISE, s.office_body)
            for s in request.steps.filter(status=StepStatus.WAITING)
        )
        if mine and step.kind == StepKind.CONSENT:
            raise RuleViolated(
                "consent_first",
                _("出国（境）须先取得“%(label)s”，方可办理其他环节（SUP-14）") % {"label": step.label},
                field="status",
                rule="SUP-14",
            )
        if mine:
            raise RuleViolated(
                "not_your_turn",
                _("须先由“%(label)s”办理（SUP-17）") % {"label": step.label},
                field="status",
                rule="SUP-17",
            )
        raise NotPermitted("not_approver", _("您不是该外出请示当前环节的审批人（SUP-17）"), rule="SUP-17")
    if step.kind == StepKind.FILE and not approve:
        raise InvalidInput("file_only", _("备案环节只能登记备案（SUP-230）"), field="approve", rule="SUP-230")
    opinion = (opinion or "").strip()
    if not approve and not opinion:
        raise InvalidInput("required", _("不同意的，请填写意见（SUP-18）"), field="opinion", rule="SUP-18")
    before = audit_snapshot(request)
    now = clock.now()
    step.status = StepStatus.DONE if approve else StepStatus.REFUSED
    step.acted_by = actor
    step.acted_at = now
    step.opinion = opinion
    step.save(update_fields=["status", "acted_by", "acted_at", "opinion"])
    fields = ["status", "decided_at"]
    if step.change_id is not None:
        fields += _decide_change(request, step, approve)
    elif not approve:
        request.steps.filter(status=StepStatus.WAITING).update(status=StepStatus.CLOSED)
        request.status = AbsenceStatus.REFUSED
        request.decided_at = now
    elif current_step(request) is None:
        request.status = AbsenceStatus.APPROVED
        request.decided_at = now
    _touch(request, fields)
    audit_record(
        actor=actor,
        action="cadres.absence_decide",
        target=request,
        before=before,
        extra={"step": step.label, "approve": approve},
        note=opinion,
    )
    return request


def _decide_change(request: AbsenceRequest, step: AbsenceStep, approve: bool) -> list[str]:
    """A step of a supplementary request (SUP-229): refused, the itinerary approved before stands
    again and the request is approved as it was; the last one approved, the new itinerary is."""
    change = step.change
    if not approve:
        request.steps.filter(change=change, status=StepStatus.WAITING).update(status=StepStatus.CLOSED)
        request.destination = change.old_destination
        request.end_date = change.old_end_date
        request.days = change.old_days
        request.status = AbsenceStatus.APPROVED
        AbsenceChange.objects.filter(pk=change.pk).update(
            status=ChangeStatus.REFUSED, version=change.version + 1
        )
        return ["destination", "end_date", "days"]
    if current_step(request) is None:
        request.status = AbsenceStatus.APPROVED
        AbsenceChange.objects.filter(pk=change.pk).update(
            status=ChangeStatus.APPROVED, version=change.version + 1
        )
    return []


@transaction.atomic
def absence_change(
    *,
    actor,
    request: AbsenceRequest,
    reason: str,
    destination: str = "",
    end_date: dt.date | None = None,
    contact_phone: str = "",
    version: int | None = None,
) -> AbsenceChange:
    """行程变更 (SUP-229: "外出期间如调整行程，应及时补充请示报备"): the traveller reports a new
    destination or a new end date of an approved absence, before he has returned, with the reason.

    The new length is routed again as a request of that length would be (SUP-17 tiers, SUP-223): the
    approvers and filings it needs that the request has not had yet are added as steps of a
    supplementary request (补充请示) and the request waits for them (refused: the itinerary approved
    before stands again); when it needs none, the change is a supplementary report (补充报备) that
    takes effect at once. Going abroad is not a change: it needs consent before anything else
    (SUP-14), so a new request."""
    request = _locked(request, version)
    if request.person_id != actor.pk:
        raise NotPermitted(
            "not_yours", _("只有外出人本人可以补充请示报备行程变更（SUP-229）"), rule="SUP-229"
        )
    if request.status != AbsenceStatus.APPROVED:
        raise Conflict(
            "wrong_state",
            _("外出请示当前为“%(s)s”，批准后、销假前方可报备行程变更（SUP-229）")
            % {"s": AbsenceStatus(request.status).label},
            field="status",
            rule="SUP-229",
        )
    reason = _text(reason, "reason", _("请填写行程变更的理由（SUP-229）"), rule="SUP-229")
    destination = (destination or "").strip() or request.destination
    if len(destination) > 200:
        raise InvalidInput("too_long", _("外出地点过长"), field="destination")
    end_date = end_date or request.end_date
    today = clock.today()
    if end_date < max(request.start_date, today):
        raise InvalidInput(
            "dates_reversed",
            _("变更后的结束日期不能早于起始日期或今天；已返岗的请销假（SUP-224）"),
            field="end_date",
            rule="SUP-229",
        )
    if destination == request.destination and end_date == request.end_date:
        raise InvalidInput(
            "no_change", _("请填写变更后的外出地点或结束日期（SUP-229）"), field="destination", rule="SUP-229"
        )
    contact_phone = (contact_phone or "").strip()[:30]
    new_days = routing.calendar_days(request.start_date, end_date)
    person, body = cadre_of(actor)
    planned = routing.plan(
        person=person,
        user=actor,
        body=body,
        rank=request.rank,
        days=new_days,
        abroad=request.abroad,
        short_days=rules_for(body).section_head_short_days,
    )
    had = {(s.kind, s.assignee_id, s.office_body_id) for s in request.steps.filter(status=StepStatus.DONE)}
    missing = [
        p
        for p in planned
        if (p.kind, getattr(p.assignee, "pk", None), getattr(p.office_body, "pk", None)) not in had
    ]
    before = audit_snapshot(request)
    now = clock.now()
    change = AbsenceChange.objects.create(
        request=request,
        reported_at=now,
        reason=reason,
        old_destination=request.destination,
        new_destination=destination,
        old_end_date=request.end_date,
        new_end_date=end_date,
        old_days=request.days,
        new_days=new_days,
        status=ChangeStatus.PENDING if missing else ChangeStatus.REPORTED,
        created_by=actor,
    )
    if missing:
        last = request.steps.order_by("-order").values_list("order", flat=True).first() or 0
        AbsenceStep.objects.bulk_create(
            AbsenceStep(
                request=request,
                order=last + i,
                kind=p.kind,
                label=(_("补充请示：") + p.label)[:100],
                rule=p.rule[:30],
                assignee=p.assignee,
                office_body=p.office_body,
                change=change,
            )
            for i, p in enumerate(missing, start=1)
        )
        request.status = AbsenceStatus.PENDING
    request.destination, request.end_date, request.days = destination, end_date, new_days
    fields = ["destination", "end_date", "days", "status"]
    if contact_phone:
        request.contact_phone = contact_phone
        fields.append("contact_phone")
    _touch(request, fields)
    audit_record(
        actor=actor,
        action="cadres.absence_change",
        target=request,
        before=before,
        extra={"change": change.pk, "status": change.status, "added_steps": [p.label for p in missing]},
        note=reason,
    )
    return change


@transaction.atomic
def absence_withdraw(*, actor, request: AbsenceRequest, version: int | None = None) -> AbsenceRequest:
    request = _locked(request, version)
    if request.person_id != actor.pk:
        raise NotPermitted("not_yours", _("只有外出人本人可以撤回（SUP-230）"), rule="SUP-230")
    if request.status != AbsenceStatus.PENDING or request.steps.exclude(status=StepStatus.WAITING).exists():
        raise Conflict(
            "wrong_state", _("已有审批环节办理，不能撤回（SUP-17）"), field="status", rule="SUP-17"
        )
    before = audit_snapshot(request)
    request.steps.update(status=StepStatus.CLOSED)
    request.status = AbsenceStatus.WITHDRAWN
    _touch(request, ["status"])
    audit_record(actor=actor, action="cadres.absence_withdraw", target=request, before=before)
    return request


@transaction.atomic
def absence_complete_in_writing(
    *, actor, request: AbsenceRequest, version: int | None = None
) -> AbsenceRequest:
    """SUP-229: the written form after an oral report; late when after ``written_due`` (kept, flagged)."""
    request = _locked(request, version)
    if request.person_id != actor.pk:
        raise NotPermitted("not_yours", _("只有外出人本人可以补办书面手续（SUP-229）"), rule="SUP-229")
    if not request.oral or request.written_at is not None:
        raise Conflict("not_oral", _("该外出请示已是书面报备（SUP-229）"), field="status", rule="SUP-229")
    before = audit_snapshot(request)
    request.written_at = clock.now()
    _touch(request, ["written_at"])
    audit_record(
        actor=actor,
        action="cadres.absence_written",
        target=request,
        before=before,
        extra={"late": request.written_late},
    )
    return request


@transaction.atomic
def absence_return(
    *, actor, request: AbsenceRequest, returned_on: dt.date, version: int | None = None
) -> AbsenceRequest:
    """销假 (SUP-224): the cadre reports his return after an approved absence."""
    request = _locked(request, version)
    if request.person_id != actor.pk:
        raise NotPermitted("not_yours", _("只有外出人本人可以销假（SUP-224）"), rule="SUP-224")
    if request.status != AbsenceStatus.APPROVED:
        raise Conflict("wrong_state", _("外出请示批准后方可销假（SUP-224）"), field="status", rule="SUP-224")
    if returned_on is None or returned_on < request.start_date:
        raise InvalidInput(
            "invalid", _("返岗日期不能早于外出起始日期（SUP-224）"), field="returned_on", rule="SUP-224"
        )
    if returned_on > clock.today():
        raise InvalidInput(
            "future", _("返岗日期不能晚于今天（SUP-224）"), field="returned_on", rule="SUP-224"
        )
    before = audit_snapshot(request)
    request.returned_on = returned_on
    request.returned_at = clock.now()
    request.status = AbsenceStatus.RETURNED
    _touch(request, ["returned_on", "returned_at", "status"])
    audit_record(actor=actor, action="cadres.absence_return", target=request, before=before)
    return request


# --- Personal major-matter reports -------------------------------------------------------------------


def matter_leader(person, body, user):
    """Who reads a cadre's report: the body's principal leader; for the principal himself, the
    superior body's principal (None when outside the system: the discipline office alone reads)."""
    leader = routing.principal_user(body, exclude=user)
    if leader is None or routing.rank_of(person, body) == Rank.PRINCIPAL:
        superior = routing.superior_body(body)
        leader = routing.principal_user(superior) if superior is not None else None
    return leader


@transaction.atomic
def matter_report(
    *,
    actor,
    matter_type: str,
    matter_date: dt.date,
    description: str,
    place: str = "",
    funds_source: str = "",
    handling: str = "",
    oral: bool = False,
    oral_reported_at: dt.datetime | None = None,
) -> PersonalMatterReport:
    """SUP-233: a written report at least ``matter_days_before`` days before the matter (time, place,
    source of funds, handling); when that was impossible, the oral report first (recorded here with
    its time), the written one within ``matter_written_days`` days after the matter."""
    person, body = cadre_of(actor)
    rules = rules_for(body)
    if matter_type not in MatterType.values:
        raise InvalidInput("invalid", _("请选择报告事项类别（SUP-232）"), field="matter_type", rule="SUP-232")
    if matter_date is None:
        raise InvalidInput("required", _("请填写事项时间（SUP-233）"), field="matter_date", rule="SUP-233")
    description = _text(description, "description", _("请填写事项内容（SUP-232）"), rule="SUP-232")
    now = clock.now()
    if oral:
        if oral_reported_at is None:
            raise InvalidInput(
                "required",
                _("先口头报告的，请填写口头报告时间（SUP-233）"),
                field="oral_reported_at",
                rule="SUP-233",
            )
        if oral_reported_at > now:
            raise InvalidInput(
                "future", _("口头报告时间不能晚于现在（SUP-233）"), field="oral_reported_at", rule="SUP-233"
            )
        if clock.local(oral_reported_at).date() > matter_date:
            raise RuleViolated(
                "oral_after_matter",
                _("口头报告应在事项发生前作出；事后报告的为未按规定报告（SUP-233）"),
                field="oral_reported_at",
                rule="SUP-233",
            )
    else:
        if (matter_date - clock.today()).days < rules.matter_days_before:
            raise RuleViolated(
                "report_too_late",
                _("须在事项发生%(n)d天前书面报告；来不及的，应先口头报告，事后%(m)d天内书面补报（SUP-233）")
                % {"n": rules.matter_days_before, "m": rules.matter_written_days},
                field="matter_date",
                rule="SUP-233",
            )
        place = _text(place, "place", _("书面报告须写明地点（SUP-233）"), rule="SUP-233", limit=200)
        funds_source = _text(
            funds_source, "funds_source", _("书面报告须写明经费来源（SUP-233）"), rule="SUP-233", limit=200
        )
        handling = _text(handling, "handling", _("书面报告须写明操办方式（SUP-233）"), rule="SUP-233")
    report = PersonalMatterReport.objects.create(
        created_by=actor,
        person=actor,
        person_name=_name(actor),
        post_name=routing.post_name(person, body)[:100],
        body=body,
        leading_cadre=routing.rank_of(person, body) in (Rank.PRINCIPAL, Rank.DEPUTY_LEADER),
        matter_type=matter_type,
        matter_date=matter_date,
        place=(place or "").strip()[:200],
        funds_source=(funds_source or "").strip()[:200],
        handling=(handling or "").strip(),
        description=description,
        oral=oral,
        oral_reported_at=oral_reported_at if oral else None,
        written_at=None if oral else now,
        written_due=_due(matter_date, rules.matter_written_days) if oral else None,
        written_days=rules.matter_written_days if oral else None,
        leader=matter_leader(person, body, actor),
    )
    # SUP-235: the content is confidential; the audit record names the report, not what it says.
    audit_record(
        actor=actor, action="cadres.matter_report", target=report, after={"matter_type": matter_type}
    )
    return report


@transaction.atomic
def matter_complete_in_writing(
    *,
    actor,
    report: PersonalMatterReport,
    place: str,
    funds_source: str,
    handling: str,
    description: str = "",
    version: int | None = None,
) -> PersonalMatterReport:
    """SUP-233: the written report after an oral one; late when after ``written_due`` (flagged)."""
    report = _locked(report, version)
    if report.person_id != actor.pk:
        raise NotPermitted("not_yours", _("只有报告人本人可以书面补报（SUP-233）"), rule="SUP-233")
    if not report.oral or report.written_at is not None:
        raise Conflict("not_oral", _("该事项已书面报告（SUP-233）"), field="status", rule="SUP-233")
    report.place = _text(place, "place", _("书面报告须写明地点（SUP-233）"), rule="SUP-233", limit=200)
    report.funds_source = _text(
        funds_source, "funds_source", _("书面报告须写明经费来源（SUP-233）"), rule="SUP-233", limit=200
    )
    report.handling = _text(handling, "handling", _("书面报告须写明操办方式（SUP-233）"), rule="SUP-233")
    if (description or "").strip():
        report.description = description.strip()
    report.written_at = clock.now()
    _touch(report, ["place", "funds_source", "handling", "description", "written_at"])
    audit_record(
        actor=actor,
        action="cadres.matter_written",
        target=report,
        after={"written_at": report.written_at, "late": report.written_late},
    )
    return report


@transaction.atomic
def matter_acknowledge(
    *, actor, report: PersonalMatterReport, opinion: str = "", version: int | None = None
) -> PersonalMatterReport:
    """The reading leader's 阅示 (SUP-235: the 局党组 is responsible)."""
    report = _locked(report, version)
    if report.leader_id != actor.pk:
        raise NotPermitted("not_leader", _("只有审阅领导可以阅示该报告（SUP-235）"), rule="SUP-235")
    if report.status != MatterStatus.REPORTED:
        raise Conflict("wrong_state", _("该报告已阅示（SUP-235）"), field="status", rule="SUP-235")
    report.status = MatterStatus.ACKNOWLEDGED
    report.acknowledged_at = clock.now()
    report.leader_opinion = (opinion or "").strip()
    _touch(report, ["status", "acknowledged_at", "leader_opinion"])
    audit_record(
        actor=actor, action="cadres.matter_acknowledge", target=report, after={"status": report.status}
    )
    return report


# --- Reads with their confidentiality ------------------------------------------------------------------


def may_read_absence(actor, request: AbsenceRequest) -> bool:
    if request.person_id == actor.pk or request.stand_in_id == actor.pk:
        return True
    if any(has_permission(actor, p, request.body) for p in (SUPERVISE, ORGANISE, APPROVE)):
        return True
    return request.steps.filter(assignee=actor).exists()


def absence_get(*, actor, pk: int) -> AbsenceRequest:
    request = AbsenceRequest.objects.select_related("body", "person", "stand_in").filter(pk=pk).first()
    if request is None or not may_read_absence(actor, request):
        raise NotFound("not_found", _("记录不存在或不在您的数据范围内"), rule="SEC-7")
    return request


def absence_list(*, actor):
    """What the actor may see: his own, those he approves, and his bodies' (supervise/organise/approve)."""
    from sunshine.core.permissions import scope_q

    q = Q(person=actor) | Q(steps__assignee=actor)
    for perm in (SUPERVISE, ORGANISE, APPROVE):
        if has_permission(actor, perm):
            q |= scope_q(actor, perm, "body")
    return AbsenceRequest.objects.filter(q).distinct().select_related("body").order_by("-start_date", "-id")


def absence_todo(*, actor):
    """Requests whose current step is the actor's (his approvals, or his office's filings)."""
    waiting = AbsenceRequest.objects.filter(status=AbsenceStatus.PENDING).prefetch_related("steps")
    if not (has_permission(actor, ORGANISE)):
        waiting = waiting.filter(steps__assignee=actor, steps__status=StepStatus.WAITING).distinct()
    result = []
    for request in waiting.order_by("start_date", "id")[:500]:
        step = next((s for s in request.steps.all() if s.status == StepStatus.WAITING), None)
        if step is not None and may_act(actor, step):
            result.append(request)
    return result


def may_read_matter(actor, report: PersonalMatterReport) -> bool:
    """SUP-235: the reporter, his reading leader and the discipline office only."""
    return (
        report.person_id == actor.pk
        or report.leader_id == actor.pk
        or has_permission(actor, SUPERVISE, report.body)
    )


def matter_get(*, actor, pk: int) -> PersonalMatterReport:
    report = PersonalMatterReport.objects.select_related("body", "leader").filter(pk=pk).first()
    if report is None or not may_read_matter(actor, report):
        raise NotFound("not_found", _("记录不存在或不在您的数据范围内"), rule="SEC-7")
    return report


def matter_list(*, actor):
    from sunshine.core.permissions import scope_q

    q = Q(person=actor) | Q(leader=actor)
    if has_permission(actor, SUPERVISE):
        q |= scope_q(actor, SUPERVISE, "body")
    return PersonalMatterReport.objects.filter(q).select_related("body").order_by("-matter_date", "-id")


# --- Half-years: the summary (SUP-18) and the democratic life meeting list (SUP-234) -------------------


def half_year(year: int, half: int) -> tuple[dt.date, dt.date]:
    if half not in (1, 2):
        raise InvalidInput("invalid", _("半年度只能是上半年或下半年（SUP-18）"), field="half", rule="SUP-18")
    return (
        (dt.date(year, 1, 1), dt.date(year, 6, 30))
        if half == 1
        else (dt.date(year, 7, 1), dt.date(year, 12, 31))
    )


def require_body_reader(actor, body, perms, rule: str = "SUP-18") -> None:
    if any(has_permission(actor, p, body) for p in perms):
        return
    if any(has_permission(actor, p) for p in perms):
        raise NotFound("not_found", _("记录不存在或不在您的数据范围内"), rule="SEC-7")
    raise NotPermitted(
        "permission_denied", _("您没有查看该汇总的权限（%(rule)s）") % {"rule": rule}, rule=rule
    )


def half_year_summary(*, actor, body, year: int, half: int) -> list[dict]:
    """SUP-18: the half-year's absences of the body's cadres — who, where, how long, approved by
    whom — for the organisation department; refused, withdrawn and pending ones are left out."""
    require_body_reader(actor, body, (SUPERVISE, ORGANISE, APPROVE))
    first, last = half_year(year, half)
    today = clock.today()
    requests = (
        AbsenceRequest.objects.filter(
            body=body,
            status__in=(AbsenceStatus.APPROVED, AbsenceStatus.RETURNED),
            start_date__gte=first,
            start_date__lte=last,
        )
        .prefetch_related("steps__acted_by", "steps__assignee")
        .select_related("stand_in")
        .order_by("start_date", "id")
    )
    rows = []
    for r in requests:
        approvers = [
            f"{_name(s.acted_by)}（{s.label}）"
            for s in r.steps.all()
            if s.status == StepStatus.DONE and s.kind != StepKind.FILE and s.acted_by_id
        ]
        filed = [s.label for s in r.steps.all() if s.status == StepStatus.DONE and s.kind == StepKind.FILE]
        notes = []
        if r.abroad:
            notes.append(_("出国（境）"))
        if r.oral:
            notes.append(_("口头报告"))
        if r.written_late:
            notes.append(_("书面补办逾期"))
        if r.written_missing(today):
            notes.append(_("未补办书面手续"))
        if r.returned_late:
            notes.append(_("逾期返岗"))
        if r.status == AbsenceStatus.APPROVED and r.end_date < today:
            notes.append(_("未销假"))
        rows.append(
            {
                "request": r,
                "name": r.person_name,
                "post": r.post_name,
                "kind": r.get_kind_display(),
                "destination": r.destination,
                "start": r.start_date,
                "end": r.end_date,
                "days": r.days,
                "approvers": "；".join(approvers) or "—",
                "filed": "；".join(filed),
                "stand_in": _name(r.stand_in),
                "notes": "、".join(notes),
            }
        )
    audit_record(
        actor=actor,
        action="cadres.absence_summary",
        object_type="org.unit",
        object_id=body.pk,
        label=str(body),
        after=None,
        extra={"year": year, "half": half, "rows": len(rows)},
    )
    return rows


def meeting_list(*, actor, body, year: int, half: int) -> list[PersonalMatterReport]:
    """SUP-234: the leading cadres' personal major matters of the half-year, to be announced at the
    semi-annual democratic life meeting. Confidential (SUP-235): the discipline office only."""
    require_body_reader(actor, body, (SUPERVISE,), rule="SUP-235")
    first, last = half_year(year, half)
    return list(
        PersonalMatterReport.objects.filter(
            body=body, leading_cadre=True, matter_date__gte=first, matter_date__lte=last
        ).order_by("person_name", "matter_date", "id")
    )
