"""The portal's page cache (issue #8 §10: cached pages at 500 requests/s).

A public page is the same for everyone, so its whole response is kept in the ``portal`` cache (per
process, in memory) under its path, query and language, prefixed by a *publication token*: a digest
of what can change a public page (the catalogue's items, the published results, the checkpoints,
the decisions under public notice with their comments and answers).
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

from sunshine.disclosure.replica import replica_reads

PAGE_TIMEOUT = 300
CHECK_INTERVAL = 5.0
HEADER = "X-Portal-Cache"

_lock = threading.Lock()
_state: dict = {"token": "", "checked": 0.0}


def _read_token() -> str:
    from sunshine.cases.models import Publication
    from sunshine.catalog.models import PowerItem
    from sunshine.decisions.models import PublicComment, PublicCommentEntry
    from sunshine.disclosure.models import AuditCheckpoint

    parts = [
        PowerItem.all_objects.aggregate(u=Max("updated_at"), d=Max("deleted_at"), n=Max("id")),
        # a published result is never edited (cases.outcome.publication): its id says enough, read
        # from the primary key's index
        Publication.objects.aggregate(n=Max("id")),
        AuditCheckpoint.objects.aggregate(n=Max("id")),
        # decisions under public notice: a period opened or changed, a comment or an answer, the
        # topic decided (its outcome is shown) or withdrawn; only topics put out for comment count
        PublicComment.objects.aggregate(
            u=Max("updated_at"), n=Max("id"), t=Max("topic__updated_at"), d=Max("topic__deleted_at")
        ),
        PublicCommentEntry.objects.aggregate(u=Max("updated_at"), n=Max("id")),
    ]
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:16]


def token() -> str:
    """The current publication token (read again when older than CHECK_INTERVAL). Read from the
    database the pages are read from (the replica when there is one): a token read on a primary
    ahead of its replica would file an old page under the new token."""
    now = time.monotonic()
    if now - _state["checked"] >= CHECK_INTERVAL:
        with replica_reads():
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
    from sunshine.decisions.models import PublicComment, PublicCommentEntry, Topic
    from sunshine.disclosure.models import AuditCheckpoint

    for model in (
        PowerItem,
        PowerVersion,
        Publication,
        AuditCheckpoint,
        PublicComment,
        PublicCommentEntry,
        Topic,
    ):
        post_save.connect(_saved, sender=model, dispatch_uid=f"disclosure.cache.{model.__name__}")


def clear() -> None:
    """Forget every cached page and the token (tests)."""
    caches["portal"].clear()
    _state["token"], _state["checked"] = "", 0.0


def remember(name: str, compute):
    """A value derived from published data, kept until the next publication (or PAGE_TIMEOUT)."""
    key = f"portal:{token()}:value:{name}"
    value = caches["portal"].get(key)
    if value is None:
        value = compute()
        caches["portal"].set(key, value, PAGE_TIMEOUT)
    return value


PREFIX = "/public/"
# The headers kept with a page: what the inner middleware set that a cached answer must repeat.
KEPT_HEADERS = ("Content-Type", "Content-Language", "Vary", "X-Frame-Options")


def page_key(request) -> str:
    """path + sorted query + the language LocaleMiddleware activates for this request."""
    query = "&".join(sorted(f"{k}={v}" for k, values in request.GET.lists() for v in values))
    raw = f"{request.path}?{query}"
    digest = hashlib.sha256(raw.encode()).hexdigest()[:32]
    language = translation.get_language_from_request(request)
    return f"portal:{token()}:{language}:{digest}"


def cached_page(view):
    """Mark a view's successful answers as the same for everyone: PortalCacheMiddleware keeps them,
    and its reads go to the read replica when one is configured."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            return view(request, *args, **kwargs)
        # a page the same for everyone is read-only: served from the read replica when there is
        # one (disclosure.replica)
        with replica_reads():
            response = view(request, *args, **kwargs)
        if request.method == "GET":
            response.portal_cacheable = True
        return response

    return wrapper


class PortalCacheMiddleware:
    """Answer a GET under /public/ from the page cache before sessions, authentication, CSRF and
    messages run (they are what a cached answer would spend most of its time in), and keep the
    answers of views marked ``cached_page`` that set no cookie. Placed right after WhiteNoise:
    SecurityMiddleware's headers are still added to a cached answer."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method != "GET" or not request.path.startswith(PREFIX):
            return self.get_response(request)
        key = page_key(request)
        stored = caches["portal"].get(key)
        if stored is not None:
            content, headers = stored
            response = HttpResponse(content)
            for name, value in headers:
                response[name] = value
            response[HEADER] = "hit"
            return response
        response = self.get_response(request)
        if (
            getattr(response, "portal_cacheable", False)
            and response.status_code == 200
            and not response.streaming
            and not response.cookies
        ):
            headers = [(name, response[name]) for name in KEPT_HEADERS if response.has_header(name)]
            caches["portal"].set(key, (response.content, headers), PAGE_TIMEOUT)
            response[HEADER] = "miss"
        return response
