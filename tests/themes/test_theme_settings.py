"""Theme settings: only the template managers edit them, for every site, with preview; visitor modes."""

import pytest

from themes.lib.colour import contrast_ratio
from themes.models import ThemeSettings


def _url(site):
    return f"/admin/settings/themes/themesettings/{site.pk}/"


@pytest.mark.django_db
class TestWhoMayEdit:
    @pytest.mark.parametrize("key", ["a", "b", "portal"])
    def test_template_manager_edits_every_site(self, client, site_group, key):
        client.force_login(site_group["users"]["template_manager"])
        site = site_group[key].site
        response = client.post(_url(site), {"theme": "department", "main_colour": "#1d4f91", "footer_text": "页脚"})
        assert response.status_code == 302
        assert ThemeSettings.for_site(site).theme == "department"

    @pytest.mark.parametrize("user", ["a_editor", "a_reviewer", "a_site_admin", "portal_editor", "supervision"])
    def test_nobody_else_may(self, client, site_group, user):
        client.force_login(site_group["users"][user])
        site = site_group["a"].site
        assert client.get(_url(site)).status_code in (302, 403)
        client.post(_url(site), {"theme": "department", "main_colour": "#1d4f91"})
        assert ThemeSettings.for_site(site).theme == "portal"

    def test_change_is_in_the_audit_log(self, client, site_group):
        from wagtail.models import ModelLogEntry

        client.force_login(site_group["users"]["template_manager"])
        client.post(_url(site_group["a"].site), {"theme": "department", "main_colour": ""})
        assert ModelLogEntry.objects.filter(user=site_group["users"]["template_manager"]).exists()


@pytest.mark.django_db
class TestValidationAndPreview:
    def test_low_contrast_main_colour_is_refused_with_the_ratio(self, client, site_group):
        client.force_login(site_group["users"]["template_manager"])
        response = client.post(_url(site_group["a"].site), {"theme": "portal", "main_colour": "#f5d76e"})
        assert response.status_code == 200 and "对比度" in response.content.decode()
        assert ThemeSettings.for_site(site_group["a"].site).main_colour == ""

    @pytest.mark.parametrize("colour", ["red", "#12345", "#zzzzzz", "<script>"])
    def test_malformed_colour_is_refused(self, client, site_group, colour):
        client.force_login(site_group["users"]["template_manager"])
        response = client.post(_url(site_group["a"].site), {"theme": "portal", "main_colour": colour})
        assert response.status_code == 200
        assert ThemeSettings.for_site(site_group["a"].site).main_colour == ""

    def test_preview_renders_the_site_with_the_unsaved_theme(self, client, site_group):
        client.force_login(site_group["users"]["template_manager"])
        site = site_group["a"].site
        preview_url = f"/admin/settings/themes/themesettings/{site.pk}/preview/"
        data = {"theme": "department", "main_colour": "#0b5d1e", "footer_text": "预览页脚"}
        assert client.post(preview_url, data).json()["is_valid"]
        body = client.get(preview_url, {"mode": ""}).content.decode()
        assert "sg-theme-department" in body and "#0b5d1e" in body and "预览页脚" in body
        assert ThemeSettings.for_site(site).theme == "portal"  # nothing went live


@pytest.mark.django_db
class TestThemesOnThePublicSite:
    def test_the_two_themes_render_differently(self, client, site_group):
        settings = ThemeSettings.for_site(site_group["b"].site)
        settings.theme = "department"
        settings.save()
        portal_theme = client.get("/", HTTP_HOST="a.localhost").content.decode()
        department_theme = client.get("/", HTTP_HOST="b.localhost").content.decode()
        assert "sg-theme-portal" in portal_theme and 'aria-label="主导航"' in portal_theme
        assert "sg-theme-department" in department_theme and 'aria-label="栏目导航"' in department_theme

    def test_mourning_mode_turns_the_site_grey(self, client, site_group):
        settings = ThemeSettings.for_site(site_group["a"].site)
        settings.mourning_mode = True
        settings.save()
        assert 'class="sg-mourning"' in client.get("/", HTTP_HOST="a.localhost").content.decode()
        assert 'class="sg-mourning"' not in client.get("/", HTTP_HOST="b.localhost").content.decode()

    def test_elder_mode_is_switched_by_the_visitor(self, client, site_group):
        response = client.get("/accessibility/elder-mode/", {"next": "/news/"}, HTTP_HOST="a.localhost")
        assert response.status_code == 302 and response["Location"] == "/news/"
        body = client.get("/news/", HTTP_HOST="a.localhost").content.decode()
        assert "sg-elder" in body and "退出长者模式" in body
        client.get("/accessibility/elder-mode/", HTTP_HOST="a.localhost")
        assert "sg-elder" not in client.get("/news/", HTTP_HOST="a.localhost").content.decode()

    def test_elder_mode_switch_does_not_redirect_off_site(self, client, site_group):
        response = client.get("/accessibility/elder-mode/", {"next": "https://evil.example/"}, HTTP_HOST="a.localhost")
        assert response["Location"] == "/"

    def test_skip_link_and_landmarks(self, client, site_group):
        body = client.get("/", HTTP_HOST="a.localhost").content.decode()
        assert 'href="#main"' in body and 'id="main"' in body and 'role="banner"' in body
        assert 'role="contentinfo"' in body and '<html lang="zh-CN"' in body


def test_contrast_ratio_matches_wcag_examples():
    assert round(contrast_ratio("#000000", "#ffffff"), 1) == 21.0
    assert round(contrast_ratio("#777777", "#ffffff"), 2) == 4.48
