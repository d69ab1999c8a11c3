"""Demo content for the site health monitor: real problems it finds in the demo site group — wrong
forms (错敏词) in a live article and a draft, a broken link, a column left without updates."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from sitegroup.models import ArticlePage, ColumnPage, Organisation

WRONG_FORM_ARTICLE = (
    "原丹徒县教育志编纂工作启动",
    [
        "为系统记录全区教育事业发展历程，区教育局启动《丹徒教育志》续修工作。",
        "续修范围上接原丹徒县教育志，下至2025年，重点记录撤县设区以来学校布局调整、教师队伍建设和教育信息化等内容。",
        "欢迎社会各界提供史料线索，联系电话：0511-85621101。",
    ],
)
BROKEN_LINK_ARTICLE = (
    "关于做好2026年秋季学期资助政策宣传的通知",
    [
        "各中小学、幼儿园：为做好家庭经济困难学生资助工作，现将有关事项通知如下。",
        '资助政策问答见<a href="/notices/funding-faq-2025/">学生资助政策问答（2025版）</a>，请各校组织学习。',
    ],
)
WRONG_FORM_DRAFT = (
    "区教育局召开暑期校园安全工作会议",
    [
        "7月5日，区教育局召开暑期校园安全工作会议，部署防溺水、交通安全和校舍安全工作。",
        "会议传达了原丹徒县学校安全工作经验汇编的有关要求，强调要压紧压实安全责任。",
    ],
)


def _user(username: str):
    return get_user_model().objects.get(username=username)


def _article(column, title, paragraphs, *, publish: bool, editor, reviewer, slug: str) -> ArticlePage:
    article = ArticlePage(
        title=title,
        slug=slug,
        source=column.get_site().site_name,
        author=f"{editor.last_name}{editor.first_name}",
        publish_time=timezone.now() - timedelta(hours=1),
        summary=paragraphs[0][:120],
        body=[{"type": "paragraph", "value": f"<p>{paragraph}</p>"} for paragraph in paragraphs],
        live=publish,
    )
    column.add_child(instance=article)
    revision = article.save_revision(user=editor)
    if publish:
        # Demo articles stand for ones the reviewer approved (reviewers hold no publish permission).
        revision.publish(user=reviewer, skip_permission_checks=True)
    return article


def add_health_examples() -> None:
    education = Organisation.objects.get(code="014349001")
    home = education.site.root_page
    editor, reviewer = _user("edu_editor"), _user("edu_reviewer")
    news = ColumnPage.objects.child_of(home).get(slug="news")
    notices = ColumnPage.objects.child_of(home).get(slug="notices")
    _article(news, *WRONG_FORM_ARTICLE, publish=True, editor=editor, reviewer=reviewer, slug="education-annals")
    _article(notices, *BROKEN_LINK_ARTICLE, publish=True, editor=editor, reviewer=reviewer, slug="funding-publicity")
    _article(news, *WRONG_FORM_DRAFT, publish=False, editor=editor, reviewer=reviewer, slug="summer-safety-meeting")

    # 高桥镇 has not updated its news column for three weeks (its notices are current).
    township = Organisation.objects.get(code="014349101")
    township_news = ColumnPage.objects.child_of(township.site.root_page).get(slug="news")
    three_weeks = timedelta(days=21)
    for article in ArticlePage.objects.child_of(township_news):
        ArticlePage.objects.filter(pk=article.pk).update(
            publish_time=article.publish_time - three_weeks,
            first_published_at=article.first_published_at - three_weeks,
            last_published_at=article.last_published_at - three_weeks,
        )
