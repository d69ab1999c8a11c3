"""Public helpers of an article page: its QR code, and the online preview of its attachments."""

from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import cache_control
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_safe
from wagtail.models import Site

from sitegroup.lib.qr import qr_png
from sitegroup.models import ArticleAttachment, ArticlePage
from sitegroup.services import previews


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


def _attachment_on_site(request, attachment_id: int):
    attachment = (
        ArticleAttachment.objects.select_related("document", "document__sg_preview").filter(pk=attachment_id).first()
    )
    if attachment is None:
        raise Http404("没有这个附件。")
    article = live_article_on_site(request, attachment.page_id)
    return article, attachment


@require_safe
def attachment_preview(request, attachment_id: int):
    """The online preview of one attachment (在线预览), with its download link."""
    article, attachment = _attachment_on_site(request, attachment_id)
    state = previews.state_for(attachment.document)
    if state == "none":
        raise Http404("该附件不支持在线预览。")
    context = {
        "article": article,
        "article_url": article.get_url(request),
        "attachment": attachment,
        "state": state,
        "page_title": f"在线预览：{attachment.display_title}",
    }
    return render(request, "sitegroup/attachment_preview.html", context)


@require_safe
@xframe_options_sameorigin
def attachment_preview_pdf(request, attachment_id: int):
    """The PDF shown in the preview page's frame: the attachment itself, or its converted copy."""
    _article, attachment = _attachment_on_site(request, attachment_id)
    state = previews.state_for(attachment.document)
    if state == "pdf":
        file = attachment.document.file
    elif state == "ready":
        file = attachment.document.sg_preview.pdf
    else:
        raise Http404("预览尚未生成。")
    response = FileResponse(file.open("rb"), content_type="application/pdf")
    response["Content-Disposition"] = "inline"
    return response
