"""The demo site group that `make run` loads: real bodies, columns, articles, one account per role."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from wagtail.images.models import Image
from wagtail.models import Site

from sitegroup.demo import images, names, texts
from sitegroup.demo.topics import PER_SUBCOLUMN
from sitegroup.models import ArticlePage, ColumnPage, Organisation, OrganisationKind, TopicPage

SEED_NAMES = ("丹徒区教育局", "丹徒区民政局", "丹徒区财政局", "丹徒区卫生局", "丹徒区高桥镇人民政府")


def test_demo_articles_are_cut_from_the_seed_documents():
    articles = texts.articles(30)
    seed_text = "".join(path.read_text(encoding="utf-8") for path in texts.SEED_DIR.glob("*.txt"))
    seed_text = "".join(seed_text.split()).replace("\u3000", "")
    assert len({article.title for article in articles}) >= 25
    for article in articles:
        assert 4 <= len(article.title) <= 32
        assert all("".join(paragraph.split()) in seed_text for paragraph in article.paragraphs)
        assert "lorem" not in article.title.lower()


def _when(count):
    from datetime import datetime, timedelta
    from zoneinfo import ZoneInfo

    start = datetime(2026, 12, 2, 10, tzinfo=ZoneInfo("Asia/Shanghai"))
    return [start - timedelta(hours=7 * number) for number in range(count)]


def test_demo_headlines_read_like_a_county_newsroom_and_bodies_come_from_the_seeds():
    seed_text = "".join(path.read_text(encoding="utf-8") for path in texts.SEED_DIR.glob("*.txt"))
    seed_text = "".join(seed_text.split()).replace("\u3000", "")
    used: set[str] = set()
    news = texts.headline_articles("丹徒区政府", "news", _when(22), share=0, shares=6, used=used)
    notices = texts.headline_articles("丹徒区政府", "notice", _when(22), share=0, shares=6, used=used)
    edu = texts.headline_articles("区教育局", "news", _when(22), share=1, shares=6, used=used)
    titles = [article.title for article in news + notices + edu]
    assert len(set(titles)) == len(titles) == 66  # no headline twice in the demo
    assert any("2026年冬季" in title and title.endswith("工作部署会") for title in titles)
    assert all(title.startswith("关于") or "公告" in title for title in (a.title for a in notices))
    assert any("2027年度" in title and title.endswith("工作的通知") for title in (a.title for a in notices))
    assert any(subject in edu[0].title for subject in texts.SUBJECTS["区教育局"])
    for article in news:
        assert article.paragraphs[0].startswith(("12月", "11月")) and article.title in article.paragraphs[0]
        assert all("".join(paragraph.split()) in seed_text for paragraph in article.paragraphs[1:])
    # No seed paragraph on two sites: each site draws from its own share of the seeds.
    portal_paragraphs = {p for article in news + notices for p in article.paragraphs[1:]}
    edu_paragraphs = {p for article in edu for p in article.paragraphs[1:]}
    assert portal_paragraphs and edu_paragraphs and not portal_paragraphs & edu_paragraphs
    # Deterministic.
    again = texts.headline_articles("丹徒区政府", "news", _when(22), share=0, shares=6, used=set())
    assert [article.title for article in again] == [article.title for article in news]


def test_demo_people_have_distinct_chinese_names():
    run = names.full_names()
    people = [next(run) for _ in range(40)]
    assert len(set(people)) == 40
    assert all(2 <= len(name) <= 3 and all("\u4e00" <= char <= "\u9fff" for char in name) for name in people)


def test_demo_pictures_are_photo_like_scenes_and_labelled_charts():
    import io

    from PIL import Image as PILImage
    from PIL import ImageStat

    data, description = images.draw_scene(3)
    picture = PILImage.open(io.BytesIO(data))
    assert picture.format == "JPEG" and description.startswith("示意图：")
    assert len(picture.convert("RGB").getcolors(maxcolors=1_000_000) or []) > 5000  # not flat shapes
    assert min(ImageStat.Stat(picture).stddev) > 10
    data, description = images.draw_chart(0)
    assert description.startswith("统计图：") and "亿元" in description
    assert PILImage.open(io.BytesIO(data)).size == (960, 540)


@pytest.mark.django_db
def test_load_demo_builds_the_site_group(tmp_path, capsys, settings):
    settings.DISCLOSURE_DEMO_ITEMS_PER_SITE = 2
    accounts = tmp_path / "accounts.txt"
    call_command("load_demo", "--articles-per-column=3", f"--accounts-file={accounts}")
    output = capsys.readouterr().out
    kinds = dict(Organisation.objects.values_list("name", "kind"))
    assert kinds["镇江市丹徒区人民政府"] == OrganisationKind.PORTAL
    assert all(name in kinds for name in SEED_NAMES)
    assert sum(kind == OrganisationKind.DEPARTMENT for kind in kinds.values()) >= 3
    assert OrganisationKind.TOWNSHIP in kinds.values()
    assert Site.objects.get(is_default_site=True).hostname == "localhost"
    assert Site.objects.filter(hostname="edu.localhost").exists()
    rules = ColumnPage.objects.filter(slug="rules")  # each disclosure column's 制度 column holds one document
    # The portal's 部门信息 column lists submissions; 教育局 has one more article (the hot-word one).
    # 专题 (special topics) on the portal and two sub-sites; their sub-columns hold PER_SUBCOLUMN articles each.
    topics = TopicPage.objects.live()
    assert topics.count() >= 3 and all(topic.banner_image_id and topic.banner_alt for topic in topics)
    topic_columns = ColumnPage.objects.filter(depth=topics.first().depth + 1).filter(
        path__regex="^(" + "|".join(topic.path for topic in topics) + ")"
    )
    columns = ColumnPage.objects.exclude(pk__in=rules).exclude(accepts_submissions=True).exclude(pk__in=topic_columns)
    health_examples = ArticlePage.objects.live().filter(slug__in=("education-annals", "funding-publicity"))
    assert health_examples.count() == 2  # the health monitor's demo problems (sitegroup/demo/health.py)
    # The editor media demo's notice with Word/Excel attachments (sitegroup/demo/media.py).
    media_notice = ArticlePage.objects.live().get(slug="winter-fire-patrol-2026")
    assert media_notice.attachments.count() == 2
    articles = ArticlePage.objects.live().exclude(pk__in=health_examples).exclude(pk=media_notice.pk)
    link_outs = articles.exclude(link_url="", link_page__isnull=True)  # sitegroup/demo/editor_features.py
    assert link_outs.count() == 2 and link_outs.filter(link_url="https://www.gov.cn/yaowen/").exists()
    articles = articles.exclude(pk__in=link_outs)
    assert ArticlePage.objects.live().filter(is_pinned=True).count() == 3
    assert ArticlePage.objects.live().filter(also_in_columns__isnull=False).distinct().count() == 2
    expected = columns.count() * 3 + topic_columns.count() * PER_SUBCOLUMN + rules.count() + 1
    assert columns.count() >= 15 and articles.count() == expected
    assert len(set(ArticlePage.objects.values_list("title", flat=True))) > articles.count() * 0.9
    staff = get_user_model().objects.filter(username__in=("edu_editor", "edu_reviewer", "portal_chief"))
    assert len({user.first_name for user in staff}) == 3 and all(len(user.first_name) in (2, 3) for user in staff)
    assert not ArticlePage.objects.get(slug="summer-safety-meeting").live  # the draft with a wrong form
    assert Image.objects.count() >= 20
    usernames = set(get_user_model().objects.values_list("username", flat=True))
    for expected in (
        "admin",
        "edu_editor",
        "edu_reviewer",
        "edu_siteadmin",
        "edu_handler",
        "portal_chief",
        "publicity",
        "supervisor",
        "multi_role",
    ):
        assert expected in usernames and expected in output
    lines = accounts.read_text(encoding="utf-8").splitlines()
    username, password = lines[1].split()[:2]
    assert get_user_model().objects.get(username=username).check_password(password)

    _assert_operations_demo()

    from themes.models import ThemeSettings

    assert ThemeSettings.for_site(Site.objects.get(hostname="localhost")).theme == "portal"
    assert ThemeSettings.for_site(Site.objects.get(hostname="gaoqiao.localhost")).theme == "department"

    _assert_portal_home_blocks()

    call_command("load_demo", f"--accounts-file={accounts}")
    assert "跳过" in capsys.readouterr().out
    assert Organisation.objects.count() == len(kinds)


def _assert_portal_home_blocks():
    from django.test import Client

    home = Client().get("/", HTTP_HOST="localhost").content.decode()
    for block in (
        "图片新闻",
        "要闻动态",
        "通知公告",
        "政策文件",
        "政策解读",
        "政府信息公开",
        "专题专栏",
        "部门与乡镇网站",
    ):
        assert f">{block}<" in home, block
    assert "乡村振兴在丹徒" in home and "丹徒区高桥镇人民政府" in home and "sg-banner" in home


def _assert_operations_demo():
    from django.test import Client

    from sitegroup.models import HotWord, Submission, SubmissionState

    states = set(Submission.objects.values_list("state", flat=True))
    assert {SubmissionState.PENDING, SubmissionState.ACCEPTED, SubmissionState.REJECTED} <= states
    assert all(reason for reason in Submission.objects.filter(state="rejected").values_list("reason", flat=True))
    updated = Submission.objects.get(state=SubmissionState.ACCEPTED, title__endswith="（更新）")
    assert updated.synced_at is not None
    assert HotWord.objects.filter(site__isnull=True).exists() and HotWord.objects.filter(site__isnull=False).exists()
    client = Client()
    portal = client.get("/bmxx/", HTTP_HOST="localhost").content.decode()
    assert "来源：丹徒区教育局" in portal and "（更新）" in portal
    article = client.get("/news/yiwu-jiaoyu/", HTTP_HOST="edu.localhost").content.decode()
    assert '<a class="hot-word" href="https://www.moe.gov.cn/jyb_sjzl/">义务教育</a>' in article
    assert '<a class="hot-word" href="https://www.gov.cn/zhengce/xxgk/">政府信息公开</a>' in article
