"""加签 and 会签/或签 in the API (/api/v1/cases/tasks/<pk>/signatures, /sign, /countersigners;
ADR 0006, TASK-6/7): refusals are 4xx with the rule or the field; the flow moves on once."""

from __future__ import annotations

import pytest

from sunshine.cases.tests import test_actions, test_signers
from sunshine.cases.tests.test_actions import open_task
from sunshine.cases.tests.test_api import API, client_for

pytestmark = pytest.mark.django_db
JSON = "application/json"

permit, at_site_check = test_actions.permit, test_actions.at_site_check
team, handlers = test_signers.team, test_signers.handlers


def test_after_signer_through_the_api(clerk, team, at_site_check):
    case, task = at_site_check, open_task(at_site_check)
    api, boss = client_for(clerk), client_for(team["leader"])
    url = f"{API}/tasks/{task.pk}"
    outsider = api.post(
        f"{url}/signatures", {"signer": team["outsider"].pk, "phase": "after"}, content_type=JSON
    )
    assert outsider.status_code == 422
    assert outsider.json()["rule"]["id"] == "TASK-6"
    bad = api.post(f"{url}/signatures", {"signer": team["leader"].pk, "phase": "x"}, content_type=JSON)
    assert bad.status_code == 400
    assert bad.json()["field"] == "phase"
    added = api.post(
        f"{url}/signatures",
        {"signer": team["leader"].pk, "phase": "after", "note": "请把关"},
        content_type=JSON,
    )
    assert added.status_code == 200, added.content
    early = boss.post(f"{url}/sign", {"opinion": "agree"}, content_type=JSON)
    assert early.status_code == 409
    done = api.post(f"{url}/complete", {"opinion": "核查属实"}, content_type=JSON)
    assert done.status_code == 200, done.content
    assert ("现场核查", "open") in {(t["name"], t["status"]) for t in done.json()["tasks"]}
    signed = boss.post(f"{url}/sign", {"opinion": "agree", "text": "同意"}, content_type=JSON)
    assert signed.status_code == 200, signed.content
    assert ("现场核查", "done") in {(t["name"], t["status"]) for t in signed.json()["tasks"]}
    rows = api.get(f"{url}/signatures").json()
    assert [(r["signer_name"], r["phase"], r["opinion"]) for r in rows] == [("王副局长", "after", "agree")]
    log = [a["kind"] for a in api.get(f"{API}/{case.pk}/actions").json()]
    assert log == ["add_signer", "sign", "sign"]  # added, the owner's held completion, the signature


def test_countersign_through_the_api(clerk, team, handlers, permit):
    test_signers.countersign_chart(permit, "Task_onsite", "all")
    _case, task = test_signers.reach(clerk, permit, "现场核查", team["a"])
    api = client_for(team["a"])
    url = f"{API}/tasks/{task.pk}"
    refused = api.post(f"{url}/complete", {"opinion": "同意"}, content_type=JSON)
    assert refused.status_code == 422
    assert refused.json()["rule"]["id"] == "TASK-7"
    wrong = api.put(f"{url}/countersigners", {"signers": [team["outsider"].pk]}, content_type=JSON)
    assert wrong.status_code == 422
    named = api.put(f"{url}/countersigners", {"signers": [team["a"].pk]}, content_type=JSON)
    assert named.status_code == 200, named.content
    signed = api.post(f"{url}/sign", {"opinion": "agree", "text": "现场符合"}, content_type=JSON)
    assert signed.status_code == 200, signed.content
    assert ("现场核查", "done") in {(t["name"], t["status"]) for t in signed.json()["tasks"]}
    again = client_for(team["b"]).post(f"{url}/sign", {"opinion": "agree"}, content_type=JSON)
    assert again.status_code == 409


def test_countersigners_page(clerk, team, handlers, permit):
    """指定会签人 on its page: the post's holders and the department offered, the choice saved;
    someone not of the post is turned away."""
    test_signers.countersign_chart(permit, "Task_onsite", "any")
    case, task = test_signers.reach(clerk, permit, "现场核查", team["a"])
    page = client_for(team["a"])
    url = f"/cases/tasks/{task.pk}/countersigners/"
    shown = page.get(url)
    assert shown.status_code == 200
    assert "同事乙" in shown.content.decode()
    detail = page.get(f"/cases/{case.pk}/").content.decode()
    assert 'data-testid="set-signers"' in detail
    assert 'data-testid="countersign-mode"' in detail
    saved = page.post(url, {"signers": [str(team["b"].pk)]})
    assert saved.status_code == 302
    assert [s.signer for s in test_signers.sign_state.pending(task)] == [team["b"]]
    assert client_for(team["leader"]).get(url).status_code in (403, 404)
