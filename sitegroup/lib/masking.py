"""Masking of a citizen's personal data (applicants, writers of messages) for lists and for people who
only watch (supervision): phone 138****1234, resident ID 3211**********1234, name 张*. Pure."""

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


_PERSONAL_NUMBERS = (
    (re.compile(r"(?<![\dA-Za-z])\d{17}[\dXx](?![\dA-Za-z])"), lambda m: mask_id(m.group(0))),
    # Mobiles also written with spaces or dashes, or with +86 in front.
    (
        re.compile(r"(?<!\d)(?:\+?86[ -]?)?1[3-9]\d(?:[ -]?\d){8}(?!\d)"),
        lambda m: mask_phone(re.sub(r"\D", "", m.group(0))[-11:]),
    ),
    (re.compile(r"(?<!\d)0\d{2,3}-?\d{7,8}(?!\d)"), lambda m: mask_phone(m.group(0))),
    (re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+"), lambda m: mask_email(m.group(0))),
)


def mask_personal_data_in_text(text: str, names: tuple[str, ...] = ()) -> str:
    """Free text made fit to publish: resident IDs, mobile and landline numbers, e-mail addresses
    that a writer typed into a message, and the given names (the writer's own), masked wherever
    they appear."""
    for pattern, replace in _PERSONAL_NUMBERS:
        text = pattern.sub(replace, text)
    for name in names:
        if name and len(name) >= 2:
            text = text.replace(name, mask_name(name))
    return text
