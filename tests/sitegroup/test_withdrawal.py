"""撤稿（下线）: an organisation's reviewers and site admins take a live page offline at once, with a reason.

No organisation role holds publish permission, so Wagtail's own unpublish is closed to them; the
withdrawal service is their way, checked per organisation, logged with the reason, and followed by the
search index through Wagtail's unpublish signal.
"""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from wagtail.models import PageLogEntry

from search.services import run_search
from sitegroup.models import ArticlePage, ColumnPage
from sitegroup.services.withdrawal import WITHDRAW_ACTION, may_withdraw, withdraw_page
from tests.builders import make_article, make_column

pytestmark = pytest.mark.django_db

REASON = "第三段数据有误，更正后重新发布。"


def found(text):
    return [hit.title for hit in run_search(text, log_site=False).results.hits]


def _live_article(site_group, key="a", title="关于调整城乡居民医保缴费标准的通知"):
    return make_article(site_group["columns"][key], title)


def _withdraw_url(page, next_url=None):
    url = reverse("sitegroup_withdraw", args=[page.pk])
    return f"{url}?next={next_url}" if next_url else url


class TestWhoMayWithdraw:
    @pytest.mark.parametrize("username", ["a_reviewer", "a_site_admin", "admin"])
    def test_reviewers_site_admins_and_platform_admins_may(self, site_group, username):
        assert may_withdraw(_live_article(site_group), site_group["users"][username])

    @pytest.mark.parametrize(
        "username", ["a_editor", "a_handler", "b_reviewer", "b_site_admin", "portal_editor", "supervision"]
    )
    def test_editors_handlers_and_other_organisations_may_not(self, site_group, username):
        article = _live_article(site_group)
        assert not may_withdraw(article, site_group["users"][username])
        with pytest.raises(PermissionDenied):
            withdraw_page(article, site_group["users"][username], REASON)
        article.refresh_from_db()
        assert article.live

    def test_nothing_to_withdraw_on_a_draft_or_a_site_home(self, site_group):
        reviewer = site_group["users"]["a_reviewer"]
        draft = make_article(site_group["columns"]["a"], "尚未发布的稿件", publish=False)
        assert not may_withdraw(draft, reviewer)
        assert not may_withdraw(site_group["a"].home_page, reviewer)
        with pytest.raises(ValidationError, match="首页不能撤稿"):
            withdraw_page(site_group["a"].home_page, site_group["users"]["admin"], REASON)


class TestWithdrawPage:
    def test_the_page_goes_offline_and_the_reason_is_logged(self, site_group, client):
        article = _live_article(site_group)
        reviewer = site_group["users"]["a_reviewer"]
        url = article.url
        assert client.get(url, HTTP_HOST="a.localhost").status_code == 200
        withdraw_page(article, reviewer, f"  {REASON}  ")
        article.refresh_from_db()
        assert not article.live
        entry = PageLogEntry.objects.get(page=article, action=WITHDRAW_ACTION)
        assert entry.user == reviewer and entry.data["reason"] == REASON
        assert not PageLogEntry.objects.filter(page=article, action="wagtail.unpublish").exists()
        response = client.get(url, HTTP_HOST="a.localhost")
        assert response.status_code == 404 and "页面" in response.content.decode()

    @pytest.mark.parametrize("reason", ["", "   ", None])
    def test_a_reason_is_required(self, site_group, reason):
        article = _live_article(site_group)
        with pytest.raises(ValidationError, match="请填写撤稿理由"):
            withdraw_page(article, site_group["users"]["a_reviewer"], reason)
        article.refresh_from_db()
        assert article.live and not PageLogEntry.objects.filter(action=WITHDRAW_ACTION).exists()

    def test_an_overlong_reason_is_refused(self, site_group):
        article = _live_article(site_group)
        with pytest.raises(ValidationError, match="不超过 500 字"):
            withdraw_page(article, site_group["users"]["a_reviewer"], "理" * 501)

    def test_the_search_index_drops_it_after_commit(self, site_group, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True):
            article = _live_article(site_group, title="关于开展冬季取暖补贴申领的通知")
        assert found("取暖补贴") == [article.title]
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            withdraw_page(article, site_group["users"]["a_reviewer"], REASON)
        assert found("取暖补贴") == [article.title]  # nothing changes before the transaction commits
        for callback in callbacks:
            callback()
        assert found("取暖补贴") == []

    def test_a_scheduled_publication_is_cancelled(self, site_group):
        from datetime import timedelta

        from django.utils import timezone

        article = _live_article(site_group)
        article.title = "修改后的标题"
        revision = article.save_revision(approved_go_live_at=timezone.now() + timedelta(days=1))
        withdraw_page(article, site_group["users"]["a_reviewer"], REASON)
        revision.refresh_from_db()
        assert revision.approved_go_live_at is None

    def test_a_column_with_its_articles(self, site_group, django_capture_on_commit_callbacks):
        home = site_group["a"].home_page
        column = make_column(home, "春季招生", slug="zhaosheng")
        with django_capture_on_commit_callbacks(execute=True):
            first = make_article(column, "春季招生简章发布")
            second = make_article(column, "春季招生报名时间调整")
        reviewer = site_group["users"]["a_reviewer"]
        with django_capture_on_commit_callbacks(execute=True):
            result = withdraw_page(column, reviewer, REASON, include_descendants=True)
        assert result.count == 3
        assert not ColumnPage.objects.get(pk=column.pk).live
        assert not ArticlePage.objects.filter(pk__in=[first.pk, second.pk], live=True).exists()
        entry = PageLogEntry.objects.get(page=first, action=WITHDRAW_ACTION)
        assert entry.data["reason"] == REASON and entry.data["with_title"] == "春季招生"
        assert found("春季招生") == []

    def test_a_column_alone_leaves_its_articles_live(self, site_group):
        column = site_group["columns"]["a"]
        withdraw_page(column, site_group["users"]["a_site_admin"], REASON)
        assert not ColumnPage.objects.get(pk=column.pk).live
        assert column.get_children().live().exists()


class TestScreens:
    def test_reviewer_sees_the_item_in_the_action_menu_and_the_listing(self, client, site_group):
        article = _live_article(site_group)
        client.force_login(site_group["users"]["a_reviewer"])
        edit = client.get(reverse("wagtailadmin_pages:edit", args=[article.pk])).content.decode()
        assert "撤稿（下线）" in edit and _withdraw_url(article) in edit
        listing = client.get(reverse("wagtailadmin_explore", args=[article.get_parent().pk])).content.decode()
        assert listing.count(_withdraw_url(article)) == 1

    def test_editor_sees_no_withdraw_item(self, client, site_group):
        article = _live_article(site_group)
        client.force_login(site_group["users"]["a_editor"])
        edit = client.get(reverse("wagtailadmin_pages:edit", args=[article.pk])).content.decode()
        listing = client.get(reverse("wagtailadmin_explore", args=[article.get_parent().pk])).content.decode()
        assert "撤稿" not in edit and "撤稿" not in listing

    def test_no_withdraw_item_on_a_draft(self, client, site_group):
        draft = make_article(site_group["columns"]["a"], "尚未发布的稿件", publish=False)
        client.force_login(site_group["users"]["a_reviewer"])
        assert "撤稿" not in client.get(reverse("wagtailadmin_pages:edit", args=[draft.pk])).content.decode()

    def test_confirmation_shows_what_goes_offline(self, client, site_group):
        article = _live_article(site_group)
        client.force_login(site_group["users"]["a_reviewer"])
        response = client.get(_withdraw_url(article))
        body = response.content.decode()
        assert response.status_code == 200
        assert article.title in body and article.get_full_url() in body
        assert "撤稿理由" in body and "确认撤稿" in body and "同时下线" not in body

    def test_confirming_withdraws_and_returns_with_a_chinese_message(self, client, site_group):
        article = _live_article(site_group)
        client.force_login(site_group["users"]["a_reviewer"])
        edit_url = reverse("wagtailadmin_pages:edit", args=[article.pk])
        response = client.post(_withdraw_url(article), {"reason": REASON, "next": edit_url}, follow=True)
        assert response.redirect_chain[-1][0] == edit_url
        assert f"「{article.title}」已撤稿（下线）" in response.content.decode()
        article.refresh_from_db()
        assert not article.live
        history = client.get(reverse("wagtailadmin_pages:history", args=[article.pk])).content.decode()
        assert "撤稿" in history and REASON in history

    def test_a_column_offers_its_articles_too(self, client, site_group):
        column = site_group["columns"]["a"]
        client.force_login(site_group["users"]["a_site_admin"])
        body = client.get(_withdraw_url(column)).content.decode()
        assert "同时下线其下 1 个已发布的页面" in body
        client.post(_withdraw_url(column), {"reason": REASON, "include_descendants": "on"})
        assert not column.get_descendants(inclusive=True).live().exists()

    @pytest.mark.parametrize("reason", ["", "   ", "理" * 501])
    def test_bad_reason_is_400_with_a_chinese_message(self, client, site_group, reason):
        article = _live_article(site_group)
        client.force_login(site_group["users"]["a_reviewer"])
        response = client.post(_withdraw_url(article), {"reason": reason})
        body = response.content.decode()
        assert response.status_code == 400
        assert "请填写撤稿理由" in body or "不超过 500 字" in body
        article.refresh_from_db()
        assert article.live

    def test_an_offline_page_is_400_with_a_chinese_message(self, client, site_group):
        article = _live_article(site_group)
        withdraw_page(article, site_group["users"]["a_reviewer"], REASON)
        client.force_login(site_group["users"]["a_reviewer"])
        response = client.post(_withdraw_url(article), {"reason": REASON})
        assert response.status_code == 400 and "未发布" in response.content.decode()
        assert PageLogEntry.objects.filter(page=article, action=WITHDRAW_ACTION).count() == 1

    def test_another_organisations_page_is_not_found(self, client, site_group):
        article = _live_article(site_group, key="b")
        client.force_login(site_group["users"]["a_reviewer"])
        assert client.get(_withdraw_url(article)).status_code == 404
        assert client.post(_withdraw_url(article), {"reason": REASON}).status_code == 404
        article.refresh_from_db()
        assert article.live

    def test_an_editor_is_refused(self, client, site_group):
        article = _live_article(site_group)
        client.force_login(site_group["users"]["a_editor"])
        response = client.get(_withdraw_url(article))
        assert response.status_code == 403 and "只有本机构的审核员、站点管理员" in response.content.decode()
        assert client.post(_withdraw_url(article), {"reason": REASON}).status_code == 403
        article.refresh_from_db()
        assert article.live

    def test_next_must_stay_on_this_host(self, client, site_group):
        article = _live_article(site_group)
        client.force_login(site_group["users"]["a_reviewer"])
        response = client.post(_withdraw_url(article), {"reason": REASON, "next": "https://evil.example/"})
        assert response.status_code == 302
        assert response["Location"] == reverse("wagtailadmin_explore", args=[article.get_parent().pk])
