"""Demo data of the decisions app: a year of 三重一大 topics and meetings for each demo body, each with
its own seed's meeting rules, replayed through the services on their own dates (core.clock.as_of).

Per body, four quarterly meetings over the past year:

1. a policy decision adopted (tasks as supervision orders, then a tracking evaluation that decides
   "continue"), and a large-sum spending adopted;
2. a personnel appointment by secret ballot (adopted) and a project rejected by the vote;
3. a decision deferred for a divided view; the principal leader's attempt to state first is refused
   and recorded for the discipline office (八不准, DEC-64);
4. a spending adopted; the minutes of every meeting are drafted and signed.

The rules (DEC-229): the eco-environment bureau (seed 004) keeps the product defaults (½, ⅔ for
personnel); the work-safety bureau (seed 003) requires two thirds for every item; the township
(seed 003) gives one working day's notice. To keep the demo quick, the bodies require research,
legality review and risk assessment as the prerequisites. Idempotent: a body with topics gets none.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from decimal import Decimal

from django.contrib.auth import get_user_model

from sunshine.core import clock
from sunshine.core.errors import RuleViolated
from sunshine.decisions import services
from sunshine.decisions.choices import (
    Attendance,
    EvaluationResult,
    LegalConclusion,
    MeetingKind,
    Outcome,
    Position,
    RiskLevel,
    TopicKind,
    VoteMethod,
)
from sunshine.decisions.models import Topic
from sunshine.org.models import Person, Unit
from sunshine.workdays.services import count_working_days

# prefix, principal, deputies (the first is in charge of the items), proposer, quorum, notice days
BODIES = {
    "ECO": ("eco", "eco.director", ["eco.deputy", "eco.deputy.approval", "eco.engineer"], "eco.section"),
    "SAFETY": (
        "safety",
        "safety.director",
        ["safety.deputy", "safety.deputy.general", "safety.deputy.enforcement"],
        "safety.hazchem.head",
    ),
    "TOWN": (
        "town",
        "town.secretary",
        ["town.head", "town.deputy", "town.deputy.social", "town.deputy.secretary"],
        "town.section",
    ),
}
TWO_THIRDS = {kind: {"general": [2, 3], "personnel": [2, 3]} for kind in MeetingKind.values}
RULES = {
    "ECO": {},
    "SAFETY": {"quorum": TWO_THIRDS},  # seed 003 work-safety bureau: ⅔ for every item
    "TOWN": {"notice_workdays": 1},  # seed 003 township: one working day's notice
}
PREREQUISITES = {
    TopicKind.DECISION: ["research", "alternatives", "legality", "risk"],
    TopicKind.PERSONNEL: ["research"],
    TopicKind.PROJECT: ["research", "alternatives", "legality", "risk"],
    TopicKind.EMERGENCY: ["research"],
    TopicKind.FUNDS: ["research", "legality", "risk"],
}


def has_data() -> bool:
    return Topic.all_objects.exists()


def _user(username: str):
    return get_user_model().objects.filter(username=username).first()


def _at(day: dt.date, hour: int = 9) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, 0), tzinfo=clock.LOCAL_TZ)


def _notice_day(day: dt.date) -> dt.date:
    """A week before the meeting, or earlier when holidays leave fewer than three working days in
    between (the notice must come at least the body's working days before, DEC-212)."""
    notice = day - dt.timedelta(days=7)
    while count_working_days(start=notice, end=day) < 3:
        notice -= dt.timedelta(days=1)
    return notice


def _tuesday(days_ago: int) -> dt.date:
    day = clock.today() - dt.timedelta(days=days_ago)
    return day - dt.timedelta(days=(day.weekday() - 1) % 7)


class _Body:
    def __init__(self, body: Unit, prefix: str, principal, deputies, proposer):
        self.body, self.prefix = body, prefix
        self.principal, self.deputies, self.proposer = principal, deputies, proposer
        self.office = _user(f"{prefix}.office")
        self.legal = _user(f"{prefix}.legal")
        self.inspector = _user(f"{prefix}.inspector")
        self.department = Person.objects.get(user=proposer).unit
        self.counts = {"topics": 0, "meetings": 0, "minutes": 0}

    @property
    def members(self):
        return [self.principal, *self.deputies]

    def topic(self, day: dt.date, title: str, kind: str, amount=None, in_charge=None) -> Topic:
        """Proposed, prepared and checked by the office three weeks before the meeting."""
        with clock.as_of(_at(day - dt.timedelta(days=28))):
            topic = services.topic_propose(
                actor=self.proposer,
                department=self.department,
                title=title,
                kind=kind,
                amount=amount,
                background=f"{title}：经调研，现有安排已不适应工作需要。",
                draft_decision=f"同意{title}。",
                alternatives="方案一：按草案实施；方案二：分两年逐步实施",
                legal_basis="有关法律法规和本单位议事决策规范",
                responsible_leader=in_charge or self.deputies[0],
            )
            services.research_add(
                actor=self.proposer, topic=topic, summary="走访相关科室和服务对象，形成调研报告。"
            )
        with clock.as_of(_at(day - dt.timedelta(days=25))):
            if kind != TopicKind.PERSONNEL:
                services.legality_review_record(
                    actor=self.legal,
                    topic=topic,
                    basis="有关法律法规",
                    analysis="主体、权限、程序和内容合法。",
                    conclusion=LegalConclusion.PASSED,
                )
                services.risk_assessment_record(
                    actor=self.proposer,
                    topic=topic,
                    legality="合法",
                    reasonableness="符合多数群众利益",
                    feasibility="条件成熟",
                    controllability="风险可控",
                    level=RiskLevel.LOW,
                    measures="做好宣传解释，分步实施。",
                )
            topic = services.topic_submit(actor=self.proposer, topic=topic)
        with clock.as_of(_at(day - dt.timedelta(days=24))):
            topic = services.topic_check(actor=self.office, topic=topic, accept=True)
        self.counts["topics"] += 1
        return topic

    def meeting(self, day: dt.date, number: int, topics: list, kind=MeetingKind.PARTY_GROUP):
        """Created and notified a week before, attendance taken, opened on the day."""
        with clock.as_of(_at(_notice_day(day))):
            meeting = services.meeting_create(
                actor=self.office,
                body=self.body,
                kind=kind,
                title=f"{day.year}年第{number}次{MeetingKind(kind).label}",
                starts_at=_at(day),
                place="三楼会议室",
                chair=self.principal,
                recorder=self.office,
                members=self.members,
                attendees=[self.inspector],
            )
            items = [services.agenda_add(actor=self.office, meeting=meeting, topic=t) for t in topics]
            services.meeting_notify(actor=self.office, meeting=meeting)
        with clock.as_of(_at(day, 9)):
            for p in meeting.participants.all():
                services.attendance_record(actor=self.office, participant=p, attendance=Attendance.PRESENT)
            services.meeting_open(actor=self.office, meeting=meeting)
        self.counts["meetings"] += 1
        return meeting, items

    def discuss(self, item, positions: list[str]):
        """Every member states an opinion in turn, the principal last (DEC-53, DEC-54)."""
        members = services.eligible(item)
        ordered = [p for p in members if not p.is_principal] + [p for p in members if p.is_principal]
        for p, position in zip(ordered, positions, strict=False):
            reason = "方案可行，同意" if position == Position.AGREE else "条件尚不成熟"
            services.opinion_record(
                actor=self.office, item=item, participant=p, position=position, reason=reason
            )

    def vote(self, item, choices: list[str], *, secret=False):
        method = VoteMethod.SECRET if secret else VoteMethod.HANDS
        vote = services.vote_open(actor=self.office, item=item, method=method)
        members = services.eligible(item)
        for p, choice_value in zip(members, choices, strict=False):
            if secret:
                services.ballot_cast(actor=p.user, vote=vote, choice_value=choice_value)
            else:
                services.ballot_record(actor=self.office, vote=vote, participant=p, choice_value=choice_value)
        return services.vote_close(actor=self.office, vote=vote)

    def decide(self, item, agree: int, *, secret=False, outcome=None, reason=""):
        n = len(services.eligible(item))
        choices = [Position.AGREE] * agree + [Position.DISAGREE] * (n - agree)
        self.discuss(item, choices[::-1] if not secret else [Position.AGREE] * n)
        vote = self.vote(item, choices, secret=secret)
        if outcome is None:
            outcome = Outcome.ADOPTED if vote.passed else Outcome.REJECTED
        services.outcome_record(actor=self.principal, item=item, outcome=outcome, reason=reason)

    def close(self, meeting, day: dt.date):
        with clock.as_of(_at(day, 12)):
            services.meeting_close(actor=self.office, meeting=meeting)
        with clock.as_of(_at(day + dt.timedelta(days=1), 10)):
            minutes = services.minutes_draft(actor=self.office, meeting=meeting)
            services.minutes_sign(actor=self.office, minutes=minutes)
            services.minutes_sign(actor=self.principal, minutes=minutes)
        self.counts["minutes"] += 1

    def year(self) -> None:
        # 1. policy decision adopted, then carried out and evaluated; a large sum adopted
        day = _tuesday(330)
        policy = self.topic(day, "修订本单位财务管理办法", TopicKind.DECISION)
        funds = self.topic(day, "购置执法装备资金安排", TopicKind.FUNDS, Decimal("380000"))
        meeting, (p_item, f_item) = self.meeting(day, 1, [policy, funds])
        with clock.as_of(_at(day, 10)):
            self.decide(p_item, len(services.eligible(p_item)))
            self.decide(f_item, len(services.eligible(f_item)) - 1)
        self.close(meeting, day)
        with clock.as_of(_at(day + dt.timedelta(days=2), 10)):
            services.implementation_task_assign(
                actor=self.deputies[0],
                item=p_item,
                department=self.department,
                responsible=self.proposer,
                requirement="一个月内印发修订后的办法并组织培训",
            )
        with clock.as_of(_at(day + dt.timedelta(days=120), 10)):
            evaluation = services.evaluation_plan(
                actor=self.office,
                item=p_item,
                evaluator="办公室、纪检监察室督查组",
                plan="目的：检验办法执行效果；标准：报销合规率；方法：查阅资料、访谈；经费：无",
                methods=["documents", "interview"],
            )
        with clock.as_of(_at(day + dt.timedelta(days=140), 10)):
            evaluation = services.evaluation_report(
                actor=self.office,
                evaluation=evaluation,
                report="总体评价良好：报销合规率由85%提高到98%；问题：个别科室培训不到位；对策：补充培训。",
                recommendation=EvaluationResult.CONTINUE,
            )
        with clock.as_of(_at(day + dt.timedelta(days=150), 10)):
            services.evaluation_conclude(
                actor=self.office,
                evaluation=evaluation,
                result=EvaluationResult.CONTINUE,
                basis="党组会议研究决定继续执行",
            )

        # 2. a personnel appointment by secret ballot; a project rejected by the vote
        day = _tuesday(240)
        personnel = self.topic(day, "任命办公室副主任", TopicKind.PERSONNEL)
        project = self.topic(day, "办公楼改造工程", TopicKind.PROJECT, Decimal("1200000"))
        meeting, (h_item, j_item) = self.meeting(day, 2, [personnel, project])
        with clock.as_of(_at(day, 10)):
            self.decide(h_item, len(services.eligible(h_item)), secret=True)
            self.decide(j_item, 1)
        self.close(meeting, day)

        # 3. deferred for a divided view; the principal's attempt to state first is refused
        day = _tuesday(150)
        divided = self.topic(day, "调整窗口服务时间", TopicKind.DECISION)
        meeting, (d_item,) = self.meeting(day, 3, [divided])
        with clock.as_of(_at(day, 10)):
            principal = meeting.participants.get(user=self.principal)
            with contextlib.suppress(RuleViolated):  # refused and recorded for the discipline office (DEC-64)
                services.opinion_record(
                    actor=self.principal,
                    item=d_item,
                    participant=principal,
                    position=Position.AGREE,
                    reason="我看可以",
                )
            members = services.eligible(d_item)
            half = len(members) // 2
            self.discuss(d_item, [Position.AGREE] * half + [Position.DISAGREE] * (len(members) - half))
            services.outcome_record(
                actor=self.principal,
                item=d_item,
                outcome=Outcome.DEFERRED,
                reason="意见分歧较大，补充调研后再议",
            )
        self.close(meeting, day)

        # 4. a spending adopted
        day = _tuesday(60)
        spending = self.topic(day, "信息化平台运维经费", TopicKind.FUNDS, Decimal("150000"))
        meeting, (s_item,) = self.meeting(day, 4, [spending])
        with clock.as_of(_at(day, 10)):
            self.decide(s_item, len(services.eligible(s_item)))
        self.close(meeting, day)


def load() -> dict[str, int]:
    totals = {"topics": 0, "meetings": 0, "minutes": 0}
    for code, (prefix, principal, deputies, proposer) in BODIES.items():
        body = Unit.objects.filter(code=code).first()
        users = [_user(principal), *[_user(d) for d in deputies], _user(proposer)]
        if body is None or None in users or Topic.all_objects.filter(body=body).exists():
            continue
        loader = _Body(body, prefix, users[0], users[1:-1], users[-1])
        if None in (loader.office, loader.legal, loader.inspector):
            continue
        services.settings_save(actor=users[0], body=body, prerequisites=PREREQUISITES, **RULES[code])
        loader.year()
        for what, n in loader.counts.items():
            totals[what] += n
    return totals
