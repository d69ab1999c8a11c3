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
        settings.mourning_switched_on = True
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


def _preview(client, site, data):
    preview_url = f"/admin/settings/themes/themesettings/{site.pk}/preview/"
    assert client.post(preview_url, data).json()["is_valid"]
    return client.get(preview_url, {"mode": ""}).content.decode()


@pytest.mark.django_db
class TestPreviewIsTheSiteItself:
    def test_department_preview_has_its_own_header_menu_and_footer(self, client, site_group):
        from sitegroup.models import SiteSettings

        for key, name in (("portal", "测试县人民政府网站"), ("b", "测试县民政局网站")):
            site_settings = SiteSettings.for_site(site_group[key].site)
            site_settings.site_name, site_settings.sponsor = name, f"{name}主办"
            site_settings.save()
        department = site_group["b"]
        own_column = department.home_page.get_children().live().first().specific
        own_column.title = "民政工作动态"
        own_column.save_revision().publish()
        client.force_login(site_group["users"]["template_manager"])
        body = _preview(client, department.site, {"theme": "department", "main_colour": "#0b5d1e"})
        brand = body.split('class="sg-brand__name">')[1].split("<")[0]
        assert brand == "测试县民政局网站"
        assert "民政工作动态" in body and "测试县民政局网站主办" in body and "#0b5d1e" in body
        assert "测试县人民政府网站主办" not in body
        assert 'content="b.localhost"' in body  # SiteDomain meta of the department

    def test_preview_shows_the_unsaved_logo(self, client, site_group):
        from wagtail.images.models import Image
        from wagtail.images.tests.utils import get_test_image_file

        logo = Image.objects.create(
            title="民政局标志", file=get_test_image_file(), collection=site_group["b"].collection
        )
        client.force_login(site_group["users"]["template_manager"])
        body = _preview(client, site_group["b"].site, {"theme": "department", "main_colour": "", "logo": logo.pk})
        assert "sg-brand__logo" in body
        assert ThemeSettings.for_site(site_group["b"].site).logo is None


@pytest.mark.django_db
class TestColourPicker:
    def test_settings_page_has_a_colour_picker_beside_the_hex_text(self, client, site_group):
        client.force_login(site_group["users"]["template_manager"])
        body = client.get(_url(site_group["a"].site)).content.decode()
        assert 'type="color"' in body and 'name="main_colour"' in body
        assert "themes/admin/colour-input.js" in body and 'data-min-contrast="4.5"' in body

    def test_picked_colour_is_saved_through_the_hex_field(self, client, site_group):
        client.force_login(site_group["users"]["template_manager"])
        client.post(_url(site_group["a"].site), {"theme": "department", "main_colour": "#7a1f5c"})
        body = client.get("/", HTTP_HOST="a.localhost").content.decode()
        assert "--main:#7a1f5c" in body


@pytest.mark.django_db
class TestTemplateManagerImages:
    def test_chooser_lists_the_sites_images_and_allows_upload(self, client, site_group):
        from django.core.files.uploadedfile import SimpleUploadedFile
        from wagtail.images.models import Image
        from wagtail.images.tests.utils import get_test_image_file

        Image.objects.create(title="教育局宣传图", file=get_test_image_file(), collection=site_group["a"].collection)
        client.force_login(site_group["users"]["template_manager"])
        chooser = client.get("/admin/images/chooser/").json()["html"]
        assert "教育局宣传图" in chooser and 'name="image-chooser-upload-file"' in chooser
        response = client.post(
            "/admin/images/chooser/create/",
            {
                "image-chooser-upload-title": "民政局标志",
                "image-chooser-upload-file": SimpleUploadedFile(
                    "logo.png", get_test_image_file().file.getvalue(), content_type="image/png"
                ),
                "image-chooser-upload-collection": site_group["b"].collection.pk,
            },
        )
        assert response.status_code == 200 and response.json()["step"] == "chosen"
        assert Image.objects.get(title="民政局标志").collection == site_group["b"].collection

    def test_editors_still_see_only_their_own_collection(self, client, site_group):
        from wagtail.images.models import Image
        from wagtail.images.tests.utils import get_test_image_file

        Image.objects.create(title="民政局标志", file=get_test_image_file(), collection=site_group["b"].collection)
        client.force_login(site_group["users"]["a_editor"])
        assert "民政局标志" not in client.get("/admin/images/chooser/").json()["html"]


@pytest.mark.django_db
class TestScheduledMourning:
    def _set(self, site, **fields):
        settings = ThemeSettings.for_site(site)
        for name, value in fields.items():
            setattr(settings, name, value)
        settings.save()

    def _is_grey(self, client, host):
        return 'class="sg-mourning"' in client.get("/", HTTP_HOST=host).content.decode()

    def test_site_is_grey_only_inside_the_window(self, client, site_group):
        from datetime import timedelta

        from django.utils import timezone

        now = timezone.now()
        site = site_group["a"].site
        self._set(site, mourning_starts_at=now - timedelta(hours=1), mourning_ends_at=now + timedelta(hours=1))
        assert self._is_grey(client, "a.localhost") and not self._is_grey(client, "b.localhost")
        self._set(site, mourning_starts_at=now + timedelta(hours=1), mourning_ends_at=now + timedelta(hours=2))
        assert not self._is_grey(client, "a.localhost")
        self._set(site, mourning_starts_at=now - timedelta(hours=2), mourning_ends_at=now - timedelta(hours=1))
        assert not self._is_grey(client, "a.localhost")

    def test_switches_on_and_off_by_itself(self, client, site_group):
        from datetime import timedelta
        from unittest import mock

        from django.utils import timezone

        start = timezone.now() + timedelta(minutes=10)
        self._set(site_group["a"].site, mourning_starts_at=start, mourning_ends_at=start + timedelta(hours=1))
        assert not self._is_grey(client, "a.localhost")
        with mock.patch("themes.models.timezone.now", return_value=start + timedelta(minutes=1)):
            assert self._is_grey(client, "a.localhost")
        with mock.patch("themes.models.timezone.now", return_value=start + timedelta(hours=1)):
            assert not self._is_grey(client, "a.localhost")

    def test_schedule_is_entered_in_beijing_time(self, client, site_group):
        from datetime import datetime
        from zoneinfo import ZoneInfo

        client.force_login(site_group["users"]["template_manager"])
        response = client.post(
            _url(site_group["a"].site),
            {
                "theme": "portal",
                "main_colour": "",
                "mourning_starts_at": "2026-04-04 00:00",
                "mourning_ends_at": "2026-04-05 00:00",
            },
        )
        assert response.status_code == 302
        saved = ThemeSettings.for_site(site_group["a"].site)
        assert saved.mourning_starts_at == datetime(2026, 4, 4, tzinfo=ZoneInfo("Asia/Shanghai"))

    @pytest.mark.parametrize(
        ("starts", "ends", "message"),
        [
            ("2026-04-05 00:00", "2026-04-04 00:00", "结束时间须晚于开始时间"),
            ("2026-04-04 00:00", "", "须同时填写结束时间"),
            ("", "2026-04-04 00:00", "须同时填写开始时间"),
        ],
    )
    def test_bad_schedule_is_refused_in_chinese(self, client, site_group, starts, ends, message):
        client.force_login(site_group["users"]["template_manager"])
        response = client.post(
            _url(site_group["a"].site),
            {"theme": "portal", "main_colour": "", "mourning_starts_at": starts, "mourning_ends_at": ends},
        )
        assert response.status_code == 200 and message in response.content.decode()
        assert ThemeSettings.for_site(site_group["a"].site).mourning_starts_at is None
