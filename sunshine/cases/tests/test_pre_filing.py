"""先行调查取证 and 补办立案 (CASE-146): a penalty case investigated before filing (out-of-area
enforcement, or a matter needing immediate action) must have its 立案审批表 backfilled within 5
working days instead of the ordinary 7 to decide on filing. Service, API and the register page."""

from __future__ import annotations

import datetime as dt

import pytest

from sunshine.cases import penalty
from sunshine.cases.models import Case, PreFiling
from sunshine.cases.tests import test_api, test_clock_views
from sunshine.cases.tests.test_penalty import RECEIVED, day, penalty_version, reported  # noqa: F401
from sunshine.cases.tests.test_services import permit, register  # noqa: F401 (fixture)
from sunshine.core import clock
from sunshine.core.errors import InvalidInput
from sunshine.core.models import AuditRecord

pytestmark = pytest.mark.django_db
API = "/api/v1/cases"


def backfilled(clerk, version, **kwargs):
    fields = {"pre_filing_reason": "out_of_area", "pre_filing_note": "在邻县执法检查时发现，当场调查取证"}
    with clock.as_of(RECEIVED):
        return register(clerk, version, received=[], received_at=RECEIVED, **{**fields, **kwargs})


def test_a_backfilled_filing_runs_5_working_days_and_says_why(clerk, penalty_version):  # noqa: F811
    """CASE-146: reported Monday 2 March, backfilled within 5 working days: Monday 9 March."""
    case = backfilled(clerk, penalty_version)
    assert day(case.due_at) == dt.date(2026, 3, 9)
    filing = penalty.stage_clocks(case)[0]
    assert (filing.key, filing.rule, filing.amount) == ("filing", "CASE-146", 5)
    assert filing.label == "补办立案"
    assert "异地执法" in filing.note
    assert "在邻县执法检查时发现" in filing.note
    assert "5个工作日" in filing.note
    pre = PreFiling.objects.get(case=case)
    assert (pre.reason, pre.recorded_by) == ("out_of_area", clerk)
    audit = AuditRecord.objects.get(action="cases.pre_filing")
    assert audit.actor == clerk
    assert AuditRecord.objects.filter(action="cases.penalty_clock", object_id=str(case.pk)).exists()


def test_an_ordinary_penalty_case_keeps_7_working_days(reported):  # noqa: F811
    assert day(reported.due_at) == dt.date(2026, 3, 11)
    filing = penalty.stage_clocks(reported)[0]
    assert (filing.amount, filing.note, filing.label) == (7, "", "立案")
    assert not PreFiling.objects.exists()


def test_immediate_action_is_a_reason_too(clerk, penalty_version):  # noqa: F811
    case = backfilled(clerk, penalty_version, pre_filing_reason="immediate", pre_filing_note="险情紧急")
    assert "需立即采取措施" in penalty.stage_clocks(case)[0].note


@pytest.mark.parametrize(
    ("reason", "note", "field"),
    [
        ("somewhere", "说明", "pre_filing_reason"),
        ("out_of_area", "  ", "pre_filing_note"),
        ("", "只有说明", "pre_filing_reason"),
    ],
)
def test_bad_marks_are_refused_with_their_field(clerk, penalty_version, reason, note, field):  # noqa: F811
    with pytest.raises(InvalidInput) as error:
        backfilled(clerk, penalty_version, pre_filing_reason=reason, pre_filing_note=note)
    assert error.value.field == field
    assert not Case.objects.exists()


def test_only_a_penalty_item_may_be_investigated_first(clerk, permit):  # noqa: F811
    with pytest.raises(InvalidInput) as error:
        backfilled(clerk, permit)
    assert error.value.field == "pre_filing_reason"
    assert error.value.code == "pre_filing_not_penalty"
    assert not Case.objects.exists()


def test_registering_through_the_api(clerk, penalty_version):  # noqa: F811
    api = test_api.client_for(clerk)
    body = {
        "power_version": penalty_version.pk,
        "subject": "未按规定储存烟花爆竹",
        "applicant_kind": "organisation",
        "applicant_name": "示范县红星烟花店",
        "applicant_contact": "13800000000",
        "pre_filing_reason": "immediate",
        "pre_filing_note": "现场存在重大安全隐患，立即调查取证",
    }
    created = api.post(f"{API}/", body, content_type="application/json")
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    stages = api.get(f"{API}/{pk}/penalty-clocks").json()["stages"]
    filing = stages[0]
    assert (filing["key"], filing["amount"], filing["rule"]) == ("filing", 5, "CASE-146")
    assert "需立即采取措施" in filing["note"]
    refused = api.post(f"{API}/", {**body, "pre_filing_note": ""}, content_type="application/json")
    assert refused.status_code in (400, 422)
    assert refused.json()["field"] == "pre_filing_note"


def test_the_register_page_offers_the_mark_for_penalty_items_only(clerk, penalty_version, permit):  # noqa: F811
    web = test_clock_views.client_for(clerk)
    penalty_page = web.get(f"/cases/new/?version={penalty_version.pk}").content.decode()
    assert 'data-testid="pre-filing"' in penalty_page
    assert "异地执法" in penalty_page
    permit_page = web.get(f"/cases/new/?version={permit.pk}").content.decode()
    assert 'data-testid="pre-filing"' not in permit_page
    form = {
        "version": penalty_version.pk,
        "subject": "未按规定储存烟花爆竹",
        "applicant_kind": "organisation",
        "applicant_name": "示范县红星烟花店",
        "applicant_contact": "13800000000",
        "pre_filing_reason": "out_of_area",
        "pre_filing_note": "",
    }
    refused = web.post("/cases/new/", form)
    assert refused.status_code == 422
    assert 'data-testid="error-pre_filing_note"' in refused.content.decode()
    done = web.post("/cases/new/", {**form, "pre_filing_note": "在邻县执法检查时发现"})
    assert done.status_code == 302, done.content.decode()[:2000]
    case = Case.objects.get()
    assert penalty.filing_limit(case) == 5
    page = web.get(f"/cases/{case.pk}/").content.decode()
    assert 'data-testid="stage-note"' in page
    assert "补办立案" in page
