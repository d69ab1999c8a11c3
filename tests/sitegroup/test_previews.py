"""Attachment previews (在线预览): Word/Excel converted to PDF by LibreOffice in the periodic job, PDFs as they
are; a failed conversion leaves the attachment downloadable and tells the editor 预览生成失败."""

import io
import os
import shutil

import pytest
from django.core.files.base import ContentFile
from wagtail.documents.models import Document

from sitegroup.models import ArticleAttachment, AttachmentPreview, PreviewStatus
from sitegroup.services import previews
from tests.builders import make_article

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
needs_soffice = pytest.mark.skipif(
    shutil.which("soffice") is None and not IN_CI,
    reason="需要 LibreOffice（soffice）：scripts/install-system-deps.sh 会安装；CI 中缺少时测试失败",
)


def docx_bytes(text: str) -> bytes:
    import docx

    document = docx.Document()
    document.add_heading("关于做好2026年冬季防火工作的通知", level=1)
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def xlsx_bytes() -> bytes:
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["乡镇", "巡查次数"])
    sheet.append(["城关镇", 12])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def article_with(site_group, title, name, content):
    document = Document.objects.create(
        title=title, file=ContentFile(content, name=name), collection=site_group["a"].collection
    )
    article = make_article(site_group["columns"]["a"], title)
    attachment = ArticleAttachment.objects.create(page=article, document=document, title=title)
    return article, attachment, document


@pytest.mark.django_db
class TestPreviewQueue:
    def test_uploading_word_or_excel_queues_a_conversion_pdf_needs_none(self, site_group):
        _a, _b, word = article_with(site_group, "通知原文", "notice.docx", b"PK fake")
        _a, _b, pdf = article_with(site_group, "通知PDF", "notice.pdf", b"%PDF-1.4\n")
        _a, _b, text = article_with(site_group, "通知文本", "notice.txt", b"text")
        assert AttachmentPreview.objects.get(document=word).status == PreviewStatus.PENDING
        assert not AttachmentPreview.objects.filter(document__in=[pdf, text]).exists()
        assert previews.state_for(pdf) == "pdf" and previews.state_for(text) == "none"

    def test_a_failed_conversion_is_shown_and_never_blocks_the_article(self, client, site_group, settings, caplog):
        settings.ATTACHMENT_PREVIEW_SOFFICE = "/nonexistent/soffice"
        article, attachment, document = article_with(site_group, "损坏的表格", "broken.xlsx", b"not a workbook")
        assert previews.convert_pending() == 1
        preview = AttachmentPreview.objects.get(document=document)
        assert preview.status == PreviewStatus.FAILED and "LibreOffice" in preview.error
        assert "附件预览生成失败" in caplog.text
        page = client.get(article.get_url_parts()[2], HTTP_HOST="a.localhost").content.decode()
        assert document.url in page and "在线预览" not in page.split("附件</h2>")[1]
        body = client.get(f"/attachment-preview/{attachment.pk}/", HTTP_HOST="a.localhost").content.decode()
        assert "该附件暂时无法在线预览，请下载后查看。" in body and document.url in body
        assert client.get(f"/attachment-preview/{attachment.pk}.pdf", HTTP_HOST="a.localhost").status_code == 404

    def test_a_finished_conversion_renews_the_cached_article(self, client, site_group, settings):
        settings.PAGE_CACHE_ENABLED = True
        settings.PAGE_CACHE_RACE_MARGIN_SECONDS = 0.0
        settings.ATTACHMENT_PREVIEW_SOFFICE = "/nonexistent/soffice"
        article, _attachment, _document = article_with(site_group, "待转换的表格", "table.xlsx", b"not a workbook")
        path = article.get_url_parts()[2]
        client.get(path, HTTP_HOST="a.localhost")
        assert client.get(path, HTTP_HOST="a.localhost")["X-Cache"] == "HIT"
        assert previews.convert_pending() == 1
        assert client.get(path, HTTP_HOST="a.localhost")["X-Cache"] == "MISS"  # rendered with the result

    def test_the_editor_sees_the_failure_on_the_edit_page(self, client, site_group, settings):
        settings.ATTACHMENT_PREVIEW_SOFFICE = "/nonexistent/soffice"
        article, _attachment, _document = article_with(site_group, "失败的附件", "broken.doc", b"junk")
        previews.convert_pending()
        client.force_login(site_group["users"]["a_editor"])
        body = client.get(f"/admin/pages/{article.pk}/edit/").content.decode()
        assert "预览生成失败（附件仍可下载，不影响发布）" in body

    def test_a_pdf_previews_as_it_is_in_a_same_origin_frame(self, client, site_group):
        _article, attachment, _document = article_with(site_group, "公示PDF", "list.pdf", b"%PDF-1.4\n%%EOF\n")
        body = client.get(f"/attachment-preview/{attachment.pk}/", HTTP_HOST="a.localhost").content.decode()
        assert f'src="/attachment-preview/{attachment.pk}.pdf"' in body and "下载附件（PDF）" in body
        response = client.get(f"/attachment-preview/{attachment.pk}.pdf", HTTP_HOST="a.localhost")
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        assert response["X-Frame-Options"] == "SAMEORIGIN" and response["Content-Disposition"] == "inline"
        assert b"".join(response.streaming_content).startswith(b"%PDF")

    def test_previews_of_other_sites_or_unknown_attachments_are_not_found(self, client, site_group):
        _article, attachment, _document = article_with(site_group, "本站PDF", "own.pdf", b"%PDF-1.4\n")
        assert client.get(f"/attachment-preview/{attachment.pk}/", HTTP_HOST="b.localhost").status_code == 404
        assert client.get("/attachment-preview/999999/", HTTP_HOST="a.localhost").status_code == 404

    def test_a_replaced_file_is_converted_again(self, site_group):
        _article, _attachment, document = article_with(site_group, "替换文件", "v1.docx", b"v1")
        AttachmentPreview.objects.filter(document=document).update(status=PreviewStatus.FAILED)
        document.file = ContentFile(b"v2", name="v2.docx")
        document.save()
        assert AttachmentPreview.objects.get(document=document).status == PreviewStatus.PENDING


@needs_soffice
@pytest.mark.django_db
class TestRealConversion:
    def test_word_and_excel_become_pdfs_one_after_another(self, client, site_group):
        _a, word_attachment, word = article_with(
            site_group, "冬季防火通知", "notice.docx", docx_bytes("各乡镇要加强巡查。")
        )
        article, sheet_attachment, sheet = article_with(site_group, "巡查统计表", "stats.xlsx", xlsx_bytes())
        assert previews.convert_pending(limit=5) == 2
        for document, attachment in ((word, word_attachment), (sheet, sheet_attachment)):
            preview = AttachmentPreview.objects.get(document=document)
            assert preview.status == PreviewStatus.READY, preview.error
            with preview.pdf.open("rb") as pdf:
                assert pdf.read(5) == b"%PDF-"
            response = client.get(f"/attachment-preview/{attachment.pk}.pdf", HTTP_HOST="a.localhost")
            assert b"".join(response.streaming_content).startswith(b"%PDF-")
        page = client.get(article.get_url_parts()[2], HTTP_HOST="a.localhost").content.decode()
        assert f'href="/attachment-preview/{sheet_attachment.pk}/"' in page
