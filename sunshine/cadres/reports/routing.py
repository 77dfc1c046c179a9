"""Who approves an absence request (外出请示报备), computed from the cadre's posts and the length of
the absence; never chosen by the requester.

Rank (SUP-220) comes from the cadre's current posts in his body (org.Post kind): principal →
deputy_leader → section_head → anyone else. The route by rank:

* **Principal leader** (SUP-16, SUP-221, SUP-222 for an affiliated unit's head): the superior body's
  principal leader approves (in the system when the superior body is; otherwise the body's office
  records that the superior leader agreed), then the office files it (报备).
* **Team members** (SUP-17 tiers, calendar days, SUP-228): ≤ 3 days the principal leader approves and
  the office files it; 4-7 days the principal leader approves, then it is filed with the superior
  organisation department; ≥ 8 days the principal leader agrees, the superior leader in charge
  approves, then it is filed with the superior organisation department.
* **Section heads** (SUP-223): ≤ ``section_head_short_days`` (default 2) the leader in charge of the
  section approves; longer, the principal leader approves too; the office files it.
* **Others** (SUP-225): the head of their section approves.

Abroad (SUP-14): a consent step by the principal leader (by the superior's for a principal) comes
first, before any other step; an approval by the same person right after it is folded into it.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from sunshine.cadres.reports.models import Rank, StepKind
from sunshine.org import selectors as org
from sunshine.org.choices import PostKind
from sunshine.org.models import Person, Unit

TIER_SHORT_MAX = 3  # SUP-17 tier 1: 3天以内 (≤ 3)
TIER_MEDIUM_MAX = 7  # SUP-17 tier 2: 7天以内 (4..7); tier 3: 8天以上 (≥ 8)


@dataclass(frozen=True)
class PlannedStep:
    kind: str
    label: str
    rule: str
    assignee: object = None  # a User
    office_body: Unit | None = None


def calendar_days(start, end) -> int:
    """SUP-228, SUP-17: calendar days, both ends counted, holidays and weekends included."""
    return (end - start).days + 1


def tier(days: int) -> int:
    """SUP-17: 1 for ≤ 3 days, 2 for 4-7, 3 for ≥ 8."""
    if days <= TIER_SHORT_MAX:
        return 1
    if days <= TIER_MEDIUM_MAX:
        return 2
    return 3


def superior_body(body: Unit) -> Unit | None:
    """The body above ``body`` in the tree (an affiliated unit's bureau), or None."""
    unit = body.parent
    while unit is not None and not unit.is_body:
        unit = unit.parent
    return unit


def current_kinds(person: Person, body: Unit) -> set[str]:
    return set(
        org.current_holdings()
        .filter(person=person, post__unit__body=body)
        .values_list("post__kind", flat=True)
    )


def rank_of(person: Person, body: Unit) -> Rank:
    kinds = current_kinds(person, body)
    for kind, rank in (
        (PostKind.PRINCIPAL, Rank.PRINCIPAL),
        (PostKind.DEPUTY_LEADER, Rank.DEPUTY_LEADER),
        (PostKind.SECTION_HEAD, Rank.SECTION_HEAD),
    ):
        if kind in kinds:
            return rank
    return Rank.STAFF


def post_name(person: Person, body: Unit) -> str:
    holdings = org.current_holdings().filter(person=person, post__unit__body=body).select_related("post")
    return "、".join(h.post.name for h in holdings) or person.title


def _user(person: Person | None, exclude=None):
    if person is None or person.user_id is None or (exclude is not None and person.user_id == exclude.pk):
        return None
    return person.user


def principal_user(body: Unit, exclude=None):
    for person in org.principal_leaders_of(body).select_related("user"):
        if (user := _user(person, exclude)) is not None:
            return user
    return None


def superior_leader(body: Unit):
    """The superior body's leader in charge of personnel (分管), else its principal leader."""
    superior = superior_body(body)
    if superior is None:
        return None
    from sunshine.org.choices import PortfolioArea

    return _user(org.portfolio_leader_of(body=superior, area=PortfolioArea.PERSONNEL)) or principal_user(
        superior
    )


def in_charge_of(unit: Unit, exclude=None):
    """The leader whose portfolio names the section (分管领导), if any has an account."""
    for person in org.overseeing_leaders_of(unit).select_related("user"):
        if (user := _user(person, exclude)) is not None:
            return user
    return None


def section_head_of(unit: Unit, exclude=None):
    for person in org.people_holding(post_kind=PostKind.SECTION_HEAD, unit=unit):
        if (user := _user(person, exclude)) is not None:
            return user
    return None


def _approve(kind, label, rule, user, body) -> PlannedStep:
    """A step for ``user``, or for the body's office to record when nobody in the system holds it."""
    if user is not None:
        return PlannedStep(kind, label, rule, assignee=user)
    return PlannedStep(kind, _("%(label)s（办公室登记）") % {"label": label}, rule, office_body=body)


def plan(
    *, person: Person, user, body: Unit, rank: str, days: int, abroad: bool, short_days: int
) -> list[PlannedStep]:
    """The ordered steps of a request (see the module docstring)."""
    superior = superior_body(body)
    own_principal = principal_user(body, exclude=user)
    steps: list[PlannedStep] = []
    if rank == Rank.PRINCIPAL:
        up = principal_user(superior) if superior is not None else None
        if abroad:
            steps.append(_approve(StepKind.CONSENT, _("上级主要领导同意出国（境）"), "SUP-14", up, body))
        steps.append(_approve(StepKind.APPROVE, _("上级主要领导审批"), "SUP-16", up, body))
        steps.append(
            PlannedStep(StepKind.FILE, _("办公室报上级值班室、组织部门备案"), "SUP-221", office_body=body)
        )
    elif rank == Rank.DEPUTY_LEADER:
        if abroad:
            steps.append(
                _approve(StepKind.CONSENT, _("主要负责人同意出国（境）"), "SUP-14", own_principal, body)
            )
        level = tier(days)
        if level == 1:
            steps.append(
                _approve(StepKind.APPROVE, _("主要负责人审批（3天以内）"), "SUP-17", own_principal, body)
            )
            steps.append(PlannedStep(StepKind.FILE, _("办公室备案"), "SUP-222", office_body=body))
        elif level == 2:
            steps.append(
                _approve(StepKind.APPROVE, _("主要负责人审批（4至7天）"), "SUP-17", own_principal, body)
            )
            steps.append(PlannedStep(StepKind.FILE, _("报上级组织部门备案"), "SUP-17", office_body=body))
        else:
            steps.append(
                _approve(StepKind.AGREE, _("主要负责人同意（8天以上）"), "SUP-17", own_principal, body)
            )
            steps.append(
                _approve(
                    StepKind.APPROVE, _("上级分管领导审批（8天以上）"), "SUP-17", superior_leader(body), body
                )
            )
            steps.append(PlannedStep(StepKind.FILE, _("报上级组织部门备案"), "SUP-17", office_body=body))
    elif rank == Rank.SECTION_HEAD:
        if abroad:
            steps.append(
                _approve(StepKind.CONSENT, _("主要负责人同意出国（境）"), "SUP-14", own_principal, body)
            )
        steps.append(
            _approve(
                StepKind.APPROVE,
                _("分管领导审批"),
                "SUP-223",
                in_charge_of(person.unit, exclude=user) or own_principal,
                body,
            )
        )
        if days > short_days:
            steps.append(_approve(StepKind.APPROVE, _("主要负责人审批"), "SUP-223", own_principal, body))
        steps.append(PlannedStep(StepKind.FILE, _("办公室备案"), "SUP-223", office_body=body))
    else:
        if abroad:
            steps.append(
                _approve(StepKind.CONSENT, _("主要负责人同意出国（境）"), "SUP-14", own_principal, body)
            )
        head = section_head_of(person.unit, exclude=user) or in_charge_of(person.unit, exclude=user)
        steps.append(_approve(StepKind.APPROVE, _("科室负责人审批"), "SUP-225", head, body))
    return _fold(steps)


def _fold(steps: list[PlannedStep]) -> list[PlannedStep]:
    """An approval by the same person right after his consent or agreement is the same act."""
    folded: list[PlannedStep] = []
    for step in steps:
        prev = folded[-1] if folded else None
        if (
            prev is not None
            and step.kind == StepKind.APPROVE
            and prev.kind == StepKind.CONSENT
            and step.assignee is not None
            and prev.assignee == step.assignee
        ):
            folded[-1] = PlannedStep(
                StepKind.CONSENT,
                f"{prev.label}、{step.label}",
                f"{prev.rule}、{step.rule}",
                assignee=prev.assignee,
            )
            continue
        folded.append(step)
    return folded
