"""Provisioning a sub-site: everything created once, repeatable, reachable by command and admin."""

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from wagtail.models import GroupPagePermission, ModelLogEntry, Site, WorkflowPage

from sitegroup import site_templates
from sitegroup.models import HomePage, Organisation, OrganisationRole
from sitegroup.services.provisioning import provision_subsite
from tests.builders import make_organisation, make_user


def _form_data(**overrides):
    """What a platform admin types into 开通子站."""
    data = {
        "site_template": "department",
        "site_name": "",
        "name": "测试县司法局",
        "short_name": "县司法局",
        "code": "014349020",
        "kind": "department",
        "parent": "",
        "hostname": "sfj.localhost",
        "address": "测试县人民路5号",
        "office_hours": "工作日 8:30-17:30",
        "phone": "0511-85620000",
        "fax": "",
        "email": "",
        "responsible_person": "李明",
        "functions": "负责全县司法行政工作。",
        "admin_username": "",
        "admin_email": "",
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
class TestProvisionSubsite:
    def test_creates_site_home_collection_groups_and_workflow(self):
        result = make_organisation("测试县司法局", "sfj.localhost")
        assert Site.objects.get(hostname="sfj.localhost").root_page.specific == result.home_page
        assert isinstance(result.home_page, HomePage) and result.home_page.live
        assert result.collection.name == "测试县司法局"
        assert set(
            OrganisationRole.objects.filter(organisation=result.organisation).values_list("role", flat=True)
        ) == {"editor", "reviewer", "site_admin", "handler"}
        assert WorkflowPage.objects.get(page=result.home_page).workflow == result.workflow
        assert [task.specific.__class__.__name__ for task in result.workflow.tasks] == [
            "SensitiveWordCheckTask",
            "GroupApprovalTask",
        ]
        editor_perms = set(
            GroupPagePermission.objects.filter(group=result.groups["editor"]).values_list(
                "permission__codename", flat=True
            )
        )
        assert editor_perms == {"add_page", "change_page"}
        assert ModelLogEntry.objects.filter(action="sitegroup.provision").exists()

    def test_running_twice_changes_nothing(self):
        result = make_organisation("测试县司法局", "sfj.localhost")
        counts = (Site.objects.count(), HomePage.objects.count(), GroupPagePermission.objects.count())
        again = provision_subsite(result.organisation)
        assert again.site == result.site and again.home_page == result.home_page
        assert (Site.objects.count(), HomePage.objects.count(), GroupPagePermission.objects.count()) == counts

    def test_only_platform_admins_may_provision(self):
        organisation = Organisation.objects.create(
            name="测试县审计局", code="SJ001", kind="department", hostname="sj.localhost"
        )
        with pytest.raises(PermissionDenied):
            provision_subsite(organisation, user=make_user("someone"))
        assert not Site.objects.filter(hostname="sj.localhost").exists()


@pytest.mark.django_db
class TestCreateSubsiteCommand:
    def test_creates_an_organisation_and_its_site(self, capsys):
        call_command("create_subsite", "014349009", "--name=测试县统计局", "--hostname=tjj.localhost")
        assert Organisation.objects.get(code="014349009").site.hostname == "tjj.localhost"
        assert "子站已就绪" in capsys.readouterr().out

    def test_bad_hostname_is_a_clear_error(self):
        with pytest.raises(CommandError, match="域名"):
            call_command("create_subsite", "014349010", "--name=测试县统计局", "--hostname=bad host")
        assert not Organisation.objects.filter(code="014349010").exists()


@pytest.mark.django_db
class TestAdminAction:
    def test_platform_admin_provisions_an_existing_organisation_from_the_admin(self, client):
        admin = make_user("root", is_superuser=True, is_staff=True)
        organisation = Organisation.objects.create(
            name="测试县水利局", code="SL001", kind="department", hostname="slj.localhost"
        )
        client.force_login(admin)
        assert "开通子站" in client.get("/admin/snippets/sitegroup/organisation/").content.decode()
        form = client.get(f"/admin/sitegroup/organisations/{organisation.pk}/provision/").content.decode()
        assert 'value="测试县水利局"' in form and "部门模板" in form and "乡镇模板" in form
        response = client.post(
            f"/admin/sitegroup/organisations/{organisation.pk}/provision/",
            _form_data(name="测试县水利局", code="SL001", hostname="slj.localhost"),
        )
        assert response.status_code == 200 and "子站已开通" in response.content.decode()
        organisation.refresh_from_db()
        assert organisation.site.hostname == "slj.localhost"

    def test_site_admin_cannot_provision(self, client, site_group):
        client.force_login(site_group["users"]["a_site_admin"])
        response = client.post(f"/admin/sitegroup/organisations/{site_group['b'].organisation.pk}/provision/")
        assert response.status_code in (302, 403)


@pytest.mark.django_db
def test_a_new_sub_site_is_served_at_once(client, site_group, django_capture_on_commit_callbacks):
    assert client.get("/", HTTP_HOST="tjj.localhost").status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        call_command("create_subsite", "014349011", "--name=测试县统计局", "--hostname=tjj.localhost")
    response = client.get("/", HTTP_HOST="tjj.localhost")
    assert response.status_code == 200 and "测试县统计局" in response.content.decode()


@pytest.mark.django_db
class TestSiteTemplates:
    def _provision(
        self, name="测试县司法局", hostname="sfj.localhost", kind="department", template="department", **extra
    ):
        organisation = Organisation.objects.create(
            name=name, short_name=name[2:], code=extra.pop("code", "SF001"), kind=kind, hostname=hostname
        )
        return provision_subsite(organisation, site_template=site_templates.get(template), **extra)

    def test_department_template_builds_columns_disclosure_and_theme(self, client, django_capture_on_commit_callbacks):
        from sitegroup.models import ColumnPage
        from themes.models import ThemeSettings

        with django_capture_on_commit_callbacks(execute=True):
            result = self._provision()
        columns = {column.slug: column for column in ColumnPage.objects.descendant_of(result.home_page)}
        assert columns["news"].title == "工作动态" and columns["news"].column_type == "news"
        assert columns["notices"].column_type == "notice" and columns["policies"].column_type == "policy"
        assert columns["guides"].get_parent().slug == "services"  # a tree, not a flat list
        assert ThemeSettings.for_site(result.site).theme == "department"
        home = client.get("/", HTTP_HOST="sfj.localhost").content.decode()
        assert "sg-theme-department" in home and "工作动态" in home and "政府信息公开" in home
        for path in ("/news/", "/xxgk/", "/xxgk/guide/", "/xxgk/catalogue/", "/xxgk/reports/", "/xxgk/rules/"):
            assert client.get(path, HTTP_HOST="sfj.localhost").status_code == 200, path
        guide = client.get("/xxgk/guide/", HTTP_HOST="sfj.localhost").content.decode()
        assert "测试县司法局" in guide and "/xxgk/apply/" in guide

    def test_disclosure_column_has_its_review_workflow(self):
        from wagtail.models import Page

        result = self._provision()
        column = Page.objects.get(url_path=result.home_page.url_path + "xxgk/")
        workflow = WorkflowPage.objects.get(page=column).workflow
        assert [task.specific.__class__.__name__ for task in workflow.tasks] == [
            "SensitiveWordCheckTask",
            "ConfidentialityReviewTask",
        ]

    def test_township_template(self):
        from sitegroup.models import ColumnPage

        result = self._provision("测试县高桥镇人民政府", "gq.localhost", kind="township", template="township")
        titles = set(ColumnPage.objects.child_of(result.home_page).values_list("title", flat=True))
        assert {"乡镇动态", "通知公告", "村务公开", "便民服务"} <= titles

    def test_new_site_is_in_the_freshness_report(self):
        from django.utils import timezone

        from sitegroup import statistics

        result = self._provision()
        rows = statistics.column_freshness([result.organisation], timezone.now())
        titles = {row.column.title: row.status for row in rows}
        assert titles["工作动态"] == "empty" and titles["通知公告"] == "empty"

    def test_running_twice_adds_nothing_and_keeps_changes(self):
        from sitegroup.models import ColumnPage
        from themes.models import ThemeSettings

        result = self._provision()
        theme_settings = ThemeSettings.for_site(result.site)
        theme_settings.theme = "portal"
        theme_settings.save()
        count = ColumnPage.objects.count()
        again = provision_subsite(result.organisation, site_template=site_templates.DEPARTMENT)
        assert again.columns == [] and ColumnPage.objects.count() == count
        assert ThemeSettings.for_site(result.site).theme == "portal"

    def test_site_admin_account_is_created_with_a_one_time_password(self):
        from sitegroup.services.provisioning import SiteAdminAccount

        result = self._provision(site_admin=SiteAdminAccount("sfj_admin", "admin@sfj.example.cn"))
        user = result.site_admin
        assert user.email == "admin@sfj.example.cn" and user.check_password(result.site_admin_password)
        assert len(result.site_admin_password) >= 12
        assert user.groups.filter(organisation_role__role="site_admin").exists()

    def test_a_taken_username_leaves_nothing_half_made(self):
        from django.core.exceptions import ValidationError

        from sitegroup.services.provisioning import SiteAdminAccount

        make_user("taken")
        with pytest.raises(ValidationError, match="已被使用"):
            self._provision(site_admin=SiteAdminAccount("taken"))
        assert not Site.objects.filter(hostname="sfj.localhost").exists()

    def test_template_manager_may_upload_to_the_new_sites_collection_only(self, site_group):
        from wagtail.images import get_image_model
        from wagtail.permissions import policy_registry

        permission_policy = policy_registry.get_by_type(get_image_model())

        result = self._provision()
        manager = site_group["users"]["template_manager"]
        for action in ("add", "choose"):
            collections = permission_policy.collections_user_has_permission_for(manager, action)
            assert result.collection in collections
            assert site_group["a"].collection in collections
        editor = site_group["users"]["a_editor"]
        assert result.collection not in permission_policy.collections_user_has_permission_for(editor, "choose")


@pytest.mark.django_db
class TestCreateSubsiteWithTemplate:
    def test_template_option_and_site_admin(self, capsys):
        from sitegroup.models import ColumnPage

        call_command(
            "create_subsite",
            "014349012",
            "--name=测试县高资镇人民政府",
            "--kind=township",
            "--hostname=gz.localhost",
            "--template=township",
            "--admin-username=gz_admin",
        )
        organisation = Organisation.objects.get(code="014349012")
        assert ColumnPage.objects.child_of(organisation.site.root_page).filter(title="乡镇动态").exists()
        output = capsys.readouterr().out
        assert "乡镇模板" in output and "gz_admin" in output and "初始密码" in output

    def test_default_template_follows_the_kind(self):
        from sitegroup.models import ColumnPage

        call_command("create_subsite", "014349013", "--name=测试县审计局", "--hostname=sj.localhost")
        organisation = Organisation.objects.get(code="014349013")
        assert ColumnPage.objects.child_of(organisation.site.root_page).filter(title="工作动态").exists()

    def test_unknown_template_is_a_chinese_error(self):
        with pytest.raises(CommandError, match="未知的子站模板"):
            call_command(
                "create_subsite", "014349014", "--name=测试县审计局", "--hostname=sj.localhost", "--template=x"
            )
        assert not Site.objects.filter(hostname="sj.localhost").exists()


@pytest.mark.django_db
class TestOpenNewSubsiteInTheAdmin:
    URL = "/admin/sitegroup/organisations/provision/"

    @pytest.fixture
    def admin_client(self, client):
        client.force_login(make_user("root", is_superuser=True, is_staff=True))
        return client

    def test_listing_offers_a_new_subsite(self, admin_client):
        listing = admin_client.get("/admin/snippets/sitegroup/organisation/").content.decode()
        assert "开通新子站" in listing and self.URL in listing

    def test_one_submission_makes_organisation_site_columns_and_account(self, admin_client):
        from sitegroup.models import ColumnPage

        response = admin_client.post(
            self.URL, _form_data(admin_username="sfj_admin", admin_email="admin@sfj.example.cn")
        )
        body = response.content.decode()
        assert response.status_code == 200 and "子站已开通" in body
        assert "no-store" in response["Cache-Control"]
        organisation = Organisation.objects.get(code="014349020")
        assert organisation.address == "测试县人民路5号" and organisation.site.hostname == "sfj.localhost"
        assert ColumnPage.objects.child_of(organisation.site.root_page).filter(title="工作动态").exists()
        user = get_user_model().objects.get(username="sfj_admin")
        password = body.split("data-initial-password>")[1].split("<")[0]
        assert user.check_password(password)
        assert "工作动态" in body and "政府信息公开" in body

    @pytest.mark.parametrize(
        ("overrides", "message"),
        [
            ({"hostname": "bad host"}, "小写域名"),
            ({"name": ""}, "必需字段"),
            ({"admin_email": "x@example.cn"}, "请同时填写站点管理员用户名"),
            ({"admin_username": "taken"}, "已被使用"),
            ({"site_template": "nonsense"}, "选择一个有效的选项"),
            ({"hostname": "a.localhost"}, "已被其他站点使用"),
        ],
    )
    def test_errors_are_shown_in_chinese(self, admin_client, site_group, overrides, message):
        make_user("taken")
        response = admin_client.post(self.URL, _form_data(**overrides))
        assert response.status_code == 400
        assert message in response.content.decode()
        assert not Organisation.objects.filter(code="014349020").exists()

    def test_duplicate_code_is_refused(self, admin_client, site_group):
        code = site_group["a"].organisation.code
        response = admin_client.post(self.URL, _form_data(code=code))
        assert response.status_code == 400 and "机构代码" in response.content.decode()
