"""Small public endpoints: robots.txt pointing at each site's sitemap, the CSRF token of cached pages' forms."""

from django.http import HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


def robots_txt(request):
    lines = ["User-agent: *", "Disallow: /admin/", f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}"]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@never_cache
@require_GET
def csrf_token(request):
    """The visitor's CSRF token (and its cookie) for a form on a cached page ({% csrf_field %},
    sitegroup/static/sitegroup/csrf-field.js): the cached page itself carries no token."""
    return JsonResponse({"token": get_token(request)})
