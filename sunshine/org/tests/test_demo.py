"""``sunshine demo``: the seeds' three kinds of body, every role filled, the rules obeyed, and
idempotent (a second run changes nothing, and never resets a changed password)."""

from __future__ import annotations

import re
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import transaction

from sunshine.core.models import AuditRecord, User
from sunshine.core.system import system_actor
from sunshine.org import demo as org_demo
from sunshine.org import selectors
from sunshine.org.builtin import BUILTIN_ROLES
from sunshine.org.choices import PRINCIPAL_BARRED_AREAS, PostKind, UnitKind
from sunshine.org.demo import ADMINISTRATORS, BODIES, DEMO_PASSWORD
from sunshine.org.models import Person, Portfolio, Post, PostHolding, RoleAssignment, Unit

pytestmark = pytest.mark.django_db

MAIN_BODIES = ["示范市生态环境局", "示范县安全生产监督管理局", "示范乡人民政府"]
BUSINESS_ROLES = [code for code, _name, kind, _d in BUILTIN_ROLES if kind == "business"]


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The organisation's demo only, loaded once for the module's tests in a transaction rolled back
    after them (each test's own transaction is a savepoint inside it). The whole demo of every app
    is checked in core/tests/test_demo.py, loaded once too (ADR 0014: CI's budget)."""
    with django_db_blocker.unblock(), transaction.atomic():
        with system_actor("test"):
            yield org_demo.load()
        transaction.set_rollback(True)


def counts() -> dict:
    return {
        model.__name__: model.all_objects.count()
        for model in [Unit, Post, Person, PostHolding, Portfolio, RoleAssignment]
    } | {"User": User.objects.count(), "AuditRecord": AuditRecord.objects.count()}


def test_demo_builds_the_three_kinds_of_body(demo):
    assert demo["units"] >= 20
    for name in MAIN_BODIES:
        body = Unit.objects.get(name=name, kind=UnitKind.BODY, parent__isnull=True)
        assert Unit.objects.filter(parent=body, kind=UnitKind.DEPARTMENT).count() >= 6
    assert Unit.objects.get(name="示范市环境监测站").parent.name == "示范市生态环境局"
    villages = Unit.objects.filter(parent__name="示范乡人民政府", kind=UnitKind.BODY)
    assert villages.count() == 2
    for name in ["安监一股", "安监二股", "危化品烟花爆竹监管组", "执法股", "法规股", "纪检监察室"]:
        assert Unit.objects.filter(name=name, body__name="示范县安全生产监督管理局").exists()


def test_a_changed_password_survives_a_second_run(demo):
    user = User.objects.get(username="eco.clerk")
    user.set_password("Changed#2026x")
    user.save()
    with system_actor("test"):
        org_demo.load()
    assert User.objects.get(username="eco.clerk").check_password("Changed#2026x")


def test_if_empty_does_nothing_when_a_unit_exists(body):
    """(Whether or not this module's demo is loaded yet on this worker: one unit is enough.)"""
    before = counts()
    out = StringIO()
    call_command("demo", "--if-empty", stdout=out)
    assert "nothing loaded" in out.getvalue()
    assert counts() == before


def test_every_business_role_is_filled_in_each_body(demo):
    for name in MAIN_BODIES:
        held = set(
            RoleAssignment.objects.filter(unit__body__name=name).values_list("role__code", flat=True)
        ) | set(RoleAssignment.objects.filter(unit__name=name).values_list("role__code", flat=True))
        assert set(BUSINESS_ROLES) <= held, (name, set(BUSINESS_ROLES) - held)


def test_every_post_kind_is_filled(demo):
    for kind in [k for k in PostKind.values if k != PostKind.OTHER]:
        assert PostHolding.objects.filter(post__kind=kind, end_date__isnull=True).exists(), kind


def test_no_principal_leader_holds_a_barred_portfolio(demo):
    """DEC-72 in the demo data: each of the five areas goes to a deputy."""
    for body in Unit.objects.filter(kind=UnitKind.BODY):
        principals = set(selectors.principal_leaders_of(body))
        barred = Portfolio.objects.filter(body=body, area__in=PRINCIPAL_BARRED_AREAS, end_date__isnull=True)
        assert not {p.leader for p in barred} & principals, body.name
    for name in MAIN_BODIES:
        areas = set(Portfolio.objects.filter(body__name=name).values_list("area", flat=True))
        assert set(PRINCIPAL_BARRED_AREAS) <= areas, name


def test_each_administrator_holds_exactly_one_administrator_role(demo):
    """SEC-1: three separate accounts, one administrator role each, no business role."""
    for username, _name, role_code in ADMINISTRATORS:
        assignments = RoleAssignment.objects.filter(user__username=username)
        assert [a.role.code for a in assignments] == [role_code]
        assert assignments.get().admin_kind == role_code
    assert RoleAssignment.objects.exclude(admin_kind="").count() == 3


def test_demo_accounts_log_in_without_a_forced_change(demo):
    user = User.objects.get(username="town.head")
    assert user.check_password(DEMO_PASSWORD)
    assert not user.must_change_password
    assert user.person.name == "杜志勇"


def test_demo_changes_are_audited_as_the_system(demo):
    records = AuditRecord.objects.filter(action="org.portfolio_assign")
    assert records.count() == Portfolio.objects.count()
    assert not records.exclude(actor__isnull=True).exists()


def test_demo_accounts_document_lists_every_account(demo):
    text = (Path(__file__).resolve().parents[1] / "DEMO_ACCOUNTS.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^\| `([a-z.]+)` \|", text, re.MULTILINE))
    expected = {s.account for b in BODIES for s in b.staff if s.account} | {u for u, _n, _r in ADMINISTRATORS}
    assert documented == expected
    assert DEMO_PASSWORD in text
