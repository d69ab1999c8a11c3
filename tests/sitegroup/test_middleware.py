"""Bad input at the edge: hosts, oversize bodies, non-image uploads."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PILImage
from wagtail.images.models import Image


@pytest.mark.django_db
class TestHosts:
    @pytest.mark.parametrize("host", ["bad host!!", "a..b", "exa mple.com", "<script>", "localhost:abc"])
    def test_malformed_host_is_400(self, client, site_group, host):
        assert client.get("/", HTTP_HOST=host).status_code == 400

    def test_unknown_sub_site_is_404_with_a_clear_message(self, client, site_group):
        response = client.get("/", HTTP_HOST="nosuch.localhost")
        assert response.status_code == 404 and "网站不存在" in response.content.decode()

    def test_known_host_is_served(self, client, site_group):
        assert client.get("/", HTTP_HOST="a.localhost").status_code == 200


@pytest.mark.django_db
class TestUploads:
    def test_oversize_request_is_refused_with_413(self, client, site_group, settings):
        settings.MAX_REQUEST_BODY_SIZE = 1024
        client.force_login(site_group["users"]["a_editor"])
        response = client.post(
            "/admin/images/add/", {"title": "大文件", "file": SimpleUploadedFile("big.png", b"x" * 5000)}
        )
        assert response.status_code == 413 and "上传内容过大" in response.content.decode()

    def test_non_image_uploaded_as_image_is_refused_with_a_message(self, client, site_group):
        client.force_login(site_group["users"]["a_editor"])
        fake = SimpleUploadedFile("report.png", b"%PDF-1.4 this is not an image", content_type="image/png")
        response = client.post(
            "/admin/images/add/", {"title": "假图片", "file": fake, "collection": site_group["a"].collection.pk}
        )
        assert response.status_code == 200
        assert not Image.objects.filter(title="假图片").exists()
        assert (
            "不是有效的图片" in response.content.decode()
            or "Not a supported image" in response.content.decode()
            or "图片" in response.content.decode()
        )

    def test_oversize_image_is_refused(self, client, site_group, settings):
        settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = 100
        client.force_login(site_group["users"]["a_editor"])
        buffer = io.BytesIO()
        PILImage.new("RGB", (200, 200), (10, 120, 40)).save(buffer, format="PNG")
        upload = SimpleUploadedFile("photo.png", buffer.getvalue(), content_type="image/png")
        client.post(
            "/admin/images/add/", {"title": "超大图片", "file": upload, "collection": site_group["a"].collection.pk}
        )
        assert not Image.objects.filter(title="超大图片").exists()
