"""The rules of the org services: tree shape, 五个不直接分管 (DEC-72), 三员分立 (SEC-1, SEC-6, SEC-8),
data scope (SEC-7), optimistic locking (AUD-3) and soft delete (AUD-2)."""

from __future__ import annotations

import datetime as dt

import pytest

from sunshine.core import clock
from sunshine.core.errors import Conflict, InvalidInput, NotFound, NotPermitted, RuleViolated
from sunshine.core.models import AuditRecord, User
from sunshine.core.permissions import PERMISSIONS
from sunshine.org import services
from sunshine.org.choices import PRINCIPAL_BARRED_AREAS, DataScope, PortfolioArea, PostKind, UnitKind
from sunshine.org.models import Person, Portfolio, Post, PostHolding, Role, RoleAssignment, Unit
from sunshine.org.tests.factories import (
    TEST_PASSWORD,
    DepartmentFactory,
    PersonFactory,
    PortfolioFactory,
    PostFactory,
    PostHoldingFactory,
    UserFactory,
    account_with_role,
    builtin_role,
    principal,
)

pytestmark = pytest.mark.django_db


def last_audit(action: str) -> AuditRecord:
    return AuditRecord.objects.filter(action=action).order_by("-id").first()


# --- Units ----------------------------------------------------------------------------------------


def test_sysadmin_creates_department_and_it_is_audited(sysadmin, body):
    unit = services.unit_create(
        actor=sysadmin, name="法规股", kind=UnitKind.DEPARTMENT, code="D-FG", parent=body
    )
    assert (unit.body_id, unit.path, unit.depth) == (body.pk, f"{body.path}{unit.pk}/", 1)
    record = last_audit("org.unit_create")
    assert record.actor_id == sysadmin.pk
    assert record.object_id == str(unit.pk)
    assert record.data["after"]["name"] == "法规股"


def test_department_without_parent_body_is_refused(sysadmin):
    with pytest.raises(InvalidInput) as refused:
        services.unit_create(actor=sysadmin, name="办公室", kind=UnitKind.DEPARTMENT, code="D-X")
    assert (refused.value.code, refused.value.field) == ("department_without_body", "parent")


def test_working_group_cannot_sit_directly_under_a_body(sysadmin, body):
    with pytest.raises(InvalidInput) as refused:
        services.unit_create(actor=sysadmin, name="专班", kind=UnitKind.SECTION, code="S-1", parent=body)
    assert refused.value.field == "parent"


def test_unit_code_must_be_unique(sysadmin, body):
    with pytest.raises(Conflict) as refused:
        services.unit_create(
            actor=sysadmin, name="重复", kind=UnitKind.DEPARTMENT, code=body.code, parent=body
        )
    assert refused.value.field == "code"


def test_root_body_needs_full_scope(body_sysadmin):
    """SEC-7: an administrator of one body cannot set up a new top-level body."""
    with pytest.raises(NotPermitted) as refused:
        services.unit_create(actor=body_sysadmin, name="新单位", kind=UnitKind.BODY, code="NEW")
    assert refused.value.rule == "SEC-7"


def test_reader_cannot_create_units(clerk, department):
    with pytest.raises(NotPermitted):
        services.unit_create(actor=clerk, name="X", kind=UnitKind.SECTION, code="X", parent=department)


def test_unit_outside_scope_is_not_found(body_sysadmin, other_body):
    """SEC-7: outside the data scope is 'not found', not 'forbidden'."""
    with pytest.raises(NotFound):
        services.unit_update(
            actor=body_sysadmin, unit=other_body, expected_version=other_body.version, name="改名"
        )


def test_stale_version_is_a_conflict(sysadmin, department):
    """AUD-3: the second of two editors who read the same version cannot overwrite the first."""
    read = department.version
    services.unit_update(actor=sysadmin, unit=department, expected_version=read, name="安监一股（新）")
    with pytest.raises(Conflict) as refused:
        services.unit_update(actor=sysadmin, unit=department, expected_version=read, name="别的名字")
    assert refused.value.rule == "AUD-3"
    department.refresh_from_db()
    assert department.name == "安监一股（新）"


def test_move_rebuilds_paths_below(sysadmin, body, other_body, department):
    section = services.unit_create(
        actor=sysadmin, name="专班", kind=UnitKind.SECTION, code="S-1", parent=department
    )
    services.unit_move(
        actor=sysadmin, unit=department, parent=other_body, expected_version=department.version
    )
    section.refresh_from_db()
    assert section.path == f"{other_body.path}{department.pk}/{section.pk}/"
    assert section.body_id == other_body.pk


def test_unit_cannot_move_under_its_own_descendant(sysadmin, body, department):
    with pytest.raises(InvalidInput) as refused:
        services.unit_move(actor=sysadmin, unit=body, parent=department, expected_version=body.version)
    assert (refused.value.code, refused.value.field) == ("unit_parent_invalid", "parent")
    child = DepartmentFactory(parent=department, code="D-sub")
    with pytest.raises(InvalidInput) as refused:
        services.unit_move(actor=sysadmin, unit=department, parent=child, expected_version=department.version)
    assert refused.value.code == "unit_move_into_own_subtree"


def test_department_cannot_become_a_root(sysadmin, department):
    with pytest.raises(InvalidInput) as refused:
        services.unit_move(actor=sysadmin, unit=department, parent=None, expected_version=department.version)
    assert refused.value.code == "department_without_body"


def test_department_overseen_by_a_portfolio_stays_in_its_body(sysadmin, body, other_body, department):
    portfolio = PortfolioFactory(body=body, area=PortfolioArea.FINANCE)
    portfolio.departments.add(department)
    with pytest.raises(Conflict):
        services.unit_move(
            actor=sysadmin, unit=department, parent=other_body, expected_version=department.version
        )


def test_unit_with_people_is_not_removed(sysadmin, department):
    PersonFactory(unit=department)
    with pytest.raises(Conflict) as refused:
        services.unit_delete(
            actor=sysadmin, unit=department, reason="撤并", expected_version=department.version
        )
    assert refused.value.code == "unit_not_empty"


def test_unit_with_children_is_not_removed(sysadmin, body, department):
    with pytest.raises(Conflict):
        services.unit_delete(actor=sysadmin, unit=body, reason="撤并", expected_version=body.version)


def test_unit_removal_keeps_the_row(sysadmin, other_department):
    """AUD-2: removed (作废), never deleted."""
    services.unit_delete(actor=sysadmin, unit=other_department, reason="机构改革撤并", expected_version=1)
    row = Unit.all_objects.get(pk=other_department.pk)
    assert row.deleted_at is not None
    assert (row.deleted_by_id, row.delete_reason) == (sysadmin.pk, "机构改革撤并")
    assert not Unit.objects.filter(pk=other_department.pk).exists()


def test_removal_needs_a_reason(sysadmin, other_department):
    with pytest.raises(InvalidInput) as refused:
        services.unit_delete(actor=sysadmin, unit=other_department, reason="  ", expected_version=1)
    assert refused.value.field == "reason"


def test_system_actor_is_refused_outside_a_command():
    with pytest.raises(NotPermitted) as refused:
        services.unit_create(actor=None, name="X", kind=UnitKind.BODY, code="X")
    assert refused.value.code == "system_actor_required"


def test_system_actor_inside_a_command_is_audited_as_the_system(as_system):
    unit = services.unit_create(actor=None, name="系统建立的单位", kind=UnitKind.BODY, code="SYS")
    record = last_audit("org.unit_create")
    assert record.object_id == str(unit.pk)
    assert record.actor_id is None


# --- Posts and holdings ---------------------------------------------------------------------------


def test_principal_post_belongs_to_a_body(sysadmin, department):
    with pytest.raises(InvalidInput) as refused:
        services.post_create(actor=sysadmin, unit=department, name="股长", kind=PostKind.PRINCIPAL)
    assert refused.value.field == "kind"


def test_post_name_is_unique_in_its_unit(sysadmin, department):
    services.post_create(actor=sysadmin, unit=department, name="承办人", kind=PostKind.CLERK)
    with pytest.raises(Conflict) as refused:
        services.post_create(actor=sysadmin, unit=department, name="承办人", kind=PostKind.REVIEWER)
    assert refused.value.field == "name"


def test_post_held_by_someone_is_not_removed(sysadmin, department):
    holding = PostHoldingFactory(post__unit=department, person__unit=department)
    with pytest.raises(Conflict):
        services.post_delete(actor=sysadmin, post=holding.post, reason="调整", expected_version=1)


def test_holding_assign_and_end_keep_the_record(sysadmin, department):
    person = PersonFactory(unit=department)
    post = PostFactory(unit=department)
    holding = services.post_holding_assign(
        actor=sysadmin, person=person, post=post, start_date=dt.date(2025, 1, 1)
    )
    services.post_holding_end(
        actor=sysadmin, holding=holding, expected_version=holding.version, end_date=dt.date(2025, 6, 30)
    )
    holding.refresh_from_db()
    assert holding.end_date == dt.date(2025, 6, 30)
    assert PostHolding.objects.filter(pk=holding.pk).exists()
    assert last_audit("org.holding_end").object_id == str(holding.pk)


def test_holding_cannot_end_before_it_started(sysadmin, department):
    holding = PostHoldingFactory(
        post__unit=department, person__unit=department, start_date=dt.date(2025, 3, 1)
    )
    with pytest.raises(InvalidInput) as refused:
        services.post_holding_end(
            actor=sysadmin, holding=holding, expected_version=holding.version, end_date=dt.date(2025, 2, 1)
        )
    assert refused.value.field == "end_date"


def test_person_holds_a_post_once(sysadmin, department):
    holding = PostHoldingFactory(post__unit=department, person__unit=department)
    with pytest.raises(Conflict):
        services.post_holding_assign(actor=sysadmin, person=holding.person, post=holding.post)


def test_principal_post_has_one_holder(sysadmin, body):
    principal(body)
    post = Post.objects.get(unit=body, kind=PostKind.PRINCIPAL)
    with pytest.raises(Conflict) as refused:
        services.post_holding_assign(actor=sysadmin, person=PersonFactory(unit=body), post=post)
    assert refused.value.code == "principal_post_occupied"


# --- 五个不直接分管 (DEC-72) ------------------------------------------------------------------------


def test_principal_leader_cannot_take_finance_portfolio(sysadmin, body):
    """DEC-72 (and DEC-59): the principal leader does not directly manage finance."""
    chief = principal(body)
    with pytest.raises(RuleViolated) as refused:
        services.portfolio_assign(actor=sysadmin, body=body, leader=chief, area=PortfolioArea.FINANCE)
    assert refused.value.rule == "DEC-72"
    assert refused.value.field == "area"
    assert str(refused.value.message) == "主要负责人不得直接分管财务（五个不直接分管）"
    assert not Portfolio.objects.filter(leader=chief).exists()


@pytest.mark.parametrize("area", sorted(PRINCIPAL_BARRED_AREAS))
def test_principal_leader_cannot_take_any_of_the_five_areas(sysadmin, body, area):
    """DEC-72: all five areas (DOMAIN product default 3)."""
    chief = principal(body)
    with pytest.raises(RuleViolated) as refused:
        services.portfolio_assign(actor=sysadmin, body=body, leader=chief, area=area)
    assert refused.value.code == "principal_barred_portfolio"
    assert "五个不直接分管" in str(refused.value.message)


def test_principal_leader_may_lead_the_overall_work(sysadmin, body):
    chief = principal(body)
    portfolio = services.portfolio_assign(
        actor=sysadmin, body=body, leader=chief, area=PortfolioArea.OTHER, title="主持全面工作"
    )
    assert portfolio.leader_id == chief.pk


def test_deputy_takes_finance_and_oversees_the_finance_section(sysadmin, body, department):
    deputy = PersonFactory(unit=body, name="副局长")
    portfolio = services.portfolio_assign(
        actor=sysadmin, body=body, leader=deputy, area=PortfolioArea.FINANCE, departments=[department]
    )
    assert list(portfolio.departments.all()) == [department]
    assert last_audit("org.portfolio_assign").data["after"]["departments"] == [department.pk]


def test_holder_of_a_barred_portfolio_cannot_become_principal(sysadmin, body):
    """DEC-72, the other direction: appointing the finance leader to the principal post."""
    deputy = PersonFactory(unit=body, name="陈立新")
    PortfolioFactory(body=body, leader=deputy, area=PortfolioArea.FINANCE)
    post = PostFactory(unit=body, name="局长", kind=PostKind.PRINCIPAL)
    with pytest.raises(RuleViolated) as refused:
        services.post_holding_assign(actor=sysadmin, person=deputy, post=post)
    assert refused.value.rule == "DEC-72"
    assert "陈立新现分管财务" in str(refused.value.message)
    assert not PostHolding.objects.filter(person=deputy, post=post).exists()


def test_turning_a_post_into_the_principal_post_checks_its_holder(sysadmin, body):
    """DEC-72: re-classifying a deputy's post as principal appoints the deputy principal."""
    deputy = PersonFactory(unit=body)
    PortfolioFactory(body=body, leader=deputy, area=PortfolioArea.PROCUREMENT)
    holding = PostHoldingFactory(person=deputy, post__unit=body, post__kind=PostKind.DEPUTY_LEADER)
    with pytest.raises(RuleViolated) as refused:
        services.post_update(
            actor=sysadmin, post=holding.post, expected_version=holding.post.version, kind=PostKind.PRINCIPAL
        )
    assert (refused.value.rule, refused.value.field) == ("DEC-72", "kind")


def test_after_handing_over_finance_the_deputy_can_become_principal(sysadmin, body):
    deputy = PersonFactory(unit=body)
    portfolio = PortfolioFactory(
        body=body, leader=deputy, area=PortfolioArea.FINANCE, start_date=dt.date(2024, 1, 1)
    )
    services.portfolio_end(actor=sysadmin, portfolio=portfolio, expected_version=portfolio.version)
    post = PostFactory(unit=body, kind=PostKind.PRINCIPAL)
    assert services.post_holding_assign(actor=sysadmin, person=deputy, post=post).pk


def test_principal_of_another_body_may_take_finance_here(sysadmin, body, subordinate):
    """The restraint is per body: the station's director is not this bureau's principal."""
    station_chief = principal(subordinate)
    services.person_move(
        actor=sysadmin, person=station_chief, unit=body, expected_version=station_chief.version
    )
    station_chief.refresh_from_db()
    assert services.portfolio_assign(
        actor=sysadmin, body=body, leader=station_chief, area=PortfolioArea.FINANCE
    ).pk


def test_each_barred_area_has_one_leader(sysadmin, body):
    first = PersonFactory(unit=body, name="甲")
    services.portfolio_assign(actor=sysadmin, body=body, leader=first, area=PortfolioArea.PERSONNEL)
    with pytest.raises(Conflict) as refused:
        services.portfolio_assign(
            actor=sysadmin, body=body, leader=PersonFactory(unit=body), area=PortfolioArea.PERSONNEL
        )
    assert refused.value.field == "area"
    assert "甲" in str(refused.value.message)


def test_portfolio_leader_belongs_to_the_body(sysadmin, body, other_body):
    outsider = PersonFactory(unit=other_body)
    with pytest.raises(InvalidInput) as refused:
        services.portfolio_assign(actor=sysadmin, body=body, leader=outsider, area=PortfolioArea.OTHER)
    assert refused.value.field == "leader"


def test_portfolio_oversees_departments_of_its_body_only(sysadmin, body, other_body):
    foreign = DepartmentFactory(parent=other_body)
    with pytest.raises(InvalidInput) as refused:
        services.portfolio_assign(
            actor=sysadmin,
            body=body,
            leader=PersonFactory(unit=body),
            area=PortfolioArea.OTHER,
            departments=[foreign],
        )
    assert refused.value.field == "departments"


def test_portfolios_sit_in_bodies(sysadmin, department):
    with pytest.raises(InvalidInput) as refused:
        services.portfolio_assign(
            actor=sysadmin, body=department, leader=PersonFactory(unit=department), area=PortfolioArea.OTHER
        )
    assert refused.value.field == "body"


# --- People ---------------------------------------------------------------------------------------


def test_person_email_is_checked(sysadmin, department):
    with pytest.raises(InvalidInput) as refused:
        services.person_create(actor=sysadmin, unit=department, name="张三", email="not-an-address")
    assert refused.value.field == "email"


def test_person_name_is_required(sysadmin, department):
    with pytest.raises(InvalidInput) as refused:
        services.person_create(actor=sysadmin, unit=department, name="  ")
    assert refused.value.field == "name"


def test_leader_cannot_leave_the_body_with_portfolios(sysadmin, body, other_body):
    deputy = PersonFactory(unit=body)
    PortfolioFactory(body=body, leader=deputy, area=PortfolioArea.FINANCE)
    with pytest.raises(Conflict) as refused:
        services.person_move(actor=sysadmin, person=deputy, unit=other_body, expected_version=deputy.version)
    assert refused.value.field == "unit"


def test_person_with_a_post_is_not_removed(sysadmin, department):
    holding = PostHoldingFactory(person__unit=department, post__unit=department)
    with pytest.raises(Conflict):
        services.person_delete(actor=sysadmin, person=holding.person, reason="调离", expected_version=1)


def test_person_whose_account_is_active_is_not_removed(sysadmin, department):
    person = PersonFactory(unit=department, user=UserFactory())
    with pytest.raises(Conflict) as refused:
        services.person_delete(actor=sysadmin, person=person, reason="调离", expected_version=1)
    assert refused.value.code == "person_has_active_account"


def test_person_removal_keeps_the_row(sysadmin, department):
    person = PersonFactory(unit=department)
    services.person_delete(actor=sysadmin, person=person, reason="调离本单位", expected_version=1)
    assert Person.all_objects.get(pk=person.pk).delete_reason == "调离本单位"
    assert last_audit("org.person_delete").data["note"] == "调离本单位"


# --- Roles (三员分立) --------------------------------------------------------------------------------


def test_business_role_cannot_hold_administration_permissions(secadmin):
    """SEC-6: a business role gets no administrator's powers."""
    with pytest.raises(RuleViolated) as refused:
        services.role_create(
            actor=secadmin, code="clever", name="万能角色", permissions=["org.view", "roles.manage"]
        )
    assert (refused.value.rule, refused.value.field) == ("SEC-6", "permissions")


def test_administrator_role_cannot_hold_another_administrators_permissions(secadmin):
    """SEC-1: a security administrator's role cannot manage accounts too."""
    with pytest.raises(RuleViolated) as refused:
        services.role_create(
            actor=secadmin,
            code="sec2",
            name="安全管理员二",
            kind="security_admin",
            permissions=["accounts.manage"],
        )
    assert refused.value.rule == "SEC-1"


def test_administrator_role_cannot_hold_business_permissions(secadmin, monkeypatch):
    """SEC-6: administrators read no business data."""
    monkeypatch.setitem(PERMISSIONS, "cases.view", {"label": "查看办件", "admin_kind": "", "shared": False})
    with pytest.raises(RuleViolated) as refused:
        services.role_create(
            actor=secadmin,
            code="auditor2",
            name="审计二",
            kind="audit_admin",
            permissions=["audit.view", "cases.view"],
        )
    assert refused.value.rule == "SEC-6"


def test_unknown_permission_is_invalid_input(secadmin):
    with pytest.raises(InvalidInput) as refused:
        services.role_create(actor=secadmin, code="x", name="X", permissions=["nothing.here"])
    assert refused.value.field == "permissions"


def test_built_in_role_is_edited_but_not_removed(secadmin):
    role = builtin_role("clerk")
    services.role_update(actor=secadmin, role=role, expected_version=role.version, name="承办人员")
    assert Role.objects.get(pk=role.pk).name == "承办人员"
    with pytest.raises(Conflict) as refused:
        services.role_delete(actor=secadmin, role=role, reason="不用了", expected_version=role.version)
    assert refused.value.code == "builtin_role_undeletable"


def test_built_in_administrator_role_keeps_its_own_permission(secadmin):
    """SEC-8: without roles.manage nobody could manage roles any more."""
    role = builtin_role("security_admin")
    with pytest.raises(RuleViolated) as refused:
        services.role_update(
            actor=secadmin, role=role, expected_version=role.version, permissions=["org.view"]
        )
    assert refused.value.rule == "SEC-8"


def test_custom_role_in_use_is_not_removed_and_unused_one_is(secadmin, body):
    role = services.role_create(actor=secadmin, code="reviewer2", name="复核人", permissions=["org.view"])
    assignment = services.role_assignment_create(
        actor=secadmin, user=UserFactory(), role=role, unit=body, data_scope=DataScope.OWN_BODY
    )
    with pytest.raises(Conflict):
        services.role_delete(actor=secadmin, role=role, reason="停用", expected_version=role.version)
    services.role_assignment_revoke(actor=secadmin, assignment=assignment, reason="调整", expected_version=1)
    services.role_delete(actor=secadmin, role=role, reason="停用", expected_version=role.version)
    assert Role.all_objects.get(pk=role.pk).deleted_at is not None


def test_system_administrator_cannot_manage_roles(sysadmin):
    """SEC-6 names the refusal: administrators keep to their own job."""
    with pytest.raises(NotPermitted) as refused:
        services.role_create(actor=sysadmin, code="x", name="X")
    assert refused.value.rule == "SEC-6"


# --- Role assignments (三员分立) --------------------------------------------------------------------


def test_account_never_holds_two_administrator_roles(secadmin, sysadmin, body):
    """SEC-1: refused by the service with a clear message, before the database constraint."""
    with pytest.raises(RuleViolated) as refused:
        services.role_assignment_create(
            actor=secadmin,
            user=sysadmin,
            role=builtin_role("audit_admin"),
            unit=body,
            data_scope=DataScope.ALL,
        )
    assert (refused.value.rule, refused.value.code) == ("SEC-1", "second_admin_role")
    assert "三员分立" in str(refused.value.message)


def test_administrator_account_gets_no_business_role(secadmin, sysadmin, body):
    """SEC-6: administrators read no business data."""
    with pytest.raises(RuleViolated) as refused:
        services.role_assignment_create(
            actor=secadmin,
            user=sysadmin,
            role=builtin_role("clerk"),
            unit=body,
            data_scope=DataScope.OWN_BODY,
        )
    assert (refused.value.rule, refused.value.code) == ("SEC-6", "admin_with_business_role")


def test_business_account_gets_no_administrator_role(secadmin, clerk, body):
    """SEC-6: nor does a clerk become an administrator."""
    with pytest.raises(RuleViolated) as refused:
        services.role_assignment_create(
            actor=secadmin, user=clerk, role=builtin_role("audit_admin"), unit=body, data_scope=DataScope.ALL
        )
    assert (refused.value.rule, refused.value.code) == ("SEC-6", "business_with_admin_role")


def test_nobody_grants_roles_to_their_own_account(secadmin, body):
    """SEC-1: a security administrator cannot widen their own powers."""
    with pytest.raises(RuleViolated) as refused:
        services.role_assignment_create(
            actor=secadmin,
            user=secadmin,
            role=builtin_role("clerk"),
            unit=body,
            data_scope=DataScope.OWN_BODY,
        )
    assert (refused.value.rule, refused.value.code) == ("SEC-1", "own_account")


def test_nobody_revokes_their_own_roles(secadmin):
    """SEC-1."""
    own = RoleAssignment.objects.get(user=secadmin)
    with pytest.raises(RuleViolated) as refused:
        services.role_assignment_revoke(
            actor=secadmin, assignment=own, reason="不干了", expected_version=own.version
        )
    assert refused.value.code == "own_account"


def test_last_audit_administrator_cannot_be_revoked(secadmin, auditor):
    """SEC-8: without an audit administrator nobody could read the audit trail."""
    assignment = RoleAssignment.objects.get(user=auditor)
    with pytest.raises(RuleViolated) as refused:
        services.role_assignment_revoke(
            actor=secadmin, assignment=assignment, reason="调岗", expected_version=1
        )
    assert refused.value.rule == "SEC-8"


def test_administrator_role_revoked_when_another_holds_it(secadmin, auditor, body):
    other = UserFactory(username="auditor2")
    services.role_assignment_create(
        actor=secadmin, user=other, role=builtin_role("audit_admin"), unit=body, data_scope=DataScope.ALL
    )
    assignment = RoleAssignment.objects.get(user=auditor)
    services.role_assignment_revoke(actor=secadmin, assignment=assignment, reason="调岗", expected_version=1)
    assert RoleAssignment.all_objects.get(pk=assignment.pk).delete_reason == "调岗"
    assert not User.objects.get(pk=auditor.pk).has_perm("audit.view")


def test_security_administrator_grants_a_business_role_with_scope(secadmin, department):
    user = UserFactory()
    assignment = services.role_assignment_create(
        actor=secadmin,
        user=user,
        role=builtin_role("clerk"),
        unit=department,
        data_scope=DataScope.OWN_DEPARTMENT,
    )
    assert assignment.admin_kind == ""
    assert User.objects.get(pk=user.pk).has_perm("org.view", department)
    assert last_audit("org.role_assign").object_id == str(assignment.pk)


def test_same_role_twice_over_a_unit_is_a_conflict(secadmin, clerk, department):
    with pytest.raises(Conflict):
        services.role_assignment_create(
            actor=secadmin,
            user=clerk,
            role=builtin_role("clerk"),
            unit=department,
            data_scope=DataScope.OWN_BODY,
        )


def test_grant_outside_the_security_administrators_scope_is_not_found(body, other_body):
    """SEC-7: a security administrator of one body cannot grant over another."""
    local_secadmin = account_with_role(
        "security_admin", unit=body, scope=DataScope.OWN_BODY, username="sec-b"
    )
    with pytest.raises(NotFound):
        services.role_assignment_create(
            actor=local_secadmin,
            user=UserFactory(),
            role=builtin_role("clerk"),
            unit=other_body,
            data_scope="body",
        )


# --- Accounts -------------------------------------------------------------------------------------


def test_new_account_must_change_its_first_password(sysadmin, department):
    """SEC-5."""
    person = PersonFactory(unit=department)
    user = services.account_create(
        actor=sysadmin, username="zhang.san", full_name="张三", password="Chang#2026pw", person=person
    )
    assert user.must_change_password
    assert user.check_password("Chang#2026pw")
    assert Person.objects.get(pk=person.pk).user_id == user.pk
    record = last_audit("org.account_create")
    assert "password" not in record.data["after"]


def test_first_password_must_pass_the_policy(sysadmin):
    """SEC-4."""
    with pytest.raises(InvalidInput) as refused:
        services.account_create(actor=sysadmin, username="li.si", full_name="李四", password="password")
    assert refused.value.field == "password"
    assert not User.objects.filter(username="li.si").exists()


def test_password_must_not_contain_the_user_name(sysadmin):
    with pytest.raises(InvalidInput):
        services.account_create(actor=sysadmin, username="wangwu", full_name="王五", password="Wangwu#2026")


def test_only_the_system_skips_the_forced_change(sysadmin):
    with pytest.raises(ValueError, match="SEC-5"):
        services.account_create(
            actor=sysadmin, username="x1", full_name="X", password=TEST_PASSWORD, must_change_password=False
        )


def test_user_names_are_unique_ignoring_case(sysadmin, clerk):
    with pytest.raises(Conflict) as refused:
        services.account_create(actor=sysadmin, username="CLERK", full_name="重名", password=TEST_PASSWORD)
    assert refused.value.field == "username"


def test_disable_and_enable_record_the_reason(sysadmin, clerk):
    services.account_disable(actor=sysadmin, user=clerk, reason="离职", expected_version=clerk.version)
    assert not User.objects.get(pk=clerk.pk).is_active
    assert last_audit("org.account_disable").data["note"] == "离职"
    clerk.refresh_from_db()
    services.account_enable(actor=sysadmin, user=clerk, reason="返聘", expected_version=clerk.version)
    assert User.objects.get(pk=clerk.pk).is_active


def test_disabling_needs_a_reason(sysadmin, clerk):
    with pytest.raises(InvalidInput) as refused:
        services.account_disable(actor=sysadmin, user=clerk, reason="", expected_version=clerk.version)
    assert refused.value.field == "reason"


def test_nobody_disables_their_own_account(sysadmin):
    with pytest.raises(RuleViolated) as refused:
        services.account_disable(
            actor=sysadmin, user=sysadmin, reason="测试", expected_version=sysadmin.version
        )
    assert refused.value.code == "own_account"


def test_last_security_administrator_cannot_be_disabled(sysadmin, secadmin):
    """SEC-8."""
    with pytest.raises(RuleViolated) as refused:
        services.account_disable(
            actor=sysadmin, user=secadmin, reason="离职", expected_version=secadmin.version
        )
    assert refused.value.rule == "SEC-8"
    assert User.objects.get(pk=secadmin.pk).is_active


def test_reset_password_forces_a_change(sysadmin, clerk):
    """SEC-5: after a reset the holder must change the password again."""
    services.account_reset_password(
        actor=sysadmin, user=clerk, new_password="Temp#Pass2026", expected_version=clerk.version
    )
    clerk.refresh_from_db()
    assert clerk.must_change_password
    assert clerk.check_password("Temp#Pass2026")


def test_reset_password_checks_the_policy(sysadmin, clerk):
    with pytest.raises(InvalidInput) as refused:
        services.account_reset_password(
            actor=sysadmin, user=clerk, new_password="short", expected_version=clerk.version
        )
    assert refused.value.field == "new_password"


def test_system_administrator_cannot_reset_another_administrators_password(sysadmin, auditor):
    """SEC-1: or they could act as the audit administrator too."""
    with pytest.raises(RuleViolated) as refused:
        services.account_reset_password(
            actor=sysadmin, user=auditor, new_password="Temp#Pass2026", expected_version=auditor.version
        )
    assert refused.value.rule == "SEC-1"


def test_unlock_lifts_a_lock_out(sysadmin, clerk):
    User.objects.filter(pk=clerk.pk).update(
        locked_until=clock.now() + dt.timedelta(minutes=10), failed_login_count=5
    )
    clerk.refresh_from_db()
    services.account_unlock(actor=sysadmin, user=clerk, expected_version=clerk.version)
    clerk.refresh_from_db()
    assert (clerk.locked_until, clerk.failed_login_count) == (None, 0)
    with pytest.raises(Conflict):
        services.account_unlock(actor=sysadmin, user=clerk, expected_version=clerk.version)


def test_account_edit_with_stale_version_is_a_conflict(sysadmin, clerk):
    read = clerk.version
    services.account_update(actor=sysadmin, user=clerk, expected_version=read, phone="13800000000")
    with pytest.raises(Conflict):
        services.account_update(actor=sysadmin, user=clerk, expected_version=read, phone="13900000000")
    assert User.objects.get(pk=clerk.pk).phone == "13800000000"


def test_link_person_moves_the_link(sysadmin, department):
    first, second = PersonFactory(unit=department), PersonFactory(unit=department)
    user = UserFactory()
    services.account_link_person(actor=sysadmin, user=user, person=first, expected_version=user.version)
    user.refresh_from_db()
    services.account_link_person(actor=sysadmin, user=user, person=second, expected_version=user.version)
    assert Person.objects.get(pk=first.pk).user_id is None
    assert Person.objects.get(pk=second.pk).user_id == user.pk


def test_a_person_has_one_account(sysadmin, department):
    person = PersonFactory(unit=department, user=UserFactory())
    other = UserFactory()
    with pytest.raises(Conflict) as refused:
        services.account_link_person(
            actor=sysadmin, user=other, person=person, expected_version=other.version
        )
    assert refused.value.field == "person"


def test_account_outside_the_administrators_scope_is_not_found(body_sysadmin, other_body):
    """SEC-7: the account of someone in another body."""
    outsider = account_with_role("clerk", unit=DepartmentFactory(parent=other_body), username="outsider")
    with pytest.raises(NotFound):
        services.account_update(
            actor=body_sysadmin, user=outsider, expected_version=outsider.version, phone="1"
        )


def test_departments_scope_follows_a_moved_subtree(sysadmin, body, other_body, department, clerk):
    """A role over a department follows the department when it moves to another body."""
    services.unit_move(
        actor=sysadmin, unit=department, parent=other_body, expected_version=department.version
    )
    fresh = User.objects.get(pk=clerk.pk)
    assert fresh.has_perm("org.view", Unit.objects.get(pk=department.pk))
    assert not fresh.has_perm("org.view", body)
