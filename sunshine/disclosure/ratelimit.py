"""A per-client rate limit on Django's cache (the ``default`` cache: shared by the processes of a
host when it is the file-based cache of the settings)."""

from __future__ import annotations

import hashlib
import math
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches


def client_key(request) -> str:
    """Who the client is: its address; behind a trusted reverse proxy (SUNSHINE_BEHIND_PROXY) the
    address the proxy appended last to X-Forwarded-For, the only one a client cannot forge."""
    address = request.META.get("REMOTE_ADDR", "")
    if getattr(settings, "PORTAL_TRUST_FORWARDED_FOR", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            address = forwarded.split(",")[-1].strip() or address
    return hashlib.sha256(address.encode()).hexdigest()[:32]


@dataclass(frozen=True)
class Limit:
    name: str
    attempts: int
    window: int  # seconds

    def _key(self, client: str) -> str:
        return f"ratelimit:{self.name}:{client}"

    def hit(self, client: str) -> bool:
        """Count one attempt of ``client``; False when it is over the limit (the attempt is refused).
        The window starts at the first attempt and is not extended by later ones. The count is read
        and written back (no atomic increment on every backend, and the base ``incr`` would reset the
        expiry): two attempts at the same instant may count once, which a limit of this size allows."""
        cache = caches["default"]
        key = self._key(client)
        now = time.time()
        entry = cache.get(key)
        if entry is None or entry[1] <= now:
            cache.set(key, (1, now + self.window), timeout=self.window)
            return True
        count, ends = entry[0] + 1, entry[1]
        cache.set(key, (count, ends), timeout=max(1, math.ceil(ends - now)))
        return count <= self.attempts

    def retry_after(self, client: str) -> int:
        """Seconds until ``client`` may try again (0 when it may now)."""
        entry = caches["default"].get(self._key(client))
        if entry is None or entry[0] <= self.attempts:
            return 0
        return max(0, math.ceil(entry[1] - time.time()))

    def reset(self, client: str) -> None:
        caches["default"].delete(self._key(client))
