"""The supervision-order pages (/oversight/orders/) and the printed order (PDF, Word)."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess

import pytest
from django.urls import reverse

from sunshine.core import clock
from sunshine.org.tests.factories import account_with_role
from sunshine.oversight import services as oversight
from sunshine.oversight.choices import AlertLevel, OrderStatus
from sunshine.oversight.models import SupervisionOrder
from sunshine.oversight.orders.services import order_issue, order_reply, order_verify

pytestmark = pytest.mark.django_db


def login(client, user, password):
    assert client.login(username=user.username, password=password)
    return client


def make_order(inspector, clerk, department, **kwargs):
    return order_issue(
        actor=inspector,
        department=department,
        responsible=clerk,
        subject="危险化学品经营许可证初审逾期",
        requirement="请说明延误原因并限期办结",
        **kwargs,
    )


def test_issue_from_a_red_alert(client, password, inspector, late_case, clerk):
    oversight.scan(notify_people=False)
    alert = late_case.alerts.get(level=AlertLevel.RED, task__isnull=False)
    login(client, inspector, password)
    page = client.get(reverse("oversight:alert_detail", args=[alert.pk])).content.decode()
    assert "issue-from-alert" in page
    url = reverse("oversight:order_issue") + f"?alert={alert.pk}"
    form = client.get(url)
    assert form.status_code == 200
    assert form.context["form"].initial["responsible"] == clerk.pk
    response = client.post(
        url,
        {
            "alert": alert.pk,
            "subject": alert.message,
            "requirement": "请书面答复",
            "responsible": clerk.pk,
            "reply_workdays": 5,
        },
    )
    order = SupervisionOrder.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("oversight:order_detail", args=[order.pk])
    assert (order.alert, order.department) == (alert, late_case.department)
    page = client.get(reverse("oversight:alert_detail", args=[alert.pk])).content.decode()
    assert order.number in page
    assert "issue-from-alert" not in page


def test_case_page_offers_the_order_button_to_holders_of_oversight_order(
    client, password, inspector, clerk, late_case
):
    """下达督办单 on the case page (cases' "actions" hook): for oversight.order, not for the clerk."""
    url = reverse("cases:case_detail", args=[late_case.pk])
    login(client, inspector, password)
    page = client.get(url).content.decode()
    assert 'data-testid="issue-order"' in page
    assert f"{reverse('oversight:order_issue')}?case={late_case.pk}" in page
    client.logout()
    login(client, clerk, password)
    page = client.get(url)
    assert page.status_code == 200
    assert 'data-testid="issue-order"' not in page.content.decode()


def test_issue_from_a_case_is_prefilled_and_linked_back(client, password, inspector, clerk, late_case):
    """From the case: its department (fixed), the assignee of its open step as the responsible
    person, its number in the subject, the default reply period; the order is the case's (CASE-15)."""
    login(client, inspector, password)
    url = reverse("oversight:order_issue") + f"?case={late_case.pk}"
    form = client.get(url)
    assert form.status_code == 200
    initial = form.context["form"].initial
    assert initial["responsible"] == clerk.pk
    assert initial["department"] == late_case.department_id
    assert initial["reply_workdays"] == 5
    assert late_case.number in initial["subject"]
    assert "延误原因" in initial["requirement"]  # the case is past its limit
    assert form.context["form"].fields["department"].disabled
    html = form.content.decode()
    assert 'data-testid="default-due"' in html
    assert f'name="case" value="{late_case.pk}"' in html
    response = client.post(
        url,
        {
            "case": late_case.pk,
            "subject": initial["subject"],
            "requirement": initial["requirement"],
            "responsible": clerk.pk,
            "reply_workdays": 5,
        },
    )
    order = SupervisionOrder.objects.get()
    assert response.status_code == 302
    assert (order.case, order.department, order.source) == (late_case, late_case.department, "case")
    assert order.responsible == clerk
    page = client.get(reverse("cases:case_detail", args=[late_case.pk])).content.decode()
    assert order.number in page


def test_issue_from_a_case_outside_the_scope_is_not_found(client, password, late_case, other_body):
    outsider = account_with_role("discipline_inspector", unit=other_body, username="insp-x")
    login(client, outsider, password)
    assert client.get(reverse("oversight:order_issue") + f"?case={late_case.pk}").status_code == 404
    assert client.get(reverse("oversight:order_issue") + "?case=abc").status_code == 404
    assert client.get(reverse("oversight:order_issue") + "?case=999999").status_code == 404


def test_verify_page_is_refused_to_the_responsible_person_and_other_leaders(
    client, password, inspector, leader, department, body
):
    """OVS-21 on the pages: the verify form is 403 for the deputy who replied and for a leader who
    did not issue the order, and its button shows only to the issuing office."""
    deputy = account_with_role("deputy_leader", unit=body, username="deputy-v", full_name="陈副局长")
    order = make_order(inspector, deputy, department)
    order_reply(
        actor=deputy, order=order, reason="r", progress="p", new_deadline=clock.now() + dt.timedelta(days=9)
    )
    for user in (deputy, leader):
        login(client, user, password)
        assert client.get(reverse("oversight:order_verify", args=[order.pk])).status_code == 403
        detail = client.get(reverse("oversight:order_detail", args=[order.pk]))
        assert "verify" not in detail.context["actions"]
        client.logout()
    login(client, inspector, password)
    assert "verify" in client.get(reverse("oversight:order_detail", args=[order.pk])).context["actions"]


def test_issue_form_shows_refusals_on_the_form(client, password, inspector, clerk, department):
    login(client, inspector, password)
    response = client.post(
        reverse("oversight:order_issue"),
        {
            "subject": " ",
            "requirement": "r",
            "department": department.pk,
            "responsible": clerk.pk,
            "reply_workdays": 5,
        },
    )
    assert response.status_code == 422
    assert not SupervisionOrder.objects.exists()


def test_clerk_may_not_issue(client, password, clerk):
    login(client, clerk, password)
    assert client.get(reverse("oversight:order_issue")).status_code == 403
    assert client.get(reverse("oversight:order_list")).status_code == 403


def test_reply_verify_close_pages(client, password, inspector, clerk, department):
    order = make_order(inspector, clerk, department)
    login(client, clerk, password)
    mine = client.get(reverse("oversight:my_orders")).content.decode()
    assert order.number in mine
    url = reverse("oversight:order_reply", args=[order.pk])
    day = (clock.local(clock.now()) + dt.timedelta(days=10)).date().isoformat()
    bad = client.post(url, {"reason": "", "progress": "p", "new_deadline": day, "version": order.version})
    assert bad.status_code == 422
    ok = client.post(
        url, {"reason": "材料不全", "progress": "已补正", "new_deadline": day, "version": order.version}
    )
    assert ok.status_code == 302
    order.refresh_from_db()
    assert order.status == OrderStatus.REPLIED
    assert client.get(reverse("oversight:order_verify", args=[order.pk])).status_code == 403

    client.logout()
    login(client, inspector, password)
    url = reverse("oversight:order_verify", args=[order.pk])
    assert client.post(url, {"accepted": "0", "note": "", "version": order.version}).status_code == 422
    assert client.post(url, {"accepted": "1", "note": "属实", "version": order.version}).status_code == 302
    order.refresh_from_db()
    stale = client.post(reverse("oversight:order_close", args=[order.pk]), {"note": "", "version": 1})
    assert stale.status_code == 409
    done = client.post(
        reverse("oversight:order_close", args=[order.pk]), {"note": "按期办结", "version": order.version}
    )
    assert done.status_code == 302
    page = client.get(reverse("oversight:order_detail", args=[order.pk])).content.decode()
    assert "材料不全" in page
    assert "按期办结" in page


def test_register_filters(client, password, inspector, clerk, department):
    first = make_order(inspector, clerk, department, reply_workdays=1)
    second = make_order(inspector, clerk, department)
    login(client, inspector, password)
    url = reverse("oversight:order_list")
    assert client.get(url).context["page"].paginator.count == 2
    SupervisionOrder.objects.filter(pk=first.pk).update(reply_due=clock.now() - dt.timedelta(hours=1))
    rows = client.get(url, {"overdue": "on"}).context["rows"]
    assert [r["order"] for r in rows] == [first]
    assert client.get(url, {"status": "closed"}).context["page"].paginator.count == 0
    assert client.get(url, {"year": str(second.year)}).context["page"].paginator.count == 2
    assert client.get(url, {"department": department.pk}).context["page"].paginator.count == 2
    assert client.get(url, {"year": "abc"}).status_code == 200  # unreadable filters are dropped


def test_order_out_of_scope_is_not_found(client, password, inspector, clerk, department, other_body):
    order = make_order(inspector, clerk, department)
    outsider = account_with_role("discipline_inspector", unit=other_body, username="insp9")
    login(client, outsider, password)
    assert client.get(reverse("oversight:order_detail", args=[order.pk])).status_code == 404
    assert client.get(reverse("oversight:order_print", args=[order.pk, "pdf"])).status_code == 404


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed")
def test_print_pdf_reads_back(client, password, inspector, clerk, department):
    order = make_order(inspector, clerk, department)
    order_reply(
        actor=clerk,
        order=order,
        reason="现场核查延误",
        progress="已完成核查",
        new_deadline=clock.now() + dt.timedelta(days=9),
    )
    order.refresh_from_db()
    order_verify(actor=inspector, order=order, accepted=True, note="情况属实")
    login(client, inspector, password)
    response = client.get(reverse("oversight:order_print", args=[order.pk, "pdf"]))
    assert response["Content-Type"] == "application/pdf"
    pdf = b"".join(response.streaming_content)
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    flat = "".join(text.split())
    for expected in (
        "督办通知书",
        order.number,
        "危险化学品经营许可证初审逾期",
        "张承办",
        "现场核查延误",
        "已完成核查",
        "情况属实",
    ):
        assert expected in flat, expected


def test_print_docx_reads_back(client, password, inspector, clerk, department):
    from docx import Document

    order = make_order(inspector, clerk, department)
    order_reply(
        actor=clerk,
        order=order,
        reason="现场核查延误",
        progress="已完成核查",
        new_deadline=clock.now() + dt.timedelta(days=9),
    )
    login(client, clerk, password)
    response = client.get(reverse("oversight:order_print", args=[order.pk, "docx"]))
    assert response.status_code == 200
    document = Document(io.BytesIO(b"".join(response.streaming_content)))
    text = "\n".join(p.text for p in document.paragraphs)
    cells = "\n".join(c.text for t in document.tables for row in t.rows for c in row.cells)
    assert "督办通知书" in text
    assert order.number in text
    assert "现场核查延误" in cells
    assert "危险化学品经营许可证初审逾期" in cells
