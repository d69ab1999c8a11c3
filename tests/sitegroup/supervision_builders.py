"""Cases of the two registered kinds for the supervision tests, with dates set as a test needs."""

from __future__ import annotations

from datetime import date, datetime
from itertools import count
from zoneinfo import ZoneInfo

from disclosure.models import DisclosureRequest, RequestState
from disclosure.services import requests as disclosure

SHANGHAI = ZoneInfo("Asia/Shanghai")
APPLICATION = {
    "kind": "person",
    "name": "张三",
    "id_number": "11010519491231002X",
    "phone": "13800001234",
    "email": "zhangsan@example.com",
    "address": "丹徒区宜城街道1号",
    "postcode": "212100",
    "description": "2025年度本县城乡居民最低生活保障资金发放情况",
    "delivery_form": "electronic",
    "delivery_method": "email",
}
_addresses = count(1)


def request(organisation, received: date, **changes) -> DisclosureRequest:
    """A disclosure request received on `received`; `changes` written afterwards (state, dates…)."""
    made = disclosure.submit(
        organisation,
        dict(APPLICATION),
        client_ip=f"10.77.{next(_addresses) % 250}.{next(_addresses) % 250}",
        today=received,
    )
    if changes:
        rated_on = changes.pop("rated_on", None)
        if rated_on is not None:
            changes["rated_at"] = datetime(rated_on.year, rated_on.month, rated_on.day, 12, tzinfo=SHANGHAI)
        DisclosureRequest.objects.filter(pk=made.pk).update(**changes)
        made.refresh_from_db()
    return made


def concluded(organisation, received: date, on: date, due: date, **changes) -> DisclosureRequest:
    return request(organisation, received, state=RequestState.ANSWERED, concluded_on=on, due_on=due, **changes)
