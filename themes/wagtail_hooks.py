"""Theme wiring: page templates per theme, and the template manager's permissions."""

from django.contrib.auth.models import Permission
from wagtail import hooks
from wagtail.models import Site

from themes.models import ThemeSettings


@hooks.register("sitegroup_page_templates")
def theme_page_templates(page, request, default_template):
    # The request's settings, not the page's site: the theme preview injects unsaved settings there.
    if request is None or Site.find_for_request(request) is None:
        return []
    return [ThemeSettings.for_request(request).theme_object.template_for(default_template)]


@hooks.register("sitegroup_configure_demo_site")
def demo_theme(site, organisation_kind):
    """The portal keeps the portal theme; departments and townships get the department theme."""
    theme_settings = ThemeSettings.for_site(site)
    theme_settings.theme = "portal" if organisation_kind == "portal" else "department"
    theme_settings.save()


@hooks.register("sitegroup_platform_permissions")
def template_manager_permissions():
    permission = Permission.objects.get(content_type__app_label="themes", codename="change_themesettings")
    return {"template_manager": [permission]}


__all__ = ["ThemeSettings"]
