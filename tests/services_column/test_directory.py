"""The service column's directory through HTTP: classified navigation with counts, combined filters,
paging, in-column search, constant SQL queries, bad input."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from services_column.models import PowerCategory
from tests.services_column.item_builders import ensure_columns, event, make_item

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue(site_group, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        columns = ensure_columns(site_group)
        make_item(columns["a"], "教师资格认定", code="EDU001", events=[event("教育科研"), event("就业创业")])
        make_item(
            columns["a"],
            "民办学校设立审批",
            code="EDU002",
            events=[event("设立变更", "legal_person")],
            audience="legal_person",
        )
        make_item(
            columns["a"], "学生资助申请", code="EDU003", category=PowerCategory.BENEFIT, events=[event("教育科研")]
        )
        make_item(
            columns["b"], "最低生活保障审批", code="MZ001", category=PowerCategory.BENEFIT, events=[event("社会救助")]
        )
        make_item(
            columns["b"], "婚姻登记", code="MZ002", category=PowerCategory.CONFIRMATION, events=[event("婚姻登记")]
        )
        make_item(columns["b"], "未发布的事项", code="MZ003", publish=False)
    return columns


def get(client, host, path, **params):
    return client.get(path, params, HTTP_HOST=host)


def count_of(label, n):
    return f'{label} <span class="sg-count">({n})</span>'


class TestNavigation:
    def test_portal_lists_every_organisations_items_with_department_counts(self, client, catalogue):
        body = get(client, "localhost", "/zwfw/").content.decode()
        assert '<h1 class="sg-page-title">测试县政务服务专栏</h1>' in body
        assert "共 <strong>5</strong> 个" in body
        assert count_of("测试县教育局", 3) in body and count_of("测试县民政局", 2) in body
        assert "未发布的事项" not in body
        for code in ("EDU001", "EDU002", "EDU003", "MZ001", "MZ002"):
            assert code in body

    def test_department_lists_only_its_own(self, client, catalogue):
        body = get(client, "b.localhost", "/zwfw/").content.decode()
        assert "共 <strong>2</strong> 个" in body
        assert "最低生活保障审批" in body and "教师资格认定" not in body
        assert "<h2>按部门</h2>" not in body  # nothing to choose between

    def test_life_events_for_persons_and_legal_persons(self, client, catalogue):
        body = get(client, "localhost", "/zwfw/").content.decode()
        person = body.index("<h2>个人办事</h2>")
        legal = body.index("<h2>法人办事</h2>")
        assert body.index(count_of("教育科研", 2)) > person
        assert body.index(count_of("设立变更", 1)) > legal
        assert count_of("生育收养", 0) not in body  # empty events are left out

    def test_power_category_is_a_two_level_directory(self, client, catalogue):
        body = get(client, "localhost", "/zwfw/").content.decode()
        section = body[body.index("<h2>按权力类别</h2>") :]
        assert count_of("行政许可", 2) in section and count_of("行政给付", 2) in section
        benefit = section[section.index(count_of("行政给付", 2)) :]
        assert count_of("测试县教育局", 1) in benefit and count_of("测试县民政局", 1) in benefit

    def test_filters_combine(self, client, catalogue, site_group):
        a = site_group["a"].organisation
        education = event("教育科研")
        body = get(
            client, "localhost", "/zwfw/", department=a.pk, event=education.pk, category=PowerCategory.BENEFIT
        ).content.decode()
        assert "共 <strong>1</strong> 个" in body and "学生资助申请" in body and "教师资格认定" not in body
        # Each dimension counts under the other filters: by category within 教育局 and 教育科研.
        assert count_of("行政许可", 1) in body and count_of("行政给付", 1) in body

    def test_a_filter_link_toggles(self, client, catalogue):
        body = get(client, "localhost", "/zwfw/", category=PowerCategory.CONFIRMATION).content.decode()
        assert "共 <strong>1</strong> 个" in body and "婚姻登记" in body
        assert 'aria-current="true"' in body and "清除筛选" in body

    def test_paging(self, client, catalogue, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True):
            for number in range(20):
                make_item(catalogue["b"], f"社会组织年检{number}", code=f"NJ{number:03d}")
        first = get(client, "b.localhost", "/zwfw/").content.decode()
        assert "第 1/2 页" in first and 'rel="next"' in first
        second = get(client, "b.localhost", "/zwfw/", page=2).content.decode()
        assert "第 2/2 页" in second and "社会组织年检19" in second  # by item code: MZ…, NJ000 … NJ019
        assert "最低生活保障审批" not in second and 'rel="prev"' in second

    def test_the_portal_home_leads_to_the_column(self, client, catalogue):
        body = get(client, "localhost", "/").content.decode()
        assert 'href="/zwfw/"' in body


class TestQueries:
    def queries(self, client, host, **params):
        get(client, host, "/zwfw/", **params)
        with CaptureQueriesContext(connection) as captured:
            response = get(client, host, "/zwfw/", **params)
        assert response.status_code == 200
        return len(captured), response.content.decode()

    @pytest.mark.parametrize(
        ("host", "params"),
        [("localhost", {}), ("localhost", {"category": "licensing"}), ("b.localhost", {"page": 1})],
    )
    def test_query_count_does_not_grow_with_the_items(
        self, client, catalogue, site_group, django_capture_on_commit_callbacks, host, params
    ):
        before, _ = self.queries(client, host, **params)
        with django_capture_on_commit_callbacks(execute=True):
            for number in range(30):
                make_item(
                    catalogue["b"],
                    f"新增事项{number}",
                    code=f"NEW{number:03d}",
                    events=[event("社会救助"), event("退休养老")],
                )
        after, body = self.queries(client, host, **params)
        assert "共 <strong>" in body and "新增事项" in body
        assert after == before

    def test_the_search_page_query_count_does_not_grow(self, client, catalogue, django_capture_on_commit_callbacks):
        def queries():
            get(client, "localhost", "/zwfw/search/", q="审批")
            with CaptureQueriesContext(connection) as captured:
                body = get(client, "localhost", "/zwfw/search/", q="审批").content.decode()
            return len(captured), body

        before, _ = queries()
        with django_capture_on_commit_callbacks(execute=True):
            for number in range(30):
                make_item(catalogue["a"], f"办学许可审批{number}", code=f"BX{number:03d}", events=[event("教育科研")])
        after, body = queries()
        assert "办学许可审批" in body
        assert after == before


class TestSearch:
    def test_portal_search_finds_every_organisations_items(self, client, catalogue):
        body = get(client, "localhost", "/zwfw/search/", q="审批").content.decode()
        assert "最低生活保障审批" in body and "民办学校设立审批" in body
        assert "EDU002" in body and "测试县教育局" in body  # the same columns as the list

    def test_department_search_is_scoped_to_its_column(self, client, catalogue):
        body = get(client, "b.localhost", "/zwfw/search/", q="审批").content.decode()
        assert "最低生活保障审批" in body and "民办学校设立审批" not in body

    def test_search_by_item_code(self, client, catalogue):
        body = get(client, "localhost", "/zwfw/search/", q="MZ002").content.decode()
        assert "婚姻登记" in body

    def test_search_combines_with_filters(self, client, catalogue):
        body = get(client, "localhost", "/zwfw/search/", q="审批", category=PowerCategory.BENEFIT).content.decode()
        assert "最低生活保障审批" in body and "民办学校设立审批" not in body

    def test_empty_search_asks_for_a_term(self, client, catalogue):
        response = get(client, "localhost", "/zwfw/search/")
        assert response.status_code == 200 and "请输入事项名称" in response.content.decode()

    def test_other_types_are_not_listed(self, client, catalogue, site_group):
        body = get(client, "localhost", "/zwfw/search/", q="工作动态").content.decode()
        assert "共 <strong>0</strong> 个" in body or "没有符合条件的事项" in body


class TestBadInput:
    @pytest.mark.parametrize(
        ("params", "message"),
        [
            ({"page": "abc"}, "页码无效"),
            ({"page": "0"}, "页码无效"),
            ({"page": "99999999999999999999"}, "页码无效"),
            ({"department": "x"}, "办理部门参数无效"),
            ({"department": "9" * 30}, "办理部门参数无效"),
            ({"event": "-1"}, "主题参数无效"),
            ({"category": "nonsense"}, "事项类型参数无效"),
            ({"q": "政" * 51}, "检索词"),
        ],
    )
    @pytest.mark.parametrize("path", ["/zwfw/", "/zwfw/search/"])
    def test_bad_parameters_are_400_with_a_message(self, client, catalogue, params, message, path):
        response = get(client, "localhost", path, **params)
        assert response.status_code == 400
        body = response.content.decode()
        assert message in body and 'role="alert"' in body

    def test_unknown_ids_give_an_empty_list(self, client, catalogue):
        response = get(client, "localhost", "/zwfw/", department=987654, event=987654)
        assert response.status_code == 200
        assert "没有符合条件的事项" in response.content.decode()

    def test_page_beyond_the_end_is_404(self, client, catalogue):
        assert get(client, "localhost", "/zwfw/", page=99).status_code == 404

    def test_post_is_refused(self, client, catalogue):
        assert client.post("/zwfw/", HTTP_HOST="localhost").status_code == 405
