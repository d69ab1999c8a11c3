"""Production settings refuse to start without their environment."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FULL_ENV = {
    "SECRET_KEY": "x" * 50,
    "DATABASE_URL": "postgres://u@127.0.0.1:1/db",
    "REDIS_URL": "redis://127.0.0.1:1/0",
    "ALLOWED_HOSTS": "www.example.gov.cn,.example.gov.cn",
    # Personal-data keys (docs/security.md): newest first.
    "SITEGROUP_DATA_KEYS": "oVJ3o0KbXxHCGyl0v1u8eYB6eHmv2cd5a4J1oG0e3Xc=,Wm2dPpI3d0fU5Y4ZrM1e3J2pS5nK8qT0v7xL9cB6a1E=",
}


def _import_production(env, expression="settings.DATABASES['default']['ENGINE']"):
    clean = {key: value for key, value in os.environ.items() if key not in FULL_ENV and key != "ELASTICSEARCH_URL"}
    clean.update(env)
    clean["DJANGO_SETTINGS_MODULE"] = "config.settings.production"
    code = f"import django; from django.conf import settings; django.setup(); print({expression})"
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=120, check=False
    )


@pytest.mark.parametrize("missing", sorted(FULL_ENV))
def test_production_refuses_to_start_without_a_required_variable(missing):
    env = {key: value for key, value in FULL_ENV.items() if key != missing}
    result = _import_production(env)
    assert result.returncode != 0
    assert missing in result.stderr and "ImproperlyConfigured" in result.stderr


def test_production_starts_with_every_variable():
    result = _import_production(FULL_ENV)
    assert result.returncode == 0, result.stderr
    assert "postgresql" in result.stdout


def test_production_keeps_no_database_connection_between_requests():
    """Under ASGI each request's sync code runs in a thread of its own: a kept connection is never reused,
    and two server processes under load held all of PostgreSQL's connections (bench/production_load.py)."""
    result = _import_production(FULL_ENV, "settings.DATABASES['default']['CONN_MAX_AGE']")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "0"


def test_search_backend_is_elasticsearch_when_configured():
    backend = "settings.SEARCH_BACKEND['BACKEND']"
    assert "embedded" in _import_production(FULL_ENV, backend).stdout
    configured = _import_production({**FULL_ENV, "ELASTICSEARCH_URL": "http://127.0.0.1:9200"}, backend)
    assert configured.stdout.strip() == "search.backends.elasticsearch.ElasticsearchBackend"


def test_production_refuses_a_data_key_that_is_not_a_fernet_key():
    result = _import_production({**FULL_ENV, "SITEGROUP_DATA_KEYS": "secret"})
    assert result.returncode != 0
    assert "SITEGROUP_DATA_KEYS" in result.stderr and "ImproperlyConfigured" in result.stderr


def test_production_reads_no_data_key_from_a_file():
    result = _import_production(FULL_ENV, "settings.DATA_KEY_FILE, len(settings.DATA_KEYS)")
    assert result.stdout.strip() == "None 2", result.stderr
