"""Builders for online-application tests: the service column at /zwfw/ (got or created; the catalogue
may already have provisioned it) and an item with materials and the item's own application fields."""

from __future__ import annotations

import itertools

from django.core.files.uploadedfile import SimpleUploadedFile

from services_column.models import (
    ApplicationField,
    ApplicationFieldKind,
    OnlineDepth,
    PowerCategory,
    ServiceColumnPage,
    ServiceItemPage,
    ServiceMaterial,
)

_counter = itertools.count(1)

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = (  # a valid 1×1 PNG: uploads are decoded (sitegroup.services.uploads)
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc````\x00\x00\x00\x05\x00\x01\xa5\xf6E@\x00\x00\x00\x00IEND\xaeB`\x82"
)
EXE = (
    b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00"
    + b"\x00" * 64
    + b"This program cannot be run in DOS mode."
)

# Valid-format fake identity numbers (check characters correct; not real people or organisations).
PERSON_ID = "11010519491231002X"
OTHER_PERSON_ID = "321112198503151234"
CREDIT_CODE = "91350100M000100Y43"


def pdf(name: str = "材料.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def service_column(home) -> ServiceColumnPage:
    existing = ServiceColumnPage.objects.child_of(home).first()
    if existing is not None:
        return existing
    column = ServiceColumnPage(title="政务服务", slug="zwfw", show_in_menus=True)
    home.add_child(instance=column)
    column.save_revision().publish()
    return column


def make_item(
    home,
    title: str = "最低生活保障审批",
    *,
    online_depth: str = OnlineDepth.FULLY_ONLINE,
    is_immediate: bool = False,
    promised_days: int | None = 10,
    statutory_days: int | None = 20,
    audience: str = "both",
    materials=(("居民身份证", True), ("家庭收入情况说明", True), ("残疾证", False)),
    fields=(
        ("家庭人口数", ApplicationFieldKind.NUMBER, "", True),
        ("申请理由", ApplicationFieldKind.TEXTAREA, "", True),
    ),
) -> ServiceItemPage:
    column = service_column(home)
    number = next(_counter)
    item = ServiceItemPage(
        title=title,
        slug=f"item-{number}",
        item_code=f"TEST-APPLY-{number:05d}",
        power_category=PowerCategory.BENEFIT,
        audience=audience,
        legal_basis="<p>《社会救助暂行办法》</p>",
        conditions="<p>共同生活的家庭成员人均收入低于当地最低生活保障标准。</p>",
        is_immediate=is_immediate,
        promised_days=None if is_immediate else promised_days,
        statutory_days=None if is_immediate else statutory_days,
        place="县政务服务中心一楼民政窗口",
        hours="工作日 9:00-12:00，13:30-17:00",
        consultation_phone="0511-85620001",
        supervision_phone="0511-85620002",
        online_depth=online_depth,
        result_name="最低生活保障证",
    )
    for order, (name, required) in enumerate(materials):
        item.materials.add(ServiceMaterial(name=name, is_required=required, sort_order=order))
    for order, (label, kind, choices, required) in enumerate(fields):
        item.application_fields.add(
            ApplicationField(label=label, kind=kind, choices=choices, is_required=required, sort_order=order)
        )
    column.add_child(instance=item)
    item.save_revision().publish()
    item.refresh_from_db()
    return item
