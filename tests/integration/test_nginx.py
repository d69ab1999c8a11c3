"""nginx in front of two server processes, as deployed (deploy/nginx/), and a graceful restart under load.

Debian's nginx runs as our own process on loopback with the repository's server body
(deploy/nginx/sitegroup-locations.conf) before two `manage.py serve` processes on production settings,
PostgreSQL and Redis.
"""

from __future__ import annotations

import gzip
import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from sitegroup.services import personal_data

ROOT = Path(__file__).resolve().parents[2]
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
OPENSSL = shutil.which("openssl") or "/usr/bin/openssl"
pytestmark = pytest.mark.integration


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for(port: int, process: subprocess.Popen | None = None, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise AssertionError(f"server process exited with {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"nothing listens on {port}")


def _request(port, path, *, host="a.localhost", method="GET", headers=None, body=None, source="127.0.0.1"):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30, source_address=(source, 0))
    try:
        conn.request(method, path, body=body, headers={"Host": f"{host}:{port}", **(headers or {})})
        response = conn.getresponse()
        return response.status, response.headers, response.read()  # headers: case-insensitive
    finally:
        conn.close()


def _nginx_config(path: Path, run: Path, **values) -> Path:
    text = (ROOT / "deploy/nginx/test-local.conf").read_text()
    for name, value in {"RUN": run, "ROOT": ROOT, **values}.items():
        text = text.replace(f"@{name}@", str(value))
    path.write_text(text)
    return path


def test_the_production_configuration_passes_nginx_t(tmp_path):
    """deploy/nginx/sitegroup.conf as it would sit in /etc/nginx/conf.d/, with a stand-in certificate."""
    subprocess.run(
        [OPENSSL, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=dantu.gov.cn",
         "-keyout", str(tmp_path / "key.pem"), "-out", str(tmp_path / "cert.pem")],
        check=True, capture_output=True, timeout=60,
    )  # fmt: skip
    site = (ROOT / "deploy/nginx/sitegroup.conf").read_text()
    site = site.replace("/srv/sitegroup/deploy", str(ROOT / "deploy"))
    site = site.replace("/etc/ssl/sitegroup/fullchain.pem", str(tmp_path / "cert.pem"))
    site = site.replace("/etc/ssl/sitegroup/privkey.pem", str(tmp_path / "key.pem"))
    (tmp_path / "sitegroup.conf").write_text(site)
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid; error_log {tmp_path}/error.log; events {{}}\n"
        f"http {{ include /etc/nginx/mime.types; client_body_temp_path {tmp_path}/body; "
        f"proxy_temp_path {tmp_path}/proxy; include {tmp_path}/sitegroup.conf; }}\n"
    )
    result = subprocess.run([NGINX, "-t", "-c", str(tmp_path / "nginx.conf")], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


@pytest.fixture
def stack(tmp_path, production_static):
    """nginx on a loopback port before two server processes on production settings."""
    database = connection.settings_dict
    logs = [tmp_path / "server-1.log", tmp_path / "server-2.log"]
    env = {
        **{name: value for name, value in os.environ.items() if name != "ELASTICSEARCH_URL"},
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": settings.SECRET_KEY,
        "SITEGROUP_DATA_KEYS": ",".join(personal_data.keys()),
        "DATABASE_URL": f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}",
        "ALLOWED_HOSTS": "localhost,.localhost,127.0.0.1",
        "STATIC_ROOT": str(production_static / "static"),
        "MEDIA_ROOT": str(tmp_path / "media"),
        "COOKIES_SECURE": "0",
        "PYTHONUNBUFFERED": "1",
    }
    (tmp_path / "media").mkdir(exist_ok=True)
    (tmp_path / "static").symlink_to(production_static / "static")
    ports = [_free_port(), _free_port()]
    processes = [
        subprocess.Popen(
            [sys.executable, "manage.py", "serve", "--no-periodic-jobs", "--port", str(port)],
            cwd=ROOT,
            env=env,
            stdout=log.open("wb"),
            stderr=subprocess.STDOUT,
        )
        for port, log in zip(ports, logs, strict=True)
    ]
    run = tmp_path / "nginx"
    run.mkdir()
    port = _free_port()
    config = _nginx_config(
        tmp_path / "nginx.conf", run, USER=os.environ.get("USER") or "root", PORT=port, VAR=tmp_path,
        UPSTREAM1=ports[0], UPSTREAM2=ports[1],
    )  # fmt: skip
    checked = subprocess.run([NGINX, "-t", "-c", str(config), "-p", str(run)], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
    subprocess.run([NGINX, "-c", str(config), "-p", str(run)], check=True, timeout=30)
    try:
        for server_port, process in zip(ports, processes, strict=True):
            _wait_for(server_port, process)
        _wait_for(port)
        yield {"port": port, "servers": ports, "processes": processes, "logs": logs, "static": tmp_path / "static"}
    finally:
        subprocess.run([NGINX, "-c", str(config), "-p", str(run), "-s", "stop"], timeout=30)
        for process in processes:
            if process.poll() is None:
                process.kill()
                process.wait(timeout=20)


def _log_lines(path: Path) -> list[dict]:
    lines = []
    for raw in path.read_text(errors="replace").splitlines():
        if raw.startswith("{"):
            try:
                lines.append(json.loads(raw))
            except ValueError:
                pass
    return lines


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_nginx_serves_static_files_pages_websockets_and_passes_the_citizens_address(site_group, stack, client):
    from websockets.sync.client import connect

    from tests.builders import make_article

    port = stack["port"]
    # A collected static file straight from disk: compressed, cached for a year.
    manifest = json.loads((stack["static"] / "staticfiles.json").read_text())["paths"]
    name = next(hashed for original, hashed in manifest.items() if original.endswith(".css"))
    status, headers, body = _request(port, f"/static/{name}", headers={"Accept-Encoding": "gzip"})
    assert status == 200 and headers.get("Content-Encoding") == "gzip"
    assert gzip.decompress(body) == (stack["static"] / name).read_bytes()
    assert "max-age=31536000" in headers["Cache-Control"] and "immutable" in headers["Cache-Control"]

    # A page through nginx from a citizen at 127.0.0.2 who also forges X-Real-IP.
    status, headers, body = _request(
        port, "/", source="127.0.0.2", headers={"Accept-Encoding": "gzip", "X-Real-IP": "203.0.113.66"}
    )
    assert status == 200 and headers.get("Content-Encoding") == "gzip"
    assert "测试县教育局工作动态" in gzip.decompress(body).decode()
    request_id = headers["X-Request-ID"]
    time.sleep(0.5)
    seen = [line for log in stack["logs"] for line in _log_lines(log) if line.get("request_id") == request_id]
    assert [line["client"] for line in seen] == ["127.0.0.2"]  # nginx's view of the citizen, not the forgery

    # Metrics never through nginx; from loopback on the process's own port they are there.
    assert _request(port, "/metrics")[0] == 404
    status, _headers, body = _request(stack["servers"][0], "/metrics")
    assert status == 200 and b"sitegroup_http_requests_total" in body

    # Bodies over the application's limit are refused by nginx before they are read.
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.putrequest("POST", "/search/", skip_host=True)
    conn.putheader("Host", f"a.localhost:{port}")
    conn.putheader("Content-Length", str(settings.MAX_REQUEST_BODY_SIZE + 1))
    conn.endheaders()
    assert conn.getresponse().status == 413
    conn.close()

    # The interview room's WebSocket upgrade through nginx, to whichever process nginx picks.
    client.force_login(site_group["users"]["supervision"])
    cookie = f"sessionid={client.cookies['sessionid'].value}"
    with connect(
        f"ws://127.0.0.1:{port}/ws/publications/",
        open_timeout=20,
        additional_headers={"Cookie": cookie, "Origin": f"http://localhost:{port}"},
    ) as sock:
        time.sleep(0.5)
        make_article(site_group["columns"]["b"], "经由nginx推送的稿件")
        assert json.loads(sock.recv(timeout=10))["title"] == "经由nginx推送的稿件"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_server_process_restarted_under_load_exits_and_no_citizen_request_fails(site_group, stack):
    """SIGTERM to one of the two processes while citizens read pages through nginx.

    The process exits within 10 s; every request it accepted is answered, and a request the kernel
    resets in its accept queue is retried by nginx on the other process: no citizen sees an error.
    """
    port, process = stack["port"], stack["processes"][0]
    results, errors = [], []
    stop = threading.Event()

    def reader():
        while not stop.is_set():
            try:
                status, _headers, body = _request(port, "/", headers={"Connection": "close"})
                results.append((status, b"</html>" in body))
            except (OSError, http.client.HTTPException) as error:
                errors.append(repr(error))

    threads = [threading.Thread(target=reader) for _ in range(16)]
    for thread in threads:
        thread.start()
    time.sleep(3)
    served_before = len(results)
    process.send_signal(signal.SIGTERM)
    sent = time.monotonic()
    try:
        process.wait(timeout=10)
        exited_after = time.monotonic() - sent
        time.sleep(2)  # citizens keep reading from the remaining process
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=30)
    assert exited_after < 10
    assert served_before > 0 and len(results) > served_before
    assert errors == []
    failed = [(status, complete) for status, complete in results if status != 200 or not complete]
    assert failed == [], f"{len(failed)} of {len(results)} requests failed: {failed[:5]}"
