"""The scale-out stack for real: PostgreSQL, Redis, and two Daphne processes with production settings."""

from __future__ import annotations

import contextlib
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection

from sitegroup.services import personal_data

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.integration


def test_database_cache_and_channel_layer_are_the_production_ones(db):
    from channels.layers import get_channel_layer

    assert connection.vendor == "postgresql"
    cache.set("integration-probe", "值", 30)
    assert cache.get("integration-probe") == "值"
    from django.core.cache import caches

    assert type(caches["default"]).__module__.startswith("django_redis")
    assert type(get_channel_layer()).__name__ == "RedisPubSubChannelLayer"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for(port: int, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"daphne exited: {process.stdout.read().decode(errors='replace')[-2000:]}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"daphne on {port} did not start")


def _get(port: int, host: str, path: str = "/") -> tuple[int, str]:
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers={"Host": host})
    with urllib.request.urlopen(request, timeout=20) as response:  # noqa: S310 - loopback only
        return response.status, response.read().decode()


@pytest.fixture
def daphne_pair(tmp_path, production_static):
    """Two Daphne processes on production settings, sharing the test database and Redis."""
    database = connection.settings_dict
    env = {
        **{name: value for name, value in os.environ.items() if name != "ELASTICSEARCH_URL"},
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        # The same key as the test process, so the session it logs in with is valid in Daphne too.
        "SECRET_KEY": settings.SECRET_KEY,
        # The test process's data keys: personal data it seals opens in Daphne too.
        "SITEGROUP_DATA_KEYS": ",".join(personal_data.keys()),
        "DATABASE_URL": f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}",
        "ALLOWED_HOSTS": "localhost,.localhost,127.0.0.1",
        "STATIC_ROOT": str(production_static / "static"),
        "MEDIA_ROOT": str(tmp_path / "media"),
        "COOKIES_SECURE": "0",
    }
    ports = [_free_port(), _free_port()]
    processes = [
        subprocess.Popen(
            [
                str(Path(sys.executable).parent / "daphne"),
                "-b",
                "127.0.0.1",
                "-p",
                str(port),
                "config.asgi:application",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        for port in ports
    ]
    try:
        for port, process in zip(ports, processes, strict=True):
            _wait_for(port, process)
        yield ports
    finally:
        for process in processes:
            process.terminate()
            process.wait(timeout=20)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_daphne_processes_serve_the_same_site_group_and_share_broadcasts(site_group, daphne_pair, client):
    from websockets.sync.client import connect

    from tests.builders import make_article

    for port in daphne_pair:
        status, body = _get(port, "a.localhost")
        assert status == 200 and "测试县教育局工作动态" in body

    client.force_login(site_group["users"]["supervision"])
    cookie = f"sessionid={client.cookies['sessionid'].value}"
    with contextlib.ExitStack() as stack:
        sockets = [
            stack.enter_context(
                connect(
                    f"ws://127.0.0.1:{port}/ws/publications/",
                    open_timeout=20,
                    additional_headers={"Cookie": cookie, "Origin": f"http://localhost:{port}"},
                )
            )
            for port in daphne_pair
        ]
        time.sleep(0.5)  # let both consumers join the Redis group
        make_article(site_group["columns"]["b"], "跨进程广播的稿件")
        for sock in sockets:
            assert json.loads(sock.recv(timeout=10))["title"] == "跨进程广播的稿件"

    for port in daphne_pair:  # the new article is served by both processes (shared database)
        _status, body = _get(port, "b.localhost", "/news/")
        assert "跨进程广播的稿件" in body
