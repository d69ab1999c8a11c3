"""Rate limits for citizen input over the shared cache: `hit(scope, key, limit, per_seconds)`.

Keys are hashed with the server's key before they reach the cache, so no raw address or token is
stored anywhere. A fixed window per (scope, key): simple, and enough against floods from one source.
"""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings
from django.core.cache import cache


class RateLimited(Exception):
    """Too many requests from one source; `message` says in Chinese when to try again."""

    def __init__(self, message: str = "操作过于频繁，请稍后再试。", retry_after: int = 3600):
        super().__init__(message)
        self.message = message
        self.retry_after = retry_after


def hashed(value: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), (value or "").encode(), hashlib.sha256).hexdigest()[:32]


def _wait_text(seconds: int) -> str:
    if seconds >= 3600:
        return f"{seconds // 3600}小时"
    if seconds >= 60:
        return f"{seconds // 60}分钟"
    return f"{seconds}秒"


def hit(scope: str, key: str, limit: int, per_seconds: int) -> int:
    """Count one request of `key` in `scope`; raise RateLimited above `limit` per window. Returns the count."""
    cache_key = f"ratelimit:{scope}:{hashed(key)}"
    cache.add(cache_key, 0, timeout=per_seconds)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.set(cache_key, 1, timeout=per_seconds)
        count = 1
    if count > limit:
        raise RateLimited(f"提交过于频繁，请{_wait_text(per_seconds)}后再试。", retry_after=per_seconds)
    return count


def client_address(request) -> str:
    """The visitor's address: REMOTE_ADDR, which sitegroup.operations sets to the address nginx saw."""
    return request.META.get("REMOTE_ADDR", "") or "unknown"
