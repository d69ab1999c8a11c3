"""The public search pages and the admin report, through HTTP."""

import pytest
from django.urls import reverse

from search.models import SearchTermDaily, Synonym
from search.services import hot_terms, rebuild, record_search, set_hot_term_rule, suggest
from sitegroup.models import SensitiveWord, SensitiveWordLevel
from tests.builders import make_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def indexed(site_group):
    make_article(site_group["columns"]["a"], "城乡居民最低生活保障申请指南")
    make_article(site_group["columns"]["b"], "最低生活保障标准调整公告")
    rebuild()
    return site_group


def get(client, host, **params):
    return client.get(reverse("search"), params, HTTP_HOST=host)


class TestResultPage:
    def test_sub_site_searches_itself_by_default(self, client, indexed):
        response = get(client, "a.localhost", q="最低生活保障")
        body = response.content.decode()
        assert response.status_code == 200
        assert "找到 <strong>1</strong> 条" in body
        assert "<mark>最低生活保障</mark>申请指南" in body
        assert "标准调整公告" not in body

    def test_portal_searches_the_whole_group(self, client, indexed):
        body = get(client, "localhost", q="最低生活保障").content.decode()
        assert "找到 <strong>2</strong> 条" in body
        assert "测试县教育局" in body and "测试县民政局" in body  # site facet with names

    def test_group_scope_from_a_sub_site(self, client, indexed):
        body = get(client, "a.localhost", q="最低生活保障", scope="group").content.decode()
        assert "找到 <strong>2</strong> 条" in body

    def test_facet_link_narrows_the_results(self, client, indexed):
        site_b = indexed["b"].organisation.site_id
        body = get(client, "localhost", q="最低生活保障", site=site_b).content.decode()
        assert "找到 <strong>1</strong> 条" in body
        assert "标准调整公告" in body

    def test_synonym_finds_the_other_word(self, client, indexed):
        # 低保 ↔ 最低生活保障 ships as a default synonym group.
        body = get(client, "localhost", q="低保").content.decode()
        assert "找到 <strong>2</strong> 条" in body

    def test_an_added_synonym_takes_effect(self, client, indexed, django_capture_on_commit_callbacks):
        assert "没有找到" in get(client, "localhost", q="社会救助兜底").content.decode()
        with django_capture_on_commit_callbacks(execute=True):
            Synonym.objects.create(terms="社会救助兜底，最低生活保障")
        assert "找到 <strong>2</strong> 条" in get(client, "localhost", q="社会救助兜底").content.decode()

    @pytest.fixture
    def many(self, indexed):
        for number in range(25):
            make_article(indexed["columns"]["b"], f"民政服务事项第{number + 1}号")
        rebuild()

    def test_paging(self, client, many):
        first = get(client, "b.localhost", q="民政服务事项").content.decode()
        third = get(client, "b.localhost", q="民政服务事项", page=3).content.decode()
        assert "共 25 条，第 1/3 页" in first
        assert 'rel="next"' in first
        assert third.count('class="sg-result"') == 5
        assert 'start="21"' in third

    def test_sort_by_date(self, client, many):
        body = get(client, "b.localhost", q="民政服务事项", sort="date").content.decode()
        assert body.index("第25号") < body.index("第24号")

    def test_empty_state_offers_hot_terms_and_group_search(self, client, indexed):
        set_hot_term_rule("最低生活保障", "pin", user=indexed["users"]["portal_editor"])
        body = get(client, "a.localhost", q="不存在的内容词").content.decode()
        assert "没有找到" in body
        assert "在全站群中搜索" in body
        assert "热搜词" in body and "最低生活保障" in body

    def test_search_box_in_every_theme_header(self, client, indexed):
        for host in ("localhost", "a.localhost"):  # portal theme and department theme
            body = client.get("/", HTTP_HOST=host).content.decode()
            assert 'role="search"' in body
            assert 'name="q"' in body

    def test_first_page_searches_are_counted(self, client, indexed):
        get(client, "a.localhost", q="最低生活保障")
        get(client, "a.localhost", q="最低生活保障")
        get(client, "a.localhost", q="最低生活保障", page=1, sort="date")
        row = SearchTermDaily.objects.get(term="最低生活保障")
        assert row.searches == 3
        assert row.results == 1


class TestBadInput:
    @pytest.mark.parametrize(
        "query",
        [
            "",
            "   ",
            "*:*",
            '"',
            '"""最低',
            '{"query": {"match_all": {}}}',
            "最低生活保障 AND OR NOT NEAR(",
            "\x00\x01\x1b[2J最低\u202e",
            "%",
            "'; DROP TABLE docs; --",
        ],
    )
    def test_hostile_queries_answer_normally(self, client, indexed, query):
        response = get(client, "localhost", q=query)
        assert response.status_code == 200

    def test_markup_is_never_reflected(self, client, indexed):
        body = get(client, "localhost", q='<script>alert("x")</script>最低').content.decode()
        assert "<script>alert" not in body
        assert "&lt;script&gt;" in body

    def test_a_5000_character_query_is_cut_with_a_notice(self, client, indexed):
        response = get(client, "localhost", q="最低生活保障" * 833)
        assert response.status_code == 200
        assert "搜索词过长" in response.content.decode()

    def test_longer_than_5000_is_refused(self, client, indexed):
        response = get(client, "localhost", q="政" * 5001)
        assert response.status_code == 400
        assert "搜索词过长" in response.content.decode()

    @pytest.mark.parametrize(
        ("params", "message"),
        [
            ({"q": "低保", "page": "abc"}, "页码无效"),
            ({"q": "低保", "page": "0"}, "页码无效"),
            ({"q": "低保", "page": "101"}, "页码无效"),
            ({"q": "低保", "sort": "price"}, "排序方式无效"),
            ({"q": "低保", "scope": "world"}, "搜索范围无效"),
            ({"q": "低保", "type": "user"}, "内容类型无效"),
            ({"q": "低保", "site": "x"}, "搜索参数无效"),
        ],
    )
    def test_bad_parameters_are_a_400_with_a_message(self, client, indexed, params, message):
        response = get(client, "localhost", **params)
        assert response.status_code == 400
        assert message in response.content.decode()

    def test_post_is_not_allowed(self, client, indexed):
        assert client.post(reverse("search"), {"q": "低保"}, HTTP_HOST="localhost").status_code == 405


class TestHotTermsAndSuggestions:
    def test_hot_terms_skip_sensitive_words_and_empty_results(self, db, settings):
        settings.SEARCH_HOT_TERM_MIN_SEARCHERS = 1
        settings.SEARCH_HOT_TERM_MIN_DAYS = 1
        SensitiveWord.objects.create(word="违禁词", level=SensitiveWordLevel.BLOCK)
        for person in range(5):
            record_search("违禁词", results=3, searcher=f"10.0.0.{person}|Mozilla")
        for person in range(4):
            record_search("没有结果", results=0, searcher=f"10.0.0.{person}|Mozilla")
        for person in range(3):
            record_search("低保", results=10, searcher=f"10.0.0.{person}|Mozilla")
        record_search("医保", results=2, searcher="10.0.0.1|Mozilla")
        assert hot_terms() == ["低保", "医保"]

    def test_suggestions_complete_a_prefix_from_titles(self, indexed):
        assert "最低生活保障" in suggest("最低")

    def test_suggestion_endpoint(self, client, indexed):
        response = client.get(reverse("search_suggest"), {"q": "最低"}, HTTP_HOST="localhost")
        assert response.status_code == 200
        assert "最低生活保障" in response.json()["suggestions"]

    def test_suggestion_endpoint_with_nothing_useful(self, client, indexed):
        response = client.get(reverse("search_suggest"), {"q": "*:*" * 3000}, HTTP_HOST="localhost")
        assert response.json() == {"suggestions": []}


class TestAdmin:
    def test_portal_editor_maintains_synonyms(self, client, site_group):
        client.force_login(site_group["users"]["portal_editor"])
        response = client.post(
            reverse("wagtailsnippets_search_synonym:add"), {"terms": "医保、医疗保障", "is_active": "on", "note": ""}
        )
        assert response.status_code == 302
        assert Synonym.objects.filter(terms="医保，医疗保障").exists()

    def test_a_synonym_needs_two_terms(self, client, site_group):
        client.force_login(site_group["users"]["portal_editor"])
        response = client.post(reverse("wagtailsnippets_search_synonym:add"), {"terms": "医保", "is_active": "on"})
        assert response.status_code == 200
        assert "至少需要两个词" in response.content.decode()

    def test_organisation_editor_cannot_touch_synonyms_or_the_report(self, client, site_group):
        client.force_login(site_group["users"]["a_editor"])
        assert client.get(reverse("wagtailsnippets_search_synonym:list")).status_code in (302, 403)
        assert client.get(reverse("search_report")).status_code in (302, 403)

    def test_report_lists_terms_and_zero_result_terms(self, client, site_group):
        record_search("低保", results=4)
        record_search("找不到的词", results=0)
        client.force_login(site_group["users"]["supervision"])
        body = client.get(reverse("search_report")).content.decode()
        assert "低保" in body
        assert "没有结果的搜索词" in body and "找不到的词" in body
