"""Shared steps of the journeys: signing in, and what every page must satisfy for a person on a phone."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "var" / "journeys"
WIDER_THAN_WINDOW = """() => [...document.querySelectorAll('body *')]
    .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
    .slice(0, 5)
    .map(e => e.tagName.toLowerCase() + (e.className ? '.' + String(e.className).split(' ')[0] : ''))"""
AXE_OPTIONS = "{runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}}"


def login(page, demo, username: str, *, site: str = "") -> None:
    """Sign in to the admin as a demo account, as a person would, and land on the dashboard."""
    page.goto(demo.url("/admin/login/", site=site))
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(demo.password(username))
    page.get_by_role("button", name=re.compile("登录")).click()
    page.wait_for_url(re.compile(r"/admin/(?!login)"))


def logout(page, demo) -> None:
    page.context.clear_cookies()


def assert_fits(page) -> None:
    """No horizontal scrolling: the document is no wider than the window."""
    widths = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    if widths[0] > widths[1]:
        culprits = page.evaluate(WIDER_THAN_WINDOW)
        raise AssertionError(f"{page.url}：页面宽 {widths[0]}px，超出窗口 {widths[1]}px；超出的元素：{culprits}")


def serious_violations(page) -> list[str]:
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
