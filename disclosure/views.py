"""Public views of the disclosure column: the classified catalogue with its navigation, and the
disclosure request form and status page."""

from __future__ import annotations

from django.core.paginator import EmptyPage
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse

from disclosure import catalogue_index, navigation
from disclosure.forms import LookupForm, RequestForm
from disclosure.models import DisclosureRequest
from disclosure.services import requests as request_services
from search.backends import Scope
from search.services import matching_keys
from sitegroup.services.rate_limits import client_address

MAX_SEARCH_MATCHES = 5000


def catalogue(request, page):
    """法定主动公开内容 / 政府信息公开平台: filters, counts, paged list, in-column full-text search."""
    form = navigation.CatalogueFilterForm(request.GET)
    context = page.get_context(request)
    context["form"] = form
    if not form.is_valid():
        context["error"] = form.first_error()
        return TemplateResponse(request, "disclosure/disclosure_catalogue_page.html", context, status=400)
    data = form.cleaned_data
    filters = {name: data.get(name) for name in navigation.DIMENSIONS if data.get(name) is not None}
    catalogue_id = None if page.is_platform else page.pk
    pks = None
    if data.get("q"):
        scope = Scope() if page.is_platform else Scope(path=page.path)
        keys = matching_keys(data["q"], scope=scope, types=["disclosure"], limit=MAX_SEARCH_MATCHES)
        pks = [int(key.split(":", 1)[1]) for key in keys]
    columns = catalogue_index.columns()
    nav = navigation.build(columns, filters, request.GET, catalogue_id=catalogue_id, pks=pks)
    try:
        listing = navigation.page_of(
            columns, filters, data.get("page") or 1, catalogue_id=catalogue_id, total=nav.total, pks=pks
        )
    except EmptyPage:
        raise Http404("页码超出范围") from None
    context.update({"navigation": nav, "listing": listing, "filters": filters, "query": data.get("q") or ""})
    return TemplateResponse(request, page.get_template(request), context)


SESSION_KEY = "disclosure_request_code"


def _context(request, column, **extra):
    context = column.get_context(request)
    context.update(extra)
    return context


def request_form(request, column):
    """依申请公开: the public application form; a valid one is stored and answered with a lookup code."""
    form = RequestForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                created = request_services.submit(
                    column.organisation(), form.cleaned_data, client_ip=client_address(request)
                )
            except request_services.RateLimited:
                context = _context(request, column, form=form, error="提交过于频繁，请一小时后再试。")
                return TemplateResponse(request, "disclosure/request_form.html", context, status=429)
            request.session[SESSION_KEY] = created.lookup_code
            return HttpResponseRedirect(column.url + "apply/done/")
        status = 400
    return TemplateResponse(
        request, "disclosure/request_form.html", _context(request, column, form=form), status=status
    )


def request_done(request, column):
    code = request.session.pop(SESSION_KEY, None)
    if not code:
        return HttpResponseRedirect(column.url + "lookup/")
    found = DisclosureRequest.objects.filter(lookup_code=code).first()
    return TemplateResponse(request, "disclosure/request_done.html", _context(request, column, found=found))


def request_lookup(request, column):
    """The applicant's status page, reached with the lookup code and the phone number's last four digits."""
    form = LookupForm(request.POST or None)
    if request.method != "POST":
        return TemplateResponse(request, "disclosure/request_lookup.html", _context(request, column, form=form))
    if not form.is_valid():
        return TemplateResponse(
            request, "disclosure/request_lookup.html", _context(request, column, form=form), status=400
        )
    try:
        found = request_services.find_for_applicant(
            form.cleaned_data["code"], form.cleaned_data["phone_tail"], client_ip=client_address(request)
        )
    except request_services.RateLimited:
        context = _context(request, column, form=form, error="查询过于频繁，请一小时后再试。")
        return TemplateResponse(request, "disclosure/request_lookup.html", context, status=429)
    if found is None:
        context = _context(request, column, form=form, error="没有找到这条申请：请核对查询码和电话号码后四位。")
        return TemplateResponse(request, "disclosure/request_lookup.html", context, status=404)
    context = _context(
        request,
        column,
        form=form,
        found=found,
        events=request_services.public_events(found),
        documents=request_services.public_documents(found),
        days_left=request_services.days_left(found),
    )
    return TemplateResponse(request, "disclosure/request_lookup.html", context)
