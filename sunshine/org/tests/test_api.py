"""The org API's contract: shapes, pagination, filters, and every error mapped once (400 naming the
field, 403, 404 outside the scope, 409 on a stale version, 422 with the rule that refused)."""

from __future__ import annotations

import pytest
from django.test import Client

from sunshine.core.models import User
from sunshine.org.choices import DataScope, PortfolioArea, PostKind
from sunshine.org.models import Person, Portfolio, RoleAssignment, Unit
from sunshine.org.tests.factories import (
    DepartmentFactory,
    PersonFactory,
    PostFactory,
    account_with_role,
    builtin_role,
    principal,
)

pytestmark = pytest.mark.django_db
API = "/api/v1/org"


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def admin_api(sysadmin):
    return client_for(sysadmin)


def test_unit_list_is_paginated_and_filtered(admin_api, body, department, other_department):
    response = admin_api.get(f"{API}/units", {"limit": 2, "parent": body.pk})
    assert response.status_code == 200
    data = response.json()
    assert data["count"] == 2
    assert [u["code"] for u in data["results"]] == [department.code, other_department.code]
    assert set(data["results"][0]) >= {"id", "name", "kind", "parent", "body", "path", "version"}


def test_unit_create_returns_201(admin_api, body):
    response = admin_api.post(
        f"{API}/units",
        {"name": "法规股", "kind": "department", "code": "FG", "parent": body.pk},
        "application/json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["body"] == body.pk


def test_missing_field_is_a_400_naming_it(admin_api, body):
    response = admin_api.post(
        f"{API}/units", {"kind": "department", "code": "FG", "parent": body.pk}, "application/json"
    )
    assert response.status_code == 400
    assert response.json()["field"] == "name"


def test_bad_choice_and_huge_id_are_400_not_500(admin_api):
    response = admin_api.post(
        f"{API}/units", {"name": "X", "kind": "ministry", "code": "X", "parent": 10**30}, "application/json"
    )
    assert response.status_code == 400
    assert {e["field"] for e in response.json()["errors"]} == {"kind", "parent"}


def test_malformed_json_is_a_400(admin_api):
    response = admin_api.post(f"{API}/units", "{not json", "application/json")
    assert response.status_code == 400


def test_rule_of_the_tree_is_a_400_naming_parent(admin_api):
    response = admin_api.post(
        f"{API}/units", {"name": "办公室", "kind": "department", "code": "B"}, "application/json"
    )
    assert response.status_code == 400
    assert (response.json()["code"], response.json()["field"]) == ("department_without_body", "parent")


def test_reader_gets_403_on_writes(clerk, department):
    response = client_for(clerk).post(
        f"{API}/units",
        {"name": "X", "kind": "section", "code": "X", "parent": department.pk},
        "application/json",
    )
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"


def test_unit_outside_scope_is_404(clerk, body):
    """SEC-7."""
    response = client_for(clerk).get(f"{API}/units/{body.pk}")
    assert response.status_code == 404


def test_parent_outside_scope_is_400_on_that_field(body, other_body):
    local = client_for(
        account_with_role("system_admin", unit=body, scope=DataScope.OWN_BODY, username="local")
    )
    response = local.post(
        f"{API}/units",
        {"name": "X", "kind": "department", "code": "X", "parent": other_body.pk},
        "application/json",
    )
    assert response.status_code == 400
    assert response.json()["field"] == "parent"


def test_stale_version_is_409(admin_api, department):
    url = f"{API}/units/{department.pk}"
    assert admin_api.patch(url, {"version": 1, "name": "一股"}, "application/json").status_code == 200
    response = admin_api.patch(url, {"version": 1, "name": "二股"}, "application/json")
    assert response.status_code == 409
    assert response.json()["rule"]["id"] == "AUD-3"
    assert Unit.objects.get(pk=department.pk).name == "一股"


def test_edit_without_version_is_a_400(admin_api, department):
    response = admin_api.patch(f"{API}/units/{department.pk}", {"name": "一股"}, "application/json")
    assert response.status_code == 400
    assert response.json()["field"] == "version"


def test_delete_takes_a_reason_and_keeps_the_row(admin_api, other_department):
    url = f"{API}/units/{other_department.pk}"
    assert admin_api.delete(url, {"version": 1}, "application/json").json()["field"] == "reason"
    assert admin_api.delete(url, {"version": 1, "reason": "撤并"}, "application/json").status_code == 204
    assert Unit.all_objects.get(pk=other_department.pk).delete_reason == "撤并"
    assert admin_api.get(url).status_code == 404


def test_move_endpoint(admin_api, other_body, department):
    response = admin_api.post(
        f"{API}/units/{department.pk}/move", {"version": 1, "parent": other_body.pk}, "application/json"
    )
    assert response.status_code == 200
    assert response.json()["body"] == other_body.pk


def test_principal_finance_portfolio_is_422_with_dec_72(admin_api, body):
    """DEC-72 through the API: the rule's id, title and source come back."""
    chief = principal(body)
    response = admin_api.post(
        f"{API}/portfolios",
        {"body": body.pk, "leader": chief.pk, "area": PortfolioArea.FINANCE},
        "application/json",
    )
    assert response.status_code == 422
    body_json = response.json()
    assert body_json["code"] == "principal_barred_portfolio"
    assert body_json["field"] == "area"
    assert body_json["message"] == "主要负责人不得直接分管财务（五个不直接分管）"
    assert body_json["rule"]["id"] == "DEC-72"
    assert "五个不直接分管" in body_json["rule"]["title"]
    assert body_json["rule"]["source"]


def test_portfolio_create_update_and_end(admin_api, body, department):
    deputy = PersonFactory(unit=body)
    created = admin_api.post(
        f"{API}/portfolios",
        {"body": body.pk, "leader": deputy.pk, "area": "finance", "departments": [department.pk]},
        "application/json",
    )
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    updated = admin_api.patch(f"{API}/portfolios/{pk}", {"version": 1, "departments": []}, "application/json")
    assert updated.json()["departments"] == []
    ended = admin_api.post(f"{API}/portfolios/{pk}/end", {"version": 2}, "application/json")
    assert ended.json()["end_date"] is not None
    assert admin_api.get(f"{API}/portfolios", {"current": "true"}).json()["count"] == 0
    assert Portfolio.objects.get(pk=pk).end_date is not None


def test_holding_to_principal_post_for_finance_leader_is_422(admin_api, body):
    deputy = PersonFactory(unit=body)
    Portfolio.objects.create(body=body, leader=deputy, area=PortfolioArea.FINANCE)
    post = PostFactory(unit=body, kind=PostKind.PRINCIPAL)
    response = admin_api.post(f"{API}/holdings", {"person": deputy.pk, "post": post.pk}, "application/json")
    assert response.status_code == 422
    assert response.json()["rule"]["id"] == "DEC-72"


def test_people_list_with_filters(admin_api, body, department):
    PersonFactory(unit=department, name="张承办")
    PersonFactory(unit=body, name="李局长")
    response = admin_api.get(f"{API}/people", {"unit": department.pk})
    assert [p["name"] for p in response.json()["results"]] == ["张承办"]
    response = admin_api.get(f"{API}/people", {"name": "局长"})
    assert [p["name"] for p in response.json()["results"]] == ["李局长"]


def test_bad_filter_is_400_naming_it(admin_api):
    response = admin_api.get(f"{API}/people", {"unit": 999999})
    assert response.status_code == 400
    assert response.json()["field"] == "unit"
    assert admin_api.get(f"{API}/people", {"post_kind": "king"}).json()["field"] == "post_kind"


def test_person_endpoints(admin_api, department, other_department):
    created = admin_api.post(
        f"{API}/people", {"unit": department.pk, "name": "王五", "gender": "male"}, "application/json"
    )
    assert created.status_code == 201
    pk = created.json()["id"]
    assert created.json()["is_principal"] is False
    moved = admin_api.post(
        f"{API}/people/{pk}/move", {"version": 1, "unit": other_department.pk}, "application/json"
    )
    assert moved.json()["unit"] == other_department.pk
    bad = admin_api.patch(f"{API}/people/{pk}", {"version": 2, "email": "x"}, "application/json")
    assert (bad.status_code, bad.json()["field"]) == (400, "email")
    assert (
        admin_api.delete(
            f"{API}/people/{pk}", {"version": 2, "reason": "调离"}, "application/json"
        ).status_code
        == 204
    )
    assert Person.all_objects.get(pk=pk).deleted_at is not None


def test_post_endpoints_show_holders(admin_api, department):
    post = admin_api.post(
        f"{API}/posts", {"unit": department.pk, "name": "审核人", "kind": "reviewer"}, "application/json"
    )
    assert post.status_code == 201
    person = PersonFactory(unit=department, name="高峰")
    holding = admin_api.post(
        f"{API}/holdings", {"person": person.pk, "post": post.json()["id"]}, "application/json"
    )
    assert holding.status_code == 201
    detail = admin_api.get(f"{API}/posts/{post.json()['id']}").json()
    assert [h["name"] for h in detail["holders"]] == ["高峰"]
    ended = admin_api.post(f"{API}/holdings/{holding.json()['id']}/end", {"version": 1}, "application/json")
    assert ended.json()["end_date"] is not None


def test_second_administrator_role_is_422_with_sec_1(secadmin, sysadmin, body):
    response = client_for(secadmin).post(
        f"{API}/role-assignments",
        {"user": sysadmin.pk, "role": builtin_role("audit_admin").pk, "unit": body.pk, "data_scope": "all"},
        "application/json",
    )
    assert response.status_code == 422
    assert response.json()["rule"]["id"] == "SEC-1"
    assert RoleAssignment.objects.filter(user=sysadmin).count() == 1


def test_security_administrator_grants_and_revokes(secadmin, department):
    user = User.objects.create_user("newbie", "Newbie#2026x", full_name="新人")
    api = client_for(secadmin)
    created = api.post(
        f"{API}/role-assignments",
        {
            "user": user.pk,
            "role": builtin_role("clerk").pk,
            "unit": department.pk,
            "data_scope": "department",
        },
        "application/json",
    )
    assert created.status_code == 201, created.json()
    listed = api.get(f"{API}/role-assignments", {"user": user.pk}).json()
    assert [a["role_code"] for a in listed["results"]] == ["clerk"]
    revoked = api.post(
        f"{API}/role-assignments/{created.json()['id']}/revoke",
        {"version": 1, "reason": "调岗"},
        "application/json",
    )
    assert revoked.status_code == 200
    assert not RoleAssignment.objects.filter(user=user).exists()


def test_roles_api_limits_permissions_by_kind(secadmin):
    api = client_for(secadmin)
    response = api.post(
        f"{API}/roles",
        {"code": "mixed", "name": "混合", "permissions": ["org.view", "accounts.manage"]},
        "application/json",
    )
    assert response.status_code == 422
    assert response.json()["rule"]["id"] == "SEC-6"
    created = api.post(
        f"{API}/roles", {"code": "viewer", "name": "查看员", "permissions": ["org.view"]}, "application/json"
    )
    assert created.status_code == 201
    assert api.get(f"{API}/roles", {"kind": "business"}).json()["count"] >= 8


def test_system_administrator_cannot_use_roles_api(admin_api):
    response = admin_api.get(f"{API}/roles")
    assert response.status_code == 403
    assert response.json()["rule"]["id"] == "SEC-6"


def test_account_lifecycle(admin_api, department):
    person = PersonFactory(unit=department, name="赵六")
    created = admin_api.post(
        f"{API}/accounts",
        {"username": "zhao.liu", "full_name": "赵六", "password": "Zl#20262026", "person": person.pk},
        "application/json",
    )
    assert created.status_code == 201, created.json()
    account = created.json()
    assert (account["must_change_password"], account["status"], account["person"]) == (
        True,
        "active",
        person.pk,
    )
    url = f"{API}/accounts/{account['id']}"
    disabled = admin_api.post(f"{url}/disable", {"version": 1, "reason": "离职"}, "application/json")
    assert disabled.json()["status"] == "disabled"
    weak = admin_api.post(f"{url}/reset-password", {"version": 2, "new_password": "abc"}, "application/json")
    assert (weak.status_code, weak.json()["field"]) == (400, "new_password")
    not_locked = admin_api.post(f"{url}/unlock", {"version": 2}, "application/json")
    assert not_locked.status_code == 409
    listed = admin_api.get(f"{API}/accounts", {"status": "disabled"}).json()
    assert [a["username"] for a in listed["results"]] == ["zhao.liu"]


def test_weak_first_password_is_400_on_password(admin_api):
    response = admin_api.post(
        f"{API}/accounts", {"username": "u1", "full_name": "U", "password": "12345678"}, "application/json"
    )
    assert (response.status_code, response.json()["field"]) == (400, "password")


def test_clerk_gets_403_on_accounts(clerk):
    assert client_for(clerk).get(f"{API}/accounts").status_code == 403


def test_anonymous_gets_401(department):
    assert Client().get(f"{API}/units").status_code == 401


def test_account_detail_outside_scope_is_404(body, other_body):
    local = account_with_role("system_admin", unit=body, scope=DataScope.OWN_BODY, username="local")
    outsider = account_with_role("clerk", unit=DepartmentFactory(parent=other_body), username="outsider")
    assert client_for(local).get(f"{API}/accounts/{outsider.pk}").status_code == 404


def test_openapi_schema_describes_the_org_endpoints():
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    for path in [
        "units",
        "posts",
        "people",
        "holdings",
        "portfolios",
        "roles",
        "role-assignments",
        "accounts",
    ]:
        assert f"/api/v1/org/{path}" in paths
    portfolio_post = paths["/api/v1/org/portfolios"]["post"]
    assert {"201", "400", "403", "404", "409", "422"} <= set(portfolio_post["responses"])
    people_params = {p["name"] for p in paths["/api/v1/org/people"]["get"]["parameters"]}
    assert {"unit", "name", "post_kind", "limit", "offset"} <= people_params
