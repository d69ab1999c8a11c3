"""The Elasticsearch backend: the mapping and requests it produces, and (with a server) real searches."""

import os
import time
import uuid
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from elastic_transport import TransportError
from elasticsearch import ApiError, Elasticsearch

from search.backends import Scope, SearchQuery
from search.backends.elasticsearch import (
    ANALYZERS,
    ElasticsearchBackend,
    build_search,
    detect_analyzer,
    index_definition,
    results_from_response,
)
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


@pytest.fixture(scope="module")
def cluster(pytestconfig):
    """The integration stage's Elasticsearch node (scripts/services.sh starts it in the background)."""
    client = Elasticsearch(ELASTICSEARCH_URL, request_timeout=10)
    deadline = time.monotonic() + 240
    while True:
        try:
            client.cluster.health(wait_for_status="yellow", timeout="5s")
            break
        except (ApiError, TransportError):
            if time.monotonic() > deadline:
                pytest.fail(f"Elasticsearch 在 {ELASTICSEARCH_URL} 没有应答（scripts/services.sh wait-es）")
            time.sleep(1)
    version = client.info()["version"]["number"] if _info_served(client) else _node_version(client)
    pytestconfig.elasticsearch_version = version  # for the summary line (tests/conftest.py)
    yield client
    client.close()


def _info_served(client) -> bool:
    # The integration-test distribution answers GET / with 405 (its root handler is in a left-out module).
    try:
        client.info()
    except ApiError:
        return False
    return True


def _node_version(client) -> str:
    return next(iter(client.nodes.info(metric="process")["nodes"].values()))["version"]


def _drop(backend):
    # Elasticsearch 8 refuses wildcard deletes (action.destructive_requires_name): name each index.
    names = list(backend.client.indices.get(index=f"{backend.alias}-*", allow_no_indices=True))
    if names:
        backend.client.indices.delete(index=",".join(names))
    backend.close()


@pytest.mark.integration
@pytest.mark.elasticsearch
class TestLive:
    @pytest.fixture
    def backend(self, cluster):
        backend = ElasticsearchBackend(ELASTICSEARCH_URL, index=f"sitegroup-test-{uuid.uuid4().hex[:8]}", refresh=True)
        yield backend
        _drop(backend)

    def test_the_analyzer_is_the_best_the_cluster_has(self, backend, cluster):
        # Independently of the probe: what the node says it carries.
        nodes = cluster.nodes.info(metric="plugins,modules")["nodes"].values()
        plugins = {item["name"] for node in nodes for item in node.get("plugins", [])}
        modules = {item["name"] for node in nodes for item in node.get("modules", [])}
        expected = "ik" if "analysis-ik" in plugins else "cjk" if "analysis-common" in modules else "standard"
        assert backend.analyzer == expected
        backend.index([doc("a:1", "政务公开目录")])
        mapping = cluster.indices.get_mapping(index=backend.alias)
        title = next(iter(mapping.values()))["mappings"]["properties"]["title"]
        assert title["analyzer"] == ANALYZERS[expected]["index"]

    def test_chinese_words_match_only_in_one_piece_with_every_analyzer(self, cluster):
        for analyzer in ("standard", detect_analyzer(cluster)):
            backend = ElasticsearchBackend(
                ELASTICSEARCH_URL, index=f"sitegroup-test-{uuid.uuid4().hex[:8]}", analyzer=analyzer, refresh=True
            )
            try:
                backend.index(
                    [
                        doc("a:1", "城乡居民最低生活保障金发放公示", "按月足额发放到户"),
                        # Every character of the query, but no word of it in one piece.
                        doc("a:2", "活生生的障碍保护", "发额足放"),
                    ]
                )
                assert [hit.key for hit in backend.search(query("生活保障")).hits] == ["a:1"], analyzer
                assert [hit.key for hit in backend.search(query("足额发放")).hits] == ["a:1"], analyzer
                assert "<mark>" in backend.search(query("生活保障")).hits[0].title_html
            finally:
                _drop(backend)

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
