"""The catalogue through HTTP: navigation with counts, combined filters, paging, item metadata."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from disclosure.models import CatalogueItem, Genre, Topic, Validity
from tests.disclosure.builders import make_disclosure_column, make_item, topic

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogues(site_group, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        a = make_disclosure_column(site_group["a"].home_page)
        b = make_disclosure_column(site_group["b"].home_page)
        platform = make_disclosure_column(site_group["portal"].home_page, is_platform=True)
        make_item(a, "关于做好义务教育招生工作的通知", topic=topic("教育"), published_on=date(2025, 6, 1))
        make_item(a, "区教育局2026年部门预算", topic=topic("财政"), genre=Genre.objects.get(name="报告"))
        make_item(
            a,
            "关于废止部分规范性文件的决定",
            topic=topic("教育"),
            genre=Genre.objects.get(name="决定"),
            validity=Validity.REPEALED,
            validity_changed_on=date(2026, 5, 1),
        )
        make_item(
            b,
            "城乡居民最低生活保障实施办法",
            topic=topic("社会救助"),
            catalogue_item=CatalogueItem.objects.get(group="special_funds", number=51),
        )
    return {"a": a, "b": b, "platform": platform}


def get(client, host, path, **params):
    return client.get(path, params, HTTP_HOST=host)


class TestNavigation:
    def test_own_catalogue_lists_own_items_with_counts(self, client, catalogues):
        body = get(client, "a.localhost", "/xxgk/catalogue/").content.decode()
        assert "共 <strong>3</strong> 条" in body
        assert '科技、教育 <span class="sg-count">(2)</span>' in body  # first level sums its second levels
        assert '教育 <span class="sg-count">(2)</span>' in body
        assert '2025年 <span class="sg-count">(1)</span>' in body
        assert "最低生活保障" not in body  # another organisation's item

    def test_filters_combine(self, client, catalogues):
        education = topic("教育")
        body = get(client, "a.localhost", "/xxgk/catalogue/", topic=education.pk, year=2026).content.decode()
        assert "共 <strong>1</strong> 条" in body
        assert "关于废止部分规范性文件的决定" in body
        assert "义务教育招生" not in body

    def test_first_level_topic_includes_second_levels(self, client, catalogues):
        first = Topic.objects.get(name="科技、教育")
        body = get(client, "a.localhost", "/xxgk/catalogue/", topic=first.pk).content.decode()
        assert "共 <strong>2</strong> 条" in body

    def test_repealed_items_are_marked(self, client, catalogues):
        body = get(client, "a.localhost", "/xxgk/catalogue/").content.decode()
        assert 'sg-badge--repealed">已废止</span>' in body

    def test_platform_aggregates_every_organisation(self, client, catalogues, site_group):
        body = get(client, "localhost", "/xxgk/catalogue/").content.decode()
        assert "共 <strong>4</strong> 条" in body
        assert "发布机构" in body and '测试县民政局 <span class="sg-count">(1)</span>' in body
        b = site_group["b"].organisation
        filtered = get(client, "localhost", "/xxgk/catalogue/", organisation=b.pk).content.decode()
        assert "共 <strong>1</strong> 条" in filtered and "城乡居民最低生活保障实施办法" in filtered

    def test_catalogue_item_dimension(self, client, catalogues):
        item = CatalogueItem.objects.get(group="special_funds", number=51)
        body = get(client, "localhost", "/xxgk/catalogue/", catalogue=item.pk).content.decode()
        assert "共 <strong>1</strong> 条" in body
        assert '城市居民最低生活保障补助资金管理和使用情况 <span class="sg-count">(1)</span>' in body

    def test_full_text_search_inside_the_column(self, client, catalogues):
        body = get(client, "a.localhost", "/xxgk/catalogue/", q="部门预算").content.decode()
        assert "共 <strong>1</strong> 条" in body and "区教育局2026年部门预算" in body
        platform = get(client, "localhost", "/xxgk/catalogue/", q="最低生活保障").content.decode()
        assert "共 <strong>1</strong> 条" in platform

    @pytest.mark.parametrize(
        ("params", "message"),
        [
            ({"topic": "x"}, "主题分类参数无效"),
            ({"year": "1800"}, "年份参数无效"),
            ({"page": "0"}, "页码无效"),
            ({"q": "政" * 51}, "检索词"),
        ],
    )
    def test_bad_parameters(self, client, catalogues, params, message):
        response = get(client, "a.localhost", "/xxgk/catalogue/", **params)
        assert response.status_code == 400
        assert message in response.content.decode()

    def test_page_out_of_range(self, client, catalogues):
        assert get(client, "a.localhost", "/xxgk/catalogue/", page=99).status_code == 404

    def test_query_count_does_not_grow_with_the_catalogue(self, client, catalogues, django_capture_on_commit_callbacks):
        def queries():
            get(client, "localhost", "/xxgk/catalogue/", year=2026)  # warm the per-process caches
            with CaptureQueriesContext(connection) as captured:
                body = get(client, "localhost", "/xxgk/catalogue/", year=2026).content.decode()
            return len(captured), body

        before, _ = queries()
        with django_capture_on_commit_callbacks(execute=True):
            for number in range(25):
                make_item(catalogues["a"], f"新增公开条目{number}", topic=topic("教育"))
        after, body = queries()
        assert "共 <strong>28</strong> 条" in body  # 3 + 25 items of 2026 are listed …
        assert after == before  # … with the same queries

    def test_unpublished_item_leaves_the_catalogue(self, client, catalogues, django_capture_on_commit_callbacks):
        item = catalogues["a"].get_children().specific().get(title="区教育局2026年部门预算")
        with django_capture_on_commit_callbacks(execute=True):
            item.unpublish()
        body = get(client, "a.localhost", "/xxgk/catalogue/").content.decode()
        assert "共 <strong>2</strong> 条" in body and "部门预算" not in body


class TestItemPage:
    def test_metadata_table_in_the_standard_order(self, client, catalogues):
        item = catalogues["a"].get_children().first().specific
        body = get(client, "a.localhost", item.url).content.decode()
        labels = ["索引号", "主题分类", "发布机构", "成文日期", "名称", "文号", "发布日期", "关键词", "有效性"]
        positions = [body.index(f'<th scope="row">{label}</th>') for label in labels]
        assert positions == sorted(positions)
        assert item.index_number in body

    def test_repealed_item_carries_a_notice(self, client, catalogues):
        item = catalogues["a"].get_children().specific().get(title="关于废止部分规范性文件的决定")
        body = get(client, "a.localhost", item.url).content.decode()
        assert "本文件已废止" in body and "2026-05-01" in body

    def test_interpretation_links_both_ways(self, client, catalogues, django_capture_on_commit_callbacks):
        policy = catalogues["b"].get_children().first().specific
        reading = make_item(catalogues["b"], "《城乡居民最低生活保障实施办法》政策解读", interprets=policy)
        assert "相关解读" in get(client, "b.localhost", policy.url).content.decode()
        assert "的解读" in get(client, "b.localhost", reading.url).content.decode()

    def test_guide_shows_the_office_from_the_organisation(self, client, catalogues, site_group):
        organisation = site_group["a"].organisation
        organisation.address = "测试县人民路1号"
        organisation.save()
        body = get(client, "a.localhost", "/xxgk/guide/").content.decode()
        assert "测试县人民路1号" in body and "政府信息公开工作机构" in body


class TestValidation:
    def test_summary_limit(self, catalogues):
        from django.core.exceptions import ValidationError

        item = catalogues["a"].get_children().first().specific
        item.summary = "概" * 301
        with pytest.raises(ValidationError, match="300"):
            item.full_clean()
        item.body = "<p>" + "正" * 5001 + "</p>"
        item.full_clean()  # long documents may have 500

    def test_repealed_needs_a_date(self, catalogues):
        from django.core.exceptions import ValidationError

        item = catalogues["a"].get_children().first().specific
        item.validity = Validity.EXPIRED
        with pytest.raises(ValidationError, match="废止/失效日期"):
            item.full_clean()


class TestDemo:
    def test_demo_sites_get_a_disclosure_column_with_items(self, tmp_path, settings, client):
        from django.core.management import call_command

        from disclosure.models import DisclosureItemPage

        settings.DISCLOSURE_DEMO_ITEMS_PER_SITE = 5
        call_command("load_demo", "--articles-per-column=1", f"--accounts-file={tmp_path / 'accounts.txt'}")
        assert DisclosureItemPage.objects.live().count() == 30  # 6 sites × 5
        assert DisclosureItemPage.objects.filter(index_number__isnull=True).count() == 0
        body = client.get("/xxgk/catalogue/", HTTP_HOST="localhost").content.decode()
        assert "政府信息公开平台" in body and "共 <strong>30</strong> 条" in body
        guide = client.get("/xxgk/guide/", HTTP_HOST="edu.localhost").content.decode()
        assert "镇江市丹徒区上党路8号" in guide
        from disclosure.models import DisclosureRequest, RequestState

        states = set(DisclosureRequest.objects.values_list("state", flat=True))
        assert states == set(RequestState.values)  # requests in every state
        assert DisclosureRequest.objects.filter(is_extended=True).exists()
        reports = client.get("/xxgk/reports/", HTTP_HOST="localhost").content.decode()
        assert "年政府信息公开工作年度报告" in reports and "XLSX" in reports
        from disclosure.models import AnnualReportPage
        from disclosure.services.annual_reports import build

        county = build(AnnualReportPage.objects.get(includes_departments=True))
        # Five departments × last year's six answered; each has one more carried into this year.
        assert county.requests.row("（七）总计").cells[-1] == 5 * 6
        assert county.requests.row("四、结转下年度继续办理").cells[-1] == 5
        assert county.requests.balances


class TestIsolationAndAttachments:
    def test_an_editor_cannot_edit_another_organisations_item(self, client, catalogues, site_group):
        item = catalogues["b"].get_children().first().specific
        client.force_login(site_group["users"]["a_editor"])
        response = client.post(f"/admin/pages/{item.pk}/edit/", {"title": "被篡改", "slug": item.slug})
        assert response.status_code in (302, 403)
        item.refresh_from_db()
        assert item.title == "城乡居民最低生活保障实施办法"
        assert client.get(f"/admin/pages/{item.pk}/edit/").status_code in (302, 403)

    def test_attachments_must_be_documents(self, catalogues, site_group):
        from django.core.exceptions import ValidationError
        from django.core.files.base import ContentFile
        from wagtail.documents.models import Document

        from disclosure.models import DisclosureAttachment

        item = catalogues["a"].get_children().first().specific
        program = Document.objects.create(title="工具", file=ContentFile(b"MZ", name="tool.exe"))
        with pytest.raises(ValidationError, match="PDF"):
            DisclosureAttachment(page=item, document=program).clean()
        spreadsheet = Document.objects.create(title="名单", file=ContentFile(b"PK", name="list.xlsx"))
        DisclosureAttachment(page=item, document=spreadsheet).clean()
