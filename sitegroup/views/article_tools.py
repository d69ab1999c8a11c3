"""Public helpers of an article page: its QR code, and the online preview of its attachments."""

from django.http import Http404, HttpResponse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe
from wagtail.models import Site

from sitegroup.lib.qr import qr_png
from sitegroup.models import ArticlePage


def live_article_on_site(request, page_id: int) -> ArticlePage:
    """The live article ``page_id`` of the site the request is for; 404 for any other page or site."""
    site = Site.find_for_request(request)
    if site is None:
        raise Http404("没有这个网站。")
    article = (
        ArticlePage.objects.live().public().descendant_of(site.root_page, inclusive=True).filter(pk=page_id).first()
    )
    if article is None:
        raise Http404("没有这篇稿件。")
    return article


@require_safe
@cache_control(public=True, max_age=3600)
def article_qr(request, page_id: int):
    article = live_article_on_site(request, page_id)
    return HttpResponse(qr_png(article.get_full_url(request)), content_type="image/png")
