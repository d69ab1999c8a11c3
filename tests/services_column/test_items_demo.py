"""The demo items: full guides with real form files for each demo department, mixed online depths,
discretion grades on a penalty; and the benchmark's bulk builder makes listable items."""

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from services_column import demo
from services_column.models import OnlineDepth, PowerCategory, ServiceItemPage
from tests.services_column.item_builders import ensure_columns

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_items(site_group, django_capture_on_commit_callbacks):
    """The shared group's 教育局 and 民政局 with the demo organisations' codes, then the demo builder."""
    ensure_columns(site_group)
    for key, code in (("a", demo.EDU), ("b", demo.MZ)):
        organisation = site_group[key].organisation
        organisation.code = code
        organisation.save()
    with django_capture_on_commit_callbacks(execute=True):
        made = demo.build_demo_items()
    return made


class TestDemoItems:
    def test_full_guides_for_each_department(self, demo_items, site_group):
        assert demo_items == len(demo.ITEMS[demo.EDU]) + 1 + len(demo.ITEMS[demo.MZ])
        low_income = ServiceItemPage.objects.get(title="最低生活保障审批")
        assert low_income.organisation == site_group["b"].organisation and low_income.live
        assert low_income.materials.count() >= 5 and low_income.steps.count() >= 5
        assert low_income.forms.count() == 3 and low_income.life_events.filter(name="社会救助").exists()
        assert low_income.materials.exclude(sample=None).exists()
        assert ServiceItemPage.objects.filter(title="教师资格认定", organisation=site_group["a"].organisation).exists()

    def test_online_depths_are_mixed_and_some_accept_applications(self, demo_items):
        depths = set(ServiceItemPage.objects.values_list("online_depth", flat=True))
        assert OnlineDepth.FULLY_ONLINE in depths and OnlineDepth.INFORMATION in depths
        assert any(item.accepts_applications for item in ServiceItemPage.objects.all())

    def test_penalty_has_discretion_grades(self, demo_items):
        penalty = ServiceItemPage.objects.get(power_category=PowerCategory.PENALTY, organisation__code=demo.MZ)
        assert penalty.discretion_grades.count() == 4

    def test_form_files_open_in_their_programs(self, demo_items):
        from docx import Document as WordDocument
        from openpyxl import load_workbook

        kinds = set()
        for form in ServiceItemPage.objects.get(title="最低生活保障审批").forms.select_related("document"):
            with form.document.file.open("rb") as handle:
                data = handle.read()
            extension = form.document.file_extension
            kinds.add(extension)
            if extension == "docx":
                assert "最低生活保障申请书" in WordDocument(io.BytesIO(data)).paragraphs[0].text
            elif extension == "xlsx":
                assert load_workbook(io.BytesIO(data)).active["A1"].value == "家庭收入和财产情况申报表"
            else:
                assert data.startswith(b"%PDF-1.4") and data.rstrip().endswith(b"%%EOF")
        assert kinds == {"docx", "pdf", "xlsx"}

    def test_running_again_adds_nothing(self, demo_items):
        assert demo.build_demo_items() == 0

    def test_the_guides_render(self, client, demo_items):
        for item in ServiceItemPage.objects.all():
            host = "a.localhost" if item.organisation.code == demo.EDU else "b.localhost"
            response = client.get(f"/zwfw/{item.slug}/", HTTP_HOST=host)
            assert response.status_code == 200 and item.item_code in response.content.decode()


class TestBulkBuilder:
    def test_bulk_items_are_listed_and_counted(self, client, site_group):
        columns = ensure_columns(site_group)
        before = columns["b"].get_children().count()
        made = demo.build_bulk_items(60, organisations=[site_group["a"].organisation, site_group["b"].organisation])
        assert made == 60
        assert ServiceItemPage.objects.live().count() == 60
        columns["b"].refresh_from_db()
        assert columns["b"].numchild == before + 30 and columns["b"].get_children().count() == before + 30
        body = client.get("/zwfw/", HTTP_HOST="localhost").content.decode()
        assert "共 <strong>60</strong> 个" in body
        item = ServiceItemPage.objects.filter(organisation=site_group["b"].organisation).first()
        assert client.get(f"/zwfw/{item.slug}/", HTTP_HOST="b.localhost").status_code == 200
        # The tree stays valid: a page added the normal way after them gets the next path.
        from tests.services_column.item_builders import make_item

        added = make_item(columns["b"], "批量之后新增的事项")
        assert added.get_parent().pk == columns["b"].pk

    def test_bulk_insert_takes_few_queries(self, site_group):
        ensure_columns(site_group)
        organisations = [site_group["b"].organisation]
        demo.build_bulk_items(10, organisations=organisations)
        with CaptureQueriesContext(connection) as captured:
            demo.build_bulk_items(400, organisations=organisations, batch=200)
        assert len(captured) < 40
