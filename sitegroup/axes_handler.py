"""django-axes with two thresholds: an account locks after AXES_FAILURE_LIMIT failures, an address
after SITEGROUP_LOCKOUT_ADDRESS_FAILURES (axes itself compares every parameter with one limit)."""

from axes.handlers.database import AxesDatabaseHandler
from django.conf import settings
from django.db.models import Sum


class SiteGroupAxesHandler(AxesDatabaseHandler):
    def get_failures(self, request, credentials=None) -> int:
        by_account, by_address = self.get_user_attempts(request, credentials)
        account = by_account.aggregate(total=Sum("failures_since_start"))["total"] or 0
        address = by_address.aggregate(total=Sum("failures_since_start"))["total"] or 0
        limit = settings.AXES_FAILURE_LIMIT
        # Scaled so that reaching the address threshold counts as reaching the account limit.
        return max(account, address * limit // settings.SITEGROUP_LOCKOUT_ADDRESS_FAILURES)
