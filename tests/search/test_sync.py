"""The index follows publishing: publish, edit, unpublish, move and delete update it after commit."""

import pytest
from django.core.management import call_command

from search.backends import get_backend
from search.lib.text import runs
from search.services import check, count_documents, rebuild, run_search
from sitegroup.models import ArticlePage
from tests.builders import make_article, make_column

pytestmark = pytest.mark.django_db


def found(text, **kwargs):
    return [hit.title for hit in run_search(text, log_site=False, **kwargs).results.hits]


class TestSync:
    def test_published_article_is_found_after_commit(self, site_group, django_capture_on_commit_callbacks):
        column = site_group["columns"]["a"]
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            make_article(column, "关于开展城乡居民最低生活保障年审的通知")
        assert found("年审") == []  # nothing is indexed before the transaction commits
        for callback in callbacks:
            callback()
        assert found("年审") == ["关于开展城乡居民最低生活保障年审的通知"]

    def test_a_new_revision_replaces_the_old_text(self, site_group, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True):
            article = make_article(site_group["columns"]["a"], "旧的标题文字")
        article.title = "改过的标题文字"
        with django_capture_on_commit_callbacks(execute=True):
            article.save_revision().publish()
        assert found("旧的") == []
        assert found("改过") == ["改过的标题文字"]

    def test_unpublished_article_disappears(self, site_group, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True):
            article = make_article(site_group["columns"]["a"], "即将撤回的公告")
        with django_capture_on_commit_callbacks(execute=True):
            article.unpublish()
        assert found("撤回") == []

    def test_draft_is_not_indexed(self, site_group, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True):
            make_article(site_group["columns"]["a"], "尚未发布的草稿", publish=False)
        assert found("草稿") == []

    def test_deleted_article_disappears(self, site_group, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True):
            article = make_article(site_group["columns"]["a"], "将被删除的稿件")
        with django_capture_on_commit_callbacks(execute=True):
            article.delete()
        assert found("删除") == []

    def test_moved_article_gets_its_new_site_and_url(self, site_group, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True):
            article = make_article(site_group["columns"]["a"], "跨站移动的稿件")
        target = site_group["columns"]["b"]
        with django_capture_on_commit_callbacks(execute=True):
            article.move(target, pos="last-child")
        hit = run_search("跨站移动", log_site=False).results.hits[0]
        assert hit.site_id == site_group["b"].organisation.site_id
        assert hit.url.startswith("http://b.localhost")

    def test_moving_a_column_moves_its_articles(self, site_group, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True):
            column = make_column(site_group["a"].home_page, "专题", "topic", "topic")
            make_article(column, "专题里的稿件")
        with django_capture_on_commit_callbacks(execute=True):
            column.move(site_group["b"].home_page, pos="last-child")
        hit = run_search("专题里", log_site=False).results.hits[0]
        assert hit.site_id == site_group["b"].organisation.site_id

    def test_a_failing_index_update_does_not_undo_the_publication(
        self, site_group, django_capture_on_commit_callbacks, monkeypatch, caplog
    ):
        backend = get_backend()

        def broken(documents):
            raise OSError("disk full")

        monkeypatch.setattr(backend, "index", broken)
        with django_capture_on_commit_callbacks(execute=True):
            article = make_article(site_group["columns"]["a"], "索引失败时照常发布")
        article.refresh_from_db()
        assert article.live
        assert "search_check --fix" in caplog.text


class TestRebuildAndCheck:
    def test_rebuild_indexes_every_live_article(self, site_group):
        get_backend().clear()
        assert found("工作动态") == []
        assert rebuild() == 3
        assert len(found("工作动态")) == 3

    def test_check_reports_and_fixes_drift(self, site_group):
        rebuild()
        get_backend().index([])
        article = make_article(site_group["columns"]["a"], "索引里缺少的稿件")  # no commit callback: not indexed
        get_backend().delete([f"article:{site_group['columns']['b'].get_children().first().pk}"])
        drift = check()
        assert f"article:{article.pk}" in drift.missing
        assert len(drift.missing) == 2
        check(fix=True)
        assert check().is_clean

    def test_check_finds_stale_and_extra_entries(self, site_group):
        rebuild()
        edited = site_group["columns"]["a"].get_children().first().specific
        edited.title = "改了标题但没有更新索引"
        edited.save_revision().publish()  # callbacks never run in this test transaction
        deleted = site_group["columns"]["b"].get_children().first().specific
        deleted.delete()
        drift = check()
        assert drift.stale == [f"article:{edited.pk}"]
        assert drift.extra == [f"article:{deleted.pk}"]
        assert drift.missing == []

    def test_commands(self, site_group, capsys):
        call_command("search_rebuild", "--no-progress")
        assert "3 条内容" in capsys.readouterr().out
        call_command("search_check")
        assert "一致" in capsys.readouterr().out


class TestDemo:
    def test_the_demo_portal_finds_its_articles(self, tmp_path, client, django_capture_on_commit_callbacks, settings):
        """`make run`: the demo is indexed as it is published, and the portal search finds the articles."""
        settings.DISCLOSURE_DEMO_ITEMS_PER_SITE = 2
        with django_capture_on_commit_callbacks(execute=True):
            call_command("load_demo", "--articles-per-column=2", f"--accounts-file={tmp_path / 'accounts.txt'}")
        call_command("search_check")  # raises when the index and the database differ
        # (link-out articles — 外链稿件 — have no content of their own and are not indexed)
        article = ArticlePage.objects.live().filter(link_url="", link_page__isnull=True).order_by("-pk").first()
        word = next(run for run in runs(article.title) if len(run) >= 4)[:4]
        body = client.get("/search/", {"q": word}, HTTP_HOST="localhost").content.decode()
        assert article.title in body.replace("<mark>", "").replace("</mark>", "")
        assert get_backend().stats()["documents"] == count_documents()  # articles and disclosure items
