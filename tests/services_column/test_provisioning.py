"""Every site gets its service column at /zwfw/ when it is provisioned; the portal's is the county's
政务服务专栏; provisioning again changes nothing; the standard life events are there."""

import pytest

from services_column.models import LifeEvent, ServiceColumnPage
from services_column.provisioning import county_name, ensure_service_column
from sitegroup.models import Organisation, OrganisationKind
from tests.services_column.item_builders import ensure_columns

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def columns(request):
    if "site_group" in request.fixturenames:
        return ensure_columns(request.getfixturevalue("site_group"))
    return None


class TestProvisioning:
    def test_provisioning_a_site_from_a_template_makes_its_column(self, db):
        from sitegroup.services.provisioning import provision_subsite
        from sitegroup.site_templates import get

        organisation = Organisation.objects.create(
            name="某县交通运输局", code="T00000001", kind=OrganisationKind.DEPARTMENT, hostname="jt.localhost"
        )
        provisioned = provision_subsite(organisation, site_template=get("department"))
        column = ServiceColumnPage.objects.child_of(provisioned.home_page).get()
        assert column.title == "政务服务" and column.live

    def test_every_site_has_its_column(self, site_group):
        portal = ServiceColumnPage.objects.child_of(site_group["portal"].home_page).get()
        department = ServiceColumnPage.objects.child_of(site_group["a"].home_page).get()
        assert portal.title == "测试县政务服务专栏" and portal.is_platform
        assert department.title == "政务服务" and not department.is_platform
        for column in (portal, department):
            assert column.slug == "zwfw" and column.live and column.show_in_menus

    def test_provisioning_again_changes_nothing(self, site_group):
        organisation = site_group["a"].organisation
        before = ServiceColumnPage.objects.child_of(site_group["a"].home_page).get()
        again = ensure_service_column(organisation)
        assert again.pk == before.pk
        assert ServiceColumnPage.objects.child_of(site_group["a"].home_page).count() == 1

    def test_a_hidden_or_unpublished_column_is_repaired(self, site_group):
        column = ServiceColumnPage.objects.child_of(site_group["b"].home_page).get()
        column.unpublish()
        ServiceColumnPage.objects.filter(pk=column.pk).update(show_in_menus=False)
        repaired = ensure_service_column(site_group["b"].organisation)
        repaired.refresh_from_db()
        assert repaired.live and repaired.show_in_menus

    def test_the_column_is_in_the_main_navigation(self, client, site_group):
        body = client.get("/", HTTP_HOST="a.localhost").content.decode()
        assert 'href="/zwfw/"' in body and ">政务服务</a>" in body

    @pytest.mark.parametrize(
        ("name", "county"),
        [("镇江市丹徒区人民政府", "镇江市丹徒区"), ("某县政府", "某县"), ("政务服务中心", "政务服务中心")],
    )
    def test_county_name(self, name, county):
        assert county_name(Organisation(name=name, kind=OrganisationKind.PORTAL)) == county


class TestLifeEvents:
    def test_the_standard_lists_are_loaded(self, db):
        person = set(LifeEvent.objects.filter(audience="person").values_list("name", flat=True))
        legal = set(LifeEvent.objects.filter(audience="legal_person").values_list("name", flat=True))
        assert {"生育收养", "户籍办理", "婚姻登记", "社会保障", "退休养老", "殡葬"} <= person
        assert {"设立变更", "准营准办", "资质认定", "税收财务", "知识产权", "注销清算"} <= legal

    def test_platform_admin_edits_them_as_snippets(self, client, site_group):
        client.force_login(site_group["users"]["admin"])
        response = client.get("/admin/snippets/services_column/lifeevent/")
        assert response.status_code == 200 and "生育收养" in response.content.decode()
        client.force_login(site_group["users"]["a_editor"])
        assert client.get("/admin/snippets/services_column/lifeevent/").status_code in (302, 403)


class TestHomeEntries:
    def test_portal_home_has_a_service_block_with_life_events(self, client, site_group):
        body = client.get("/", HTTP_HOST="localhost").content.decode()
        block = body[body.index("sg-home-entry") :]
        assert '<a href="/zwfw/">测试县政务服务专栏</a>' in block and "婚姻登记" in block
        health = LifeEvent.objects.get(name="医疗卫生", audience="person")  # a name both audiences have
        assert f'<a href="/zwfw/?event={health.pk}">医疗卫生</a>' in block

    def test_department_home_links_to_its_own_items(self, client, site_group):
        body = client.get("/", HTTP_HOST="b.localhost").content.decode()
        block = body[body.index("sg-home-entry") :]
        assert '<a href="/zwfw/">政务服务</a>' in block and "进入政务服务" in block
