"""The organisation pages in the browser: the system administrator sets up a department and a
person, the 五个不直接分管 refusal shows its 依据, the security administrator grants a role, and a
clerk reads the tree without edit controls."""

from __future__ import annotations

from playwright.sync_api import expect

from sunshine.core.models import User
from sunshine.org.choices import PortfolioArea
from sunshine.org.models import Person, RoleAssignment, Unit
from sunshine.org.tests.factories import PersonFactory, UserFactory, principal


def test_system_administrator_creates_a_department_and_a_person(page, login, sysadmin, body):
    login(sysadmin)
    page.get_by_role("link", name="组织机构").first.click()
    expect(page.get_by_test_id("unit-name")).to_contain_text(body.name)
    page.get_by_test_id("add-department").click()
    page.get_by_label("名称", exact=True).fill("法规股")
    page.get_by_label("机构代码").fill("BODY-1-FG")
    page.get_by_role("button", name="新增").click()
    expect(page.get_by_test_id("unit-name")).to_contain_text("法规股")
    expect(page.get_by_test_id("org-tree")).to_contain_text("法规股")

    page.get_by_test_id("add-person").click()
    page.get_by_label("姓名").fill("赵法规")
    page.get_by_label("职务").fill("股长")
    page.get_by_role("button", name="新增").click()
    expect(page.get_by_test_id("person-name")).to_contain_text("赵法规")
    person = Person.objects.get(name="赵法规")
    assert person.unit == Unit.objects.get(code="BODY-1-FG")


def test_principal_leader_cannot_take_finance_and_the_page_says_why(page, login, sysadmin, body):
    chief = principal(body, PersonFactory(unit=body, name="李局长"))
    login(sysadmin)
    page.goto(f"/org/units/{body.pk}/")
    page.get_by_test_id("add-portfolio").click()
    page.get_by_label("分管领导").select_option(str(chief.pk))
    page.get_by_label("分管领域").select_option(PortfolioArea.FINANCE)
    page.get_by_role("button", name="确定分工").click()
    expect(page.get_by_test_id("form-error")).to_contain_text("主要负责人不得直接分管财务（五个不直接分管）")
    expect(page.get_by_test_id("rule-basis")).to_contain_text("DEC-72")
    expect(page.get_by_test_id("rule-basis")).to_contain_text("依据")
    assert not chief.portfolios.exists()


def test_security_administrator_grants_a_role(page, login, secadmin, department):
    newcomer = UserFactory(username="newcomer", full_name="新来的")
    login(secadmin)
    page.get_by_role("link", name="角色授权").click()
    page.get_by_role("link", name="按账号授权").click()
    page.get_by_role("link", name="newcomer").click()
    form = page.get_by_test_id("grant-form")
    form.get_by_label("角色").select_option(label="承办人")
    form.get_by_label("授权机构").select_option(str(department.pk))
    form.get_by_label("数据范围").select_option("department")
    form.get_by_role("button", name="授予").click()
    expect(page.get_by_role("status")).to_contain_text("已授予承办人")
    expect(page.get_by_test_id("assignments")).to_contain_text(department.name)
    assert RoleAssignment.objects.get(user=newcomer).role.code == "clerk"
    assert User.objects.get(pk=newcomer.pk).has_perm("org.view", department)


def test_clerk_sees_the_tree_read_only(page, login, clerk, department):
    PersonFactory(unit=department, name="王同事")
    login(clerk)
    page.get_by_role("link", name="组织机构").first.click()
    expect(page.get_by_test_id("org-tree")).to_contain_text("安监一股")
    expect(page.get_by_test_id("people")).to_contain_text("王同事")
    expect(page.get_by_test_id("unit-actions")).to_have_count(0)
    expect(page.get_by_test_id("add-person")).to_have_count(0)
    expect(page.get_by_role("link", name="账号管理")).to_have_count(0)


def test_tree_click_swaps_the_pane_in_place(page, login, sysadmin, body, department):
    login(sysadmin)
    page.goto(f"/org/units/{body.pk}/")
    page.evaluate("window.__marker = 'still here'")
    page.get_by_test_id("org-tree").get_by_role("link", name=department.name).click()
    expect(page.get_by_test_id("unit-name")).to_contain_text(department.name)
    assert page.evaluate("window.__marker") == "still here"  # htmx swapped the pane, no reload
    assert page.url.endswith(f"/org/units/{department.pk}/")
