"""民意征集: the draft with its approved comments and adoption summary, and the comment form."""

from __future__ import annotations

from django.http import HttpResponseRedirect

from interaction.forms import CommentForm
from interaction.models import CommentStatus
from interaction.services import consultations as services
from interaction.views import ALLOWED_METHODS, method_not_allowed, render
from sitegroup.services.rate_limits import RateLimited, client_address

SENT_KEY = "interaction_comment_sent"
TEMPLATE = "interaction/consultation_page.html"


def _context(page):
    return {
        "comments": page.comments.filter(status=CommentStatus.APPROVED).order_by("submitted_at", "pk"),
        "counts": services.adoption_counts(page) if page.summary_published else None,
        "is_open": page.is_open(),
    }


def consultation(request, page):
    if request.method not in ("GET", "HEAD"):
        return method_not_allowed(request, ("GET", "HEAD"))
    form = CommentForm() if page.is_open() else None
    return render(request, page, TEMPLATE, form=form, **_context(page))


def comment(request, page):
    if request.method not in ALLOWED_METHODS:
        return method_not_allowed(request)
    if request.method != "POST":
        if request.session.pop(SENT_KEY, None) == page.pk:
            return render(request, page, "interaction/consultation_comment_sent.html")
        return HttpResponseRedirect(page.url)
    if not page.is_open():
        return render(request, page, TEMPLATE, status=403, error=services.ConsultationClosed.message, **_context(page))
    form = CommentForm(request.POST)
    if not form.is_valid():
        return render(request, page, TEMPLATE, status=400, form=form, **_context(page))
    try:
        services.submit_comment(
            page,
            body=form.cleaned_data["body"],
            public_body=form.masked.get("body", form.cleaned_data["body"]),
            author_name=form.masked.get("author_name", form.cleaned_data.get("author_name", "")),
            review_words=form.review_words,
            client_address=client_address(request),
        )
    except RateLimited as error:
        return render(request, page, TEMPLATE, status=429, form=CommentForm(), error=error.message, **_context(page))
    except services.ConsultationClosed as error:
        return render(request, page, TEMPLATE, status=403, error=error.message, **_context(page))
    request.session[SENT_KEY] = page.pk
    return HttpResponseRedirect(page.url + "comment/")
