"""Security headers (sitegroup.security_headers): a strict Content-Security-Policy — a fresh nonce on every
response whose body uses one, none on public pages (their one inline style is allowed by its hash, so a
shared cache may keep them whole) — frame/sniffing/referrer/permissions policies, HSTS in production, and
templates without any inline script a strict policy would block."""

from __future__ import annotations

import base64
import hashlib
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from sitegroup.security_headers import build_policy, origin_of

ROOT = Path(__file__).resolve().parents[2]
APPS = ("sitegroup", "themes", "search", "disclosure", "services_column", "interaction", "interviews", "templates")


def directives(policy: str) -> dict[str, list[str]]:
    return {part.split()[0]: part.split()[1:] for part in policy.split("; ") if part}


@pytest.mark.django_db
class TestHeaders:
    def test_public_page_has_a_strict_policy_without_a_nonce(self, client, site_group):
        response = client.get("/")
        policy = directives(response["Content-Security-Policy"])
        assert "nonce-" not in response["Content-Security-Policy"]
        assert policy["script-src"] == ["'self'"]
        assert policy["script-src-attr"] == ["'none'"]
        assert policy["object-src"] == ["'none'"] and policy["frame-ancestors"] == ["'self'"]
        assert "ws://testserver" in policy["connect-src"] and "blob:" in policy["media-src"]
        # The theme colour is the one inline style: allowed by the hash of its exact content, nothing else.
        style = re.search(r"<style>(.*?)</style>", response.content.decode(), re.S).group(1)
        digest = base64.b64encode(hashlib.sha256(style.encode()).digest()).decode()
        assert policy["style-src"] == ["'self'", f"'sha256-{digest}'"]
        assert "--main:" in style

    def test_public_page_is_the_same_for_every_visitor(self, client, site_group):
        first, second = client.get("/"), client.get("/")
        assert first["Content-Security-Policy"] == second["Content-Security-Policy"]
        assert first.content == second.content

    def test_other_headers(self, client, site_group):
        response = client.get("/")
        assert response["X-Frame-Options"] == "SAMEORIGIN"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
        assert "camera=()" in response["Permissions-Policy"] and "geolocation=()" in response["Permissions-Policy"]

    def test_nonce_changes_on_every_response_that_uses_one(self, client, site_group):
        first = client.get("/missing/")["Content-Security-Policy"]
        second = client.get("/missing/")["Content-Security-Policy"]
        assert "'nonce-" in first and first != second

    def test_error_pages_carry_the_policy_and_their_style_its_nonce(self, client, site_group):
        response = client.get("/no-such-page/")
        assert response.status_code == 404
        nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)
        assert f'<style nonce="{nonce}">' in response.content.decode()

    def test_admin_scripts_need_the_nonce_styles_may_be_inline(self, client, site_group):
        client.force_login(site_group["users"]["a_editor"])
        response = client.get("/admin/")
        policy = directives(response["Content-Security-Policy"])
        assert "'unsafe-inline'" not in policy["script-src"]
        assert "'unsafe-inline'" in policy["style-src"]
        assert policy["script-src-attr"][0] == "'unsafe-hashes'" and len(policy["script-src-attr"]) == 2

    def test_admin_page_editor_scripts_carry_the_nonce(self, client, site_group):
        client.force_login(site_group["users"]["a_editor"])
        from sitegroup.models import ArticlePage

        article = ArticlePage.objects.child_of(site_group["columns"]["a"]).first()
        response = client.get(f"/admin/pages/{article.pk}/edit/")
        nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)
        inline = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", response.content.decode())
        executable = [attrs for attrs in inline if "application/json" not in attrs and "text/template" not in attrs]
        assert executable, "the editor has Wagtail's initialising scripts"
        assert all(f'nonce="{nonce}"' in attrs for attrs in executable), executable

    def test_interview_room_allows_its_stream_host(self, rf):
        policy = directives(
            build_policy(
                nonce="n", admin=False, host="x.cn", extra={"media-src": [origin_of("https://live.example.cn/a.m3u8")]}
            )
        )
        assert "https://live.example.cn" in policy["media-src"]

    @pytest.mark.parametrize("url", ["javascript:alert(1)", "https://a b.cn/", "https://x.cn;script-src *", "data:x"])
    def test_only_plain_origins_enter_the_header(self, url):
        assert origin_of(url) == "" or ";" not in origin_of(url) and " " not in origin_of(url)


def test_production_sends_hsts():
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": "x" * 50,
        "DATABASE_URL": "postgres://u:p@localhost/db",
        "REDIS_URL": "redis://localhost:6379/0",
        "ALLOWED_HOSTS": "www.example.gov.cn",
        "SITEGROUP_DATA_KEYS": "oVJ3o0KbXxHCGyl0v1u8eYB6eHmv2cd5a4J1oG0e3Xc=",
    }
    code = "from config.settings import production as p; print(p.SECURE_HSTS_SECONDS, p.CSP_UPGRADE_INSECURE_REQUESTS)"
    result = subprocess.run([sys.executable, "-c", code], env=environment, capture_output=True, text=True, check=True)
    seconds, upgrade = result.stdout.split()
    assert int(seconds) >= 31536000
    assert upgrade == "True"


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", re.IGNORECASE)
HANDLER = re.compile(r"\son[a-z]+\s*=\s*[\"']", re.IGNORECASE)
JS_URL = re.compile(r"(href|src|action)\s*=\s*[\"']\s*javascript:", re.IGNORECASE)


def test_no_template_has_inline_script_handlers_or_javascript_urls():
    found = []
    for app in APPS:
        for path in (ROOT / app).rglob("*.html"):
            text = path.read_text(encoding="utf-8")
            for pattern in (INLINE_SCRIPT, HANDLER, JS_URL):
                for match in pattern.finditer(text):
                    if "csp_nonce" in match.group(0):
                        continue  # Wagtail's own initialisers, given the nonce (sitegroup/templates/wagtailadmin)
                    found.append(f"{path.relative_to(ROOT)}: {match.group(0)[:60]}")
    assert not found, "\n".join(found)
