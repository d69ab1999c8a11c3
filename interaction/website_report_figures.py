"""Messages, surveys and consultations in 政府网站工作年度报表 (registered through sitegroup's hook)."""

from wagtail import hooks


@hooks.register("sitegroup_annual_report_figures")
def interaction_figures(organisation, year):
    from interaction.models import ConsultationComment, ConsultationPage, Message, SurveyPage, SurveyResponse
    from sitegroup.services.website_report import year_bounds

    messages = Message.objects.filter(organisation=organisation)
    concluded = messages.filter(concluded_on__year=year).values_list("received_on", "concluded_on")
    days = [(done - received).days for received, done in concluded]
    figures = {
        "unified_interaction_platform": True,
        "messages_received": messages.filter(received_on__year=year).count(),
        "messages_concluded": len(days),
        "messages_average_days": f"{sum(days) / len(days):.1f}" if days else "0.0",
        "messages_published": messages.filter(published_on__year=year).count(),
    }
    if organisation.site is None:
        return figures
    start, end = year_bounds(year)
    root = organisation.site.root_page
    held = {"first_published_at__gte": start, "first_published_at__lt": end}
    surveys = SurveyPage.objects.descendant_of(root).filter(**held)
    consultations = ConsultationPage.objects.descendant_of(root).filter(**held)
    opinions = (
        SurveyResponse.objects.filter(survey__in=surveys).count()
        + ConsultationComment.objects.filter(consultation__in=consultations).count()
    )
    return figures | {
        "surveys_held": surveys.count() + consultations.count(),
        "opinions_received": opinions,
        "survey_results_published": surveys.filter(results_public=True).count()
        + consultations.filter(summary_published=True).count(),
    }
