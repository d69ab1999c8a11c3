"""Admin wiring of 政府网站工作年度报表 (imported by sitegroup.wagtail_hooks): URLs, menu item, log actions."""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem


@hooks.register("register_admin_urls")
def website_report_admin_urls():
    from sitegroup.views import website_report as views

    prefix = "sitegroup/website-reports/<int:organisation_pk>/<int:year>/"
    return [
        path("sitegroup/website-reports/", views.index, name="sitegroup_website_report_admin"),
        path(prefix, views.edit, name="sitegroup_website_report_edit"),
        path(prefix + "publish/", views.publish, name="sitegroup_website_report_publish"),
        path(prefix + "unpublish/", views.unpublish, name="sitegroup_website_report_unpublish"),
    ]


class WebsiteReportMenuItem(MenuItem):
    def is_shown(self, request):
        from sitegroup.views.website_report import _organisations

        return _organisations(request.user).exists()


@hooks.register("register_admin_menu_item")
def website_report_menu_item():
    return WebsiteReportMenuItem(
        "网站年度报表", reverse("sitegroup_website_report_admin"), icon_name="table", order=245
    )
