"""The portal's page cache (issue #8 §10: cached pages at 500 requests/s).

A public page is the same for everyone, so its whole response is kept in the ``portal`` cache (per
process, in memory) under its path, query and language, prefixed by a *publication token*: a digest
of what can change a public page (the catalogue's items, the published results, the checkpoints).
When something is published the token changes and every cached page is left behind at once.

The token is read from the database at most every ``CHECK_INTERVAL`` seconds by each process; a
save of a public row in this process (signals below) makes the next request read it at once, so
the process that published shows it immediately and the others within the interval. Entries also
expire after ``PAGE_TIMEOUT`` (clocks and dates move on without any publication).
"""

from __future__ import annotations

import hashlib
import threading
import time
from functools import wraps

from django.core.cache import caches
from django.db import transaction
from django.db.models import Max
from django.db.models.signals import post_save
from django.http import HttpResponse
from django.utils import translation

PAGE_TIMEOUT = 300
CHECK_INTERVAL = 5.0
HEADER = "X-Portal-Cache"

_lock = threading.Lock()
_state: dict = {"token": "", "checked": 0.0}


def _read_token() -> str:
    from sunshine.cases.models import Publication
    from sunshine.catalog.models import PowerItem
    from sunshine.disclosure.models import AuditCheckpoint

    parts = [
        PowerItem.all_objects.aggregate(u=Max("updated_at"), d=Max("deleted_at"), n=Max("id")),
        Publication.objects.aggregate(u=Max("updated_at"), n=Max("id")),
        AuditCheckpoint.objects.aggregate(n=Max("id")),
    ]
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:16]


def token() -> str:
    """The current publication token (read again when older than CHECK_INTERVAL)."""
    now = time.monotonic()
    if now - _state["checked"] >= CHECK_INTERVAL:
        value = _read_token()
        with _lock:
            _state["token"], _state["checked"] = value, now
    return _state["token"]


def mark_stale(**_kwargs) -> None:
    """Make the next request read the token again (something public was saved)."""
    _state["checked"] = 0.0


def _saved(sender, **kwargs) -> None:
    # At once (the saving transaction reads its own rows) and again after commit (other
    # connections see them only then).
    mark_stale()
    transaction.on_commit(mark_stale)


def connect() -> None:
    from sunshine.cases.models import Publication
    from sunshine.catalog.models import PowerItem, PowerVersion
    from sunshine.disclosure.models import AuditCheckpoint

    for model in (PowerItem, PowerVersion, Publication, AuditCheckpoint):
        post_save.connect(_saved, sender=model, dispatch_uid=f"disclosure.cache.{model.__name__}")


def clear() -> None:
    """Forget every cached page and the token (tests)."""
    caches["portal"].clear()
    _state["token"], _state["checked"] = "", 0.0


def page_key(request) -> str:
    query = "&".join(sorted(f"{k}={v}" for k, values in request.GET.lists() for v in values))
    raw = f"{request.path}?{query}"
    digest = hashlib.sha256(raw.encode()).hexdigest()[:32]
    return f"portal:{token()}:{translation.get_language()}:{digest}"


def cached_page(view):
    """Serve a GET from the page cache; keep a successful response that sets no cookie."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method != "GET":
            return view(request, *args, **kwargs)
        key = page_key(request)
        stored = caches["portal"].get(key)
        if stored is not None:
            content, content_type = stored
            response = HttpResponse(content, content_type=content_type)
            response[HEADER] = "hit"
            return response
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and not response.streaming and not response.cookies:
            if hasattr(response, "render") and callable(response.render):
                response = response.render()
            caches["portal"].set(key, (response.content, response["Content-Type"]), PAGE_TIMEOUT)
            response[HEADER] = "miss"
        return response

    return wrapper
