"""电子表单: Wagtail's form page serve, wrapped with the method check, the open period and the rate limit."""

from __future__ import annotations

from django.utils.cache import add_never_cache_headers

from interaction.services import forms as services
from interaction.views import ALLOWED_METHODS, method_not_allowed, render
from sitegroup.services.rate_limits import RateLimited, client_address


def serve(page, request, wagtail_serve, *args, **kwargs):
    if request.method not in ALLOWED_METHODS:
        return method_not_allowed(request)
    template = "interaction/e_form_page.html"
    if not page.is_open():
        status = 403 if request.method == "POST" else 200
        return render(request, page, template, status=status, closed=True)
    if request.method == "POST":
        form = page.get_form(request.POST, request.FILES, page=page, user=request.user)
        if not form.is_valid():
            return render(request, page, template, status=400, form=form)
        try:
            services.check_rate(page, client_address(request))
        except RateLimited as error:
            form = page.get_form(page=page, user=request.user)
            return render(request, page, template, status=429, form=form, error=error.message)
        submission = page.process_form_submission(form)
        response = page.render_landing_page(request, submission, *args, **kwargs)
        add_never_cache_headers(response)
        return response
    response = wagtail_serve(request, *args, **kwargs)
    add_never_cache_headers(response)
    return response
