"""The org pages: who sees what (read-only for readers, 403 and 404), refusals on the form with their
依据, stale saves, htmx partials, and pinned query counts on the list pages."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from sunshine.core.models import User
from sunshine.org.choices import DataScope, PortfolioArea, PostKind
from sunshine.org.models import RoleAssignment, Unit
from sunshine.org.tests.factories import (
    PersonFactory,
    PortfolioFactory,
    PostHoldingFactory,
    UserFactory,
    account_with_role,
    builtin_role,
    principal,
)

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def text(response) -> str:
    return response.content.decode()


# --- Tree -----------------------------------------------------------------------------------------


def test_clerk_sees_the_tree_read_only(clerk, department):
    response = client_for(clerk).get(reverse("org:unit_list"))
    assert response.status_code == 200
    page = text(response)
    assert "安监一股" in page
    assert 'data-testid="unit-actions"' not in page
    assert 'data-testid="add-post"' not in page


def test_system_administrator_sees_the_actions(sysadmin, body, department):
    page = text(client_for(sysadmin).get(reverse("org:unit_detail", args=[body.pk])))
    assert 'data-testid="unit-actions"' in page
    assert 'data-testid="add-department"' in page
    assert 'data-testid="add-portfolio"' in page


def test_body_pane_marks_the_principal_leader(sysadmin, body):
    chief = principal(body, PersonFactory(unit=body, name="周建国"))
    PortfolioFactory(body=body, leader=chief, area=PortfolioArea.OTHER, title="主持全面工作")
    page = text(client_for(sysadmin).get(reverse("org:unit_detail", args=[body.pk])))
    assert 'data-testid="principal-leader"' in page
    assert "主持全面工作" in page
    assert page.count("主要负责人</span>") >= 2  # in the portfolios and in the people


def test_tree_pane_is_an_htmx_partial(sysadmin, department):
    response = client_for(sysadmin).get(reverse("org:unit_detail", args=[department.pk]), **HTMX)
    page = text(response)
    assert 'id="unit-pane"' in page
    assert "<html" not in page
    assert 'data-testid="org-tree"' not in page


def test_unit_outside_the_scope_is_404(clerk, body):
    assert client_for(clerk).get(reverse("org:unit_detail", args=[body.pk])).status_code == 404


def test_reader_cannot_open_the_edit_form(clerk, department):
    assert client_for(clerk).get(reverse("org:unit_edit", args=[department.pk])).status_code == 403


def test_anonymous_is_sent_to_log_in(department):
    response = Client().get(reverse("org:unit_list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_tree_page_query_count_is_pinned(sysadmin, body, department, django_assert_num_queries):
    def add_leader(n):
        holding = PostHoldingFactory(person=PersonFactory(unit=body), post__unit=body, post__name=f"岗{n}")
        PortfolioFactory(body=body, leader=holding.person, area=PortfolioArea.OTHER).departments.add(
            department
        )

    client = client_for(sysadmin)
    url = reverse("org:unit_detail", args=[body.pk])
    add_leader(0)
    client.get(url)
    with django_assert_num_queries(14):
        client.get(url)
    for n in range(1, 6):
        add_leader(n)
    with django_assert_num_queries(14):
        client.get(url)


# --- Forms ----------------------------------------------------------------------------------------


def test_system_administrator_creates_a_department(sysadmin, body):
    response = client_for(sysadmin).post(
        reverse("org:unit_create"), {"kind": "department", "parent": body.pk, "name": "法规股", "code": "FG"}
    )
    unit = Unit.objects.get(code="FG")
    assert response.status_code == 302
    assert response["Location"] == reverse("org:unit_detail", args=[unit.pk])
    assert unit.parent_id == body.pk


def test_refusal_shows_the_rule_as_basis(sysadmin, body):
    """DEC-72 on the page: the message and 依据 DEC-72 with its source."""
    chief = principal(body, PersonFactory(unit=body, name="周建国"))
    response = client_for(sysadmin).post(
        reverse("org:portfolio_create", args=[body.pk]), {"leader": chief.pk, "area": PortfolioArea.FINANCE}
    )
    assert response.status_code == 422
    page = text(response)
    assert "主要负责人不得直接分管财务（五个不直接分管）" in page
    assert 'data-testid="rule-basis"' in page
    assert "DEC-72" in page


def test_stale_save_says_someone_else_changed_it(sysadmin, department):
    client = client_for(sysadmin)
    url = reverse("org:unit_edit", args=[department.pk])
    form = {"version": 1, "name": "安监一股", "code": department.code, "sort_order": 0}
    assert client.post(url, {**form, "name": "一股"}).status_code == 302
    response = client.post(url, {**form, "name": "二股"})
    assert response.status_code == 409
    assert "已被他人修改" in text(response)
    assert Unit.objects.get(pk=department.pk).name == "一股"


def test_edit_form_carries_the_version(sysadmin, department):
    page = text(client_for(sysadmin).get(reverse("org:unit_edit", args=[department.pk])))
    assert 'type="hidden" name="version" value="1"' in page


def test_htmx_form_error_swaps_the_form_only(sysadmin, body):
    response = client_for(sysadmin).post(
        reverse("org:unit_create"), {"kind": "department", "name": "", "code": "X", "parent": body.pk}, **HTMX
    )
    assert response.status_code == 422
    page = text(response)
    assert 'id="form-card"' in page
    assert "<html" not in page


def test_htmx_form_success_redirects(sysadmin, body):
    response = client_for(sysadmin).post(
        reverse("org:post_create", args=[body.pk]), {"name": "局长", "kind": PostKind.PRINCIPAL}, **HTMX
    )
    assert response.status_code == 200
    assert response["HX-Redirect"] == reverse("org:unit_detail", args=[body.pk])


def test_appointing_the_finance_leader_principal_is_refused_on_the_page(sysadmin, body):
    deputy = PersonFactory(unit=body, name="陈立新")
    PortfolioFactory(body=body, leader=deputy, area=PortfolioArea.FINANCE)
    post = principal(body).holdings.get().post
    post.holdings.update(end_date="2025-01-01")
    response = client_for(sysadmin).post(reverse("org:post_assign", args=[post.pk]), {"person": deputy.pk})
    assert response.status_code == 422
    assert "陈立新现分管财务" in text(response)
    assert "DEC-72" in text(response)


# --- People ---------------------------------------------------------------------------------------


def test_people_list_query_count_is_pinned(sysadmin, department, django_assert_num_queries):
    client = client_for(sysadmin)
    url = reverse("org:person_list")
    PostHoldingFactory(person=PersonFactory(unit=department), post__unit=department)
    client.get(url)
    with django_assert_num_queries(8):
        client.get(url)
    for _n in range(10):
        PostHoldingFactory(person=PersonFactory(unit=department), post__unit=department)
    with django_assert_num_queries(8):
        client.get(url)


def test_people_filter_answers_htmx_with_rows(sysadmin, department):
    PersonFactory(unit=department, name="张承办")
    PersonFactory(unit=department, name="李审核")
    response = client_for(sysadmin).get(reverse("org:person_list"), {"name": "承办"}, **HTMX)
    page = text(response)
    assert 'id="person-rows"' in page
    assert "张承办" in page
    assert "李审核" not in page
    assert "<html" not in page


def test_person_page_is_read_only_for_readers(clerk, department):
    person = PersonFactory(unit=department)
    page = text(client_for(clerk).get(reverse("org:person_detail", args=[person.pk])))
    assert reverse("org:person_edit", args=[person.pk]) not in page


# --- Accounts and roles ---------------------------------------------------------------------------


def test_account_list_query_count_is_pinned(
    sysadmin, secadmin, auditor, department, django_assert_num_queries
):
    client = client_for(sysadmin)
    url = reverse("org:account_list")
    client.get(url)
    with django_assert_num_queries(7):
        client.get(url)
    for n in range(8):
        account_with_role("clerk", unit=department, scope=DataScope.OWN_DEPARTMENT, username=f"c{n}")
    with django_assert_num_queries(7):
        client.get(url)


def test_account_list_filters_by_status(sysadmin, clerk, leader):
    User.objects.filter(pk=clerk.pk).update(is_active=False)
    page = text(client_for(sysadmin).get(reverse("org:account_list"), {"status": "disabled"}, **HTMX))
    assert "clerk" in page
    assert ">leader<" not in page


def test_clerk_cannot_open_accounts(clerk):
    assert client_for(clerk).get(reverse("org:account_list")).status_code == 403


def test_system_administrator_creates_an_account_that_must_change_password(sysadmin):
    response = client_for(sysadmin).post(
        reverse("org:account_create"),
        {"username": "wang.wu", "full_name": "王五", "password": "Ww#2026abcd", "password2": "Ww#2026abcd"},
    )
    assert response.status_code == 302
    assert User.objects.get(username="wang.wu").must_change_password


def test_weak_first_password_is_shown_on_its_field(sysadmin):
    response = client_for(sysadmin).post(
        reverse("org:account_create"),
        {"username": "wang.wu", "full_name": "王五", "password": "abc", "password2": "abc"},
    )
    assert response.status_code == 422
    assert 'data-testid="error-password"' in text(response)


def test_security_administrator_sees_the_grant_form_and_the_system_administrator_does_not(
    sysadmin, secadmin, clerk
):
    url = reverse("org:account_detail", args=[clerk.pk])
    assert 'data-testid="grant-form"' in text(client_for(secadmin).get(url))
    assert 'data-testid="grant-form"' not in text(client_for(sysadmin).get(url))


def test_security_administrator_grants_a_role_on_the_account_page(secadmin, department):
    user = UserFactory()
    response = client_for(secadmin).post(
        reverse("org:assignment_create", args=[user.pk]),
        {"role": builtin_role("clerk").pk, "unit": department.pk, "data_scope": DataScope.OWN_DEPARTMENT},
    )
    assert response.status_code == 302
    assert RoleAssignment.objects.filter(user=user, role__code="clerk").exists()


def test_second_administrator_role_is_refused_with_sec_1(secadmin, sysadmin, body):
    response = client_for(secadmin).post(
        reverse("org:assignment_create", args=[sysadmin.pk]),
        {"role": builtin_role("audit_admin").pk, "unit": body.pk, "data_scope": DataScope.ALL},
    )
    assert response.status_code == 422
    assert "SEC-1" in text(response)
    assert "三员分立" in text(response)


def test_disabling_the_last_security_administrator_is_refused_with_sec_8(sysadmin, secadmin):
    response = client_for(sysadmin).post(
        reverse("org:account_disable", args=[secadmin.pk]), {"version": secadmin.version, "reason": "离职"}
    )
    assert response.status_code == 422
    assert "SEC-8" in text(response)


def test_reset_password_needs_both_entries_to_match(sysadmin, clerk):
    response = client_for(sysadmin).post(
        reverse("org:account_reset_password", args=[clerk.pk]),
        {"version": clerk.version, "new_password": "Temp#Pass2026", "password2": "Temp#Pass2027"},
    )
    assert response.status_code == 422
    assert 'data-testid="error-password2"' in text(response)


def test_role_list_query_count_is_pinned(secadmin, django_assert_num_queries):
    client = client_for(secadmin)
    client.get(reverse("org:role_list"))
    with django_assert_num_queries(5):
        response = client.get(reverse("org:role_list"))
    assert "承办人" in text(response)


def test_role_edit_offers_only_the_permissions_of_its_kind(secadmin):
    page = text(client_for(secadmin).get(reverse("org:role_edit", args=[builtin_role("clerk").pk])))
    assert 'value="org.view"' in page
    assert 'value="accounts.manage"' not in page
    page = text(client_for(secadmin).get(reverse("org:role_edit", args=[builtin_role("audit_admin").pk])))
    assert 'value="audit.view"' in page
    assert 'value="roles.manage"' not in page


def test_roles_are_the_security_administrators(sysadmin):
    assert client_for(sysadmin).get(reverse("org:role_list")).status_code == 403


def test_navigation_shows_each_administrator_their_pages(sysadmin, secadmin, clerk):
    assert reverse("org:account_list") in text(client_for(sysadmin).get(reverse("org:unit_list")))
    assert reverse("org:role_list") in text(client_for(secadmin).get(reverse("org:unit_list")))
    clerk_page = text(client_for(clerk).get(reverse("org:unit_list")))
    assert reverse("org:account_list") not in clerk_page
    assert reverse("org:role_list") not in clerk_page


def test_refusal_naming_a_field_stays_on_the_form(body_sysadmin):
    """SEC-7: a body's administrator cannot set up a top-level body; said beside the parent field."""
    response = client_for(body_sysadmin).post(
        reverse("org:unit_create"), {"kind": "body", "name": "新单位", "code": "NEW"}
    )
    assert response.status_code == 422
    assert 'data-testid="error-parent"' in text(response)
    assert not Unit.objects.filter(code="NEW").exists()


def test_parent_outside_the_scope_is_shown_without_a_link(clerk, department, body):
    page = text(client_for(clerk).get(reverse("org:unit_detail", args=[department.pk])))
    assert body.name in page
    assert reverse("org:unit_detail", args=[body.pk]) not in page
