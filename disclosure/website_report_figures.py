"""The disclosure column's rows of 政府网站工作年度报表 (registered through sitegroup's hook)."""

from wagtail import hooks


@hooks.register("sitegroup_annual_report_figures")
def disclosure_figures(organisation, year):
    from disclosure.models import DisclosureItemPage
    from sitegroup.services.website_report import year_bounds

    if organisation.site is None:
        return {}
    start, end = year_bounds(year)
    items = DisclosureItemPage.objects.descendant_of(organisation.site.root_page)
    return {"info_disclosure": items.filter(first_published_at__gte=start, first_published_at__lt=end).count()}
