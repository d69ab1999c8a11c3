"""Checks of identity numbers on citizen forms (disclosure requests, service applications): resident ID
(GB 11643) and unified social credit code (GB 32100), with their check characters. Pure."""

from __future__ import annotations

import re
from datetime import date

_ID = re.compile(r"^\d{17}[\dX]$")
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_CREDIT_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_CREDIT = re.compile(f"^[{_CREDIT_CHARS}]{{18}}$")
_CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def is_resident_id(value: str) -> bool:
    """18-character resident identity number: valid birth date and check character."""
    value = (value or "").strip().upper()
    if not _ID.match(value):
        return False
    try:
        date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        return False
    total = sum(int(digit) * weight for digit, weight in zip(value[:17], _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11] == value[17]


def is_credit_code(value: str) -> bool:
    """18-character unified social credit code with its check character."""
    value = (value or "").strip().upper()
    if not _CREDIT.match(value):
        return False
    total = sum(_CREDIT_CHARS.index(char) * weight for char, weight in zip(value[:17], _CREDIT_WEIGHTS, strict=True))
    return _CREDIT_CHARS[(31 - total % 31) % 31] == value[17]
