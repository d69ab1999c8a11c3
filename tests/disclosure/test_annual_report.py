"""Annual reports from a known data set: computed sections, hand sections, county totals, XLSX."""

import io
from datetime import date

import pytest
from openpyxl import load_workbook

from disclosure.models import AnnualReportIndexPage, AnnualReportPage, CatalogueItem, Genre, Validity
from disclosure.services import requests as services
from tests.disclosure.builders import make_disclosure_column, make_item
from tests.disclosure.test_requests import APPLICATION

pytestmark = pytest.mark.django_db


def row_html(label, *cells):
    return f'<th scope="row">{label}</th>' + "".join(f"<td>{cell}</td>" for cell in cells)


def make_report(column_page, year, **fields):
    index = AnnualReportIndexPage.objects.child_of(column_page).first()
    if index is None:
        index = AnnualReportIndexPage(title="政府信息公开年报", slug="reports")
        column_page.add_child(instance=index)
        index.save_revision().publish()
    report = AnnualReportPage(title=f"{year}年政府信息公开工作年度报告", slug=f"report-{year}", year=year, **fields)
    index.add_child(instance=report)
    report.save_revision().publish()
    return report


@pytest.fixture
def data(site_group):
    handler = site_group["users"]["b_handler"]
    catalogue = make_disclosure_column(site_group["b"].home_page)
    normative = CatalogueItem.objects.get(group="regulation", number=1)
    make_item(catalogue, "规范性文件甲", catalogue_item=normative, published_on=date(2025, 3, 1))
    make_item(
        catalogue,
        "规范性文件乙",
        catalogue_item=normative,
        published_on=date(2023, 3, 1),
        validity=Validity.REPEALED,
        validity_changed_on=date(2025, 9, 1),
    )
    make_item(
        catalogue,
        "政府令甲",
        catalogue_item=normative,
        genre=Genre.objects.get(name="政府令"),
        published_on=date(2025, 5, 1),
    )
    make_item(
        catalogue,
        "其他公开信息",
        published_on=date(2025, 5, 1),
        catalogue_item=CatalogueItem.objects.get(group="regulation", number=4),
    )
    organisation = site_group["b"].organisation

    def submit(kind="person", received=date(2025, 3, 2), number=[0]):  # noqa: B006 - a counter for addresses
        number[0] += 1
        data = {**APPLICATION, "kind": kind}
        if kind != "person":
            data.update(id_number="91350100M000100Y43", contact_person="联系人")
        return services.submit(organisation, data, client_ip=f"192.0.2.{number[0]}", today=received)

    carried_in = submit(received=date(2024, 12, 20))
    services.answer(carried_in, handler, reply_type="disclosed", on=date(2025, 1, 8))
    services.answer(submit(), handler, reply_type="withheld", subtype="third_party", on=date(2025, 3, 20))
    company = submit(kind="commercial", received=date(2025, 6, 2))
    services.request_correction(company, handler, note="补正", due_days=5, on=date(2025, 6, 3))
    services.lapse(company, handler, on=date(2025, 6, 20))
    submit(kind="research", received=date(2025, 12, 22))  # open at the year's end: carried out
    column_page = catalogue.get_parent()
    return {"column": column_page, "organisation": organisation}


class TestComputedSections:
    def test_section_2_counts_normative_documents_and_rules(self, data, client):
        report = make_report(data["column"], 2025, licensing_decisions=12)
        body = client.get(report.url, HTTP_HOST="b.localhost").content.decode()
        assert row_html("行政规范性文件", 1, 1, 1) in body
        assert row_html("规章", 1, 0, 1) in body
        assert row_html("行政许可（处理决定）", 12) in body

    def test_section_3_from_the_requests(self, data, client):
        body = client.get(make_report(data["column"], 2025).url, HTTP_HOST="b.localhost").content.decode()
        # new: a person, a company and a research institute; carried in: one; handled: three; carried out: one
        assert row_html("一、本年新收政府信息公开申请数量", 1, 1, 1, 0, 0, 0, 3) in body
        assert row_html("二、上年结转政府信息公开申请数量", 1, 0, 0, 0, 0, 0, 1) in body
        assert row_html("1．申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", 0, 1) in body
        assert row_html("（七）总计", 2, 1, 0, 0, 0, 0, 3) in body
        assert row_html("四、结转下年度继续办理", 0, 0, 1) in body

    def test_one_report_per_organisation_and_year(self, data):
        from django.core.exceptions import ValidationError

        make_report(data["column"], 2025)
        duplicate = AnnualReportPage(title="重复", slug="dup", year=2025, organisation_id=data["organisation"].pk)
        with pytest.raises(ValidationError, match="已经存在"):
            duplicate.full_clean()


class TestCounty:
    def test_the_county_report_sums_its_departments(self, data, site_group, client):
        make_report(data["column"], 2025, reconsideration_upheld=2, licensing_decisions=5)
        county_column = make_disclosure_column(site_group["portal"].home_page).get_parent()
        county = make_report(
            county_column, 2025, includes_departments=True, reconsideration_upheld=1, licensing_decisions=7
        )
        body = client.get(county.url, HTTP_HOST="localhost").content.decode()
        assert "汇总 3 个机关" in body
        assert row_html("行政许可（处理决定）", 12) in body
        assert row_html("行政复议", 3, 0, 0, 0, 3) in body
        assert row_html("（七）总计", 2, 1, 0, 0, 0, 0, 3) in body


class TestExport:
    def test_xlsx_in_the_official_layout(self, data, client):
        report = make_report(data["column"], 2025, reconsideration_corrected=1)
        response = client.get(report.url + "xlsx/", HTTP_HOST="b.localhost")
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/vnd.openxmlformats")
        sheet = load_workbook(io.BytesIO(response.content)).active
        values = [list(row) for row in sheet.iter_rows(values_only=True)]
        labels = [row[0] for row in values]
        assert "三、收到和处理政府信息公开申请情况" in labels
        new = values[labels.index("一、本年新收政府信息公开申请数量")]
        assert list(new[1:8]) == [1, 1, 1, 0, 0, 0, 3]
        total = values[labels.index("（七）总计")]
        assert total[7] == 3
        litigation = values[-1]
        assert list(litigation[:5]) == [0, 1, 0, 0, 1]
