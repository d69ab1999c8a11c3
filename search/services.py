"""The search app's rules: querying with synonyms and logging, suggestions, hot terms, index sync.

from search.services import run_search
page = run_search("低保 申请", scope=Scope(site_id=site.pk), page=1)
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Max, Sum
from django.utils import timezone
from wagtail.log_actions import log

from search import registry
from search.backends import Scope, SearchQuery, SearchResults, get_backend
from search.lib import query as query_lib
from search.lib.segment import segment
from search.lib.text import is_cjk, normalise, runs
from search.models import (
    HotTermAction,
    HotTermRule,
    SearcherMark,
    SearcherSalt,
    SearchTermDaily,
    Synonym,
    normalise_term,
)
from sitegroup.services.process_cache import ProcessCache

logger = logging.getLogger(__name__)

PER_PAGE = 10
GROUP = Scope()  # the whole site group
MAX_PAGE = 100
SYNONYMS_VERSION_KEY = "search:synonyms:version"
# A term becomes a public 热搜词 only when this many different searchers looked for it, on this many
# different days (settings SEARCH_HOT_TERM_MIN_SEARCHERS / _MIN_DAYS override).
HOT_TERM_MIN_SEARCHERS = 3
HOT_TERM_MIN_DAYS = 2


# -- synonyms -------------------------------------------------------------------------------------


def _build_synonym_map() -> dict[str, tuple[str, ...]]:
    groups: dict[str, list[str]] = {}
    for synonym in Synonym.objects.filter(is_active=True):
        terms = synonym.term_list()
        for term in terms:
            merged = groups.setdefault(term, [])
            merged.extend(other for other in terms if other not in merged)
    return {term: tuple(group) for term, group in groups.items()}


_synonyms = ProcessCache(SYNONYMS_VERSION_KEY, _build_synonym_map)


def synonym_map() -> dict[str, tuple[str, ...]]:
    """term -> every term of its group(s), built once per process and rebuilt after a change."""
    return _synonyms.get()


def invalidate_synonyms() -> None:
    _synonyms.invalidate()


def parse_query(raw: str) -> query_lib.ParsedQuery:
    return query_lib.parse(raw or "", segment=segment, synonyms=synonym_map())


# -- searching ------------------------------------------------------------------------------------


@dataclass
class SearchPage:
    """One page of results with what the result page needs around it."""

    parsed: query_lib.ParsedQuery
    results: SearchResults
    page: int
    per_page: int
    facets_offered: tuple[str, ...] = ()
    filters: dict[str, tuple] = field(default_factory=dict)

    @property
    def page_count(self) -> int:
        return min(MAX_PAGE, max(1, -(-self.results.total // self.per_page)))

    @property
    def has_next(self) -> bool:
        return self.page < self.page_count

    @property
    def has_previous(self) -> bool:
        return self.page > 1


def run_search(
    raw: str,
    *,
    scope: Scope = GROUP,
    filters: dict[str, tuple] | None = None,
    sort: str = "relevance",
    page: int = 1,
    per_page: int = PER_PAGE,
    types: Iterable[str] | None = None,
    log_site=None,
    searcher: str = "",
) -> SearchPage:
    """Search and (on the first page) record the term. `types` limits the facets to those types'."""
    filters = {name: tuple(values) for name, values in (filters or {}).items() if values}
    parsed = parse_query(raw)
    offered = registry.facets_for(filters.get("type") or types)
    if scope.site_id is not None:
        offered = tuple(name for name in offered if name not in ("site", "organisation"))
    if parsed.is_empty:
        return SearchPage(parsed, SearchResults(0, []), page, per_page, offered, filters)
    query = SearchQuery(
        parsed=parsed,
        scope=scope,
        filters=filters,
        facets=offered,
        sort=sort,
        offset=(page - 1) * per_page,
        limit=per_page,
    )
    results = get_backend().search(query)
    if page == 1 and log_site is not False:
        record_search(parsed.text, site=log_site, results=results.total, searcher=searcher)
    return SearchPage(parsed, results, page, per_page, offered, filters)


def matching_keys(
    raw: str, *, scope: Scope = GROUP, types: Iterable[str] | None = None, limit: int = 5000
) -> list[str]:
    """Keys of the documents that match (best first), for callers that list them their own way
    (the disclosure catalogue filters and pages them in the database). Not logged as a search."""
    parsed = parse_query(raw)
    if parsed.is_empty:
        return []
    filters = {"type": tuple(types)} if types else {}
    results = get_backend().search(
        SearchQuery(parsed=parsed, scope=scope, filters=filters, limit=limit, highlight=False)
    )
    return [hit.key for hit in results.hits]


def searcher_of(request) -> str:
    """What tells one anonymous searcher from another for today's count: client address and
    browser, never stored as such (see record_search). Crawlers are nobody: they count no searcher."""
    from sitegroup.services.pageviews import is_bot

    user_agent = request.META.get("HTTP_USER_AGENT", "")
    if is_bot(user_agent):
        return ""
    return f"{request.META.get('REMOTE_ADDR', '')}|{user_agent}"


def _salt_of(day) -> str:
    """The day's random salt, made by its first search; earlier days' salts and marks go with it."""
    found = SearcherSalt.objects.filter(day=day).values_list("salt", flat=True).first()
    if found:
        return found
    try:
        with transaction.atomic():
            SearcherSalt.objects.create(day=day, salt=secrets.token_hex(32))
    except IntegrityError:
        pass  # another process made it first
    forget_searchers(before=day)
    return SearcherSalt.objects.get(day=day).salt


def forget_searchers(*, before=None) -> int:
    """Delete the marks and salts of days before `before` (default: today); returns the marks deleted.
    Only the per-day counts stay. Run by the first search of a day and as a periodic job."""
    before = before or timezone.localdate()
    deleted, _ = SearcherMark.objects.filter(day__lt=before).delete()
    SearcherSalt.objects.filter(day__lt=before).delete()
    return deleted


def record_search(text: str, *, site=None, results: int = 0, searcher: str = "") -> None:
    """Count a search for the term statistics and 热搜词, in the term's normalised form (one row per
    term, site and day). `searcher` (from searcher_of) adds one to the day's count of different
    searchers the first time it is seen for the term that day; only a salted hash is kept, until
    the day is over."""
    term = normalise_term(text)
    if not term:
        return
    today = timezone.localdate()
    site_id = getattr(site, "pk", None)
    with transaction.atomic():
        row, created = _term_row(term, site_id, today, results)
        if searcher:
            digest = hmac.new(_salt_of(today).encode(), searcher.encode(), hashlib.sha256).hexdigest()[:32]
            try:
                with transaction.atomic():
                    SearcherMark.objects.create(day=today, term_daily=row, mark=digest)
            except IntegrityError:
                return  # the same person again today
            SearchTermDaily.objects.filter(pk=row.pk).update(searchers=F("searchers") + 1)


def _term_row(term: str, site_id, day, results: int) -> tuple[SearchTermDaily, bool]:
    updated = SearchTermDaily.objects.filter(term=term, site_id=site_id, day=day).update(
        searches=F("searches") + 1, results=results
    )
    if updated:
        return SearchTermDaily.objects.get(term=term, site_id=site_id, day=day), False
    try:
        with transaction.atomic():
            return SearchTermDaily.objects.create(
                term=term, site_id=site_id, day=day, searches=1, results=results
            ), True
    except IntegrityError:
        SearchTermDaily.objects.filter(term=term, site_id=site_id, day=day).update(
            searches=F("searches") + 1, results=results
        )
        return SearchTermDaily.objects.get(term=term, site_id=site_id, day=day), False


@dataclass(frozen=True)
class TermStatistics:
    term: str
    searches: int
    searchers: int  # different searchers on the busiest day (days cannot be linked: see record_search)
    days: int
    results: int  # of the latest search


def term_statistics(*, site=None, days: int = 30, limit: int = 50) -> list[TermStatistics]:
    """The most searched terms over the last days, most searched first."""
    since = timezone.localdate() - timedelta(days=days - 1)
    rows = SearchTermDaily.objects.filter(day__gte=since)
    if site is not None:
        rows = rows.filter(site=site)
    totals = (
        rows.values("term")
        .annotate(total=Sum("searches"), people=Max("searchers"), on_days=Count("day", distinct=True))
        .order_by("-total", "term")[:limit]
    )
    totals = list(totals)
    last_results = dict(
        rows.filter(term__in=[row["term"] for row in totals])
        .order_by("term", "day", "pk")
        .values_list("term", "results")
    )
    return [
        TermStatistics(row["term"], row["total"], row["people"], row["on_days"], last_results.get(row["term"], 0))
        for row in totals
    ]


def hot_term_thresholds() -> tuple[int, int]:
    """(different searchers on one day, different days) a term needs before it is a 热搜词. Searchers
    are told apart within a day only, so one person searching every day never counts as several."""
    return (
        getattr(settings, "SEARCH_HOT_TERM_MIN_SEARCHERS", HOT_TERM_MIN_SEARCHERS),
        getattr(settings, "SEARCH_HOT_TERM_MIN_DAYS", HOT_TERM_MIN_DAYS),
    )


def hot_terms(*, site=None, days: int = 30, limit: int = 10) -> list[str]:
    """热搜词: pinned terms first; then the most searched terms that enough different people
    searched on one day and that were searched on enough different days, that found something,
    are not blocked and contain no sensitive word. One citizen alone never makes a term public."""
    from sitegroup.services.sensitive_words import scan_text

    rules = dict(HotTermRule.objects.values_list("term", "action"))
    hot = [rule.term for rule in HotTermRule.objects.filter(action=HotTermAction.PIN)][:limit]
    min_searchers, min_days = hot_term_thresholds()
    since = timezone.localdate() - timedelta(days=days - 1)
    rows = SearchTermDaily.objects.filter(day__gte=since)
    if site is not None:
        rows = rows.filter(site=site)
    candidates = (
        rows.values("term")
        .annotate(total=Sum("searches"), people=Max("searchers"), on_days=Count("day", distinct=True))
        .filter(people__gte=min_searchers, on_days__gte=min_days)
        .order_by("-people", "-total", "term")[: limit * 5]
    )
    terms = [row["term"] for row in candidates]
    last_results = dict(rows.filter(term__in=terms).order_by("term", "day", "pk").values_list("term", "results"))
    for term in terms:
        if len(hot) >= limit:
            break
        if term in hot or term in rules or not last_results.get(term):
            continue
        scan = scan_text(term)
        if scan.is_blocked or scan.needs_review:
            continue
        hot.append(term)
    return hot


class HotTermRuleError(ValueError):
    """A rule that cannot be set, with the message for the editor."""


@transaction.atomic
def set_hot_term_rule(term: str, action: str, *, user, note: str = "") -> HotTermRule:
    """Block or pin a term (in its normalised form); a term has one rule, the latest wins."""
    if not user.has_perm("search.add_hottermrule"):
        raise PermissionDenied
    if action not in HotTermAction.values:
        raise HotTermRuleError("处理方式无效。")
    normalised = normalise_term(term)
    if not normalised:
        raise HotTermRuleError("请输入搜索词（标点和表情符号不算）。")
    rule, created = HotTermRule.objects.update_or_create(
        term=normalised, defaults={"action": action, "note": note[:200]}
    )
    log(instance=rule, action="wagtail.create" if created else "wagtail.edit", user=user)
    return rule


@transaction.atomic
def remove_hot_term_rule(rule_id: int, *, user) -> None:
    if not user.has_perm("search.delete_hottermrule"):
        raise PermissionDenied
    rule = HotTermRule.objects.filter(pk=rule_id).first()
    if rule is None:
        return
    log(instance=rule, action="wagtail.delete", user=user)
    rule.delete()


def suggest(prefix: str, *, scope: Scope = GROUP, limit: int = 8) -> list[str]:
    """Completions of what has been typed: hot terms and synonym terms first, then phrases of titles."""
    prefix_text, _ = query_lib.clean(prefix)
    prefix_norm = normalise(query_lib.to_simplified(prefix_text))
    if not prefix_norm or not any(runs(prefix_norm)):
        return []
    known = [*hot_terms(limit=50), *synonym_map()]
    suggestions = [term for term in known if term.startswith(prefix_norm) and term != prefix_norm]
    parsed = parse_query(prefix_text)
    if not parsed.is_empty:
        results = get_backend().search(SearchQuery(parsed=parsed, scope=scope, limit=30))
        phrases: Counter[str] = Counter()
        for hit in results.hits:
            phrases.update(set(_completions(hit.title, prefix_norm)))
        suggestions.extend(sorted(phrases, key=lambda phrase: (-phrases[phrase], -len(phrase), phrase)))
    return list(dict.fromkeys(suggestions))[:limit]


def _completions(title: str, prefix: str, max_words: int = 3):
    """Phrases of a title that start with the prefix and end on a word boundary (at most 3 words)."""
    for run in runs(normalise(title)):
        start = run.find(prefix)
        if start == -1:
            continue
        phrase = ""
        for word in (segment(run[start:]) if is_cjk(run) else [run[start:]])[:max_words]:
            phrase += word
            if len(phrase) > len(prefix):
                yield phrase


# -- keeping the index in sync --------------------------------------------------------------------


def refresh(type_name: str, pks: Iterable) -> None:
    """Write the current state of objects to the index: indexed if searchable, removed if not."""
    document_type = registry.get(type_name)
    if document_type is None:
        return
    pks = list(pks)
    objects = list(document_type.get_queryset().filter(pk__in=pks))
    documents = list(document_type.documents(objects))
    backend = get_backend()
    backend.index(documents)
    present = {document.key for document in documents}
    stale = [document_type.key(pk) for pk in pks if document_type.key(pk) not in present]
    if stale:
        backend.delete(stale)


def remove(keys: Iterable[str]) -> None:
    get_backend().delete(list(keys))


def refresh_subtree(page) -> None:
    """After a move: every searchable page under it has a new path and URL."""
    for document_type in registry.all_types():
        model = document_type.model
        if not hasattr(model, "path"):
            continue
        pks = list(model.objects.filter(path__startswith=page.path).values_list("pk", flat=True))
        for start in range(0, len(pks), 500):
            refresh(document_type.name, pks[start : start + 500])


def after_commit(action: Callable[[], None]) -> None:
    """Run an index update once the transaction commits; a failure is logged, never raised to the editor."""

    def run():
        try:
            action()
        except Exception:  # noqa: BLE001 - the edit has committed; search_check reports the drift
            logger.exception("Search index update failed; run manage.py search_check --fix")

    transaction.on_commit(run)


# -- rebuild and check ----------------------------------------------------------------------------


def count_documents() -> int:
    return sum(document_type.get_queryset().count() for document_type in registry.all_types())


def iter_documents(batch: int = 200):
    for document_type in registry.all_types():
        queryset = document_type.get_queryset().order_by("pk")
        last = None
        while True:
            chunk = queryset.filter(pk__gt=last) if last is not None else queryset
            objects = list(chunk[:batch])
            if not objects:
                break
            yield from document_type.documents(objects)
            last = objects[-1].pk


def rebuild(progress: Callable[[int], None] | None = None) -> int:
    return get_backend().rebuild(iter_documents(), progress)


@dataclass
class Drift:
    missing: list[str] = field(default_factory=list)  # in the database, not in the index
    stale: list[str] = field(default_factory=list)  # in both, but the index holds an older version
    extra: list[str] = field(default_factory=list)  # in the index, gone from the database

    @property
    def is_clean(self) -> bool:
        return not (self.missing or self.stale or self.extra)


def check(*, fix: bool = False) -> Drift:
    """Compare the index with the database; with fix, write what differs."""
    indexed = get_backend().fingerprints()
    drift = Drift()
    expected: dict[str, str] = {}
    to_write = []
    for document in iter_documents():
        expected[document.key] = document.fingerprint()
        found = indexed.get(document.key)
        if found is None:
            drift.missing.append(document.key)
            to_write.append(document)
        elif found != expected[document.key]:
            drift.stale.append(document.key)
            to_write.append(document)
    drift.extra = sorted(set(indexed) - set(expected))
    if fix:
        backend = get_backend()
        backend.index(to_write)
        backend.delete(drift.extra)
    return drift
