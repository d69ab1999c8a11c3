"""Admin action: provision (开通) an organisation's sub-site."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from sitegroup.models import Organisation
from sitegroup.services.provisioning import provision_subsite


@require_http_methods(["GET", "POST"])
def provision(request, pk):
    if not request.user.is_superuser:
        raise PermissionDenied
    organisation = get_object_or_404(Organisation, pk=pk)
    if request.method == "POST":
        result = provision_subsite(organisation, user=request.user)
        messages.success(request, f"已开通子站 {result.site.hostname}：首页、媒体库、角色组和审核流程均已就绪。")
        return redirect("wagtailsnippets_sitegroup_organisation:list")
    return render(request, "sitegroup/admin/provision_confirm.html", {"organisation": organisation})
