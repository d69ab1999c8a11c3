"""The embedded backend: a SQLite FTS5 index in its own file, no server needed.

Text is stored as overlapping character bigrams (search.lib.text), so a query word of any length
is a phrase of consecutive bigrams and every substring is found (recall 1.0 against substring
search). The FTS5 table is contentless; the `docs` table keeps the original text for snippets and
the metadata for filters and facets. A rebuild fills a second pair of tables while searches and
updates continue on the first (updates are written to both), then swaps them in one transaction.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
from collections.abc import Iterable
from datetime import datetime
from html import escape
from itertools import islice
from pathlib import Path

import numpy as np

from search.backends.base import Hit, SearchBackend, SearchQuery, SearchResults
from search.lib.highlight import highlight, snippet
from search.lib.text import TOKENIZER_VERSION, bigrams, index_terms, is_cjk, runs
from search.registry import Document

logger = logging.getLogger(__name__)

TITLE_WEIGHT = 10.0
BODY_WEIGHT = 1.0
EXACT_PHRASE_BONUS = 1000.0
BATCH = 500

_DOC_COLUMNS = "key, type, title, body, url, site_id, organisation_id, path, date, year, topic, fingerprint"


def term_expression(word: str) -> str:
    """The FTS5 expression that finds a word as a substring (a phrase of bigrams, or a prefix)."""
    parts = []
    for run in runs(word):
        if is_cjk(run) and len(run) > 1:
            parts.append('"' + " ".join(bigrams(run)[:-1]) + '"')
        else:
            parts.append(f'"{run}"*')
    return " AND ".join(parts)


def match_expression(words_per_term: Iterable[Iterable[str]]) -> str:
    """AND over the terms, OR over each term's alternatives (synonyms)."""
    clauses = []
    for alternatives in words_per_term:
        options = [f"({expression})" for expression in map(term_expression, alternatives) if expression]
        if options:
            clauses.append("(" + " OR ".join(options) + ")")
    return " AND ".join(clauses)


class EmbeddedBackend(SearchBackend):
    name = "embedded"

    def __init__(self, path: str | os.PathLike, **_options):
        self.path = Path(path)
        self._local = threading.local()
        self._write_lock = threading.Lock()
        self._columns_lock = threading.Lock()
        self._columns_cache: tuple[str, _Columns] | None = None

    # -- connection and schema ------------------------------------------------------------------

    def _connection(self) -> sqlite3.Connection:
        connection = getattr(self._local, "connection", None)
        if connection is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            connection = sqlite3.connect(self.path, timeout=30, isolation_level=None)
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA synchronous=NORMAL")
            connection.execute("PRAGMA temp_store=MEMORY")
            connection.execute("PRAGMA mmap_size=268435456")
            connection.execute("PRAGMA cache_size=-32000")
            self._create_schema(connection)
            self._local.connection = connection
        return connection

    def _create_schema(self, connection, suffix: str = "") -> None:
        connection.execute("CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL)")
        exists = connection.execute(
            "SELECT 1 FROM sqlite_master WHERE type='table' AND name=?", (f"docs{suffix}",)
        ).fetchone()
        if exists:
            return
        generation = self._next_generation(connection)
        connection.execute(
            # Small columns first, the text last: filtering and sorting never read a row's overflow pages.
            f"""CREATE TABLE docs{suffix} (
                id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE, type TEXT NOT NULL, site_id INTEGER,
                organisation_id INTEGER, year INTEGER, topic TEXT NOT NULL, date TEXT, path TEXT NOT NULL,
                fingerprint TEXT NOT NULL, url TEXT NOT NULL, title TEXT NOT NULL, body TEXT NOT NULL)"""
        )
        for column in ("site_id", "path", "date"):
            connection.execute(f"CREATE INDEX docs_{column}_g{generation} ON docs{suffix} ({column})")
        connection.execute(
            f"CREATE VIRTUAL TABLE fts{suffix} USING fts5(title, body, content='', "
            "tokenize='unicode61 remove_diacritics 0')"
        )
        if not suffix:
            connection.execute("INSERT OR REPLACE INTO meta VALUES ('tokenizer', ?)", (TOKENIZER_VERSION,))

    @staticmethod
    def _next_generation(connection) -> int:
        row = connection.execute("SELECT value FROM meta WHERE name='generation'").fetchone()
        generation = int(row[0]) + 1 if row else 1
        connection.execute("INSERT OR REPLACE INTO meta VALUES ('generation', ?)", (str(generation),))
        return generation

    def _rebuilding(self, connection) -> bool:
        return bool(connection.execute("SELECT 1 FROM sqlite_master WHERE name='docs_next'").fetchone())

    def close(self) -> None:
        connection = getattr(self._local, "connection", None)
        if connection is not None:
            connection.close()
            self._local.connection = None

    def check_tokenizer(self) -> str | None:
        """The tokenizer version the index was built with, when it differs from this code's."""
        row = self._connection().execute("SELECT value FROM meta WHERE name='tokenizer'").fetchone()
        found = row[0] if row else None
        return None if found == TOKENIZER_VERSION else (found or "unknown")

    # -- writing ----------------------------------------------------------------------------------

    def index(self, documents: Iterable[Document]) -> int:
        connection = self._connection()
        written = 0
        documents = iter(documents)
        while batch := list(islice(documents, BATCH)):
            with self._write_lock, _transaction(connection):
                suffixes = ["", "_next"] if self._rebuilding(connection) else [""]
                for document in batch:
                    for suffix in suffixes:
                        written += self._upsert(connection, document, suffix) and suffix == ""
                _mark_changed(connection)
        return written

    def _upsert(self, connection, document: Document, suffix: str, *, replace: bool = True) -> bool:
        fingerprint = document.fingerprint()
        row = connection.execute(
            f"SELECT id, title, body, fingerprint FROM docs{suffix} WHERE key=?", (document.key,)
        ).fetchone()
        if row is not None:
            if row[3] == fingerprint or not replace:
                return False
            self._remove_row(connection, row[0], row[1], row[2], suffix)
        values = (
            document.key,
            document.type,
            document.title,
            document.body,
            document.url,
            document.site_id,
            document.organisation_id,
            document.path,
            document.date.isoformat() if document.date else None,
            document.year,
            document.topic or "",
            fingerprint,
        )
        cursor = connection.execute(
            f"INSERT INTO docs{suffix} ({_DOC_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", values
        )
        connection.execute(
            f"INSERT INTO fts{suffix} (rowid, title, body) VALUES (?,?,?)",
            (cursor.lastrowid, index_terms(document.title), index_terms(document.body)),
        )
        return True

    @staticmethod
    def _remove_row(connection, row_id, title, body, suffix) -> None:
        # A contentless FTS5 row is removed by repeating exactly the tokens it was indexed with.
        connection.execute(
            f"INSERT INTO fts{suffix} (fts{suffix}, rowid, title, body) VALUES ('delete', ?, ?, ?)",
            (row_id, index_terms(title), index_terms(body)),
        )
        connection.execute(f"DELETE FROM docs{suffix} WHERE id=?", (row_id,))

    def delete(self, keys: Iterable[str]) -> int:
        connection = self._connection()
        removed = 0
        with self._write_lock, _transaction(connection):
            rebuilding = self._rebuilding(connection)
            for key in keys:
                for suffix in ["", "_next"] if rebuilding else [""]:
                    row = connection.execute(f"SELECT id, title, body FROM docs{suffix} WHERE key=?", (key,)).fetchone()
                    if row is not None:
                        self._remove_row(connection, *row, suffix)
                        removed += suffix == ""
                if rebuilding:
                    connection.execute("INSERT OR IGNORE INTO deleted_during_rebuild VALUES (?)", (key,))
            _mark_changed(connection)
        return removed

    def clear(self) -> None:
        connection = self._connection()
        with self._write_lock, _transaction(connection):
            connection.execute("DELETE FROM docs")
            connection.execute("INSERT INTO fts (fts) VALUES ('delete-all')")
            _mark_changed(connection)

    def rebuild(self, documents: Iterable[Document], progress=None) -> int:
        connection = self._connection()
        with self._write_lock, _transaction(connection):
            for statement in ("DROP TABLE IF EXISTS docs_next", "DROP TABLE IF EXISTS fts_next"):
                connection.execute(statement)
            connection.execute("CREATE TABLE IF NOT EXISTS deleted_during_rebuild (key TEXT PRIMARY KEY)")
            connection.execute("DELETE FROM deleted_during_rebuild")
            self._create_schema(connection, "_next")
        written = 0
        documents = iter(documents)
        try:
            while batch := list(islice(documents, BATCH)):
                with self._write_lock, _transaction(connection):
                    deleted = {
                        row[0]
                        for row in connection.execute(
                            f"SELECT key FROM deleted_during_rebuild WHERE key IN ({','.join('?' * len(batch))})",
                            [document.key for document in batch],
                        )
                    }
                    for document in batch:
                        # Never overwrite what a live update wrote meanwhile: it is newer than this batch.
                        if document.key not in deleted:
                            written += self._upsert(connection, document, "_next", replace=False)
                if progress:
                    progress(len(batch))
        except BaseException:
            with self._write_lock, _transaction(connection):
                connection.execute("DROP TABLE IF EXISTS docs_next")
                connection.execute("DROP TABLE IF EXISTS fts_next")
            raise
        with self._write_lock, _transaction(connection):
            connection.execute("DROP TABLE docs")
            connection.execute("DROP TABLE fts")
            connection.execute("ALTER TABLE docs_next RENAME TO docs")
            connection.execute("ALTER TABLE fts_next RENAME TO fts")
            connection.execute("DELETE FROM deleted_during_rebuild")
            connection.execute("INSERT OR REPLACE INTO meta VALUES ('tokenizer', ?)", (TOKENIZER_VERSION,))
            _mark_changed(connection)
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        connection.execute("INSERT INTO fts (fts) VALUES ('optimize')")
        return written

    # -- reading ----------------------------------------------------------------------------------

    def fingerprints(self) -> dict[str, str]:
        return dict(self._connection().execute("SELECT key, fingerprint FROM docs"))

    def stats(self) -> dict:
        connection = self._connection()
        count = connection.execute("SELECT count(*) FROM docs").fetchone()[0]
        size = sum(
            Path(str(self.path) + extra).stat().st_size
            for extra in ("", "-wal")
            if Path(str(self.path) + extra).exists()
        )
        return {"backend": self.name, "documents": count, "bytes": size, "analyzer": TOKENIZER_VERSION}

    def search(self, query: SearchQuery) -> SearchResults:
        parsed = query.parsed
        if parsed.is_empty:
            return SearchResults(total=0, hits=[])
        connection = self._connection()
        connection.execute("BEGIN")  # one snapshot for every statement below
        try:
            columns = self._columns(connection)
            expression = match_expression(term.alternatives for term in parsed.terms)
            ids = _rowids(connection, expression)
            positions = columns.positions(ids)
            if query.scope.path:
                in_column = _rowids_in(connection, "SELECT id FROM docs WHERE path >= ? AND path < ?", query.scope)
                keep = np.isin(ids, in_column)
                ids, positions = ids[keep], positions[keep]
            masks = columns.masks(positions, query)
            selected = np.logical_and.reduce(list(masks.values())) if masks else np.ones(len(ids), dtype=bool)
            total = int(selected.sum())
            facets = {facet: columns.facet(positions, masks, facet) for facet in query.facets}
            page_ids = self._page(connection, columns, ids[selected], positions[selected], query)
            body = "body" if query.highlight else "''"
            rows = {
                row[0]: row[1:]
                for row in connection.execute(
                    f"SELECT id, key, type, title, {body}, url, date, site_id, organisation_id, topic FROM docs "
                    f"WHERE id IN ({','.join('?' * len(page_ids))})",
                    page_ids,
                )
            }
        finally:
            connection.execute("COMMIT")
        words = parsed.words
        hits = [
            Hit(
                key=key,
                type=type_name,
                title=title,
                url=url,
                date=datetime.fromisoformat(date) if date else None,
                site_id=site_id,
                organisation_id=organisation_id,
                topic=topic,
                title_html=highlight(title, words) if query.highlight else escape(title),
                snippet_html=snippet(body, words) if query.highlight else "",
            )
            for key, type_name, title, body, url, date, site_id, organisation_id, topic in map(rows.get, page_ids)
        ]
        return SearchResults(total=total, hits=hits, facets=facets)

    def _page(self, connection, columns, ids, positions, query: SearchQuery) -> list[int]:
        """The ids of one page: by date, or by relevance (BM25 when the matches are few enough)."""
        end = query.offset + query.limit
        dates = columns.date[positions]
        if len(ids) == 0 or query.offset >= len(ids):
            return []
        if query.sort == "date":
            order = np.lexsort((ids, -dates))
        else:
            parsed = query.parsed
            expression = match_expression(term.alternatives for term in parsed.terms)
            if len(ids) <= RANK_LIMIT:
                scored = dict(
                    connection.execute(
                        "SELECT rowid, bm25(fts, ?, ?) FROM fts WHERE fts MATCH ?",
                        (TITLE_WEIGHT, BODY_WEIGHT, expression),
                    )
                )
                score = np.array([scored.get(int(row_id), 0.0) for row_id in ids])
            else:
                # Too many matches to score them all within the time budget: title matches first,
                # then the newest (what a citizen typing a very common word usually wants).
                in_title = np.isin(ids, _rowids(connection, "{title} : (" + expression + ")"))
                score = np.where(in_title, -TITLE_WEIGHT, 0.0)
            if parsed.phrases:
                exact = match_expression([[phrase] for phrase in parsed.phrases])
                score = score - np.where(np.isin(ids, _rowids(connection, exact)), EXACT_PHRASE_BONUS, 0.0)
            order = np.lexsort((ids, -dates, score))
        return [int(row_id) for row_id in ids[order[query.offset : end]]]

    def _columns(self, connection) -> _Columns:
        """The filter columns of every document as arrays, reloaded when the index has changed."""
        version = connection.execute("SELECT value FROM meta WHERE name='changes'").fetchone()
        version = version[0] if version else "0"
        with self._columns_lock:
            if self._columns_cache is None or self._columns_cache[0] != version:
                rows = connection.execute("SELECT id, site_id, organisation_id, type, year, topic, date FROM docs")
                self._columns_cache = (version, _Columns(rows.fetchall()))
            return self._columns_cache[1]


RANK_LIMIT = 3000
_NONE = -1


def _mark_changed(connection) -> None:
    """Tell every process that its cached filter columns are out of date."""
    connection.execute(
        "INSERT INTO meta VALUES ('changes', '1') "
        "ON CONFLICT(name) DO UPDATE SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT)"
    )


def _rowids(connection, expression: str) -> np.ndarray:
    """Row ids matching an FTS5 expression, as an array (one string from SQLite: fast for 100k rows)."""
    joined = connection.execute("SELECT group_concat(rowid) FROM fts WHERE fts MATCH ?", (expression,)).fetchone()[0]
    return np.array(joined.split(","), dtype=np.int64) if joined else np.zeros(0, dtype=np.int64)


def _rowids_in(connection, sql: str, scope) -> np.ndarray:
    params = (scope.path, scope.path + "~")  # tree paths are base-36: a prefix is a range on the index
    return np.fromiter((row[0] for row in connection.execute(sql, params)), dtype=np.int64)


class _Columns:
    """Filter fields as NumPy arrays by position; strings are coded. Built from the docs table."""

    def __init__(self, rows):
        count = len(rows)
        ids = np.fromiter((row[0] for row in rows), dtype=np.int64, count=count)
        order = np.argsort(ids)
        self.ids = ids[order]
        rows = [rows[index] for index in order]
        self.codes: dict[str, list] = {"type": [], "topic": []}
        lookup: dict[str, dict] = {"type": {}, "topic": {}}

        def code(field, value):
            if value in (None, ""):
                return _NONE
            known = lookup[field]
            if value not in known:
                known[value] = len(self.codes[field])
                self.codes[field].append(value)
            return known[value]

        def numbers(position):
            return np.fromiter(
                (_NONE if row[position] is None else row[position] for row in rows), dtype=np.int64, count=count
            )

        self.fields = {
            "site": numbers(1),
            "organisation": numbers(2),
            "type": np.fromiter((code("type", row[3]) for row in rows), dtype=np.int64, count=count),
            "year": numbers(4),
            "topic": np.fromiter((code("topic", row[5]) for row in rows), dtype=np.int64, count=count),
        }
        self.date = np.fromiter(
            (datetime.fromisoformat(row[6]).timestamp() if row[6] else 0.0 for row in rows),
            dtype=np.float64,
            count=count,
        )

    def positions(self, ids: np.ndarray) -> np.ndarray:
        return np.searchsorted(self.ids, ids)

    def _encode(self, field: str, values) -> np.ndarray:
        if field in self.codes:
            return np.array([self.codes[field].index(value) for value in values if value in self.codes[field]])
        return np.array([int(value) for value in values], dtype=np.int64)

    def masks(self, positions: np.ndarray, query: SearchQuery) -> dict[str, np.ndarray]:
        """One boolean mask per condition: "scope" and every filter field that has values."""
        masks = {}
        if query.scope.site_id is not None:
            masks["scope"] = self.fields["site"][positions] == query.scope.site_id
        for name, values in query.filters.items():
            if values:
                masks[name] = np.isin(self.fields[name][positions], self._encode(name, values))
        return masks

    def facet(self, positions: np.ndarray, masks: dict[str, np.ndarray], facet: str) -> list[tuple[object, int]]:
        """Counts per value among the matches that pass every condition except the facet's own filter."""
        others = [mask for name, mask in masks.items() if name != facet]
        keep = np.logical_and.reduce(others) if others else np.ones(len(positions), dtype=bool)
        values, counts = np.unique(self.fields[facet][positions[keep]], return_counts=True)
        decoded = [
            (self.codes[facet][value] if facet in self.codes else int(value), int(count))
            for value, count in zip(values, counts, strict=True)
            if value != _NONE
        ]
        return sorted(decoded, key=lambda item: (-item[1], str(item[0])))[:50]


class _transaction:
    """BEGIN IMMEDIATE … COMMIT on an autocommit connection; ROLLBACK on error."""

    def __init__(self, connection):
        self.connection = connection

    def __enter__(self):
        self.connection.execute("BEGIN IMMEDIATE")

    def __exit__(self, exc_type, exc, traceback):
        self.connection.execute("ROLLBACK" if exc_type else "COMMIT")
        return False
