"""Provisioning a sub-site: everything created once, repeatable, reachable by command and admin."""

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from wagtail.models import GroupPagePermission, ModelLogEntry, Site, WorkflowPage

from sitegroup.models import HomePage, Organisation, OrganisationRole
from sitegroup.services.provisioning import provision_subsite
from tests.builders import make_organisation, make_user


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
    def test_platform_admin_provisions_from_the_admin(self, client):
        admin = make_user("root", is_superuser=True, is_staff=True)
        organisation = Organisation.objects.create(
            name="测试县水利局", code="SL001", kind="department", hostname="slj.localhost"
        )
        client.force_login(admin)
        assert "开通子站" in client.get("/admin/snippets/sitegroup/organisation/").content.decode()
        response = client.post(f"/admin/sitegroup/organisations/{organisation.pk}/provision/")
        assert response.status_code == 302
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
