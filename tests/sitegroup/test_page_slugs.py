"""Pages get a readable pinyin slug from a Chinese title: a new article saves at the first try."""

import pytest
from django.utils import timezone

from disclosure.models import DisclosureItemPage, Genre, Topic
from sitegroup.models import ArticlePage, ColumnPage
from tests.builders import make_article
from tests.disclosure.builders import make_disclosure_column

ARTICLE_FORM = {
    "body-count": "0",
    "attachments-TOTAL_FORMS": "0",
    "attachments-INITIAL_FORMS": "0",
    "attachments-MIN_NUM_FORMS": "0",
    "attachments-MAX_NUM_FORMS": "1000",
}


def _create_article(client, column, title, **extra):
    data = {"title": title, "slug": "", "publish_time": timezone.localtime().strftime("%Y-%m-%d %H:%M")}
    return client.post(
        f"/admin/pages/add/sitegroup/articlepage/{column.pk}/", {**ARTICLE_FORM, **data, **extra}, follow=False
    )


@pytest.mark.django_db
class TestArticleSlugFromTheAdmin:
    def test_draft_with_only_a_chinese_title_is_saved_with_a_pinyin_slug(self, client, site_group):
        column = site_group["columns"]["a"]
        client.force_login(site_group["users"]["a_editor"])
        response = _create_article(client, column, "教育局工作动态")
        assert response.status_code == 302, response.context["form"].errors if response.context else response
        article = ArticlePage.objects.child_of(column).get(title="教育局工作动态")
        assert article.slug == "jiao-yu-ju-gong-zuo-dong-tai"
        assert article.url_path.endswith("/news/jiao-yu-ju-gong-zuo-dong-tai/")

    def test_same_title_twice_gets_a_number(self, client, site_group):
        column = site_group["columns"]["a"]
        client.force_login(site_group["users"]["a_editor"])
        _create_article(client, column, "教育局工作动态")
        _create_article(client, column, "教育局工作动态")
        slugs = sorted(
            ArticlePage.objects.child_of(column).filter(title="教育局工作动态").values_list("slug", flat=True)
        )
        assert slugs == ["jiao-yu-ju-gong-zuo-dong-tai", "jiao-yu-ju-gong-zuo-dong-tai-2"]

    def test_slug_the_editor_types_is_kept(self, client, site_group):
        column = site_group["columns"]["a"]
        client.force_login(site_group["users"]["a_editor"])
        _create_article(client, column, "教育局工作动态", slug="edu-news")
        assert ArticlePage.objects.child_of(column).get(title="教育局工作动态").slug == "edu-news"

    def test_chinese_slug_typed_by_the_editor_becomes_pinyin(self, client, site_group):
        column = site_group["columns"]["a"]
        client.force_login(site_group["users"]["a_editor"])
        _create_article(client, column, "教育局工作动态", slug="工作动态")
        assert ArticlePage.objects.child_of(column).get(title="教育局工作动态").slug == "gong-zuo-dong-tai"

    def test_slug_field_is_optional_and_explained(self, client, site_group):
        column = site_group["columns"]["a"]
        client.force_login(site_group["users"]["a_editor"])
        response = client.get(f"/admin/pages/add/sitegroup/articlepage/{column.pk}/")
        form = response.context["form"]
        assert form.fields["slug"].required is False
        assert "拼音" in str(form.fields["slug"].help_text)
        # The title no longer copies itself into the slug field as the editor types.
        assert 'data-w-sync-target-value="#id_slug"' in response.text
        assert "w-sync#apply" not in response.text


@pytest.mark.django_db
class TestSlugIsStable:
    def test_published_page_keeps_its_slug_when_the_title_changes(self, site_group):
        article = make_article(site_group["columns"]["a"], "原来的标题", slug="")
        assert article.slug == "yuan-lai-de-biao-ti"
        article.title = "新的标题"
        article.save_revision().publish()
        article.refresh_from_db()
        assert article.slug == "yuan-lai-de-biao-ti"

    def test_published_page_with_a_chinese_slug_keeps_its_url(self, site_group):
        column = site_group["columns"]["a"]
        article = make_article(column, "旧稿件", slug="旧稿件")
        ArticlePage.objects.filter(pk=article.pk).update(slug="旧稿件", url_path=article.url_path)
        article = ArticlePage.objects.get(pk=article.pk)
        article.title = "旧稿件（修订）"
        article.save_revision().publish()
        article.refresh_from_db()
        assert article.slug == "旧稿件"

    def test_column_made_in_code_without_a_slug_gets_pinyin(self, site_group):
        home = site_group["a"].home_page
        column = ColumnPage(title="通知公告")
        home.add_child(instance=column)
        assert column.slug == "tong-zhi-gong-gao"


@pytest.mark.django_db
class TestDisclosureItemSlug:
    def test_item_from_the_admin_gets_a_pinyin_url(self, client, site_group):
        catalogue = make_disclosure_column(site_group["a"].home_page)
        client.force_login(site_group["users"]["a_editor"])
        topic = Topic.objects.filter(parent__isnull=False).first()
        response = client.post(
            f"/admin/pages/add/disclosure/disclosureitempage/{catalogue.pk}/",
            {
                "title": "关于印发工作要点的通知",
                "slug": "",
                "published_on": "2026-03-02",
                "topic": topic.pk,
                "genre": Genre.objects.get(name="通知").pk,
                "validity": "valid",
                "attachments-TOTAL_FORMS": "0",
                "attachments-INITIAL_FORMS": "0",
            },
        )
        assert response.status_code == 302, response.context["form"].errors if response.context else response
        item = DisclosureItemPage.objects.get(title="关于印发工作要点的通知")
        assert item.slug == "guan-yu-yin-fa-gong-zuo-yao-dian-de-tong-zhi"
        assert item.url_path.endswith("/catalogue/guan-yu-yin-fa-gong-zuo-yao-dian-de-tong-zhi/")


@pytest.mark.django_db
class TestDraftWithAnAttachmentBeingAdded:
    """Autosave posts the form while an attachment row has no file yet: the draft saves without the row."""

    def _post(self, client, article, **extra):
        data = {
            **ARTICLE_FORM,
            "title": article.title,
            "slug": article.slug,
            "publish_time": timezone.localtime().strftime("%Y-%m-%d %H:%M"),
            "attachments-TOTAL_FORMS": "1",
            "attachments-0-id": "",
            "attachments-0-document": "",
            "attachments-0-title": "正在选择的附件",
            "attachments-0-ORDER": "1",
            "attachments-0-DELETE": "",
            **extra,
        }
        return client.post(f"/admin/pages/{article.pk}/edit/", data, HTTP_ACCEPT="application/json")

    def test_saving_the_draft_leaves_the_unfinished_row_out(self, client, site_group):
        article = make_article(site_group["columns"]["a"], "正在编辑的稿件", publish=False)
        client.force_login(site_group["users"]["a_editor"])
        response = self._post(client, article)
        assert response.status_code == 200, response.content[:500]
        assert response.json()["success"] is True
        revision = ArticlePage.objects.get(pk=article.pk).get_latest_revision_as_object()
        assert revision.attachments.count() == 0

    def test_submitting_still_requires_the_file(self, client, site_group):
        article = make_article(site_group["columns"]["a"], "正在编辑的稿件", publish=False)
        client.force_login(site_group["users"]["a_editor"])
        response = self._post(client, article, **{"action-submit": "1"})
        assert response.status_code == 400
