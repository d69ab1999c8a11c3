"""The image watermark (docs/editor-media.md): 教育局's site administrator turns it on in 设置 → 网站信息,
and a citizen on a phone then sees the site's name drawn in the chosen corner of the photo in an article,
while the original photo stays as it was uploaded.

The photo is a plain grey picture, so every pixel the watermark touches can be counted.
"""

from __future__ import annotations

import io
import re
import uuid

import pytest
from PIL import Image
from playwright.sync_api import expect

from tests.journeys.pages import assert_accessible, assert_fits, login, shot

pytestmark = pytest.mark.journey

GREY = (128, 128, 128)
ALT = "防汛物资仓库现场照片"


def _article_with_a_photo(demo) -> str:
    """An article 教育局 published earlier with one photo in its body, the site still without a watermark
    (also when the demo is reused); its public path."""
    title = f"区教育局检查防汛物资储备情况{uuid.uuid4().int % 10000:04d}"
    return demo.shell(
        "import io; from PIL import Image as P; from django.core.files.images import ImageFile; "
        "from django.contrib.auth import get_user_model; from wagtail.images.models import Image; "
        "from wagtail.models import Site; from sitegroup.models import ArticlePage, ColumnPage, Organisation; "
        "from sitegroup.models import SiteSettings; "
        "site = Site.objects.get(hostname='edu.localhost'); "
        "SiteSettings.objects.filter(site=site).update(watermark_enabled=False, watermark_text=''); "
        "collection = Organisation.objects.get(site=site).collection; "
        f"buffer = io.BytesIO(); P.new('RGB', (800, 600), {GREY!r}).save(buffer, format='PNG'); "
        "image = Image.objects.create(title='防汛物资仓库', file=ImageFile(buffer, name='warehouse.png'), "
        "collection=collection); "
        "editor = get_user_model().objects.get(username='edu_editor'); "
        "column = ColumnPage.objects.child_of(site.root_page).get(slug='news'); "
        f"page = ArticlePage(title={title!r}, summary='检查防汛物资储备。', owner=editor, "
        f"body=[{{'type': 'image', 'value': {{'image': image.pk, 'alt_text': {ALT!r}, 'caption': ''}}}}]); "
        "column.add_child(instance=page); page.save_revision(user=editor).publish(); "
        "print(page.relative_url(site))"
    )


def _photo(page, demo) -> Image.Image:
    """The photo as the citizen's phone received it (media files are the same on every host name)."""
    source = page.get_by_role("img", name=ALT).get_attribute("src")
    response = page.request.get(demo.url(source))
    assert response.ok, source
    return Image.open(io.BytesIO(response.body())).convert("RGB")


def _marked(picture: Image.Image, box) -> int:
    """How many pixels in `box` differ visibly from the plain grey."""
    data = picture.crop(box).tobytes()
    return sum(
        1
        for index in range(0, len(data), 3)
        if max(abs(data[index + channel] - GREY[channel]) for channel in range(3)) > 12
    )


def test_a_site_admin_turns_the_watermark_on_and_a_citizen_sees_it_on_the_photo(demo, desktop, phone):
    path = _article_with_a_photo(demo)
    phone.goto(demo.url(path, site="edu"))
    before = _photo(phone, demo)
    assert _marked(before, (0, 0, *before.size)) == 0  # no watermark yet

    login(desktop, demo, "edu_siteadmin")
    desktop.get_by_role("button", name="设置", exact=True).click()
    desktop.get_by_role("link", name="网站信息", exact=True).click()
    expect(desktop.get_by_role("heading", level=1)).to_contain_text("网站信息")
    desktop.get_by_label("为本站图片加水印").check()
    desktop.get_by_role("button", name="保存", exact=True).click()
    # Turned on with neither text nor logo: told in Chinese what is missing, nothing saved.
    expect(desktop.get_by_text("开启水印时请填写水印文字或选择水印标志。")).to_be_visible()
    expect(desktop.get_by_label("水印文字")).to_have_attribute("aria-invalid", "true")
    desktop.get_by_label("水印文字").fill("丹徒区教育局")
    desktop.get_by_role("combobox", name=re.compile("水印位置")).select_option(label="右上")
    desktop.get_by_role("spinbutton", name=re.compile("水印不透明度")).fill("80")
    assert_accessible(desktop)
    shot(desktop, "watermark-01-site-settings", full_page=False)
    desktop.get_by_role("button", name="保存", exact=True).click()
    expect(desktop.locator(".messages li.success")).to_be_visible()

    phone.reload()
    after = _photo(phone, demo)
    width, height = after.size
    assert _marked(after, (width // 2, 0, width, height // 4)) > 200  # the top-right corner carries the name
    assert _marked(after, (0, height // 2, width, height)) == 0  # the rest of the photo is untouched
    original = demo.shell(
        "from wagtail.images.models import Image; from PIL import Image as P; "
        "image = Image.objects.filter(title='防汛物资仓库').latest('pk'); "
        "picture = P.open(image.file.path).convert('RGB'); "
        "print(len(set(picture.getdata())), picture.getpixel((picture.width - 5, 5)))"
    )
    assert original == f"1 {GREY!r}"  # the uploaded original is still plain grey
    expect(phone.get_by_role("img", name=ALT)).to_be_visible()
    assert_fits(phone)
    assert_accessible(phone)
    shot(phone, "watermark-02-phone-photo-marked")
