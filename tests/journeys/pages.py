"""Shared steps of the journeys: signing in, and what every page must satisfy for a person on a phone."""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import struct
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "var" / "journeys"
WIDER_THAN_WINDOW = """() => [...document.querySelectorAll('body *')]
    .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
    .slice(0, 5)
    .map(e => e.tagName.toLowerCase() + (e.className ? '.' + String(e.className).split(' ')[0] : ''))"""
AXE_OPTIONS = "{runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}}"


SIGNED_IN = re.compile(r"/admin/(?!login|two-factor)")
SECOND_FACTOR = re.compile(r"/admin/(?!login)")
TOTP_STEP = 30


def totp_code(secret: str, step: int) -> str:
    """RFC 6238: the 6-digit code of an authenticator app for one 30-second step."""
    key = base64.b32decode(secret.upper() + "=" * (-len(secret) % 8))
    digest = hmac.new(key, struct.pack(">Q", step), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    number = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return str(number % 1_000_000).zfill(6)


_last_step: dict[str, int] = {}


def fresh_code(secret: str) -> str:
    """A code the server has not seen yet: an authenticator code is accepted once, in its own step or the
    next, so a second sign-in of one account within a step uses the next step or waits for it."""
    while True:
        now = int(time.time()) // TOTP_STEP
        step = max(now, _last_step.get(secret, -1) + 1)
        if step <= now + 1:
            _last_step[secret] = step
            return totp_code(secret, step)
        time.sleep(TOTP_STEP - time.time() % TOTP_STEP + 0.2)


def pass_second_factor(page, code: str) -> None:
    page.locator("#id_token").fill(code)
    page.get_by_role("button", name="验证", exact=True).click()


def sign_in_with_password(page, demo, username: str, password: str, *, site: str = "") -> None:
    page.goto(demo.url("/admin/login/", site=site))
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    page.get_by_role("button", name=re.compile("登录")).click()


def login(page, demo, username: str, *, site: str = "") -> None:
    """Sign in to the admin as a demo account, as a person would — password, then the code of the
    account's authenticator app — and land on the dashboard."""
    sign_in_with_password(page, demo, username, demo.password(username), site=site)
    page.wait_for_url(SECOND_FACTOR)
    if "/admin/two-factor/verify/" in page.url:
        pass_second_factor(page, fresh_code(demo.otp_secret(username)))
    page.wait_for_url(SIGNED_IN)


def enrol(page) -> tuple[str, list[str]]:
    """On the enrolment page after a first sign-in: read the secret shown for manual entry (as the
    authenticator app reads the QR code), confirm with its code, keep the recovery codes, continue.
    Returns the secret and the recovery codes."""
    page.wait_for_url(re.compile(r"/admin/two-factor/setup/"))
    secret = page.locator("#totp-secret").get_attribute("data-secret")
    page.locator("#id_token").fill(fresh_code(secret))
    page.get_by_role("button", name="完成绑定", exact=True).click()
    page.wait_for_url(re.compile(r"/admin/two-factor/recovery/"))
    codes = page.locator(".sg-2fa__codes li").all_inner_texts()
    page.get_by_role("link", name="我已保存，继续", exact=True).click()
    page.wait_for_url(SIGNED_IN)
    return secret, codes


def logout(page, demo) -> None:
    page.context.clear_cookies()


def assert_fits(page) -> None:
    """No horizontal scrolling: the document is no wider than the window (measured once the page and its
    stylesheets have loaded: before that an image has its intrinsic width)."""
    page.wait_for_load_state("load")
    widths = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    if widths[0] > widths[1]:
        culprits = page.evaluate(WIDER_THAN_WINDOW)
        raise AssertionError(f"{page.url}：页面宽 {widths[0]}px，超出窗口 {widths[1]}px；超出的元素：{culprits}")


SETTLED = """async () => {
    // Finite CSS transitions and animations (a message banner fading in) end first: axe measures the
    // colours a person reads, not a frame in between. Spinners (infinite) are not waited for.
    const finite = document.getAnimations().filter(a => a.effect && isFinite(a.effect.getComputedTiming().endTime));
    await Promise.race([Promise.all(finite.map(a => a.finished.catch(() => null))),
                        new Promise(resolve => setTimeout(resolve, 3000))]);
}"""


def serious_violations(page) -> list[str]:
    page.evaluate(SETTLED)
    page.evaluate(AXE.read_text(encoding="utf-8"))  # not a <script> tag: the CSP would block it
    result = page.evaluate(f"async () => await axe.run(document, {AXE_OPTIONS})")
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} — "
        + "; ".join(str(node["target"][0]) for node in violation["nodes"][:3])
        for violation in result["violations"]
        if violation["impact"] in ("serious", "critical")
    ]


def assert_accessible(page) -> None:
    """axe-core (WCAG 2.1 A/AA) finds nothing serious or critical."""
    if not AXE.exists():
        raise AssertionError("node_modules/axe-core 缺失：请运行 make test（会执行 npm install）。")
    problems = serious_violations(page)
    assert not problems, f"{page.url}: {problems}"


def shot(page, name: str, *, full_page: bool = True) -> Path:
    """Save a screenshot to var/journeys/<name>.png (to look at; kept after the run)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path
