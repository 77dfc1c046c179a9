"""Serving the portal from a read replica (issue #8 §7, ADR 0012 addendum).

When ``DATABASE_REPLICA_URL`` is set, the settings add a ``replica`` database alias and name it in
``PORTAL_REPLICA``. The portal's read-only pages (the views marked ``cached_page``: catalogue, power
pages, results, decisions under public notice, checkpoints) and the page cache's publication token
then read from it; everything else reads the primary, and every write goes to the primary whatever
the page: comments, petitions, audit records, sessions. Without the setting the router leaves every
read and write on ``default``.

Only these pages, and only their GET: a form that writes (a comment, a petition, a case lookup that
an applicant makes right after being accepted) reads its own writes on the primary, and sessions are
always read on the primary (a replica a moment behind would lose a visitor's fresh session).
"""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS

# Models that are always read on the primary, even inside a read-only portal page.
PRIMARY_APPS = frozenset({"sessions"})

_reading: ContextVar[bool] = ContextVar("sunshine_portal_replica_reads", default=False)


def replica_alias() -> str:
    """The replica's alias when one is configured, else ''."""
    return getattr(settings, "PORTAL_REPLICA", "") or ""


@contextmanager
def replica_reads():
    """Reads inside this block go to the replica (when configured)."""
    token = _reading.set(True)
    try:
        yield
    finally:
        _reading.reset(token)


class PortalReplicaRouter:
    """Reads of the portal's read-only pages to the replica; every write to the primary."""

    def db_for_read(self, model, **hints):
        alias = replica_alias()
        if alias and _reading.get() and model._meta.app_label not in PRIMARY_APPS:
            return alias
        return None  # Django's default: the primary (or the database of a related instance)

    def db_for_write(self, model, **hints):
        # explicitly the primary: without an answer Django would write an instance back to the
        # database it was read from (the replica)
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        # the replica holds the same rows as the primary
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        # a replica follows the primary's schema; it is never migrated itself
        return db not in {"replica", replica_alias()}
