"""nginx in front of two server processes, as deployed (deploy/nginx/): its page cache purged by the
application, and a graceful restart under load.

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
PURGE_MODULE = "/usr/lib/nginx/modules/ngx_http_cache_purge_module.so"  # Debian's modules-enabled loads it
# The servers store no render that began within PAGE_CACHE_RACE_MARGIN_SECONDS (1 s) of a purge.
RACE_MARGIN = 1.2
BROWSER = "Mozilla/5.0 (Linux; Android 14) Chrome/120 Mobile"
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
    site = site.replace("/var/cache/nginx/sitegroup", str(tmp_path / "page-cache"))
    site = site.replace("/var/log/nginx/", f"{tmp_path}/")
    (tmp_path / "sitegroup.conf").write_text(site)
    (tmp_path / "nginx.conf").write_text(
        f"load_module {PURGE_MODULE}; pid {tmp_path}/nginx.pid; error_log {tmp_path}/error.log; events {{}}\n"
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
    port, purge_port = _free_port(), _free_port()
    run = tmp_path / "nginx"
    run.mkdir()
    # nginx keeps the pages the application offers it, and the application purges them (docs/page-cache.md).
    env["SITEGROUP_PAGE_CACHE_PURGE_BACKENDS"] = "sitegroup.services.frontend_cache.NginxPurgeBackend"
    env["SITEGROUP_PAGE_CACHE_PURGE_ORIGIN"] = f"http://127.0.0.1:{purge_port}"
    env["SITEGROUP_NGINX_PAGE_VIEW_LOG"] = str(run / "page-views.log")
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
    config = _nginx_config(
        tmp_path / "nginx.conf", run, USER=os.environ.get("USER") or "root", PORT=port, VAR=tmp_path,
        UPSTREAM1=ports[0], UPSTREAM2=ports[1], PURGE_PORT=purge_port,
    )  # fmt: skip
    checked = subprocess.run([NGINX, "-t", "-c", str(config), "-p", str(run)], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
    subprocess.run([NGINX, "-c", str(config), "-p", str(run)], check=True, timeout=30)
    try:
        for server_port, process in zip(ports, processes, strict=True):
            _wait_for(server_port, process)
        _wait_for(port)
        yield {
            "port": port, "servers": ports, "processes": processes, "logs": logs, "static": tmp_path / "static",
            "run": run, "purge_port": purge_port,
        }  # fmt: skip
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
                # The elder-friendly mode's cookie passes nginx's page cache: every request reaches a process.
                headers = {"Connection": "close", "Cookie": "elder_mode=1"}
                status, _headers, body = _request(port, "/", headers=headers)
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


def _server_requests(stack, path: str) -> int:
    """How many requests for `path` reached the server processes (their JSON request log)."""
    time.sleep(0.3)
    return sum(1 for log in stack["logs"] for line in _log_lines(log) if line.get("path") == path)


def _get(stack, path, **headers):
    status, response_headers, body = _request(stack["port"], path, headers={"User-Agent": BROWSER, **headers})
    assert status == 200, (path, status)
    return response_headers, body.decode()


@pytest.fixture
def purges_reach_nginx(settings, stack):
    """This process purges as the servers do: their Redis page cache, and nginx at its port."""
    settings.PAGE_CACHE_ENABLED = True
    settings.CACHES = {**settings.CACHES, "pages": {**settings.CACHES["pages"], "KEY_PREFIX": "sitegroup-pages"}}
    settings.PAGE_CACHE_PURGE_BACKENDS = [
        "sitegroup.services.page_cache.LocalPurgeBackend",
        "sitegroup.services.frontend_cache.NginxPurgeBackend",
    ]
    settings.PAGE_CACHE_PURGE_ORIGIN = f"http://127.0.0.1:{stack['purge_port']}"
    settings.PAGE_CACHE_FRONTEND_REPURGE_SECONDS = 0
    settings.PAGE_CACHE_RACE_MARGIN_SECONDS = 0
    settings.PAGE_CACHE_FRONTEND_VIEW_LOG = str(stack["run"] / "page-views.log")
    settings.VAR_DIR = stack["run"]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_nginx_answers_anonymous_pages_itself_until_a_publication_purges_them(
    site_group, stack, purges_reach_nginx, django_capture_on_commit_callbacks
):
    from sitegroup.models import ArticlePage, PageViewDaily, SiteSettings
    from sitegroup.services import frontend_views
    from tests.builders import make_article

    with django_capture_on_commit_callbacks(execute=True):
        article = make_article(site_group["columns"]["a"], "县教育局秋季招生")
    time.sleep(RACE_MARGIN)
    article_path = "/" + article.url_path.split("/", 2)[2]
    pages = [article_path, "/news/", "/"]

    # First visit: rendered by a process; every later one answered by nginx alone.
    for path in pages:
        headers, body = _get(stack, path)
        assert headers["X-Cache-Nginx"] == "MISS" and "县教育局秋季招生" in body, path
    for _visit in range(3):
        for path in pages:
            headers, _body = _get(stack, path)
            assert headers["X-Cache"] == "HIT" and headers["X-Cache-Nginx"] == "HIT", path
            assert "nonce" not in headers["Content-Security-Policy"]
    assert [_server_requests(stack, path) for path in pages] == [1, 1, 1]

    # Anyone signed in, or in the elder-friendly mode, is never given nginx's copy.
    assert _get(stack, article_path, Cookie="sessionid=x")[0]["X-Cache-Nginx"] == "BYPASS"
    assert _get(stack, article_path, Cookie="elder_mode=1")[0]["X-Cache-Nginx"] == "BYPASS"
    # A PURGE from a citizen goes to the application, which refuses it; nginx's copy stays.
    assert _request(stack["port"], article_path, method="PURGE", source="127.0.0.2")[0] in (403, 405)
    assert _get(stack, article_path)[0]["X-Cache-Nginx"] == "HIT"

    # The editor's published change: the next anonymous request of every page showing it is fresh.
    edited = ArticlePage.objects.get(pk=article.pk)
    edited.title = "县教育局春季招生"
    with django_capture_on_commit_callbacks(execute=True):
        edited.save_revision().publish()
    time.sleep(RACE_MARGIN)
    for path in pages:
        headers, body = _get(stack, path)
        assert headers["X-Cache-Nginx"] == "MISS" and "县教育局春季招生" in body, path
        assert _get(stack, path)[0]["X-Cache-Nginx"] == "HIT", path
    # Another site's page nginx holds is not touched by it.
    headers, _body = _get(stack, "/", Host=f"b.localhost:{stack['port']}")
    assert _get(stack, "/", Host=f"b.localhost:{stack['port']}")[0]["X-Cache-Nginx"] == "HIT"

    # A site-wide change (the site's settings) purges every page of that site nginx holds.
    site_settings = SiteSettings.for_site(site_group["a"].site)
    site_settings.site_name = "测试县教育局（新）"
    with django_capture_on_commit_callbacks(execute=True):
        site_settings.save()
    time.sleep(RACE_MARGIN)
    for path in pages:
        headers, body = _get(stack, path)
        assert headers["X-Cache-Nginx"] == "MISS" and "测试县教育局（新）" in body, path
    assert _get(stack, "/", Host=f"b.localhost:{stack['port']}")[0]["X-Cache-Nginx"] == "HIT"

    # The views nginx answered alone are counted from its log, as if Python had served them.
    PageViewDaily.objects.all().delete()
    frontend_views.count_new_views()
    # nginx's hits of the article: three visits, one after the refused PURGE, one after the edit.
    assert PageViewDaily.objects.filter(page_id=article.pk).get().views == 3 + 1 + 1
    assert frontend_views.count_new_views() == 0  # each logged view is counted once
