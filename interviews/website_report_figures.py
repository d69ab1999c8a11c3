"""Interviews in 政府网站工作年度报表 (registered through sitegroup's hook)."""

from wagtail import hooks


@hooks.register("sitegroup_annual_report_figures")
def interview_figures(organisation, year):
    from interviews.models import InterviewPage, Question, QuestionState

    if organisation.site is None:
        return {}
    interviews = InterviewPage.objects.descendant_of(organisation.site.root_page).live().filter(starts_at__year=year)
    questions = Question.objects.filter(interview__in=interviews)
    return {
        "interviews_held": interviews.count(),
        "interview_questions": questions.count(),
        "interview_answered": questions.filter(state=QuestionState.ANSWERED).count(),
    }
