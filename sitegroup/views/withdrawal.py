"""Admin view: 撤稿（下线） — confirm with a reason, then the withdrawal service takes the page offline."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.models import Page

from sitegroup.forms.withdrawal import WithdrawForm
from sitegroup.permissions import restrict_pages
from sitegroup.services import withdrawal

LISTED_DESCENDANTS = 20


@require_http_methods(["GET", "POST"])
def withdraw(request, page_id):
    # Another organisation's page does not exist for this user (404); an editor of its own is refused (403).
    page = get_object_or_404(restrict_pages(Page.objects.all(), request.user), pk=page_id).specific
    if page.is_root():
        raise Http404("页面不存在")
    parent = page.get_parent()
    next_url = get_valid_next_url_from_request(request) or reverse("wagtailadmin_explore", args=[parent.pk])
    if not withdrawal.user_may_withdraw(page, request.user):
        # Said here, in the admin: Wagtail would turn PermissionDenied into a redirect to the dashboard.
        context = {"page": page, "problem": withdrawal.NOT_ALLOWED, "next_url": next_url}
        return render(request, "sitegroup/admin/withdraw_confirm.html", context, status=403)
    problem = withdrawal.withdrawal_problem(page)
    descendants = withdrawal.live_descendants(page, request.user) if problem is None else []
    form = WithdrawForm(request.POST if request.method == "POST" else None, descendant_count=len(descendants))
    if problem is None and form.is_bound and form.is_valid():
        try:
            result = withdrawal.withdraw_page(
                page,
                request.user,
                form.cleaned_data["reason"],
                include_descendants=form.cleaned_data.get("include_descendants", False),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            also = f"，连同其下 {len(result.descendants)} 个页面" if result.descendants else ""
            messages.success(
                request,
                f"「{page.get_admin_display_title()}」已撤稿（下线）{also}，公众已无法访问；理由已记入页面历史。",
            )
            return redirect(next_url)
    context = {
        "page": page,
        "parent": parent,
        "form": form,
        "problem": problem,
        "next_url": next_url,
        "public_url": page.get_full_url(request) if page.live else "",
        "descendants": descendants[:LISTED_DESCENDANTS],
        "descendant_count": len(descendants),
        "is_scheduled": page.revisions.filter(approved_go_live_at__isnull=False).exists(),
        "in_workflow": page.workflow_in_progress,
    }
    status = 400 if problem is not None or form.is_bound else 200
    return render(request, "sitegroup/admin/withdraw_confirm.html", context, status=status)
