"""Upload types from content: accepted documents and images, refused markup, programs and macros."""

import io
import zipfile

import pytest

from sitegroup.lib import file_types
from sitegroup.lib.file_types import DOCUMENTS, IMAGES, RefusedFile, check, detect


def office_zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


DOCX = office_zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})
XLSX = office_zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"})
DOCM = office_zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<d/>", "word/vbaProject.bin": b"x"})
XLSM = office_zip(
    {"[Content_Types].xml": b"application/vnd.ms-excel.sheet.macroEnabled.main+xml", "xl/workbook.xml": b"<w/>"}
)
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100


class TestDetect:
    @pytest.mark.parametrize(
        ("data", "kind"),
        [
            (b"%PDF-1.7\n...", file_types.PDF),
            (b"\xff\xd8\xff\xe0" + b"\0" * 20, file_types.JPEG),
            (b"\x89PNG\r\n\x1a\n" + b"\0" * 20, file_types.PNG),
            (b"GIF89a" + b"\0" * 10, file_types.GIF),
            (b"RIFF\0\0\0\0WEBPVP8 ", file_types.WEBP),
            (DOCX, file_types.DOCX),
            (XLSX, file_types.XLSX),
            (OLE + "WordDocument".encode("utf-16-le"), file_types.DOC),
            (OLE + "Workbook".encode("utf-16-le"), file_types.XLS),
            ("申请人：张三\n事由：危房改造".encode(), file_types.TEXT),
            ("申请人：张三".encode("gb18030"), file_types.TEXT),
        ],
    )
    def test_accepted_kinds(self, data, kind):
        assert detect(data).kind == kind

    @pytest.mark.parametrize(
        "data",
        [
            b"<!DOCTYPE html><html><script>alert(1)</script>",
            b"\xef\xbb\xbf  <svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>",
            b"<?xml version='1.0'?><root/>",
            "说明文字<script>alert(1)</script>".encode(),
            b"MZ\x90\x00" + b"\0" * 60,
            b"\x7fELF\x02\x01",
            b"#!/bin/sh\nrm -rf /",
            DOCM,
            XLSM,
            OLE + "WordDocument".encode("utf-16-le") + "_VBA_PROJECT".encode("utf-16-le"),
            b"PK\x03\x04broken",
            b"\x00\x01\x02binary",
            b"",
        ],
    )
    def test_refused_whatever_the_name(self, data):
        found = detect(data)
        assert found.kind is None
        assert found.reason


class TestCheck:
    def test_allowed_file_returns_its_kind(self):
        assert check(b"%PDF-1.4", "方案.pdf", DOCUMENTS, 1024) == file_types.PDF

    def test_html_named_pdf_is_refused(self):
        with pytest.raises(RefusedFile, match="不能上传"):
            check(b"<html><body>x</body></html>", "说明.pdf", DOCUMENTS, 1024)

    def test_extension_must_match_content(self):
        with pytest.raises(RefusedFile, match="扩展名与内容不符"):
            check(b"%PDF-1.4", "照片.jpg", DOCUMENTS | IMAGES, 1024)

    def test_kind_outside_the_allowed_set(self):
        with pytest.raises(RefusedFile, match="只接受"):
            check(b"\x89PNG\r\n\x1a\n", "a.png", DOCUMENTS, 1024)

    def test_size_limit(self):
        with pytest.raises(RefusedFile, match="超过"):
            check(b"%PDF-" + b"x" * 2000, "a.pdf", DOCUMENTS, 1024)

    def test_markup_in_the_name_is_not_echoed(self):
        with pytest.raises(RefusedFile) as refused:
            check(b"MZ", "<img src=x onerror=alert(1)>.exe", DOCUMENTS, 1024)
        assert "<" not in refused.value.message


class TestPublishedDocuments:
    """Kinds editors publish in the document library, and archives that would run something."""

    @pytest.mark.parametrize(
        ("data", "kind"),
        [
            (office_zip({"[Content_Types].xml": b"<Types/>", "ppt/presentation.xml": b"<p/>"}), file_types.PPTX),
            (office_zip({"OFD.xml": b"<ofd:OFD/>", "Doc_0/Document.xml": b"<d/>"}), file_types.OFD),
            (office_zip({"附件/方案.pdf": b"%PDF-1.4", "说明.txt": "说明".encode()}), file_types.ZIP),
            (b"\0\0\0\x18ftypmp42" + b"\0" * 20, file_types.MP4),
            (OLE + "PowerPoint Document".encode("utf-16-le"), file_types.PPT),
        ],
    )
    def test_accepted(self, data, kind):
        assert detect(data).kind == kind

    @pytest.mark.parametrize("member", ["setup.exe", "index.html", "图标.svg", "run.bat", "宏.xlsm"])
    def test_zip_with_programs_or_pages_inside_is_refused(self, member):
        found = detect(office_zip({"说明.txt": b"x", f"dir/{member}": b"payload"}))
        assert found.kind is None and "压缩包内含" in found.reason

    def test_pptm_with_macros_is_refused(self):
        pptm = office_zip({"ppt/presentation.xml": b"<p/>", "ppt/vbaProject.bin": b"x"})
        assert detect(pptm).kind is None

    def test_citizens_still_may_not_send_archives(self):
        with pytest.raises(RefusedFile, match="只接受"):
            check(office_zip({"a.txt": b"x"}), "材料.zip", DOCUMENTS | IMAGES, 1 << 20)

    def test_wps_document_is_a_word_document(self):
        assert check(OLE + "WordDocument".encode("utf-16-le"), "通知.wps", DOCUMENTS, 1 << 20) == file_types.DOC
