"""The public pages: reachable without log-in, published data only, nothing of the staff; the case
lookup answers the same for a wrong number and a wrong code and is rate-limited per client; public
pages are cached and a publication shows at once (issue #8 §1, §2, §7, §8, §10)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sunshine.cases.models import Publication
from sunshine.catalog.tests.factories import published
from sunshine.core import clock
from sunshine.disclosure import views
from sunshine.disclosure.models import AuditCheckpoint

pytestmark = pytest.mark.django_db

CATALOG = reverse("disclosure:catalog")
LOOKUP = reverse("disclosure:case_lookup")
STAFF_NAMES = ("张承办", "李局长", "王纪检", "赵法制")


def wrong_code(case) -> str:
    return f"{(int(case.check_code) + 1) % 10**6:06d}"


def test_the_catalogue_needs_no_log_in_and_lists_only_published_powers(client, permit, draft):
    response = client.get(CATALOG)
    assert response.status_code == 200
    text = response.content.decode()
    assert permit.name in text
    assert draft.name not in text
    assert reverse("disclosure:power", args=[permit.item_id]) in text
    assert "/public/petitions/" in text  # the public layout's nav


def test_the_catalogue_search_filters(client, permit):
    assert permit.name in client.get(CATALOG, {"q": "烟花"}).content.decode()
    missing = client.get(CATALOG, {"q": "不存在的事项"})
    assert permit.name not in missing.content.decode()
    assert 'data-testid="no-results"' in missing.content.decode()
    # a stale choice in a link is ignored rather than failing the page
    assert client.get(CATALOG, {"category": "bogus", "body": "x"}).status_code == 200


def test_the_power_page_shows_what_the_public_needs_and_no_staff_data(client, permit):
    response = client.get(reverse("disclosure:power", args=[permit.item_id]))
    assert response.status_code == 200
    text = response.content.decode()
    for expected in (
        "烟花爆竹安全管理条例",  # legal basis
        "有符合规定的经营场所和储存设施",  # conditions
        "营业执照复印件",  # materials
        "不收费",  # fees
        "审查时降低标准、吃拿卡要",  # risk point
        "科室负责人复核",  # its measure
        "县纪委监委举报电话 12388",  # complaint channel
        "data-flow-viewer",  # the flowchart
    ):
        assert expected in text, expected
    for name in STAFF_NAMES:
        assert name not in text
    assert "承办岗XK-001" not in text  # responsibilities are staff organisation, not shown
    assert "审核意见" not in text
    assert "审核记录" not in text


def test_a_draft_power_page_is_not_found(client, draft):
    response = client.get(reverse("disclosure:power", args=[draft.item_id]))
    assert response.status_code == 404
    assert draft.name not in response.content.decode()


def test_lookup_shows_the_case_progress_and_nothing_about_people(client, case):
    response = client.post(LOOKUP, {"number": case.number, "check_code": case.check_code})
    assert response.status_code == 200
    text = response.content.decode()
    assert case.number in text
    assert "受理审查" in text
    assert 'data-testid="step-row"' in text
    for private in ("13800000000", "91330000MA0000000X", *STAFF_NAMES):
        assert private not in text, private
    assert response["Cache-Control"] == "no-store"


def test_a_wrong_number_and_a_wrong_code_get_the_same_answer(client, case):
    by_code = client.post(LOOKUP, {"number": case.number, "check_code": wrong_code(case)})
    by_number = client.post(LOOKUP, {"number": "XX-2099-000001", "check_code": case.check_code})
    assert by_code.status_code == by_number.status_code == 422
    assert by_code.context["error"] == by_number.context["error"]
    assert "受理编号或查询码不正确" in by_code.content.decode()
    assert "受理审查" not in by_code.content.decode()


def test_lookup_input_errors_name_their_field(client):
    response = client.post(LOOKUP, {"number": "", "check_code": "12ab"})
    assert response.status_code == 422
    assert response.context["form"].errors == {
        "number": ["请填写受理编号"],
        "check_code": ["查询码是6位数字"],
    }


def test_lookups_are_rate_limited_per_client(client, case):
    attempts = views.LOOKUP_LIMIT.attempts
    for _ in range(attempts):
        assert client.post(LOOKUP, {"number": case.number, "check_code": wrong_code(case)}).status_code == 422
    # over the limit even the right code is refused, with the same page for everyone
    refused = client.post(LOOKUP, {"number": case.number, "check_code": case.check_code})
    assert refused.status_code == 429
    assert "查询次数过多" in refused.content.decode()
    assert int(refused["Retry-After"]) > 0
    # another client is not held back
    other = client.post(
        LOOKUP, {"number": case.number, "check_code": case.check_code}, REMOTE_ADDR="10.0.0.99"
    )
    assert other.status_code == 200


def test_published_results_are_listed(client, case, clerk):
    Publication.objects.create(  # the cases app's service is tested there; here: what the portal shows
        case=case,
        body=case.body,
        title="烟花爆竹经营（零售）许可办理结果公示",
        content="示范县红星烟花店：准予许可。",
        channel="门户网站",
        starts_on=clock.today(),
        min_workdays=7,
        earliest_end=clock.today(),
        published_by=clerk,
    )
    text = client.get(reverse("disclosure:results")).content.decode()
    assert "示范县红星烟花店：准予许可。" in text
    assert "张承办" not in text  # who published it is staff data


def test_checkpoints_page_and_json(client, as_system, permit):
    from sunshine.disclosure.services import checkpoint_record

    checkpoint = checkpoint_record()
    text = client.get(reverse("disclosure:checkpoints")).content.decode()
    assert checkpoint.head_hash in text
    assert "sunshine audit verify --checkpoint" in text
    data = client.get(reverse("disclosure:checkpoints_json")).json()
    assert data["checkpoints"] == [
        {"day": checkpoint.day.isoformat(), "count": checkpoint.count, "hash": checkpoint.head_hash}
    ]


def test_public_pages_are_cached_and_a_publication_shows_at_once(
    client, permit, clerk, department, legal_reviewer, inspector, leader
):
    first = client.get(CATALOG)
    assert first["X-Portal-Cache"] == "miss"
    second = client.get(CATALOG)
    assert second["X-Portal-Cache"] == "hit"
    assert second.content == first.content
    other = published(
        clerk, department, legal_reviewer, inspector, leader, code="XK-002", name="危险化学品经营许可"
    )
    after = client.get(CATALOG)
    assert after["X-Portal-Cache"] == "miss"
    assert other.name in after.content.decode()


def test_a_new_checkpoint_invalidates_the_checkpoint_page(client, as_system, permit):
    from sunshine.disclosure.services import checkpoint_record

    page = reverse("disclosure:checkpoints")
    client.get(page)
    assert client.get(page)["X-Portal-Cache"] == "hit"
    checkpoint = checkpoint_record()
    response = client.get(page)
    assert response["X-Portal-Cache"] == "miss"
    assert checkpoint.head_hash in response.content.decode()
    assert AuditCheckpoint.objects.count() == 1


def test_the_lookup_page_is_not_cached(client):
    client.get(LOOKUP)
    assert "X-Portal-Cache" not in client.get(LOOKUP)


def test_the_client_is_the_proxys_last_forwarded_address_only_behind_a_proxy(rf, settings):
    from sunshine.disclosure.ratelimit import client_key

    forged = rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="1.1.1.1, 2.2.2.2")
    settings.PORTAL_TRUST_FORWARDED_FOR = False
    assert client_key(forged) == client_key(rf.get("/", REMOTE_ADDR="10.0.0.1"))
    settings.PORTAL_TRUST_FORWARDED_FOR = True
    assert client_key(forged) == client_key(rf.get("/", REMOTE_ADDR="2.2.2.2"))
    assert client_key(forged) != client_key(rf.get("/", REMOTE_ADDR="1.1.1.1"))


def test_the_catalogue_page_takes_a_fixed_number_of_queries(
    client, permit, clerk, department, legal_reviewer, inspector, leader, django_assert_num_queries
):
    """Publication token (5: items, results, checkpoints, public-comment periods and their entries;
    read once per interval), the bodies (kept until the next publication),
    the count and the page's rows: as many queries for one row as for twenty (STYLE §6)."""
    published(clerk, department, legal_reviewer, inspector, leader, code="XK-002", name="危险化学品经营许可")
    with django_assert_num_queries(8):
        response = client.get(CATALOG, {"q": "许可"})
    assert response.content.decode().count('data-testid="power-row"') == 2
    with django_assert_num_queries(2):  # token and bodies remembered: count and rows only
        client.get(CATALOG, {"q": "许可", "page": "1"})
