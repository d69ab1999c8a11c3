"""Public views of online applications (网上申请): apply on an item, the 办件编号 shown once, lookup by
办件编号 + ID number (with the correction upload while a correction is pending and the result when
concluded), 好差评, the public rating statistics, and an item's published results (结果反馈).
Thin: a form in, one service or query, render."""

from __future__ import annotations

import time

from django.core.paginator import Paginator
from django.db.models import Avg, Count, Q
from django.http import FileResponse, Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers

from services_column.forms_applications import ApplicationForm, CorrectionForm, LookupForm, RatingForm
from services_column.models import ApplicantKind, ApplicationState, ServiceApplication, ServiceItemPage
from services_column.services import applications as services
from sitegroup.lib.masking import mask_name
from sitegroup.models import Organisation
from sitegroup.services import cases
from sitegroup.services.rate_limits import client_address

CODE_KEY = "services_column_application_code"
LOOKUP_KEY = "services_column_application_lookup"
LOOKUP_SECONDS = 30 * 60  # a lookup lets this browser upload corrections and rate for half an hour
ALLOWED = ("GET", "HEAD", "POST")
READ_ONLY = ("GET", "HEAD")
SATISFIED_FROM = 3  # 基本满意 and better count as satisfied (好评); 不满意 and 非常不满意 are 差评


def _method_not_allowed(allowed):
    return HttpResponseNotAllowed(allowed, "不支持这种请求方式。".encode(), content_type="text/plain; charset=utf-8")


def _render(request, page, template, status=200, **extra):
    """A page of ours with its context; never cached (CSRF token, captcha question, personal data)."""
    context = page.get_context(request)
    context.update(extra)
    response = TemplateResponse(request, template, context, status=status)
    add_never_cache_headers(response)
    return response


def _render_item(request, item, template, tab, subpage_title, status=200, **extra):
    return _render(request, item, template, status=status, tab=tab, subpage_title=subpage_title, **extra)


def _column_of(item):
    return item.get_parent().specific


def masked_code(code: str) -> str:
    """办件编号 in public lists: the first and last four characters."""
    return code[:4] + "*" * max(0, len(code) - 8) + code[-4:] if len(code) > 8 else "*" * len(code)


def public_applicant(application) -> str:
    """A person's name masked (张*); an organisation's name as registered (it is public already)."""
    if application.applicant_kind == ApplicantKind.LEGAL_PERSON:
        return application.name
    return mask_name(application.name)


# -- 网上申请 ----------------------------------------------------------------------------------------


def apply(request, item):
    if request.method not in ALLOWED:
        return _method_not_allowed(ALLOWED)
    template = "services_column/applications/apply.html"
    column = _column_of(item)
    if not item.accepts_applications:
        return _render_item(
            request, item, "services_column/applications/offline.html", "apply", "网上申请", column=column
        )
    if request.method != "POST":
        return _render_item(
            request, item, template, "apply", "网上申请", form=ApplicationForm(item=item), column=column
        )
    form = ApplicationForm(request.POST, request.FILES, item=item)
    if not form.is_valid():
        return _render_item(request, item, template, "apply", "网上申请", status=400, form=form, column=column)
    try:
        application = services.submit(
            item, form.application_data(), materials=form.materials_to_store(), client_ip=client_address(request)
        )
    except services.RateLimited as error:
        fresh = ApplicationForm(request.POST, item=item)
        fresh.is_valid()  # keep what was typed (files must be chosen again); a new captcha question
        return _render_item(
            request, item, template, "apply", "网上申请", status=429, form=fresh, error=error.message, column=column
        )
    except services.TransitionError as error:
        return _render_item(
            request, item, template, "apply", "网上申请", status=400, form=form, error=str(error), column=column
        )
    request.session[CODE_KEY] = application.lookup_code
    return HttpResponseRedirect(item.url + "apply/done/")


def apply_done(request, item):
    if request.method not in READ_ONLY:
        return _method_not_allowed(READ_ONLY)
    code = request.session.pop(CODE_KEY, None)
    application = ServiceApplication.objects.filter(lookup_code=code, item=item).first() if code else None
    column = _column_of(item)
    if application is None:
        return HttpResponseRedirect(column.url + "lookup/")
    return _render_item(
        request,
        item,
        "services_column/applications/done.html",
        "apply",
        "申请已提交",
        application=application,
        column=column,
    )


# -- 结果反馈 ----------------------------------------------------------------------------------------


def results(request, item):
    if request.method not in READ_ONLY:
        return _method_not_allowed(READ_ONLY)
    listing = Paginator(services.concluded_results(item), 20).get_page(request.GET.get("page"))
    rows = [
        {
            "code": masked_code(application.lookup_code),
            "applicant": public_applicant(application),
            "concluded_on": application.concluded_on,
            "result": application.get_result_display(),
        }
        for application in listing.object_list
    ]
    return _render_item(
        request,
        item,
        "services_column/applications/results.html",
        "results",
        "结果反馈",
        listing=listing,
        rows=rows,
        column=_column_of(item),
    )


# -- 办件查询, correction upload, 好差评 ------------------------------------------------------------


def _looked_up(request):
    """The application looked up in this browser within the last half hour (code and ID were checked)."""
    looked_up = request.session.get(LOOKUP_KEY)
    if not (isinstance(looked_up, dict) and time.time() - looked_up.get("at", 0) < LOOKUP_SECONDS):
        return None
    return ServiceApplication.objects.filter(pk=looked_up.get("id")).select_related("organisation", "item").first()


def _status(request, column, application, *, status=200, form=None, rating_form=None, correction_form=None, **extra):
    pending = application.state == ApplicationState.CORRECTION
    return _render(
        request,
        column,
        "services_column/applications/lookup.html",
        status=status,
        form=form or LookupForm(),
        found=application,
        applicant=public_applicant(application),
        events=services.public_events(application),
        days_left=cases.days_left(application),
        limit_days=services.limit_days(application),
        correction_form=(correction_form or CorrectionForm(materials=services.requested_materials(application)))
        if pending
        else None,
        shows_result=application.state in (ApplicationState.CONCLUDED, ApplicationState.NOT_ACCEPTED),
        may_rate=cases.may_rate(application),
        rating_form=rating_form or RatingForm(),
        **extra,
    )


def lookup(request, column):
    if request.method not in ALLOWED:
        return _method_not_allowed(ALLOWED)
    template = "services_column/applications/lookup.html"
    if request.method != "POST":
        if request.GET.get("document") == "result":
            return _result_document(request)
        return _render(request, column, template, form=LookupForm())
    if request.POST.get("step") == "correction":
        return _correction(request, column)
    form = LookupForm(request.POST)
    if not form.is_valid():
        return _render(request, column, template, status=400, form=form)
    try:
        application = services.find_for_applicant(
            form.cleaned_data["code"], form.cleaned_data["id_number"], client_ip=client_address(request)
        )
    except services.RateLimited as error:
        return _render(request, column, template, status=429, form=form, error=error.message)
    if application is None:
        error = "没有找到这件申请：请核对办件编号和证件号码（须与申请时填写的完全一致）。"
        return _render(request, column, template, status=404, form=form, error=error)
    request.session[LOOKUP_KEY] = {"id": application.pk, "at": time.time()}
    return _status(request, column, application, form=form)


def _result_document(request):
    application = _looked_up(request)
    if application is None or application.state != ApplicationState.CONCLUDED or not application.result_document:
        raise Http404("没有可以下载的结果文书：请先凭办件编号和证件号码查询。")
    response = FileResponse(
        application.result_document.open("rb"),
        as_attachment=True,
        filename=application.result_document_name or "结果文书",
    )
    response["X-Content-Type-Options"] = "nosniff"
    add_never_cache_headers(response)
    return response


def _correction(request, column):
    application = _looked_up(request)
    if application is None:
        return HttpResponseRedirect(column.url + "lookup/")
    form = CorrectionForm(request.POST, request.FILES, materials=services.requested_materials(application))
    if not form.is_valid():
        return _status(request, column, application, status=400, correction_form=form)
    try:
        application = services.receive_correction(application, form.materials_to_store())
    except services.TransitionError as error:
        return _status(request, column, application, status=400, error=str(error))
    return _status(request, column, application, notice="补正材料已提交，申请已受理。办理期限自今日重新计算。")


def rate(request, column):
    """好差评: only for the application just looked up in this browser."""
    if request.method not in ALLOWED:
        return _method_not_allowed(ALLOWED)
    application = _looked_up(request)
    if request.method != "POST" or application is None:
        return HttpResponseRedirect(column.url + "lookup/")
    form = RatingForm(request.POST)
    if not form.is_valid():
        return _status(request, column, application, rating_form=form, status=400)
    try:
        application = cases.rate(application, form.cleaned_data["rating"], form.cleaned_data.get("comment", ""))
    except cases.TransitionError as error:
        return _status(request, column, application, status=400, error=str(error))
    return _status(request, column, application, notice="感谢您的评价。")


# -- 好差评 statistics -------------------------------------------------------------------------------


def _scope(column):
    rated = ServiceApplication.objects.filter(rating__isnull=False)
    if column.is_platform:
        return rated
    return rated.filter(organisation=column.organisation())


def _aggregate(rows, key_name, names):
    result = []
    for entry in rows:
        rated = entry["rated"]
        result.append(
            {
                "name": names.get(entry[key_name], ""),
                "rated": rated,
                "satisfied": entry["satisfied"],
                "share": round(100 * entry["satisfied"] / rated, 1) if rated else 0,
                "average": round(entry["average"], 2) if entry["average"] is not None else None,
                "negative": rated - entry["satisfied"],
            }
        )
    return result


def rating_figures(column) -> dict:
    """Per department and per item: number rated, share satisfied (基本满意 or better), average score
    (5 = 非常满意 … 1 = 非常不满意). Grouped queries; nothing personal."""
    scope = _scope(column)
    measures = {
        "rated": Count("pk"),
        "satisfied": Count("pk", filter=Q(rating__gte=SATISFIED_FROM)),
        "average": Avg("rating"),
    }
    by_department = scope.values("organisation").annotate(**measures).order_by()
    by_item = scope.values("item").annotate(**measures).order_by()
    organisations = dict(Organisation.objects.values_list("pk", "name"))
    order = dict(Organisation.objects.values_list("pk", "sort_order"))
    departments = _aggregate(by_department, "organisation", organisations)
    for row, entry in zip(departments, by_department, strict=True):
        row["sort"] = order.get(entry["organisation"], 0)
    departments.sort(key=lambda row: (row["sort"], row["name"]))
    item_ids = [entry["item"] for entry in by_item]
    titles = dict(ServiceItemPage.objects.filter(pk__in=item_ids).values_list("pk", "title"))
    items = sorted(_aggregate(by_item, "item", titles), key=lambda row: (-row["rated"], row["name"]))
    total = sum(row["rated"] for row in departments)
    satisfied = sum(row["satisfied"] for row in departments)
    return {
        "departments": departments,
        "items": items,
        "total": total,
        "share": round(100 * satisfied / total, 1) if total else 0,
    }


def rating_statistics(request, column):
    if request.method not in READ_ONLY:
        return _method_not_allowed(READ_ONLY)
    return _render(request, column, "services_column/applications/ratings.html", **rating_figures(column))
