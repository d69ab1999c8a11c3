"""Scale-out settings: PostgreSQL, Redis, Elasticsearch, all from the environment.

Refuses to start when a required variable is missing, so a half-configured node never serves.
"""

import os

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403

REQUIRED_ENVIRONMENT = ("SECRET_KEY", "DATABASE_URL", "REDIS_URL", "ALLOWED_HOSTS")


def _require(name: str) -> str:
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(f"环境变量 {name} 未设置：生产配置需要 {', '.join(REQUIRED_ENVIRONMENT)}。")
    return value


missing = [name for name in REQUIRED_ENVIRONMENT if not os.environ.get(name, "").strip()]
if missing:
    raise ImproperlyConfigured("生产配置缺少环境变量：" + ", ".join(missing) + "（见 docs/deploy.md）")

DEBUG = False
SECRET_KEY = _require("SECRET_KEY")
ALLOWED_HOSTS = [host.strip() for host in _require("ALLOWED_HOSTS").split(",") if host.strip()]
CSRF_TRUSTED_ORIGINS = [
    origin.strip() for origin in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if origin.strip()
]
# No persistent connections: under ASGI every request runs its sync code in a thread of its own, so a kept
# connection is never reused and idles until it ages out; at 40 uncached pages/s two server processes held
# all 200 of PostgreSQL's connections within seconds and pages failed with "too many clients"
# (bench/production_load.py, docs/benchmarks.md). Django's advice for ASGI: CONN_MAX_AGE 0, or a pool.
DATABASES = {"default": dj_database_url.parse(_require("DATABASE_URL"), conn_max_age=0)}
REDIS_URL = _require("REDIS_URL")
CACHES = {
    "default": {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "sitegroup",
    },
    # The page cache (docs/page-cache.md): shared by every node, purged once for all.
    "pages": {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": os.environ.get("PAGE_CACHE_REDIS_URL", REDIS_URL),
        "KEY_PREFIX": "sitegroup-pages",
        "TIMEOUT": None,
    },
}
# Pub/sub layer: a broadcast to an interview room is one PUBLISH, fanned out by each server process to
# its own viewers (the list-based layer writes once per member). A larger pool than redis-py's default:
# a mass reconnect of viewers must not run out of connections and leave stale group members.
CHANNEL_LAYERS = {
    "default": {
        "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
        "CONFIG": {
            "hosts": [{"address": REDIS_URL, "max_connections": int(os.environ.get("REDIS_MAX_CONNECTIONS", "1000"))}],
            "prefix": "sitegroup",
        },
    }
}
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# Search: Elasticsearch when configured, else the embedded index on local disk.
ELASTICSEARCH_URL = os.environ.get("ELASTICSEARCH_URL", "").strip()
if ELASTICSEARCH_URL:
    SEARCH_BACKEND = {
        "BACKEND": "search.backends.elasticsearch.ElasticsearchBackend",
        "URL": ELASTICSEARCH_URL,
        "INDEX": os.environ.get("ELASTICSEARCH_INDEX", "sitegroup"),
    }

if os.environ.get("MEDIA_ROOT"):
    MEDIA_ROOT = os.environ["MEDIA_ROOT"]
if os.environ.get("STATIC_ROOT"):
    STATIC_ROOT = os.environ["STATIC_ROOT"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Citizens' attachments: outside MEDIA_ROOT, served only through permission-checking views.
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": os.environ.get("PRIVATE_MEDIA_ROOT", str(VAR_DIR / "private"))},  # noqa: F405
    },
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = os.environ.get("COOKIES_SECURE", "1") == "1"
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE

# HTTPS only: browsers remember for a year (docs/security-web.md explains how to roll it out).
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(365 * 24 * 3600)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = os.environ.get("SECURE_HSTS_INCLUDE_SUBDOMAINS", "1") == "1"
SECURE_HSTS_PRELOAD = False
CSP_UPGRADE_INSECURE_REQUESTS = SESSION_COOKIE_SECURE
CSP_EXTRA_SOURCES = {
    # Streaming servers of the interview room (hls.js loads playlists with XHR), comma-separated origins.
    directive: [origin.strip() for origin in os.environ.get("CSP_STREAM_ORIGINS", "").split(",") if origin.strip()]
    for directive in ("media-src", "connect-src")
}
# Personal data at rest: the keys come from the environment only, never from a file on the node.
DATA_KEY_FILE = None
if not DATA_KEYS:  # noqa: F405
    raise ImproperlyConfigured("生产配置缺少环境变量：SITEGROUP_DATA_KEYS（个人信息加密密钥，见 docs/security.md）")
try:
    from cryptography.fernet import Fernet

    for _key in DATA_KEYS:  # noqa: F405
        Fernet(_key)
except ValueError as error:
    raise ImproperlyConfigured(
        "SITEGROUP_DATA_KEYS 中有无效的密钥（应为 Fernet 密钥，见 docs/security.md）。"
    ) from error
