"""Admin views: the 保密审查 records of one's organisations, and the printable 公开审批表."""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from disclosure.models import ConfidentialityReview
from sitegroup.permissions import organisations_for, user_sees_every_organisation


def _visible(user):
    records = ConfidentialityReview.objects.select_related("page", "organisation")
    if user_sees_every_organisation(user):
        return records
    return records.filter(organisation__in=organisations_for(user))


def reviews(request):
    if not organisations_for(request.user).exists():
        raise PermissionDenied
    page = Paginator(_visible(request.user), 30).get_page(request.GET.get("page"))
    return render(request, "disclosure/admin/reviews.html", {"page_obj": page})


def print_review(request, pk):
    record = get_object_or_404(_visible(request.user), pk=pk)
    return render(request, "disclosure/admin/review_print.html", {"record": record})
