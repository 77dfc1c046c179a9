"""The portal's guards against abuse, needing no outside service (issue #8 §3, §7): a question
captcha and per-client rate limits kept in Django's cache.

The captcha asks a sum in Chinese words ("七加五等于几？"): readable by a screen reader (WCAG 2.1 AA,
unlike a distorted image), answered with digits. The expected answer travels in a signed, timed
token (django.core.signing), never in the page; each token is accepted once (its id is remembered
in the cache until it expires), so a solved captcha cannot be replayed.

Rate limits count requests per client address and purpose in fixed windows. The address is
REMOTE_ADDR, or the first X-Forwarded-For hop when SUNSHINE_BEHIND_PROXY is set (the proxy then
owns the header). With several web processes the cache must be shared (Redis or the database cache)
for the limits to hold across them; the default local-memory cache limits per process.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.utils.translation import gettext as _

from sunshine.core import clock
from sunshine.core.errors import DomainError, InvalidInput

DIGITS = "零一二三四五六七八九十"
CAPTCHA_SALT = "sunshine.petitions.captcha"
CAPTCHA_MAX_AGE = 15 * 60
# purpose -> (requests allowed, window in seconds)
LIMITS = {
    "file": (5, 3600),  # filings per client per hour
    "follow": (20, 600),  # lookups by code (right or wrong) per client per 10 minutes
    "supplement": (10, 3600),
}


class TooManyRequests(DomainError):
    status = 429


def _words(n: int) -> str:
    return DIGITS[n] if n <= 10 else f"十{DIGITS[n - 10]}"


@dataclass(frozen=True)
class Challenge:
    question: str
    token: str


def captcha_new() -> Challenge:
    a, b = secrets.randbelow(9) + 1, secrets.randbelow(9) + 1
    token = signing.dumps({"a": a + b, "n": secrets.token_hex(8)}, salt=CAPTCHA_SALT, compress=True)
    return Challenge(question=_("%(a)s加%(b)s等于几？") % {"a": _words(a), "b": _words(b)}, token=token)


def captcha_check(*, token: str, answer: str) -> None:
    """Accept a solved captcha once; raise InvalidInput on the ``captcha`` field otherwise."""
    wrong = InvalidInput("captcha_wrong", _("验证题答案不正确，请重新作答"), field="captcha")
    try:
        data = signing.loads(token or "", salt=CAPTCHA_SALT, max_age=CAPTCHA_MAX_AGE)
    except signing.SignatureExpired:
        raise InvalidInput("captcha_expired", _("验证题已过期，请重新作答"), field="captcha") from None
    except signing.BadSignature:
        raise wrong from None
    if (answer or "").strip() != str(data.get("a")):
        raise wrong
    if not cache.add(f"captcha-used:{data.get('n')}", 1, CAPTCHA_MAX_AGE):
        raise InvalidInput("captcha_used", _("验证题已使用，请重新作答"), field="captcha")


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
