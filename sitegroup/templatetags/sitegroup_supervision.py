"""`{% case_supervision_panel case %}`: a case's 督办 notices and 差评 follow-up, for its admin page."""

from django import template
from django.utils import timezone

from sitegroup.models import RatingFollowUp, SupervisionNotice
from sitegroup.services import cases

register = template.Library()


@register.inclusion_tag("sitegroup/includes/case_supervision_panel.html")
def case_supervision_panel(case):
    code = cases.kind_of(case).code
    return {
        "code": code.replace(".", "-"),
        "case_id": case.pk,
        "notices": list(SupervisionNotice.objects.filter(case_kind=code, case_id=case.pk).order_by("sent_on", "pk")),
        "follow_up": RatingFollowUp.objects.filter(case_kind=code, case_id=case.pk).first(),
        "today": timezone.localdate(),
    }


@register.filter
def percent(rate):
    """0.8571 → "85.7%"; no figure → "—"."""
    return "—" if rate is None else f"{rate * 100:.1f}%"


@register.filter
def one_decimal(value):
    return "—" if value is None else f"{value:.1f}"
