import random
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from search.backends import Scope, SearchQuery
from search.backends.embedded import EmbeddedBackend, match_expression, term_expression
from search.lib.query import parse
from search.lib.segment import segment
from search.registry import Document

TZ = ZoneInfo("Asia/Shanghai")
SEEDS = Path(__file__).resolve().parents[3] / "sitegroup" / "demo" / "seeds"


def doc(key, title, body="", *, site=1, organisation=1, path="00010001", date=None, type_name="article", topic=""):
    return Document(
        key=key,
        type=type_name,
        title=title,
        body=body,
        url=f"http://localhost/{key}/",
        site_id=site,
        organisation_id=organisation,
        path=path,
        date=date or datetime(2026, 1, 1, tzinfo=TZ),
        topic=topic,
    )


def query(text, **extra):
    return SearchQuery(parsed=parse(text, segment=segment), **extra)


@pytest.fixture
def backend(tmp_path):
    backend = EmbeddedBackend(tmp_path / "index.sqlite3")
    yield backend
    backend.close()


class TestExpressions:
    def test_a_word_is_a_phrase_of_its_bigrams(self):
        assert term_expression("政务公开") == '"政务 务公 公开"'

    def test_one_character_is_a_prefix(self):
        assert term_expression("县") == '"县"*'

    def test_alternatives_are_or_and_terms_are_and(self):
        assert match_expression([["低保", "最低生活保障"], ["申请"]]) == (
            '(("低保") OR ("最低 低生 生活 活保 保障")) AND (("申请"))'
        )


class TestEmbeddedBackend:
    def test_finds_a_word_inside_a_sentence(self, backend):
        backend.index([doc("a:1", "通知", "关于做好城乡居民最低生活保障工作的通知"), doc("a:2", "其他", "无关内容")])
        results = backend.search(query("生活保障"))
        assert [hit.key for hit in results.hits] == ["a:1"]
        assert "<mark>生活保障</mark>" in results.hits[0].snippet_html

    def test_words_split_differently_by_jieba_are_still_found(self, backend):
        # jieba segments "区人民政府" as 区/人民政府: "区人民" is not a word of it, yet a citizen may type it.
        backend.index([doc("a:1", "丹徒区人民政府办公室")])
        assert backend.search(query('"区人民"')).total == 1
        assert backend.search(query('"徒区人"')).total == 1

    def test_single_character_found_at_the_end_of_a_run(self, backend):
        backend.index([doc("a:1", "教育局")])
        assert backend.search(query("局")).total == 1

    def test_title_matches_rank_above_body_matches(self, backend):
        backend.index([doc("a:1", "工作动态", "政务公开"), doc("a:2", "政务公开工作", "工作动态")])
        assert [hit.key for hit in backend.search(query("政务公开")).hits] == ["a:2", "a:1"]

    def test_exact_phrase_ranks_above_scattered_words(self, backend):
        backend.index([doc("a:1", "政务的公开", "政务 公开"), doc("a:2", "其他", "推进政务公开")])
        assert [hit.key for hit in backend.search(query("政务公开")).hits] == ["a:2", "a:1"]

    def test_replacing_a_document_removes_its_old_words(self, backend):
        backend.index([doc("a:1", "旧标题")])
        backend.index([doc("a:1", "新标题")])
        assert backend.search(query("旧标题")).total == 0
        assert backend.search(query("新标题")).total == 1
        assert backend.stats()["documents"] == 1

    def test_delete(self, backend):
        backend.index([doc("a:1", "教育局"), doc("a:2", "教育局")])
        assert backend.delete(["a:1", "missing"]) == 1
        assert [hit.key for hit in backend.search(query("教育局")).hits] == ["a:2"]

    def test_site_and_column_scopes(self, backend):
        backend.index(
            [
                doc("a:1", "教育", site=1, path="000100010001"),
                doc("a:2", "教育", site=1, path="000100020001"),
                doc("a:3", "教育", site=2, path="000200010001"),
            ]
        )
        assert backend.search(query("教育")).total == 3
        assert {hit.key for hit in backend.search(query("教育", scope=Scope(site_id=1))).hits} == {"a:1", "a:2"}
        assert [hit.key for hit in backend.search(query("教育", scope=Scope(path="00010001"))).hits] == ["a:1"]

    def test_filters_and_facets(self, backend):
        backend.index(
            [
                doc("a:1", "教育", site=1, date=datetime(2025, 5, 1, tzinfo=TZ), topic="教育"),
                doc("a:2", "教育", site=2, date=datetime(2026, 5, 1, tzinfo=TZ), topic="教育"),
                doc("b:3", "教育", site=2, type_name="item", date=datetime(2026, 6, 1, tzinfo=TZ), topic="民政"),
            ]
        )
        results = backend.search(query("教育", filters={"site": (2,)}, facets=("site", "type", "year", "topic")))
        assert results.total == 2
        # A facet ignores its own filter, so the other sites stay visible as choices.
        assert dict(results.facets["site"]) == {1: 1, 2: 2}
        assert dict(results.facets["type"]) == {"article": 1, "item": 1}
        assert dict(results.facets["year"]) == {2026: 2}
        assert dict(results.facets["topic"]) == {"教育": 1, "民政": 1}

    def test_sort_by_date_and_paging(self, backend):
        backend.index([doc(f"a:{day}", "通知", date=datetime(2026, 1, day, tzinfo=TZ)) for day in range(1, 26)])
        first = backend.search(query("通知", sort="date", limit=10))
        third = backend.search(query("通知", sort="date", limit=10, offset=20))
        assert first.total == 25
        assert [hit.key for hit in first.hits[:2]] == ["a:25", "a:24"]
        assert [hit.key for hit in third.hits] == [f"a:{day}" for day in range(5, 0, -1)]

    def test_titles_with_markup_come_back_escaped(self, backend):
        backend.index([doc("a:1", "<img src=x onerror=alert(1)>公告")])
        hit = backend.search(query("公告")).hits[0]
        assert "<img" not in hit.title_html
        assert "&lt;img" in hit.title_html

    def test_rebuild_replaces_the_index_and_keeps_updates_made_meanwhile(self, backend):
        backend.index([doc("a:1", "旧内容"), doc("a:9", "将被删除")])

        def documents():
            yield doc("a:1", "旧内容")
            # While the rebuild runs, an editor publishes a new version of a:2 and deletes a:3.
            backend.index([doc("a:2", "新版本")])
            backend.delete(["a:3"])
            yield doc("a:2", "重建时读到的旧版本")
            yield doc("a:3", "已删除的稿件")

        backend.rebuild(documents())
        assert backend.search(query("新版本")).total == 1
        assert backend.search(query("重建时读到的旧版本")).total == 0
        assert backend.search(query("已删除的稿件")).total == 0
        assert backend.search(query("将被删除")).total == 0
        assert set(backend.fingerprints()) == {"a:1", "a:2"}

    def test_failed_rebuild_leaves_the_old_index(self, backend):
        backend.index([doc("a:1", "教育局")])

        def broken():
            yield doc("a:2", "民政局")
            raise RuntimeError("database went away")

        with pytest.raises(RuntimeError):
            backend.rebuild(broken())
        assert backend.search(query("教育局")).total == 1
        backend.index([doc("a:3", "卫生局")])  # and updates still work
        assert backend.search(query("卫生局")).total == 1


class TestRecall:
    """Every 2–6 character substring of the corpus is found: recall 1.0 against substring search."""

    def test_recall_against_substring_ground_truth(self, backend):
        texts = [
            line.strip()
            for path in sorted(SEEDS.glob("*.txt"))
            for line in path.read_text(encoding="utf-8").splitlines()
            if len(line.strip()) >= 20
        ][:400]
        backend.index([doc(f"t:{number}", text[:20], text) for number, text in enumerate(texts)])
        rng = random.Random(7)
        checked = 0
        for _ in range(300):
            text = rng.choice(texts)
            length = rng.randint(2, 6)
            start = rng.randrange(0, len(text) - length)
            word = text[start : start + length]
            if not all("\u4e00" <= char <= "\u9fff" for char in word):
                continue
            expected = {f"t:{number}" for number, other in enumerate(texts) if word in other or word in other[:20]}
            found = {hit.key for hit in backend.search(query(f'"{word}"', limit=1000)).hits}
            assert expected <= found, word
            checked += 1
        assert checked > 100


class TestManyMatches:
    def test_beyond_the_ranking_limit_title_matches_come_first_then_the_newest(self, backend, monkeypatch):
        monkeypatch.setattr("search.backends.embedded.RANK_LIMIT", 2)
        backend.index(
            [
                doc("a:1", "其他", "政务公开", date=datetime(2026, 3, 1, tzinfo=TZ)),
                doc("a:2", "政务公开", "", date=datetime(2026, 1, 1, tzinfo=TZ)),
                doc("a:3", "其他", "政务公开", date=datetime(2026, 2, 1, tzinfo=TZ)),
                doc("a:4", "政务公开年报", "", date=datetime(2026, 4, 1, tzinfo=TZ)),
            ]
        )
        assert [hit.key for hit in backend.search(query("政务公开")).hits] == ["a:4", "a:2", "a:1", "a:3"]

    def test_filter_columns_follow_updates(self, backend):
        backend.index([doc("a:1", "教育", site=1)])
        assert backend.search(query("教育", scope=Scope(site_id=2))).total == 0
        backend.index([doc("a:1", "教育", site=2)])
        assert backend.search(query("教育", scope=Scope(site_id=2))).total == 1
