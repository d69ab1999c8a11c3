"""Every disclosure column leads to its request form and lookup; the portal's also to the others'."""

import pytest

from tests.disclosure.builders import make_disclosure_column, make_item

pytestmark = pytest.mark.django_db


@pytest.fixture
def columns(site_group, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        a = make_disclosure_column(site_group["a"].home_page)
        make_disclosure_column(site_group["b"].home_page)
        make_disclosure_column(site_group["portal"].home_page, is_platform=True)
        make_item(a, "关于做好义务教育招生工作的通知")
    return site_group


def body(client, host, path):
    response = client.get(path, HTTP_HOST=host)
    assert response.status_code == 200, path
    return response.content.decode()


class TestRequestLinks:
    @pytest.mark.parametrize("path", ["/xxgk/", "/xxgk/guide/"])
    def test_column_and_guide_offer_apply_and_lookup_buttons(self, client, columns, path):
        page = body(client, "a.localhost", path)
        assert '<a class="sg-button sg-button--large" href="/xxgk/apply/">在线申请</a>' in page
        assert 'href="/xxgk/lookup/">查询办理进度</a>' in page
        assert "向测试县教育局申请公开" in page

    def test_the_catalogue_points_to_the_form_when_nothing_fits(self, client, columns):
        page = body(client, "a.localhost", "/xxgk/catalogue/")
        assert "没有找到需要的信息？" in page
        assert '<a href="/xxgk/apply/">在线申请</a>' in page and '<a href="/xxgk/lookup/">查询办理进度</a>' in page

    def test_a_department_offers_no_chooser_of_other_organisations(self, client, columns):
        assert "request-chooser" not in body(client, "a.localhost", "/xxgk/")

    def test_the_portal_offers_its_own_form_and_a_chooser_of_every_organisation(self, client, columns):
        page = body(client, "localhost", "/xxgk/")
        assert 'href="/xxgk/apply/">在线申请</a>' in page
        assert "向其他机关申请（共 2 个部门、乡镇" in page
        assert 'href="http://a.localhost/xxgk/apply/">测试县教育局</a>' in page
        assert 'href="http://b.localhost/xxgk/apply/">测试县民政局</a>' in page
        assert "<details" in page and " open>" not in page

    def test_the_chooser_opens_when_asked_for(self, client, columns):
        page = body(client, "localhost", "/xxgk/?choose=1")
        assert 'id="request-chooser" open>' in page
        form = body(client, "localhost", "/xxgk/apply/")
        assert 'href="/xxgk/?choose=1#request-chooser">选择受理机关</a>' in form
        platform = body(client, "localhost", "/xxgk/catalogue/")
        assert "选择其他受理机关" in platform

    def test_request_pages_link_back_to_the_column(self, client, columns):
        for path, title in (("/xxgk/apply/", "政府信息公开申请"), ("/xxgk/lookup/", "查询办理进度")):
            page = body(client, "a.localhost", path)
            assert '<li><a href="/xxgk/">政府信息公开</a></li><li aria-current="page">' + title in page
        assert '<a href="/xxgk/apply/">在线申请政府信息公开</a>' in body(client, "a.localhost", "/xxgk/lookup/")
