"""Core pages: workbench, inbox, audit browser, error pages; permissions, htmx partials, query counts."""

from __future__ import annotations

import datetime as dt

import pytest

from sunshine.core import clock
from sunshine.core.audit import audit_record, link_pending
from sunshine.core.models import AuditRecord, Notification
from sunshine.core.notifications import notify
from sunshine.core.tests.conftest import audit_actions

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def as_user(client):
    def _as(user):
        client.force_login(user)
        return client

    return _as


@pytest.fixture
def warm(as_user):
    """Logged in and past the first request, which also starts the idle clock (a session write)."""

    def _warm(user):
        client = as_user(user)
        client.get("/messages/")
        return client

    return _warm


def inbox_of(user, n: int, link: str = "") -> list[Notification]:
    notes = []
    for i in range(n):
        notes += notify(actor=None, recipients=[user], title=f"第{i + 1}条消息", body="正文", link=link)
    return notes


# --- Workbench and inbox ---------------------------------------------------------------------------


def test_workbench_greets_and_shows_unread_messages(as_user, clerk):
    inbox_of(clerk, 2)
    html = as_user(clerk).get("/").content.decode()
    assert "张承办，您好" in html
    assert "第2条消息" in html
    assert 'data-testid="unread-count">2<' in html


@pytest.mark.parametrize("messages", [1, 12])
def test_workbench_query_count_does_not_grow_with_messages(warm, clerk, messages, django_assert_num_queries):
    inbox_of(clerk, messages)
    client = warm(clerk)
    with django_assert_num_queries(5):
        assert client.get("/").status_code == 200


@pytest.mark.parametrize("messages", [2, 40])
def test_message_list_query_count_does_not_grow_with_messages(
    warm, clerk, messages, django_assert_num_queries
):
    inbox_of(clerk, messages)
    client = warm(clerk)
    with django_assert_num_queries(6):
        response = client.get("/messages/")
    assert len(response.context["page"].object_list) == min(messages, 30)


def test_message_list_shows_only_own_messages(as_user, clerk, leader):
    inbox_of(leader, 1)
    inbox_of(clerk, 1)
    page = as_user(clerk).get("/messages/").context["page"]
    assert [n.recipient_id for n in page.object_list] == [clerk.pk]


def test_htmx_mark_as_read_swaps_the_item_and_the_unread_count(as_user, clerk):
    first, _second = inbox_of(clerk, 2)
    response = as_user(clerk).post(f"/messages/{first.pk}/read/", **HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert f'id="note-{first.pk}"' in html
    assert "已读于" in html
    assert 'hx-swap-oob="outerHTML:.inbox-link"' in html
    assert 'data-testid="unread-count">1<' in html
    first.refresh_from_db()
    assert first.read_at is not None
    assert audit_actions(action="core.notification_read") == ["core.notification_read"]


def test_opening_a_message_records_the_receipt_and_follows_its_link(as_user, clerk):
    (note,) = inbox_of(clerk, 1, link="/audit/")
    response = as_user(clerk).post(f"/messages/{note.pk}/read/")
    assert response["Location"] == "/audit/"
    note.refresh_from_db()
    assert note.read_at is not None


def test_a_link_to_another_site_is_not_followed(as_user, clerk):
    (note,) = inbox_of(clerk, 1, link="https://evil.example/")
    assert as_user(clerk).post(f"/messages/{note.pk}/read/")["Location"] == "/messages/"


def test_someone_elses_message_is_not_found(as_user, clerk, leader):
    (note,) = inbox_of(leader, 1)
    response = as_user(clerk).post(f"/messages/{note.pk}/read/")
    assert response.status_code == 404
    assert "记录不存在" in response.content.decode()
    note.refresh_from_db()
    assert note.read_at is None


def test_mark_all_read(as_user, clerk):
    inbox_of(clerk, 3)
    response = as_user(clerk).post("/messages/read-all/", follow=True)
    assert "已将3条消息标为已读" in response.content.decode()
    assert not Notification.objects.filter(recipient=clerk, read_at__isnull=True).exists()


# --- The audit browser -------------------------------------------------------------------------------


@pytest.fixture
def trail(clerk, leader, frozen_clock):
    frozen_clock.now = dt.datetime(2026, 3, 2, 1, 0, tzinfo=dt.UTC)  # 09:00 in Beijing, 2 March
    audit_record(actor=clerk, action="org.unit_update", target=clerk)
    frozen_clock.advance(days=1)
    audit_record(actor=leader, action="org.person_update", target=leader)
    frozen_clock.advance(days=1)
    audit_record(actor=leader, action="auth.login", target=leader)
    link_pending()


def actions_shown(response) -> list[str]:
    return [r.action for r in response.context["page"].object_list]


def test_audit_admin_sees_the_trail_and_the_chain_head(as_user, auditor, trail):
    response = as_user(auditor).get("/audit/")
    assert actions_shown(response) == ["auth.login", "org.person_update", "org.unit_update"]
    head = AuditRecord.objects.order_by("-seq").first()
    html = response.content.decode()
    assert f"链头：第 {head.seq} 条" in html
    assert head.hash in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("actor=leader", ["auth.login", "org.person_update"]),
        ("actor=李局长", ["auth.login", "org.person_update"]),
        ("actor=LEADER", ["auth.login", "org.person_update"]),
        ("actor=nobody", []),
        ("action=org.", ["org.person_update", "org.unit_update"]),
        ("action=auth.login", ["auth.login"]),
        ("object_type=core.user&object_id={clerk}", ["org.unit_update"]),
        ("since=2026-03-03", ["auth.login", "org.person_update"]),
        ("until=2026-03-03", ["org.person_update", "org.unit_update"]),
        ("since=2026-03-03&until=2026-03-03", ["org.person_update"]),
    ],
)
def test_audit_browser_filters(as_user, auditor, trail, clerk, query, expected):
    response = as_user(auditor).get("/audit/?" + query.format(clerk=clerk.pk))
    assert actions_shown(response) == expected


def test_a_reversed_date_range_is_an_error_on_the_field(as_user, auditor, trail):
    response = as_user(auditor).get("/audit/?since=2026-03-04&until=2026-03-02")
    assert actions_shown(response) == []
    assert "截止日期不能早于起始日期" in response.content.decode()


def test_htmx_filtering_returns_the_browser_only(as_user, auditor, trail):
    response = as_user(auditor).get("/audit/?action=auth.", **HTMX)
    html = response.content.decode()
    assert "<html" not in html
    assert 'id="audit-browser"' in html
    assert actions_shown(response) == ["auth.login"]


def test_pages_keep_the_filter(as_user, auditor, clerk):
    for i in range(55):
        audit_record(actor=clerk, action="test.step", object_type="test.item", object_id=str(i))
    link_pending()  # the browser lists the chain; on PostgreSQL the linker runs after commit
    response = as_user(auditor).get("/audit/?action=test.&page=2")
    assert len(response.context["page"].object_list) == 5
    assert 'href="?action=test.&page=1"' in response.content.decode()


@pytest.mark.parametrize("records", [3, 80])
def test_audit_list_query_count_does_not_grow_with_records(
    warm, auditor, clerk, records, django_assert_num_queries
):
    for i in range(records):
        audit_record(actor=clerk, action="test.step", object_type="test.item", object_id=str(i))
    link_pending()
    client = warm(auditor)
    with django_assert_num_queries(9):
        assert client.get("/audit/?actor=clerk").status_code == 200


def test_audit_record_detail_page(as_user, auditor, trail):
    record = AuditRecord.objects.get(action="org.person_update")
    html = as_user(auditor).get(f"/audit/{record.pk}/").content.decode()
    assert f"审计记录 #{record.seq}" in html
    assert record.hash in html
    assert record.prev_hash in html
    assert clock.local(record.created_at).strftime("%Y-%m-%d %H:%M:%S") in html
    assert "&quot;action&quot;: &quot;org.person_update&quot;" in html


@pytest.mark.parametrize("path", ["/audit/", "/audit/1/"])
@pytest.mark.parametrize("persona", ["clerk", "leader", "inspector"])
def test_business_users_are_refused_the_audit_browser(request, as_user, trail, path, persona):
    response = as_user(request.getfixturevalue(persona)).get(path)
    assert response.status_code == 403
    html = response.content.decode()
    assert "您没有执行此操作的权限" in html
    assert "审计记录" not in html


@pytest.mark.parametrize("persona", ["sysadmin", "secadmin"])
def test_other_administrators_are_refused_with_the_rule(request, as_user, trail, persona):
    response = as_user(request.getfixturevalue(persona)).get("/audit/")
    assert response.status_code == 403
    html = response.content.decode()
    assert "SEC-6" in html
    assert 'data-testid="rule-basis"' in html


def test_refusal_to_htmx_is_the_message_alone(as_user, clerk):
    response = as_user(clerk).get("/audit/", **HTMX)
    assert response.status_code == 403
    html = response.content.decode()
    assert 'data-testid="domain-error"' in html
    assert "<html" not in html


def test_navigation_shows_the_audit_log_to_the_audit_admin_only(as_user, auditor, clerk, client):
    assert 'href="/audit/"' in as_user(auditor).get("/").content.decode()
    client.logout()
    assert 'href="/audit/"' not in as_user(clerk).get("/").content.decode()


def test_unknown_page_is_a_chinese_404(as_user, clerk):
    response = as_user(clerk).get("/no/such/page/")
    assert response.status_code == 404
    assert "页面或记录不存在" in response.content.decode()


def test_the_browser_lists_the_chain_and_counts_records_waiting_for_the_linker(
    as_user, auditor, clerk, settings
):
    """Deferred linking (PostgreSQL's default): a record written but not yet linked is counted, not
    listed; the linker puts it in the chain."""
    settings.AUDIT_LINK_MODE = "deferred"
    audit_record(actor=clerk, action="test.waiting", object_type="test.item", object_id="1")
    response = as_user(auditor).get("/audit/?action=test.waiting")
    assert list(response.context["page"].object_list) == []
    assert response.context["pending"] >= 1
    link_pending()
    response = as_user(auditor).get("/audit/?action=test.waiting")
    assert [r.action for r in response.context["page"].object_list] == ["test.waiting"]


def test_only_the_longest_matching_navigation_entry_is_current(as_user, clerk):
    """/cases/all/ is under both 我的待办 (/cases/) and 办件 (/cases/all/): only 办件 is current."""
    items = as_user(clerk).get("/cases/all/").context["nav_items"]
    assert [item["url"] for item in items if item["active"]] == ["/cases/all/"]
