"""The home page's lists, kept per process (sitegroup.models.pages.home_listings): every change shows on the
next render — a publication, a withdrawal, an article referenced from another site, a pin that expires."""

from datetime import timedelta

import pytest
from django.utils import timezone

from sitegroup.lib.page_cache import seconds_until_midnight
from sitegroup.models import ArticlePage
from tests.builders import make_article


def home(client, host="a.localhost") -> str:
    return client.get("/", HTTP_HOST=host).content.decode()


@pytest.fixture(autouse=True)
def _kept_right_after_a_purge(settings):
    settings.PAGE_CACHE_RACE_MARGIN_SECONDS = 0.0  # else what is built within a second of a purge is not kept


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
        # Halfway to midnight: the lists kept would last until midnight without the pin's own end.
        pin_ends = now + timedelta(seconds=seconds_until_midnight(timezone.localtime()) / 2)
        column = site_group["columns"]["a"]
        make_article(
            column,
            "置顶到傍晚的旧通知",
            publish_time=now - timedelta(days=30),
            is_pinned=True,
            pinned_until=pin_ends,
        )
        make_article(column, "今天的新通知", publish_time=now - timedelta(minutes=1))
        page = home(client)
        assert '<span class="sg-pin">置顶</span>置顶到傍晚的旧通知' in page
        assert page.index("置顶到傍晚的旧通知") < page.index("今天的新通知")
        monkeypatch.setattr(timezone, "now", lambda: pin_ends + timedelta(seconds=1))
        page = home(client)
        assert '<span class="sg-pin">置顶</span>置顶到傍晚的旧通知' not in page
        assert page.index("今天的新通知") < page.index("置顶到傍晚的旧通知")
