"""Pure helpers of the anonymous page cache (sitegroup.services.page_cache): cache keys, the nonce-free
stored body, and how long an entry may live.

A cached body never carries the nonce of the visitor whose request rendered it: the body is stored as
the pieces between the occurrences of that nonce, and every response joins them with its own fresh
nonce. The nonce is 144 random bits that no content could contain, so only the places the templates put
it are found; stored content can never "become" a nonce-carrying element.
"""

from __future__ import annotations

import hashlib
from datetime import datetime, time, timedelta


def cache_key(*, host: str, path: str, query: str, variant: str) -> str:
    """One key per host, path, query string and visitor variant (e.g. the elder-friendly mode)."""
    raw = "\n".join((host.lower(), path, query, variant))
    return "pc:page:" + hashlib.sha256(raw.encode("utf-8")).hexdigest()


def tag_key(tag: str) -> str:
    return "pc:tag:" + tag


def split_on_nonce(body: bytes, nonce: str) -> list[bytes]:
    """The body as the pieces between the occurrences of the nonce (one piece when there is none)."""
    if not nonce:
        return [body]
    return body.split(nonce.encode("ascii"))


def join_with_nonce(parts: list[bytes], nonce: str) -> bytes:
    return nonce.encode("ascii").join(parts)


def seconds_until_midnight(now: datetime) -> int:
    """Seconds until the next local midnight of an aware datetime (pages show today's date)."""
    tomorrow = datetime.combine(now.date() + timedelta(days=1), time.min, tzinfo=now.tzinfo)
    return max(1, int((tomorrow - now).total_seconds()))


def cacheable_query(query: dict[str, list[str]]) -> bool:
    """Only the bare URL and listing pages (?page=N) are cached: any other query string would let a
    visitor fill the cache with copies of one page."""
    if not query:
        return True
    if set(query) != {"page"}:
        return False
    values = query["page"]
    return len(values) == 1 and values[0].isdigit() and len(values[0]) <= 5
