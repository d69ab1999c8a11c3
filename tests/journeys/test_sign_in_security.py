"""Staff sign-in security in the browser (docs/security-auth.md).

A platform admin resets a colleague's second factor (lost phone); the colleague signs in with the
password, binds an authenticator app on the enrolment page (the app reads the secret from the QR code;
here the journey reads it from the page), keeps the recovery codes, and later signs in with a recovery
code. Wrong passwords lock the account; the platform admin unlocks it on 登录锁定 and finds every step
in 登录审计. On a phone and on a desktop.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.journeys.pages import (
    SIGNED_IN,
    assert_accessible,
    assert_fits,
    enrol,
    fresh_code,
    login,
    pass_second_factor,
    shot,
    sign_in_with_password,
)

pytestmark = pytest.mark.journey
# Accounts no other journey signs in as (their authenticator secret changes here).
COLLEAGUE = {"phone": "multi_role", "desktop": "cz_siteadmin"}
VIEWPORTS = {"phone": 390, "desktop": 1280}


@pytest.mark.parametrize("device", ["phone", "desktop"])
def test_second_factor_recovery_code_lockout_and_unlock(demo, new_page, device):
    width = VIEWPORTS[device]
    username = COLLEAGUE[device]
    admin = new_page(width)
    login(admin, demo, "admin")

    # 用户 → the colleague's row offers 重置双因素; the admin confirms.
    admin.goto(demo.url(f"/admin/users/?q={username}"))
    reset = admin.locator("a[href*='reset-second-factor']").first
    expect(reset).to_have_count(1)
    admin.goto(demo.url(reset.get_attribute("href")))
    expect(admin.get_by_role("heading", name="重置双因素认证", exact=True)).to_be_visible()
    admin.get_by_role("button", name="确认重置", exact=True).click()
    expect(admin.locator(".messages")).to_contain_text("已重置")

    # The colleague signs in: password, then the enrolment page with its QR code.
    person = new_page(width)
    sign_in_with_password(person, demo, username, demo.password(username))
    person.wait_for_url(re.compile(r"/admin/two-factor/setup/"))
    expect(person.locator("figure svg")).to_be_visible()
    expect(person.locator("#totp-secret")).not_to_be_empty()
    assert_fits(person)
    assert_accessible(person)
    shot(person, f"sign-in-{device}-01-enrol")
    secret, recovery_codes = enrol(person)
    assert len(recovery_codes) == 10
    expect(person.get_by_role("heading", level=1).first).to_be_visible()
    assert "/admin/two-factor/" not in person.url

    # Next time, without the phone: a recovery code instead of the authenticator code.
    person.context.clear_cookies()
    sign_in_with_password(person, demo, username, demo.password(username))
    person.wait_for_url(re.compile(r"/admin/two-factor/verify/"))
    assert_fits(person)
    assert_accessible(person)
    shot(person, f"sign-in-{device}-02-verify")
    pass_second_factor(person, recovery_codes[0])
    person.wait_for_url(SIGNED_IN)

    # Someone guesses the password: after five failures the account is locked, even for the right one.
    person.context.clear_cookies()
    for _ in range(5):
        sign_in_with_password(person, demo, username, "Wrong-Guess-2026")
    sign_in_with_password(person, demo, username, demo.password(username))
    expect(person.get_by_role("heading", name="登录已锁定", exact=True)).to_be_visible()
    assert_fits(person)
    shot(person, f"sign-in-{device}-03-locked")

    # The platform admin unlocks it on 设置 → 登录锁定.
    admin.goto(demo.url("/admin/sitegroup/sign-in/lockouts/"))
    assert_fits(admin)
    assert_accessible(admin)
    shot(admin, f"sign-in-{device}-04-lockouts")
    admin.get_by_role("button", name=f"解除锁定：{username}", exact=True).click()
    expect(admin.locator(".messages")).to_contain_text(f"已解除账户“{username}”的锁定")

    # The colleague signs in again with the authenticator app.
    sign_in_with_password(person, demo, username, demo.password(username))
    person.wait_for_url(re.compile(r"/admin/two-factor/verify/"))
    pass_second_factor(person, fresh_code(secret))
    person.wait_for_url(SIGNED_IN)

    # 登录审计 shows every step for the colleague, and exports them.
    admin.goto(demo.url("/admin/sitegroup/sign-in/log/"))
    admin.get_by_label("用户名", exact=True).fill(username)
    admin.get_by_role("button", name="筛选", exact=True).click()
    table = admin.locator("table.listing")
    for event in ("重置双因素", "绑定身份验证器", "使用恢复码", "登录失败", "账户锁定", "解除锁定", "双因素验证通过"):
        expect(table).to_contain_text(event)
    assert_fits(admin)
    assert_accessible(admin)
    shot(admin, f"sign-in-{device}-05-log")
    with admin.expect_download() as download:
        admin.get_by_role("link", name="导出 CSV", exact=True).click()
    text = open(download.value.path(), encoding="utf-8-sig").read()
    assert "账户锁定" in text and username in text
