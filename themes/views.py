"""Visitor-side theme views."""

from django.http import HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme

from themes.context_processors import ELDER_COOKIE


def toggle_elder_mode(request):
    """Switch the elder-friendly mode on or off with a cookie and go back (a plain link works without JS)."""
    target = request.GET.get("next") or "/"
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=False):
        target = "/"
    response = HttpResponseRedirect(target)
    if request.COOKIES.get(ELDER_COOKIE) == "1":
        response.delete_cookie(ELDER_COOKIE)
    else:
        response.set_cookie(ELDER_COOKIE, "1", max_age=365 * 24 * 3600, samesite="Lax")
    return response
