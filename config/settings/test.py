"""Fast, safe settings for the test suite.

The integration stage sets DATABASE_URL and REDIS_URL; then the same suite runs against
PostgreSQL with Redis as cache and channel layer.
"""

import atexit
import os
import shutil
import tempfile
from pathlib import Path

import dj_database_url

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-secret-key"  # noqa: S105
ALLOWED_HOSTS = ["localhost", ".localhost", "testserver", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = tempfile.mkdtemp(prefix="sitegroup-test-media-")
STATIC_ROOT = tempfile.mkdtemp(prefix="sitegroup-test-static-")
SEARCH_BACKEND = {
    "BACKEND": "search.backends.embedded.EmbeddedBackend",
    "PATH": os.path.join(tempfile.mkdtemp(prefix="sitegroup-test-search-"), "index.sqlite3"),
}

if os.environ.get("DATABASE_URL"):
    DATABASES = {"default": dj_database_url.parse(os.environ["DATABASE_URL"], conn_max_age=0)}
else:
    # A database file on a memory-backed disk, with the deployment's options (WAL, busy timeout, immediate
    # transactions): the live room and the periodic jobs read and write on other threads, and an
    # in-memory database (SQLite's shared cache) fails a second writer at once instead of letting it wait.
    _MEMORY_DISK = "/dev/shm"  # noqa: S108 - mkdtemp makes a private directory there
    _TEST_DB_DIR = tempfile.mkdtemp(
        prefix="sitegroup-test-db-", dir=_MEMORY_DISK if os.path.isdir(_MEMORY_DISK) else None
    )
    atexit.register(shutil.rmtree, _TEST_DB_DIR, ignore_errors=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.path.join(_TEST_DB_DIR, "unused.sqlite3"),
            "OPTIONS": DATABASES["default"]["OPTIONS"],  # noqa: F405
            "TEST": {"NAME": os.path.join(_TEST_DB_DIR, "test.sqlite3")},
        }
    }

if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": "sitegroup-test",
        },
        "pages": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": "sitegroup-test-pages",
            "TIMEOUT": None,
        },
    }
    # The production layer (pub/sub): the test process broadcasts to the Daphne processes it starts.
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
            "CONFIG": {"hosts": [os.environ["REDIS_URL"]], "prefix": "sitegroup"},
        }
    }
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pages", "TIMEOUT": None},
    }
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
# The page cache is off for the suite (tests change data without publishing and read pages again);
# tests/sitegroup/test_page_cache.py switches it on.
PAGE_CACHE_ENABLED = False

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Citizens' attachments: outside MEDIA_ROOT, served only through permission-checking views.
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": tempfile.mkdtemp(prefix="sitegroup-test-private-")},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# A data key of the test session's own (generated on first use), never the developer's var/data-key.
DATA_KEY_FILE = Path(tempfile.mkdtemp(prefix="sitegroup-test-keys-")) / "data-key"
PAGEVIEW_FLUSH_EVERY = 1_000_000
PAGEVIEW_FLUSH_SECONDS = 1_000_000
LOGGING = {"version": 1, "disable_existing_loggers": False}

# Harvest tests fetch recorded pages from a local HTTP server (no outside network).
HARVEST_ALLOW_PRIVATE_ADDRESSES = True
HARVEST_DEMO_PAGES = True
HARVEST_HOST_DELAY_SECONDS = 0.0
HARVEST_TIMEOUT_SECONDS = 5
