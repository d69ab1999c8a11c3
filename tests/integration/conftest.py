"""Shared by the multi-process integration tests."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def production_static(tmp_path_factory):
    """Static files collected once per session as production collects them (hashed, precompressed):
    `<folder>/static`. Collecting compresses every file, so the server-process tests share it."""
    folder = tmp_path_factory.mktemp("production-static")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": "collectstatic-only",
        "SITEGROUP_DATA_KEYS": "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWY=",
        "ALLOWED_HOSTS": "localhost",
        "STATIC_ROOT": str(folder / "static"),
    }
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True, timeout=600
    )
    return folder
