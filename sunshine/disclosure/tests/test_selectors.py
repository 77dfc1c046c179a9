"""What the public may read (issue #8 §1, §7; CAT-110, CAT-116): the published version in force of
live, externally disclosed items only; drafts, internal kinds and withdrawn items never."""

from __future__ import annotations

import pytest

from sunshine.catalog import services as catalog_services
from sunshine.catalog.choices import Category, Status
from sunshine.catalog.models import PowerVersion
from sunshine.catalog.tests.factories import published
from sunshine.core.errors import NotFound
from sunshine.disclosure import selectors

pytestmark = pytest.mark.django_db


def test_only_published_versions_are_public(permit, draft):
    assert list(selectors.public_versions()) == [permit]
    assert draft.status == Status.DRAFT


def test_search_never_finds_a_draft_by_name_or_code(permit, draft):
    assert list(selectors.public_search(q="草稿中")) == []
    assert list(selectors.public_search(q="XK-DRAFT")) == []
    assert list(selectors.public_search(q="烟花")) == [permit]
    assert list(selectors.public_search(q="xk-001")) == [permit]  # code, any case


def test_search_filters_by_category_and_body(permit, other_body):
    assert list(selectors.public_search(category=Category.PERMIT)) == [permit]
    assert list(selectors.public_search(category=Category.PENALTY)) == []
    assert list(selectors.public_search(body=permit.item.body_id)) == [permit]
    assert list(selectors.public_search(body=other_body.pk)) == []


def test_a_new_draft_of_a_published_power_leaves_the_published_version_shown(clerk, permit):
    new = catalog_services.version_new(actor=clerk, item=permit.item, change_note="调整时限")
    assert new.status == Status.DRAFT
    assert selectors.public_power_get(item_pk=permit.item_id) == permit
    assert list(selectors.public_search()) == [permit]


def test_a_draft_page_is_not_found(draft):
    with pytest.raises(NotFound) as refused:
        selectors.public_power_get(item_pk=draft.item_id)
    assert refused.value.code == "not_public"


def test_internally_disclosed_powers_are_not_public(permit):
    """CAT-110: what a version discloses internally only never reaches the portal."""
    PowerVersion.objects.filter(pk=permit.pk).update(audience="internal")  # bypass: the rule under test
    assert list(selectors.public_search()) == []
    with pytest.raises(NotFound):
        selectors.public_power_get(item_pk=permit.item_id)


def test_internal_kinds_are_not_public(clerk, department, legal_reviewer, inspector, leader):
    """CAT-110: personnel, finance, project and procurement powers are published inside the body."""
    version = published(
        clerk,
        department,
        legal_reviewer,
        inspector,
        leader,
        code="NB-001",
        name="物资采购审批",
        category=Category.PROCUREMENT,
    )
    assert version.status == Status.PUBLISHED
    assert list(selectors.public_versions()) == []
    assert Category.PROCUREMENT not in dict(selectors.public_categories())


def test_bodies_are_those_with_public_powers(permit, draft, other_body):
    assert selectors.public_bodies() == [(permit.item.body_id, permit.item.body.name)]


def test_lookup_needs_number_and_code_together(case):
    assert selectors.case_lookup(number=case.number, check_code=case.check_code) == case
    wrong = f"{(int(case.check_code) + 1) % 10**6:06d}"
    assert selectors.case_lookup(number=case.number, check_code=wrong) is None
    assert selectors.case_lookup(number=case.number + "9", check_code=case.check_code) is None
    assert selectors.case_lookup(number="", check_code="") is None
