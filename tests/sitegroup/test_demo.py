"""The demo site group that `make run` loads: real bodies, columns, articles, one account per role."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from wagtail.images.models import Image
from wagtail.models import Site

from sitegroup.demo import texts
from sitegroup.models import ArticlePage, ColumnPage, Organisation, OrganisationKind

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
    columns = ColumnPage.objects.exclude(pk__in=rules).exclude(accepts_submissions=True)
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
    assert columns.count() >= 15 and articles.count() == columns.count() * 3 + rules.count() + 1
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

    call_command("load_demo", f"--accounts-file={accounts}")
    assert "跳过" in capsys.readouterr().out
    assert Organisation.objects.count() == len(kinds)


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
