"""Demo cases (issue #6 §10): the work-safety bureau's permits and penalties of seed 003 in every
state, some of them late. Registered and handled through the services, as the staff would, by
the demo accounts holding each step's post (the first-contact officer registers)."""

from __future__ import annotations

import datetime as dt

from sunshine.cases import clocks, pinned, services
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
    return {
        "cases": created + more_cases + outcomes.pop("cases", 0),
        "steps done": steps + more_steps,
        **actions,
        **outcomes,
        **penalty_demo(now),
        **load_signers(),
    }


# Penalty cases' stage clocks (cases.penalty, CASE-146/157): (power, party, subject, days since the
# report, days after it the filing was approved, steps done after filing, extension to N days or 0).
PENALTY_CASES = [
    ("AJ-CF-003", "示范县金星日杂店", "未经许可经营烟花爆竹", 45, 3, 1, 0),  # its 30 days have passed: late
    ("AJ-CF-001", "示范县安泰建材公司", "特种作业人员未持证上岗", 40, 2, 2, 60),  # extended by the director
]


def penalty_demo(now) -> dict[str, int]:
    """Penalty cases whose stage clocks show on the case page, reported 45 and 40 days ago: past their
    filing limit (CASE-146, red) while nobody with an account holds the enforcement officers' post
    (执法人员); once someone does, they are filed, one runs past its 30 days and the other within the
    60 days the director approved (CASE-157)."""
    from sunshine.cases import penalty

    created = 0
    for code, party, subject, days, filed_after, steps_after, extend_to in PENALTY_CASES:
        item = PowerItem.objects.filter(code=code, current__isnull=False).select_related("current").first()
        if item is None or (clerk := _who_may("cases.register", item.current)) is None:
            continue
        received = now - dt.timedelta(days=days, hours=3)
        with clock.as_of(received):
            case = services.case_register(
                actor=clerk,
                version=item.current,
                subject=subject,
                applicant_kind="organisation",
                applicant_name=party,
                applicant_contact="0738-7654321",
                received_at=received,
            )
        created += 1
        for n in range(1 + steps_after):
            task = case.tasks.filter(status=TaskStatus.OPEN).first()
            actor = _actor(task) if task is not None else None
            if actor is None or not services.may_handle(actor, task):
                break
            with clock.as_of(received + dt.timedelta(days=filed_after + 4 * n)):
                _complete(actor, task)
        case.refresh_from_db()
        director = _who_may("cases.approve_extension", case)
        if extend_to and director is not None and case.status == "accepted":
            with clock.as_of(received + dt.timedelta(days=filed_after + 25)):
                penalty.penalty_extend(
                    actor=director,
                    case=case,
                    total_days=extend_to,
                    authority="principal",
                    reason="需委托专业机构对涉案设备进行技术鉴定，30日内无法作出处罚决定",
                )
    return {"penalty cases with stage clocks": created}


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
    if deputy is not None and mine is not None:
        case = _register(clerk, mine, "申请非煤矿山安全生产许可证初审", "示范县金山采石场", 14, now)
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
    ("AJ-CF-001", "示范县宏达建材有限公司", "未按规定进行安全生产教育和培训", 30, "in_range", "published"),
    ("AJ-CF-002", "示范县金鑫冶炼厂", "未采取措施消除事故隐患", 18, "out_of_range", "decided"),
]


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


def _stand_in(task) -> User | None:
    """A demo account to do a step whose post nobody with an account holds: the first account that
    may handle the case is given the post as well (兼任), so that the demo case can run on."""
    from sunshine.org.models import Person

    user = _who_may("cases.handle", task.case)
    person = Person.objects.filter(user=user).first() if user else None
    if person is None or task.post_id is None:
        return None
    PostHolding.objects.get_or_create(
        person=person, post_id=task.post_id, end_date=None, defaults={"start_date": dt.date(2024, 1, 1)}
    )
    return user


def load_outcomes() -> dict[str, int]:
    """A few cases decided through the outcome services: an approval archived, a refusal served,
    a penalty in its tier published, and one beyond its tier (with its reason) awaiting service."""
    from sunshine.cases.outcome import archive, decisions, delivery, publication, rules

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
                break  # served and published cases wait at the step after service (执行) or are closed
            actor = _actor(task)
            if actor is None or not services.may_handle(actor, task):
                actor = _stand_in(task)
            if actor is None or not services.may_handle(actor, task):
                break
            at = min(at + dt.timedelta(days=1), now)
            with clock.as_of(at):
                if rules.is_decision_step(xml, task.element_id):
                    decisions.decision_record(actor=actor, task=task, opinion="同意", **fields)
                    made["decisions"] += 1
                    case.refresh_from_db()
                    if goal == "decided":
                        break
                    delivery.delivery_record(
                        actor=actor,
                        case=case,
                        method="direct",
                        recipient=f"{applicant} 负责人",
                        proof="送达回证已签收",
                    )
                    if goal == "published" and rules.results_public(version):
                        publication.publication_record(actor=actor, case=case)
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
