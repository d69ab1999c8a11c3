"""Small builders for test data: organisations with sub-sites, columns, articles, users."""

from __future__ import annotations

import itertools

from django.contrib.auth import get_user_model
from django.utils import timezone

from sitegroup.models import ArticlePage, ColumnPage, Organisation, OrganisationKind
from sitegroup.services.provisioning import provision_subsite
from sitegroup.services.roles import grant_platform_role, grant_role

_counter = itertools.count(1)


def make_organisation(name: str, hostname: str, kind: str = OrganisationKind.DEPARTMENT, **extra):
    number = next(_counter)
    organisation = Organisation.objects.create(
        name=name, short_name=name[:6], code=extra.pop("code", f"T{number:06d}"), kind=kind, hostname=hostname, **extra
    )
    return provision_subsite(organisation, is_default_site=kind == OrganisationKind.PORTAL)


def make_user(username: str, *, organisation=None, role: str | None = None, platform_role: str | None = None, **extra):
    user = get_user_model().objects.create_user(username=username, password="pw-" + username, **extra)
    if organisation is not None and role is not None:
        grant_role(user, organisation, role)
    if platform_role is not None:
        grant_platform_role(user, platform_role)
    return user


def make_column(home, title: str = "工作动态", slug: str = "news", column_type: str = "news") -> ColumnPage:
    column = ColumnPage(title=title, slug=slug, column_type=column_type, show_in_menus=True)
    home.add_child(instance=column)
    column.save_revision().publish()
    return column


def make_article(
    column, title: str = "全面推进政务公开标准化规范化工作", *, publish: bool = True, user=None, body=None, **extra
) -> ArticlePage:
    number = next(_counter)
    article = ArticlePage(
        title=title,
        slug=extra.pop("slug", f"article-{number}"),
        source=extra.pop("source", "区政府办公室"),
        publish_time=extra.pop("publish_time", timezone.now()),
        summary=extra.pop("summary", "推进政务公开标准化规范化，提升政务服务水平。"),
        body=body
        or [{"type": "paragraph", "value": "<p>以统一的电子政务平台为载体，全面提高政务公开和政务服务水平。</p>"}],
        live=publish,
        **extra,
    )
    column.add_child(instance=article)
    revision = article.save_revision(user=user)
    if publish:
        revision.publish(user=user)
    return article


def _test_authenticator(user):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="测试身份验证器", confirmed=True)


def verified_websocket_session(user):
    """A session for a WebSocket test's scope, as of a person who passed the second factor (the device is
    looked up when the server reads the session, in its database thread)."""
    from django.contrib.sessions.backends.db import SessionStore
    from django_otp import DEVICE_ID_SESSION_KEY

    class VerifiedSession(SessionStore):
        def get(self, key, default=None):
            if key == DEVICE_ID_SESSION_KEY:
                return _test_authenticator(user).persistent_id
            return super().get(key, default)

    return VerifiedSession()


def verify_second_factor(client, user) -> None:
    """Mark a signed-in test client's session as having passed the second factor, as a person does on the
    verify page. `client.force_login` does this for every test (tests/conftest.py); tests of the
    enforcement itself sign in with `client.force_login_unverified`."""
    from django_otp import DEVICE_ID_SESSION_KEY

    from sitegroup.services.staff_security import needs_second_factor

    if not needs_second_factor(user):
        return
    device = _test_authenticator(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
