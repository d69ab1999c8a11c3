"""Demo of the site-group operations: 信息报送 in every state and 扩展热字 in article bodies.

Runs at the end of `load_demo`, when every organisation and account exists:
- the portal gets the column 部门信息 (accepts submissions);
- departments submit articles: pending, accepted, rejected with a reason, and accepted then the
  original updated (republished — the portal entry follows);
- hot words: two group-wide, two for 教育局 only; an 教育局 article shows them linked.
"""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from sitegroup.models import ArticlePage, ColumnPage, ColumnType, HotWord, Organisation, OrganisationKind
from sitegroup.services import submissions

PORTAL_COLUMN = ("部门信息", "bmxx")
HOT_WORDS = (
    ("政府信息公开", "https://www.gov.cn/zhengce/xxgk/", None),
    ("政务服务", "https://gjzwfw.www.gov.cn/", None),
    ("义务教育", "https://www.moe.gov.cn/jyb_sjzl/", "edu"),
    ("课后服务", "/news/", "edu"),
)
HOT_WORD_ARTICLE = (
    "区教育局推进义务教育优质均衡发展",
    [
        "<p>近日，区教育局召开专题会议，部署推进义务教育优质均衡发展工作。会议要求，"
        "各学校要落实课后服务，扩大优质教育资源覆盖面，让每个孩子都能享有公平而有质量的教育。</p>",
        "<h2>做好政府信息公开</h2>",
        "<p>会议强调，要按照《中华人民共和国政府信息公开条例》做好政府信息公开工作，"
        "及时发布招生入学、学校布局等信息，并依托区政务服务平台提供入学报名“一网通办”。</p>",
    ],
)


def _user(username):
    return get_user_model().objects.get(username=username)


def _articles(organisation, slug_prefix):
    """The organisation's live articles, those whose slug starts with `slug_prefix` (its news) first:
    a small demo (one article per column) still has enough to submit."""
    live = ArticlePage.objects.live().descendant_of(organisation.site.root_page).order_by("-publish_time")
    preferred = list(live.filter(slug__startswith=slug_prefix))
    return preferred + list(live.exclude(pk__in=[page.pk for page in preferred]))


def load(admin) -> None:
    portal = Organisation.objects.get(kind=OrganisationKind.PORTAL)
    home = portal.site.root_page
    column = ColumnPage(
        title=PORTAL_COLUMN[0],
        slug=PORTAL_COLUMN[1],
        column_type=ColumnType.NEWS,
        show_in_menus=True,
        accepts_submissions=True,
        description="各部门、各镇报送并经门户采用的政务信息。",
    )
    home.add_child(instance=column)
    column.save_revision(user=admin).publish(user=admin)
    chief = _user("portal_chief")
    edu, mz, cz = (Organisation.objects.with_site().get(hostname__startswith=f"{sub}.") for sub in ("edu", "mz", "cz"))

    # The article that shows the hot words (教育局 news), published like the other demo articles.
    edu_news = ColumnPage.objects.child_of(edu.site.root_page).get(slug="news")
    title, paragraphs = HOT_WORD_ARTICLE
    article = ArticlePage(
        title=title,
        slug="yiwu-jiaoyu",
        source=edu.name,
        publish_time=timezone.now() - timedelta(minutes=30),
        summary="区教育局部署推进义务教育优质均衡发展，做好政府信息公开。",
        body=[{"type": "paragraph", "value": html} for html in paragraphs],
    )
    edu_news.add_child(instance=article)
    article.save_revision(user=_user("edu_editor")).publish(user=_user("edu_reviewer"), skip_permission_checks=True)

    for word, url, subdomain in HOT_WORDS:
        site = edu.site if subdomain == "edu" else None
        HotWord.objects.create(word=word, url=url, site=site)

    edu_articles = [article, *[page for page in _articles(edu, "news-") if page.pk != article.pk]]
    edu_editor, mz_editor, cz_editor = _user("edu_editor"), _user("mz_editor"), _user("cz_editor")
    # 教育局: accepted (the hot-word article), accepted then the original updated, rejected, pending.
    accepted = submissions.submit(edu_articles[0], column, edu_editor, "请门户采用")
    submissions.accept(accepted, chief)
    updated = submissions.submit(edu_articles[1], column, edu_editor)
    submissions.accept(updated, chief)
    original = edu_articles[1]
    original.title = f"{original.title}（更新）"
    original.save_revision(user=edu_editor).publish(user=_user("edu_reviewer"), skip_permission_checks=True)
    rejected = submissions.submit(edu_articles[2], column, edu_editor)
    submissions.reject(rejected, chief, "内容属部门内部事务，不宜在门户转载。")
    submissions.submit(edu_articles[3], column, edu_editor, "建议在部门信息栏目发布")
    # 民政局 and 财政局: one accepted, one pending; one rejected.
    mz_articles = _articles(mz, "news-")
    submissions.accept(submissions.submit(mz_articles[0], column, mz_editor), chief)
    submissions.submit(mz_articles[1], column, mz_editor)
    cz_articles = _articles(cz, "news-")
    submissions.reject(submissions.submit(cz_articles[0], column, cz_editor), chief, "与已发布信息重复。")
