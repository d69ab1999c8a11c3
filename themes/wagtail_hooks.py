"""Theme wiring: page templates per theme, the theme of a new sub-site, the template manager's permissions."""

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


@hooks.register("sitegroup_provision_site")
def provision_theme(provisioned, user=None):
    """A new portal gets the portal theme; a department's or township's site the department theme.

    Settings the site already has are left as they are (provisioning repairs, it does not overwrite).
    """
    theme = "portal" if provisioned.organisation.kind == "portal" else "department"
    ThemeSettings.objects.get_or_create(site=provisioned.site, defaults={"theme": theme})


@hooks.register("sitegroup_demo_portal_banner")
def demo_portal_banner(site, image):
    """The demo portal's banner image under the header (sitegroup.demo.loader makes the picture)."""
    theme_settings = ThemeSettings.for_site(site)
    theme_settings.banner = image
    theme_settings.save()


@hooks.register("sitegroup_platform_permissions")
def template_manager_permissions():
    permission = Permission.objects.get(content_type__app_label="themes", codename="change_themesettings")
    return {"template_manager": [permission]}


__all__ = ["ThemeSettings"]
