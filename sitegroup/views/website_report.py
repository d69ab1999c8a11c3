"""政府网站工作年度报表: the site admin's form and publish step, and the public page and XLSX on each site."""

from urllib.parse import quote

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST
from wagtail.models import Site

from sitegroup.lib import website_report as form
from sitegroup.models import Organisation, WebsiteAnnualReport
from sitegroup.services import website_report

FIRST_YEAR = 2000


def _organisations(user):
    if user.is_superuser:
        return Organisation.objects.filter(site__isnull=False)
    return Organisation.objects.filter(site__isnull=False, roles__role="site_admin", roles__group__user=user).distinct()


def _report(request, organisation_pk, year):
    organisation = get_object_or_404(Organisation.objects.select_related("site"), pk=organisation_pk)
    if not website_report.may_edit(request.user, organisation) or organisation.site is None:
        raise PermissionDenied
    if not FIRST_YEAR <= year <= timezone.localdate().year:
        raise Http404
    return website_report.get_report(organisation, year)


def index(request):
    organisations = _organisations(request.user)
    if not organisations.exists():
        raise PermissionDenied
    year = timezone.localdate().year
    reports = {
        (report.organisation_id, report.year): report
        for report in WebsiteAnnualReport.objects.filter(organisation__in=organisations)
    }
    rows = [
        {
            "organisation": organisation,
            "years": [(y, reports.get((organisation.pk, y))) for y in (year, year - 1)],
        }
        for organisation in organisations.order_by("sort_order", "name")
    ]
    return render(request, "sitegroup/admin/website_report_index.html", {"rows": rows})


@require_http_methods(["GET", "POST"])
def edit(request, organisation_pk, year):
    report = _report(request, organisation_pk, year)
    errors = {}
    data = request.POST if request.method == "POST" else {key: str(value) for key, value in report.entered.items()}
    if request.method == "POST":
        try:
            website_report.save_entries(request.user, report, request.POST)
        except ValidationError as error:
            errors = {key: messages_[0] for key, messages_ in error.message_dict.items()}
        else:
            messages.success(request, "已保存。核对无误后可发布。")
            return redirect("sitegroup_website_report_edit", report.organisation_id, report.year)
    values, computed = website_report.current_values(report)
    sections = []
    for section in form.SECTIONS:
        rows = []
        for row in form.ROWS:
            if row.section != section:
                continue
            entry = data.get(row.key, "")
            if row.kind == "bool" and entry in ("True", "False"):
                entry = "yes" if entry == "True" else "no"
            rows.append(
                {
                    "row": row,
                    "is_computed": row.key in computed,
                    "shown": form.display(row, values.get(row.key)),
                    "entry": entry,
                    "error": errors.get(row.key, ""),
                }
            )
        sections.append({"title": section, "rows": rows})
    filler = [
        {"key": key, "label": label, "entry": data.get(key, ""), "error": errors.get(key, "")}
        for key, label in form.FILLER_FIELDS
    ]
    context = {
        "report": report,
        "title": website_report.title(report),
        "sections": sections,
        "filler": filler,
        "errors": errors,
    }
    return render(request, "sitegroup/admin/website_report_form.html", context, status=400 if errors else 200)


@require_POST
def publish(request, organisation_pk, year):
    report = _report(request, organisation_pk, year)
    try:
        website_report.publish(request.user, report)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "年度报表已发布，公众可在网站上查看和下载。")
    return redirect("sitegroup_website_report_edit", report.organisation_id, report.year)


@require_POST
def unpublish(request, organisation_pk, year):
    report = _report(request, organisation_pk, year)
    website_report.unpublish(request.user, report)
    messages.success(request, "年度报表已撤回。")
    return redirect("sitegroup_website_report_edit", report.organisation_id, report.year)


# ---------------------------------------------------------------- public


def _published(request, year=None):
    site = Site.find_for_request(request)
    if site is None:
        raise Http404
    reports = website_report.published_for_site(site)
    if year is None:
        return site, reports
    report = reports.filter(year=year).first()
    if report is None:
        raise Http404
    return site, report


def public_index(request):
    site, reports = _published(request)
    return render(
        request,
        "sitegroup/website_report_index.html",
        {"reports": reports, "site": site, "page_title": "政府网站工作年度报表"},
    )


def public_report(request, year):
    site, report = _published(request, year)
    snapshot = report.published_values
    context = {
        "report": report,
        "title": website_report.title(report),
        "page_title": website_report.title(report),
        "sections": form.sections(snapshot.get("values", {}), set(snapshot.get("computed", []))),
        "filler": [(label, snapshot.get("filler", {}).get(key, "")) for key, label in form.FILLER_FIELDS],
    }
    return render(request, "sitegroup/website_report.html", context)


def public_xlsx(request, year):
    _, report = _published(request, year)
    response = HttpResponse(
        website_report.xlsx(report),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    filename = quote(f"{year}年度政府网站工作年度报表.xlsx")
    response["Content-Disposition"] = (
        f"attachment; filename=\"website-report-{year}.xlsx\"; filename*=UTF-8''{filename}"
    )
    return response
