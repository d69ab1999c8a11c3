"""Admin search finds Chinese words inside titles (pages, images, documents)."""

import pytest
from django.core.files.base import ContentFile
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from tests.builders import make_article


def _titles(results):
    return [page.title for page in results]


@pytest.mark.django_db
class TestBackend:
    def test_a_word_inside_a_title_is_found(self, site_group):
        titles = _titles(get_search_backend().search("工作动态", Page))
        assert "测试县教育局工作动态" in titles

    def test_every_segmented_word_must_occur(self, site_group):
        backend = get_search_backend()
        assert "测试县教育局工作动态" in _titles(backend.search("教育工作动态", Page))
        assert _titles(backend.search("教育招生动态", Page)) == []

    def test_traditional_characters_find_simplified_titles(self, site_group):
        assert "测试县教育局工作动态" in _titles(get_search_backend().search("工作動態", Page))

    def test_autocomplete_as_the_page_explorer_uses_it(self, site_group):
        assert "测试县民政局工作动态" in _titles(get_search_backend().autocomplete("民政局", Page))

    def test_whole_query_in_the_title_ranks_first(self, site_group):
        column = site_group["columns"]["a"]
        make_article(column, "工作安排与动态")  # has both words, not the phrase
        older = make_article(column, "教育局工作动态汇编")
        titles = _titles(get_search_backend().search("工作动态", Page.objects.descendant_of(column)))
        assert titles.index(older.title) < titles.index("工作安排与动态")

    def test_nothing_to_search_finds_nothing(self, site_group):
        assert _titles(get_search_backend().search("的", Page)) == []


@pytest.mark.django_db
class TestAdminScreens:
    def test_page_search(self, client, site_group):
        client.force_login(site_group["users"]["a_editor"])
        response = client.get("/admin/pages/search/", {"q": "工作动态"})
        assert response.status_code == 200
        assert "测试县教育局工作动态" in response.text

    def test_image_listing(self, client, site_group):
        Image.objects.create(title="县教育局工作动态现场照片", file=get_test_image_file())
        client.force_login(site_group["users"]["admin"])
        response = client.get("/admin/images/", {"q": "工作动态"})
        assert "县教育局工作动态现场照片" in response.text

    def test_document_listing(self, client, site_group):
        Document.objects.create(title="教育局工作动态月报", file=ContentFile(b"%PDF-1.4", name="report.pdf"))
        client.force_login(site_group["users"]["admin"])
        response = client.get("/admin/documents/", {"q": "工作动态"})
        assert "教育局工作动态月报" in response.text
