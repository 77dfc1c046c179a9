"""The portal's guards against abuse, needing no outside service (issue #8 §3, §7): a question
captcha (now disclosure.captcha, shared with the other public forms; its names are re-exported
here) and per-client rate limits kept in Django's cache.

Rate limits count requests per client address and purpose in fixed windows. The address is
REMOTE_ADDR, or the first X-Forwarded-For hop when SUNSHINE_BEHIND_PROXY is set (the proxy then
owns the header). With several web processes the cache must be shared (Redis or the database cache)
for the limits to hold across them; the default local-memory cache limits per process.
"""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext as _

from sunshine.core import clock
from sunshine.core.errors import DomainError, InvalidInput  # noqa: F401 (re-exported)
from sunshine.disclosure.captcha import (  # noqa: F401 (re-exported: the captcha's first home)
    CAPTCHA_MAX_AGE,
    CAPTCHA_SALT,
    Challenge,
    captcha_check,
    captcha_new,
)

# purpose -> (requests allowed, window in seconds)
LIMITS = {
    "file": (5, 3600),  # filings per client per hour
    "follow": (20, 600),  # lookups by code (right or wrong) per client per 10 minutes
    "supplement": (10, 3600),
}


class TooManyRequests(DomainError):
    status = 429


def client_of(request) -> str:
    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None) and (
        forwarded := request.META.get("HTTP_X_FORWARDED_FOR", "")
    ):
        return forwarded.split(",")[0].strip()[:64]
    return request.META.get("REMOTE_ADDR", "")[:64] or "unknown"


def rate_limit(request, purpose: str) -> None:
    """Count one request of ``purpose`` for the client; refuse (429) over the limit."""
    allowed, window = LIMITS[purpose]
    slot = int(clock.now().timestamp()) // window
    key = f"rate:{purpose}:{client_of(request)}:{slot}"
    cache.add(key, 0, window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, window)
        count = 1
    if count > allowed:
        raise TooManyRequests("rate_limited", _("操作过于频繁，请稍后再试"))
