"""Settings of the interview benchmark's multi-process runs: the dev settings (SQLite, DEBUG off) with
production's Redis cache and pub/sub channel layer, so that several server processes share the viewer
counts and every broadcast, as they do in production."""

import os

from config.settings.dev import *  # noqa: F403

REDIS_URL = os.environ["REDIS_URL"]
CACHES = {
    "default": {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": REDIS_URL, "KEY_PREFIX": "bench"},
    "pages": {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": REDIS_URL, "KEY_PREFIX": "bench-pages"},
}
CHANNEL_LAYERS = {
    "default": {
        "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
        "CONFIG": {"hosts": [{"address": REDIS_URL, "max_connections": 1000}], "prefix": "bench"},
    }
}
