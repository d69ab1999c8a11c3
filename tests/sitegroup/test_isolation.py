"""Isolation matrix: role × object kind × own/other organisation × action, through the admin."""

from __future__ import annotations

import io

import pytest
from django.core.files.base import ContentFile
from PIL import Image as PILImage
from wagtail.documents.models import Document
from wagtail.images.models import Image

ORGANISATION_ROLES = ["editor", "reviewer", "site_admin"]


def _png() -> ContentFile:
    buffer = io.BytesIO()
    PILImage.new("RGB", (20, 20), (200, 30, 30)).save(buffer, format="PNG")
    return ContentFile(buffer.getvalue(), name="pic.png")


@pytest.fixture
def media(site_group):
    objects = {}
    for key in ("a", "b"):
        collection = site_group[key].collection
        objects[f"{key}_image"] = Image.objects.create(
            title=f"{key}机构图片", file=_png(), collection=collection, width=20, height=20
        )
        objects[f"{key}_document"] = Document.objects.create(
            title=f"{key}机构文件", file=ContentFile(b"%PDF-1.4 test", name="f.pdf"), collection=collection
        )
    return objects


def _client(client, user):
    client.force_login(user)
    return client


def _article(site_group, key):
    return site_group["columns"][key].get_children().first()


@pytest.mark.django_db
@pytest.mark.parametrize("role", ORGANISATION_ROLES)
class TestPages:
    def test_explorer_lists_own_pages_only(self, client, site_group, role):
        c = _client(client, site_group["users"][f"a_{role}"])
        own = c.get(f"/admin/pages/{site_group['columns']['a'].pk}/")
        assert own.status_code == 200 and "测试县教育局工作动态" in own.content.decode()
        other = c.get(f"/admin/pages/{site_group['columns']['b'].pk}/")
        assert other.status_code in (302, 403) and "测试县民政局工作动态" not in other.content.decode()

    def test_explorer_root_shows_only_own_site(self, client, site_group, role):
        c = _client(client, site_group["users"][f"a_{role}"])
        body = c.get("/admin/pages/", follow=True).content.decode()
        assert "测试县民政局" not in body

    def test_edit_own_page_but_not_other(self, client, site_group, role):
        c = _client(client, site_group["users"][f"a_{role}"])
        assert c.get(f"/admin/pages/{_article(site_group, 'a').pk}/edit/").status_code == 200
        assert c.get(f"/admin/pages/{_article(site_group, 'b').pk}/edit/").status_code in (302, 403)

    def test_change_other_page_by_post_is_refused(self, client, site_group, role):
        c = _client(client, site_group["users"][f"a_{role}"])
        article = _article(site_group, "b")
        response = c.post(f"/admin/pages/{article.pk}/edit/", {"title": "被篡改", "slug": article.slug})
        assert response.status_code in (302, 403)
        article.refresh_from_db()
        assert article.title == "测试县民政局工作动态" and not article.has_unpublished_changes

    def test_page_chooser_offers_own_pages_only(self, client, site_group, role):
        c = _client(client, site_group["users"][f"a_{role}"])
        own = c.get("/admin/choose-page/search/", {"q": "测试县教育局工作动态"}).content.decode()
        other = c.get("/admin/choose-page/search/", {"q": "测试县民政局工作动态"}).content.decode()
        assert "测试县教育局工作动态" in own and "测试县民政局工作动态" not in other
        browse = c.get("/admin/choose-page/").content.decode()
        assert "测试县民政局" not in browse

    def test_admin_search_finds_own_pages_only(self, client, site_group, role):
        c = _client(client, site_group["users"][f"a_{role}"])
        own = c.get("/admin/pages/search/", {"q": "测试县教育局工作动态"}).content.decode()
        other = c.get("/admin/pages/search/", {"q": "测试县民政局工作动态"}).content.decode()
        assert f"/admin/pages/{_article(site_group, 'a').pk}/edit/" in own
        assert f"/admin/pages/{_article(site_group, 'b').pk}/" not in other

    def test_site_history_report_hides_other_organisation(self, client, site_group, role):
        c = _client(client, site_group["users"][f"a_{role}"])
        response = c.get("/admin/reports/site-history/")
        assert response.status_code in (200, 403)
        assert "测试县民政局工作动态" not in response.content.decode()

    def test_workflow_reports_and_dashboard_hide_other_organisations_moderation(self, client, site_group, role):
        from tests.builders import make_article

        draft = make_article(site_group["columns"]["b"], "民政局待审核稿件", publish=False)
        draft.get_workflow().start(draft, site_group["users"]["b_editor"])
        c = _client(client, site_group["users"][f"a_{role}"])
        for url in ("/admin/reports/workflow/", "/admin/reports/workflow_tasks/", "/admin/"):
            response = c.get(url)
            assert "民政局待审核稿件" not in response.content.decode(), url

    def test_aging_and_locked_reports_hide_other_organisation(self, client, site_group, role):
        c = _client(client, site_group["users"][f"a_{role}"])
        for url in ("/admin/reports/aging-pages/", "/admin/reports/locked/"):
            response = c.get(url)
            assert "测试县民政局工作动态" not in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("role", ORGANISATION_ROLES)
@pytest.mark.parametrize(
    "kind,url,edit,delete",
    [
        ("image", "/admin/images/", "/admin/images/{}/", "/admin/images/{}/delete/"),
        ("document", "/admin/documents/", "/admin/documents/edit/{}/", "/admin/documents/delete/{}/"),
    ],
)
class TestMedia:
    def test_listing_shows_own_only(self, client, site_group, media, role, kind, url, edit, delete):
        body = _client(client, site_group["users"][f"a_{role}"]).get(url).content.decode()
        assert f"a机构{'图片' if kind == 'image' else '文件'}" in body
        assert f"b机构{'图片' if kind == 'image' else '文件'}" not in body

    def test_chooser_shows_own_only(self, client, site_group, media, role, kind, url, edit, delete):
        response = _client(client, site_group["users"][f"a_{role}"]).get(f"{url}chooser/")
        body = response.json()["html"]
        assert "b机构" not in body and "a机构" in body

    def test_edit_other_by_direct_url_is_refused(self, client, site_group, media, role, kind, url, edit, delete):
        c = _client(client, site_group["users"][f"a_{role}"])
        assert c.get(edit.format(media[f"a_{kind}"].pk)).status_code == 200
        assert c.get(edit.format(media[f"b_{kind}"].pk)).status_code in (302, 403)

    def test_delete_other_is_refused(self, client, site_group, media, role, kind, url, edit, delete):
        c = _client(client, site_group["users"][f"a_{role}"])
        target = media[f"b_{kind}"]
        response = c.post(delete.format(target.pk))
        assert response.status_code in (302, 403)
        assert type(target).objects.filter(pk=target.pk).exists()


@pytest.mark.django_db
class TestSiteSettings:
    @pytest.mark.parametrize("role,own_status", [("editor", 403), ("reviewer", 403), ("site_admin", 200)])
    def test_only_site_admin_edits_own_settings(self, client, site_group, role, own_status):
        c = _client(client, site_group["users"][f"a_{role}"])
        own = c.get(f"/admin/settings/sitegroup/sitesettings/{site_group['a'].site.pk}/")
        other = c.get(f"/admin/settings/sitegroup/sitesettings/{site_group['b'].site.pk}/")
        assert (own.status_code == 200) == (own_status == 200)
        assert other.status_code in (302, 403)

    def test_site_admin_cannot_post_other_settings(self, client, site_group):
        from sitegroup.models import SiteSettings

        c = _client(client, site_group["users"]["a_site_admin"])
        response = c.post(
            f"/admin/settings/sitegroup/sitesettings/{site_group['b'].site.pk}/", {"icp_number": "被篡改"}
        )
        assert response.status_code in (302, 403)
        assert SiteSettings.for_site(site_group["b"].site).icp_number != "被篡改"


@pytest.mark.django_db
@pytest.mark.parametrize("role", ORGANISATION_ROLES)
@pytest.mark.parametrize(
    "url",
    [
        "/admin/snippets/sitegroup/organisation/",
        "/admin/snippets/sitegroup/sensitiveword/",
        "/admin/settings/themes/themesettings/",
        "/admin/snippets/choose/sitegroup/sensitiveword/",
        "/admin/snippets/choose/sitegroup/organisation/",
    ],
)
def test_platform_level_objects_are_closed_to_organisation_roles(client, site_group, role, url):
    response = _client(client, site_group["users"][f"a_{role}"]).get(url)
    assert response.status_code in (302, 403)
    assert "测试县民政局" not in response.content.decode()


@pytest.mark.django_db
def test_user_with_roles_in_two_organisations_sees_both(client, site_group):
    from sitegroup.services.roles import grant_role

    user = site_group["users"]["a_editor"]
    grant_role(user, site_group["b"].organisation, "reviewer")
    c = _client(client, user)
    assert c.get(f"/admin/pages/{_article(site_group, 'b').pk}/edit/").status_code == 200
    assert c.get(f"/admin/pages/{_article(site_group, 'a').pk}/edit/").status_code == 200


@pytest.mark.django_db
def test_platform_admin_can_still_choose_organisations(client, site_group):
    response = _client(client, site_group["users"]["admin"]).get("/admin/snippets/choose/sitegroup/organisation/")
    assert response.status_code == 200 and "测试县民政局" in response.json()["html"]


@pytest.mark.django_db
def test_portal_editor_works_on_the_portal_only(client, site_group):
    c = _client(client, site_group["users"]["portal_editor"])
    portal_article = site_group["columns"]["portal"].get_children().first()
    assert c.get(f"/admin/pages/{portal_article.pk}/edit/").status_code == 200
    # Like every organisation role, the portal editor publishes through the portal's workflow only.
    assert not portal_article.specific.permissions_for_user(site_group["users"]["portal_editor"]).can_publish()
    assert portal_article.specific.permissions_for_user(site_group["users"]["portal_editor"]).can_edit()
    assert c.get(f"/admin/pages/{_article(site_group, 'a').pk}/edit/").status_code in (302, 403)


CASE_ROLES = ["handler", "reviewer", "site_admin", "editor"]


@pytest.fixture
def cases_of_each(site_group):
    """One disclosure request and one message per organisation (a, b)."""
    from disclosure.services import requests as request_services
    from interaction.models import ChannelKind, MessageChannel
    from interaction.provisioning import ensure_interaction
    from interaction.services import messages as message_services

    made = {}
    for number, key in enumerate(("a", "b")):
        organisation = site_group[key].organisation
        ensure_interaction(organisation)
        made[f"{key}_request"] = request_services.submit(
            organisation,
            {
                "kind": "person",
                "name": "张三",
                "id_number": "11010519491231002X",
                "phone": "13800001234",
                "description": "低保资金发放情况",
                "delivery_form": "electronic",
                "delivery_method": "email",
            },
            client_ip=f"10.60.0.{number}",
        )
        channel = MessageChannel.objects.get(organisation=organisation, kind=ChannelKind.CONSULTATION)
        made[f"{key}_message"] = message_services.submit(
            channel,
            {"title": "咨询", "body": "请问低保怎么申请？", "name": "李四", "phone": "13900001234"},
            client_ip=f"10.61.0.{number}",
        )
    return made


@pytest.mark.django_db
@pytest.mark.parametrize("role", CASE_ROLES)
@pytest.mark.parametrize(
    "kind, detail_name", [("request", "disclosure_request_detail"), ("message", "interaction_message_detail")]
)
class TestCases:
    def test_own_case_only_for_those_who_handle_cases(self, client, site_group, cases_of_each, role, kind, detail_name):
        from django.urls import reverse

        c = _client(client, site_group["users"][f"a_{role}"])
        own = c.get(reverse(detail_name, args=[cases_of_each[f"a_{kind}"].pk]))
        other = c.get(reverse(detail_name, args=[cases_of_each[f"b_{kind}"].pk]))
        assert other.status_code == 404
        assert own.status_code == (404 if role == "editor" else 200)

    def test_acting_on_another_organisations_case_changes_nothing(
        self, client, site_group, cases_of_each, role, kind, detail_name
    ):
        from django.urls import reverse

        other = cases_of_each[f"b_{kind}"]
        c = _client(client, site_group["users"][f"a_{role}"])
        response = c.post(reverse(detail_name, args=[other.pk]), {"action": "add_note", "add_note-note": "越权"})
        assert response.status_code == 404
        assert not other.events.filter(note="越权").exists()
