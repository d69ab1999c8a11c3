"""The production stack on loopback, for benchmarks: the project's PostgreSQL and Redis
(`scripts/services.sh`), server processes on `config.settings.production` (`manage.py serve`, Daphne) and
Debian's nginx as our own process with the repository's server body (`deploy/nginx/test-local.conf` around
`deploy/nginx/sitegroup-locations.conf`), as `tests/integration/test_nginx.py` runs them.

Used by bench/production_load.py; nothing here writes outside the work folder and the services folder.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
HOST = "127.0.0.1"
# Fixed, published stand-ins (a benchmark database holds only the demo's invented people).
BENCH_SECRET_KEY = "bench-production-load-not-a-secret-0123456789abcdef"  # noqa: S105
BENCH_DATA_KEY = "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWY="


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def wait_for(port: int, process: subprocess.Popen | None = None, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"server process exited with {process.returncode}")
        try:
            with socket.create_connection((HOST, port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"nothing listens on {port}")


# -- PostgreSQL and Redis -----------------------------------------------------------------------------


def services(action: str, *, folder: Path, pg_port: int, redis_port: int) -> dict[str, str]:
    """`scripts/services.sh start|stop` without Elasticsearch; returns the exports it prints."""
    env = {
        **os.environ,
        "SITEGROUP_SERVICES_DIR": str(folder),
        "SITEGROUP_PG_PORT": str(pg_port),
        "SITEGROUP_REDIS_PORT": str(redis_port),
        "SITEGROUP_ELASTICSEARCH": "0",
    }
    result = subprocess.run(
        [str(ROOT / "scripts/services.sh"), action], env=env, capture_output=True, text=True, timeout=300
    )
    if result.returncode != 0:
        raise RuntimeError(f"scripts/services.sh {action}: {result.stderr[-2000:]}")
    exports = {}
    for line in result.stdout.splitlines():
        if line.startswith("export ") and "=" in line:
            name, _, value = line[len("export ") :].partition("=")
            exports[name] = value
    return exports


def database_url(server_url: str, name: str) -> str:
    """The same PostgreSQL server, another database (the bench's own, beside the services' `sitegroup`)."""
    return server_url.rsplit("/", 1)[0] + "/" + name


def recreate_database(server_url: str, name: str) -> None:
    import psycopg

    with psycopg.connect(database_url(server_url, "postgres"), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def database_has_demo(server_url: str, name: str) -> bool:
    import psycopg

    try:
        with psycopg.connect(database_url(server_url, name)) as conn:
            return conn.execute("SELECT count(*) FROM wagtailcore_site").fetchone()[0] > 1
    except psycopg.Error:
        return False


# -- the application on production settings ------------------------------------------------------------


def production_env(*, database: str, redis: str, work: Path, page_cache: bool = True) -> dict[str, str]:
    """What a node's systemd unit sets (docs/deploy.md), with the bench's folders and loopback hosts."""
    env = {name: value for name, value in os.environ.items() if name not in ("ELASTICSEARCH_URL", "DJANGO_DEBUG")}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY=BENCH_SECRET_KEY,
        SITEGROUP_DATA_KEYS=BENCH_DATA_KEY,
        DATABASE_URL=database,
        REDIS_URL=redis,
        ALLOWED_HOSTS="localhost,.localhost,127.0.0.1",
        SITEGROUP_TRUSTED_PROXIES="127.0.0.1,::1",
        SITEGROUP_VAR_DIR=str(work / "var"),
        STATIC_ROOT=str(work / "static"),
        MEDIA_ROOT=str(work / "media"),
        COOKIES_SECURE="0",
        SITEGROUP_PAGE_CACHE="1" if page_cache else "0",
        PYTHONUNBUFFERED="1",
        PYTHONPATH=str(ROOT),
    )
    return env


def manage(env: dict[str, str], *args: str, stdout=None, timeout: float = 1800) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=stdout, timeout=timeout)


class Servers:
    """Server processes on fixed loopback ports (nginx's upstreams): `manage.py serve --no-periodic-jobs`
    (Daphne, the default unit of docs/deploy.md) or uvicorn as docs/deploy.md runs it for big interviews."""

    def __init__(self, ports: list[int], logs: Path, kind: str = "serve"):
        self.ports = ports
        self.logs = logs
        self.kind = kind
        self.processes: list[subprocess.Popen] = []

    def command(self, port: int) -> list[str]:
        if self.kind == "uvicorn":
            return [
                sys.executable, "-m", "uvicorn", "config.asgi:application", "--host", HOST, "--port", str(port),
                "--loop", "uvloop", "--http", "httptools", "--ws", "websockets-sansio",
                "--ws-per-message-deflate", "false",
            ]  # fmt: skip
        return [sys.executable, "manage.py", "serve", "--no-periodic-jobs", "--port", str(port)]

    def start(self, env: dict[str, str]) -> None:
        self.logs.mkdir(parents=True, exist_ok=True)
        for port in self.ports:
            log = (self.logs / f"server-{port}.log").open("ab")
            self.processes.append(
                subprocess.Popen(
                    self.command(port),
                    cwd=ROOT,
                    env=env,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                )
            )
        for port, process in zip(self.ports, self.processes, strict=True):
            wait_for(port, process)

    def pids(self) -> list[int]:
        return [process.pid for process in self.processes]

    def stop(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=20)
        self.processes = []


class Nginx:
    """deploy/nginx/test-local.conf rendered as the integration stage renders it, with room for thousands of
    WebSocket viewers (each is two connections in nginx: the viewer's and the upstream one)."""

    def __init__(
        self, *, run: Path, var: Path, port: int, upstreams: list[int], purge_port: int, connections: int = 8192
    ):
        self.run = run
        self.port = port
        self.purge_port = purge_port
        run.mkdir(parents=True, exist_ok=True)
        text = (ROOT / "deploy/nginx/test-local.conf").read_text()
        values = {
            "RUN": run, "ROOT": ROOT, "USER": os.environ.get("USER") or "root", "PORT": port, "VAR": var,
            "UPSTREAM1": upstreams[0], "UPSTREAM2": upstreams[1], "PURGE_PORT": purge_port,
        }  # fmt: skip
        for name, value in values.items():
            text = text.replace(f"@{name}@", str(value))
        if "worker_connections 1024;" not in text:
            raise RuntimeError("deploy/nginx/test-local.conf changed: adapt bench/production_stack.py")
        text = text.replace("worker_connections 1024;", f"worker_connections {connections};")
        text = text.replace("worker_processes 1;", f"worker_processes 1;\nworker_rlimit_nofile {connections * 2};")
        self.config = run / "nginx.conf"
        self.config.write_text(text)

    def start(self) -> None:
        checked = subprocess.run([NGINX, "-t", "-c", str(self.config), "-p", str(self.run)], capture_output=True)
        if checked.returncode != 0:
            raise RuntimeError(checked.stderr.decode(errors="replace"))
        subprocess.run([NGINX, "-c", str(self.config), "-p", str(self.run)], check=True, timeout=30)
        wait_for(self.port)

    def clear_cache(self) -> None:
        """nginx's page cache emptied (between phases: an uncached run must not be answered from it)."""
        self.stop()
        shutil.rmtree(self.run / "page-cache", ignore_errors=True)
        self.start()

    def pids(self) -> list[int]:
        """The master and its worker."""
        master = int((self.run / "nginx.pid").read_text())
        children = Path(f"/proc/{master}/task/{master}/children")
        return [master, *(int(pid) for pid in children.read_text().split())] if children.exists() else [master]

    def stop(self) -> None:
        if (self.run / "nginx.pid").exists():
            subprocess.run([NGINX, "-c", str(self.config), "-p", str(self.run), "-s", "stop"], timeout=30)
