"""Staff sign-in rules on every request: the second factor before any admin page, the password change
interval, and the idle timeout (docs/security-auth.md). Citizens never sign in and pass untouched."""

from __future__ import annotations

import time
from urllib.parse import urlencode

from asgiref.sync import sync_to_async
from channels.db import database_sync_to_async
from channels.middleware import BaseMiddleware
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.models import AnonymousUser
from django.shortcuts import redirect
from django.urls import reverse

from sitegroup.middleware import SyncAndAsyncMiddleware

STAFF_KEY = "sg_staff"
SEEN_KEY = "sg_seen"
PASSWORD_EXPIRED_KEY = "sg_password_expired"  # noqa: S105 - a session key, not a password
SEEN_RESOLUTION = 60  # seconds: the last-seen time is written at most once a minute


def _admin_prefix() -> str:
    return reverse("wagtailadmin_home")


def _exempt_from_second_factor() -> tuple[str, ...]:
    return (
        reverse("wagtailadmin_login"),
        reverse("wagtailadmin_logout"),
        reverse("sitegroup_two_factor_setup"),
        reverse("sitegroup_two_factor_verify"),
        reverse("sitegroup_two_factor_recovery"),
        reverse("wagtailadmin_javascript_catalog"),
        reverse("wagtailadmin_sprite"),  # the icon sprite every admin page (these ones too) loads by script
    )


def _exempt_from_password_change() -> tuple[str, ...]:
    return (*_exempt_from_second_factor(), reverse("wagtailadmin_account"))


def _next_query(request) -> str:
    target = request.get_full_path() if request.method == "GET" else _admin_prefix()
    return "?" + urlencode({"next": target})


class StaffSecurityMiddleware(SyncAndAsyncMiddleware):
    def check(self, request):
        return self._check(request)

    async def acheck(self, request):
        session = getattr(request, "session", None)
        if session is None or session.session_key is None and not request.path.startswith(_admin_prefix()):
            return None  # no session cookie and not the admin: a citizen, nothing to read, no thread hop
        return await sync_to_async(self._check)(request)

    def _check(self, request):
        session = getattr(request, "session", None)
        if session is None or not session.get(STAFF_KEY) and not request.path.startswith(_admin_prefix()):
            return None  # citizens and the public site: nothing to do, no query
        user = request.user
        if not user.is_authenticated:
            return None
        idle = self._idle_timeout(request)
        if idle is not None:
            return idle
        path = request.path
        if not path.startswith(_admin_prefix()):
            return None
        if not path.startswith(_exempt_from_second_factor()) and not user.is_verified():
            from sitegroup.services import staff_security

            if staff_security.needs_second_factor(user):
                name = (
                    "sitegroup_two_factor_verify"
                    if staff_security.has_authenticator(user)
                    else "sitegroup_two_factor_setup"
                )
                return redirect(reverse(name) + _next_query(request))
        if session.get(PASSWORD_EXPIRED_KEY) and not path.startswith(_exempt_from_password_change()):
            from sitegroup.services import staff_security

            if staff_security.password_expired(user):
                messages.warning(
                    request,
                    f"您的密码已超过 {settings.SITEGROUP_PASSWORD_MAX_AGE_DAYS} 天未修改，请先修改密码再继续工作。",
                )
                return redirect("wagtailadmin_account")
            del session[PASSWORD_EXPIRED_KEY]
        return None

    def _idle_timeout(self, request):
        minutes = settings.SITEGROUP_STAFF_IDLE_MINUTES
        session = request.session
        if not minutes or not session.get(STAFF_KEY):
            return None
        now = int(time.time())
        seen = session.get(SEEN_KEY, now)
        if now - seen > minutes * 60:
            request.sitegroup_idle_logout = True
            logout(request)
            messages.info(request, f"您已超过 {minutes} 分钟未操作，为保护账户安全已自动退出，请重新登录。")
            return redirect(reverse("wagtailadmin_login") + _next_query(request))
        if now - seen >= SEEN_RESOLUTION or SEEN_KEY not in session:
            session[SEEN_KEY] = now
        return None


def mark_signed_in(request, user) -> None:
    """At sign-in: remember in the session what the middleware checks on every later request."""
    from sitegroup.services import staff_security

    if request is None or not hasattr(request, "session"):
        return
    if staff_security.is_staff_user(user):
        request.session[STAFF_KEY] = True
        request.session[SEEN_KEY] = int(time.time())
        if staff_security.password_expired(user):
            request.session[PASSWORD_EXPIRED_KEY] = True


class SecondFactorScopeMiddleware(BaseMiddleware):
    """WebSockets: a staff user whose session has not passed the second factor connects as anonymous."""

    async def __call__(self, scope, receive, send):
        user = scope.get("user")
        if user is not None and user.is_authenticated:  # resolved by AuthMiddleware: no query for citizens
            scope["user"] = await _verified_user(scope)
        return await super().__call__(scope, receive, send)


@database_sync_to_async
def _verified_user(scope):
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.models import Device

    from sitegroup.services import staff_security

    user = scope["user"]
    if not user.is_authenticated or not staff_security.needs_second_factor(user):
        return user
    session = scope.get("session")
    persistent_id = session.get(DEVICE_ID_SESSION_KEY) if session is not None else None
    device = Device.from_persistent_id(persistent_id) if persistent_id else None
    if device is None or device.user_id != user.pk or not device.confirmed:
        return AnonymousUser()
    return user


def staff_websocket(app):
    """A staff WebSocket route: session and user loaded, and a session that has not passed the second
    factor connects as anonymous. Citizens' routes (the interview room) go without it."""
    from channels.auth import AuthMiddlewareStack

    return AuthMiddlewareStack(SecondFactorScopeMiddleware(app))
