"""The home page's lists, kept per process (sitegroup.models.pages.home_listings): every change shows on the
next render — a publication, a withdrawal, an article referenced from another site, a pin that expires."""

from datetime import timedelta

import pytest
from django.utils import timezone

from sitegroup.models import ArticlePage
from tests.builders import make_article


def home(client, host="a.localhost") -> str:
    return client.get("/", HTTP_HOST=host).content.decode()


@pytest.mark.django_db
class TestHomeListingsFollowChanges:
    def test_a_published_article_shows_on_the_next_render(self, client, site_group):
        home(client)
        make_article(site_group["columns"]["a"], "刚刚发布的招生通知")
        assert "刚刚发布的招生通知" in home(client)

    def test_a_withdrawn_article_is_gone_on_the_next_render(self, client, site_group):
        article = make_article(site_group["columns"]["a"], "即将撤下的稿件")
        assert "即将撤下的稿件" in home(client)
        article.unpublish()
        assert "即将撤下的稿件" not in home(client)

    def test_a_referenced_article_of_another_site_follows_its_withdrawal(self, client, site_group):
        article = make_article(site_group["columns"]["b"], "民政局引用到教育局的稿件", publish=False)
        article.also_in_columns.set([site_group["columns"]["a"]])
        article.save_revision().publish()
        assert "民政局引用到教育局的稿件" in home(client)
        ArticlePage.objects.get(pk=article.pk).unpublish()  # purges 民政局's pages, not 教育局's home page
        assert "民政局引用到教育局的稿件" not in home(client)

    def test_an_expired_pin_drops_back_into_date_order_on_the_next_render(self, client, site_group, monkeypatch):
        now = timezone.now()
        column = site_group["columns"]["a"]
        make_article(
            column,
            "置顶到明天的旧通知",
            publish_time=now - timedelta(days=30),
            is_pinned=True,
            pinned_until=now + timedelta(days=1),
        )
        make_article(column, "今天的新通知", publish_time=now - timedelta(minutes=1))
        page = home(client)
        assert '<span class="sg-pin">置顶</span>置顶到明天的旧通知' in page
        assert page.index("置顶到明天的旧通知") < page.index("今天的新通知")
        monkeypatch.setattr(timezone, "now", lambda: now + timedelta(days=1, minutes=1))
        page = home(client)
        assert '<span class="sg-pin">置顶</span>置顶到明天的旧通知' not in page
        assert page.index("今天的新通知") < page.index("置顶到明天的旧通知")
