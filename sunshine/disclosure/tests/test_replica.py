"""The portal served from a read replica (issue #8 §7, ADR 0012 addendum): with PORTAL_REPLICA set,
the read-only portal pages and the page cache's token read the replica; writes (comments, audit),
sessions and every other page stay on the primary; without it everything uses ``default``.

The test settings carry a ``replica`` alias that is Django's TEST MIRROR of the test database: a
second connection to the same data, so a query's alias shows where the router sent it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.sessions.models import Session
from django.db import connections, router
from django.test import Client
from django.test.utils import CaptureQueriesContext

from sunshine.core import clock
from sunshine.decisions import services
from sunshine.decisions.models import PublicComment, PublicCommentEntry
from sunshine.decisions.tests.conftest import propose
from sunshine.disclosure.replica import replica_reads


def test_without_a_replica_everything_reads_the_primary(settings):
    settings.PORTAL_REPLICA = ""
    with replica_reads():
        assert PublicComment.objects.all().db == "default"
    assert router.db_for_write(PublicCommentEntry) == "default"


def test_the_router_sends_portal_reads_to_the_replica_and_writes_to_the_primary(settings):
    settings.PORTAL_REPLICA = "replica"
    assert PublicComment.objects.all().db == "default"  # outside a portal page
    with replica_reads():
        assert PublicComment.objects.all().db == "replica"
        assert Session.objects.all().db == "default"  # a fresh session must be found
        assert router.db_for_write(PublicCommentEntry) == "default"
        assert router.db_for_write(PublicCommentEntry, instance=PublicCommentEntry(pk=1)) == "default"
    assert not router.allow_migrate("replica", "decisions")
    assert router.allow_migrate("default", "decisions")


@pytest.mark.django_db(transaction=True, databases=["default", "replica"])
def test_a_portal_page_reads_the_replica_and_a_comment_is_written_to_the_primary(world, settings):
    settings.PORTAL_REPLICA = "replica"
    today = clock.today()
    topic = propose(world)
    period = services.public_comment_open(
        actor=world.proposer, topic=topic, published_on=today, closes_on=today + dt.timedelta(days=9)
    )
    c = Client()
    with (
        CaptureQueriesContext(connections["default"]) as primary,
        CaptureQueriesContext(connections["replica"]) as replica,
    ):
        page = c.get(f"/public/consultations/{period.pk}/")
    assert page.status_code == 200
    assert topic.title in page.content.decode()
    assert replica.captured_queries, "the page was not read from the replica"
    assert not [q for q in primary.captured_queries if "decisions_" in q["sql"]]

    from sunshine.disclosure.tests.test_consultations import comment

    with (
        CaptureQueriesContext(connections["default"]) as primary,
        CaptureQueriesContext(connections["replica"]) as replica,
    ):
        assert comment(c, period).status_code == 201
    assert any(q["sql"].startswith("INSERT") and "decisions_publiccommententry" in q["sql"] for q in primary)
    assert not [q for q in replica.captured_queries if not q["sql"].startswith("SELECT")]
    assert PublicCommentEntry.objects.using("default").count() == 1
