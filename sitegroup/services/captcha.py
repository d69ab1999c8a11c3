"""Issue and check the text captcha (sitegroup.lib.captcha) with the server's key; used tokens are
remembered in the cache for their lifetime, so each answer counts once."""

from __future__ import annotations

import hashlib
import time

from django.conf import settings
from django.core.cache import cache

from sitegroup.lib import captcha
from sitegroup.lib.captcha import Challenge, InvalidAnswer

__all__ = ["Challenge", "InvalidAnswer", "issue", "verify"]


def _key() -> bytes:
    return hashlib.sha256(("captcha:" + settings.SECRET_KEY).encode()).digest()


def issue() -> Challenge:
    return captcha.new_challenge(_key(), time.time())


def verify(token: str, answer: str) -> None:
    """Accept a right answer once; raise InvalidAnswer (with a Chinese message) otherwise."""
    nonce = captcha.check(_key(), token, answer, time.time())
    if not cache.add(f"captcha:used:{nonce}", 1, timeout=captcha.LIFETIME_SECONDS + 60):
        raise InvalidAnswer("这个验证问题已经用过，请回答新的验证问题。")
