"""Rate limits over the cache, with hashed keys."""

import pytest
from django.core.cache import cache

from sitegroup.services.rate_limits import RateLimited, hashed, hit


class TestHit:
    def test_refuses_above_the_limit_with_a_chinese_message(self):
        for _ in range(3):
            hit("survey", "203.0.113.9", 3, 3600)
        with pytest.raises(RateLimited) as limited:
            hit("survey", "203.0.113.9", 3, 3600)
        assert "1小时后再试" in limited.value.message

    def test_scopes_and_keys_are_counted_apart(self):
        hit("survey", "203.0.113.9", 1, 60)
        hit("comment", "203.0.113.9", 1, 60)
        hit("survey", "203.0.113.10", 1, 60)
        with pytest.raises(RateLimited, match="1分钟"):
            hit("survey", "203.0.113.9", 1, 60)

    def test_raw_address_never_reaches_the_cache(self):
        hit("survey", "198.51.100.77", 5, 60)
        assert cache.get(f"ratelimit:survey:{hashed('198.51.100.77')}") == 1
        assert cache.get("ratelimit:survey:198.51.100.77") is None
        assert "198.51.100.77" not in hashed("198.51.100.77")
