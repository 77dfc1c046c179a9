"""A body's cadres settings on one page and in /api/v1/cadres/settings/<body> (SUP-247, SUP-116 (3),
SUP-246, SUP-253, SUP-221..233, SUP-115): defaults, bounds with the field named, the organisation or
discipline office of the body only, a stale edit refused (AUD-3), each changed area audited."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from sunshine.cadres import body_settings as bs
from sunshine.cadres.evaluation.services import settings_for
from sunshine.cadres.talks.models import TalkSettings
from sunshine.cadres.talks.services import settings_of
from sunshine.core.errors import Conflict, InvalidInput, NotFound, NotPermitted
from sunshine.core.models import AuditRecord
from sunshine.org.tests.factories import UserFactory, account_with_role


@pytest.fixture
def office(body):
    return account_with_role("office_clerk", unit=body, username="office", full_name="郑办公室")


def test_a_body_without_rows_reads_the_product_defaults(inspector, body):
    read = bs.settings_get(actor=inspector, body=body)
    assert read.values["inquiry_reply_workdays"] == 15
    assert read.values["pass_rate_threshold"] == Decimal("60.00")
    assert read.values["admonition_effect_months"] == 6
    assert read.values["opinion_workdays"] == 5
    assert read.on_defaults == {"talks", "evaluation", "reports", "integrity"}
    assert read.versions == {"talks": 1, "evaluation": 1, "reports": 1, "integrity": 1}


def test_the_discipline_office_changes_the_reply_limit_and_it_is_used(inspector, body):
    read = bs.settings_get(actor=inspector, body=body)
    bs.settings_save(actor=inspector, body=body, expected_versions=read.versions, inquiry_reply_workdays=10)
    assert settings_of(body).inquiry_reply_workdays == 10
    audit = AuditRecord.objects.get(action="cadres.settings_talks")
    assert audit.actor_id == inspector.pk
    assert not AuditRecord.objects.filter(action="cadres.settings_evaluation").exists()  # untouched


def test_the_organisation_office_changes_the_threshold(office, body):
    read = bs.settings_get(actor=office, body=body)
    saved = bs.settings_save(
        actor=office, body=body, expected_versions=read.versions, pass_rate_threshold="55.5"
    )
    assert settings_for(body).pass_rate_threshold == Decimal("55.50")
    assert saved.versions["evaluation"] == 2


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("inquiry_reply_workdays", 0),
        ("inquiry_reply_workdays", 61),
        ("pass_rate_threshold", "0"),
        ("pass_rate_threshold", "100.01"),
        ("pass_rate_threshold", "abc"),
        ("absence_written_days", 0),
        ("rectification_months", 25),
    ],
)
def test_a_value_out_of_bounds_is_refused_naming_the_field(inspector, body, name, value):
    read = bs.settings_get(actor=inspector, body=body)
    with pytest.raises(InvalidInput) as refused:
        bs.settings_save(actor=inspector, body=body, expected_versions=read.versions, **{name: value})
    assert refused.value.field == name
    assert bs.label_of(bs.FIELD[name]) in str(refused.value.message)


def test_the_bounds_themselves_are_accepted(inspector, body):
    read = bs.settings_get(actor=inspector, body=body)
    bs.settings_save(
        actor=inspector,
        body=body,
        expected_versions=read.versions,
        inquiry_reply_workdays=60,
        pass_rate_threshold="100",
        notice_days_section=0,
    )
    assert settings_of(body).inquiry_reply_workdays == 60


def test_a_stale_edit_is_refused(inspector, office, body):
    """AUD-3: two people read version 1; the second save is refused, nothing of it written."""
    first = bs.settings_get(actor=inspector, body=body)
    second = bs.settings_get(actor=office, body=body)
    bs.settings_save(actor=inspector, body=body, expected_versions=first.versions, inquiry_reply_workdays=10)
    with pytest.raises(Conflict) as refused:
        bs.settings_save(
            actor=office, body=body, expected_versions=second.versions, inquiry_reply_workdays=20
        )
    assert refused.value.field == "version"
    assert TalkSettings.objects.get(body=body).inquiry_reply_workdays == 10


def test_another_bodys_settings_are_not_found(inspector, other_body):
    with pytest.raises(NotFound):
        bs.settings_get(actor=inspector, body=other_body)


def test_someone_without_either_permission_is_refused(body):
    with pytest.raises(NotPermitted):
        bs.settings_get(actor=UserFactory(), body=body)


def test_the_page_shows_and_saves_and_refuses_bad_input(client, inspector, body):
    client.force_login(inspector)
    url = reverse("cadres:settings")
    page = client.get(url)
    assert page.status_code == 200
    assert "函询回复期限（工作日）" in page.content.decode()
    read = bs.settings_get(actor=inspector, body=body)
    data = {f"version_{k}": v for k, v in read.versions.items()}
    data.update({k: str(v) for k, v in read.values.items()})
    data["inquiry_reply_workdays"] = "0"
    refused = client.post(url, data)
    assert refused.status_code == 422
    assert "函询回复期限（工作日）" in refused.content.decode()
    assert "1至60" in refused.content.decode()
    data["inquiry_reply_workdays"] = "12"
    assert client.post(url, data).status_code == 302
    assert settings_of(body).inquiry_reply_workdays == 12
    stale = client.post(url, data | {"inquiry_reply_workdays": "13"})  # the versions read before
    assert stale.status_code == 409


def test_the_api_reads_and_updates_with_versions(inspector, body, other_body):
    api = APIClient()
    api.force_authenticate(inspector)
    url = reverse("api-cadres-settings", args=[body.pk])
    read = api.get(url).json()
    assert read["inquiry_reply_workdays"] == 15
    assert read["pass_rate_threshold"] == "60.00"
    changed = api.put(url, {"versions": read["versions"], "pass_rate_threshold": "65"}, format="json")
    assert changed.status_code == 200
    assert changed.json()["pass_rate_threshold"] == "65.00"
    stale = api.put(url, {"versions": read["versions"], "pass_rate_threshold": "70"}, format="json")
    assert stale.status_code == 409
    bad = api.put(url, {"versions": changed.json()["versions"], "inquiry_reply_workdays": 99}, format="json")
    assert bad.status_code == 400
    assert api.get(reverse("api-cadres-settings", args=[other_body.pk])).status_code == 404


@pytest.mark.parametrize(
    ("area", "name", "new"),
    [
        ("talks", "admonition_effect_months", 12),
        ("evaluation", "pass_rate_threshold", "55.00"),
        ("reports", "matter_written_days", 3),
        ("integrity", "opinion_workdays", 7),
    ],
)
def test_each_area_changed_is_audited_with_its_value_before(inspector, body, area, name, new):
    """A change is audited with the value before and after; the same value again writes nothing."""
    read = bs.settings_get(actor=inspector, body=body)
    old = read.value(name)
    saved = bs.settings_save(actor=inspector, body=body, expected_versions=read.versions, **{name: new})
    again = bs.settings_save(actor=inspector, body=body, expected_versions=saved.versions, **{name: new})
    assert again.versions[area] == saved.versions[area] == 2
    [record] = AuditRecord.objects.filter(action=f"cadres.settings_{area}")
    assert record.actor_id == inspector.pk
    assert record.data["object"]["id"] == str(again.rows[area].pk)
    assert str(record.data["before"][name]) == str(old)
    assert str(record.data["after"][name]) == str(new)
    assert str(bs.settings_get(actor=inspector, body=body).value(name)) == str(new)


def test_the_api_refuses_someone_without_either_permission(clerk, body):
    """The clerk of a department: neither the organisation nor the discipline office (403)."""
    api = APIClient()
    api.force_authenticate(clerk)
    url = reverse("api-cadres-settings", args=[body.pk])
    assert api.get(url).status_code == 403
    refused = api.put(
        url,
        {
            "versions": {"talks": 1, "evaluation": 1, "reports": 1, "integrity": 1},
            "inquiry_reply_workdays": 5,
        },
        format="json",
    )
    assert refused.status_code == 403
    assert not TalkSettings.objects.filter(body=body).exists()


def test_the_api_names_the_field_out_of_bounds(inspector, body):
    api = APIClient()
    api.force_authenticate(inspector)
    url = reverse("api-cadres-settings", args=[body.pk])
    read = api.get(url).json()
    bad = api.put(url, {"versions": read["versions"], "opinion_workdays": 0}, format="json")
    assert bad.status_code == 400
    assert bad.json()["field"] == "opinion_workdays"
    assert bad.json()["rule"]["id"] == "SUP-115"
    assert "意见回复时限（工作日）" in bad.json()["message"]


def test_the_page_of_another_body_is_not_found(client, inspector, other_body):
    client.force_login(inspector)
    assert client.get(reverse("cadres:settings"), {"body": other_body.pk}).status_code == 404


@pytest.mark.parametrize("name", ["cadres:evaluation_settings", "cadres:integrity_settings"])
def test_the_old_settings_pages_redirect_for_good_to_the_one_page(client, inspector, body, name):
    """The old per-area pages wrote without a version check (AUD-3): they now lead to the one page,
    for the same body, and a post to them writes nothing."""
    client.force_login(inspector)
    old = client.get(reverse(name), {"body": body.pk})
    assert old.status_code == 301
    assert old["Location"] == f"{reverse('cadres:settings')}?body={body.pk}"
    posted = client.post(reverse(name), {"opinion_workdays": "9", "pass_rate_threshold": "10"})
    assert posted.status_code == 301
    assert bs.settings_get(actor=inspector, body=body).on_defaults == {
        "talks",
        "evaluation",
        "reports",
        "integrity",
    }


@pytest.mark.parametrize(
    "path", ["/api/v1/cadres/evaluation/settings", "/api/v1/cadres/talks/settings/{body}"]
)
def test_the_old_settings_endpoints_are_gone(inspector, body, path):
    api = APIClient()
    api.force_authenticate(inspector)
    assert api.put(path.format(body=body.pk), {"inquiry_reply_workdays": 5}, format="json").status_code == 404
    assert not TalkSettings.objects.filter(body=body).exists()
