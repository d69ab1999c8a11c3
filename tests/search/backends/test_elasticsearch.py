"""The Elasticsearch backend: the mapping and requests it produces, and (with a server) real searches."""

import os
import uuid
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from search.backends import Scope, SearchQuery
from search.backends.elasticsearch import ElasticsearchBackend, build_search, index_definition, results_from_response
from search.lib.query import parse
from search.lib.segment import segment
from search.registry import Document

TZ = ZoneInfo("Asia/Shanghai")
SYNONYMS = {"低保": ("低保", "最低生活保障"), "最低生活保障": ("最低生活保障", "低保")}


def query(text, **extra):
    return SearchQuery(parsed=parse(text, segment=segment, synonyms=SYNONYMS), **extra)


class TestMapping:
    def test_ik_analyzers_when_the_plugin_is_there(self):
        properties = index_definition("sg-1", "ik").to_dict()["mappings"]["properties"]
        assert properties["title"] == {"type": "text", "analyzer": "ik_max_word", "search_analyzer": "ik_smart"}
        assert properties["body"]["analyzer"] == "ik_max_word"

    def test_builtin_cjk_analyzer_otherwise(self):
        properties = index_definition("sg-1", "cjk").to_dict()["mappings"]["properties"]
        assert properties["title"] == {"type": "text", "analyzer": "cjk", "search_analyzer": "cjk"}

    def test_filter_fields_are_exact_values_and_the_mapping_is_strict(self):
        definition = index_definition("sg-1", "cjk").to_dict()
        properties = definition["mappings"]["properties"]
        assert properties["site_id"] == {"type": "integer"}
        assert properties["topic"] == {"type": "keyword"}
        assert properties["path"] == {"type": "keyword"}
        assert properties["date"] == {"type": "date"}
        assert properties["url"] == {"type": "keyword", "index": False}
        assert definition["mappings"]["dynamic"] == "strict"


class TestRequest:
    def test_each_term_is_required_and_synonyms_are_alternatives(self):
        body = build_search(query("低保 申请"), index="sg").to_dict()
        must = body["query"]["bool"]["must"]
        assert len(must) == 2
        alternatives = [clause["multi_match"]["query"] for clause in must[0]["bool"]["should"]]
        assert alternatives == ["低保", "最低生活保障"]
        assert must[0]["bool"]["minimum_should_match"] == 1
        assert must[1]["bool"]["should"][0]["multi_match"] == {
            "query": "申请",
            "type": "phrase",
            "fields": ["title^10", "body"],
        }

    def test_an_unsplit_run_boosts_exact_phrases(self):
        body = build_search(query("政务公开工作"), index="sg").to_dict()
        should = body["query"]["bool"]["should"]
        assert should[0]["multi_match"]["query"] == "政务公开工作"
        assert should[0]["multi_match"]["boost"] == 5.0

    def test_site_and_column_scopes_are_filters(self):
        site = build_search(query("教育", scope=Scope(site_id=3)), index="sg").to_dict()
        assert site["query"]["bool"]["filter"] == [{"term": {"site_id": 3}}]
        column = build_search(query("教育", scope=Scope(path="00010002")), index="sg").to_dict()
        assert column["query"]["bool"]["filter"] == [{"prefix": {"path": "00010002"}}]

    def test_facets_leave_out_their_own_filter(self):
        request = query("教育", filters={"site": (2,), "year": (2026,)}, facets=("site", "year"))
        body = build_search(request, index="sg").to_dict()
        assert body["post_filter"] == {"bool": {"filter": [{"terms": {"site_id": [2]}}, {"terms": {"year": [2026]}}]}}
        assert body["aggs"]["site"]["filter"] == {"bool": {"filter": [{"terms": {"year": [2026]}}]}}
        assert body["aggs"]["site"]["aggs"]["values"]["terms"]["field"] == "site_id"
        assert body["aggs"]["year"]["filter"] == {"bool": {"filter": [{"terms": {"site_id": [2]}}]}}

    def test_highlight_is_html_escaped_and_marked(self):
        body = build_search(query("教育"), index="sg").to_dict()
        assert body["highlight"]["encoder"] == "html"
        assert body["highlight"]["pre_tags"] == ["<mark>"]
        assert body["highlight"]["fields"]["body"]["fragment_size"] == 150

    def test_sorting_and_paging(self):
        body = build_search(query("教育", sort="date", offset=20, limit=10), index="sg").to_dict()
        assert body["sort"][0] == {"date": {"order": "desc", "missing": "_last"}}
        assert (body["from"], body["size"]) == (20, 10)
        assert body["track_total_hits"] is True
        relevance = build_search(query("教育"), index="sg").to_dict()
        assert relevance["sort"][0] == "_score"


class TestResponse:
    def test_hits_and_facets_from_the_answer(self):
        raw = {
            "hits": {
                "total": {"value": 1},
                "hits": [
                    {
                        "_source": {
                            "key": "article:1",
                            "type": "article",
                            "title": "<b>教育</b>",
                            "url": "http://a.localhost/x/",
                            "date": "2026-01-02T08:00:00+08:00",
                            "site_id": 2,
                            "organisation_id": 3,
                            "topic": None,
                        },
                        "highlight": {"body": ["推进<mark>教育</mark>&lt;公平&gt;"]},
                    }
                ],
            },
            "aggregations": {"site": {"values": {"buckets": [{"key": 2, "doc_count": 1}]}}},
        }
        results = results_from_response(raw, ["site"])
        hit = results.hits[0]
        assert results.total == 1
        assert hit.title_html == "&lt;b&gt;教育&lt;/b&gt;"  # no title highlight: escaped title
        assert hit.snippet_html == "推进<mark>教育</mark>&lt;公平&gt;"
        assert results.facets == {"site": [(2, 1)]}


ELASTICSEARCH_URL = os.environ.get("ELASTICSEARCH_URL", "")
live = pytest.mark.skipif(
    not ELASTICSEARCH_URL, reason="没有 Elasticsearch 服务（未设置 ELASTICSEARCH_URL；CI 机器上无法安装）"
)


def doc(key, title, body="", site=1, path="00010001"):
    return Document(
        key=key,
        type="article",
        title=title,
        body=body,
        url=f"http://localhost/{key}/",
        site_id=site,
        organisation_id=site,
        path=path,
        date=datetime(2026, 1, 1, tzinfo=TZ),
    )


@live
class TestLive:
    @pytest.fixture
    def backend(self):
        backend = ElasticsearchBackend(ELASTICSEARCH_URL, index=f"sitegroup-test-{uuid.uuid4().hex[:8]}", refresh=True)
        yield backend
        backend.client.indices.delete(index=f"{backend.alias}-*", ignore_unavailable=True)
        backend.close()

    def test_index_search_delete(self, backend):
        backend.index([doc("a:1", "最低生活保障申请指南", "城乡居民最低生活保障"), doc("a:2", "其他公告", "无关")])
        results = backend.search(query("低保", facets=("site",)))
        assert [hit.key for hit in results.hits] == ["a:1"]
        assert "<mark>" in results.hits[0].title_html
        assert results.facets["site"] == [(1, 1)]
        backend.delete(["a:1"])
        assert backend.search(query("最低生活保障")).total == 0

    def test_rebuild_switches_the_alias(self, backend):
        backend.index([doc("a:1", "旧内容")])
        assert backend.rebuild([doc("a:2", "新内容")]) == 1
        backend.client.indices.refresh(index=backend.alias)
        assert backend.search(query("新内容")).total == 1
        assert backend.search(query("旧内容")).total == 0
        assert set(backend.fingerprints()) == {"a:2"}
