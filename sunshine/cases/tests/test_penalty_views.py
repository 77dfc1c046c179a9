"""The case page's penalty clocks (hook), the extension form of the case duration (CASE-157), the
correction deadline on the notice and its printable copy, and the lapse form (CASE-105A)."""

from __future__ import annotations

import datetime as dt

import pytest

from sunshine.cases.choices import CaseStatus
from sunshine.cases.tests.test_clock_views import client_for
from sunshine.cases.tests.test_notice_deadline import correcting  # noqa: F401 (fixture)
from sunshine.cases.tests.test_penalty import FILED, filed, penalty_version, reported  # noqa: F401
from sunshine.core import clock

pytestmark = pytest.mark.django_db


def test_the_case_page_shows_each_stage_with_its_explanation(clerk, leader, filed):  # noqa: F811
    page = client_for(clerk).get(f"/cases/{filed.pk}/").content.decode()
    assert 'data-testid="penalty-clocks"' in page
    assert 'data-stage="filing"' in page
    assert 'data-stage="duration"' in page
    assert "CASE-157" in page
    assert 'data-testid="penalty-extend"' not in page  # the clerk cannot extend
    assert 'data-testid="penalty-extend"' in client_for(leader).get(f"/cases/{filed.pk}/").content.decode()


def test_the_principal_extends_the_duration_and_the_cap_is_shown(clerk, leader, filed):  # noqa: F811
    url = f"/cases/{filed.pk}/penalty-extend/"
    assert client_for(clerk).get(url).status_code == 403
    form = {"total_days": 60, "authority": "principal", "reason": "需要技术鉴定", "document": ""}
    assert client_for(leader).post(url, form).status_code == 302
    refused = client_for(leader).post(url, {**form, "total_days": 100})
    assert refused.status_code == 422
    assert "CASE-157" in refused.content.decode()
    assert "须经上级主管部门" in refused.content.decode()
    page = client_for(leader).get(f"/cases/{filed.pk}/").content.decode()
    assert 'data-testid="penalty-extension"' in page


def test_the_notice_shows_the_correction_deadline(clerk, correcting):  # noqa: F811
    page = client_for(clerk).get(f"/cases/{correcting.pk}/").content.decode()
    assert 'data-testid="correction-deadline"' in page
    assert "2026-03-30" in page
    printed = client_for(clerk).get(f"/cases/{correcting.pk}/notice/").content.decode()
    assert 'data-testid="correction-due"' in printed
    assert "2026年3月30日" in printed


def test_a_lapsed_case_is_ended_from_its_page(clerk, correcting):  # noqa: F811
    with clock.as_of(dt.datetime(2026, 3, 20, 9, 0, tzinfo=clock.LOCAL_TZ)):
        page = client_for(clerk).get(f"/cases/{correcting.pk}/").content.decode()
        assert 'data-testid="notice-lapse"' not in page
        early = client_for(clerk).post(f"/cases/{correcting.pk}/notice-lapse/", {"note": ""})
    assert early.status_code == 422
    assert "CASE-105A" in early.content.decode()
    assert 'data-testid="notice-lapse"' in client_for(clerk).get(f"/cases/{correcting.pk}/").content.decode()
    assert (
        client_for(clerk).post(f"/cases/{correcting.pk}/notice-lapse/", {"note": "未补正"}).status_code == 302
    )
    correcting.refresh_from_db()
    assert correcting.status == CaseStatus.REFUSED
    assert 'data-testid="lapsed"' in client_for(clerk).get(f"/cases/{correcting.pk}/").content.decode()


def test_a_filed_penalty_case_has_no_acceptance_notice_and_names_its_party(clerk, filed):  # noqa: F811
    """A penalty case is filed (立案, CASE-146), not accepted as an application: the page offers no
    行政许可受理通知书 (the party is told by the 行政处罚告知书, CASE-148) and names the party and the
    filing; the print page is not found."""
    assert filed.accepted_at is not None
    client = client_for(clerk)
    page = client.get(f"/cases/{filed.pk}/").content.decode()
    assert 'data-testid="print-acceptance"' not in page
    assert "<dt>当事人</dt>" in page
    assert "<dt>立案时间</dt>" in page
    assert "<dt>申请人</dt>" not in page
    response = client.get(f"/cases/{filed.pk}/acceptance/")
    assert response.status_code == 404
    assert "行政处罚案件经立案办理" in response.content.decode()


def test_the_investigation_form_offers_the_officers_and_refuses_one(clerk, filed):  # noqa: F811
    """CASE-147 on the step form: the enforcement post's holders are offered; one is refused on the
    form with the rule; two complete the step and the case page names them."""
    from sunshine.cases.tests.officers import officers
    from sunshine.org.models import Person

    task = filed.tasks.get(status="open")
    two = officers(filed, task, clerk)
    client = client_for(clerk)
    form = client.get(f"/cases/tasks/{task.pk}/complete/").content.decode()
    assert 'data-testid="investigator-fields"' in form
    prefix = f"task{task.pk}"
    with clock.as_of(FILED + dt.timedelta(days=1)):
        refused = client.post(
            f"/cases/tasks/{task.pk}/complete/",
            {f"{prefix}-investigators": [two[0]], f"{prefix}-opinion": ""},
        )
        assert refused.status_code == 422
        assert "CASE-147" in refused.content.decode()
        done = client.post(f"/cases/tasks/{task.pk}/complete/", {f"{prefix}-investigators": two})
    assert done.status_code == 302
    page = client.get(f"/cases/{filed.pk}/").content.decode()
    assert 'data-testid="penalty-hearing"' in page
    assert 'data-stage="legal_review"' in page
    assert all(person.name in page for person in Person.objects.filter(pk__in=two))


def test_the_hearing_pages_record_the_notice_the_answer_and_the_hearing(clerk, filed):  # noqa: F811
    """CASE-149/150 through the pages: the notice with the party's period, the request, and the
    hearing whose chair may not be the clerk who investigated."""
    from sunshine.org.models import Person
    from sunshine.org.tests.factories import PersonFactory

    client = client_for(clerk)
    page = client.get(f"/cases/{filed.pk}/").content.decode()
    assert 'data-testid="hearing-notice-link"' in page
    when = "2026-03-11T09:00"
    with clock.as_of(dt.datetime(2026, 3, 11, 10, 0, tzinfo=clock.LOCAL_TZ)):
        notice = {"measure": "revoke_licence", "method": "direct", "given_at": when, "measure_text": "吊销"}
        assert client.post(f"/cases/{filed.pk}/hearing-notice/", notice).status_code == 302
        answer = {"answer": "requested", "answered_at": "2026-03-11T09:30", "note": ""}
        assert client.post(f"/cases/{filed.pk}/hearing-answer/", answer).status_code == 302
        office = PersonFactory(unit=filed.body, name="办公室主任乙")
        form = client.get(f"/cases/{filed.pk}/hearing/").content.decode()
        assert "办公室主任乙" in form
        hearing = {
            "held_at": "2026-03-11T09:45",
            "place": "局会议室",
            "attendees": "当事人",
            "record": "笔录",
            "opinion": "维持",
        }
        me = Person.objects.create(unit=filed.department, name="承办人本人", user=clerk)
        filed.tasks.filter(element_id="Task_investigate").update(status="done", completed_by=clerk)
        refused = client.post(f"/cases/{filed.pk}/hearing/", {**hearing, "chair": me.pk})
        assert refused.status_code == 422
        assert "CASE-150" in refused.content.decode()
        assert client.post(f"/cases/{filed.pk}/hearing/", {**hearing, "chair": office.pk}).status_code == 302
    page = client.get(f"/cases/{filed.pk}/").content.decode()
    assert 'data-testid="hearing"' in page
    assert "办公室主任乙" in page
    assert 'data-testid="hearing-answer"' in page


def test_the_register_form_names_the_party_and_evidence_of_a_penalty_item(clerk, penalty_version):  # noqa: F811
    client = client_for(clerk)
    page = client.get(f"/cases/new/?version={penalty_version.pk}", HTTP_HX_REQUEST="true").content.decode()
    for label in ("当事人类型", "当事人", "已收到的证据材料", "违法事实（案由）"):
        assert label in page
    assert "已收到的申请材料" not in page
    full = client.get(f"/cases/new/?version={penalty_version.pk}&applicant_name=某公司").content.decode()
    assert 'value="某公司"' in full  # what was typed stays when the power changes
    assert "已收到的证据材料" in full
    assert "已收到的申请材料" in client.get("/cases/new/").content.decode()
