"""Personal data of citizens (个人信息保护法): the data keys, sealing of ID and phone numbers at rest,
who may see them unmasked (and the audit entry for every such view), key rotation, and the
anonymisation of cases concluded longer ago than the retention period. See docs/security.md."""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable
from datetime import date, timedelta

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, transaction
from django.utils import timezone
from wagtail.log_actions import log

from sitegroup.lib import sealing
from sitegroup.lib.masking import mask_personal_data_in_text

ANONYMISED = "（已匿名化）"  # the marker that replaces a name or an address
VIEW_ACTION = "sitegroup.case.personal_data"

logger = logging.getLogger(__name__)

_lock = threading.Lock()
_box_cache: dict[tuple[str, ...], tuple] = {}


# -- keys --------------------------------------------------------------------------------------------


def keys() -> list[str]:
    """The configured keys, newest first; in dev and tests a generated key kept under the var dir."""
    if settings.DATA_KEYS:
        return list(settings.DATA_KEYS)
    path = settings.DATA_KEY_FILE
    if not path:
        raise ImproperlyConfigured("SITEGROUP_DATA_KEYS 未设置（个人信息加密密钥，见 docs/security.md）。")
    with _lock:
        if not os.path.exists(path):
            os.makedirs(os.path.dirname(path), exist_ok=True)
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(descriptor, "w") as handle:
                handle.write(sealing.new_key() + "\n")
        with open(path) as handle:
            return [line.strip() for line in handle.read().replace(",", "\n").splitlines() if line.strip()]


def _box():
    current = tuple(keys())
    if current not in _box_cache:
        _box_cache.clear()
        _box_cache[current] = (sealing.cipher(list(current)), sealing.digest_key(current[0]))
    return _box_cache[current]


def seal(value: str) -> str:
    return sealing.seal(_box()[0], value)


def unseal(value: str | None) -> str | None:
    return sealing.unseal(_box()[0], value)


def digest(value: str) -> str:
    """Keyed digest under the newest key: equality lookups (an applicant's requests this month)."""
    return sealing.digest(_box()[1], value)


# -- which fields ------------------------------------------------------------------------------------


def encrypted_fields() -> list[tuple[type, object]]:
    """Every (model, field) stored sealed, across the installed apps."""
    from sitegroup.models.fields import EncryptedCharField

    found = []
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, EncryptedCharField):
                found.append((model, field))
    return found


def rotate(progress: Callable[[str], None] = lambda line: None, batch: int = 500) -> int:
    """Re-seal every sealed value under the newest key and recompute the digests; returns the number
    of values rewritten. Raw column access: the model layer would hide which key sealed a value."""
    box, digest_key = _box()
    quote = connection.ops.quote_name
    rewritten = 0
    for model, field in encrypted_fields():
        table, column, pk = model._meta.db_table, field.column, model._meta.pk.column
        digest_column = model._meta.get_field(field.digest_field).column if field.digest_field else None
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {quote(pk)}, {quote(column)} FROM {quote(table)} ORDER BY {quote(pk)}")  # noqa: S608
            rows = cursor.fetchall()
        for start in range(0, len(rows), batch):
            with transaction.atomic(), connection.cursor() as cursor:
                for key, value in rows[start : start + batch]:
                    if not value:
                        continue
                    sealed = sealing.reseal(box, value)
                    sets, params = [f"{quote(column)} = %s"], [sealed]
                    if digest_column:
                        sets.append(f"{quote(digest_column)} = %s")
                        params.append(sealing.digest(digest_key, sealing.unseal(box, sealed)))
                    cursor.execute(
                        f"UPDATE {quote(table)} SET {', '.join(sets)} WHERE {quote(pk)} = %s",  # noqa: S608
                        [*params, key],
                    )
                    rewritten += 1
        progress(f"{model._meta.label}.{field.name}：{len(rows)} 行")
    return rewritten


# -- who sees it -------------------------------------------------------------------------------------


def may_see_unmasked(user, case) -> bool:
    """Only a handler of the case (its organisation's handlers, reviewers, site admins) sees a
    citizen's personal data in full; everyone else — supervisors, other organisations — masked."""
    from sitegroup.services import cases

    return cases.can_handle(user, case.organisation, cases.kind_of(case))


def log_view(case, user, fields: tuple[str, ...]) -> None:
    """Every view of unmasked personal data leaves an audit entry: who, which case, which fields."""
    log(
        instance=case,
        action=VIEW_ACTION,
        user=user,
        data={"lookup_code": case.lookup_code, "fields": list(fields)},
    )


# -- retention ---------------------------------------------------------------------------------------

# What replaces each personal field: names and addresses the marker, numbers and e-mail empty
# (masks show nothing), free text keeps its wording with numbers and the writer's name masked.
_REPLACEMENTS = {
    "name": ANONYMISED,
    "contact_person": "",
    "legal_representative": "",
    "id_number": "",
    "phone": "",
    "email": "",
    "address": "",
    "postcode": "",
}
_FREE_TEXT = ("body", "rating_comment")


def anonymise_case(case) -> None:
    """Replace one case's personal data in place (the caller saves); statistics fields untouched."""
    names = tuple(getattr(case, name, "") or "" for name in ("name", "contact_person", "legal_representative"))
    for name in _FREE_TEXT:
        if hasattr(case, name):
            setattr(case, name, mask_personal_data_in_text(getattr(case, name) or "", names))
    for name, value in _REPLACEMENTS.items():
        if hasattr(case, name):
            setattr(case, name, value)
    if hasattr(case, "field_values"):
        case.field_values = {}


def retention_cutoff(days: int | None = None, today: date | None = None) -> date:
    days = settings.PERSONAL_DATA_RETENTION_DAYS if days is None else days
    return (today or timezone.localdate()) - timedelta(days=days)


def anonymise_concluded(
    days: int | None = None,
    *,
    today: date | None = None,
    progress: Callable[[str], None] = lambda line: None,
    batch: int = 200,
) -> int:
    """Anonymise every case concluded before the retention cutoff that is not anonymised yet;
    returns how many. Idempotent: an anonymised case carries the marker as its name and is skipped."""
    from sitegroup.models import Notification
    from sitegroup.services import cases

    cutoff = retention_cutoff(days, today)
    total = 0
    for kind in cases.kinds():
        if not any(field.name == "name" for field in kind.model._meta.concrete_fields):
            continue  # a kind that keeps no one's personal data (an interview's questions)
        pending = kind.model.objects.filter(concluded_on__lt=cutoff).exclude(name=ANONYMISED)
        count = pending.count()
        done = 0
        while ids := list(pending.order_by("pk").values_list("pk", flat=True)[:batch]):
            with transaction.atomic():
                for case in kind.model.objects.select_for_update().filter(pk__in=ids):
                    names = tuple(getattr(case, name, "") or "" for name in ("name", "contact_person"))
                    anonymise_case(case)
                    case.save()
                    for event in case.events.all():
                        event.note = mask_personal_data_in_text(event.note, names)
                        event.public_note = mask_personal_data_in_text(event.public_note, names)
                        event.save(update_fields=["note", "public_note"])
                Notification.objects.filter(case_kind=kind.code, case_id__in=ids).update(recipient="", body="")
            done += len(ids)
            progress(f"{kind.label}：已匿名化 {done}/{count}")
        if count:
            logger.info("anonymised %s %s cases concluded before %s", count, kind.code, cutoff)
        total += done
    return total
