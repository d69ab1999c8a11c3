"""Small builders of service items for the catalogue tests: a published item under a column, and a
form document of a given type."""

from __future__ import annotations

import itertools

from django.core.files.base import ContentFile
from wagtail.documents import get_document_model

from services_column.models import (
    LifeEvent,
    OnlineDepth,
    PowerCategory,
    ServiceColumnPage,
    ServiceForm,
    ServiceItemPage,
    ServiceMaterial,
    ServiceStep,
)

_codes = itertools.count(1)


def column_of(provisioned) -> ServiceColumnPage:
    return ServiceColumnPage.objects.child_of(provisioned.home_page).get()


def event(name: str, audience: str = "person") -> LifeEvent:
    return LifeEvent.objects.get(name=name, audience=audience)


def make_document(title: str, data: bytes = b"%PDF-1.4\n%%EOF\n", extension: str = "pdf"):
    document = get_document_model()(title=title)
    document.file.save(f"form-{next(_codes)}.{extension}", ContentFile(data), save=False)
    document.file_size = len(data)
    document.save()
    return document


def make_item(
    column: ServiceColumnPage,
    title: str,
    *,
    category: str = PowerCategory.LICENSING,
    events=(),
    depth: str = OnlineDepth.DOWNLOAD,
    code: str | None = None,
    materials=(),
    steps=(),
    forms=(),
    publish: bool = True,
    **fields,
) -> ServiceItemPage:
    values = {
        "legal_basis": "<p>《中华人民共和国行政许可法》</p>",
        "conditions": "<p>符合条件的申请人</p>",
        "promised_days": 10,
        "statutory_days": 20,
        "place": "县政务服务中心",
        "hours": "工作日 9:00—17:00",
        "consultation_phone": "0511-85620001",
        "supervision_phone": "0511-12345",
        **fields,
    }
    page = ServiceItemPage(
        title=title,
        item_code=code or f"T{next(_codes):08d}",
        power_category=category,
        online_depth=depth,
        **values,
    )
    for order, material in enumerate(materials):
        page.materials.add(ServiceMaterial(sort_order=order, **material))
    for order, step in enumerate(steps):
        page.steps.add(ServiceStep(sort_order=order, **step))
    for order, form in enumerate(forms):
        page.forms.add(ServiceForm(sort_order=order, **form))
    page.life_events = list(events)
    page.live = publish
    column.add_child(instance=page)
    revision = page.save_revision()
    if publish:
        revision.publish()
    return page


def ensure_columns(site_group) -> dict[str, ServiceColumnPage]:
    """The service columns of the shared site group's sites. The shared group is provisioned without a
    site template, so the `sitegroup_provision_site` hooks did not run: run ours as they would."""
    from services_column.provisioning import ensure_service_column

    return {key: ensure_service_column(site_group[key].organisation) for key in ("portal", "a", "b")}
