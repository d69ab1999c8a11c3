"""Demo of the editor media features: the portal's image watermark, and a notice with paragraph styles
(首行缩进, 居中) and Word/Excel attachments previewed online (converted now when LibreOffice is installed,
otherwise by `make run`'s periodic jobs)."""

from __future__ import annotations

import io

from django.core.files.base import ContentFile
from django.utils import timezone
from wagtail.documents.models import Document

from sitegroup.models import ArticleAttachment, ArticlePage, ColumnPage, SiteSettings
from sitegroup.services import previews

NOTICE_TITLE = "关于做好2026年冬季森林防火巡查工作的通知"
NOTICE_SLUG = "winter-fire-patrol-2026"


def _docx() -> bytes:
    import docx

    document = docx.Document()
    document.add_heading(NOTICE_TITLE, level=1)
    for text in (
        "各镇人民政府、街道办事处，区各有关部门：",
        "入冬以来，我区降水偏少，林区可燃物增多，森林火险等级持续偏高。为切实做好冬季森林防火工作，现将有关事项通知如下。",
        "一、落实巡查责任。各镇（街道）要落实网格化巡查，重点时段每日巡查不少于两次。",
        "二、加强野外用火管理。严禁在林区及周边烧荒、烧秸秆、祭祀用火。",
    ):
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _xlsx() -> bytes:
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "巡查安排"
    sheet.append(["镇（街道）", "巡查责任人", "联系电话", "每日巡查次数"])
    for row in (
        ("高资街道", "王建国", "0511-85601234", 2),
        ("上党镇", "李卫东", "0511-85712345", 3),
        ("宝堰镇", "赵红梅", "0511-85823456", 2),
    ):
        sheet.append(row)
    for column, width in zip("ABCD", (14, 12, 16, 14), strict=True):
        sheet.column_dimensions[column].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def add_media_examples(portal, publisher) -> ArticlePage:
    site_settings = SiteSettings.for_site(portal.site)
    site_settings.watermark_enabled = True
    site_settings.watermark_text = "丹徒区人民政府"
    site_settings.watermark_position = "bottom-right"
    site_settings.watermark_opacity = 70
    site_settings.save()

    column = ColumnPage.objects.child_of(portal.site.root_page).get(slug="notices")
    body = [
        {
            "type": "paragraph",
            "value": (
                "<p>各镇人民政府、街道办事处，区各有关部门：</p>"
                '<p class="sg-indent">入冬以来，我区降水偏少，林区可燃物增多，森林火险等级持续偏高。为切实做好冬季森林'
                "防火工作，保护人民群众生命财产安全，现将有关事项通知如下。</p>"
                '<p class="sg-indent">一、落实巡查责任。各镇（街道）要落实网格化巡查，重点时段每日巡查不少于两次，'
                "巡查安排见附件。</p>"
                '<p class="sg-indent">二、加强野外用火管理。严禁在林区及周边烧荒、烧秸秆、祭祀用火。</p>'
                '<p class="sg-center">镇江市丹徒区森林防火指挥部办公室</p>'
                '<p class="sg-center">2026年12月1日</p>'
            ),
        }
    ]
    notice = ArticlePage(
        title=NOTICE_TITLE,
        slug=NOTICE_SLUG,
        source="区森林防火指挥部办公室",
        publish_time=timezone.now(),
        summary="部署2026年冬季森林防火巡查工作，附巡查安排表。",
        body=body,
    )
    column.add_child(instance=notice)
    for title, name, content in (
        ("冬季森林防火工作通知", "winter-fire-notice.docx", _docx()),
        ("各镇（街道）巡查安排表", "winter-fire-patrol.xlsx", _xlsx()),
    ):
        document = Document.objects.create(
            title=title, file=ContentFile(content, name=name), collection=portal.collection
        )
        ArticleAttachment.objects.create(page=notice, document=document, title=title)
    notice.save_revision(user=publisher).publish(user=publisher, skip_permission_checks=True)
    if previews.soffice_path():
        previews.convert_pending(limit=2)
    return notice
