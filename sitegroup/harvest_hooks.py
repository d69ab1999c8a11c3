"""Admin wiring of 信息抓取 (imported by sitegroup.wagtail_hooks): URLs, the menu item for site admins, log actions."""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem


@hooks.register("register_admin_urls")
def harvest_admin_urls():
    from sitegroup.views import harvest as views

    return [
        path("sitegroup/harvest/", views.index, name="sitegroup_harvest"),
        path("sitegroup/harvest/add/", views.edit, name="sitegroup_harvest_add"),
        path("sitegroup/harvest/<int:pk>/", views.detail, name="sitegroup_harvest_source"),
        path("sitegroup/harvest/<int:pk>/edit/", views.edit, name="sitegroup_harvest_edit"),
        path("sitegroup/harvest/<int:pk>/run/", views.run_now, name="sitegroup_harvest_run"),
    ]


class HarvestMenuItem(MenuItem):
    def is_shown(self, request):
        from sitegroup.services.harvest import organisations_managed_by

        return organisations_managed_by(request.user).exists()


@hooks.register("register_admin_menu_item")
def harvest_menu_item():
    return HarvestMenuItem("信息抓取", reverse("sitegroup_harvest"), icon_name="download", order=240)


@hooks.register("register_log_actions")
def harvest_log_actions(actions):
    actions.register_action("sitegroup.harvest", "信息抓取", "执行信息抓取")
