"""The journey suite's world: the demo site group served exactly as `make run` serves it, and a browser.

One server per test session: `manage.py serve` (Daphne, DEBUG off, periodic jobs in-process) on a free
port, over a fresh copy of a demo database built by `migrate` + `load_demo`. The built database is kept
under `var/journey-template/` and reused while the code it was built from is unchanged (set
JOURNEY_REUSE_DEMO=1 to reuse it anyway while you change only templates or tests).
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.journeys.demo_template import ROOT, VAR, DemoBuildError, build_template, environment, manage

SCREENSHOTS = VAR / "journeys"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_until_serving(url: str, process: subprocess.Popen, log: Path, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"服务进程已退出（{process.returncode}）：\n{log.read_text()[-4000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - our own loopback server
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    pytest.fail(f"服务未在 {seconds} 秒内就绪：\n{log.read_text()[-4000:]}")


@dataclass
class DemoServer:
    """The running demo: its addresses, its accounts, and its database through management commands."""

    port: int
    var_dir: Path
    accounts: dict[str, str] = field(default_factory=dict)
    otp_secrets: dict[str, str] = field(default_factory=dict)

    def url(self, path: str = "/", site: str = "") -> str:
        host = f"{site}.localhost" if site else "localhost"
        return f"http://{host}:{self.port}{path}"

    def password(self, username: str) -> str:
        return self.accounts[username]

    def otp_secret(self, username: str) -> str:
        """The secret of the account's authenticator app (var/demo-accounts.txt, next to the password)."""
        return self.otp_secrets[username]

    def manage(self, *args: str, timeout: float = 300) -> subprocess.CompletedProcess:
        """Run a management command against the server's database (e.g. `shell -c ...`)."""
        return manage(self.var_dir, *args, port=self.port, timeout=timeout)

    def shell(self, code: str) -> str:
        """Run Python in `manage.py shell` on the server's database; returns its last printed line."""
        result = self.manage("shell", "--no-imports", "-c", code)
        if result.returncode:
            pytest.fail(f"manage.py shell 失败：\n{result.stderr[-4000:]}")
        lines = result.stdout.strip().splitlines()
        return lines[-1] if lines else ""


@pytest.fixture(scope="session")
def demo(tmp_path_factory):
    try:
        template = build_template()
    except DemoBuildError as error:
        pytest.fail(str(error))
    var_dir = tmp_path_factory.mktemp("journey-var")
    shutil.copytree(template, var_dir, dirs_exist_ok=True)
    port = _free_port()
    server = DemoServer(port=port, var_dir=var_dir)
    # A reused template may predate a new migration or changed CSS/JavaScript.
    for args in (("migrate", "--noinput", "-v0"), ("collectstatic", "--noinput", "-v0")):
        result = server.manage(*args)
        if result.returncode:
            pytest.fail(f"manage.py {' '.join(args)} 失败：\n{result.stderr[-4000:]}")
    # Sites on this port; the search index stores full URLs, so it is rewritten for the new port too.
    server.shell(
        f"from wagtail.models import Site; Site.objects.update(port={port})\n"
        "from search.services import check; check(fix=True)"
    )
    for line in (var_dir / "demo-accounts.txt").read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) >= 3:
            server.accounts[parts[0]] = parts[1]
            server.otp_secrets[parts[0]] = parts[2]
    log = var_dir / "server.log"
    with open(log, "w") as output:
        process = subprocess.Popen(  # noqa: S603 - our own manage.py
            [sys.executable, str(ROOT / "manage.py"), "serve", "--port", str(port)],
            cwd=ROOT,
            env=environment(var_dir, port),
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        _wait_until_serving(server.url("/robots.txt"), process, log)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"report_{report.when}", report)


def _page(browser, request, viewport: dict, name: str):
    context = browser.new_context(viewport=viewport, locale="zh-CN", timezone_id="Asia/Shanghai", accept_downloads=True)
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        safe = "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in request.node.name)
        try:
            page.screenshot(path=str(SCREENSHOTS / f"FAILED-{safe}-{name}.png"), full_page=True)
        except Exception:  # noqa: BLE001, S110 - a screenshot must never hide the real failure
            pass
    context.close()


@pytest.fixture
def phone(browser, request):
    yield from _page(browser, request, PHONE, "phone")


@pytest.fixture
def desktop(browser, request):
    yield from _page(browser, request, DESKTOP, "desktop")


@pytest.fixture
def new_page(browser, request):
    """A factory for further pages (another person in another browser), e.g. new_page(390) or new_page(1280)."""
    contexts = []

    def make(width: int = 1280, height: int = 900):
        context = browser.new_context(
            viewport={"width": width, "height": height},
            locale="zh-CN",
            timezone_id="Asia/Shanghai",
            accept_downloads=True,
        )
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()
