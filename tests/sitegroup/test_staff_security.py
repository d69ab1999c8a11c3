"""Staff sign-in security (等保 2.0 三级): second factor, lockout, sign-in audit, password rules,
password age, idle timeout, cookies. Each test signs in as a person would or proves a refusal."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
import time
from datetime import timedelta

import pytest
from django.contrib.auth import HASH_SESSION_KEY
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from sitegroup.auth_middleware import SEEN_KEY
from sitegroup.demo.loader import demo_password
from sitegroup.models import PasswordRecord, Role, SignInEvent, SignInEventType
from sitegroup.services import staff_security
from tests.builders import make_organisation, make_user

pytestmark = pytest.mark.django_db
ADMIN = "/admin/"


def _code(device: TOTPDevice, offset: int = 0) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + offset * device.step
    return str(totp.token()).zfill(device.digits)


@pytest.fixture
def editor():
    organisation = make_organisation("教育局", "a.localhost").organisation
    return make_user("sec-editor", organisation=organisation, role=Role.EDITOR)


@pytest.fixture
def platform_admin():
    return make_user("sec-admin", is_superuser=True, is_staff=True)


def _sign_in(client, username, password, **extra):
    return client.post("/admin/login/", {"username": username, "password": password}, **extra)


# -- second factor ----------------------------------------------------------------------------------


def test_unverified_editor_is_taken_to_enrolment_not_the_admin(client, editor):
    client.force_login_unverified(editor)
    for path in (ADMIN, "/admin/pages/", "/admin/sitegroup/statistics/", "/admin/account/"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith("/admin/two-factor/setup/"), path


def test_the_icon_sprite_loads_on_the_second_factor_pages(client, editor):
    client.force_login_unverified(editor)
    response = client.get("/admin/sprite/")
    assert response.status_code == 200 and "<svg" in response.content.decode()


def test_password_sign_in_then_enrolment_by_qr_code_then_recovery_codes(client, editor):
    editor.set_password("Lw7#kq2-Pz9x")
    editor.save()
    response = _sign_in(client, "sec-editor", "Lw7#kq2-Pz9x")
    assert response.status_code == 302
    response = client.get(ADMIN)
    assert response["Location"].startswith("/admin/two-factor/setup/")

    page = client.get(response["Location"])
    html = page.content.decode()
    assert "<svg" in html and "绑定身份验证器" in html
    device = TOTPDevice.objects.get(user=editor, confirmed=False)
    assert staff_security.base32_secret(device) in html

    wrong = client.post("/admin/two-factor/setup/", {"token": "abcdef"})
    assert wrong.status_code == 400 and "验证码不正确" in wrong.content.decode()
    assert client.get(ADMIN).status_code == 302
    time.sleep(1.1)  # django-otp slows down guessing: one second after a wrong code

    done = client.post("/admin/two-factor/setup/?next=/admin/pages/", {"token": _code(device)})
    assert done.status_code == 302 and done["Location"].startswith("/admin/two-factor/recovery/")
    codes_page = client.get(done["Location"]).content.decode()
    codes = list(StaticToken.objects.filter(device__user=editor).values_list("token", flat=True))
    assert len(codes) == 10 and all(code in codes_page for code in codes)
    assert "/admin/pages/" in codes_page
    assert not any(code in client.get("/admin/two-factor/recovery/").content.decode() for code in codes)  # once
    assert client.get(ADMIN).status_code == 200
    assert SignInEvent.objects.filter(user=editor, event=SignInEventType.OTP_ENROLLED).exists()


def test_an_enrolled_user_must_verify_and_cannot_enrol_again_to_skip_it(client, editor):
    device = TOTPDevice.objects.create(user=editor, name="app", confirmed=True)
    client.force_login_unverified(editor)
    assert client.get(ADMIN)["Location"].startswith("/admin/two-factor/verify/")
    assert client.get("/admin/two-factor/setup/")["Location"].startswith("/admin/two-factor/verify/")
    response = client.post("/admin/two-factor/verify/?next=/admin/pages/", {"token": _code(device)})
    assert response["Location"] == "/admin/pages/"
    assert client.get(ADMIN).status_code == 200
    assert SignInEvent.objects.filter(user=editor, event=SignInEventType.OTP_VERIFIED).exists()


def test_recovery_code_works_once(client, editor):
    TOTPDevice.objects.create(user=editor, name="app", confirmed=True)
    code = staff_security.regenerate_recovery_codes(editor)[0]
    client.force_login_unverified(editor)
    assert client.post("/admin/two-factor/verify/", {"token": code.upper()}).status_code == 302
    assert client.get(ADMIN).status_code == 200
    assert SignInEvent.objects.filter(user=editor, event=SignInEventType.RECOVERY_CODE_USED).exists()
    client.logout()
    client.force_login_unverified(editor)
    again = client.post("/admin/two-factor/verify/", {"token": code})
    assert again.status_code == 400 and "验证码不正确" in again.content.decode()
    assert client.get(ADMIN).status_code == 302


def test_repeated_wrong_codes_sign_the_user_out(client, editor, settings):
    settings.AXES_FAILURE_LIMIT = 3
    TOTPDevice.objects.create(user=editor, name="app", confirmed=True)
    client.force_login_unverified(editor)
    for _ in range(3):
        response = client.post("/admin/two-factor/verify/", {"token": "12"})
    assert response["Location"] == "/admin/login/"
    assert "_auth_user_id" not in client.session
    assert SignInEvent.objects.filter(user=editor, event=SignInEventType.OTP_FAILURE).count() == 3


def test_who_needs_a_second_factor(settings, editor, platform_admin):
    plain_staff = make_user("sec-plain", is_staff=True)
    supervisor = make_user("sec-supervisor", platform_role="supervision")
    assert staff_security.needs_second_factor(editor)
    assert staff_security.needs_second_factor(platform_admin)
    assert staff_security.needs_second_factor(supervisor)
    assert not staff_security.needs_second_factor(plain_staff)
    settings.SITEGROUP_OTP_REQUIRED = "all"
    assert staff_security.needs_second_factor(make_user("sec-plain-2", is_staff=True))


def test_a_group_made_by_hand_that_can_publish_needs_the_second_factor(site_group):
    from django.contrib.auth.models import Group, Permission
    from wagtail.models import GroupPagePermission

    admin_only = Group.objects.create(name="只能进入后台")
    admin_only.permissions.add(Permission.objects.get(codename="access_admin"))
    visitor = make_user("sec-visitor", is_staff=True)
    visitor.groups.add(admin_only)
    assert not staff_security.needs_second_factor(visitor)

    publishers = Group.objects.create(name="临时发布组")
    publishers.permissions.add(Permission.objects.get(codename="access_admin"))
    GroupPagePermission.objects.create(
        group=publishers,
        page=site_group["a"].site.root_page,
        permission=Permission.objects.get(codename="publish_page"),
    )
    publisher = make_user("sec-publisher", is_staff=True)
    publisher.groups.add(publishers)
    assert staff_security.needs_second_factor(publisher)

    user_managers = Group.objects.create(name="临时用户管理组")
    user_managers.permissions.add(Permission.objects.get(codename="change_user"))
    manager = make_user("sec-user-manager", is_staff=True)
    manager.groups.add(user_managers)
    assert staff_security.needs_second_factor(manager)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # Channels closes the thread's connection
def test_websocket_of_an_unverified_staff_session_is_anonymous(editor):
    from asgiref.sync import async_to_sync
    from django.contrib.sessions.backends.db import SessionStore

    from sitegroup.auth_middleware import SecondFactorScopeMiddleware

    seen = {}

    async def inner(scope, receive, send):
        seen["user"] = scope["user"]

    middleware = SecondFactorScopeMiddleware(inner)
    async_to_sync(middleware)({"type": "websocket", "user": editor, "session": SessionStore()}, None, None)
    assert not seen["user"].is_authenticated


# -- admin reset ------------------------------------------------------------------------------------


def test_platform_admin_resets_a_second_factor_and_it_is_logged(client, editor, platform_admin):
    TOTPDevice.objects.create(user=editor, name="app", confirmed=True)
    staff_security.regenerate_recovery_codes(editor)
    client.force_login(platform_admin)
    listing = client.get("/admin/users/").content.decode()
    assert f"/admin/sitegroup/sign-in/users/{editor.pk}/reset-second-factor/" in listing
    assert client.get(f"/admin/sitegroup/sign-in/users/{editor.pk}/reset-second-factor/").status_code == 200
    client.post(f"/admin/sitegroup/sign-in/users/{editor.pk}/reset-second-factor/")
    assert not staff_security.has_authenticator(editor)
    assert staff_security.remaining_recovery_codes(editor) == 0
    assert SignInEvent.objects.filter(user=editor, event=SignInEventType.OTP_RESET, actor=platform_admin).exists()


def test_an_editor_may_not_reset_or_see_the_sign_in_log(client, editor, platform_admin):
    TOTPDevice.objects.create(user=platform_admin, name="app", confirmed=True)
    client.force_login(editor)
    # Wagtail turns a refusal in the admin into a redirect to the dashboard with a message.
    assert client.post(f"/admin/sitegroup/sign-in/users/{platform_admin.pk}/reset-second-factor/").status_code in (
        302,
        403,
    )
    assert staff_security.has_authenticator(platform_admin)
    assert client.get("/admin/sitegroup/sign-in/log/").status_code in (302, 403)
    assert client.get("/admin/sitegroup/sign-in/lockouts/").status_code in (302, 403)


# -- brute force ------------------------------------------------------------------------------------


def test_account_locks_after_repeated_failures_and_a_platform_admin_unlocks_it(client, editor, platform_admin):
    editor.set_password("Lw7#kq2-Pz9x")
    editor.save()
    for _ in range(5):
        _sign_in(client, "sec-editor", "wrong-Password-1")
    locked = _sign_in(client, "sec-editor", "Lw7#kq2-Pz9x")
    assert locked.status_code == 429 and "登录已锁定" in locked.content.decode()
    assert "_auth_user_id" not in client.session
    assert SignInEvent.objects.filter(username="sec-editor", event=SignInEventType.FAILURE).count() >= 5
    assert SignInEvent.objects.filter(username="sec-editor", event=SignInEventType.LOCKOUT).exists()

    admin_client = client.__class__()
    admin_client.force_login(platform_admin)
    listing = admin_client.get("/admin/sitegroup/sign-in/lockouts/").content.decode()
    assert 'value="sec-editor"' in listing
    admin_client.post("/admin/sitegroup/sign-in/lockouts/", {"kind": "account", "value": "sec-editor"})
    assert 'value="sec-editor"' not in admin_client.get("/admin/sitegroup/sign-in/lockouts/").content.decode()
    assert SignInEvent.objects.filter(username="sec-editor", event=SignInEventType.UNLOCK, actor=platform_admin)

    assert _sign_in(client, "sec-editor", "Lw7#kq2-Pz9x").status_code == 302
    assert SignInEvent.objects.filter(user=editor, event=SignInEventType.LOGIN).exists()


def test_an_address_locks_after_failures_across_accounts(client, editor, settings):
    settings.SITEGROUP_LOCKOUT_ADDRESS_FAILURES = 8
    editor.set_password("Lw7#kq2-Pz9x")
    editor.save()
    for number in range(8):
        _sign_in(client, f"nobody-{number}", "wrong-Password-1")
    assert _sign_in(client, "sec-editor", "Lw7#kq2-Pz9x").status_code == 429
    # Another address is not affected.
    assert _sign_in(client, "sec-editor", "Lw7#kq2-Pz9x", REMOTE_ADDR="10.1.2.3").status_code == 302


def test_sign_out_is_logged(client, editor):
    client.force_login(editor)
    client.post("/admin/logout/")
    assert SignInEvent.objects.filter(user=editor, event=SignInEventType.LOGOUT).exists()


def test_sign_in_log_filters_and_exports(client, editor, platform_admin):
    staff_security.record(SignInEventType.FAILURE, username="sec-editor")
    staff_security.record(SignInEventType.LOGIN, user=editor)
    SignInEvent.objects.filter(event=SignInEventType.LOGIN).update(at=timezone.now() - timedelta(days=10))
    client.force_login(platform_admin)
    page = client.get("/admin/sitegroup/sign-in/log/", {"user": "sec-editor", "event": "failure"}).content.decode()
    assert "登录失败" in page and "共 1 条" in page
    old = client.get("/admin/sitegroup/sign-in/log/", {"end": (timezone.localdate() - timedelta(days=5)).isoformat()})
    assert "共 1 条" in old.content.decode()
    exported = client.get("/admin/sitegroup/sign-in/log/", {"user": "sec-editor", "export": "csv"})
    rows = list(csv.reader(io.StringIO(exported.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["时间", "事件", "用户名"]
    assert {row[1] for row in rows[1:]} >= {"登录失败", "登录成功"}
    xlsx = client.get("/admin/sitegroup/sign-in/log/", {"export": "xlsx"})
    assert xlsx.content[:2] == b"PK"
    bad = client.get("/admin/sitegroup/sign-in/log/", {"address": "not-an-ip", "start": "2026-13-40"})
    assert bad.status_code == 400 and "请输入有效的 IP 地址" in bad.content.decode()


# -- passwords and sessions -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "password",
    ["short1A#", "alllowercaseletters", "Password123", "12345678901234", "sec-editor-2026"],
)
def test_weak_passwords_are_refused(editor, password):
    with pytest.raises(ValidationError):
        validate_password(password, editor)


def test_demo_passwords_satisfy_the_rules(editor):
    for _ in range(30):
        validate_password(demo_password(), editor)


def test_an_old_staff_password_must_be_changed_first(client, editor, settings):
    settings.SITEGROUP_PASSWORD_MAX_AGE_DAYS = 90
    PasswordRecord.objects.update_or_create(user=editor, defaults={"changed_at": timezone.now() - timedelta(days=91)})
    client.force_login(editor)
    response = client.get("/admin/pages/")
    assert response.status_code == 302 and response["Location"] == "/admin/account/"
    assert client.get("/admin/account/").status_code == 200
    editor.set_password("New-Pass-2026-x")
    editor.save()
    session = client.session
    session[HASH_SESSION_KEY] = editor.get_session_auth_hash()  # as the account page does after a change
    session.save()
    assert client.get(ADMIN).status_code == 200


def test_a_password_change_is_recorded(editor):
    editor.date_joined = timezone.now() - timedelta(days=300)
    editor.save()
    assert staff_security.password_expired(editor)  # never changed: counted from sign-up
    editor.set_password("New-Pass-2026-x")
    editor.save()
    assert not staff_security.password_expired(editor)


def test_idle_staff_session_is_signed_out(client, editor, settings):
    settings.SITEGROUP_STAFF_IDLE_MINUTES = 30
    client.force_login(editor)
    assert client.get(ADMIN).status_code == 200
    session = client.session
    session[SEEN_KEY] = int(time.time()) - 31 * 60
    session.save()
    response = client.get("/admin/pages/")
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    assert "_auth_user_id" not in client.session
    assert SignInEvent.objects.filter(user=editor, event=SignInEventType.IDLE_LOGOUT).exists()


def test_active_staff_session_stays(client, editor, settings):
    settings.SITEGROUP_STAFF_IDLE_MINUTES = 30
    client.force_login(editor)
    session = client.session
    session[SEEN_KEY] = int(time.time()) - 29 * 60
    session.save()
    assert client.get(ADMIN).status_code == 200


def test_production_cookies_are_secure_httponly_and_same_site():
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": "x" * 50,
        "DATABASE_URL": "postgres://u:p@localhost/db",
        "REDIS_URL": "redis://localhost:6379/0",
        "ALLOWED_HOSTS": "www.example.gov.cn",
        "SITEGROUP_DATA_KEYS": "oVJ3o0KbXxHCGyl0v1u8eYB6eHmv2cd5a4J1oG0e3Xc=",
    }
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, s.SESSION_COOKIE_SAMESITE, "
        "s.CSRF_COOKIE_SECURE, s.CSRF_COOKIE_SAMESITE)"
    )
    output = subprocess.run(
        [sys.executable, "-c", code], env=environment, capture_output=True, text=True, check=True
    ).stdout.split()
    assert output == ["True", "True", "Lax", "True", "Lax"]


# -- demo -------------------------------------------------------------------------------------------


def test_demo_code_command_refuses_without_the_operator_flag(editor, settings):
    device = TOTPDevice.objects.create(user=editor, name="demo", confirmed=True)
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("demo_otp_code", "sec-editor")
    output = io.StringIO()
    call_command("demo_otp_code", "sec-editor", "--demo", stdout=output)
    assert output.getvalue().strip() in {_code(device, offset) for offset in (-1, 0, 1)}
