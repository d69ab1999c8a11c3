"""Demo online applications: on every demo item that accepts them, applications in every state of the
flow (待受理, 补齐补正, 承办, 审核, 办结 approved and refused, 不予受理), some overdue, some with a
correction, concluded ones rated (a negative rating among them) — handled by the demo accounts through
the services, so the history, deadlines, warnings and statistics are real. Dates count back from today.

Runs on `sitegroup_demo_finished`, after the catalogue's demo items exist; without items it does nothing.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone

from services_column.models import (
    ApplicantKind,
    ApplicationResult,
    ServiceApplication,
    ServiceItemPage,
)
from services_column.models.items import ONLINE_DEPTHS_ACCEPTING_APPLICATIONS
from services_column.services import applications as services
from sitegroup.models import OrganisationKind
from sitegroup.services import cases
from sitegroup.services.working_days import calendar

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗"
GIVEN = ("秀英", "建国", "桂兰", "志强", "淑珍", "海燕", "国华", "玉梅", "春生", "丽娟", "德明", "小红", "文斌", "凤英")
COMPANIES = ("丹徒区康宁养老服务中心", "镇江润德教育培训有限公司", "丹徒区仁和诊所", "镇江市高桥农业发展合作社")
STREETS = ("幸福路", "长山路", "谷阳大道", "新民村")
TOWNS = ("高桥镇", "辛丰镇", "谷阳镇", "上党镇", "宝堰镇", "世业镇", "宜城街道")
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CREDIT_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)

# (what happens, calendar days ago received): every state, two overdue, corrections, ratings.
SCENARIOS = (
    ("submitted", 1),
    ("submitted", 45),  # overdue before acceptance: red
    ("correction", 6),
    ("corrected", 20),  # accepted when the corrected materials arrived: the clock restarted then
    ("handling", 9),
    ("handling", 50),  # overdue in handling: red
    ("review", 8),
    ("reviewed", 7),
    ("approved", 18, 5, "办理很快，窗口工作人员讲解清楚。"),
    ("refused", 22, 1, "材料要求没有一次讲清楚，来回跑了两次。"),
    ("not_accepted", 12, 2, ""),
    ("approved", 25, 4, ""),
)


def fake_resident_id(rng: random.Random) -> str:
    """A valid-format resident ID of 丹徒区 (321112): a plausible birth date and the right check character."""
    born = date(1950, 1, 1) + timedelta(days=rng.randrange(365 * 50))
    body = f"321112{born:%Y%m%d}{rng.randrange(1000):03d}"
    return body + "10X98765432"[sum(int(d) * w for d, w in zip(body, _ID_WEIGHTS, strict=True)) % 11]


def fake_credit_code(rng: random.Random) -> str:
    body = "9132111" + "".join(rng.choice(_CREDIT_CHARS) for _ in range(10))
    total = sum(_CREDIT_CHARS.index(c) * w for c, w in zip(body, _CREDIT_WEIGHTS, strict=True))
    return body + _CREDIT_CHARS[(31 - total % 31) % 31]


def _people(organisation):
    site = getattr(organisation, "site", None)
    hostname = site.hostname if site else ""
    prefix = "portal" if organisation.kind == OrganisationKind.PORTAL else hostname.split(".", 1)[0]
    users = get_user_model().objects
    admin = users.filter(is_superuser=True).first()
    handler = users.filter(username=f"{prefix}_handler").first() or admin
    reviewer = users.filter(username=f"{prefix}_reviewer").first() or admin
    return handler, reviewer


def _applicant(rng: random.Random, item, number: int) -> dict:
    company = item.audience == "legal_person" or (item.audience == "both" and number % 4 == 3)
    town = rng.choice(TOWNS)
    base = {
        "phone": f"13{rng.randrange(3, 10)}{rng.randrange(10**8):08d}",
        "email": "" if number % 3 else f"applicant{number}@example.com",
        "address": f"镇江市丹徒区{town}{rng.choice(STREETS)}{rng.randrange(1, 200)}号",
        "field_values": _field_values(rng, item),
    }
    if company:
        return {
            **base,
            "applicant_kind": ApplicantKind.LEGAL_PERSON,
            "name": rng.choice(COMPANIES),
            "id_number": fake_credit_code(rng),
            "legal_representative": rng.choice(SURNAMES) + rng.choice(GIVEN),
        }
    return {
        **base,
        "applicant_kind": ApplicantKind.PERSON,
        "name": rng.choice(SURNAMES) + rng.choice(GIVEN),
        "id_number": fake_resident_id(rng),
    }


def _field_values(rng: random.Random, item) -> dict:
    values = {}
    for field in item.application_fields.all():
        if field.kind == "number":
            value = str(rng.randrange(1, 6))
        elif field.kind == "date":
            value = (timezone.localdate() - timedelta(days=rng.randrange(30, 400))).isoformat()
        elif field.kind == "choice":
            options = field.choice_list()
            value = rng.choice(options) if options else ""
        else:
            value = "家庭主要劳动力患病，收入不足以维持基本生活。" if field.kind == "textarea" else "见申请材料"
        values[str(field.pk)] = {"label": field.label, "value": value}
    return values


def _materials(item, *, leave_out=None):
    return [
        (material, ContentFile(PDF, name=f"{material.name}.pdf"))
        for material in item.materials.all()
        if material.is_required and material != leave_out
    ]


def build_demo_applications() -> int:
    """Applications on the demo items that accept them; returns how many were made (0 when there are
    no such items yet, or the demo already has applications)."""
    if ServiceApplication.objects.exists():
        return 0
    items = list(
        ServiceItemPage.objects.live()
        .filter(online_depth__in=ONLINE_DEPTHS_ACCEPTING_APPLICATIONS)
        .select_related("organisation")
        .order_by("organisation__sort_order", "pk")
    )
    if not items:
        return 0
    rng = random.Random("demo-applications")  # noqa: S311 - repeatable demo data
    cal = calendar()
    today = timezone.localdate()
    by_organisation: dict[int, list] = {}
    for item in items:
        by_organisation.setdefault(item.organisation_id, []).append(item)
    made = 0
    for organisation_items in by_organisation.values():
        handler, reviewer = _people(organisation_items[0].organisation)
        if handler is None:
            continue
        for number, scenario in enumerate(SCENARIOS):
            item = organisation_items[number % len(organisation_items)]
            _play(item, scenario, number, rng, cal, today, handler, reviewer)
            made += 1
    return made


def _play(item, scenario, number, rng, cal, today, handler, reviewer) -> None:
    what, days_ago = scenario[0], scenario[1]
    received = cal.next_working_day(today - timedelta(days=days_ago))
    if received > today:
        received = today
    application = services.submit(
        item,
        _applicant(rng, item, number),
        materials=_materials(item),
        client_ip=f"demo-application-{item.pk}-{number}",
        today=received,
    )
    step = received

    def next_day(after: date, days: int = 1) -> date:
        return min(cal.add(after, days), today)

    if what == "submitted":
        return
    if what == "not_accepted":
        step = next_day(step)
        services.reject(
            application, handler, reason="申请人户籍不在本区，不属于本机关受理范围，请向户籍所在地提出申请。", on=step
        )
        _rate(application, scenario)
        return
    if what in ("correction", "corrected"):
        listed = [material for material in item.materials.all() if material.is_required][:1]
        services.request_correction(
            application,
            handler,
            materials=listed,
            note="请提供加盖村（居）委会公章的证明原件扫描件。",
            on=next_day(step),
        )
        if what == "correction":
            return
        arrival = next_day(step, 6)
        services.receive_correction(
            application,
            [(material, ContentFile(PDF, name=f"{material.name}（补正）.pdf")) for material in listed],
            on=arrival,
        )
        return
    else:
        step = next_day(step)
        services.accept(application, handler, on=step)
    step = next_day(step)
    services.handle(application, handler, on=step)
    if what == "handling":
        return
    refused = what == "refused"
    services.propose(
        application,
        handler,
        result=ApplicationResult.REFUSED if refused else ApplicationResult.APPROVED,
        text="经审查，申请材料齐全，符合法定条件。" if not refused else "经入户调查和家庭经济状况核对。",
        reason="经核对，申请人家庭人均收入高于本区最低生活保障标准。" if refused else "",
        on=next_day(step, 2),
    )
    if what == "review" or reviewer is None or reviewer == handler:
        return
    step = next_day(step, 3)
    services.review(application, reviewer, on=step)
    if what == "reviewed":
        return
    services.conclude(application, handler, publish=True, on=next_day(step))
    _rate(application, scenario)


def _rate(application, scenario) -> None:
    if len(scenario) > 2:
        application.refresh_from_db()
        if cases.may_rate(application):
            cases.rate(application, scenario[2], scenario[3])
