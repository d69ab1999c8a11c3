import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sitegroup.models import HotWord
from tests.builders import make_article


def get(client, host, path):
    return client.get(path, HTTP_HOST=host)


def article_path(article):
    return "/news/" + article.slug + "/"


@pytest.fixture
def article(site_group):
    body = [
        {"type": "paragraph", "value": "<h2>乡村振兴</h2><p>全面推进乡村振兴，优化营商环境，乡村振兴见成效。</p>"},
    ]
    return make_article(site_group["columns"]["a"], "乡村振兴工作推进会召开", body=body)


@pytest.mark.django_db
class TestRendering:
    def test_group_and_site_words_are_linked_in_the_body_only(
        self, client, site_group, article, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            HotWord.objects.create(word="乡村振兴", url="https://www.gov.cn/xczx/")
            HotWord.objects.create(word="营商环境", url="/yshj/", site=site_group["a"].site)
        html = get(client, "a.localhost", article_path(article)).content.decode()
        assert html.count('class="hot-word"') == 2
        assert '<a class="hot-word" href="https://www.gov.cn/xczx/">乡村振兴</a>，优化' in html
        assert '<a class="hot-word" href="/yshj/">营商环境</a>' in html
        assert "<h2>乡村振兴</h2>" in html
        assert '<h1 id="article-title" class="sg-article__title">乡村振兴工作推进会召开</h1>' in html

    def test_a_site_word_stays_on_its_site(self, client, site_group, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True):
            HotWord.objects.create(word="营商环境", url="/yshj/", site=site_group["a"].site)
        body = [{"type": "paragraph", "value": "<p>优化营商环境</p>"}]
        other = make_article(site_group["columns"]["b"], "民政工作", body=body)
        assert "hot-word" not in get(client, "b.localhost", article_path(other)).content.decode()

    def test_a_changed_word_list_shows_on_the_next_render(
        self, client, site_group, article, django_capture_on_commit_callbacks
    ):
        assert "hot-word" not in get(client, "a.localhost", article_path(article)).content.decode()
        with django_capture_on_commit_callbacks(execute=True):
            word = HotWord.objects.create(word="营商环境", url="/yshj/")
        assert "hot-word" in get(client, "a.localhost", article_path(article)).content.decode()
        with django_capture_on_commit_callbacks(execute=True):
            word.is_active = False
            word.save()
        assert "hot-word" not in get(client, "a.localhost", article_path(article)).content.decode()

    def test_a_kept_body_follows_publication_and_is_never_shown_in_a_preview(
        self, client, site_group, article, django_capture_on_commit_callbacks
    ):
        from sitegroup.models import ArticlePage

        assert "乡村振兴见成效" in get(client, "a.localhost", article_path(article)).content.decode()
        draft = ArticlePage.objects.get(pk=article.pk)
        draft.body = [{"type": "paragraph", "value": "<p>修改后的正文：营商环境持续改善。</p>"}]
        revision = draft.save_revision()
        preview = draft.make_preview_request()  # what the editor's preview panel shows
        preview.render()
        assert "修改后的正文" in preview.content.decode() and "乡村振兴见成效" not in preview.content.decode()
        assert "乡村振兴见成效" in get(client, "a.localhost", article_path(article)).content.decode()  # the draft
        with django_capture_on_commit_callbacks(execute=True):
            revision.publish()
        html = get(client, "a.localhost", article_path(article)).content.decode()
        assert "修改后的正文" in html and "乡村振兴见成效" not in html

    def test_hot_words_add_no_sql_queries_to_an_article(
        self, client, site_group, article, django_capture_on_commit_callbacks
    ):
        get(client, "a.localhost", article_path(article))
        with CaptureQueriesContext(connection) as without:
            get(client, "a.localhost", article_path(article))
        with django_capture_on_commit_callbacks(execute=True):
            HotWord.objects.bulk_create(HotWord(word=f"热字{number}", url=f"/w/{number}/") for number in range(200))
            HotWord.objects.create(word="乡村振兴", url="/x/")
        get(client, "a.localhost", article_path(article))  # builds the automaton once
        with CaptureQueriesContext(connection) as with_words:
            html = get(client, "a.localhost", article_path(article)).content.decode()
        assert "hot-word" in html
        assert len(with_words) == len(without)


@pytest.mark.django_db
class TestAdmin:
    URL = "/admin/snippets/sitegroup/hotword/"

    def test_site_admin_manages_only_own_site_words(self, client, site_group):
        a_word = HotWord.objects.create(word="教育", url="/jy/", site=site_group["a"].site)
        b_word = HotWord.objects.create(word="民政", url="/mz/", site=site_group["b"].site)
        HotWord.objects.create(word="全县", url="/qx/")
        client.force_login(site_group["users"]["a_site_admin"])
        listing = client.get(self.URL).content.decode()
        assert "教育" in listing and "民政" not in listing and "全县" not in listing
        assert client.get(f"{self.URL}edit/{a_word.pk}/").status_code == 200
        assert client.get(f"{self.URL}edit/{b_word.pk}/").status_code == 404
        assert client.post(f"{self.URL}delete/{b_word.pk}/").status_code == 404
        assert HotWord.objects.filter(pk=b_word.pk).exists()

    def test_site_admin_cannot_add_a_group_wide_word(self, client, site_group):
        client.force_login(site_group["users"]["a_site_admin"])
        response = client.post(f"{self.URL}add/", {"word": "乡村振兴", "url": "/x/", "site": "", "is_active": "on"})
        assert response.status_code == 200
        assert not HotWord.objects.exists()
        assert "请选择" in response.content.decode()
        response = client.post(
            f"{self.URL}add/", {"word": "乡村振兴", "url": "/x/", "site": site_group["a"].site.pk, "is_active": "on"}
        )
        assert response.status_code == 302
        assert HotWord.objects.get().site == site_group["a"].site

    def test_portal_editor_adds_a_group_wide_word_with_a_checked_link(self, client, site_group):
        client.force_login(site_group["users"]["portal_editor"])
        bad = client.post(f"{self.URL}add/", {"word": "乡村振兴", "url": "javascript:alert(1)", "site": ""})
        assert "链接须以" in bad.content.decode()
        ok = client.post(f"{self.URL}add/", {"word": "乡村振兴", "url": "/x/", "site": "", "is_active": "on"})
        assert ok.status_code == 302
        assert HotWord.objects.get().site is None

    def test_editors_have_no_hot_word_admin(self, client, site_group):
        client.force_login(site_group["users"]["a_editor"])
        assert client.get(self.URL).status_code in (302, 403)
