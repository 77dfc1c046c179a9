"""A body's own sanction catalogue, kept by its discipline office (SUP-38: one ordered catalogue per
body; ACC-3: each sanction's tier), every change audited."""

from __future__ import annotations

import pytest
from django.test import Client

from sunshine.accountability import sanction_catalogue as catalogue
from sunshine.accountability import services
from sunshine.accountability.models import Sanction
from sunshine.accountability.tests.conftest import opened
from sunshine.core.audit import AuditRecord
from sunshine.core.errors import Conflict, InvalidInput, NotFound, RuleViolated
from sunshine.org.tests.factories import account_with_role

pytestmark = pytest.mark.django_db


def test_adopting_copies_the_default_in_order(inspector, body):
    default = list(Sanction.objects.filter(body__isnull=True).values_list("target", "rank", "name", "tier"))
    own = catalogue.sanction_catalogue_adopt(actor=inspector, body=body)
    assert [(s.target, s.rank, s.name, s.tier) for s in own] == default
    assert AuditRecord.objects.filter(action="accountability.sanction_adopt").count() == 1
    with pytest.raises(Conflict):
        catalogue.sanction_catalogue_adopt(actor=inspector, body=body)


def test_adding_at_a_place_moves_the_heavier_ones_down(inspector, body):
    added = catalogue.sanction_add(
        actor=inspector, body=body, target="individual", name="约谈提醒", tier="minor", rank=1
    )
    names = list(
        Sanction.objects.filter(body=body, target="individual")
        .order_by("rank")
        .values_list("name", flat=True)
    )
    default = list(
        Sanction.objects.filter(body__isnull=True, target="individual")
        .order_by("rank")
        .values_list("name", flat=True)
    )
    assert names == ["约谈提醒", *default]
    assert added.rule == "SUP-38"
    assert AuditRecord.objects.filter(action="accountability.sanction_add").count() == 1
    with pytest.raises(InvalidInput) as far:
        catalogue.sanction_add(
            actor=inspector, body=body, target="individual", name="x", tier="minor", rank=99
        )
    assert far.value.field == "rank"
    with pytest.raises(InvalidInput) as blank:
        catalogue.sanction_add(actor=inspector, body=body, target="individual", name=" ", tier="minor")
    assert blank.value.field == "name"


def test_a_sanction_out_of_use_can_no_longer_be_chosen(inspector, body, clerk, leader):
    """SUP-38: the case's choices come from the body's own catalogue once it has one."""
    own = catalogue.sanction_catalogue_adopt(actor=inspector, body=body)
    criticism = next(s for s in own if s.name == "通报批评" and s.target == "individual")
    catalogue.sanction_update(
        actor=inspector, sanction=criticism, name="通报批评", tier="serious", active=False
    )
    assert AuditRecord.objects.filter(action="accountability.sanction_update").count() == 1
    acase = opened(inspector, body, clerk, leader)
    with pytest.raises(RuleViolated) as refused:
        services.case_propose(actor=inspector, acase=acase, tier="serious", sanctions=[criticism])
    assert refused.value.rule == "SUP-38"


def test_the_default_catalogue_is_not_edited_in_place(inspector):
    default = Sanction.objects.filter(body__isnull=True).first()
    with pytest.raises(RuleViolated):
        catalogue.sanction_update(actor=inspector, sanction=default, name="x", tier="minor", active=True)


def test_another_bodys_office_cannot_touch_it(inspector, body, other_body):
    own = catalogue.sanction_catalogue_adopt(actor=inspector, body=body)
    outsider = account_with_role("discipline_inspector", unit=other_body, username="insp-other")
    with pytest.raises(NotFound):
        catalogue.sanction_update(actor=outsider, sanction=own[0], name="x", tier="minor", active=True)


def test_catalogue_page_adopts_and_edits(inspector, body, clerk):
    client = Client()
    client.force_login(inspector)
    page = client.get("/accountability/sanctions/").content.decode()
    assert 'data-testid="sanction-adopt"' in page
    assert client.post(f"/accountability/sanctions/?body={body.pk}").status_code == 302
    row = Sanction.objects.filter(body=body).order_by("target", "rank").first()
    edit = client.post(f"/accountability/sanctions/{row.pk}/", {"name": "", "tier": row.tier, "active": "on"})
    assert edit.status_code == 422
    done = client.post(f"/accountability/sanctions/{row.pk}/", {"name": "批评教育", "tier": row.tier})
    assert done.status_code == 302
    row.refresh_from_db()
    assert (row.name, row.active) == ("批评教育", False)
    other = Client()
    other.force_login(clerk)
    assert other.get("/accountability/sanctions/").status_code == 403
