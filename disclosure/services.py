"""The disclosure column's rules: index numbers issued once, unique under concurrent publishers.

from disclosure.services import assign_index_number
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone

from disclosure.lib.index_numbers import format_index_number
from disclosure.models import IndexNumberSequence
from sitegroup.models import Organisation


def next_serial(organisation_id: int, year: int) -> int:
    """The next serial of an organisation's year, counted under a row lock (PostgreSQL: SELECT … FOR UPDATE).

    Must run inside the publishing transaction: the lock is held until it commits, so two editors
    publishing at once get consecutive serials, never the same one.
    """
    with transaction.atomic():
        try:
            with transaction.atomic():
                IndexNumberSequence.objects.get_or_create(organisation_id=organisation_id, year=year)
        except IntegrityError:
            pass  # another transaction created the row first; lock it below
        sequence = IndexNumberSequence.objects.select_for_update().get(organisation_id=organisation_id, year=year)
        sequence.last_serial += 1
        sequence.save(update_fields=["last_serial"])
        return sequence.last_serial


def assign_index_number(item) -> str:
    """Give an item its index number at first publication; an item that has one keeps it."""
    if item.index_number:
        return item.index_number
    organisation = Organisation.objects.only("code").get(pk=item.organisation_id)
    year = (item.published_on or timezone.localdate()).year  # the year of the 发布日期
    item.index_number = format_index_number(organisation.code, year, next_serial(organisation.pk, year))
    return item.index_number
