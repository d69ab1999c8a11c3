"""Masking of an applicant's personal data for lists and for people who only watch (supervision):
phone 138****1234, resident ID 3211**********1234, name 张*. Pure."""

from __future__ import annotations

import re

_DIGIT = re.compile(r"\d")


def mask_phone(value: str) -> str:
    """Mobile 13800001234 → 138****1234; landline 0511-85620008 → 0511-****0008."""
    value = (value or "").strip()
    digits = _DIGIT.findall(value)
    if len(digits) < 7:
        return "*" * len(value)
    if "-" in value:
        area, _, number = value.rpartition("-")
        return f"{area}-{'*' * max(0, len(number) - 4)}{number[-4:]}"
    return value[:3] + "*" * (len(value) - 7) + value[-4:]


def mask_id(value: str) -> str:
    """Resident ID or credit code: the first four and last four characters, 3211**********1234."""
    value = (value or "").strip()
    if len(value) <= 8:
        return "*" * len(value)
    return value[:4] + "*" * (len(value) - 8) + value[-4:]


def mask_name(value: str) -> str:
    """A person's name: the surname only, 张三 → 张*, 欧阳娜娜 → 欧***."""
    value = (value or "").strip()
    if len(value) <= 1:
        return "*" * len(value)
    return value[0] + "*" * (len(value) - 1)


def mask_email(value: str) -> str:
    """zhangsan@example.com → z***@example.com."""
    value = (value or "").strip()
    local, at, domain = value.partition("@")
    if not at:
        return "*" * len(value)
    return f"{local[:1]}***@{domain}"


def mask_address(value: str) -> str:
    """The district stays, the street and number go: 镇江市丹徒区宜城街道1号 → 镇江市丹徒区****."""
    value = (value or "").strip()
    if not value:
        return ""
    return value[:6] + "****" if len(value) > 6 else value[:1] + "****"
