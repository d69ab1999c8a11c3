"""Article page tools: a citizen on a phone enlarges the text, opens the QR code and an attachment preview;
an editor formats a paragraph with 首行缩进 in the body editor and, once approved, sees it on the public page.

Demo: the portal's notice 关于做好2026年冬季森林防火巡查工作的通知 (sitegroup/demo/media.py) with Word and
Excel attachments, converted to PDF when the demo was loaded.
"""

from __future__ import annotations

import re
import uuid

import pytest
from playwright.sync_api import expect

from tests.journeys.pages import assert_accessible, assert_fits, login, shot

pytestmark = pytest.mark.journey

NOTICE = "/notices/winter-fire-patrol-2026/"


def test_a_citizen_enlarges_the_text_scans_the_qr_code_and_previews_an_attachment(demo, phone):
    phone.goto(demo.url(NOTICE))
    body = phone.locator(".sg-article__body")
    normal = float(body.evaluate("element => parseFloat(getComputedStyle(element).fontSize)"))
    phone.get_by_role("button", name="大", exact=True).click()
    expect(phone.get_by_role("button", name="大", exact=True)).to_have_attribute("aria-pressed", "true")
    expect(phone.get_by_role("button", name="中", exact=True)).to_have_attribute("aria-pressed", "false")
    assert float(body.evaluate("element => parseFloat(getComputedStyle(element).fontSize)")) > normal
    phone.reload()  # remembered on this phone
    expect(phone.get_by_role("button", name="大", exact=True)).to_have_attribute("aria-pressed", "true")
    expect(phone.locator(".sg-article__meta")).to_contain_text(re.compile(r"浏览次数：\d+"))

    phone.get_by_role("button", name="扫码在手机上看", exact=True).click()
    qr = phone.get_by_role("img", name=re.compile("本文网址的二维码"))
    expect(qr).to_be_visible()
    phone.wait_for_function("() => document.querySelector('#article-qr img').naturalWidth > 100")
    expect(phone.get_by_role("button", name="收起二维码", exact=True)).to_have_attribute("aria-expanded", "true")
    assert_fits(phone)
    assert_accessible(phone)
    shot(phone, "article-tools-01-phone-large-text-and-qr")

    phone.get_by_role("link", name="在线预览：各镇（街道）巡查安排表", exact=True).click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("各镇（街道）巡查安排表")
    expect(phone.get_by_role("link", name="下载附件（XLSX）", exact=True)).to_be_visible()
    frame = phone.locator("iframe.sg-preview__frame")
    expect(frame).to_have_attribute("title", "附件预览：各镇（街道）巡查安排表")
    pdf = phone.request.get(demo.url(frame.get_attribute("src")))
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf" and pdf.body().startswith(b"%PDF-")
    assert_fits(phone)
    assert_accessible(phone)
    shot(phone, "article-tools-02-phone-attachment-preview")


def test_an_editor_indents_a_paragraph_and_sees_it_published(demo, desktop, new_page):
    title = f"关于开展冬季送温暖活动的通知{uuid.uuid4().int % 10000:04d}"
    page_id = int(
        demo.shell(
            "from django.contrib.auth import get_user_model; from wagtail.models import Site; "
            "from sitegroup.models import ArticlePage, ColumnPage; "
            "editor = get_user_model().objects.get(username='edu_editor'); "
            "root = Site.objects.get(hostname='edu.localhost').root_page; "
            "column = ColumnPage.objects.child_of(root).get(slug='news'); "
            f"page = ArticlePage(title={title!r}, summary='部署冬季送温暖活动。', owner=editor, live=False); "
            "column.add_child(instance=page); page.save_revision(user=editor); print(page.pk)"
        )
    )
    login(desktop, demo, "edu_editor")
    desktop.goto(demo.url(f"/admin/pages/{page_id}/edit/"))
    body = desktop.locator("[data-contentpath='body']")
    body.locator("button.c-sf-add-button").first.click()
    desktop.get_by_role("option", name="正文", exact=True).first.click()
    textbox = body.locator("[role='textbox']").first
    textbox.click()
    desktop.keyboard.type("各学校要关心困难学生的冬季生活。")
    desktop.keyboard.press("Control+a")
    desktop.get_by_role("button", name=re.compile("首行缩进")).click()
    expect(body.locator(".Draftail-block--sg-indent")).to_have_count(1)
    expect(body.locator("input[name='body-0-value']")).to_have_value(re.compile("sg-indent"))
    shot(desktop, "article-tools-03-editor-indent", full_page=False)
    desktop.get_by_role("button", name="更多动作").click()
    desktop.get_by_role("button", name=re.compile("^提交")).click()
    expect(desktop.locator(".messages li.success")).to_contain_text("提交")

    reviewer = new_page()
    login(reviewer, demo, "edu_reviewer")
    reviewer.goto(demo.url(f"/admin/pages/{page_id}/edit/"))
    reviewer.get_by_role("button", name="更多动作").click()
    reviewer.get_by_role("button", name=re.compile("批准")).first.click()
    expect(reviewer.locator(".messages li.success")).to_be_visible()

    slug = demo.shell(f"from sitegroup.models import ArticlePage; print(ArticlePage.objects.get(pk={page_id}).slug)")
    public = new_page(1280, 900)
    public.goto(demo.url(f"/news/{slug}/", site="edu"))
    paragraph = public.locator(".sg-article__body p.sg-indent")
    expect(paragraph).to_have_text("各学校要关心困难学生的冬季生活。")
    indent = paragraph.evaluate("element => getComputedStyle(element).textIndent")
    font = paragraph.evaluate("element => getComputedStyle(element).fontSize")
    assert float(indent.removesuffix("px")) == pytest.approx(2 * float(font.removesuffix("px")))
    assert_accessible(public)
    shot(public, "article-tools-04-published-indent")
