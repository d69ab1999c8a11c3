"""Operations: health and readiness for the load balancer, metrics, request ids, the client address from
nginx, and a middleware chain that runs on the event loop under an ASGI server."""

import json
import logging

import pytest
from asgiref.sync import async_to_sync
from django.conf import settings
from django.http import HttpResponse
from django.test import AsyncClient, AsyncRequestFactory
from django.utils.module_loading import import_string

from sitegroup import operations
from sitegroup.services import rate_limits


def test_every_middleware_in_the_chain_is_async_capable():
    sync_only = [name for name in settings.MIDDLEWARE if not getattr(import_string(name), "async_capable", False)]
    assert sync_only == []


def test_healthz_answers_without_touching_the_database(client, db, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz", HTTP_HOST="any-host-the-balancer-uses")
    assert response.status_code == 200 and response.content == b"ok\n"


@pytest.mark.django_db
def test_readyz_checks_every_dependency(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["checks"] == {"database": "ok", "cache": "ok", "channel_layer": "ok", "search": "ok"}


@pytest.mark.django_db
def test_readyz_is_503_and_names_the_dependency_that_failed(client, monkeypatch):
    from search.backends.embedded import EmbeddedBackend

    def unreachable(self):
        raise ConnectionError("索引不可达")

    monkeypatch.setattr(EmbeddedBackend, "ping", unreachable)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["failed"] == ["search"]
    assert "索引不可达" in response.json()["checks"]["search"]


def test_metrics_count_requests_and_only_loopback_may_read_them(client):
    client.get("/healthz")
    text = client.get("/metrics").content.decode()
    assert 'sitegroup_http_requests_total{method="GET",status="2xx"}' in text
    assert "sitegroup_http_request_duration_seconds_count" in text
    assert client.get("/metrics", REMOTE_ADDR="203.0.113.5").status_code == 404
    # Through nginx (a trusted proxy passing a citizen's address) it is never answered either.
    assert client.get("/metrics", HTTP_X_REAL_IP="127.0.0.1").status_code == 404


@pytest.mark.django_db
def test_request_id_is_kept_from_nginx_or_made_and_is_on_the_log_records(client, caplog):
    caplog.set_level(logging.INFO, logger="sitegroup.requests")
    response = client.get("/healthz", HTTP_X_REQUEST_ID="a1b2c3d4e5f60718")
    assert response["X-Request-ID"] == "a1b2c3d4e5f60718"
    made = client.get("/healthz", HTTP_X_REQUEST_ID="<bad id>")["X-Request-ID"]
    assert made != "<bad id>" and len(made) == 32
    client.get("/no-such-page-anywhere/", HTTP_X_REQUEST_ID="feedfacecafebeef")
    record = next(record for record in caplog.records if record.name == "sitegroup.requests")
    assert operations.RequestIdFilter().filter(record)
    line = json.loads(operations.JsonFormatter().format(record))
    assert line["path"] == "/no-such-page-anywhere/" and line["status"] == 404 and "request_id" in line


class TestClientAddress:
    def test_the_address_nginx_saw_is_used_when_nginx_is_the_peer(self):
        meta = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_REAL_IP": "203.0.113.7", "HTTP_X_FORWARDED_FOR": "1.2.3.4"}
        assert operations.forwarded_client(meta) == "203.0.113.7"
        meta = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "10.9.9.9, 203.0.113.8"}
        assert operations.forwarded_client(meta) == "203.0.113.8"  # the hop nginx added, not the forged first

    def test_a_forged_header_from_anyone_else_is_ignored(self):
        meta = {"REMOTE_ADDR": "198.51.100.4", "HTTP_X_REAL_IP": "203.0.113.7"}
        assert operations.forwarded_client(meta) is None
        assert operations.forwarded_client({"REMOTE_ADDR": "127.0.0.1", "HTTP_X_REAL_IP": "不是地址"}) is None

    def test_rate_limits_see_the_citizen(self, rf):
        request = rf.get("/", HTTP_X_REAL_IP="203.0.113.9")
        seen = []
        operations.OperationsMiddleware(
            lambda request: seen.append(rate_limits.client_address(request)) or HttpResponse()
        )(request)
        assert seen == ["203.0.113.9"]


@pytest.mark.django_db
def test_a_page_through_the_async_chain(site_group):
    # AsyncClient always sends Host: testserver, which reaches the default (portal) site.
    response = async_to_sync(AsyncClient().get)("/")
    assert response.status_code == 200
    assert "测试县人民政府" in response.content.decode()
    assert "Content-Security-Policy" in response and response["X-Request-ID"]


@pytest.mark.django_db
def test_an_unknown_host_is_refused_on_the_async_path(site_group):
    from sitegroup.middleware import KnownHostMiddleware, forget_local_sites

    async def view(request):
        return HttpResponse("served")

    middleware = KnownHostMiddleware(view)
    assert middleware.async_mode
    forget_local_sites()
    request = AsyncRequestFactory().get("/")
    request.META["HTTP_HOST"] = "nosuch.localhost"
    response = async_to_sync(middleware)(request)
    assert response.status_code == 404 and "网站不存在" in response.content.decode()
    request.META["HTTP_HOST"] = "a.localhost"
    assert async_to_sync(middleware)(request).content == b"served"
