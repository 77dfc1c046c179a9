"""Each constraint of the org models refuses bad rows even when the services are bypassed
(imports, the shell, races): STYLE §3."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from sunshine.core import clock
from sunshine.org.choices import DataScope, PortfolioArea, RoleKind, UnitKind
from sunshine.org.models import Person, Portfolio, Post, PostHolding, Role, RoleAssignment, Unit
from sunshine.org.tests.factories import (
    PersonFactory,
    PortfolioFactory,
    PostFactory,
    PostHoldingFactory,
    UserFactory,
    builtin_role,
)

pytestmark = pytest.mark.django_db


def refused(create):
    with pytest.raises(IntegrityError), transaction.atomic():
        create()


def test_unit_kind_must_be_known():
    refused(lambda: Unit.objects.create(name="X", code="X", kind="ministry"))


def test_department_needs_a_parent():
    refused(lambda: Unit.objects.create(name="办公室", code="X", kind=UnitKind.DEPARTMENT))


def test_unit_code_is_unique_among_live_units(body):
    refused(lambda: Unit.objects.create(name="另一个", code=body.code, kind=UnitKind.BODY))


def test_unit_code_is_free_again_after_soft_delete(body):
    Unit.objects.filter(pk=body.pk).update(deleted_at=clock.now())
    assert Unit.objects.create(name="新单位", code=body.code, kind=UnitKind.BODY).pk


def test_post_kind_must_be_known(department):
    refused(lambda: Post.objects.create(unit=department, name="岗", kind="boss"))


def test_post_name_is_unique_in_a_unit(department):
    PostFactory(unit=department, name="承办人")
    refused(lambda: Post.objects.create(unit=department, name="承办人"))


def test_a_person_holds_a_post_once_at_a_time(department):
    holding = PostHoldingFactory(post__unit=department, person__unit=department)
    refused(
        lambda: PostHolding.objects.create(
            person=holding.person, post=holding.post, start_date=dt.date(2025, 1, 1)
        )
    )


def test_an_ended_holding_allows_a_new_one(department):
    holding = PostHoldingFactory(start_date=dt.date(2020, 1, 1), end_date=dt.date(2021, 1, 1))
    again = PostHolding.objects.create(
        person=holding.person, post=holding.post, start_date=dt.date(2022, 1, 1)
    )
    assert again.pk != holding.pk


def test_holding_cannot_end_before_it_starts():
    holding = PostHoldingFactory(start_date=dt.date(2025, 5, 1))
    refused(lambda: PostHolding.objects.filter(pk=holding.pk).update(end_date=dt.date(2025, 4, 30)))


def test_portfolio_area_must_be_known(body):
    refused(lambda: PortfolioFactory(body=body, area="everything"))


def test_each_barred_area_has_one_current_leader_per_body(body):
    """DEC-67..DEC-71: a deputy is assigned to each area, one at a time."""
    PortfolioFactory(body=body, area=PortfolioArea.FINANCE)
    refused(lambda: PortfolioFactory(body=body, area=PortfolioArea.FINANCE))


def test_other_portfolios_may_repeat(body):
    PortfolioFactory(body=body, area=PortfolioArea.OTHER)
    assert PortfolioFactory(body=body, area=PortfolioArea.OTHER).pk


def test_an_ended_portfolio_frees_its_area(body):
    old = PortfolioFactory(body=body, area=PortfolioArea.FINANCE, start_date=dt.date(2020, 1, 1))
    Portfolio.objects.filter(pk=old.pk).update(end_date=dt.date(2021, 1, 1))
    assert PortfolioFactory(body=body, area=PortfolioArea.FINANCE).pk


def test_portfolio_cannot_end_before_it_starts(body):
    portfolio = PortfolioFactory(body=body, start_date=dt.date(2025, 5, 1))
    refused(lambda: Portfolio.objects.filter(pk=portfolio.pk).update(end_date=dt.date(2025, 1, 1)))


def test_role_kind_must_be_known():
    refused(lambda: Role.objects.create(code="x", name="X", kind="superuser"))


def test_role_code_is_unique():
    refused(lambda: Role.objects.create(code="clerk", name="另一个承办人"))


def test_assignment_scope_must_be_known(body):
    user = UserFactory()
    refused(
        lambda: RoleAssignment.objects.create(
            user=user, role=builtin_role("clerk"), unit=body, data_scope="world"
        )
    )


def test_assignment_admin_kind_must_be_an_administrator_kind(body):
    user = UserFactory()
    refused(
        lambda: RoleAssignment.objects.create(
            user=user,
            role=builtin_role("clerk"),
            unit=body,
            data_scope=DataScope.OWN_BODY,
            admin_kind="business",
        )
    )


def test_same_role_over_same_unit_once(body):
    user = UserFactory()
    RoleAssignment.objects.create(
        user=user, role=builtin_role("clerk"), unit=body, data_scope=DataScope.OWN_BODY
    )
    refused(
        lambda: RoleAssignment.objects.create(
            user=user, role=builtin_role("clerk"), unit=body, data_scope=DataScope.ALL
        )
    )


def test_database_refuses_a_second_administrator_role(body, sysadmin):
    """三员分立 (SEC-1), also in the database: org_roleassignment_one_admin_role."""
    refused(
        lambda: RoleAssignment.objects.create(
            user=sysadmin,
            role=builtin_role("security_admin"),
            unit=body,
            data_scope=DataScope.ALL,
            admin_kind=RoleKind.SECURITY_ADMIN,
        )
    )


def test_domain_rows_are_never_hard_deleted(department):
    person = PersonFactory(unit=department)
    with pytest.raises(TypeError):
        person.delete()
    with pytest.raises(TypeError):
        Person.objects.filter(pk=person.pk).delete()
    assert Person.objects.filter(pk=person.pk).exists()
