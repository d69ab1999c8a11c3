"""CSV and XLSX files from rows of values, safe to open in a spreadsheet (no formula injection), with
the personal numbers a citizen may have typed into free text (ID, phone, e-mail) masked: an export
leaves the system and its handler's permission checks (个人信息保护法, docs/security.md)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from openpyxl import Workbook

from sitegroup.lib.masking import mask_personal_data_in_text

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _safe(value):
    if isinstance(value, str):
        value = mask_personal_data_in_text(value)
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value  # a citizen's "=HYPERLINK(...)" stays text in Excel and WPS
    return value


def to_csv(rows: Iterable[list]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in rows:
        writer.writerow([_safe(value) for value in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")  # BOM: Excel opens UTF-8 Chinese correctly


def to_xlsx(rows: Iterable[list], title: str) -> bytes:
    workbook = Workbook(write_only=True)
    safe_title = "".join(char for char in title if char not in "[]:*?/\\")[:31]
    sheet = workbook.create_sheet(title=safe_title or "答卷")
    for row in rows:
        sheet.append([_safe(value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
