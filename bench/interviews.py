"""Interview room load: N WebSocket viewers on loopback, posts driven through the real services.

Builds its own small database (a fresh SQLite under var/bench-interviews/: one portal, one live
interview), then for each server (Daphne, uvicorn) starts one server process, connects N viewers,
has the host post at --rate posts/s for --seconds through the console (the real `live.post` service,
broadcast after commit), and reports: connect time, delivery latency from the post's commit (the
payload's `at`, stamped in the committing transaction) p50/p95/p99/max, messages lost, server CPU µs
per delivery and RSS per viewer. With --restart the server is killed and started again mid-run: the
viewers reconnect with `since=<last seq>` and must miss nothing.

Bounded (≤ 20,000 viewers, ≤ 120 s), loopback only, raises its own open-file limit.
    .venv/bin/python bench/interviews.py --viewers 1000 --rate 1 --seconds 20 --servers daphne,uvicorn
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import functools
import json
import os
import random
import resource
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VAR = ROOT / "var" / "bench-interviews"
MAX_VIEWERS = 20_000
MAX_SECONDS = 120
HOST = "127.0.0.1"
TICKS = os.sysconf("SC_CLK_TCK")


REDIS_URL = ""  # set when --processes > 1: the servers share Redis as in production


def _environment() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL", "DJANGO_DEBUG")}
    env.update(DJANGO_SETTINGS_MODULE="config.settings.dev", SITEGROUP_VAR_DIR=str(VAR), PYTHONPATH=str(ROOT))
    if REDIS_URL:  # production's cache and pub/sub channel layer over the dev settings
        env.update(DJANGO_SETTINGS_MODULE="bench.interviews_settings", REDIS_URL=REDIS_URL)
    return env


def start_redis() -> subprocess.Popen:
    """A Redis of the bench's own on a free loopback port (Debian's redis-server, as `make test` installs)."""
    global REDIS_URL
    port = _free_port()
    process = subprocess.Popen(
        [
            "redis-server",
            "--port",
            str(port),
            "--bind",
            HOST,
            "--save",
            "",
            "--appendonly",
            "no",
            "--maxclients",
            "20000",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(100):
        with socket.socket() as probe:
            if probe.connect_ex((HOST, port)) == 0:
                REDIS_URL = f"redis://{HOST}:{port}/0"
                return process
        time.sleep(0.05)
    process.kill()
    raise SystemExit("redis-server did not start")


def _raise_open_files() -> int:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = hard if hard != resource.RLIM_INFINITY else 65536
    resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))
    return wanted


# -- the world: database, interview, host session ---------------------------------------------------


def build_world() -> dict:
    """A fresh database with one live interview; returns its id, URL path and a host session."""
    if VAR.exists():
        shutil.rmtree(VAR)
    VAR.mkdir(parents=True)
    os.environ.update(_environment())
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    call_command("migrate", "--noinput", verbosity=0)
    from interviews.services import live
    from sitegroup.models import OrganisationKind
    from tests.builders import make_organisation
    from tests.interviews.builders import make_interview

    portal = make_organisation("压测县人民政府", "localhost", kind=OrganisationKind.PORTAL)
    interview = make_interview(portal.organisation, title="压测访谈")
    host = get_user_model().objects.create_superuser("bench_host", password=secrets.token_urlsafe(12))
    live.start(interview, host)
    return {"id": interview.pk, "path": interview.url, "session": staff_session(host)}


def staff_session(user) -> str:
    """A signed-in session of `user` past the second factor (a TOTP device of the bench's own), in the
    configured session engine; returns its key for the `sessionid` cookie."""
    from django.conf import settings
    from django.contrib.sessions.backends.base import SessionBase
    from django.utils.module_loading import import_string
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.create(user=user, name="压测", confirmed=True)
    session: SessionBase = import_string(f"{settings.SESSION_ENGINE}.SessionStore")()
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id  # the user has passed the second factor
    session["_auth_user_id"] = str(user.pk)
    session["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
    session["_auth_user_hash"] = user.get_session_auth_hash()
    session.create()
    return session.session_key


def last_sequence(interview_id: int) -> int:
    from interviews.models import InterviewRoom

    return InterviewRoom.objects.get(interview_id=interview_id).last_sequence


# -- the server under test --------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


# Server kinds besides "daphne": uvicorn with the websockets library's asyncio protocol, or its sans-I/O core.
UVICORN_WEBSOCKETS = {"uvicorn": "websockets", "uvicorn-sansio": "websockets-sansio"}
SERVER_KINDS = ("daphne", *UVICORN_WEBSOCKETS)


def start_server(kind: str, port: int) -> subprocess.Popen:
    if kind == "daphne":
        command = [sys.executable, "-m", "daphne", "-b", HOST, "-p", str(port), "config.asgi:application"]
    elif kind in UVICORN_WEBSOCKETS:
        command = [
            sys.executable, "-m", "uvicorn", "config.asgi:application", "--host", HOST, "--port", str(port),
            "--loop", "uvloop", "--http", "httptools", "--ws", UVICORN_WEBSOCKETS[kind], "--no-access-log",
            "--log-level", "warning", "--ws-per-message-deflate", "false", "--backlog", "4096",
        ]  # fmt: skip
    process = subprocess.Popen(command, cwd=ROOT, env=_environment(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"{kind} exited: {process.stderr.read().decode(errors='replace')[-2000:]}")
        try:
            with urllib.request.urlopen(f"http://{HOST}:{port}/robots.txt", timeout=2):  # noqa: S310 - loopback
                return process
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.2)
    process.kill()
    raise SystemExit(f"{kind} did not start on {port}")


class ServerPool:
    """One or more server processes of one kind, each on its own port; viewers spread over them."""

    def __init__(self, kind: str, count: int):
        self.kind = kind
        self.ports = [_free_port() for _ in range(count)]
        self.processes = [start_server(kind, port) for port in self.ports]
        self.retired_cpu = 0.0  # CPU of processes replaced by a restart

    def cpu(self) -> float:
        return self.retired_cpu + sum(cpu_seconds(process.pid) for process in self.processes)

    def rss(self) -> int:
        return sum(rss_kb(process.pid) for process in self.processes)

    def restart(self, index: int = 0) -> None:
        process = self.processes[index]
        self.retired_cpu += cpu_seconds(process.pid)
        process.terminate()
        process.wait(10)
        self.processes[index] = start_server(self.kind, self.ports[index])

    def stop(self) -> None:
        for process in self.processes:
            process.terminate()
        for process in self.processes:
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


def _own_cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


# -- viewers and the host ---------------------------------------------------------------------------


@dataclass
class Viewer:
    last: int
    seen: set = field(default_factory=set)
    latencies: list = field(default_factory=list)
    reconnects: int = 0
    connected: asyncio.Event = field(default_factory=asyncio.Event)


CLOSE_CODES: dict[int, int] = {}  # close codes the server sent, for the report


class _ViewerProtocol(asyncio.Protocol):
    """A minimal WebSocket client of our own: the upgrade request, then unmasked text frames from the
    server. The load client shares the two cores with the server under test, so it must cost as little
    as possible per connect and per message (the `websockets` client spent about 1.5 ms per connect)."""

    def __init__(self, viewer: Viewer, request: bytes):
        self.viewer = viewer
        self.request = request
        self.buffer = bytearray()
        self.upgraded = asyncio.get_running_loop().create_future()
        self.closed = asyncio.get_running_loop().create_future()
        self.transport = None

    def connection_made(self, transport):
        self.transport = transport
        transport.write(self.request)

    def connection_lost(self, exc):
        if not self.upgraded.done():
            self.upgraded.set_exception(ConnectionError("closed before the upgrade"))
        if not self.closed.done():
            self.closed.set_result(None)

    def data_received(self, data: bytes):
        self.buffer += data
        if not self.upgraded.done():
            end = self.buffer.find(b"\r\n\r\n")
            if end < 0:
                return
            status = bytes(self.buffer[:12])
            del self.buffer[: end + 4]
            if status != b"HTTP/1.1 101":
                self.upgraded.set_exception(ConnectionError(status.decode("latin-1")))
                self.transport.close()
                return
            self.upgraded.set_result(None)
        self._frames()

    def _frames(self):
        buffer = self.buffer
        while len(buffer) >= 2:
            opcode, length, start = buffer[0] & 0x0F, buffer[1] & 0x7F, 2
            if length == 126:
                if len(buffer) < 4:
                    return
                length, start = int.from_bytes(buffer[2:4], "big"), 4
            elif length == 127:
                if len(buffer) < 10:
                    return
                length, start = int.from_bytes(buffer[2:10], "big"), 10
            if len(buffer) < start + length:
                return
            payload = bytes(buffer[start : start + length])
            del buffer[: start + length]
            if opcode == 0x1:
                self._message(payload)
            elif opcode == 0x9:  # ping: answer with a masked pong (zero mask key: the payload as is)
                self.transport.write(bytes((0x8A, 0x80 | len(payload))) + b"\0\0\0\0" + payload)
            elif opcode == 0x8:
                code = int.from_bytes(payload[:2], "big") if len(payload) >= 2 else 1005
                CLOSE_CODES[code] = CLOSE_CODES.get(code, 0) + 1
                self.transport.write(b"\x88\x80\0\0\0\0")
                self.transport.close()
                return

    def _message(self, payload: bytes):
        arrived = time.time()
        if b'"type":"post"' not in payload:
            return
        message = json.loads(payload)
        viewer = self.viewer
        if message["seq"] not in viewer.seen:
            viewer.seen.add(message["seq"])
            viewer.latencies.append(arrived - message["at"])
        viewer.last = max(viewer.last, message["seq"])


async def run_viewer(viewer: Viewer, port: int, interview_id: int, stop: asyncio.Event, gate, connect_times) -> None:
    loop = asyncio.get_running_loop()
    first = True
    while not stop.is_set():
        started = time.perf_counter()
        request = (
            f"GET /ws/interviews/{interview_id}/?since={viewer.last} HTTP/1.1\r\n"
            f"Host: localhost:{port}\r\nOrigin: http://localhost:{port}\r\n"
            "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
            f"Sec-WebSocket-Key: {base64.b64encode(os.urandom(16)).decode()}\r\n\r\n"
        ).encode()
        protocol = None
        try:
            async with gate:
                _transport, protocol = await asyncio.wait_for(
                    loop.create_connection(functools.partial(_ViewerProtocol, viewer, request), HOST, port), 30
                )
                await asyncio.wait_for(protocol.upgraded, 30)
            if first:
                connect_times.append(time.perf_counter() - started)
                first = False
            viewer.connected.set()
            stopping = asyncio.ensure_future(stop.wait())
            await asyncio.wait([protocol.closed, stopping], return_when=asyncio.FIRST_COMPLETED)
            stopping.cancel()
        except (TimeoutError, OSError):
            pass
        finally:
            if protocol is not None and protocol.transport is not None:
                protocol.transport.close()
        if stop.is_set():
            return
        viewer.reconnects += 1
        await asyncio.sleep(random.uniform(0.2, 1.5))  # a mass reconnect spreads itself out


def post(port: int, world: dict, number: int) -> bool:
    token = secrets.token_hex(16)
    data = f"action=post&text=%E5%8E%8B%E6%B5%8B%E7%AC%AC{number}%E6%9D%A1&csrfmiddlewaretoken={token}".encode()
    request = urllib.request.Request(  # noqa: S310 - loopback only
        f"http://{HOST}:{port}/admin/interviews/{world['id']}/console/action/",
        data=data,
        headers={
            "Host": f"localhost:{port}",
            "Cookie": f"sessionid={world['session']}; csrftoken={token}",
            "Content-Type": "application/x-www-form-urlencoded",
        },
        method="POST",
    )

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    try:
        urllib.request.build_opener(NoRedirect).open(request, timeout=10)
    except urllib.error.HTTPError as error:  # the console answers a post with a redirect back to itself
        return error.code == 302 and "/console/" in (error.headers.get("Location") or "")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return False
    return True


def _percentile(values: list[float], fraction: float) -> float:
    if not values:
        return float("nan")
    return values[min(len(values) - 1, int(len(values) * fraction))]


async def measure(kind: str, world: dict, args) -> dict:
    servers = ServerPool(kind, args.processes)
    port = servers.ports[0]  # the host posts through the first process; Redis carries it to the others
    try:
        for each in servers.ports:
            await asyncio.to_thread(post, each, world, 0)  # warm: imports, templates, the first query
        await asyncio.sleep(1)
        rss_before = servers.rss()
        start_seq = await asyncio.to_thread(last_sequence, world["id"])
        stop = asyncio.Event()
        gate = asyncio.Semaphore(200)  # handshakes in flight
        connect_times: list[float] = []
        viewers = [Viewer(last=start_seq) for _ in range(args.viewers)]
        began = time.perf_counter()
        server_cpu_began, client_cpu_began = servers.cpu(), _own_cpu_seconds()
        tasks = [
            asyncio.ensure_future(
                run_viewer(viewer, servers.ports[number % len(servers.ports)], world["id"], stop, gate, connect_times)
            )
            for number, viewer in enumerate(viewers)
        ]
        joined = asyncio.ensure_future(asyncio.gather(*(viewer.connected.wait() for viewer in viewers)))
        while not joined.done():
            await asyncio.wait([joined], timeout=5)
            connected = sum(viewer.connected.is_set() for viewer in viewers)
            print(
                f"  {kind}: {connected} of {args.viewers} viewers connected after {time.perf_counter() - began:.0f} s",
                file=sys.stderr,
                flush=True,
            )
            if not joined.done() and time.perf_counter() - began > 180:
                stop.set()
                joined.cancel()
                for task in tasks:
                    task.cancel()
                await asyncio.gather(*tasks, return_exceptions=True)
                return {"server": kind, "viewers": args.viewers, "connected": connected}
        connect_wall = time.perf_counter() - began
        connect_cpu_server = servers.cpu() - server_cpu_began
        connect_cpu_client = _own_cpu_seconds() - client_cpu_began
        await asyncio.sleep(2)  # let the viewer count settle
        rss_after = servers.rss()
        cpu_before, client_cpu_before = servers.cpu(), _own_cpu_seconds()
        posts, failed = 0, 0
        interval = 1 / args.rate
        deadline = time.perf_counter() + args.seconds
        restarted = not args.restart
        next_at = time.perf_counter()
        while time.perf_counter() < deadline:
            if not restarted and time.perf_counter() > deadline - args.seconds / 2:
                cpu_before += await asyncio.to_thread(_restart_uncounted, servers)
                restarted = True
            ok = await asyncio.to_thread(post, port, world, posts + 1)
            posts += ok
            failed += not ok
            next_at += interval
            await asyncio.sleep(max(0.0, next_at - time.perf_counter()))
        cpu_used = servers.cpu() - cpu_before
        client_cpu_used = _own_cpu_seconds() - client_cpu_before
        end_seq = await asyncio.to_thread(last_sequence, world["id"])
        expected = set(range(start_seq + 1, end_seq + 1))
        drain_until = time.perf_counter() + 10
        while time.perf_counter() < drain_until and any(not expected <= viewer.seen for viewer in viewers):
            await asyncio.sleep(0.2)
        stop.set()
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        latencies = sorted(latency for viewer in viewers for latency in viewer.latencies)
        lost = sum(len(expected - viewer.seen) for viewer in viewers)
        deliveries = len(expected) * args.viewers
        connect_times.sort()
        return {
            "server": kind if args.processes == 1 else f"{kind}×{args.processes}",
            "viewers": args.viewers,
            "posts": posts,
            "failed_posts": failed,
            "connect_wall_s": connect_wall,
            "connect_p50_ms": _percentile(connect_times, 0.5) * 1000,
            "connect_p99_ms": _percentile(connect_times, 0.99) * 1000,
            "connect_cpu_server_ms": connect_cpu_server / args.viewers * 1000,
            "connect_cpu_client_ms": connect_cpu_client / args.viewers * 1000,
            "p50_ms": _percentile(latencies, 0.5) * 1000,
            "p95_ms": _percentile(latencies, 0.95) * 1000,
            "p99_ms": _percentile(latencies, 0.99) * 1000,
            "max_ms": (latencies[-1] if latencies else float("nan")) * 1000,
            "lost": lost,
            "reconnects": sum(viewer.reconnects for viewer in viewers),
            "close_codes": dict(CLOSE_CODES),
            "cpu_us_per_delivery": cpu_used / deliveries * 1e6 if deliveries else float("nan"),
            "client_cpu_us_per_delivery": client_cpu_used / deliveries * 1e6 if deliveries else float("nan"),
            "rss_kb_per_viewer": (rss_after - rss_before) / args.viewers,
        }
    finally:
        servers.stop()


def _restart_uncounted(servers: ServerPool) -> float:
    """Restart the first process; returns the new process's start-up CPU (not counted as delivery)."""
    servers.restart(0)
    return cpu_seconds(servers.processes[0].pid)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--viewers", type=int, default=1000)
    parser.add_argument("--rate", type=float, default=1.0, help="posts per second")
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--servers", default="daphne,uvicorn", help=", ".join(SERVER_KINDS))
    parser.add_argument("--client-loop", choices=("uvloop", "asyncio"), default="asyncio", help="load client's loop")
    parser.add_argument("--restart", action="store_true", help="kill and restart the (first) server halfway")
    parser.add_argument(
        "--processes", type=int, default=1, help="server processes; more than one share a Redis of the bench's own"
    )
    args = parser.parse_args()
    if not 1 <= args.viewers <= MAX_VIEWERS or not 1 <= args.seconds <= MAX_SECONDS or not 0 < args.rate <= 50:
        parser.error(f"viewers 1..{MAX_VIEWERS}, seconds 1..{MAX_SECONDS}, rate 0..50")
    limit = _raise_open_files()
    if limit < args.viewers + 100:
        parser.error(f"open-file limit {limit} is too low for {args.viewers} viewers")
    if not 1 <= args.processes <= 4:
        parser.error("processes 1..4")
    unknown = {kind.strip() for kind in args.servers.split(",")} - set(SERVER_KINDS)
    if unknown:
        parser.error(f"unknown server {', '.join(sorted(unknown))}: {', '.join(SERVER_KINDS)}")
    redis = start_redis() if args.processes > 1 else None
    try:
        world = build_world()
        _run_all(world, args)
    finally:
        if redis is not None:
            redis.terminate()


def _client_loop(name: str):
    """The load client's event loop: the standard one (the default, as in every figure so far) or uvloop
    (no clear difference measured: 18–22 against 17–20 µs of client CPU per delivery at 10,000 viewers)."""
    if name == "uvloop":
        import uvloop

        return uvloop.new_event_loop
    return asyncio.new_event_loop


def _run_all(world: dict, args) -> None:
    for kind in args.servers.split(","):
        with asyncio.Runner(loop_factory=_client_loop(args.client_loop)) as runner:
            result = runner.run(measure(kind.strip(), world, args))
        if "connected" in result:
            print(
                f"{result['server']:<7} viewers {result['viewers']:>6}  only {result['connected']} connected in 180 s"
            )
            continue
        print(
            f"{result['server']:<7} viewers {result['viewers']:>6}  posts {result['posts']:>4} "
            f"(failed {result['failed_posts']})"
            f"  connect all {result['connect_wall_s']:.1f} s (p50 {result['connect_p50_ms']:.0f} ms, "
            f"p99 {result['connect_p99_ms']:.0f} ms; CPU per connect: server "
            f"{result['connect_cpu_server_ms']:.2f} ms, load client {result['connect_cpu_client_ms']:.2f} ms)\n"
            f"        latency from commit p50 {result['p50_ms']:.0f} ms  p95 {result['p95_ms']:.0f} ms  "
            f"p99 {result['p99_ms']:.0f} ms  max {result['max_ms']:.0f} ms  lost {result['lost']}  "
            f"reconnects {result['reconnects']} (server closes by code: {result['close_codes'] or 'none'})\n"
            f"        server CPU {result['cpu_us_per_delivery']:.0f} µs/delivery  "
            f"RSS {result['rss_kb_per_viewer']:.1f} KB/viewer  "
            f"load client CPU {result['client_cpu_us_per_delivery']:.0f} µs/delivery"
        )


if __name__ == "__main__":
    main()
