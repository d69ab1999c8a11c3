"""Exports: personal numbers typed into free text are masked, formulas stay text."""

import io

from openpyxl import load_workbook

from sitegroup.lib.exports import to_csv, to_xlsx

ROWS = [
    ["序号", "意见"],
    [1, "请回电13800001234，身份证11010519491231002X，邮箱 zhangsan@example.com"],
    [2, '=HYPERLINK("http://example.com")'],
]


def test_csv_masks_personal_numbers_in_free_text():
    text = to_csv(ROWS).decode("utf-8-sig")
    assert "13800001234" not in text and "138****1234" in text
    assert "11010519491231002X" not in text and "1101**********002X" in text
    assert "zhangsan@example.com" not in text and "z***@example.com" in text
    assert "'=HYPERLINK" in text


def test_xlsx_masks_personal_numbers_and_keeps_numbers_and_dates():
    sheet = load_workbook(io.BytesIO(to_xlsx([*ROWS, [3, "2026-12-02 15:00"]], "答卷"))).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[1] == [1, "请回电138****1234，身份证1101**********002X，邮箱 z***@example.com"]
    assert values[3] == [3, "2026-12-02 15:00"]
