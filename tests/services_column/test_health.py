"""The services column's health check: live service items missing guide elements."""

import pytest

from services_column.models import ServiceItemPage
from sitegroup.services import health
from tests.services_column.item_builders import ensure_columns, make_item

pytestmark = pytest.mark.django_db

MATERIAL = {"name": "身份证", "is_required": True}
STEP = {"name": "受理", "description": "窗口受理"}


def test_complete_guide_is_green_and_a_missing_element_is_red_with_its_edit_link(site_group):
    column = ensure_columns(site_group)["a"]
    make_item(column, "完整事项", materials=[MATERIAL], steps=[STEP])
    assert health.run_site_health(site_group["a"].organisation).results["service_guides"] == "green"
    item = make_item(column, "缺要素事项", materials=[], steps=[STEP])
    # Items imported from the old platform bypass the form: the element is missing in the database.
    ServiceItemPage.objects.filter(pk=item.pk).update(supervision_phone="")
    run = health.run_site_health(site_group["a"].organisation)
    [problem] = run.problems.filter(check_code="service_guides")
    assert problem.severity == "red"
    assert problem.message == "办事指南「缺要素事项」缺少：监督投诉电话、申请材料。"
    assert problem.fix_url == f"/admin/pages/{item.pk}/edit/"
