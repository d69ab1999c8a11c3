"""Theme context for every public page: theme, tokens, footer facts and visitor modes."""

from wagtail.models import Site

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
    return {
        "theme": theme_settings.theme_object,
        "theme_settings": theme_settings,
        "current_site": site,
        "elder_mode": request.COOKIES.get(ELDER_COOKIE) == "1",
    }
