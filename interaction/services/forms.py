"""E-form submissions: stored with Wagtail's FormSubmission, without the captcha, as plain text;
limited per hashed address."""

from __future__ import annotations

from django.db import transaction
from wagtail.contrib.forms.models import FormSubmission

from sitegroup.services import rate_limits

SUBMISSIONS_PER_ADDRESS_PER_HOUR = 10


def check_rate(page, client_address: str) -> None:
    rate_limits.hit(f"eform:{page.pk}", client_address, SUBMISSIONS_PER_ADDRESS_PER_HOUR, 3600)


@transaction.atomic
def store_submission(page, form) -> FormSubmission:
    data = {name: value for name, value in form.cleaned_data.items() if name != "captcha"}
    return FormSubmission.objects.create(form_data=data, page=page)
