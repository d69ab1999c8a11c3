"""Disclosure items are found by the names of their classification: topic, genre, catalogue item."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from disclosure.models import CatalogueItem
from search import services
from search.backends import get_backend
from search.registry import get as get_type
from tests.disclosure.builders import make_disclosure_column, make_item, topic

pytestmark = pytest.mark.django_db

SUBSIDY_FUNDS = {"group": "special_funds", "number": 51}  # 城市居民最低生活保障补助资金管理和使用情况


@pytest.fixture
def filed_item(site_group, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        catalogue = make_disclosure_column(site_group["b"].home_page)
        item = make_item(
            catalogue,
            "2026年第一季度城市低保资金发放情况",
            topic=topic("社会救助"),
            catalogue_item=CatalogueItem.objects.get(**SUBSIDY_FUNDS),
            summary="本季度发放情况。",
            body="<p>按月足额发放到户。</p>",
        )
    return item


def search(client, q, host="localhost"):
    return client.get(reverse("search"), {"q": q}, HTTP_HOST=host).content.decode()


class TestClassificationIsSearchable:
    def test_a_word_of_the_catalogue_item_finds_the_item(self, client, filed_item):
        body = search(client, "补助")
        assert "找到 <strong>1</strong> 条" in body
        assert "2026年第一季度城市低保资金发放情况" in body

    def test_topic_and_genre_names_find_it_too(self, client, filed_item):
        for query in ("社会救助", "补助资金管理", "通知"):
            assert "找到 <strong>1</strong> 条" in search(client, query), query

    def test_the_catalogue_search_finds_it_by_its_catalogue_item(self, client, filed_item):
        response = client.get("/xxgk/catalogue/", {"q": "补助"}, HTTP_HOST="b.localhost")
        assert "共 <strong>1</strong> 条" in response.content.decode()

    def test_renaming_a_catalogue_item_rewrites_its_items(self, client, filed_item, django_capture_on_commit_callbacks):
        kind = CatalogueItem.objects.get(**SUBSIDY_FUNDS)
        with django_capture_on_commit_callbacks(execute=True):
            kind.name = "城市居民最低生活保障救助金管理和使用情况"
            kind.save()
        assert "没有找到" in search(client, "补助资金")
        assert "找到 <strong>1</strong> 条" in search(client, "救助金")
        assert services.check().is_clean


class TestCheckAndRebuild:
    def test_search_check_finds_documents_indexed_without_the_names_and_fixes_them(self, client, filed_item):
        # An index written before classification names were indexed: title and body only.
        document_type = get_type("disclosure")
        current = next(iter(document_type.documents([filed_item])))
        from dataclasses import replace

        old = replace(current, body="本季度发放情况。\n按月足额发放到户。")
        get_backend().index([old])
        assert "没有找到" in search(client, "补助")
        assert current.key in services.check().stale
        call_command("search_check", "--fix", "--show", "0", stdout=open("/dev/null", "w"))  # noqa: SIM115
        assert "找到 <strong>1</strong> 条" in search(client, "补助")
        assert services.check().is_clean

    def test_rebuild_indexes_the_names(self, client, filed_item):
        get_backend().clear()
        services.rebuild()
        assert "找到 <strong>1</strong> 条" in search(client, "补助")
