"""Index numbers (索引号) of disclosure items: `<organisation code>/<year>-<5-digit serial>`."""

from __future__ import annotations

import re

PATTERN = re.compile(r"^(?P<code>[0-9A-Za-z-]{1,30})/(?P<year>\d{4})-(?P<serial>\d{5})$")
MAX_SERIAL = 99_999


def format_index_number(code: str, year: int, serial: int) -> str:
    if not 1 <= serial <= MAX_SERIAL:
        raise ValueError(f"serial {serial} outside 1–{MAX_SERIAL}")
    return f"{code}/{year:04d}-{serial:05d}"


def parse_index_number(value: str) -> tuple[str, int, int]:
    match = PATTERN.match(value or "")
    if not match:
        raise ValueError(f"not an index number: {value!r}")
    return match["code"], int(match["year"]), int(match["serial"])
