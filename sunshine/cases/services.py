"""Handling cases along their published flowcharts (issue #6 §1): registration by the first-contact
officer (首问负责), the acceptance check with the one-time notice (CASE-105/106), and each step done
by the post of its lane, one person at a time.

Every change locks the case row, runs the flowchart one step in flows.engine.executor and writes the
new state, the tasks and the audit record in one transaction: a refused or failed step leaves the
case exactly as it was.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import FilteredRelation, Q
from django.utils.translation import gettext as _

from sunshine.cases import clocks, penalty, penalty_steps, pinned, signals
from sunshine.cases.actions import access, sign_state
from sunshine.cases.choices import BPMN_UNITS, ApplicantKind, CaseStatus, TaskStatus
from sunshine.cases.locks import lock_step_later, locked_step
from sunshine.cases.models import Case, CaseMaterial, CaseTask, CorrectionNotice, Decision
from sunshine.cases.outcome.rules import decides
from sunshine.catalog.choices import Status as PowerStatus
from sunshine.catalog.models import PowerVersion
from sunshine.catalog.services._inputs import choice as choice_of
from sunshine.catalog.services._inputs import text
from sunshine.core import clock, prepared, rowwrite
from sunshine.core.audit import audit_record, audit_records, audit_snapshot
from sunshine.core.commit import fast_step_commit
from sunshine.core.compiled import CompiledQuery, Later
from sunshine.core.errors import Conflict, InvalidInput, NotPermitted, RuleViolated
from sunshine.core.permissions import require_permission
from sunshine.flows.engine import executor
from sunshine.org.models import Post
from sunshine.workdays.services import add_working_days, deadline_due

# The acceptance step's choices (the product's convention for a permit flowchart: the variable
# ``acceptance`` of the gateway after the acceptance step, as in the built-in template).
ACCEPT, CORRECT, REJECT = "accept", "correct", "reject"
NOTICE_LIMIT_WORKDAYS = 5  # CASE-105: the one-time notice on the spot or within 5 working days


def _due(start: dt.datetime, amount: int | None, unit: str | None) -> dt.datetime | None:
    if not amount or not unit:
        return None
    return deadline_due(start=start, amount=amount, unit=BPMN_UNITS.get(unit, unit))


def _lane_posts(body, *lanes):
    """The posts named after ``lanes`` in ``body``, each with its name (the lane) and its current
    holders' accounts."""
    current = FilteredRelation(
        "holdings", condition=Q(holdings__end_date__isnull=True, holdings__deleted_at__isnull=True)
    )
    return (
        Post.objects.filter(unit__body=body, name__in=lanes)
        .annotate(current=current)
        .values_list("name", "pk", "unit_id", "unit__path", "sort_order", "current__person__user")
    )


_LANE_POSTS = CompiledQuery(_lane_posts)


def _post_for(case: Case, lane: str) -> tuple[int | None, int | None]:
    """The post a lane names (in the case's department first, then the body itself: its leaders,
    then the other units in tree order) and its sole current holder with an account, who gets the
    step; none when several hold it (they claim) or nobody does.

    One plain query (it runs for every step opened): the lane's posts in the body, each joined with
    its current holders; the preference is applied here (:func:`_pick_post`)."""
    if not lane:
        return None, None
    return _pick_post(case, [row[1:] for row in _LANE_POSTS.rows(case.body_id, lane)])


def _pick_post(case: Case, rows) -> tuple[int | None, int | None]:
    """The preferred post among a lane's posts with their holders (:func:`_post_for`)."""
    posts: dict[int, tuple] = {}
    holders: dict[int, set[int]] = {}
    for pk, unit, path, sort_order, user in rows:
        preference = 0 if unit == case.department_id else 1 if unit == case.body_id else 2
        posts[pk] = (preference, path, sort_order, pk)
        holders.setdefault(pk, set())
        if user is not None:
            holders[pk].add(user)
    if not posts:
        return None, None
    post = min(posts, key=posts.get)
    people = holders[post]
    return post, (next(iter(people)) if len(people) == 1 else None)


def _open_tasks(case: Case, ready: list[executor.ReadyStep], now: dt.datetime) -> list[CaseTask]:
    posts = _lane_posts_read(case, [step.lane for step in ready])
    return _insert_tasks(case, _new_tasks(case, ready, now, posts))


def _lane_posts_read(case: Case, lanes) -> Later | None:
    """The posts of ``lanes``, read by one statement (inside core.prepared.batch: with the batch);
    None when there is no lane. :func:`_new_tasks` sorts them by lane."""
    lanes = sorted({lane for lane in lanes if lane})
    return _LANE_POSTS.later(case.body_id, *lanes) if lanes else None


def _new_tasks(case: Case, ready: list[executor.ReadyStep], now: dt.datetime, posts) -> list[CaseTask]:
    """The steps the engine made ready, each with its post and holder (``posts``: their lanes'
    posts, read by :func:`_lane_posts_read`), not yet written."""
    by_lane: dict[str, list] = {}
    for lane, *row in posts.rows if posts is not None else ():
        by_lane.setdefault(lane, []).append(row)
    tasks = []
    for step in ready:
        post, holder = _pick_post(case, by_lane.get(step.lane, ()))
        tasks.append(
            CaseTask(
                case=case,
                spiff_id=step.task_id,
                element_id=step.element_id,
                name=step.name,
                lane=step.lane,
                post_id=post,
                assignee_id=holder,
                opened_at=now,
                due_at=_due(now, step.time_limit, step.time_unit),
                time_limit=step.time_limit,
                time_unit=step.time_unit or "",
            )
        )
    return tasks


def _insert_tasks(case: Case, tasks: list[CaseTask]) -> list[CaseTask]:
    """Write the new steps (inside core.prepared.batch, with the batch) and their signers."""
    for task in tasks:
        rowwrite.insert(task)
    # 会签/或签 steps: their signers (TASK-7), once the steps have their ids
    prepared.after(lambda: sign_state.open_countersign(case, tasks))
    return tasks


def _snapshot(case: Case) -> dict:
    """The case as the audit keeps it: without the engine's state (large, and replayable)."""
    return audit_snapshot(case, fields=CASE_AUDIT_FIELDS)


CASE_AUDIT_FIELDS = [f.name for f in Case._meta.concrete_fields if f.name != "workflow_state"]


def _number(body, now: dt.datetime) -> str:
    prefix = f"{body.code}-{now.year}"
    last = (
        Case.objects.filter(number__startswith=prefix + "-")
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    seq = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}-{seq:06d}"


@transaction.atomic
def case_register(
    *,
    actor,
    version: PowerVersion,
    subject: str,
    applicant_kind: str,
    applicant_name: str,
    applicant_contact: str,
    applicant_id_number: str = "",
    received: list[str] | tuple = (),
    received_at: dt.datetime | None = None,
    pre_filing_reason: str = "",
    pre_filing_note: str = "",
) -> Case:
    """Register an application of a published power (首问负责: the registering officer is recorded);
    the version in force is pinned to the case and its flowchart starts. A penalty case may be
    marked 先行调查取证 (``pre_filing_reason``/``_note``): its filing is then a 5-working-day
    backfill (CASE-146, cases.penalty)."""
    require_permission(actor, "cases.register", version)
    if version.status != PowerStatus.PUBLISHED:
        raise Conflict("power_not_published", _("只能受理已发布的职权事项"), field="version")
    flowchart = getattr(version, "flowchart", None)
    if flowchart is None:
        raise Conflict("power_without_flowchart", _("该事项没有流程图"), field="version")
    now = clock.now()
    received_at = received_at or now
    if received_at > now:
        raise InvalidInput("received_in_future", _("收件时间不能晚于现在"), field="received_at")
    names = [m.name for m in version.materials.all()]
    unknown = [name for name in received if name not in names]
    if unknown:
        raise InvalidInput(
            "unknown_material", _("“%(name)s”不是该事项的申请材料") % {"name": unknown[0]}, field="received"
        )
    fields = {
        "subject": text(subject, field="subject", label=_("事由"), max_length=300),
        "applicant_kind": choice_of(
            applicant_kind, ApplicantKind, field="applicant_kind", label=_("申请人类型")
        ),
        "applicant_name": text(applicant_name, field="applicant_name", label=_("申请人"), max_length=200),
        "applicant_contact": text(
            applicant_contact, field="applicant_contact", label=_("联系方式"), max_length=100
        ),
        "applicant_id_number": text(
            applicant_id_number,
            field="applicant_id_number",
            label=_("证件号码"),
            max_length=50,
            required=False,
        ),
    }
    pre_filing = penalty.pre_filing_input(version, pre_filing_reason, pre_filing_note)
    progress = executor.start(flowchart.xml)
    body = version.item.body
    for _attempt in range(5):  # two registrations at once may draw the same number
        try:
            with transaction.atomic():
                case = Case.objects.create(
                    body=body,
                    department=version.department,
                    power_version=version,
                    number=_number(body, now),
                    check_code=f"{secrets.randbelow(10**6):06d}",
                    received_at=received_at,
                    first_contact=actor,
                    workflow_state=progress.state,
                    created_by=actor,
                    **fields,
                )
            break
        except IntegrityError:
            continue
    else:
        raise Conflict("number_taken", _("受理编号冲突，请重试"))
    CaseMaterial.objects.bulk_create(
        [
            CaseMaterial(
                case=case,
                name=m.name,
                required=m.required,
                received_at=received_at if m.name in received else None,
            )
            for m in version.materials.all()
        ]
    )
    _open_tasks(case, progress.ready, received_at)  # the first step waits from receipt
    audit_record(actor=actor, action="cases.case_register", target=case, after=_snapshot(case))
    if pre_filing is not None:
        penalty.pre_filing_record(actor=actor, case=case, reason=pre_filing[0], note=pre_filing[1])
    return case


def may_handle(actor, task: CaseTask) -> bool:
    """The actor is the task's assignee, or holds its post now (a colleague of the same post); a
    step whose lane names no post of the body is open to those who may handle the case. Task
    actions (cases.actions.access): a stand-in (代理) may too, nobody while the step is delegated."""
    return access.may_handle(actor, task)


def _locked(task: CaseTask) -> tuple[Case, CaseTask]:
    """The step and its case, locked (the case's row first, cases.locks), still open."""
    return _open_step(lock_step_later(task.pk))


@dataclass(frozen=True)
class _StepReads:
    """What completing a step reads besides its lock, sent with it (one round trip): the posts of
    the lanes the next steps can be in (flows.engine.executor.next_lanes; which steps they are,
    only the engine says), and the steps a penalty case's clock counts from (penalty.clock_read)."""

    lanes: frozenset[str]
    posts: Later | None
    clock: Later | None

    @classmethod
    def sent(cls, case: Case, lanes, clock: Later | None) -> _StepReads:
        """The posts of ``lanes`` read (with an open batch: sent with it), and ``clock``."""
        lanes = frozenset(lane for lane in lanes if lane)
        return cls(lanes, _lane_posts_read(case, lanes), clock)

    def cover(self, ready: list[executor.ReadyStep]) -> bool:
        return all(not step.lane or step.lane in self.lanes for step in ready)


def _locked_with_reads(task: CaseTask) -> tuple[Case, CaseTask, _StepReads]:
    """:func:`_locked`, with the step's commit mode (core.commit) and its reads (:class:`_StepReads`)
    in the same round trip. The reads need the case's body and chart, which never change, and its
    state, which may: a clock read its state did not foresee is made later (penalty.clock_after_step)."""
    case = task.case  # not locked yet: read for the permission check
    xml = pinned.xml(case)
    lanes = executor.next_lanes(xml, task.element_id)
    if lanes is None:  # only the engine can say: any lane of the chart
        lanes = executor.prepared(xml).diagram.lanes
    with prepared.batch():
        fast_step_commit()
        lock = lock_step_later(task.pk)  # first: the reads run once it holds
        reads = _StepReads.sent(case, lanes, penalty.clock_read(case, task))
    return (*_open_step(lock), reads)


def _open_step(lock) -> tuple[Case, CaseTask]:
    task = locked_step(lock)
    case = task.case
    if task.status != TaskStatus.OPEN:
        who = task.completed_by.full_name if task.completed_by else _("他人")
        raise Conflict(
            "task_already_done",
            _("该环节已由%(who)s办理，无需重复办理") % {"who": who},
            rule="AUD-3",
        )
    return case, task


@transaction.atomic
def task_claim(*, actor, task: CaseTask) -> CaseTask:
    """Take a step of one's post (认领): it becomes one's own."""
    require_permission(actor, "cases.handle", task)
    _case, task = _locked(task)
    if not may_handle(actor, task) or (task.assignee_id and task.assignee_id != actor.pk):
        raise NotPermitted("not_your_post", _("该环节不属于您的岗位，不能认领"))
    before = audit_snapshot(task)
    task.assignee = actor
    task.save(update_fields=["assignee", "updated_at"])
    audit_record(actor=actor, action="cases.task_claim", target=task, before=before)
    return task


def _acceptance(
    case: Case, task: CaseTask, decision: str, actor, now: dt.datetime, missing: list[int], note: str
) -> None:
    """The rules of the acceptance step (CASE-105, CASE-106)."""
    if decision == CORRECT:
        if hasattr(case, "notice"):
            raise RuleViolated(
                "second_notice",
                _("同一申请只能一次性告知全部补正内容，不得再次告知"),
                rule="CASE-105",
            )
        materials = {m.pk: m.name for m in case.materials.all()}
        names = [materials[pk] for pk in missing if pk in materials]
        if not names:
            raise InvalidInput(
                "missing_required", _("请勾选需要补正的全部材料"), field="missing", rule="CASE-105"
            )
        CorrectionNotice.objects.create(
            case=case, missing=names, note=note, given_at=now, given_by=actor, created_by=actor
        )
        limit = add_working_days(
            date=case.received_at.astimezone(clock.LOCAL_TZ).date(), n=NOTICE_LIMIT_WORKDAYS
        )
        if now.astimezone(clock.LOCAL_TZ).date() > limit:
            # Not told within the limit: the case counts as accepted from the day of receipt (CASE-105).
            case.deemed_accepted = True
            case.accepted_at = case.received_at
        case.status = CaseStatus.CORRECTING
    elif decision == ACCEPT:
        notice = getattr(case, "notice", None)
        if notice is not None and notice.completed_at is None:
            notice.completed_at = now
            notice.save(update_fields=["completed_at", "updated_at"])
        # The acceptance date is the day the complete materials were received (CASE-106).
        if case.accepted_at is None:
            case.accepted_at = notice.completed_at if notice is not None else case.received_at
        case.materials.filter(received_at__isnull=True).update(received_at=now)
        case.due_at = clocks.case_due(case)  # runs from the acceptance date (CASE-106, CASE-114)
        case.status = CaseStatus.ACCEPTED
    elif decision == REJECT:
        case.status = CaseStatus.REFUSED


@transaction.atomic
def task_complete(
    *,
    actor,
    task: CaseTask,
    opinion: str = "",
    choice: str = "",
    missing: list[int] | tuple = (),
    note: str = "",
    investigators: list[int] | tuple = (),
) -> CaseTask:
    """Do a step: the opinion, the way out of the gateway that follows it (``choice``, one of
    flows.engine.executor.options_after's labels), and the flowchart moves on. Two people doing the
    same step at once: one succeeds, the other is told it is done (the case row is locked). A
    penalty case's steps have their own rules (cases.penalty_steps: the investigators of 调查取证,
    the hearing before a major penalty, the service record of 送达). On PostgreSQL the step's own
    transaction commits without waiting for the disk unless SUNSHINE_STEP_COMMIT is "durable"
    (core.commit, ADR 0021)."""
    require_permission(actor, "cases.handle", task)
    case, task, reads = _locked_with_reads(task)
    sign_state.refuse_completion(task)  # 加签 not yet signed, or a countersign step (TASK-6/7)
    if not may_handle(actor, task):
        raise NotPermitted(
            "not_your_post", _("该环节由“%(lane)s”岗位办理，您不在该岗位") % {"lane": task.lane or task.name}
        )
    principal = access.acting_for(actor, task)  # 代理: done for this person
    xml = pinned.xml(case)
    options = {o.label: o for o in executor.options_after(xml, task.element_id)}
    data: dict = {}
    if options:
        if choice not in options:
            raise InvalidInput(
                "choice_required",
                _("请选择办理结果：%(options)s") % {"options": "、".join(options)},
                field="choice",
            )
        data = dict(options[choice].data)
    deciding = decides(task.element_id, options.values())
    if deciding and not Decision.objects.filter(case=case).exists():
        raise Conflict(
            "decision_required",
            _("该环节须作出决定（准予、不予许可或处罚决定），请通过“作出决定”办理"),
            rule="OUT-1",
        )
    opinion = text(opinion, field="opinion", label=_("办理意见"), max_length=5000, required=False)
    now = clock.now()
    before_case = _snapshot(case)
    penalty_steps.check_step(
        case=case, task=task, data=data, investigators=investigators, actor=actor, deciding=deciding
    )
    if "acceptance" in data:
        _acceptance(case, task, data["acceptance"], actor, now, list(missing), note)
    choice = choice if options else ""
    if sign_state.has_after_signers(task):  # 后加签: held until they have signed (TASK-6)
        sign_state.hold_completion(
            case=case, task=task, actor=actor, principal=principal, opinion=opinion, choice=choice
        )
        return task
    _finish(
        case,
        task,
        actor=actor,
        doer=actor,
        data=data,
        opinion=opinion,
        choice=choice,
        now=now,
        before_case=before_case,
        reads=reads,
    )
    if principal is not None:
        access.record_stand_in(case=case, task=task, actor=actor, principal=principal)
    _send_signals(case, task, actor, before_case)
    return task


def _finish(
    case: Case,
    task: CaseTask,
    *,
    actor,
    doer,
    data: dict,
    opinion: str,
    choice: str,
    now: dt.datetime,
    before_case: dict,
    reads: _StepReads | None = None,
) -> None:
    """The step done in the engine and the records: the flowchart moves on and the next steps open.
    ``doer`` did the step (its owner); ``actor`` made it move (the last co-signer, cases.actions.sign).
    ``before_case`` is the case as the step found it (its audit snapshot).

    The case is written once (its new state, and a penalty case's clock moved by the step, with
    the other changes the step made to it since ``before_case``), and each write is a statement
    written once per process (core.rowwrite): the step runs on every case event (issue #6 §11).
    Everything is read first (``reads``, if the caller read them with the lock); the writes then go
    to the database together (core.prepared.batch)."""
    before_task = audit_snapshot(task)
    xml = pinned.xml(case)
    try:
        progress = executor.complete(xml, case.workflow_state, task.spiff_id, data)
    except executor.StepNotReady:
        raise Conflict("task_not_ready", _("该环节当前不能办理（流程已变化），请刷新")) from None
    task.status = TaskStatus.DONE
    task.completed_at = now
    task.completed_by = doer
    task.assignee = task.assignee or doer
    task.opinion = opinion
    task.choice = choice
    case.workflow_state = progress.state
    if progress.finished:
        case.closed_at = now
        if case.status != CaseStatus.REFUSED:
            case.status = CaseStatus.CLOSED
    case.version += 1
    reached = progress.reached  # not a parallel branch's step that is open already
    if reads is None or not reads.cover(reached):
        with prepared.batch():  # the reads, together: the next steps' posts, the penalty clock's steps
            clock_steps = penalty.clock_read(case, task) if reads is None else reads.clock
            reads = _StepReads.sent(case, [step.lane for step in reached], clock_steps)
    clock_before = penalty.clock_after_step(case, task, reads.clock)  # the step as done in memory
    opened = _new_tasks(case, reached, now, reads.posts)
    with prepared.batch():  # the writes, together
        rowwrite.update(task, DONE_FIELDS)
        after_case = _snapshot(case)
        changed = [name for name, value in after_case.items() if before_case.get(name) != value]
        rowwrite.update(case, ["workflow_state", *changed])
        after_case["updated_at"] = case.updated_at  # set by the write (auto_now)
        _insert_tasks(case, opened)
        audit_records(_step_records(actor, case, task, before_task, before_case, after_case, clock_before))


def _step_records(actor, case, task, before_task, before_case, after_case, clock_before) -> list[dict]:
    """The audit records of a step (core.audit.audit_record's keywords): the step, the case, and a
    penalty clock the step moved."""
    records = [
        {
            "actor": actor,
            "action": "cases.task_complete",
            "target": task,
            "before": before_task,
            "extra": {"choice": task.choice},
        },
        {
            "actor": actor,
            "action": "cases.case_update",
            "target": case,
            "before": before_case,
            "after": after_case,
        },
    ]
    if clock_before is not None:
        records.append(penalty.clock_record(actor, case, task, clock_before))
    return records


DONE_FIELDS = ["status", "completed_at", "completed_by", "assignee", "opinion", "choice", "updated_at"]


def _send_signals(case: Case, task: CaseTask, actor, before_case: dict) -> None:
    """Once per completed step (ADR 0005): never by an action, once by the last co-signer."""
    signals.task_completed.send(sender=Case, case=case, task=task, actor=actor)
    if case.status == CaseStatus.REFUSED and before_case.get("status") != CaseStatus.REFUSED:
        signals.case_refused.send(sender=Case, case=case, actor=actor)
