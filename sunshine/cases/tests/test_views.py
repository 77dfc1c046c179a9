"""The case pages: who sees and does what (403 without the permission, 404 outside the scope), my
tasks coloured by their deadlines, registering through the form, doing a step with its choice, the
one-time notice given once (CASE-105, shown with its 依据), a stale second completion told on the
form (409), and the printable notice and acceptance notice."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from sunshine.cases import services
from sunshine.cases.choices import CaseStatus, TaskStatus
from sunshine.cases.models import Case, CaseTask
from sunshine.cases.views import due_badge
from sunshine.catalog.tests.factories import published
from sunshine.core import clock
from sunshine.org.choices import DataScope
from sunshine.org.tests.factories import (
    DepartmentFactory,
    PersonFactory,
    PostFactory,
    PostHoldingFactory,
    account_with_role,
)
from sunshine.workdays.services import add_working_days

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}
NOTICE = "一次性告知补正"


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def text(response) -> str:
    return response.content.decode()


def url(name: str, *args) -> str:
    return reverse(f"cases:{name}", args=args)


@pytest.fixture
def permit(clerk, department, legal_reviewer, inspector, leader):
    return published(clerk, department, legal_reviewer, inspector, leader)


def register(actor, version, **kwargs) -> Case:
    fields = {
        "subject": "申请烟花爆竹经营（零售）许可证",
        "applicant_kind": "organisation",
        "applicant_name": "示范县红星烟花店",
        "applicant_contact": "13800000000",
        "received": ["申请书"],
    }
    return services.case_register(actor=actor, version=version, **{**fields, **kwargs})


def open_task(case) -> CaseTask:
    return case.tasks.get(status=TaskStatus.OPEN)


def complete_data(task, **fields) -> dict:
    return {f"task{task.pk}-{key}": value for key, value in fields.items()}


def give_notice(clerk, case) -> None:
    missing = [m.pk for m in case.materials.filter(received_at__isnull=True)]
    services.task_complete(actor=clerk, task=open_task(case), choice=NOTICE, missing=missing, note="请补交")
    services.task_complete(actor=clerk, task=open_task(case), opinion="已出具一次性告知书")


def window_post(department, *users):
    """The post of the acceptance step's lane (窗口受理岗), held by ``users``."""
    post = PostFactory(unit=department, name="窗口受理岗")
    for user in users:
        PostHoldingFactory(
            person=PersonFactory(unit=department, user=user, name=user.full_name),
            post=post,
            start_date="2024-01-01",
        )
    return post


@pytest.fixture
def stranger(other_body):
    """A clerk of another body: our cases are outside the scope."""
    department = DepartmentFactory(parent=other_body, name="乡安监办")
    return account_with_role(
        "clerk", unit=department, scope=DataScope.OWN_DEPARTMENT, username="stranger", full_name="外单位"
    )


# --- Log-in and permissions ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["my_tasks", "case_list", "case_register"])
def test_pages_need_a_log_in(client, name):
    response = client.get(url(name))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_navigation_shows_my_tasks_and_cases_to_a_clerk(clerk):
    html = text(client_for(clerk).get(url("case_list")))
    assert 'href="/cases/"' in html
    assert 'href="/cases/all/"' in html


def test_an_inspector_sees_cases_but_has_no_tasks_page(inspector, clerk, permit):
    case = register(clerk, permit)
    client = client_for(inspector)
    assert client.get(url("my_tasks")).status_code == 403
    assert client.get(url("case_register")).status_code == 403
    response = client.get(url("case_detail", case.pk))
    assert response.status_code == 200
    assert response.context["open_rows"][0]["form"] is None
    assert 'data-testid="task-form"' not in text(response)


def test_a_case_outside_the_scope_is_not_found(stranger, clerk, permit):
    case = register(clerk, permit)
    client = client_for(stranger)
    task = open_task(case)
    assert client.get(url("case_detail", case.pk)).status_code == 404
    assert client.get(url("task_complete", task.pk)).status_code == 404
    assert client.post(url("task_claim", task.pk)).status_code == 404
    assert client.get(url("acceptance_print", case.pk)).status_code == 404
    assert stranger.username not in text(client.get(url("case_list")))
    assert client.get(url("case_list")).context["page"].paginator.count == 0


def test_an_unknown_case_is_not_found(clerk):
    assert client_for(clerk).get(url("case_detail", 999_999)).status_code == 404


def test_someone_outside_the_steps_post_cannot_open_its_form(clerk, department, permit):
    holder = account_with_role(
        "clerk", unit=department, scope=DataScope.OWN_DEPARTMENT, username="window1", full_name="窗口甲"
    )
    window_post(department, holder)
    case = register(clerk, permit)
    task = open_task(case)
    assert task.assignee == holder
    response = client_for(clerk).get(url("task_complete", task.pk))
    assert response.status_code == 403
    assert "窗口受理岗" in text(response)
    detail = client_for(clerk).get(url("case_detail", case.pk))
    assert detail.context["open_rows"][0]["can_handle"] is False


# --- My tasks ------------------------------------------------------------------------------------------


def test_my_tasks_lists_my_steps_soonest_due_first_with_colours(clerk, department, permit):
    window_post(department, clerk)
    late = register(clerk, permit, received_at=clock.now() - dt.timedelta(days=30), applicant_name="迟到店")
    fresh = register(clerk, permit, applicant_name="新店")
    response = client_for(clerk).get(url("my_tasks"))
    assert response.status_code == 200
    rows = response.context["rows"]
    assert [r["case_id"] for r in rows] == [late.pk, fresh.pk]
    assert rows[0]["due"]["tag"] == "tag-red"
    assert rows[1]["due"]["tag"] == "tag-green"  # 5 working days ahead
    html = text(response)
    assert late.number in html
    assert "已逾期" in html
    assert "受理审查" in html


def test_due_colours_follow_working_days():
    today = clock.today()
    end = dt.datetime.combine(add_working_days(date=today, n=2), dt.time(23, 59, 59), tzinfo=clock.LOCAL_TZ)
    far = dt.datetime.combine(add_working_days(date=today, n=3), dt.time(23, 59, 59), tzinfo=clock.LOCAL_TZ)
    assert due_badge(end)["tag"] == "tag-orange"
    assert due_badge(far)["tag"] == "tag-green"
    assert due_badge(clock.now() - dt.timedelta(hours=1))["tag"] == "tag-red"
    assert due_badge(far, done_at=clock.now())["label"] == "按期办结"


def test_an_unassigned_step_of_my_post_can_be_claimed(clerk, department, permit):
    colleague = account_with_role(
        "clerk", unit=department, scope=DataScope.OWN_DEPARTMENT, username="window2", full_name="窗口乙"
    )
    window_post(department, clerk, colleague)
    case = register(clerk, permit)
    task = open_task(case)
    client = client_for(colleague)
    page = client.get(url("my_tasks"))
    assert page.context["rows"][0]["claimable"]
    assert 'data-testid="claim"' in text(page)
    response = client.post(url("task_claim", task.pk), {"next": url("my_tasks")})
    assert response.status_code == 302
    assert response["Location"] == url("my_tasks")
    task.refresh_from_db()
    assert task.assignee == colleague
    assert client_for(clerk).get(url("my_tasks")).context["rows"] == []


def test_claim_is_post_only(clerk, permit):
    case = register(clerk, permit)
    assert client_for(clerk).get(url("task_claim", open_task(case).pk)).status_code == 405


def test_claim_ignores_an_outside_next(clerk, department, permit):
    window_post(department, clerk, account_with_role("clerk", unit=department, username="w2"))
    case = register(clerk, permit)
    response = client_for(clerk).post(
        url("task_claim", open_task(case).pk), {"next": "https://evil.example/"}
    )
    assert response["Location"] == url("case_detail", case.pk)


# --- The case list -------------------------------------------------------------------------------------


def test_case_list_filters_by_status_and_keyword(clerk, permit):
    correcting = register(clerk, permit, applicant_name="补正店")
    give_notice(clerk, correcting)
    register(clerk, permit, applicant_name="新店")
    client = client_for(clerk)
    everything = client.get(url("case_list"))
    assert everything.context["page"].paginator.count == 2
    assert 'data-testid="case-register"' in text(everything)
    by_status = client.get(url("case_list"), {"status": CaseStatus.CORRECTING})
    assert [r["id"] for r in by_status.context["rows"]] == [correcting.pk]
    assert "补正中" in text(by_status)
    by_keyword = client.get(url("case_list"), {"q": "新店"}, **HTMX)
    assert [r["applicant"] for r in by_keyword.context["rows"]] == ["新店"]
    assert "<html" not in text(by_keyword)


def test_case_list_ignores_an_unknown_status(clerk, permit):
    register(clerk, permit)
    response = client_for(clerk).get(url("case_list"), {"status": "nonsense", "page": "x"})
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 1


# --- Registering ---------------------------------------------------------------------------------------


def register_data(version, **fields) -> dict:
    return {
        "version": str(version.pk),
        "subject": "申请烟花爆竹经营（零售）许可证",
        "applicant_kind": "organisation",
        "applicant_name": "示范县平安超市",
        "applicant_id_number": "91000000MA0000000X",
        "applicant_contact": "13900000000",
        "received": ["申请书"],
        **fields,
    }


def test_registering_through_the_form_opens_the_case_page(clerk, permit):
    client = client_for(clerk)
    page = client.get(url("case_register"))
    assert page.status_code == 200
    assert permit.name in text(page)
    response = client.post(url("case_register"), register_data(permit))
    case = Case.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("case_detail", case.pk)
    assert case.first_contact == clerk
    assert case.applicant_id_number == "91000000MA0000000X"
    assert [(m.name, m.received_at is not None) for m in case.materials.all()] == [
        ("申请书", True),
        ("营业执照复印件", False),
    ]
    detail = client.get(response["Location"])
    assert f"已登记办件 {case.number}" in text(detail)


def test_the_materials_follow_the_chosen_power(clerk, permit):
    response = client_for(clerk).get(url("case_register"), {"version": permit.pk}, **HTMX)
    html = text(response)
    assert "<html" not in html
    assert 'id="received-field"' in html
    assert "营业执照复印件" in html


def test_a_bad_registration_is_shown_on_the_form_in_chinese(clerk, permit):
    response = client_for(clerk).post(url("case_register"), register_data(permit, applicant_name=""))
    assert response.status_code == 422
    assert "applicant_name" in response.context["form"].errors
    assert "该字段是必填项" in text(response)
    assert not Case.objects.exists()


def test_a_power_outside_the_scope_cannot_be_registered(stranger, permit):
    response = client_for(stranger).post(url("case_register"), register_data(permit))
    assert response.status_code == 422
    assert "version" in response.context["form"].errors
    assert not Case.objects.exists()


def test_an_unknown_material_is_refused_on_the_form(clerk, permit):
    response = client_for(clerk).post(url("case_register"), register_data(permit, received=["伪造材料"]))
    assert response.status_code == 422
    assert "received" in response.context["form"].errors


# --- The case page -------------------------------------------------------------------------------------


def test_case_page_shows_the_position_history_and_clocks(clerk, permit):
    case = register(clerk, permit, received=["申请书", "营业执照复印件"])
    services.task_complete(actor=clerk, task=open_task(case), opinion="材料齐全", choice="受理")
    response = client_for(clerk).get(url("case_detail", case.pk))
    assert response.status_code == 200
    context = response.context
    assert context["current_steps"] == ["Task_review"]
    assert context["done_steps"] == ["Task_acceptance"]
    assert context["clock"]["tag"] in ("tag-green", "tag-orange")
    assert [r["task"].name for r in context["history"]] == ["受理审查", "审查"]
    html = text(response)
    assert 'data-current="#flow-current"' in html
    assert '<script id="flow-current" type="application/json">["Task_review"]</script>' in html
    assert case.check_code in html
    assert reverse("catalog:version_detail", args=[permit.pk]) in html
    assert "材料齐全" in html
    assert 'data-testid="task-form"' in html  # the clerk may do the open step here


def test_a_late_notice_shows_the_deemed_acceptance_with_its_rule(clerk, permit):
    case = register(clerk, permit, received_at=clock.now() - dt.timedelta(days=20))
    give_notice(clerk, case)
    html = text(client_for(clerk).get(url("case_detail", case.pk)))
    assert 'data-testid="deemed-accepted"' in html
    assert "CASE-105" in html


# --- Doing a step --------------------------------------------------------------------------------------


def test_completing_with_a_choice_moves_the_case_on(clerk, permit):
    case = register(clerk, permit, received=["申请书", "营业执照复印件"])
    task = open_task(case)
    client = client_for(clerk)
    page = client.get(url("task_complete", task.pk))
    assert page.status_code == 200
    html = text(page)
    for label in ("受理", NOTICE, "不予受理"):
        assert f"> {label}</label>" in html or f">{label}</label>" in html
    response = client.post(url("task_complete", task.pk), complete_data(task, choice="受理", opinion="齐全"))
    assert response.status_code == 302
    assert response["Location"] == url("case_detail", case.pk)
    task.refresh_from_db()
    case.refresh_from_db()
    assert (task.status, task.choice, task.opinion) == (TaskStatus.DONE, "受理", "齐全")
    assert case.status == CaseStatus.ACCEPTED
    assert "已办理“受理审查”：受理" in text(client.get(response["Location"]))


def test_a_missing_choice_is_asked_for(clerk, permit):
    case = register(clerk, permit)
    task = open_task(case)
    response = client_for(clerk).post(
        url("task_complete", task.pk), complete_data(task, opinion="看看"), **HTMX
    )
    assert response.status_code == 422
    assert "choice" in response.context["form"].errors
    assert f'id="task-form-{task.pk}"' in text(response)
    assert open_task(case).pk == task.pk


def test_the_notice_form_ticks_the_materials_not_received(clerk, permit):
    case = register(clerk, permit)
    task = open_task(case)
    response = client_for(clerk).get(url("task_complete", task.pk))
    form = response.context["form"]
    missing = case.materials.get(name="营业执照复印件")
    assert form.notice_label == NOTICE
    assert form["missing"].initial == [missing.pk]
    html = text(response)
    assert 'data-testid="notice-fields"' in html
    assert "data-notice" in html


def test_giving_the_notice_lists_the_missing_and_prints_it(clerk, permit):
    case = register(clerk, permit)
    task = open_task(case)
    missing = case.materials.get(name="营业执照复印件")
    client = client_for(clerk)
    response = client.post(
        url("task_complete", task.pk),
        complete_data(task, choice=NOTICE, missing=[missing.pk], note="复印件须加盖公章"),
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.CORRECTING
    assert case.notice.missing == ["营业执照复印件"]
    printed = client.get(url("notice_print", case.pk))
    assert printed.status_code == 200
    html = text(printed)
    for expected in (
        "一次性告知书",
        case.number,
        case.applicant_name,
        permit.name,
        "营业执照复印件",
        "复印件须加盖公章",
        "12388",  # the complaint channel of the power version
        "陈述权",  # the applicant's rights
        "（印章）",
        case.body.name,
    ):
        assert expected in html, expected
    assert 'class="sidebar"' not in html
    assert "@media print" in html


def test_a_notice_without_a_material_is_refused_with_its_rule(clerk, permit):
    case = register(clerk, permit)
    task = open_task(case)
    response = client_for(clerk).post(url("task_complete", task.pk), complete_data(task, choice=NOTICE))
    assert response.status_code == 422
    assert "请勾选需要补正的全部材料" in text(response)
    assert "CASE-105" in text(response)


def test_a_second_notice_is_refused_with_case_105(clerk, permit):
    case = register(clerk, permit)
    give_notice(clerk, case)
    task = open_task(case)
    assert task.name == "受理审查"
    missing = [m.pk for m in case.materials.all()]
    response = client_for(clerk).post(
        url("task_complete", task.pk), complete_data(task, choice=NOTICE, missing=missing)
    )
    assert response.status_code == 422
    html = text(response)
    assert "不得再次告知" in html
    assert 'data-testid="rule-basis"' in html
    assert "CASE-105" in html
    assert open_task(case).pk == task.pk


def test_a_stale_second_completion_shows_the_conflict(clerk, department, permit):
    colleague = account_with_role(
        "clerk", unit=department, scope=DataScope.OWN_DEPARTMENT, username="window2", full_name="窗口乙"
    )
    window_post(department, clerk, colleague)
    case = register(clerk, permit, received=["申请书", "营业执照复印件"])
    task = open_task(case)
    first, second = client_for(clerk), client_for(colleague)
    assert second.get(url("task_complete", task.pk)).status_code == 200  # both opened the form
    assert first.post(url("task_complete", task.pk), complete_data(task, choice="受理")).status_code == 302
    response = second.post(url("task_complete", task.pk), complete_data(task, choice="受理"))
    assert response.status_code == 409
    assert "该环节已由张承办办理" in text(response)
    assert case.tasks.filter(name="受理审查", status=TaskStatus.DONE).count() == 1


def test_a_done_step_opened_again_says_who_did_it(clerk, permit):
    case = register(clerk, permit, received=["申请书", "营业执照复印件"])
    task = open_task(case)
    services.task_complete(actor=clerk, task=task, choice="受理")
    response = client_for(clerk).get(url("task_complete", task.pk))
    assert response.status_code == 200
    assert 'data-testid="task-done"' in text(response)
    assert 'data-testid="task-form"' not in text(response)


def test_a_malformed_post_is_no_server_error(clerk, permit):
    case = register(clerk, permit)
    task = open_task(case)
    response = client_for(clerk).post(
        url("task_complete", task.pk), complete_data(task, choice="受理", missing=["abc"])
    )
    assert response.status_code == 422


# --- Printable documents -------------------------------------------------------------------------------


def test_the_print_pages_are_not_found_before_their_document_exists(clerk, permit):
    case = register(clerk, permit)
    client = client_for(clerk)
    assert client.get(url("notice_print", case.pk)).status_code == 404
    assert client.get(url("acceptance_print", case.pk)).status_code == 404


def test_the_acceptance_notice_carries_the_number_check_code_and_limit(clerk, permit):
    case = register(clerk, permit, received=["申请书", "营业执照复印件"])
    services.task_complete(actor=clerk, task=open_task(case), choice="受理")
    case.refresh_from_db()
    response = client_for(clerk).get(url("acceptance_print", case.pk))
    assert response.status_code == 200
    html = text(response)
    local = clock.local(case.due_at)
    for expected in (
        "行政许可受理通知书",
        case.number,
        case.check_code,
        f"{local.year}年{local.month}月{local.day}日",
        f"自受理之日起 {permit.promised_limit} ",
        "（印章）",
    ):
        assert expected in html, expected


def test_a_refused_case_has_no_acceptance_notice(clerk, permit):
    case = register(clerk, permit)
    services.task_complete(actor=clerk, task=open_task(case), choice="不予受理")
    assert client_for(clerk).get(url("acceptance_print", case.pk)).status_code == 404


def test_case_page_shows_a_stopped_clock_and_how_the_deadline_was_reached(clerk, permit):
    from sunshine.cases import clocks

    case = register(clerk, permit, received=["申请书", "营业执照复印件"])
    services.task_complete(actor=clerk, task=open_task(case), choice="受理")
    client = client_for(clerk)
    running = text(client.get(url("case_detail", case.pk)))
    assert 'data-testid="deadline-explain"' in running
    assert "起算" in running
    clocks.case_suspend(actor=clerk, case=case, kind="rectification", note="等待整改")
    response = client.get(url("case_detail", case.pk))
    assert response.context["clock"]["label"] == "计时中止：整改"
    assert 'data-testid="suspensions"' in text(response)
    assert "等待整改" in text(response)


def test_a_due_date_in_a_year_without_its_calendar_still_shows(clerk):
    """CAL-1: the working-day count waits for the year's schedule, but the list page still renders
    the deadline (labelled) instead of refusing the whole page."""
    due = dt.datetime(2099, 3, 1, 23, 59, tzinfo=clock.LOCAL_TZ)
    with clock.as_of(dt.datetime(2026, 12, 30, 10, 0, tzinfo=clock.LOCAL_TZ)):
        badge = due_badge(due)
    assert (badge["tag"], badge["late"]) == ("tag-grey", False)
    assert badge["label"].endswith("年工作日历未载入")
    with clock.as_of(dt.datetime(2099, 3, 2, 10, 0, tzinfo=clock.LOCAL_TZ)):
        assert due_badge(due)["late"] is True


def test_a_due_date_in_a_provisional_year_is_labelled_provisional(clerk):
    """CAL-6: 2027 counts Monday to Friday until loaded: 30 Dec 2026 to 8 Jan 2027 is 7 working days."""
    due = dt.datetime(2027, 1, 8, 23, 59, tzinfo=clock.LOCAL_TZ)
    with clock.as_of(dt.datetime(2026, 12, 30, 10, 0, tzinfo=clock.LOCAL_TZ)):
        badge = due_badge(due)
    assert badge == {"tag": "tag-green", "label": "剩余 7 个工作日（暂定）", "late": False}
