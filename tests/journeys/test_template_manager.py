"""The template manager's day (宣传部, demo account `publicity`): a department site's 模板设置.

Picks the main colour with the colour picker, uploads a logo from the image chooser into the site's
collection, previews the department's own site (its header, name, menu and the new colour), saves, and
the live site shows both; then schedules mourning for a window that includes now and the site is grey.
"""

from __future__ import annotations

import io
import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from PIL import Image, ImageDraw
from playwright.sync_api import expect

from tests.journeys.pages import login, shot

pytestmark = pytest.mark.journey

SITE = "wsj"  # 丹徒区卫生局
SITE_NAME = "丹徒区卫生局网站"
COLLECTION = "丹徒区卫生局"
NEW_COLOUR = "#0b6e4f"
BEIJING = ZoneInfo("Asia/Shanghai")


def _settings_url(demo) -> str:
    site_id = demo.shell(f"from wagtail.models import Site; print(Site.objects.get(hostname='{SITE}.localhost').pk)")
    return demo.url(f"/admin/settings/themes/themesettings/{site_id}/")


def _logo_file(tmp_path) -> str:
    picture = Image.new("RGB", (240, 96), NEW_COLOUR)
    ImageDraw.Draw(picture).ellipse((8, 8, 88, 88), fill="#ffd700")
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG")
    path = tmp_path / "wsj-logo.png"
    path.write_bytes(buffer.getvalue())
    return str(path)


def _main_colour(frame_or_page) -> str:
    return frame_or_page.evaluate("getComputedStyle(document.documentElement).getPropertyValue('--main').trim()")


def _preview_frame(page):
    # Wagtail swaps in a fresh iframe on each refresh: for a moment there are two.
    expect(page.locator("iframe.w-preview__iframe").first).to_be_visible()
    for _ in range(50):
        frame = next((frame for frame in page.frames if "/preview/" in frame.url), None)
        if frame is not None and frame.locator(".sg-brand__name").count():
            return frame
        page.wait_for_timeout(200)
    raise AssertionError("预览没有显示网站页面")


@pytest.fixture
def restore_theme(demo):
    yield
    demo.shell(
        "from wagtail.models import Site; from themes.models import ThemeSettings; "
        f"s = ThemeSettings.for_site(Site.objects.get(hostname='{SITE}.localhost')); "
        "s.mourning_starts_at = s.mourning_ends_at = None; s.save()"
    )


class TestTemplateManager:
    def test_colour_logo_preview_save_and_mourning_schedule(self, demo, desktop, tmp_path, restore_theme):
        page = desktop
        login(page, demo, "publicity")
        page.goto(_settings_url(demo))
        expect(page.get_by_role("heading", name="网站模板设置", exact=True)).to_be_visible()
        expect(page.get_by_label("站点")).to_contain_text(SITE_NAME)

        # The colour picker: a light colour is flagged at once, a dark one fills the hex field.
        picker = page.locator("input[type=color]")
        hex_field = page.locator("input[name=main_colour]")
        picker.fill("#f5d76e")
        expect(page.locator("[data-sg-colour-contrast]")).to_contain_text("保存时将被拒绝")
        picker.fill(NEW_COLOUR)
        expect(hex_field).to_have_value(NEW_COLOUR)
        expect(page.locator("[data-sg-colour-contrast]")).to_contain_text("符合无障碍要求")

        # The logo: uploaded from the chooser into the site's collection.
        page.get_by_role("button", name="选择一个图片").first.click()
        modal = page.locator(".modal-content")
        modal.get_by_role("tab", name="上传").click()
        modal.locator("input[name='image-chooser-upload-file']").set_input_files(_logo_file(tmp_path))
        modal.locator("input[name='image-chooser-upload-title']").fill("卫生局网站标志")
        modal.locator("select[name='image-chooser-upload-collection']").select_option(label=COLLECTION)
        shot(page, "template-manager-01-upload-logo")
        modal.locator("form button[type=submit]").click()
        expect(modal).to_be_hidden()
        expect(page.get_by_text("卫生局网站标志")).to_be_visible()

        # The preview is the department's own site with the unsaved colour and logo.
        page.locator("button[data-side-panel-toggle='preview']").click()
        frame = _preview_frame(page)
        expect(frame.locator(".sg-brand__name")).to_have_text(SITE_NAME)
        expect(frame.get_by_role("complementary", name="栏目导航")).to_contain_text("工作动态")
        expect(frame.locator("img.sg-brand__logo")).to_be_visible()
        expect(frame.locator("body")).to_have_class(re.compile("sg-theme-department"))
        assert _main_colour(frame) == NEW_COLOUR
        shot(page, "template-manager-02-preview")

        page.get_by_role("button", name="保存").click()
        expect(page.locator(".messages")).to_contain_text("已更新")

        visitor = page.context.new_page()
        visitor.goto(demo.url("/", site=SITE))
        expect(visitor.locator(".sg-brand__name")).to_have_text(SITE_NAME)
        expect(visitor.locator("img.sg-brand__logo")).to_be_visible()
        assert _main_colour(visitor) == NEW_COLOUR
        shot(visitor, "template-manager-03-live-site")

        # Mourning scheduled for a window that includes now: the site turns grey by itself.
        now = datetime.now(BEIJING)
        page.locator("input[name=mourning_starts_at]").fill((now - timedelta(hours=1)).strftime("%Y-%m-%d %H:%M"))
        page.locator("input[name=mourning_ends_at]").fill((now + timedelta(hours=2)).strftime("%Y-%m-%d %H:%M"))
        page.keyboard.press("Escape")
        page.get_by_role("button", name="保存").click()
        expect(page.locator(".messages")).to_contain_text("已更新")
        visitor.reload()
        expect(visitor.locator("html")).to_have_class(re.compile("sg-mourning"))
        assert "grayscale" in visitor.evaluate("getComputedStyle(document.documentElement).filter")
        shot(visitor, "template-manager-04-mourning")
