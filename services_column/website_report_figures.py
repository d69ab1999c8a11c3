"""The service column's rows of 政府网站工作年度报表 (registered through sitegroup's hook)."""

from wagtail import hooks


@hooks.register("sitegroup_annual_report_figures")
def service_figures(organisation, year):
    from services_column.models import ServiceItemPage
    from services_column.models.applications import ApplicantKind, ServiceApplication
    from services_column.models.items import OnlineDepth

    if organisation.site is None:
        return {}
    items = ServiceItemPage.objects.descendant_of(organisation.site.root_page).live()
    applications = ServiceApplication.objects.filter(organisation=organisation, received_on__year=year)
    count = items.count()
    return {
        "service_catalogue_published": count > 0,
        "service_items": count,
        "service_items_online": items.filter(online_depth=OnlineDepth.FULLY_ONLINE).count(),
        "applications_total": applications.count(),
        "applications_person": applications.filter(applicant_kind=ApplicantKind.PERSON).count(),
        "applications_legal_person": applications.filter(applicant_kind=ApplicantKind.LEGAL_PERSON).count(),
    }
