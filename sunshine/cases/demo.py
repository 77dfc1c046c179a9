"""Demo cases (issue #6 §10): the work-safety bureau's permits and penalties of seed 003 in every
state, some of them late. Registered and handled through the services, as the staff would, by
the demo accounts holding each step's post (the first-contact officer registers)."""

from __future__ import annotations

import datetime as dt

from sunshine.cases import services
from sunshine.cases.choices import TaskStatus
from sunshine.cases.models import Case
from sunshine.catalog.models import PowerItem
from sunshine.core import clock
from sunshine.core.models import User
from sunshine.core.permissions import has_permission
from sunshine.org.models import PostHolding

# (power code, applicant, subject, days since receipt, steps to do: the choice at each gateway or "")
CASES = [
    ("AJ-XK-005", "示范县红星烟花爆竹零售店", "申请烟花爆竹经营（零售）许可证", 2, []),
    ("AJ-XK-005", "示范县平安超市", "申请烟花爆竹经营（零售）许可证", 6, ["受理", "", ""]),
    ("AJ-XK-005", "示范县吉祥日杂店", "申请烟花爆竹经营（零售）许可证", 4, ["一次性告知补正", ""]),
    ("AJ-XK-002", "示范县安达化工贸易有限公司", "申请危险化学品经营许可证（乙种）初审", 40, ["受理", ""]),
    ("AJ-XK-003", "示范县鸿运烟花厂", "申请烟花爆竹安全生产许可证初审", 12, ["不予受理", ""]),
    (
        "AJ-XK-001",
        "示范县青山石料有限公司",
        "申请非煤矿山安全生产许可证初审",
        30,
        ["受理", "", "", "否", "", ""],
    ),
    ("AJ-CF-002", "示范县利民机械厂", "未采取措施消除事故隐患", 25, ["", ""]),
    ("AJ-CF-001", "示范县顺达运输公司", "未按规定进行安全生产教育和培训", 9, [""]),
    # at 审核 after 审查 and 现场核查: the case load_task_actions sends back (退回)
    ("AJ-XK-001", "示范县东山采石场", "申请非煤矿山安全生产许可证初审", 15, ["受理", "", ""]),
]


def has_data() -> bool:
    return Case.objects.exists()


ACCOUNTS = ["safety.clerk", "safety.office", "safety.section", "safety.deputy", "safety.director"]


def _who_may(perm: str, obj) -> User | None:
    """The first of the bureau's demo accounts that holds ``perm`` over ``obj``."""
    for user in User.objects.filter(username__in=ACCOUNTS):
        if has_permission(user, perm, obj):
            return user
    return None


def _actor(task) -> User | None:
    """Who does a step: its assignee, else someone holding its post, else a handler in scope."""
    if task.assignee_id:
        return task.assignee
    if task.post_id:
        holding = PostHolding.objects.filter(
            post_id=task.post_id, end_date__isnull=True, person__user__isnull=False
        ).first()
        if holding is not None:
            return holding.person.user
    return _who_may("cases.handle", task.case)


def load() -> dict[str, int]:
    if Case.objects.exists():
        return {}
    created, steps = 0, 0
    now = clock.now()
    for code, applicant, subject, days, choices in CASES:
        item = PowerItem.objects.filter(code=code, current__isnull=False).select_related("current").first()
        if item is None:
            continue
        version = item.current
        clerk = _who_may("cases.register", version)
        if clerk is None:
            continue
        materials = [m.name for m in version.materials.all()]
        received = now - dt.timedelta(days=days, hours=2)
        complete = "一次性告知补正" not in choices
        case = services.case_register(
            actor=clerk,
            version=version,
            subject=subject,
            applicant_kind="organisation",
            applicant_name=applicant,
            applicant_contact="0738-1234567",
            received=materials if complete else materials[:1],
            received_at=received,
        )
        created += 1
        for day, choice in enumerate(choices, start=1):
            task = case.tasks.filter(status=TaskStatus.OPEN).first()
            if task is None:
                break
            actor = _actor(task)
            if actor is None or not services.may_handle(actor, task):
                break  # nobody with an account holds the step's post: the case waits there
            missing = [m.pk for m in case.materials.filter(received_at__isnull=True)]
            with clock.as_of(received + dt.timedelta(days=day)):  # the case's history, on its dates
                services.task_complete(
                    actor=actor,
                    task=task,
                    opinion="同意",
                    choice=choice,
                    missing=missing,
                    note="请补齐后重新提交",
                )
            steps += 1
    return {"cases": created, "steps done": steps, **load_task_actions()}


def load_task_actions() -> dict[str, int]:
    """Task actions on the demo cases (issue #6 §3, cases.actions): one case sent back from a later
    step to an earlier one with its reason, one copied to a reader, and a stand-in named for the
    window clerk's leave next week. Each is skipped when the demo data does not offer it."""
    from sunshine.cases.actions import copy, send_back, stand_in

    done = {"sent back": 0, "copied": 0, "stand-ins": 0}
    for case in Case.objects.filter(status="accepted").order_by("received_at"):
        task = case.tasks.filter(status=TaskStatus.OPEN).first()
        actor = _actor(task) if task is not None else None
        if actor is None or not services.may_handle(actor, task):
            continue
        targets = send_back.targets(task)
        if targets and not done["sent back"]:
            send_back.task_send_back(
                actor=actor, task=task, to_task=targets[0], reason="审查意见未写明核查依据，请补充后重新审查"
            )
            done["sent back"] += 1
            task = case.tasks.filter(status=TaskStatus.OPEN).first()
            actor = _actor(task)
            if actor is None or not services.may_handle(actor, task):
                continue
        readers = copy.candidates(case, exclude=[actor])
        if readers and not done["copied"]:
            copy.case_copy(actor=actor, task=task, readers=readers[:1], note="请知悉办理进展")
            done["copied"] += 1
    away, backup = (User.objects.filter(username=name).first() for name in ("safety.clerk", "safety.section"))
    if away is not None and backup is not None and has_permission(backup, "cases.handle"):
        start = clock.today() + dt.timedelta(days=7)
        stand_in.stand_in_name(
            actor=away,
            person=away,
            stand_in=backup,
            starts_on=start,
            ends_on=start + dt.timedelta(days=4),
            reason="年休假",
        )
        done["stand-ins"] += 1
    return done
