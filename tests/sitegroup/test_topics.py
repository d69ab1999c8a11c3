"""专题 (special topics): a banner with alt text, an introduction and sub-columns, listed in the home page's
专题专栏 block; editors add them under a site's home page and nowhere else."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.test.utils.form_data import nested_form_data

from sitegroup.models import ArticlePage, ColumnPage, HomePage, TopicPage
from tests.builders import make_article, make_column

pytestmark = pytest.mark.django_db


def make_topic(home, title="乡村振兴在测试县", *, publish=True, sort_order=100, slug=None) -> TopicPage:
    banner = Image.objects.create(title=f"{title}横幅", file=get_test_image_file())
    topic = TopicPage(
        title=title,
        slug=slug or f"topic-{TopicPage.objects.count() + 1}",
        intro="全面推进乡村振兴，建设宜居宜业和美乡村。",
        banner_image=banner,
        banner_alt=f"{title}：示范村远景",
        sort_order=sort_order,
        live=publish,
    )
    home.add_child(instance=topic)
    revision = topic.save_revision()
    if publish:
        revision.publish()
    return topic


def get(client, host, path="/"):
    return client.get(path, HTTP_HOST=host)


def test_live_topics_show_in_the_home_block_with_banners_in_the_editors_order(client, site_group):
    home = site_group["a"].home_page
    make_topic(home, "安全生产专项整治", sort_order=20)
    make_topic(home, "乡村振兴在测试县", sort_order=10)
    make_topic(home, "尚未发布的专题", publish=False)
    make_topic(site_group["b"].home_page, "民政局的专题")
    body = get(client, "a.localhost").content.decode()
    assert "专题专栏" in body
    assert body.index("乡村振兴在测试县") < body.index("安全生产专项整治")
    assert body.count('class="sg-topics__image"') == 2  # banners; the title names the link, so alt=""
    assert "尚未发布的专题" not in body and "民政局的专题" not in body


def test_a_site_without_topics_shows_no_topic_block(client, site_group):
    assert "专题专栏" not in get(client, "b.localhost").content.decode()


def test_the_topic_page_shows_its_banner_intro_and_sub_columns_with_their_articles(client, site_group):
    topic = make_topic(site_group["a"].home_page, slug="xczx")
    policies = make_column(topic, "政策措施", "zhengce", "policy")
    news = make_column(topic, "镇村动态", "zhencun", "news")
    make_article(policies, "关于印发乡村振兴实施方案的通知")
    article = make_article(news, "高桥镇扎实推进农村人居环境整治")
    body = get(client, "a.localhost", "/xczx/").content.decode()
    assert '<h1 id="topic-title" class="sg-page-title">乡村振兴在测试县</h1>' in body
    assert 'alt="乡村振兴在测试县：示范村远景"' in body and "全面推进乡村振兴" in body
    assert "政策措施" in body and "关于印发乡村振兴实施方案的通知" in body
    assert "镇村动态" in body and "高桥镇扎实推进农村人居环境整治" in body
    listing = get(client, "a.localhost", "/xczx/zhencun/").content.decode()
    assert "高桥镇扎实推进农村人居环境整治" in listing and "关于印发乡村振兴实施方案的通知" not in listing
    assert get(client, "a.localhost", f"/xczx/zhencun/{article.slug}/").status_code == 200


def test_topic_page_queries_do_not_grow_with_articles(client, site_group):
    topic = make_topic(site_group["a"].home_page, slug="xczx")
    column = make_column(topic, "镇村动态", "zhencun", "news")
    make_article(column, "第一篇")
    get(client, "a.localhost", "/xczx/")
    with CaptureQueriesContext(connection) as before:
        get(client, "a.localhost", "/xczx/")
    for number in range(10):
        make_article(column, f"批量稿件{number}")
    with CaptureQueriesContext(connection) as after:
        get(client, "a.localhost", "/xczx/")
    assert len(after) <= len(before) <= 25


def test_page_type_rules_keep_topics_under_home_pages():
    assert TopicPage in HomePage.clean_subpage_models()
    assert TopicPage not in ColumnPage.clean_subpage_models()
    assert TopicPage.clean_subpage_models() == [ColumnPage]
    assert ArticlePage not in TopicPage.clean_subpage_models()


class TestEditorAddsATopic:
    def test_the_topic_type_is_offered_under_the_home_page_not_under_a_column(self, client, site_group):
        client.force_login(site_group["users"]["a_editor"])
        home = site_group["a"].home_page
        offered = client.get(f"/admin/pages/{home.pk}/add_subpage/").content.decode()
        assert "/admin/pages/add/sitegroup/topicpage/" in offered and "专题" in offered
        column = site_group["columns"]["a"]
        under_column = client.get(f"/admin/pages/{column.pk}/add_subpage/").content.decode()
        assert "/admin/pages/add/sitegroup/topicpage/" not in under_column
        refused = client.get(f"/admin/pages/add/sitegroup/topicpage/{column.pk}/")
        assert refused.status_code in (302, 403)
        assert not TopicPage.objects.exists()

    def test_the_banner_needs_its_alt_text(self, client, site_group):
        client.force_login(site_group["users"]["a_editor"])
        home = site_group["a"].home_page
        banner = Image.objects.create(title="横幅", file=get_test_image_file())
        form = {"title": "优化营商环境", "slug": "", "banner_image": banner.pk, "intro": "", "sort_order": "10"}
        url = f"/admin/pages/add/sitegroup/topicpage/{home.pk}/"
        body = client.get(url).content.decode()
        assert "专题横幅图片" in body and "横幅图片替代文字" in body and "专题介绍" in body
        # A draft may be saved unfinished (autosave); submitting it for review needs the alt text.
        refused = client.post(url, nested_form_data({**form, "banner_alt": "", "action-submit": "提交审核"}))
        assert refused.status_code == 200 and refused.context["form"].errors["banner_alt"] == ["必需字段"]
        assert not TopicPage.objects.exists()
        saved = client.post(
            url, nested_form_data({**form, "banner_alt": "政务服务中心外景", "action-submit": "提交审核"})
        )
        assert saved.status_code == 302, saved.content.decode()[-2000:]
        topic = TopicPage.objects.get()
        assert topic.get_parent().pk == home.pk and topic.slug == "you-hua-ying-shang-huan-jing"
        assert topic.banner_alt == "政务服务中心外景" and not topic.live and topic.workflow_in_progress
