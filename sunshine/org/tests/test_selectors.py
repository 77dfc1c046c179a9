"""Reads of the org app: data scope (SEC-7) for each kind of scope, and the lookups other modules
call (principal leader, leaders, holders of posts, who is in charge of an area)."""

from __future__ import annotations

import datetime as dt

import pytest

from sunshine.core import clock
from sunshine.core.errors import NotFound, NotPermitted
from sunshine.core.models import User
from sunshine.org import selectors
from sunshine.org.choices import DataScope, PortfolioArea, PostKind
from sunshine.org.tests.factories import (
    DepartmentFactory,
    PersonFactory,
    PortfolioFactory,
    PostFactory,
    PostHoldingFactory,
    UserFactory,
    account_with_role,
    principal,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree(body, department, other_department, subordinate, other_body):
    """Body with two departments and an affiliated unit; another body beside it. One person each."""
    station_dept = DepartmentFactory(parent=subordinate, name="综合科", code="S-ZH")
    people = {
        unit.code: PersonFactory(unit=unit, name=f"{unit.name}的人")
        for unit in [body, department, other_department, subordinate, station_dept, other_body]
    }
    return people


def names(queryset):
    return sorted(p.name for p in queryset)


def test_own_department_scope_sees_the_department_only(tree, clerk, department):
    """SEC-7, scope 本部门."""
    assert names(selectors.person_list(actor=clerk)) == ["安监一股的人"]
    assert [u.code for u in selectors.unit_list(actor=clerk)] == [department.code]


def test_own_body_scope_stops_at_subordinate_bodies(tree, leader, body):
    """SEC-7, scope 本单位: the affiliated unit is a body of its own."""
    assert names(selectors.person_list(actor=leader)) == ["安监一股的人", "安监二股的人", f"{body.name}的人"]


def test_body_and_subordinates_scope_includes_affiliated_units(tree, body):
    """SEC-7, scope 本单位及下属单位."""
    inspector = account_with_role(
        "discipline_inspector", unit=body, scope=DataScope.BODY_AND_SUBORDINATES, username="insp2"
    )
    assert "示范监测站的人" in names(selectors.person_list(actor=inspector))
    assert "综合科的人" in names(selectors.person_list(actor=inspector))
    assert "示范乡人民政府的人" not in names(selectors.person_list(actor=inspector))


def test_all_scope_sees_every_body(tree, sysadmin):
    """SEC-7, scope 全部."""
    assert len(selectors.person_list(actor=sysadmin)) == 6


def test_scope_of_a_department_role_anchored_below_a_body(tree, department):
    head = account_with_role("section_head", unit=department, scope=DataScope.OWN_DEPARTMENT, username="head")
    assert names(selectors.person_list(actor=head)) == ["安监一股的人"]


def test_unit_outside_the_scope_is_not_found(tree, clerk, body):
    with pytest.raises(NotFound):
        selectors.unit_get(actor=clerk, unit_id=body.pk)
    with pytest.raises(NotFound):
        selectors.person_get(actor=clerk, person_id=tree[body.code].pk)


def test_selectors_need_the_view_permission(body):
    nobody = UserFactory()
    with pytest.raises(NotPermitted):
        selectors.person_list(actor=nobody)


def test_unit_tree_starts_at_the_units_in_scope(tree, clerk, sysadmin, body, other_body, department):
    assert [node.unit.pk for node in selectors.unit_tree(actor=clerk)] == [department.pk]
    roots = selectors.unit_tree(actor=sysadmin)
    assert {node.unit.pk for node in roots} == {body.pk, other_body.pk}
    bureau = next(node for node in roots if node.unit.pk == body.pk)
    assert len(bureau.children) == 3


def test_person_list_filters(tree, sysadmin, body, department):
    PostHoldingFactory(person=tree[department.code], post__unit=department, post__kind=PostKind.REVIEWER)
    assert names(selectors.person_list(actor=sysadmin, unit=body, include_subunits=False)) == [
        f"{body.name}的人"
    ]
    assert len(selectors.person_list(actor=sysadmin, unit=body)) == 5
    assert names(selectors.person_list(actor=sysadmin, name="二股")) == ["安监二股的人"]
    assert names(selectors.person_list(actor=sysadmin, post_kind=PostKind.REVIEWER)) == ["安监一股的人"]


def test_principal_leader_of_a_body(body, subordinate):
    chief = principal(body)
    assert selectors.principal_leader_of(body) == chief
    assert selectors.principal_leader_of(subordinate) is None
    person = selectors.person_list(
        actor=account_with_role("system_admin", unit=body, scope="all", username="sa")
    )
    assert [p.is_principal for p in person] == [True]


def test_ended_holding_no_longer_makes_a_principal(body):
    chief = principal(body)
    chief.holdings.update(end_date=dt.date(2025, 1, 1))
    assert selectors.principal_leader_of(body) is None


def test_township_has_two_principal_leaders(other_body):
    secretary = principal(other_body, name="党委书记")
    head = principal(other_body, PersonFactory(unit=other_body, name="乡长"), name="乡长")
    assert list(selectors.principal_leaders_of(other_body)) == [secretary, head]
    assert selectors.principal_leader_of(other_body) == secretary


def test_leaders_of_a_body_put_the_principal_first(body):
    deputy = PersonFactory(unit=body, name="副局长", sort_order=-5)
    PostHoldingFactory(person=deputy, post__unit=body, post__kind=PostKind.DEPUTY_LEADER)
    chief = principal(body)
    assert list(selectors.leaders_of(body)) == [chief, deputy]


def test_people_holding_posts_of_a_kind(body, department):
    head = PostHoldingFactory(post__unit=department, post__kind=PostKind.SECTION_HEAD).person
    assert list(selectors.people_holding(post_kind=PostKind.SECTION_HEAD, unit=department)) == [head]
    assert list(selectors.people_holding(post_kind=PostKind.SECTION_HEAD, unit=body)) == []
    assert list(
        selectors.people_holding(post_kind=PostKind.SECTION_HEAD, unit=body, include_subunits=True)
    ) == [head]


def test_who_is_in_charge_of_an_area(body, department):
    deputy = PersonFactory(unit=body)
    portfolio = PortfolioFactory(body=body, leader=deputy, area=PortfolioArea.FINANCE)
    portfolio.departments.add(department)
    assert selectors.portfolio_leader_of(body=body, area=PortfolioArea.FINANCE) == deputy
    assert selectors.portfolio_leader_of(body=body, area=PortfolioArea.PERSONNEL) is None
    assert list(selectors.overseeing_leaders_of(department)) == [deputy]


def test_person_of_an_account(department):
    user = UserFactory()
    person = PersonFactory(unit=department, user=user)
    assert selectors.person_of(user) == person
    assert selectors.person_of(UserFactory()) is None


def test_portfolio_list_marks_the_principal(body, sysadmin):
    chief = principal(body)
    PortfolioFactory(body=body, leader=chief, area=PortfolioArea.OTHER)
    PortfolioFactory(body=body, leader=PersonFactory(unit=body), area=PortfolioArea.FINANCE)
    rows = list(selectors.portfolio_list(actor=sysadmin, body=body))
    assert [(p.leader_id == chief.pk, p.leader_is_principal) for p in rows] == [(True, True), (False, False)]


def test_account_list_by_status(sysadmin, secadmin, clerk, leader):
    User.objects.filter(pk=clerk.pk).update(is_active=False)
    User.objects.filter(pk=leader.pk).update(locked_until=clock.now() + dt.timedelta(minutes=5))
    User.objects.filter(pk=secadmin.pk).update(must_change_password=True)

    def usernames(**kw):
        return [u.username for u in selectors.account_list(actor=sysadmin, **kw)]

    assert usernames(status="disabled") == ["clerk"]
    assert usernames(status="locked") == ["leader"]
    assert "leader" not in usernames(status="active")
    assert "clerk" not in usernames(status="active")
    assert usernames(must_change=True) == ["secadmin"]
    assert usernames(q="承办") == ["clerk"]
    assert selectors.account_status(User.objects.get(pk=leader.pk)) == "locked"


def test_account_list_is_scoped_for_a_body_administrator(body_sysadmin, clerk, other_body):
    outsider = account_with_role("clerk", unit=other_body, username="outsider")
    fresh = UserFactory(username="fresh")
    visible = {u.username for u in selectors.account_list(actor=body_sysadmin)}
    assert "clerk" in visible
    assert "fresh" in visible  # tied to no unit yet: every account manager sees it
    assert outsider.username not in visible
    with pytest.raises(NotFound):
        selectors.account_get(actor=body_sysadmin, user_id=outsider.pk)
    assert selectors.account_get(actor=body_sysadmin, user_id=fresh.pk) == fresh


def test_clerk_lists_no_accounts(clerk):
    with pytest.raises(NotPermitted):
        selectors.account_list(actor=clerk)


def test_assignment_list_for_the_security_administrator(secadmin, clerk, department):
    rows = list(selectors.assignment_list(actor=secadmin, user=clerk))
    assert [(a.role.code, a.unit_id, a.data_scope) for a in rows] == [("clerk", department.pk, "department")]


def test_holdings_include_ended_ones_on_request(sysadmin, department):
    person = PersonFactory(unit=department)
    PostHoldingFactory(
        person=person,
        post=PostFactory(unit=department),
        start_date=dt.date(2020, 1, 1),
        end_date=dt.date(2021, 1, 1),
    )
    PostHoldingFactory(person=person, post=PostFactory(unit=department), start_date=dt.date(2022, 1, 1))
    assert len(selectors.holding_list(actor=sysadmin, person=person)) == 1
    assert len(selectors.holding_list(actor=sysadmin, person=person, current=None)) == 2
    assert len(selectors.holding_list(actor=sysadmin, person=person, current=False)) == 1
