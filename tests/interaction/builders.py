"""Builders for 政民互动 test data: a survey, a consultation and an e-form page under a site home."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from interaction.models import ConsultationPage, EFormField, EFormPage, QuestionKind, SurveyPage, SurveyQuestion


def make_survey(home, *, title="城乡居民医保服务满意度调查", slug="survey", days_open=(-1, 10), results_public=True):
    now = timezone.now()
    survey = SurveyPage(
        title=title,
        slug=slug,
        opens_at=now + timedelta(days=days_open[0]),
        closes_at=now + timedelta(days=days_open[1]),
        results_public=results_public,
    )
    home.add_child(instance=survey)
    specs = [
        ("您参加的是哪种医保？", QuestionKind.SINGLE, "城乡居民医保\n职工医保\n没有参保", True),
        ("您用过哪些服务？", QuestionKind.MULTIPLE, "医保报销\n异地就医备案\n缴费查询", False),
        ("您对医保报销速度的评价", QuestionKind.RATING, "", True),
        ("您的建议", QuestionKind.TEXT, "", False),
    ]
    for order, (text, kind, options, required) in enumerate(specs):
        SurveyQuestion.objects.create(
            survey=survey, sort_order=order, text=text, kind=kind, options=options, is_required=required
        )
    survey.save_revision().publish()
    return SurveyPage.objects.get(pk=survey.pk)


def make_consultation(home, *, slug="consultation", days_open=(-1, 10), summary_published=False):
    now = timezone.now()
    page = ConsultationPage(
        title="《农村危房改造补助办法（征求意见稿）》征求意见",
        slug=slug,
        document_title="农村危房改造补助办法（征求意见稿）",
        draft_body="<p>第一条 为做好农村危房改造工作，制定本办法。</p>",
        opens_at=now + timedelta(days=days_open[0]),
        closes_at=now + timedelta(days=days_open[1]),
        summary_published=summary_published,
    )
    home.add_child(instance=page)
    page.save_revision().publish()
    return ConsultationPage.objects.get(pk=page.pk)


def make_eform(home, *, slug="signup", days_open=(-1, 10)):
    now = timezone.now()
    page = EFormPage(
        title="政府开放日报名",
        slug=slug,
        opens_at=now + timedelta(days=days_open[0]),
        closes_at=now + timedelta(days=days_open[1]),
    )
    home.add_child(instance=page)
    for order, (label, field_type, choices, required) in enumerate(
        [
            ("姓名", "singleline", "", True),
            ("参加场次", "dropdown", "上午场\n下午场", True),
            ("备注", "multiline", "", False),
        ]
    ):
        EFormField.objects.create(
            page=page, sort_order=order, label=label, field_type=field_type, choices=choices, required=required
        )
    page.save_revision().publish()
    return EFormPage.objects.get(pk=page.pk)
