"""URL map: Wagtail admin and documents, site-group views, then Wagtail's page tree."""

from django.conf import settings
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from search import urls as search_urls
from sitegroup import urls as sitegroup_urls
from sitegroup.services import page_cache
from sitegroup.views import pages
from themes import urls as themes_urls

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    # The sitemap lists every page of its site: cached until a page of the site changes (its home page's tag).
    path("sitemap.xml", page_cache.cacheable_view(page_cache.site_home_tags)(sitemap), name="sitemap"),
    path("", include(sitegroup_urls)),
    path("", include(themes_urls)),
    path("", include(search_urls)),
]

if settings.DEBUG or settings.SERVE_MEDIA:
    from django.views.static import serve

    # django.conf.urls.static.static() serves nothing with DEBUG off; the embedded default needs media then too.
    # Documents are left out: they are served by Wagtail's serve_view, which checks their privacy.
    urlpatterns += [re_path(r"^media/(?!documents/)(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT})]

# Wagtail's page view, routed from the site's kept root page (sitegroup.services.routing); Wagtail's own
# pattern stays for reverse("wagtail_serve").
urlpatterns += [
    re_path(wagtail_urls.serve_pattern, pages.serve, name="sitegroup_serve"),
    path("", include(wagtail_urls)),
]

handler400 = "sitegroup.views.errors.bad_request"
handler403 = "sitegroup.views.errors.permission_denied"
handler404 = "sitegroup.views.errors.page_not_found"
handler500 = "sitegroup.views.errors.server_error"
