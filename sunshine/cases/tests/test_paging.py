"""The lists' pages count at most COUNT_CAP rows (issue #6: 1,000,000 cases); below it, as before."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sunshine.cases import paging
from sunshine.cases.models import Case
from sunshine.cases.paging import CappedPaginator
from sunshine.cases.tests.test_views import client_for, permit, register, text, url, window_post  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def three_cases(clerk, permit):  # noqa: F811
    return [register(clerk, permit, applicant_name=f"店{n}") for n in range(3)]


def test_below_the_cap_the_count_is_exact(three_cases):
    paginator = CappedPaginator(Case.objects.order_by("-received_at"), 2, cap=3)
    assert (paginator.count, paginator.capped, paginator.num_pages) == (3, False, 2)


def test_above_the_cap_the_count_stops_there_and_says_so(three_cases):
    paginator = CappedPaginator(Case.objects.order_by("-received_at"), 1, cap=2)
    with CaptureQueriesContext(connection) as queries:
        assert (paginator.count, paginator.capped, paginator.num_pages) == (2, True, 2)
    assert "LIMIT 3" in queries.captured_queries[0]["sql"]  # counts the first cap + 1 rows only
    assert len(paginator.get_page(2).object_list) == 1
    assert paginator.get_page(99).number == 2  # beyond the cap: the last counted page


def test_the_case_list_says_more_than_when_capped(clerk, three_cases, monkeypatch):
    monkeypatch.setattr(paging, "COUNT_CAP", 2)
    response = client_for(clerk).get(url("case_list"))
    assert response.context["page"].paginator.capped
    assert "超过 2 件" in text(response)
    monkeypatch.setattr(paging, "COUNT_CAP", 3)
    response = client_for(clerk).get(url("case_list"))
    assert not response.context["page"].paginator.capped
    assert "共 3 件" in text(response)


def test_my_tasks_pages_stay_within_the_cap(clerk, department, permit, monkeypatch):  # noqa: F811
    window_post(department, clerk)
    for n in range(3):
        register(clerk, permit, applicant_name=f"店{n}")
    monkeypatch.setattr(paging, "COUNT_CAP", 1)
    response = client_for(clerk).get(url("my_tasks"))
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 1
    assert response.context["page"].paginator.capped
