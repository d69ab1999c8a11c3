"""Chinese error pages that never read the request body.

Django's own handlers are wrapped in ``requires_csrf_token``, which reads ``request.POST``; for a form sent
in a charset other than UTF-8 that read raises again while the 400 is being rendered, and the visitor gets
a 500. These handlers render the same templates (templates/<status>.html) without touching the body.
"""

from django.http import HttpResponse
from django.template.loader import render_to_string


def error_page(status: int, **context) -> HttpResponse:
    """The Chinese page for an error status (templates/<status>.html); also used by guards before any view."""
    return HttpResponse(
        render_to_string(f"{status}.html", context), status=status, content_type="text/html; charset=utf-8"
    )


def bad_request(request, exception=None):
    return error_page(400)


def permission_denied(request, exception=None):
    return error_page(403)


def page_not_found(request, exception=None):
    return error_page(404)


def server_error(request):
    return error_page(500)
