"""Services of the petitions app (信访举报): every state change of an item, with its rule.

Rules (shared/domain; core.rules): PET-1 (channels, designated staff, feedback), PET-2 (prompt
handling, due dates), PET-3 (every real-name report answered; here every item), PET-4 (no shelving:
alerts), PET-11 (reporter identity with restricted access), CASE-1/CASE-5 (first-contact officer),
CASE-3 (requests answered within 5 working days of assignment), CASE-10 (limits; reason told when
late), CASE-19 (transfer told to the party), PTN-1..4 (product rules, docs/decisions/0013).
"""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils.translation import gettext as _

from sunshine.core import clock, receipts
from sunshine.core.audit import audit_record, audit_snapshot
from sunshine.core.errors import Conflict, InvalidInput, NotFound, NotPermitted, RuleViolated
from sunshine.core.notifications import notify
from sunshine.core.permissions import has_permission, require_permission, scope_q
from sunshine.org import selectors as org_selectors
from sunshine.org.choices import PostKind, UnitKind
from sunshine.org.models import Person, Unit
from sunshine.petitions import storage
from sunshine.petitions.choices import (
    OPEN_STATUSES,
    AlertLevel,
    Channel,
    EventKind,
    PetitionKind,
    PetitionStatus,
    Satisfaction,
)
from sunshine.petitions.models import (
    Petition,
    PetitionAlert,
    PetitionAssignment,
    PetitionEvent,
    PetitionIdentity,
    PetitionSettings,
)
from sunshine.workdays.recompute import recompute_due_dates
from sunshine.workdays.services import add_working_days, deadline_due

AUDIT_FIELDS = [
    "code",
    "body",
    "unit",
    "kind",
    "channel",
    "anonymous",
    "subject",
    "accused_name",
    "accused_person",
    "discipline_only",
    "status",
    "received_at",
    "registered_by",
    "due_at",
    "extended",
    "extension_workdays",
    "answered_at",
    "closed_at",
    "satisfaction",
]


def _snapshot(petition: Petition) -> dict:
    # The secret's hash and the identity are never in the audit trail (PET-11).
    return audit_snapshot(petition, fields=AUDIT_FIELDS)


# --- Limits --------------------------------------------------------------------------------------


def settings_of(body: Unit) -> PetitionSettings:
    """The body's answer limits, or the defaults (PTN-1)."""
    return PetitionSettings.objects.filter(body=body).first() or PetitionSettings(body=body)


def _deadline(*, start: dt.datetime, workdays: int, warn_workdays: int) -> tuple[dt.datetime, dt.datetime]:
    """(due, warn): the end of the ``workdays``-th working day after ``start`` (CAL-2: the start day
    is not counted), and the start of the day ``warn_workdays`` working days before it. A limit that
    runs into a year whose schedule is not loaded yet counts it Monday to Friday and is recomputed
    when the year is loaded (CAL-6, ``recompute_after_calendar_change``)."""
    due = deadline_due(start=start, amount=workdays, unit="workdays")
    warn_day = add_working_days(date=clock.local(due).date(), n=-warn_workdays) if warn_workdays else None
    warn = (
        dt.datetime.combine(warn_day, dt.time.min, tzinfo=clock.LOCAL_TZ) + dt.timedelta(days=1)
        if warn_day
        else due
    )
    return due, min(warn, due)


def _clock(petition: Petition, warn_workdays: int) -> tuple[dt.datetime, dt.datetime]:
    """(due, warn) of ``petition`` from its clock start, limit and approved extension (PTN-2)."""
    due, warn = _deadline(
        start=petition.clock_start, workdays=petition.limit_workdays, warn_workdays=warn_workdays
    )
    if petition.extension_workdays:
        due, warn = _deadline(
            start=due - dt.timedelta(microseconds=1),
            workdays=petition.extension_workdays,
            warn_workdays=warn_workdays,
        )
    return due, warn


def recompute_after_calendar_change(*, start: dt.date, end: dt.date, **kwargs) -> int:
    """workdays.calendar_changed receiver: recompute the limits of open items that the edited days
    may move (CAL-6: a limit counted provisionally is corrected once the year is loaded), each change
    audited as the system (workdays.recompute); returns how many moved."""

    def compute(petition):
        due, warn = _clock(petition, settings_of(petition.body).warn_workdays)
        return {"due_at": due, "warn_at": warn}

    # An item extended before the extension's length was kept (migration 0003) cannot be rebuilt.
    items = Petition.objects.filter(status__in=OPEN_STATUSES).exclude(extended=True, extension_workdays=0)
    return recompute_due_dates(
        items.select_related("body"),
        due_field="due_at",
        compute=compute,
        action="petitions.clock_recompute",
        start=start,
        end=end,
    )


def _set_clock(petition: Petition, *, start: dt.datetime) -> None:
    """Start the answer clock of ``petition`` at ``start`` with its body's limit for its kind."""
    conf = settings_of(petition.body)
    limit = conf.limit_for(petition.kind)
    petition.clock_start = start
    petition.limit_workdays = limit
    petition.due_at, petition.warn_at = _deadline(
        start=start, workdays=limit, warn_workdays=conf.warn_workdays
    )
    petition.extended = False
    petition.extension_workdays = 0


# --- Codes and secrets ---------------------------------------------------------------------------


def new_code() -> str:
    return receipts.new_code("XF")


new_secret = receipts.new_secret
normalise_code = receipts.normalise_code


def petition_follow(*, code: str, secret: str) -> Petition:
    """The item a code and its secret open (PTN-3). A wrong code and a wrong secret give the same
    error and cost the same time, so that codes cannot be enumerated (core.receipts)."""
    petition = Petition.objects.filter(code=normalise_code(code)).select_related("body").first()
    if not receipts.secret_matches(secret, petition.secret_hash if petition else None):
        raise NotFound("petition_not_found", _("受理编号或查询密码不正确"), field="code", rule="PTN-3")
    return petition


# --- Intake --------------------------------------------------------------------------------------


def _leader_ids(body: Unit) -> set[int]:
    return set(org_selectors.leaders_of(body).values_list("pk", flat=True))


def _clean_intake(*, body, kind, channel, subject, content, anonymous, name) -> None:
    if body is None or body.kind != UnitKind.BODY or body.deleted_at is not None:
        raise InvalidInput("body_required", _("请选择被反映的单位"), field="body")
    if kind not in PetitionKind.values:
        raise InvalidInput("kind_invalid", _("请选择类别"), field="kind")
    if channel not in Channel.values:
        raise InvalidInput("channel_invalid", _("请选择来源渠道"), field="channel")
    if not (subject or "").strip():
        raise InvalidInput("subject_required", _("请填写标题"), field="subject")
    if len((content or "").strip()) < 10:
        raise InvalidInput("content_too_short", _("请把反映的问题写清楚（至少10个字）"), field="content")
    if not anonymous and not (name or "").strip():
        raise InvalidInput("name_required", _("实名反映请填写姓名；不愿留名请选择匿名"), field="name")


@transaction.atomic
def petition_file(
    *,
    actor,
    body: Unit,
    kind: str,
    channel: str,
    subject: str,
    content: str,
    anonymous: bool,
    name: str = "",
    phone: str = "",
    address: str = "",
    accused_name: str = "",
    accused_is_leader: bool = False,
    accused_person: Person | None = None,
    files=(),
    received_at: dt.datetime | None = None,
) -> tuple[Petition, str]:
    """Register an item; return it with its secret, shown once to the reporter (PTN-3).

    From the portal ``actor`` is None (the public, no account). A visit, call or letter is registered
    by the staff member who received it, the first-contact officer (首问负责, CASE-1, CASE-5), who
    needs ``petitions.register`` over the body. A report naming a leader of the body goes to the
    discipline office only (PTN-4): the reporter ticks it on the portal, or the officer picks the
    person.
    """
    if channel == Channel.PORTAL:
        if actor is not None:
            raise InvalidInput("channel_invalid", _("工作人员登记请选择来访、来电或来信"), field="channel")
    else:
        if actor is None:
            raise NotPermitted(
                "first_contact_required", _("来访、来电、来信须由首问责任人登记"), rule="CASE-1"
            )
        if not holds_in_body(actor, "petitions.register", body):
            require_permission(actor, "petitions.register", body)
    _clean_intake(
        body=body,
        kind=kind,
        channel=channel,
        subject=subject,
        content=content,
        anonymous=anonymous,
        name=name,
    )
    uploads = storage.check_files(files)
    if accused_person is not None and org_selectors.body_of(accused_person.unit).pk != body.pk:
        raise InvalidInput("accused_not_of_body", _("被反映人不是该单位人员"), field="accused_person")
    leader_named = accused_person is not None and accused_person.pk in _leader_ids(body)
    now = clock.now()
    secret = new_secret()
    petition = Petition(
        body=body,
        unit=body,
        kind=kind,
        channel=channel,
        anonymous=anonymous,
        subject=subject.strip()[:200],
        content=content.strip(),
        accused_name=(accused_name or (accused_person.name if accused_person else "")).strip()[:100],
        accused_person=accused_person,
        discipline_only=bool(accused_is_leader or leader_named),
        received_at=received_at or now,
        registered_by=actor,
        secret_hash=receipts.hash_secret(secret),
        created_by=actor,
    )
    _set_clock(petition, start=petition.received_at)
    for _attempt in range(5):
        petition.code = new_code()
        try:
            with transaction.atomic():
                petition.save()
            break
        except IntegrityError:  # a code already taken: draw again
            continue
    else:  # pragma: no cover - 5 collisions in 8 * 10**14 codes
        raise Conflict("code_exhausted", _("生成受理编号失败，请重试"))
    if not anonymous:
        PetitionIdentity.objects.create(
            petition=petition, name=name.strip()[:50], phone=phone.strip()[:30], address=address.strip()[:200]
        )
    event = _event(
        petition,
        EventKind.FILED,
        actor=actor,
        public=True,
        text=_("已收到，受理编号%(code)s") % {"code": petition.code},
    )
    storage.attach(petition=petition, event=event, uploads=uploads)
    audit_record(
        actor=actor,
        action="petitions.file",
        target=petition,
        after=_snapshot(petition),
        extra={"attachments": [u.sha256 for u in uploads], "named": not anonymous},
    )
    return petition, secret


def _event(
    petition, kind, *, actor=None, public=False, text="", from_body=None, to_body=None
) -> PetitionEvent:
    return PetitionEvent.objects.create(
        petition=petition,
        kind=kind,
        actor=actor,
        public=public,
        text=text,
        from_body=from_body,
        to_body=to_body,
        at=clock.now(),
    )


# --- Access --------------------------------------------------------------------------------------


def is_assigned(actor, petition: Petition) -> bool:
    return (
        actor is not None
        and PetitionAssignment.objects.filter(
            petition=petition, handler=actor, ended_at__isnull=True
        ).exists()
    )


def is_accused(actor, petition: Petition) -> bool:
    return (
        actor is not None
        and petition.accused_person_id is not None
        and Person.objects.filter(pk=petition.accused_person_id, user=actor).exists()
    )


def holds_in_body(user, perm: str, body: Unit) -> bool:
    """Whether ``user`` holds ``perm`` over some unit of ``body`` (a clerk's scope is often their
    department only)."""
    return Unit.objects.filter(
        scope_q(user, perm, ""), Q(pk=body.pk) | Q(body=body), deleted_at__isnull=True
    ).exists()


def can_handle_in(user, body: Unit) -> bool:
    return holds_in_body(user, "petitions.handle", body)


def can_see(actor, petition: Petition) -> bool:
    """Whether ``actor`` may read ``petition`` at all: in scope (or assigned to it), and for a report
    on a leader only the discipline office (PTN-4); never the person it accuses (PET-11)."""
    if actor is None:
        return False
    if is_accused(actor, petition):
        return False
    if petition.discipline_only and not has_permission(actor, "petitions.discipline", petition):
        return False
    return is_assigned(actor, petition) or has_permission(actor, "petitions.view", petition)


def _require(actor, perm: str, petition: Petition) -> None:
    """require_permission, with the leader-report and accused-person walls (404: not even its
    existence shows, PTN-4)."""
    if actor is None:
        require_permission(actor, perm)
        return
    if is_accused(actor, petition) or (
        petition.discipline_only and not has_permission(actor, "petitions.discipline", petition)
    ):
        raise NotFound("not_found", _("记录不存在或不在您的数据范围内"), rule="PTN-4")
    if has_permission(actor, perm) and is_assigned(actor, petition):
        return  # an assigned handler acts on the item wherever their own scope lies
    require_permission(actor, perm, petition)


def _lock(petition: Petition, expected_version: int | None) -> Petition:
    locked = Petition.objects.select_for_update().get(pk=petition.pk)
    if expected_version is not None and locked.version != expected_version:
        raise Conflict("stale_version", _("该件已被他人修改，请刷新后重试"), field="version")
    return locked


def _save(petition: Petition, fields: list[str]) -> None:
    petition.version = F("version") + 1
    petition.save(update_fields=[*fields, "version", "updated_at"])
    petition.refresh_from_db()


def _require_open(petition: Petition) -> None:
    if petition.status not in OPEN_STATUSES:
        raise RuleViolated("petition_not_open", _("该件已答复或办结，不能再进行此操作"), field="status")


# --- Triage, assignment, transfer ----------------------------------------------------------------


@transaction.atomic
def petition_triage(
    *,
    actor,
    petition: Petition,
    kind: str,
    accused_person: Person | None = None,
    note: str = "",
    expected_version: int | None = None,
) -> Petition:
    """Confirm or correct the item's kind (complaint, report, suggestion, request) and name the person
    it accuses; a leader of the body sends it to the discipline office only (PTN-4), for good. The
    answer clock restarts from receipt with the limit of the new kind (PTN-1)."""
    _require(actor, "petitions.triage", petition)
    petition = _lock(petition, expected_version)
    _require_open(petition)
    if kind not in PetitionKind.values:
        raise InvalidInput("kind_invalid", _("请选择类别"), field="kind")
    before = _snapshot(petition)
    if accused_person is not None:
        if org_selectors.body_of(accused_person.unit).pk != petition.body_id:
            raise InvalidInput("accused_not_of_body", _("被反映人不是本单位人员"), field="accused_person")
        petition.accused_person = accused_person
        petition.accused_name = accused_person.name
        if accused_person.pk in _leader_ids(petition.body):
            petition.discipline_only = True
    fields = ["kind", "accused_person", "accused_name", "discipline_only"]
    if kind != petition.kind:
        petition.kind = kind
        # The receipt in this body: the last transfer in, or the filing.
        moved = petition.events.filter(kind=EventKind.TRANSFERRED).order_by("-at", "-id").first()
        start = moved.at if moved else petition.received_at
        if kind == PetitionKind.REQUEST:  # CASE-3: from the first assignment here, if any yet
            first = petition.assignments.filter(assigned_at__gte=start).order_by("assigned_at", "id").first()
            start = first.assigned_at if first else start
        _set_clock(petition, start=start)
        fields += ["clock_start", "limit_workdays", "due_at", "warn_at", "extended", "extension_workdays"]
    if petition.discipline_only:
        # Handlers outside the discipline office lose the item at once.
        for assignment in petition.assignments.filter(ended_at__isnull=True):
            if assignment.handler_id and not has_permission(
                assignment.handler, "petitions.discipline", petition
            ):
                assignment.ended_at = clock.now()
                assignment.save(update_fields=["ended_at"])
    _save(petition, fields)
    _event(petition, EventKind.TRIAGED, actor=actor, text=note or PetitionKind(kind).label)
    audit_record(
        actor=actor,
        action="petitions.triage",
        target=petition,
        before=before,
        after=_snapshot(petition),
        note=note,
    )
    return petition


@transaction.atomic
def petition_assign(
    *, actor, petition: Petition, handler, note: str = "", expected_version: int | None = None
) -> Petition:
    """Assign the item to a handler of the body (交办, PET-1 专人). The handler needs
    ``petitions.handle`` over it; for a report on a leader, a member of the discipline office
    (PTN-4), never the accused. A request's clock starts at assignment (CASE-3)."""
    _require(actor, "petitions.triage", petition)
    petition = _lock(petition, expected_version)
    _require_open(petition)
    if handler is None or not handler.is_active:
        raise InvalidInput("handler_required", _("请选择承办人"), field="handler")
    if is_accused(handler, petition):
        raise RuleViolated(
            "handler_is_accused", _("不能交由被反映人本人办理"), field="handler", rule="PET-11"
        )
    if petition.discipline_only and not has_permission(handler, "petitions.discipline", petition):
        raise RuleViolated(
            "discipline_only",
            _("反映领导班子成员的举报只能交纪检监察人员办理"),
            field="handler",
            rule="PTN-4",
        )
    if not can_handle_in(handler, petition.body):
        raise InvalidInput("handler_not_in_body", _("所选人员不能办理本单位的信访举报件"), field="handler")
    before = _snapshot(petition)
    now = clock.now()
    first = not petition.assignments.exists()
    petition.assignments.filter(ended_at__isnull=True).update(ended_at=now)
    PetitionAssignment.objects.create(petition=petition, handler=handler, assigned_by=actor, assigned_at=now)
    person = org_selectors.person_of(handler)
    petition.unit = (
        person.unit if person is not None and person.unit.body_id == petition.body_id else petition.body
    )
    petition.status = PetitionStatus.ASSIGNED
    fields = ["unit", "status"]
    if petition.kind == PetitionKind.REQUEST and first:  # CASE-3; a re-assignment does not restart it
        _set_clock(petition, start=now)
        fields += ["clock_start", "limit_workdays", "due_at", "warn_at", "extended", "extension_workdays"]
    _save(petition, fields)
    _event(petition, EventKind.ASSIGNED, actor=actor, text=note or (handler.full_name or handler.username))
    audit_record(
        actor=actor,
        action="petitions.assign",
        target=petition,
        before=before,
        after=_snapshot(petition),
        note=note,
        extra={"handler": handler.pk},
    )
    return petition


@transaction.atomic
def petition_transfer(
    *, actor, petition: Petition, to_body: Unit, reason: str, expected_version: int | None = None
) -> Petition:
    """Transfer an item that belongs to another body (转办): recorded with both bodies and the reason,
    and told to the reporter on the follow-up page at once (CASE-19, CIV-23). The receiving body's
    clock starts at the transfer (its receipt), with its own limit (PTN-1)."""
    _require(actor, "petitions.triage", petition)
    petition = _lock(petition, expected_version)
    _require_open(petition)
    if to_body is None or to_body.kind != UnitKind.BODY or to_body.deleted_at is not None:
        raise InvalidInput("to_body_required", _("请选择接收单位"), field="to_body")
    if to_body.pk == petition.body_id:
        raise InvalidInput("same_body", _("接收单位不能是本单位"), field="to_body")
    if not (reason or "").strip():
        raise InvalidInput("reason_required", _("请填写转办理由"), field="reason")
    before = _snapshot(petition)
    now = clock.now()
    from_body = petition.body
    petition.assignments.filter(ended_at__isnull=True).update(ended_at=now)
    petition.body = to_body
    petition.unit = to_body
    petition.status = PetitionStatus.RECEIVED
    if petition.accused_person_id and org_selectors.body_of(petition.accused_person.unit).pk != to_body.pk:
        petition.accused_person = None  # a person of the old body; the name stays in accused_name
    _set_clock(petition, start=now)
    _save(
        petition,
        [
            "body",
            "unit",
            "status",
            "accused_person",
            "clock_start",
            "limit_workdays",
            "due_at",
            "warn_at",
            "extended",
        ],
    )
    _resolve_alerts(petition, now)
    _event(
        petition,
        EventKind.TRANSFERRED,
        actor=actor,
        public=True,
        text=_("本件已转交%(body)s办理。理由：%(reason)s") % {"body": to_body.name, "reason": reason.strip()},
        from_body=from_body,
        to_body=to_body,
    )
    audit_record(
        actor=actor,
        action="petitions.transfer",
        target=petition,
        before=before,
        after=_snapshot(petition),
        note=reason,
    )
    return petition


# --- Extension, answer, closing ------------------------------------------------------------------


@transaction.atomic
def petition_extend(
    *, actor, petition: Petition, workdays: int, reason: str, expected_version: int | None = None
) -> Petition:
    """Extend the answer limit once (PTN-2, after CASE-10 and PUB-208): before the limit has passed,
    by at most the body's maximum, approved by a holder of ``petitions.approve_extension`` (the
    principal leader; the discipline office for its own items); the reporter reads the reason and
    the new date."""
    _require(actor, "petitions.approve_extension", petition)
    petition = _lock(petition, expected_version)
    _require_open(petition)
    conf = settings_of(petition.body)
    if petition.extended:
        raise RuleViolated(
            "already_extended", _("该件已延期一次，不能再次延期"), field="workdays", rule="PTN-2"
        )
    now = clock.now()
    if now > petition.due_at:
        raise RuleViolated(
            "extension_too_late", _("答复期限已过，不能再申请延期"), field="workdays", rule="PTN-2"
        )
    if not isinstance(workdays, int) or workdays < 1 or workdays > conf.extension_max_workdays:
        raise InvalidInput(
            "extension_out_of_range",
            _("延期须为1至%(n)d个工作日") % {"n": conf.extension_max_workdays},
            field="workdays",
            rule="PTN-2",
        )
    if not (reason or "").strip():
        raise InvalidInput("reason_required", _("请填写延期理由"), field="reason", rule="CASE-10")
    before = _snapshot(petition)
    petition.extended = True
    petition.extension_workdays = workdays
    petition.due_at, petition.warn_at = _clock(petition, conf.warn_workdays)
    _save(petition, ["due_at", "warn_at", "extended", "extension_workdays"])
    _resolve_alerts(petition, now)
    _event(
        petition,
        EventKind.EXTENDED,
        actor=actor,
        public=True,
        text=_("答复期限延长至%(date)s。理由：%(reason)s")
        % {"date": clock.local(petition.due_at).date().isoformat(), "reason": reason.strip()},
    )
    audit_record(
        actor=actor,
        action="petitions.extend",
        target=petition,
        before=before,
        after=_snapshot(petition),
        note=reason,
    )
    return petition


@transaction.atomic
def petition_answer(
    *, actor, petition: Petition, text: str, files=(), expected_version: int | None = None
) -> Petition:
    """The answer to the reporter (答复, PET-1 feed back the outcome; PET-3): written by an assigned
    handler, readable with the code and secret; resolves the item's alerts."""
    _require(actor, "petitions.handle", petition)
    if not is_assigned(actor, petition):
        raise NotPermitted("not_assigned", _("只有承办人可以答复"), rule="PET-3")
    petition = _lock(petition, expected_version)
    _require_open(petition)
    if len((text or "").strip()) < 5:
        raise InvalidInput("answer_required", _("请填写答复内容"), field="text")
    uploads = storage.check_files(files)
    before = _snapshot(petition)
    now = clock.now()
    petition.status = PetitionStatus.ANSWERED
    petition.answered_at = now
    _save(petition, ["status", "answered_at"])
    _resolve_alerts(petition, now)
    event = _event(petition, EventKind.ANSWERED, actor=actor, public=True, text=text.strip())
    storage.attach(petition=petition, event=event, uploads=uploads)
    audit_record(
        actor=actor,
        action="petitions.answer",
        target=petition,
        before=before,
        after=_snapshot(petition),
        extra={"late": now > petition.due_at, "attachments": [u.sha256 for u in uploads]},
    )
    return petition


@transaction.atomic
def petition_rate(*, petition: Petition, satisfaction: str, comment: str = "") -> Petition:
    """The reporter's satisfaction with the answer, given with the code and secret (portal)."""
    petition = _lock(petition, None)
    if petition.status != PetitionStatus.ANSWERED:
        raise RuleViolated("not_answered", _("答复后才能评价"), field="satisfaction")
    if satisfaction not in (Satisfaction.SATISFIED, Satisfaction.BASICALLY, Satisfaction.DISSATISFIED):
        raise InvalidInput("satisfaction_invalid", _("请选择满意程度"), field="satisfaction")
    before = _snapshot(petition)
    petition.satisfaction = satisfaction
    _save(petition, ["satisfaction"])
    _event(
        petition,
        EventKind.RATED,
        public=True,
        text=f"{Satisfaction(satisfaction).label}{('：' + comment.strip()) if comment.strip() else ''}"[
            :2000
        ],
    )
    audit_record(
        actor=None, action="petitions.rate", target=petition, before=before, after=_snapshot(petition)
    )
    return petition


@transaction.atomic
def petition_close(
    *,
    actor,
    petition: Petition,
    satisfaction: str = "",
    note: str = "",
    expected_version: int | None = None,
) -> Petition:
    """Close an answered item with the reporter's satisfaction (办结). Not without an answer (PET-3).
    The satisfaction is the reporter's own rating when they gave one; otherwise what they said on the
    phone or at a visit, or 未评价. Closing over a 不满意 needs a note of what was done about it
    (CASE-16: the supervisor may order re-handling)."""
    _require(actor, "petitions.triage", petition)
    petition = _lock(petition, expected_version)
    if petition.status == PetitionStatus.CLOSED:
        raise RuleViolated("already_closed", _("该件已办结"), field="status")
    if petition.status != PetitionStatus.ANSWERED:
        raise RuleViolated("not_answered", _("未答复信访人的不能办结"), field="status", rule="PET-3")
    satisfaction = petition.satisfaction or satisfaction or Satisfaction.NOT_GIVEN
    if satisfaction not in Satisfaction.values:
        raise InvalidInput("satisfaction_invalid", _("请选择满意程度"), field="satisfaction")
    if satisfaction == Satisfaction.DISSATISFIED and not (note or "").strip():
        raise InvalidInput(
            "note_required", _("信访人不满意的，请写明复查或解释情况后再办结"), field="note", rule="CASE-10"
        )
    before = _snapshot(petition)
    now = clock.now()
    petition.status = PetitionStatus.CLOSED
    petition.closed_at = now
    petition.satisfaction = satisfaction
    _save(petition, ["status", "closed_at", "satisfaction"])
    petition.assignments.filter(ended_at__isnull=True).update(ended_at=now)
    _event(petition, EventKind.CLOSED, actor=actor, public=True, text=note.strip() or _("已办结"))
    audit_record(
        actor=actor,
        action="petitions.close",
        target=petition,
        before=before,
        after=_snapshot(petition),
        note=note,
    )
    return petition


@transaction.atomic
def petition_supplement(*, petition: Petition, text: str, files=()) -> PetitionEvent:
    """Information added by the reporter with the code and secret (补充材料, PTN-3): no identity asked;
    the handlers see it on the item."""
    petition = _lock(petition, None)
    if petition.status == PetitionStatus.CLOSED:
        raise RuleViolated("petition_closed", _("该件已办结，不能再补充材料"), field="text")
    if len((text or "").strip()) < 5 and not files:
        raise InvalidInput("supplement_required", _("请填写补充内容"), field="text")
    uploads = storage.check_files(files)
    event = _event(petition, EventKind.SUPPLEMENT, public=True, text=(text or "").strip())
    storage.attach(petition=petition, event=event, uploads=uploads)
    audit_record(
        actor=None,
        action="petitions.supplement",
        target=petition,
        after={"event": event.pk, "attachments": [u.sha256 for u in uploads]},
    )
    return event


# --- Identity ------------------------------------------------------------------------------------


@transaction.atomic
def petition_identity_read(*, actor, petition: Petition) -> PetitionIdentity | None:
    """The reporter's name and contact data, for an assigned handler only, each read audited (PET-11).
    Anyone else, the leaders and the triaging office included, is refused."""
    if not is_assigned(actor, petition):
        if actor is not None and not can_see(actor, petition):
            raise NotFound("not_found", _("记录不存在或不在您的数据范围内"), rule="SEC-7")
        raise NotPermitted(
            "identity_restricted", _("信访人身份信息仅限承办人查阅"), field="identity", rule="PET-11"
        )
    identity = PetitionIdentity.objects.filter(petition=petition).first()
    audit_record(
        actor=actor,
        action="petitions.identity_read",
        target=petition,
        after=None,
        extra={"anonymous": identity is None},
    )
    return identity


# --- Late items ----------------------------------------------------------------------------------


def _resolve_alerts(petition: Petition, now: dt.datetime) -> int:
    return PetitionAlert.objects.filter(petition=petition, resolved_at__isnull=True).update(resolved_at=now)


@transaction.atomic
def petitions_scan(*, now: dt.datetime | None = None) -> dict[str, int]:
    """Raise the missing alerts of open items (PET-2, PET-4: no item shelved unseen): yellow once the
    warning day has come, red once the limit has passed; one row per item, level and deadline, so
    running it again raises nothing new. Alerts of items no longer open, or whose deadline moved
    (extension, transfer), are resolved. Runs as the system (the periodic job)."""
    require_permission(None, "petitions.supervise")
    now = now or clock.now()
    open_items = Petition.objects.filter(status__in=OPEN_STATUSES)
    red = list(open_items.filter(due_at__lt=now).values_list("pk", "due_at"))
    yellow = list(open_items.filter(warn_at__lte=now, due_at__gte=now).values_list("pk", "due_at"))
    rows = [PetitionAlert(petition_id=pk, level=AlertLevel.RED, due_at=due, raised_at=now) for pk, due in red]
    rows += [
        PetitionAlert(petition_id=pk, level=AlertLevel.YELLOW, due_at=due, raised_at=now)
        for pk, due in yellow
    ]
    before = PetitionAlert.objects.count()
    PetitionAlert.objects.bulk_create(rows, ignore_conflicts=True)
    raised = PetitionAlert.objects.count() - before
    # A yellow alert gives way to the red one of the same deadline.
    stale = PetitionAlert.objects.filter(resolved_at__isnull=True).filter(
        ~Q(petition__status__in=OPEN_STATUSES)
        | ~Q(due_at=F("petition__due_at"))
        | Q(level=AlertLevel.YELLOW, petition__due_at__lt=now)
    )
    resolved = stale.update(resolved_at=now)
    notified = _notify_late(now) if raised else 0
    if raised or resolved:
        audit_record(
            actor=None,
            action="petitions.scan",
            object_type="petitions.petitionalert",
            extra={"raised": raised, "resolved": resolved},
        )
    return {
        "raised": raised,
        "resolved": resolved,
        "notified": notified,
        "red_open": len(red),
        "yellow_open": len(yellow),
    }


def discipline_users(body: Unit) -> list:
    """The accounts of the body's discipline office (holders of a discipline post), for the alerts."""
    people = org_selectors.people_holding(post_kind=PostKind.DISCIPLINE, unit=body, include_subunits=True)
    return [p.user for p in people if p.user_id and p.user.is_active]


def _notify_late(now: dt.datetime) -> int:
    """Tell the handlers and the body's discipline office about the red alerts raised just now (the
    way oversight tells about late steps). A report on a leader reaches the discipline office only."""
    sent = 0
    alerts = PetitionAlert.objects.filter(level=AlertLevel.RED, raised_at=now).select_related(
        "petition", "petition__body"
    )
    for alert in alerts:
        petition = alert.petition
        handlers = [
            a.handler for a in petition.assignments.filter(ended_at__isnull=True).select_related("handler")
        ]
        recipients = {
            u.pk: u for u in [*handlers, *discipline_users(petition.body)] if not is_accused(u, petition)
        }
        if not recipients:
            continue
        notify(
            actor=None,
            recipients=recipients.values(),
            title=_("信访举报件%(code)s已超过答复期限") % {"code": petition.code},
            body=_("答复期限：%(date)s") % {"date": clock.local(petition.due_at).date().isoformat()},
            link=f"/petitions/{petition.pk}/",
            category="petitions",
        )
        sent += len(recipients)
    return sent
