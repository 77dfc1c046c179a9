"""Demo accountability case (issue #9 §8): in the first body whose discipline office and principal
leader have accounts, a case opened from a red alert (立案问责), run through the services up to the
decision, with the responsibility split computed from the alert's case's task records (ACC-103)
when that case has done steps. Idempotent: nothing is created when a case exists."""

from __future__ import annotations

from sunshine.accountability import services
from sunshine.accountability.choices import Source, Target
from sunshine.accountability.models import AccountabilityCase, Ground
from sunshine.core.errors import DomainError
from sunshine.core.models import User
from sunshine.core.permissions import has_permission
from sunshine.org.models import RoleAssignment
from sunshine.oversight.models import Alert


def _holder(body, perm: str, exclude=()) -> User | None:
    ids = (
        RoleAssignment.objects.filter(unit__body_id=body.pk).order_by("id").values_list("user_id", flat=True)
    )
    for user_id in dict.fromkeys(ids):
        user = User.objects.filter(pk=user_id, is_active=True).first()
        if user is not None and user.pk not in exclude and has_permission(user, perm, body):
            return user
    return None


def _member(body, acase, exclude) -> User | None:
    ids = (
        RoleAssignment.objects.filter(unit__body_id=body.pk).order_by("id").values_list("user_id", flat=True)
    )
    for user_id in dict.fromkeys(ids):
        user = User.objects.filter(pk=user_id, is_active=True).first()
        if user is not None and user.pk not in exclude and not services._interested(acase, user):
            return user
    return None


def _responsible(alert) -> User | None:
    """Whoever the alert holds responsible (the post's holder, else the section head)."""
    from sunshine.oversight.services import recipients_of

    ids = recipients_of([alert])[alert.pk].responsible
    return User.objects.filter(pk__in=ids, is_active=True).order_by("id").first()


def load() -> dict[str, int]:
    if AccountabilityCase.objects.exists():
        return {}
    for alert in Alert.objects.filter(level="red").select_related("body", "case").order_by("id"):
        inspector = _holder(alert.body, services.MANAGE)
        leader = _holder(alert.body, services.APPROVE)
        person = alert.responsible or _responsible(alert)
        if inspector is None or leader is None or person is None:
            continue
        try:
            return _run(alert, inspector, leader, person)
        except DomainError:
            continue
    return {}


def _run(alert, inspector, leader, person) -> dict[str, int]:
    acase = services.case_register(
        actor=inspector,
        source=Source.ALERT,
        alert=alert,
        subject=alert.message,
        target=Target.INDIVIDUAL,
        person=person,
    )
    grounds = list(Ground.objects.filter(catalogue="enforcement", number=4))
    acase = services.case_open(
        actor=inspector,
        acase=acase,
        verification="经调阅办件记录，情况属实。",
        approved_by=leader,
        grounds=grounds,
    )
    member = _member(alert.body, acase, {inspector.pk, leader.pk, person.pk})
    if member is not None:
        acase = services.member_add(actor=inspector, acase=acase, user=member, is_leader=True)
    catalogue = {s.name: s for s in services.catalogue(acase.body, acase.target)}
    acase = services.case_propose(
        actor=inspector, acase=acase, tier="serious", sanctions=[catalogue["通报批评"]]
    )
    acase = services.statement_record(
        actor=inspector,
        acase=acase,
        statement="承认办理超期，系材料补正期间未及时跟进。",
        defence="请求从轻处理。",
    )
    chain = services.default_chain(acase.case) if acase.case_id else {}
    if "handler" in chain:
        acase = services.split_chain(
            actor=inspector, acase=acase, correct="none", **{f"{k}_task": v for k, v in chain.items()}
        )
    if member is None:
        return {"accountability cases": 1}
    acase = services.case_report(
        actor=inspector,
        acase=acase,
        facts=alert.message,
        conclusion="工作不勤勉，致使事项超过期限办结（ACC-102（4））。",
        recommendation="通报批评。",
    )
    services.case_decide(
        actor=inspector,
        acase=acase,
        tier="serious",
        sanctions=[catalogue["通报批评"]],
        deciding_body="局党组",
        decision_text="给予通报批评。",
    )
    return {"accountability cases": 1}


def has_data() -> bool:
    return AccountabilityCase.objects.exists()
