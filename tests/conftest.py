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
        if "elasticsearch" in item.keywords and not os.environ.get("ELASTICSEARCH_URL"):
            if IN_CI:
                item.fixturenames.insert(0, "_require_elasticsearch")
            else:
                item.add_marker(
                    pytest.mark.skip(reason="需要 ELASTICSEARCH_URL（集成阶段由 scripts/services.sh 启动）")
                )
        if "browser" in item.keywords and not shutil.which("chromium"):
            if IN_CI:
                item.fixturenames.append("_require_chromium")
            else:
                item.add_marker(pytest.mark.skip(reason="需要 /usr/bin/chromium（make test 会安装）"))


@pytest.fixture
def _require_services():
    pytest.fail("CI 中缺少 PostgreSQL/Redis：DATABASE_URL 与 REDIS_URL 未设置。")


@pytest.fixture
def _require_elasticsearch():
    pytest.fail("CI 中缺少 Elasticsearch：ELASTICSEARCH_URL 未设置（scripts/services.sh start 没有启动它）。")


def pytest_terminal_summary(terminalreporter, config):
    """One line for the integration stage: which Elasticsearch ran the live tests, and how many passed."""
    version = getattr(config, "elasticsearch_version", None)
    if version is None:
        return
    passed = [report for report in terminalreporter.stats.get("passed", []) if "elasticsearch" in report.keywords]
    terminalreporter.write_line(f"Elasticsearch {version} live tests: {len(passed)} passed")


@pytest.fixture
def _require_chromium():
    pytest.fail("CI 中缺少 Chromium：安装步骤没有执行。")


@pytest.fixture(autouse=True)
def _second_factor_passed_on_force_login(monkeypatch):
    """Staff must pass the second factor before any admin page (docs/security-auth.md). Tests that sign
    in with `client.force_login(user)` stand for a person who has: the session is marked verified with a
    confirmed authenticator of the user. `client.force_login_unverified(user)` signs in without it."""
    from django.test import Client

    from tests.builders import verify_second_factor

    original = Client.force_login

    def force_login(self, user, backend=None):
        original(self, user, backend)
        verify_second_factor(self, user)

    monkeypatch.setattr(Client, "force_login", force_login)
    monkeypatch.setattr(Client, "force_login_unverified", original, raising=False)


@pytest.fixture(autouse=True)
def _clear_cache():
    from django.core.cache import caches

    cache.clear()
    caches["pages"].clear()
    yield
    cache.clear()
    caches["pages"].clear()


@pytest.fixture(autouse=True)
def _empty_search_index():
    """The search index lives outside the test database: empty it so no test sees another's pages."""
    from search.backends import get_backend

    get_backend().clear()
    yield


@pytest.fixture
def site_group(request, db, django_capture_on_commit_callbacks):
    """Portal (localhost) + 教育局 (a.localhost) + 民政局 (b.localhost), each with a column and articles.

    Built as if committed: the after-commit work (admin and site search indexes) has run.

    Built once and shared (see `_SharedSiteGroup`): the test gets its own copy of the objects, and its
    changes to the database are rolled back as before. Transactional tests and tests marked
    `own_site_group` build their own inside the test.
    """
    shared = _SharedSiteGroup.current
    if shared is not None and shared.is_open and _uses_shared_site_group(request.node):
        return shared.checkout()
    with django_capture_on_commit_callbacks(execute=True):
        return _build_site_group()


def _is_transactional(item) -> bool:
    marker = item.get_closest_marker("django_db")
    if marker is not None and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences")):
        return True
    names = getattr(item, "fixturenames", ())
    return any(name in names for name in ("transactional_db", "live_server", "django_db_reset_sequences"))


def _uses_shared_site_group(item) -> bool:
    """Whether the test gets the session's site group: it asks for one, inside a rolled-back transaction."""
    return (
        "site_group" in getattr(item, "fixturenames", ())
        and not _is_unittest(item)
        and not _is_transactional(item)
        and item.get_closest_marker("own_site_group") is None
    )


def _is_unittest(item) -> bool:
    from django.test import SimpleTestCase

    cls = getattr(item, "cls", None)
    return cls is not None and issubclass(cls, SimpleTestCase)


class _SharedSiteGroupOrder:
    @pytest.hookimpl(trylast=True)
    def pytest_collection_modifyitems(self, items):
        """The tests sharing the site group run one after another, first among pytest-django's database
        tests (whose order is otherwise kept), so it is built once per session."""
        shared = [item for item in items if _uses_shared_site_group(item)]
        if shared:
            chosen = set(map(id, shared))
            items[:] = shared + [item for item in items if id(item) not in chosen]


def pytest_configure(config):
    config.pluginmanager.register(_SharedSiteGroupOrder(), "shared-site-group-order")


class _SharedSiteGroup:
    """The site group built once, inside a transaction that stays open while the tests using it run.

    Each test's own transaction (pytest-django's) is then a savepoint inside it and is rolled back
    as before; the shared transaction is rolled back before the first test that does not use the
    site group, and at the end of the session. The site search index lives outside the database:
    its documents are kept and written back for each test (the autouse fixture empties the index).
    """

    current: _SharedSiteGroup | None = None

    def __init__(self, blocker):
        self.blocker = blocker
        self.atomic = None
        self.data = None
        self.documents = ()
        self.builds = 0

    @property
    def is_open(self) -> bool:
        from django.db import connection

        return self.atomic is not None and connection.atomic_blocks[:1] == [self.atomic]

    def open(self) -> None:
        from django.db import transaction
        from django.test import TestCase

        from search import services as search_services
        from search.backends import get_backend

        if self.is_open:
            return
        self.close()
        with self.blocker.unblock():
            atomic = transaction.atomic()
            atomic._from_testcase = True  # a test's durable=True blocks may run inside it, as in TestCase
            atomic.__enter__()
            self.atomic = atomic
            try:
                get_backend().clear()
                with TestCase.captureOnCommitCallbacks(execute=True):
                    self.data = _build_site_group()
                self.documents = tuple(search_services.iter_documents())
            except BaseException:
                self.close()
                raise
            indexed = get_backend().fingerprints()
            kept = {document.key: document.fingerprint() for document in self.documents}
            if indexed != kept:
                self.close()
                raise RuntimeError("共享站群的检索文档与建站时写入检索索引的不一致。")
            self.builds += 1

    def checkout(self) -> dict:
        """A copy of the objects for one test, with the site search index as the build left it."""
        import copy

        from search.backends import get_backend

        get_backend().index(self.documents)
        return copy.deepcopy(self.data)

    def close(self) -> None:
        from django.db import connection, transaction

        atomic, self.atomic, self.data, self.documents = self.atomic, None, None, ()
        if atomic is None:
            return
        with self.blocker.unblock():
            if connection.atomic_blocks[:1] == [atomic]:
                transaction.set_rollback(True)
                atomic.__exit__(None, None, None)


@pytest.fixture(scope="session")
def _shared_site_group_store(django_db_setup, django_db_blocker):
    _SharedSiteGroup.current = store = _SharedSiteGroup(django_db_blocker)
    yield store
    store.close()
    _SharedSiteGroup.current = None


@pytest.fixture
def _shared_site_group(request, _shared_site_group_store):
    """Opens the shared transaction before pytest-django's per-test one, or closes it for other tests."""
    if _uses_shared_site_group(request.node):
        _shared_site_group_store.open()
    else:
        _shared_site_group_store.close()


@pytest.fixture
def _django_db_helper(_shared_site_group, _django_db_helper):
    """pytest-django's per-test database set-up, after the shared site group's transaction is settled."""
    return _django_db_helper


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
