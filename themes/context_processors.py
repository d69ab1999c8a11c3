"""Theme context for every public page: theme, tokens, footer facts and visitor modes."""

from wagtail.models import Site

from sitegroup.services import page_cache
from themes import registry
from themes.models import ThemeSettings

ELDER_COOKIE = "elder_mode"


def theme(request):
    if request.path.startswith("/admin/") and not getattr(request, "is_preview", False):
        return {}
    site = Site.find_for_request(request)
    if site is None:
        return {"theme": registry.get(None), "elder_mode": request.COOKIES.get(ELDER_COOKIE) == "1"}
    theme_settings = ThemeSettings.for_request(request)
    # A scheduled mourning period greys every page when it starts and ends: no cached copy lives past that.
    page_cache.expires_at(request, theme_settings.mourning_starts_at)
    page_cache.expires_at(request, theme_settings.mourning_ends_at)
    return {
        "theme": theme_settings.theme_object,
        "theme_settings": theme_settings,
        "current_site": site,
        "elder_mode": request.COOKIES.get(ELDER_COOKIE) == "1",
    }
