"""Per-site image watermarks: drawn on renditions of the site's own images, never on the original; 不加水印
images and other sites' images are left alone; changing the settings makes new renditions."""

import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.images import ImageFile
from PIL import Image as PILImage
from wagtail.images.models import Image, Rendition

from sitegroup.lib import watermark
from sitegroup.models import SiteSettings
from tests.builders import make_article

GREY = (128, 128, 128)


def grey_image(collection, title="防汛现场", size=(800, 600)) -> Image:
    buffer = io.BytesIO()
    PILImage.new("RGB", size, GREY).save(buffer, format="PNG")
    return Image.objects.create(title=title, file=ImageFile(buffer, name="scene.png"), collection=collection)


def enable_watermark(site, **fields) -> SiteSettings:
    site_settings = SiteSettings.for_site(site)
    site_settings.watermark_enabled = True
    site_settings.watermark_text = fields.get("text", "测试县教育局")
    site_settings.watermark_position = fields.get("position", "bottom-right")
    site_settings.watermark_opacity = fields.get("opacity", 90)
    site_settings.save()
    return site_settings


def shown_rendition(client, site_group, image, title) -> Rendition:
    body = [{"type": "image", "value": {"image": image.pk, "alt_text": "防汛现场照片", "caption": ""}}]
    article = make_article(site_group["columns"]["a"], title, body=body)
    page = client.get(article.get_url_parts()[2], HTTP_HOST="a.localhost").content.decode()
    url = re.search(r'<img src="([^"]+)" width="\d+" height="\d+" alt="防汛现场照片"', page).group(1)
    return next(rendition for rendition in Rendition.objects.filter(image=image) if rendition.url == url)


def pixels(rendition: Rendition) -> PILImage.Image:
    with rendition.file.open("rb") as file:
        picture = PILImage.open(file)
        picture.load()
    return picture.convert("RGB")


def changed_pixels(picture: PILImage.Image, box) -> int:
    data = picture.crop(box).tobytes()
    rgb = (data[index : index + 3] for index in range(0, len(data), 3))
    return sum(1 for pixel in rgb if max(abs(a - b) for a, b in zip(pixel, GREY, strict=True)) > 12)


@pytest.mark.django_db
class TestWatermarkedRenditions:
    def test_the_rendition_is_marked_bottom_right_and_the_original_untouched(self, client, site_group):
        enable_watermark(site_group["a"].site)
        image = grey_image(site_group["a"].collection)
        with image.file.open("rb") as file:
            original = file.read()
        rendition = shown_rendition(client, site_group, image, "水印测试稿件")
        assert "watermark-" in rendition.filter_spec
        picture = pixels(rendition)
        width, height = picture.size
        assert changed_pixels(picture, (width // 2, height * 3 // 4, width, height)) > 200
        assert changed_pixels(picture, (0, 0, width // 2, height // 2)) == 0
        with image.file.open("rb") as file:
            assert file.read() == original

    def test_centre_position_marks_the_middle(self, client, site_group):
        enable_watermark(site_group["a"].site, position="center")
        picture = pixels(shown_rendition(client, site_group, grey_image(site_group["a"].collection), "居中水印"))
        width, height = picture.size
        assert changed_pixels(picture, (width // 4, height // 3, width * 3 // 4, height * 2 // 3)) > 200
        assert changed_pixels(picture, (width * 3 // 4, height * 3 // 4, width, height)) == 0

    def test_an_image_tagged_no_watermark_is_shown_plain(self, client, site_group):
        enable_watermark(site_group["a"].site)
        image = grey_image(site_group["a"].collection)
        image.tags.add("不加水印")
        rendition = shown_rendition(client, site_group, image, "不加水印稿件")
        assert "watermark" not in rendition.filter_spec
        assert changed_pixels(pixels(rendition), (0, 0, *pixels(rendition).size)) == 0

    def test_another_sites_image_is_not_marked(self, client, site_group):
        enable_watermark(site_group["a"].site)
        rendition = shown_rendition(client, site_group, grey_image(site_group["b"].collection), "别站图片稿件")
        assert "watermark" not in rendition.filter_spec

    def test_changing_the_settings_makes_a_new_rendition(self, client, site_group):
        enable_watermark(site_group["a"].site)
        image = grey_image(site_group["a"].collection)
        first = shown_rendition(client, site_group, image, "设置变更前")
        enable_watermark(site_group["a"].site, position="top-left")
        second = shown_rendition(client, site_group, image, "设置变更后")
        assert first.filter_spec != second.filter_spec
        picture = pixels(second)
        assert changed_pixels(picture, (0, 0, picture.width // 2, picture.height // 4)) > 200

    def test_disabled_watermark_leaves_renditions_plain(self, client, site_group):
        rendition = shown_rendition(client, site_group, grey_image(site_group["a"].collection), "未开启水印")
        assert rendition.filter_spec == "width-960"

    def test_enabling_without_text_or_logo_is_refused_in_chinese(self, site_group):
        site_settings = SiteSettings.for_site(site_group["a"].site)
        site_settings.watermark_enabled = True
        with pytest.raises(ValidationError) as error:
            site_settings.full_clean()
        assert "开启水印时请填写水印文字或选择水印标志。" in str(error.value)


class TestWatermarkLibrary:
    def test_chinese_text_is_drawn_with_the_cjk_font(self):
        assert watermark.cjk_font_path(), "fonts-noto-cjk (scripts/install-system-deps.sh) is missing"
        marked = watermark.apply(
            PILImage.new("RGB", (400, 300), GREY), text="政府网", font_path=watermark.cjk_font_path()
        )
        assert changed_pixels(marked, (200, 200, 400, 300)) > 50

    def test_chinese_text_without_a_cjk_font_is_not_drawn_as_boxes(self):
        picture = PILImage.new("RGB", (400, 300), GREY)
        assert watermark.apply(picture, text="政府网", font_path=None) is picture

    def test_a_logo_is_blended_with_the_opacity(self):
        logo = PILImage.new("RGBA", (100, 50), (255, 0, 0, 255))
        marked = watermark.apply(PILImage.new("RGB", (500, 500), GREY), logo=logo, position="top-left", opacity=0.5)
        red, green, _blue = marked.getpixel((20, 20))
        assert 180 <= red <= 200 and 60 <= green <= 70  # half red over grey


@pytest.mark.django_db
def test_the_site_admin_sets_the_watermark_in_the_site_settings(client, site_group):
    site = site_group["a"].site
    client.force_login(site_group["users"]["a_site_admin"])
    url = f"/admin/settings/sitegroup/sitesettings/{site.pk}/"
    page = client.get(url).content.decode()
    assert "图片水印" in page and "不加水印" in page and "右下" in page and "居中" in page
    form = {"site_name": "测试县教育局网站", "watermark_position": "center", "watermark_opacity": "60"}
    response = client.post(url, {**form, "watermark_enabled": "on", "watermark_text": ""})
    assert response.status_code == 200 and "开启水印时请填写水印文字或选择水印标志。" in response.content.decode()
    response = client.post(url, {**form, "watermark_enabled": "on", "watermark_text": "测试县教育局"})
    assert response.status_code == 302
    saved = SiteSettings.for_site(site)
    assert saved.watermark_enabled and saved.watermark_position == "center" and saved.watermark_opacity == 60
    from wagtail.models import ModelLogEntry

    entry = ModelLogEntry.objects.filter(object_id=str(saved.pk), action="wagtail.edit").latest("timestamp")
    assert entry.user == site_group["users"]["a_site_admin"]
