"""Admin screens of 信息抓取: the sources of the organisations one runs, their form, 立即抓取 and the run log."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from sitegroup.forms.harvest import HarvestSourceForm
from sitegroup.models import HarvestSource
from sitegroup.services import harvest


def _source(request, pk):
    source = get_object_or_404(HarvestSource.objects.select_related("organisation", "target_column"), pk=pk)
    if not harvest.may_manage(request.user, source.organisation):
        raise PermissionDenied
    return source


def index(request):
    organisations = harvest.organisations_managed_by(request.user)
    if not organisations.exists():
        raise PermissionDenied
    sources = harvest.sources_for(request.user).select_related("organisation", "target_column")
    latest = harvest.latest_runs(sources)
    rows = [(source, latest.get(source.pk)) for source in sources]
    return render(request, "sitegroup/admin/harvest_index.html", {"rows": rows})


@require_http_methods(["GET", "POST"])
def edit(request, pk=None):
    organisations = harvest.organisations_managed_by(request.user)
    source = _source(request, pk) if pk else None
    if source is None and not organisations.exists():
        raise PermissionDenied
    form = HarvestSourceForm(
        request.POST if request.method == "POST" else None, instance=source, organisations=organisations
    )
    if request.method == "POST" and form.is_valid():
        saved = harvest.save_source(request.user, form.save(commit=False))
        messages.success(request, f"抓取源“{saved.name}”已保存。")
        return redirect("sitegroup_harvest_source", saved.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "sitegroup/admin/harvest_form.html", {"form": form, "source": source}, status=status)


def detail(request, pk):
    source = _source(request, pk)
    runs = Paginator(source.runs.all(), 20).get_page(request.GET.get("page"))
    items = source.items.select_related("page", "run").order_by("-created_at", "-pk")[:50]
    return render(request, "sitegroup/admin/harvest_detail.html", {"source": source, "runs": runs, "items": items})


@require_POST
def run_now(request, pk):
    source = _source(request, pk)
    run = harvest.run_source(source, user=request.user, triggered_by=f"立即抓取（{request.user.get_username()}）")
    text = (
        f"抓取完成：{run.get_status_display()}，新增草稿 {run.new_count} 篇，重复跳过 {run.duplicate_count} 篇，"
        f"错误 {run.error_count} 个。"
    )
    (messages.success if run.error_count == 0 else messages.warning)(request, text)
    return redirect("sitegroup_harvest_source", source.pk)
