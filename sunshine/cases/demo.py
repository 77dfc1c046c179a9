"""Demo cases (issue #6 §10): the work-safety bureau's permits and penalties of seed 003 in every
state, some of them late. Registered and handled through the services, as the staff would, by
the demo accounts holding each step's post (the first-contact officer registers)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sunshine.cases import clocks, penalty_steps, pinned, services
from sunshine.cases.choices import CaseStatus, TaskStatus
from sunshine.cases.models import Case, CaseTask
from sunshine.catalog.models import PowerItem
from sunshine.core import clock
from sunshine.core.models import User
from sunshine.core.permissions import has_permission
from sunshine.flows.engine import executor
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
    # at 审核 after 审查 and 现场核查
    ("AJ-XK-001", "示范县东山采石场", "申请非煤矿山安全生产许可证初审", 15, ["受理", "", ""]),
]


def has_data() -> bool:
    return Case.objects.exists()


# The bureau's demo accounts (org.demo), in the order they are asked to register a case (the
# handler of the power's department is its first contact) or to do a step whose lane names no post of
# the bureau (the window's acceptance check): the handlers first, the leaders last.
ACCOUNTS = [
    "safety.clerk",
    "safety.clerk.two",
    "safety.hazchem.clerk",
    "safety.officer",
    "safety.office",
    "safety.section",
    "safety.section.two",
    "safety.hazchem.head",
    "safety.enforcement.head",
    "safety.deputy",
    "safety.deputy.enforcement",
    "safety.director",
]


def _who_may(perm: str, obj) -> User | None:
    """The first of the bureau's demo accounts that holds ``perm`` over ``obj``."""
    users = {u.username: u for u in User.objects.filter(username__in=ACCOUNTS, is_active=True)}
    for name in ACCOUNTS:
        if name in users and has_permission(users[name], perm, obj):
            return users[name]
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


def _complete(actor, task, *, choice: str = "", **kwargs) -> None:
    """Do a demo step; the deciding step records an approval through the outcome service (OUT-1:
    a deciding step is done only with its decision)."""
    from sunshine.cases.outcome import decisions, rules

    xml = pinned.xml(task.case)
    if rules.is_decision_step(xml, task.element_id):
        basis = "《中华人民共和国行政许可法》"
        decisions.decision_record(
            actor=actor,
            task=task,
            opinion="同意",
            kind="approve",
            reasons="经审查符合条件。",
            legal_basis=basis,
        )
        return
    services.task_complete(actor=actor, task=task, choice=choice, opinion="同意", **kwargs)


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
                _complete(actor, task, choice=choice, missing=missing, note="请补齐后重新提交")
            steps += 1
    actions = load_task_actions()
    more_cases, more_steps = load_anomalies(now)
    outcomes = load_outcomes()
    signers = load_signers()
    penalties = load_penalties(now)
    return {
        "cases": created + more_cases + outcomes.pop("cases", 0),
        "steps done": steps + more_steps,
        **actions,
        "decisions": outcomes.pop("decisions", 0) + penalties.pop("decisions", 0),
        **outcomes,
        **signers,
        **penalties,
    }


# --- Penalty cases (issue #6 §1, §2, §4, §10): one in every stage of the penalty flowchart ------------


@dataclass(frozen=True)
class Penalty:
    """A demo penalty case (seed 003, CASE-143..159), driven on past dates by the accounts holding
    each step's post: the enforcement officer files, investigates, serves and files the dossier, the
    legal reviewer reviews (CASE-151), the director decides and closes (CASE-152/155)."""

    code: str
    party: str
    subject: str
    days: int  # since the violation was found or the report received (the filing clock, CASE-146)
    stage: str  # the step the case waits at, or ARCHIVED
    filed_after: int = 2  # days from the report to filing
    pace: int = 3  # days between the later steps
    major: bool = False  # 重大案件: discussed by the bureau's meeting first (CASE-152)
    decision: str = "in_range"  # or "out_of_range": beyond the tier, with its reason (CAT-128, ANO-1)
    extend_to: int = 0  # case duration extended to N days in all by the director (CASE-157)


ARCHIVED = "archived"
PENALTIES = [
    Penalty("AJ-CF-001", "示范县顺达运输公司", "未按规定进行安全生产教育和培训", 3, "立案"),
    # 16 days after the report and not filed: past the 7 working days of CASE-146 (red)
    Penalty("AJ-CF-003", "示范县福源日杂店", "未经许可经营烟花爆竹", 16, "立案"),
    Penalty("AJ-CF-002", "示范县利民机械厂", "未采取措施消除事故隐患", 12, "调查取证", filed_after=1),
    # 42 days after filing and not decided: past the 30 days of CASE-157 (red)
    Penalty("AJ-CF-003", "示范县金星日杂店", "未经许可经营烟花爆竹", 45, "法制审核", filed_after=3, pace=4),
    Penalty(
        "AJ-CF-004", "示范县宏发矿业有限公司", "主要负责人未履行安全生产管理职责", 20, "告知权利及听证",
        pace=6,
    ),
    # 38 days after filing, within the 60 days the director approved (CASE-157)
    Penalty(
        "AJ-CF-001", "示范县安泰建材公司", "特种作业人员未持证上岗", 40, "告知权利及听证",
        pace=8, extend_to=60,
    ),
    Penalty(
        "AJ-CF-002", "示范县恒通化工有限公司", "拒不执行消除事故隐患指令", 24, "集体讨论",
        filed_after=1, pace=7, major=True,
    ),
    # decided beyond its tier with the written reason: the discipline office is alerted (ANO-1)
    Penalty(
        "AJ-CF-002", "示范县金鑫冶炼厂", "未采取措施消除事故隐患", 18, "送达",
        filed_after=1, decision="out_of_range",
    ),
    # served and its result published, waiting at 执行
    Penalty("AJ-CF-001", "示范县宏达建材有限公司", "未按规定进行安全生产教育和培训", 30, "执行"),
    Penalty("AJ-CF-003", "示范县好运来烟花店", "未经许可经营烟花爆竹", 60, ARCHIVED, pace=4),
]  # fmt: skip
COLLECTIVE_STEP = "Task_collective"  # 集体讨论: put to the bureau's meeting by the leader in charge
COLLECTIVE_PRESENTER = "safety.deputy.enforcement"


def _penalty_actor(task) -> User | None:
    if task.element_id == COLLECTIVE_STEP and task.post_id is None:
        leader = User.objects.filter(username=COLLECTIVE_PRESENTER, is_active=True).first()
        if leader is not None and services.may_handle(leader, task):
            return leader
    actor = _actor(task)
    return actor if actor is not None and services.may_handle(actor, task) else None


def _penalty_step(spec: Penalty, case: Case, task, actor, fields: dict) -> None:
    """Do one step of a penalty case at the current (demo) time: the decision, the service with the
    publication of the result (CASE-153, CASE-158), or a plain step."""
    from sunshine.cases.outcome import decisions, delivery, publication, rules

    version = case.power_version
    if rules.is_decision_step(version.flowchart.xml, task.element_id):
        decisions.decision_record(actor=actor, task=task, opinion="同意", **fields)
        return
    if task.element_id == "Task_deliver":
        delivery.delivery_record(
            actor=actor,
            case=case,
            method="direct",
            recipient=f"{spec.party} 法定代表人",
            proof="送达回证已签收",
        )
        if rules.results_public(version):
            publication.publication_record(actor=actor, case=case)
    options = [o.label for o in executor.options_after(version.flowchart.xml, task.element_id)]
    choice = ("是" if spec.major else "否") if options else ""
    investigators = []
    if task.element_id == "Task_investigate":  # two enforcement officers (CASE-147)
        investigators = [p.pk for p, _post in penalty_steps.enforcement_holders(case, task.lane)[:2]]
    if task.element_id == "Task_notify" and spec.major:  # the hearing right first (CASE-149)
        penalty_steps.hearing_notice_give(
            actor=actor,
            case=case,
            measure="suspend_business",
            method="direct",
            measure_text="责令停产停业整顿一个月",
        )
        penalty_steps.hearing_answer(actor=actor, case=case, answer="waived", note="当事人书面表示放弃听证")
    services.task_complete(
        actor=actor,
        task=task,
        opinion=PENALTY_OPINIONS.get(task.name, "同意"),
        choice=choice,
        investigators=investigators,
    )


PENALTY_OPINIONS = {
    "立案": "经初步核实，有明确的违法行为人和违法事实，属本局管辖，同意立案。",
    "调查取证": "两名执法人员出示证件，现场检查并制作询问笔录、勘验检查笔录。",
    "法制审核": "事实清楚，证据确凿，适用依据正确，程序合法，裁量适当。",
    "告知权利及听证": "已送达行政处罚告知书，当事人未提出陈述申辩。",
    "集体讨论": "局务会集体讨论，同意处罚意见。",
    "送达": "行政处罚决定书已直接送达，当事人签收。",
    "执行": "当事人已到指定银行缴纳罚款。",
    "结案": "执行完毕，同意结案。",
    "归档": "按统一卷宗要求立卷归档。",
}


def load_penalties(now: dt.datetime) -> dict[str, int]:
    """The work-safety bureau's penalty cases (PENALTIES), each taken along its flowchart on past
    dates to the step it waits at; an extension approved where the table says so. A case stops
    early only when the demo data lacks what its next step needs."""
    from sunshine.cases import penalty
    from sunshine.cases.outcome import archive

    made = {"penalty cases": 0, "penalty steps done": 0, "decisions": 0}
    for spec in PENALTIES:
        version = _current(spec.code)
        fields = _decision_fields(version, spec.decision) if version is not None else {}
        clerk = _who_may("cases.register", version) if fields else None
        if clerk is None:
            continue
        received = now - dt.timedelta(days=spec.days, hours=3)
        with clock.as_of(received):
            case = services.case_register(
                actor=clerk,
                version=version,
                subject=spec.subject,
                applicant_kind="organisation",
                applicant_name=spec.party,
                applicant_contact="0738-7654321",
                received_at=received,
            )
        made["penalty cases"] += 1
        at = received + dt.timedelta(days=spec.filed_after)
        filed_at = at
        for _step in range(20):
            task = case.tasks.filter(status=TaskStatus.OPEN).first()
            if task is None or task.name == spec.stage:
                break
            actor = _penalty_actor(task)
            if actor is None:
                break
            with clock.as_of(min(at, now - dt.timedelta(hours=1))):
                _penalty_step(spec, case, task, actor, fields)
            made["penalty steps done"] += 1
            at += dt.timedelta(days=spec.pace)
            case.refresh_from_db()
        made["decisions"] += hasattr(case, "decision")
        director = _who_may("cases.approve_extension", case)
        if spec.extend_to and director is not None and case.status == CaseStatus.ACCEPTED:
            with clock.as_of(filed_at + dt.timedelta(days=25)):
                penalty.penalty_extend(
                    actor=director,
                    case=case,
                    total_days=spec.extend_to,
                    authority="principal",
                    reason="需委托专业机构对涉案设备进行技术鉴定，30日内无法作出处罚决定",
                )
        if spec.stage == ARCHIVED and case.closed_at is not None:
            officer = _who_may("cases.handle", case)
            with clock.as_of(min(at, now - dt.timedelta(hours=1))):
                archive.case_archive(actor=officer, case=case, file_number=archive.suggested_number(case))
    return made


# --- Demo anomalies (issue #6 §5, §10): irregular handling that oversight's rules flag -----------------
# Done through the case services like the cases above; oversight's receivers raise the alerts
# (cases never imports oversight). A suspension over its limit is flagged by the worker's periodic
# check (ANO-5).

REFUSED_APPLICANT = ("示范县兴旺烟花批发部", "91431025MA4Q8XK01R")


def _register(clerk, version, subject, name, days, now, **applicant) -> Case:
    return services.case_register(
        actor=clerk, version=version, subject=subject, applicant_kind="organisation",
        applicant_name=name, applicant_contact="0738-7654321",
        received=[m.name for m in version.materials.all()],
        received_at=now - dt.timedelta(days=days, hours=3), **applicant,
    )  # fmt: skip


def _run(case, choices, *, by_hand=None) -> int:
    """Do the case's steps with these choices; ``by_hand`` maps a step number to the account it
    is assigned to outside its post (an irregular assignment, recorded by no action)."""
    done = 0
    for day, choice in enumerate(choices, start=1):
        task = case.tasks.filter(status=TaskStatus.OPEN).first()
        if task is None:
            break
        actor = _actor(task)
        if by_hand and day in by_hand:
            CaseTask.objects.filter(pk=task.pk).update(assignee=by_hand[day])
            task.refresh_from_db()
            actor = by_hand[day]
        if actor is None or not services.may_handle(actor, task):
            break
        with clock.as_of(case.received_at + dt.timedelta(days=day)):
            _complete(actor, task, choice=choice)
        done += 1
    return done


def _current(code: str):
    item = PowerItem.objects.filter(code=code, current__isnull=False).select_related("current").first()
    return item.current if item is not None else None


def load_anomalies(now: dt.datetime) -> tuple[int, int]:
    """Three refusals of one applicant within the window (ANO-6); a mine permit whose review is
    assigned by hand to the deputy director, who does not hold its post (ANO-3) and who then
    decides the same case (ANO-2); a correction suspension open for 45 days (ANO-5, flagged by the
    next scan). Returns (cases, steps)."""
    retail, mine = _current("AJ-XK-005"), _current("AJ-XK-001")
    clerk = _who_may("cases.register", retail) if retail is not None else None
    if clerk is None:
        return 0, 0
    cases, steps = 0, 0
    name, number = REFUSED_APPLICANT
    for days in (120, 70, 15):
        subject = "申请烟花爆竹经营（批发）许可证"
        case = _register(clerk, retail, subject, name, days, now, applicant_id_number=number)
        cases, steps = cases + 1, steps + _run(case, ["不予受理"])
    deputy = User.objects.filter(username="safety.deputy").first()
    mine_clerk = _who_may("cases.register", mine) if mine is not None else None
    if deputy is not None and mine_clerk is not None:
        case = _register(mine_clerk, mine, "申请非煤矿山安全生产许可证初审", "示范县金山采石场", 14, now)
        cases, steps = cases + 1, steps + _run(case, ["受理", "", "", "否", "", ""], by_hand={2: deputy})
    case = _register(clerk, retail, "申请烟花爆竹经营（零售）许可证", "示范县顺心便利店", 50, now)
    cases, steps = cases + 1, steps + _run(case, ["受理"])
    case.refresh_from_db()
    actor = _who_may("cases.handle", case)
    if actor is not None and case.status == CaseStatus.ACCEPTED:
        with clock.as_of(now - dt.timedelta(days=45)):
            clocks.case_suspend(actor=actor, case=case, kind="correction", note="申请人补充储存场所证明")
    return cases, steps


# --- Outcomes (issue #6 §1, §4): decisions, service, publication and archiving -------------------------

# (power code, applicant, subject, days since receipt, what is decided, how far the case goes after it)
OUTCOMES = [
    ("AJ-XK-005", "示范县福满堂超市", "申请烟花爆竹经营（零售）许可证", 20, "approve", "archived"),
    ("AJ-XK-005", "示范县兴隆副食店", "申请烟花爆竹经营（零售）许可证", 16, "refuse", "served"),
]  # the penalties: PENALTIES


def _decision_fields(version, kind: str) -> dict:
    from sunshine.cases.outcome import forms as outcome_forms
    from sunshine.catalog.models import DiscretionTier

    basis = outcome_forms.basis_text(version) or "《中华人民共和国安全生产法》"
    if kind == "approve":
        return {"kind": "approve", "reasons": "申请材料齐全，现场核查符合安全条件。", "legal_basis": basis}
    if kind == "refuse":
        return {
            "kind": "refuse",
            "reasons": "经现场核查，零售点与幼儿园的距离不足50米，不符合安全距离要求。",
            "legal_basis": basis,
        }
    tiers = list(
        DiscretionTier.objects.filter(benchmark__version=version, max_amount__isnull=False).order_by(
            "benchmark__sort_order", "sort_order", "id"
        )
    )
    if not tiers:
        return {}
    tier = tiers[1] if kind == "in_range" and len(tiers) > 1 else tiers[0]
    low = tier.min_amount or 0
    fields = {
        "kind": "penalty",
        "tier": tier.pk,
        "measure": "fine",
        "measure_text": tier.measure,
        "reasons": "经调查，当事人存在所列违法行为，事实清楚，证据确凿。",
        "legal_basis": basis,
    }
    if kind == "in_range":
        fields["amount"] = (low + tier.max_amount) / 2
    else:  # beyond the tier's ceiling, with the written reason (CAT-128): oversight is alerted
        fields["amount"] = tier.max_amount * 2
        fields["range_reason"] = "当事人拒不配合检查，并有转移证据行为，依法从重处罚。"
    return fields


def load_outcomes() -> dict[str, int]:
    """Permits decided through the outcome services: an approval archived, a refusal served (the
    penalties' outcomes: load_penalties)."""
    from sunshine.cases.outcome import archive, decisions, delivery, rules

    made = {"cases": 0, "decisions": 0}
    now = clock.now()
    for code, applicant, subject, days, kind, goal in OUTCOMES:
        item = PowerItem.objects.filter(code=code, current__isnull=False).select_related("current").first()
        if item is None or not hasattr(item.current, "flowchart"):
            continue
        version = item.current
        clerk = _who_may("cases.register", version)
        fields = _decision_fields(version, kind)
        if clerk is None or not fields:
            continue
        received = now - dt.timedelta(days=days, hours=3)
        case = services.case_register(
            actor=clerk,
            version=version,
            subject=subject,
            applicant_kind="organisation",
            applicant_name=applicant,
            applicant_contact="0738-7654321",
            received=[m.name for m in version.materials.all()],
            received_at=received,
        )
        made["cases"] += 1
        xml = version.flowchart.xml
        at = received
        after = None  # steps done since the decision
        for _step in range(20):
            task = case.tasks.filter(status=TaskStatus.OPEN).first()
            if task is None or (after is not None and goal != "archived" and after >= 1):
                break  # a served case waits at the step after service, an archived one has closed
            actor = _actor(task)
            if actor is None or not services.may_handle(actor, task):
                break
            at = min(at + dt.timedelta(days=1), now)
            with clock.as_of(at):
                if rules.is_decision_step(xml, task.element_id):
                    decisions.decision_record(actor=actor, task=task, opinion="同意", **fields)
                    made["decisions"] += 1
                    case.refresh_from_db()
                    delivery.delivery_record(
                        actor=actor,
                        case=case,
                        method="direct",
                        recipient=f"{applicant} 负责人",
                        proof="送达回证已签收",
                    )
                    after = 0
                    continue
                options = executor.options_after(xml, task.element_id)
                labels = [o.label for o in options]
                choice = next((c for c in ("受理", "否") if c in labels), labels[0] if labels else "")
                services.task_complete(actor=actor, task=task, opinion="同意", choice=choice)
                if after is not None:
                    after += 1
            case.refresh_from_db()
        if goal == "archived" and case.closed_at is not None:
            with clock.as_of(min(at + dt.timedelta(days=1), now)):
                archivist = _who_may("cases.handle", case)
                archive.case_archive(actor=archivist, case=case, file_number=archive.suggested_number(case))
    return made


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


def load_signers() -> dict[str, int]:
    """加签 on a demo case (issue #6 §3, cases.actions.sign): the handler of a running case's step
    asks a leader of the bureau (or a colleague) to sign before they complete it; the request waits
    in that person's tasks. Skipped when the demo data does not offer one."""
    from sunshine.cases.actions import sign
    from sunshine.cases.actions.send_back import is_acceptance

    for case in Case.objects.filter(status="accepted").order_by("-received_at"):
        task = case.tasks.filter(status=TaskStatus.OPEN).first()
        actor = _actor(task) if task is not None else None
        if actor is None or not services.may_handle(actor, task):
            continue
        if is_acceptance(pinned.xml(case), task.element_id):
            continue
        people = sign.co_signer_candidates(task, actor)
        leaders = [u for u in people if u.username in ("safety.deputy", "safety.director")]
        if people:
            sign.signer_add(
                actor=actor,
                task=task,
                signer=(leaders or people)[0],
                phase="before",
                note="该店临近学校，请领导审核现场核查意见",
            )
            return {"co-signers": 1}
    return {"co-signers": 0}
