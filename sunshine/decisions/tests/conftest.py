"""Fixtures of the decisions tests: a body's leadership (principal, deputies), its office, legal
office and discipline inspector; the clock frozen on Monday 16 November 2026, 09:00 in Shanghai."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pytest

from sunshine.core import clock
from sunshine.core.models import AuditRecord
from sunshine.decisions import services
from sunshine.decisions.choices import Attendance, LegalConclusion, MeetingKind, RiskLevel, TopicKind
from sunshine.decisions.models import ScopeSettings
from sunshine.org.tests.factories import PersonFactory, account_with_role, principal
from sunshine.workdays import engine

MONDAY = dt.datetime(2026, 11, 16, 9, 0, tzinfo=clock.LOCAL_TZ)


def at(text: str) -> dt.datetime:
    return dt.datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=clock.LOCAL_TZ)


class Clock:
    def __init__(self, monkeypatch, start):
        self.now = start
        monkeypatch.setattr(clock, "now", lambda: self.now)

    def set(self, instant: dt.datetime) -> None:
        self.now = instant


@pytest.fixture(autouse=True)
def fresh_calendar_cache():
    engine.clear()
    yield
    engine.clear()


@pytest.fixture
def frozen(monkeypatch):
    return Clock(monkeypatch, MONDAY)


@dataclass
class World:
    body: object
    department: object
    principal: object
    deputies: list
    office: object
    legal: object
    inspector: object
    proposer: object
    clock: Clock
    extra: dict = field(default_factory=dict)

    @property
    def members(self) -> list:
        return [self.principal, *self.deputies]

    @property
    def in_charge(self):
        return self.deputies[0]


@pytest.fixture
def world(body, department, leader, inspector, legal_reviewer, frozen) -> World:
    """A body with a principal (李局长, holding the principal post) and four deputies: five members due."""
    principal(body, PersonFactory(unit=body, name="李局长", user=leader))
    deputies = [
        account_with_role("deputy_leader", unit=body, username=f"deputy{i}", full_name=f"副局长{i}")
        for i in range(1, 5)
    ]
    office = account_with_role("office_clerk", unit=body, username="office", full_name="孙办公室")
    proposer = account_with_role("section_head", unit=department, username="section", full_name="周科长")
    return World(body, department, leader, deputies, office, legal_reviewer, inspector, proposer, frozen)


def propose(w: World, kind=TopicKind.DECISION, title="修订本局财务管理办法", amount=None, **kwargs):
    return services.topic_propose(
        actor=w.proposer,
        department=w.department,
        title=title,
        kind=kind,
        amount=amount,
        background="现行办法已不适应工作需要",
        draft_decision="同意印发修订后的财务管理办法",
        alternatives="方案一：全面修订；方案二：局部修订",
        legal_basis="《预算法》",
        responsible_leader=w.in_charge,
        **kwargs,
    )


def complete(w: World, topic) -> None:
    """Every prerequisite of the default settings, each by its actor."""
    today = clock.today()
    services.research_add(actor=w.proposer, topic=topic, summary="走访了三个科室")
    expert = w.extra.get("expert") or services.expert_register(
        actor=w.proposer,
        body=w.body,
        name="陈专家",
        field="财务管理",
        title="高级会计师",
        senior_title=True,
        years_in_field=15,
    )
    w.extra["expert"] = expert
    arg = services.argumentation_add(
        actor=w.proposer,
        topic=topic,
        materials_sent_on=today - dt.timedelta(days=10),
        session_on=today - dt.timedelta(days=3),
        chair="副局长1",
    )
    services.expert_opinion_add(
        actor=w.proposer,
        argumentation=arg,
        expert=expert,
        opinion="可行",
        signed_on=today - dt.timedelta(days=3),
    )
    services.legality_review_record(
        actor=w.legal, topic=topic, basis="《预算法》", analysis="符合规定", conclusion=LegalConclusion.PASSED
    )
    services.risk_assessment_record(
        actor=w.proposer,
        topic=topic,
        legality="合法",
        reasonableness="合理",
        feasibility="可行",
        controllability="可控",
        level=RiskLevel.LOW,
        measures="加强宣传解释",
    )
    consultation = services.consultation_request(
        actor=w.proposer, topic=topic, consultee=w.deputies[1], deadline=today + dt.timedelta(days=1)
    )
    services.consultation_answer(actor=w.deputies[1], consultation=consultation, agree=True)
    services.public_comment_open(
        actor=w.proposer,
        topic=topic,
        published_on=today - dt.timedelta(days=20),
        closes_on=today - dt.timedelta(days=5),
    )


def ready(w: World, kind=TopicKind.DECISION, **kwargs):
    topic = propose(w, kind=kind, **kwargs)
    complete(w, topic)
    topic = services.topic_submit(actor=w.proposer, topic=topic)
    return services.topic_check(actor=w.office, topic=topic, accept=True)


def meeting(
    w: World, *, starts="2026-11-18 09:00", members=None, attendees=None, kind=MeetingKind.PARTY_GROUP
):
    return services.meeting_create(
        actor=w.office,
        body=w.body,
        kind=kind,
        title="2026年第10次党组会议",
        starts_at=at(starts),
        place="三楼会议室",
        chair=w.principal,
        recorder=w.office,
        members=members or w.members,
        attendees=attendees or [w.inspector],
    )


def participant(m, user):
    return m.participants.get(user=user)


def in_session(w: World, topics, *, absent=(), members=None, attendees=None):
    """A meeting with ``topics`` on its agenda, notified, attendance taken, open."""
    m = meeting(w, members=members, attendees=attendees)
    items = [services.agenda_add(actor=w.office, meeting=m, topic=t) for t in topics]
    services.meeting_notify(actor=w.office, meeting=m)
    for p in m.participants.all():
        if p.user in absent:
            services.attendance_record(
                actor=w.office,
                participant=p,
                attendance=Attendance.ABSENT,
                absence_reason="出差",
                written_opinion="同意",
            )
        else:
            services.attendance_record(actor=w.office, participant=p, attendance=Attendance.PRESENT)
    m.refresh_from_db()
    services.meeting_open(actor=w.office, meeting=m)
    m.refresh_from_db()
    return m, items


def all_prerequisites_off(w: World) -> None:
    """Settings with no prerequisite for any kind: for tests about meetings only."""
    s, _ = ScopeSettings.objects.get_or_create(body=w.body)
    s.prerequisites = {k: [] for k in TopicKind.values}
    s.save()


@pytest.fixture
def audits():
    return lambda action: AuditRecord.objects.filter(action=action).count()


def state_all(w: World, item, position="agree", reason="方案可行") -> None:
    """Every present, non-recused member states an opinion, the principal last (DEC-53, DEC-54):
    what must happen before the vote opens."""
    from sunshine.decisions import services as s

    members = s.eligible(item)
    for p in [m for m in members if not m.is_principal] + [m for m in members if m.is_principal]:
        if not item.opinions.filter(participant=p).exists():
            s.opinion_record(actor=w.office, item=item, participant=p, position=position, reason=reason)
