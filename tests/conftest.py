"""Shared fixtures: a small site group (portal + two departments) with users in every role."""

from __future__ import annotations

import os
import shutil

import pytest
from django.core.cache import cache

from sitegroup.models import OrganisationKind, PlatformRole, Role
from tests.builders import make_article, make_column, make_organisation, make_user

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def pytest_collection_modifyitems(config, items):
    """Integration and browser tests skip without their servers, except in CI, where they fail."""
    for item in items:
        if "/tests/journeys/" in str(item.path):
            item.add_marker(pytest.mark.journey)
            item.add_marker(pytest.mark.browser)
        if "integration" in item.keywords and not (os.environ.get("DATABASE_URL") and os.environ.get("REDIS_URL")):
            if IN_CI:
                item.fixturenames.append("_require_services")
            else:
                item.add_marker(pytest.mark.skip(reason="需要 DATABASE_URL 与 REDIS_URL（集成阶段由 make test 启动）"))
        if "browser" in item.keywords and not shutil.which("chromium"):
            if IN_CI:
                item.fixturenames.append("_require_chromium")
            else:
                item.add_marker(pytest.mark.skip(reason="需要 /usr/bin/chromium（make test 会安装）"))


@pytest.fixture
def _require_services():
    pytest.fail("CI 中缺少 PostgreSQL/Redis：DATABASE_URL 与 REDIS_URL 未设置。")


@pytest.fixture
def _require_chromium():
    pytest.fail("CI 中缺少 Chromium：安装步骤没有执行。")


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _empty_search_index():
    """The search index lives outside the test database: empty it so no test sees another's pages."""
    from search.backends import get_backend

    get_backend().clear()
    yield


@pytest.fixture
def site_group(db, django_capture_on_commit_callbacks):
    """Portal (localhost) + 教育局 (a.localhost) + 民政局 (b.localhost), each with a column and articles.

    Built as if committed: the after-commit work (admin and site search indexes) has run.
    """
    with django_capture_on_commit_callbacks(execute=True):
        return _build_site_group()


def _build_site_group():
    portal = make_organisation("测试县人民政府", "localhost", kind=OrganisationKind.PORTAL)
    a = make_organisation("测试县教育局", "a.localhost")
    b = make_organisation("测试县民政局", "b.localhost")
    columns = {}
    for key, provisioned in (("portal", portal), ("a", a), ("b", b)):
        column = make_column(provisioned.home_page)
        make_article(column, f"{provisioned.organisation.name}工作动态")
        columns[key] = column
    users = {}
    for key, provisioned in (("a", a), ("b", b)):
        for role in Role.values:
            users[f"{key}_{role}"] = make_user(f"{key}_{role}", organisation=provisioned.organisation, role=role)
    users["portal_editor"] = make_user("portal_editor", platform_role=PlatformRole.PORTAL_EDITOR)
    users["template_manager"] = make_user("template_manager", platform_role=PlatformRole.TEMPLATE_MANAGER)
    users["supervision"] = make_user("supervision", platform_role=PlatformRole.SUPERVISION)
    users["admin"] = make_user("platform_admin", is_superuser=True, is_staff=True)
    return {"portal": portal, "a": a, "b": b, "columns": columns, "users": users}
