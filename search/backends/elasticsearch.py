"""The Elasticsearch backend, through elasticsearch-dsl (client and DSL pinned to Elasticsearch 8).

Chinese analysis, detected from the cluster: the IK plugin when it is there (`ik_max_word` when indexing,
`ik_smart` when searching), else the `cjk` analyzer of the analysis-common module (overlapping bigrams,
like the embedded backend), else the always-present `standard` analyzer (one token per Chinese character;
every query term is a phrase query, so it still finds every substring, as the embedded backend does).
Documents live in a timestamped index behind an alias; a rebuild fills a new index behind a second
alias (`<alias>-next`, which live updates also write to), then moves the alias in one atomic call.
Synonyms are expanded by the shared query parser, so editing them never needs a reindex.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import datetime
from html import escape

from django.utils import timezone
from elasticsearch import BadRequestError, Elasticsearch, NotFoundError, helpers
from elasticsearch_dsl import A, Date, Index, Integer, Keyword, Mapping, Q, Search, Text

from search.backends.base import Hit, SearchBackend, SearchQuery, SearchResults
from search.registry import Document

logger = logging.getLogger(__name__)

FIELDS = {"site": "site_id", "organisation": "organisation_id", "type": "type", "year": "year", "topic": "topic"}
TEXT_FIELDS = ["title^10", "body"]
PHRASE_BOOST = 5.0
SNIPPET_LENGTH = 150
ANALYZERS = {
    "ik": {"index": "ik_max_word", "search": "ik_smart"},
    "cjk": {"index": "cjk", "search": "cjk"},
    "standard": {"index": "standard", "search": "standard"},
}
# Probed in this order; the first analyzer the cluster knows is used.
ANALYZER_PROBES = (("ik", "ik_smart"), ("cjk", "cjk"))
PROBE_TEXT = "政务公开"


def detect_analyzer(client: Elasticsearch) -> str:
    """ "ik", "cjk" or "standard": the best Chinese analysis the cluster offers.

    A refused analyze call (400: unknown analyzer) means the plugin or module is absent; any other error
    (the cluster unreachable) is raised, so a passing outage never picks a worse analyzer for good.
    """
    for kind, analyzer in ANALYZER_PROBES:
        try:
            client.indices.analyze(analyzer=analyzer, text=PROBE_TEXT)
        except BadRequestError:
            continue
        return kind
    return "standard"


def mapping(analyzer: str) -> Mapping:
    """The document mapping for one analyzer kind ("ik", "cjk" or "standard")."""
    chosen = ANALYZERS[analyzer]
    text = {"analyzer": chosen["index"], "search_analyzer": chosen["search"]}
    fields = Mapping()
    fields.field("key", Keyword())
    fields.field("type", Keyword())
    fields.field("title", Text(**text))
    fields.field("body", Text(**text))
    fields.field("url", Keyword(index=False))
    fields.field("site_id", Integer())
    fields.field("organisation_id", Integer())
    fields.field("path", Keyword())
    fields.field("date", Date())
    fields.field("year", Integer())
    fields.field("topic", Keyword())
    fields.field("fingerprint", Keyword(index=False))
    fields.meta("dynamic", "strict")
    return fields


def index_definition(name: str, analyzer: str, *, shards: int = 1, replicas: int = 0) -> Index:
    index = Index(name)
    index.settings(number_of_shards=shards, number_of_replicas=replicas, refresh_interval="1s")
    index.mapping(mapping(analyzer))
    return index


def source(document: Document) -> dict:
    return {
        "key": document.key,
        "type": document.type,
        "title": document.title,
        "body": document.body,
        "url": document.url,
        "site_id": document.site_id,
        "organisation_id": document.organisation_id,
        "path": document.path,
        "date": document.date.isoformat() if document.date else None,
        "year": document.year,
        "topic": document.topic or None,
        "fingerprint": document.fingerprint(),
    }


def _phrase(text: str, boost: float | None = None) -> Q:
    options = {"query": text, "type": "phrase", "fields": TEXT_FIELDS}
    if boost:
        options["boost"] = boost
    return Q("multi_match", **options)


def _filter_clauses(query: SearchQuery, exclude: str | None = None) -> list[Q]:
    clauses = []
    for name, values in query.filters.items():
        if name != exclude and values:
            clauses.append(Q("terms", **{FIELDS[name]: list(values)}))
    return clauses


def build_search(query: SearchQuery, *, index: str, client=None) -> Search:
    """The Elasticsearch request for a query: required terms, synonym alternatives, scope, facets."""
    parsed = query.parsed
    must = [
        Q("bool", should=[_phrase(alternative) for alternative in term.alternatives], minimum_should_match=1)
        for term in parsed.terms
    ]
    scope = []
    if query.scope.site_id is not None:
        scope.append(Q("term", site_id=query.scope.site_id))
    if query.scope.path:
        scope.append(Q("prefix", path=query.scope.path))
    search = Search(using=client, index=index).query(
        Q("bool", must=must, filter=scope, should=[_phrase(phrase, PHRASE_BOOST) for phrase in parsed.phrases])
    )
    filters = _filter_clauses(query)
    if filters:
        # Facet filters apply after aggregation, so each facet still shows its other values.
        search = search.post_filter(Q("bool", filter=filters))
    for facet in query.facets:
        others = _filter_clauses(query, exclude=facet)
        search.aggs.bucket(facet, A("filter", Q("bool", filter=others))).bucket(
            "values", "terms", field=FIELDS[facet], size=50
        )
    if query.sort == "date":
        search = search.sort({"date": {"order": "desc", "missing": "_last"}}, "_score")
    else:
        search = search.sort("_score", {"date": {"order": "desc", "missing": "_last"}})
    if query.highlight:
        search = search.highlight_options(
            encoder="html", pre_tags=["<mark>"], post_tags=["</mark>"], require_field_match=False
        )
        search = search.highlight("title", number_of_fragments=0)
        search = search.highlight(
            "body", fragment_size=SNIPPET_LENGTH, number_of_fragments=1, no_match_size=SNIPPET_LENGTH
        )
    search = search.source(excludes=["body"])
    search = search.extra(track_total_hits=True)
    return search[query.offset : query.offset + query.limit]


def results_from_response(raw: dict, facets: Iterable[str]) -> SearchResults:
    """SearchResults from Elasticsearch's JSON answer (highlights arrive HTML-escaped by the encoder)."""
    hits = []
    for hit in raw["hits"]["hits"]:
        data = hit["_source"]
        highlight = hit.get("highlight", {})
        hits.append(
            Hit(
                key=data["key"],
                type=data["type"],
                title=data["title"],
                url=data["url"],
                date=datetime.fromisoformat(data["date"]) if data.get("date") else None,
                site_id=data.get("site_id"),
                organisation_id=data.get("organisation_id"),
                topic=data.get("topic") or "",
                title_html=(highlight.get("title") or [escape(data["title"])])[0],
                snippet_html=(highlight.get("body") or [""])[0],
            )
        )
    aggregations = raw.get("aggregations", {})
    facet_values = {
        facet: [
            (bucket["key"], bucket["doc_count"])
            for bucket in aggregations.get(facet, {}).get("values", {}).get("buckets", [])
            if bucket["key"] not in ("", None)
        ]
        for facet in facets
    }
    return SearchResults(total=raw["hits"]["total"]["value"], hits=hits, facets=facet_values)


class ElasticsearchBackend(SearchBackend):
    name = "elasticsearch"

    def __init__(self, url: str, index: str = "sitegroup", analyzer: str = "auto", timeout: int = 10, **options):
        self.alias = index
        self.next_alias = f"{index}-next"
        self.client = Elasticsearch(url, request_timeout=timeout)
        self.refresh = options.get("refresh", False)
        self._analyzer = None if analyzer == "auto" else analyzer

    @property
    def analyzer(self) -> str:
        """ik, cjk or standard, detected from the cluster once (detect_analyzer)."""
        if self._analyzer is None:
            self._analyzer = detect_analyzer(self.client)
        return self._analyzer

    def _new_index_name(self) -> str:
        return f"{self.alias}-{timezone.now().strftime('%Y%m%d%H%M%S%f')}"

    def _ensure_index(self) -> None:
        if not self.client.indices.exists_alias(name=self.alias):
            name = self._new_index_name()
            definition = index_definition(name, self.analyzer)
            definition.aliases(**{self.alias: {}})
            definition.create(using=self.client)

    def _targets(self) -> list[str]:
        targets = [self.alias]
        if self.client.indices.exists_alias(name=self.next_alias):
            targets.append(self.next_alias)
        return targets

    def index(self, documents: Iterable[Document]) -> int:
        documents = list(documents)
        if not documents:
            return 0
        self._ensure_index()
        actions = [
            {"_op_type": "index", "_index": target, "_id": document.key, "_source": source(document)}
            for target in self._targets()
            for document in documents
        ]
        helpers.bulk(self.client, actions, refresh=self.refresh)
        return len(documents)

    def delete(self, keys: Iterable[str]) -> int:
        keys = list(keys)
        if not keys or not self.client.indices.exists_alias(name=self.alias):
            return 0
        actions = [{"_op_type": "delete", "_index": target, "_id": key} for target in self._targets() for key in keys]
        deleted, errors = helpers.bulk(self.client, actions, refresh=self.refresh, raise_on_error=False)
        return deleted // len(self._targets()) if deleted else 0

    def search(self, query: SearchQuery) -> SearchResults:
        if query.parsed.is_empty:
            return SearchResults(total=0, hits=[])
        self._ensure_index()
        raw = build_search(query, index=self.alias, client=self.client).execute().to_dict()
        return results_from_response(raw, query.facets)

    def rebuild(self, documents: Iterable[Document], progress=None) -> int:
        self._ensure_index()
        name = self._new_index_name()
        definition = index_definition(name, self.analyzer)
        definition.settings(refresh_interval="-1")
        definition.aliases(**{self.next_alias: {}})
        definition.create(using=self.client)
        written = 0
        try:

            def actions():
                for document in documents:
                    # "create" never overwrites what a live update wrote meanwhile.
                    yield {"_op_type": "create", "_index": name, "_id": document.key, "_source": source(document)}

            for ok, item in helpers.streaming_bulk(self.client, actions(), chunk_size=500, raise_on_error=False):
                if ok:
                    written += 1
                elif item.get("create", {}).get("status") != 409:
                    raise RuntimeError(f"Elasticsearch refused a document: {item}")
                if progress:
                    progress(1)
        except BaseException:
            self.client.indices.delete(index=name, ignore_unavailable=True)
            raise
        self.client.indices.put_settings(index=name, settings={"refresh_interval": "1s"})
        self.client.indices.refresh(index=name)
        old = list(self.client.indices.get_alias(name=self.alias))
        self.client.indices.update_aliases(
            actions=[
                *({"remove": {"index": index, "alias": self.alias}} for index in old),
                {"add": {"index": name, "alias": self.alias}},
                {"remove": {"index": name, "alias": self.next_alias}},
            ]
        )
        for index in old:
            self.client.indices.delete(index=index, ignore_unavailable=True)
        return written

    def fingerprints(self) -> dict[str, str]:
        if not self.client.indices.exists_alias(name=self.alias):
            return {}
        return {
            hit["_source"]["key"]: hit["_source"]["fingerprint"]
            for hit in helpers.scan(self.client, index=self.alias, _source=["key", "fingerprint"])
        }

    def clear(self) -> None:
        if self.client.indices.exists_alias(name=self.alias):
            self.client.delete_by_query(index=self.alias, query={"match_all": {}}, refresh=True, conflicts="proceed")

    def stats(self) -> dict:
        try:
            count = self.client.count(index=self.alias)["count"]
            size = self.client.indices.stats(index=self.alias, metric="store")["_all"]["total"]["store"]
        except NotFoundError:
            return {"backend": self.name, "documents": 0, "bytes": 0, "analyzer": self.analyzer}
        return {"backend": self.name, "documents": count, "bytes": size["size_in_bytes"], "analyzer": self.analyzer}

    def ping(self) -> None:
        health = self.client.cluster.health(timeout="2s")
        if health["status"] == "red":
            raise RuntimeError("Elasticsearch cluster is red")

    def close(self) -> None:
        self.client.close()
