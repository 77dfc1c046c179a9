"""The catalog pages: who sees and does what (403 without the permission, 404 outside the scope),
search filters, refusals on the form in Chinese with their 依据 (a row's error names its row and
field), stale saves (AUD-3), the life cycle through the pages, personal power lists and the report."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from sunshine.catalog.choices import Category, ReviewKind, ReviewOutcome, Status
from sunshine.catalog.models import LegalBasis, PowerVersion, Review
from sunshine.catalog.tests.factories import complete_draft, published, user_steps
from sunshine.core import clock
from sunshine.flows.models import Flowchart
from sunshine.org.choices import DataScope
from sunshine.org.tests.factories import (
    DepartmentFactory,
    PersonFactory,
    PostFactory,
    PostHoldingFactory,
    account_with_role,
)

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def text(response) -> str:
    return response.content.decode()


def url(name: str, *args) -> str:
    return reverse(f"catalog:{name}", args=args)


def rows_data(prefix: str, rows: list[dict], initial: int = 0) -> dict:
    """POST data of a table of rows (a Django formset)."""
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for i, row in enumerate(rows):
        for key, value in row.items():
            data[f"{prefix}-{i}-{key}"] = value
    return data


@pytest.fixture
def draft(clerk, department):
    return complete_draft(clerk, department)


@pytest.fixture
def submitted(clerk, draft):
    from sunshine.catalog import services

    return services.version_submit(actor=clerk, version=draft, expected_version=draft.version)


@pytest.fixture
def public(clerk, department, legal_reviewer, inspector, leader):
    return published(
        clerk, department, legal_reviewer, inspector, leader, code="XK-100", name="危险化学品经营许可"
    )


@pytest.fixture
def stranger(other_body):
    """A clerk of another body: the versions of ours are outside the scope."""
    department = DepartmentFactory(parent=other_body, name="乡安监办")
    return account_with_role("clerk", unit=department, scope=DataScope.OWN_DEPARTMENT, username="stranger")


# --- List and search ------------------------------------------------------------------------------


def test_clerk_sees_the_list_with_the_register_button(clerk, draft):
    page = text(client_for(clerk).get(url("item_list")))
    assert draft.name in page
    assert draft.item.code in page
    assert 'data-testid="item-create"' in page


def test_leader_sees_the_list_without_the_register_button(leader, public):
    page = text(client_for(leader).get(url("item_list")))
    assert public.name in page
    assert "tag-green" in page  # 已发布
    assert 'data-testid="item-create"' not in page


def test_list_shows_the_highest_risk_grade_as_a_coloured_badge(clerk, draft):
    page = text(client_for(clerk).get(url("item_list")))
    assert 'class="tag level-A tag-red"' in page  # importance 3 * 2 * 2 = 12: A


def test_an_account_without_catalog_view_is_refused(sysadmin):
    assert client_for(sysadmin).get(url("item_list")).status_code == 403


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ({"q": "烟花"}, {"XK-001"}),
        ({"q": "CF-"}, {"CF-001"}),
        ({"category": Category.PENALTY}, {"CF-001"}),
        ({"status": Status.DRAFT}, {"XK-001", "CF-001"}),
        ({"status": Status.PUBLISHED}, set()),
        ({"risk_level": "A"}, {"XK-001", "CF-001"}),
        ({"risk_level": "C"}, set()),
    ],
)
def test_search_filters(clerk, department, query, found):
    complete_draft(clerk, department)
    complete_draft(clerk, department, code="CF-001", name="未按规定储存的处罚", category=Category.PENALTY)
    response = client_for(clerk).get(url("item_list"), query)
    rows = response.context["rows"]
    assert {row["version"].item.code for row in rows} == found


def test_search_by_department_includes_its_subunits(clerk, leader, department, body):
    complete_draft(clerk, department)
    other = DepartmentFactory(parent=body, name="法规股")
    page = client_for(leader).get(url("item_list"), {"department": other.pk})
    assert page.context["rows"] == []
    page = client_for(leader).get(url("item_list"), {"department": department.pk})
    assert len(page.context["rows"]) == 1


def test_bad_search_values_are_ignored_not_an_error(clerk, draft):
    response = client_for(clerk).get(
        url("item_list"), {"department": "abc", "status": "nonsense", "page": "x", "risk_level": "Z"}
    )
    assert response.status_code == 200
    assert draft.name in text(response)


def test_search_over_htmx_returns_the_rows_only(clerk, draft):
    page = text(client_for(clerk).get(url("item_list"), {"q": "烟花"}, **HTMX))
    assert 'id="item-rows"' in page
    assert "<html" not in page


def test_list_query_count_does_not_grow_with_the_rows(clerk, department, django_assert_max_num_queries):
    for n in range(3):
        complete_draft(clerk, department, code=f"XK-{n}")
    client = client_for(clerk)
    client.get(url("item_list"))  # warm the session
    with django_assert_max_num_queries(14):
        response = client.get(url("item_list"))
    assert len(response.context["rows"]) == 3


# --- Registering ----------------------------------------------------------------------------------


def test_clerk_registers_a_power_with_a_template_flowchart(clerk, department):
    response = client_for(clerk).post(
        url("item_create"),
        {
            "code": "XK-77",
            "name": "某行政许可",
            "category": Category.PERMIT,
            "audience": "external",
            "department": department.pk,
            "template": "permit",
        },
    )
    version = PowerVersion.objects.get(item__code="XK-77")
    assert response.status_code == 302
    assert response["Location"] == url("version_detail", version.pk)
    assert version.item.body == department.body
    assert Flowchart.objects.get(power_version=version).template == "permit"


def test_a_taken_code_is_refused_on_its_field_in_chinese(clerk, department, draft):
    response = client_for(clerk).post(
        url("item_create"),
        {
            "code": draft.item.code,
            "name": "重复",
            "category": "permit",
            "audience": "external",
            "department": department.pk,
        },
    )
    assert response.status_code == 409
    assert "已有编码为" in text(response)
    assert 'data-testid="error-code"' in text(response)


def test_a_department_outside_the_edit_scope_is_not_offered(clerk, department, body):
    other = DepartmentFactory(parent=body, name="法规股")
    response = client_for(clerk).post(
        url("item_create"),
        {"code": "X", "name": "甲", "category": "permit", "audience": "external", "department": other.pk},
    )
    assert response.status_code == 422
    assert 'data-testid="error-department"' in text(response)
    assert not PowerVersion.objects.filter(name="甲").exists()


def test_leader_cannot_open_the_register_form(leader):
    assert client_for(leader).get(url("item_create")).status_code == 403


# --- A version's page -----------------------------------------------------------------------------


def test_a_new_draft_lists_what_it_lacks_with_each_rule(clerk, department):
    client = client_for(clerk)
    client.post(
        url("item_create"),
        {
            "code": "XK-5",
            "name": "某许可",
            "category": "permit",
            "audience": "external",
            "department": department.pk,
        },
    )
    version = PowerVersion.objects.get(item__code="XK-5")
    page = text(client.get(url("version_detail", version.pk)))
    assert 'data-testid="problems"' in page
    for message, rule in (("缺少法律依据", "CAT-108"), ("缺少权力运行流程图", "CAT-119")):
        assert message in page
        assert rule in page


def test_a_complete_draft_says_it_may_be_submitted(clerk, draft):
    page = text(client_for(clerk).get(url("version_detail", draft.pk)))
    assert 'data-testid="problems-none"' in page
    assert 'data-testid="action-submit"' in page


def test_published_version_shows_the_viewer_with_risks_and_measures(leader, public):
    page = text(client_for(leader).get(url("version_detail", public.pk)))
    assert "data-flow-viewer" in page
    assert 'id="flow-risks"' in page
    assert '"level": "A"' in page
    assert "审查标准公开" in page  # a measure
    assert 'data-testid="action-submit"' not in page
    assert 'data-testid="action-publish"' not in page


def test_clerk_may_start_a_new_version_of_a_published_power(clerk, public):
    page = text(client_for(clerk).get(url("version_detail", public.pk)))
    assert 'data-testid="action-new-version"' in page


def test_a_version_outside_the_scope_is_404(stranger, draft):
    assert client_for(stranger).get(url("version_detail", draft.pk)).status_code == 404
    assert client_for(stranger).get(url("version_edit", draft.pk)).status_code == 404


def test_an_unknown_version_is_404(clerk):
    assert client_for(clerk).get(url("version_detail", 999999)).status_code == 404


# --- Editing a draft ------------------------------------------------------------------------------


def edit_data(power, **changes) -> dict:
    data = {
        "version": power.version,
        "name": power.name,
        "category": power.category,
        "audience": power.audience,
        "department": power.department_id,
        "statutory_limit": power.statutory_limit or "",
        "statutory_unit": power.statutory_unit,
        "promised_limit": power.promised_limit or "",
        "promised_unit": power.promised_unit,
        "conditions": power.conditions,
        "counterpart_rights": power.counterpart_rights,
        "complaint_channel": power.complaint_channel,
    }
    return {**data, **changes}


def test_clerk_edits_a_draft(clerk, draft):
    response = client_for(clerk).post(url("version_edit", draft.pk), edit_data(draft, name="新名称"))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.name == "新名称"


def test_a_stale_edit_is_refused_with_its_rule(clerk, draft):
    response = client_for(clerk).post(
        url("version_edit", draft.pk), edit_data(draft, version=draft.version - 1)
    )
    page = text(response)
    assert response.status_code == 409
    assert "已被他人修改" in page
    assert "AUD-3" in page


def test_a_promise_longer_than_the_law_is_refused_on_its_field(clerk, draft):
    response = client_for(clerk).post(url("version_edit", draft.pk), edit_data(draft, promised_limit=30))
    assert response.status_code == 422
    assert "承诺时限不能长于法定时限" in text(response)
    assert 'data-testid="error-promised_limit"' in text(response)


def test_a_submitted_version_cannot_be_edited(clerk, submitted):
    response = client_for(clerk).get(url("version_edit", submitted.pk))
    assert response.status_code == 409
    assert "AUD-4" in text(response)


def test_leader_cannot_edit(leader, draft):
    assert client_for(leader).get(url("version_edit", draft.pk)).status_code == 403
    assert client_for(leader).get(url("legal_bases", draft.pk)).status_code == 403


def test_legal_bases_are_replaced_from_the_table(clerk, draft):
    data = rows_data(
        "legal_bases",
        [
            {"level": "regulation", "statute": "烟花爆竹安全管理条例", "article": "第十九条"},
            {"level": "law", "statute": "中华人民共和国行政许可法", "article": "第二十九条"},
            {"level": "law", "statute": "", "article": "", "text": ""},  # blank: skipped
            {"level": "law", "statute": "作废的依据", "remove": "on"},
        ],
        initial=1,
    )
    response = client_for(clerk).post(url("legal_bases", draft.pk), data)
    assert response.status_code == 302
    statutes = [b.statute for b in LegalBasis.objects.filter(version=draft)]
    assert statutes == ["中华人民共和国行政许可法", "烟花爆竹安全管理条例"]  # law first (CAT-112)


def test_a_row_refusal_names_the_row_and_the_field(clerk, draft):
    data = rows_data(
        "legal_bases",
        [
            {"level": "law", "statute": "中华人民共和国行政许可法"},
            {"level": "law", "statute": "", "article": "第三条"},
        ],
    )
    response = client_for(clerk).post(url("legal_bases", draft.pk), data)
    page = text(response)
    assert response.status_code == 422
    assert "第2行“法律法规名称”：请填写法律法规名称" in page
    assert 'data-testid="error-legal_bases-1-statute"' in page
    assert LegalBasis.objects.filter(version=draft).count() == 1  # unchanged


def test_more_blank_rows_keep_what_was_typed(clerk, draft):
    data = rows_data("materials", [{"name": "申请书", "copies": "2", "required": "on"}])
    data["add_rows"] = "1"
    response = client_for(clerk).post(url("materials", draft.pk), data)
    page = text(response)
    assert response.status_code == 200
    assert 'value="申请书"' in page
    assert 'name="materials-TOTAL_FORMS" value="3"' in page


def test_responsible_posts_are_saved(clerk, draft, department):
    post = PostFactory(unit=department, name="审核岗")
    data = rows_data(
        "responsibilities",
        [
            {"role": "handler", "post": draft.responsibilities.get().post_id},
            {"role": "reviewer", "post": post.pk},
        ],
    )
    response = client_for(clerk).post(url("responsibilities", draft.pk), data)
    assert response.status_code == 302
    assert set(draft.responsibilities.values_list("role", flat=True)) == {"handler", "reviewer"}


def test_benchmark_rows_make_benchmarks_and_a_bad_range_names_its_row(clerk, department):
    version = complete_draft(clerk, department, code="CF-9", category=Category.PENALTY)
    tiers = [
        {
            "violation": "未按规定储存",
            "grade": "轻微",
            "circumstances": "首次",
            "min_amount": "0",
            "max_amount": "1000",
        },
        {
            "violation": "",
            "grade": "一般",
            "circumstances": "再次",
            "min_amount": "5000",
            "max_amount": "1000",
        },
    ]
    response = client_for(clerk).post(url("benchmarks", version.pk), rows_data("tiers", tiers))
    assert response.status_code == 422
    assert "第2行“罚款下限（元）”：罚款下限不能高于上限" in text(response)
    tiers[1]["min_amount"] = "1000"
    tiers[1]["max_amount"] = "5000"
    response = client_for(clerk).post(url("benchmarks", version.pk), rows_data("tiers", tiers))
    assert response.status_code == 302
    bench = version.benchmarks.get()
    assert bench.violation == "未按规定储存"
    assert [t.grade for t in bench.tiers.all()] == ["轻微", "一般"]


def test_a_risk_point_gets_the_suggested_grade_and_its_measures(clerk, draft):
    step = user_steps(draft)[0]
    data = {
        "step_id": step["element_id"],
        "description": "受理时故意刁难",
        "importance": "1",
        "frequency": "2",
        "likelihood": "1",
        "level": "",
        "measures": "受理标准公开\n\n窗口视频监控",
    }
    response = client_for(clerk).post(url("risk_points", draft.pk), data)
    assert response.status_code == 302
    point = draft.risk_points.get(description="受理时故意刁难")
    assert point.level == "C"
    assert [m.description for m in point.measures.all()] == ["受理标准公开", "窗口视频监控"]


def test_a_risk_point_without_measures_is_refused_in_chinese(clerk, draft):
    step = user_steps(draft)[0]
    data = {
        "step_id": step["element_id"],
        "description": "x",
        "importance": "1",
        "frequency": "1",
        "likelihood": "1",
    }
    response = client_for(clerk).post(url("risk_points", draft.pk), data)
    assert response.status_code == 422
    assert 'data-testid="error-measures"' in text(response)
    assert "该字段是必填项" in text(response)


def test_measures_are_added_and_removed(clerk, draft):
    point = draft.risk_points.get()
    client = client_for(clerk)
    response = client.post(url("measure_add", draft.pk, point.pk), {f"m{point.pk}-description": "双人复核"})
    assert response.status_code == 302
    measure = point.measures.get(description="双人复核")
    assert client.post(url("measure_remove", draft.pk, measure.pk)).status_code == 302
    assert not point.measures.filter(description="双人复核").exists()


def test_a_risk_point_is_removed_by_post_only(clerk, draft):
    point = draft.risk_points.get()
    client = client_for(clerk)
    assert client.get(url("risk_point_remove", draft.pk, point.pk)).status_code == 405
    assert client.post(url("risk_point_remove", draft.pk, point.pk)).status_code == 302
    assert not draft.risk_points.exists()


def test_the_flowchart_editor_loads_the_diagram(clerk, draft):
    page = text(client_for(clerk).get(url("flowchart_edit", draft.pk)))
    assert "data-flow-editor" in page
    assert "bpmn-modeler.production.min.js" in page
    assert "Task_acceptance" in page


def test_a_flowchart_that_does_not_parse_stays_on_the_page(clerk, draft):
    flowchart = draft.flowchart
    response = client_for(clerk).post(
        url("flowchart_edit", draft.pk), {"xml": "<bpmn:definitions", "version": flowchart.version}
    )
    assert response.status_code == 422
    assert "不是合法的 XML" in text(response)
    assert "CAT-121" in text(response)
    flowchart.refresh_from_db()
    assert flowchart.xml.startswith("<?xml")


def test_a_draft_without_a_diagram_starts_from_a_template(clerk, department):
    from sunshine.catalog import services

    version = services.item_create(
        actor=clerk, body=department.body, code="T-1", name="乙", category="permit", department=department
    )
    client = client_for(clerk)
    assert 'data-testid="template-form"' in text(client.get(url("flowchart_edit", version.pk)))
    response = client.post(url("flowchart_edit", version.pk), {"template": "penalty"})
    assert response.status_code == 302
    assert Flowchart.objects.get(power_version=version).template == "penalty"


# --- Life cycle -----------------------------------------------------------------------------------


def test_submitting_an_incomplete_draft_lists_every_problem_with_its_rule(clerk, department):
    from sunshine.catalog import services

    version = services.item_create(
        actor=clerk, body=department.body, code="T-2", name="丙", category="penalty", department=department
    )
    response = client_for(clerk).post(url("version_submit", version.pk), {"version": version.version})
    page = text(response)
    assert response.status_code == 422
    assert 'data-testid="problems"' in page
    for message, rule in (
        ("缺少法律依据", "CAT-108"),
        ("缺少承办岗位", "CAT-108"),
        ("缺少办理时限", "CAT-108"),
        ("缺少廉政风险点", "CAT-119"),
        ("行政处罚事项缺少自由裁量基准", "CAT-127"),
        ("缺少权力运行流程图", "CAT-119"),
    ):
        assert message in page
        assert rule in page
    version.refresh_from_db()
    assert version.status == Status.DRAFT


def test_clerk_submits_a_complete_draft(clerk, draft):
    client = client_for(clerk)
    assert client.get(url("version_submit", draft.pk)).status_code == 200
    response = client.post(url("version_submit", draft.pk), {"version": draft.version})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == Status.SUBMITTED


def test_the_legal_reviewer_sees_only_the_legal_review(legal_reviewer, submitted):
    response = client_for(legal_reviewer).get(url("version_review", submitted.pk))
    assert response.status_code == 200
    assert [k for k, _ in response.context["form"].fields["kind"].choices] == [ReviewKind.LEGAL]


def test_legal_approval_without_checking_the_basis_is_refused_with_its_rule(legal_reviewer, submitted):
    data = {"kind": "legal", "outcome": "approved", "opinion": "同意"}
    response = client_for(legal_reviewer).post(url("version_review", submitted.pk), data)
    assert response.status_code == 422
    assert "法制审核须对照法律法规核对职权依据" in text(response)
    assert "CAT-116" in text(response)
    assert not Review.objects.exists()


def test_both_approvals_make_the_version_reviewed(legal_reviewer, inspector, submitted):
    for user, kind in ((legal_reviewer, "legal"), (inspector, "discipline")):
        data = {
            "kind": kind,
            "outcome": "approved",
            "opinion": "同意",
            "basis_checked": "on",
            "practice_checked": "on",
        }
        assert client_for(user).post(url("version_review", submitted.pk), data).status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == Status.REVIEWED


def test_a_return_sends_the_draft_back(inspector, submitted):
    data = {"kind": "discipline", "outcome": ReviewOutcome.RETURNED, "opinion": "风险点不全"}
    assert client_for(inspector).post(url("version_review", submitted.pk), data).status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == Status.DRAFT


def test_clerk_cannot_review_or_publish(clerk, submitted):
    assert client_for(clerk).get(url("version_review", submitted.pk)).status_code == 403
    assert client_for(clerk).get(url("version_publish", submitted.pk)).status_code == 403


def reviewed(version, legal_reviewer, inspector):
    from sunshine.catalog import services

    for user, kind in ((legal_reviewer, "legal"), (inspector, "discipline")):
        services.version_review(
            actor=user, version=version, kind=kind, outcome="approved", opinion="同意", basis_checked=True
        )
    version.refresh_from_db()
    return version


def test_leader_publishes_a_reviewed_version(leader, legal_reviewer, inspector, submitted):
    version = reviewed(submitted, legal_reviewer, inspector)
    page = text(client_for(leader).get(url("version_detail", version.pk)))
    assert 'data-testid="action-publish"' in page
    response = client_for(leader).post(url("version_publish", version.pk), {"version": version.version})
    assert response.status_code == 302
    version.refresh_from_db()
    assert version.status == Status.PUBLISHED


def test_publishing_an_incomplete_version_is_refused_and_lists_the_problem(
    leader, legal_reviewer, inspector, submitted
):
    version = reviewed(submitted, legal_reviewer, inspector)
    # Bypass the services (a draft could not lose it): the reviewed version loses its legal basis.
    LegalBasis.objects.filter(version=version).update(deleted_at=clock.now(), delete_reason="test")
    response = client_for(leader).post(url("version_publish", version.pk), {"version": version.version})
    assert response.status_code == 422
    assert "缺少法律依据" in text(response)
    assert "CAT-108" in text(response)
    version.refresh_from_db()
    assert version.status == Status.REVIEWED


def test_a_new_version_copies_the_published_one_and_compares_with_it(clerk, public):
    client = client_for(clerk)
    response = client.post(url("version_new", public.pk), {"change_note": "调整承诺时限"})
    new = PowerVersion.objects.get(item=public.item, number=2)
    assert response["Location"] == url("version_detail", new.pk)
    client.post(url("version_edit", new.pk), edit_data(new, promised_limit=5))
    page = text(client.get(url("version_compare", new.pk)))
    assert "承诺时限" in page
    assert 'data-testid="diff"' in page
    assert client.get(url("version_compare", public.pk)).status_code == 404  # the first has none


# --- Personal power lists and the report ---------------------------------------------------------


def test_power_lists_link_the_posts_in_scope(leader, public):
    post = public.responsibilities.get().post
    page = text(client_for(leader).get(url("power_lists")))
    assert post.name in page
    assert url("post_powers", post.pk) in page


def test_a_post_power_list_shows_its_powers_and_their_risks(leader, public):
    post = public.responsibilities.get().post
    page = text(client_for(leader).get(url("post_powers", post.pk)))
    assert public.name in page
    assert "承办" in page
    assert "审查标准公开" in page


def test_a_person_power_list_follows_their_posts(leader, public, department):
    post = public.responsibilities.get().post
    person = PersonFactory(unit=department, name="孙承办")
    PostHoldingFactory(person=person, post=post, start_date="2024-01-01")
    page = text(client_for(leader).get(url("person_powers", person.pk)))
    assert public.name in page
    assert post.name in page


def test_power_lists_outside_the_scope_are_404(stranger, public):
    post = public.responsibilities.get().post
    assert client_for(stranger).get(url("post_powers", post.pk)).status_code == 404


def test_the_report_counts_per_department_and_draws_the_chart(leader, clerk, department, public):
    from sunshine.catalog import services

    services.item_create(
        actor=clerk, body=department.body, code="T-3", name="丁", category="permit", department=department
    )
    PostFactory(unit=department, name="闲置岗")
    response = client_for(leader).get(url("report"))
    page = text(response)
    assert response.status_code == 200
    assert 'data-testid="report-chart"' in page
    (row,) = response.context["rows"]
    assert row["row"].items == 2
    assert row["row"].incomplete == 1
    assert "闲置岗" in page


def test_the_report_is_empty_outside_any_scope(stranger, public):
    response = client_for(stranger).get(url("report"))
    assert response.status_code == 200
    assert response.context["rows"] == []


def test_pages_render_in_english(clerk, draft, client):
    client.force_login(clerk)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    for page in (
        url("item_list"),
        url("version_detail", draft.pk),
        url("report"),
        url("risk_points", draft.pk),
    ):
        response = client.get(page)
        assert response.status_code == 200, page
        assert '<html lang="en">' in text(response)
    assert "Register a power" in text(client.get(url("item_list")))


def test_tampered_or_bogus_posts_never_fail(clerk, draft):
    client = client_for(clerk)
    point = draft.risk_points.get()
    tampered = client.post(url("legal_bases", draft.pk), {"legal_bases-TOTAL_FORMS": "x"})
    assert tampered.status_code == 422
    assert client.post(url("flowchart_edit", draft.pk), {"template": "nonsense"}).status_code == 422
    assert client.post(url("risk_point_main", draft.pk, point.pk), {"version": "abc"}).status_code == 409
    assert client.post(url("measure_add", draft.pk, 999999), {"m1-description": "x"}).status_code == 404
    assert client.post(url("version_submit", draft.pk), {"version": "abc"}).status_code == 422
    assert client.post(url("version_review", draft.pk), {"kind": "legal"}).status_code == 403


def test_the_report_filters_by_body(clerk, department, other_body, as_system):
    from sunshine.catalog import services

    complete_draft(clerk, department)
    township = DepartmentFactory(parent=other_body, name="乡安监办")
    services.item_create(
        actor=None, body=other_body, code="T-9", name="戊", category="permit", department=township
    )
    county = account_with_role(
        "principal_leader", unit=department.body, scope=DataScope.ALL, username="county"
    )
    client = client_for(county)
    page = text(client.get(url("report")))
    assert 'data-testid="report-filter"' in page
    assert {r["row"].department.name for r in client.get(url("report")).context["rows"]} == {
        "安监一股",
        "乡安监办",
    }
    rows = client.get(url("report"), {"body": other_body.pk}).context["rows"]
    assert [r["row"].department.name for r in rows] == ["乡安监办"]


def test_anonymous_visitors_are_sent_to_log_in(draft):
    for page in (url("item_list"), url("version_detail", draft.pk), url("report"), url("power_lists")):
        response = Client().get(page)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
