"""One page per create form: the create view's autosave and the editor's own save or submit, in either
order, make one page; an autosave older than the editor's submission is refused, not saved over it."""

from __future__ import annotations

import re

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from wagtail.documents.models import Document
from wagtail.models import WorkflowState

from sitegroup import admin_autosave
from sitegroup.admin_autosave import FIELD_NAME, CreateFormKey
from sitegroup.models import ArticlePage, SensitiveWord

KEY_INPUT = re.compile(rf'name="{FIELD_NAME}" value="([^"]+)"')
JSON = {"HTTP_ACCEPT": "application/json"}


def _create_url(column) -> str:
    return f"/admin/pages/add/sitegroup/articlepage/{column.pk}/"


def _open_form(client, column) -> str:
    """The key in the create form as the editor's browser receives it."""
    response = client.get(_create_url(column))
    assert response.status_code == 200
    return KEY_INPUT.search(response.text).group(1)


def _form(key: str | None, title: str, summary: str = "", attachments=(), **extra) -> dict:
    data = {
        "title": title,
        "slug": "",
        "publish_time": timezone.localtime().strftime("%Y-%m-%d %H:%M"),
        "summary": summary,
        "body-count": "0",
        "attachments-TOTAL_FORMS": str(len(attachments)),
        "attachments-INITIAL_FORMS": "0",
        "attachments-MIN_NUM_FORMS": "0",
        "attachments-MAX_NUM_FORMS": "1000",
        **extra,
    }
    for index, (document, label) in enumerate(attachments):
        data.update(
            {
                f"attachments-{index}-id": "",
                f"attachments-{index}-document": str(document.pk),
                f"attachments-{index}-title": label,
                f"attachments-{index}-ORDER": str(index + 1),
                f"attachments-{index}-DELETE": "",
            }
        )
    if key is not None:
        data[FIELD_NAME] = key
    return data


def _autosave(client, column, data):
    return client.post(_create_url(column), data, **JSON)


def _save(client, column, data):
    return client.post(_create_url(column), data)


def _pages(column, title):
    return list(ArticlePage.objects.child_of(column).filter(title=title).order_by("pk"))


@pytest.fixture
def editor(client, site_group):
    client.force_login(site_group["users"]["a_editor"])
    return client


@pytest.fixture
def column(site_group):
    return site_group["columns"]["a"]


@pytest.mark.django_db
class TestTheCreateFormKey:
    def test_each_display_has_its_own_key(self, editor, column):
        first, second = CreateFormKey.parse(_open_form(editor, column)), CreateFormKey.parse(_open_form(editor, column))
        assert first and second and first.form_id != second.form_id and first.display_id != second.display_id

    def test_a_form_shown_again_after_errors_keeps_its_form_id_with_a_new_display_id(self, editor, column):
        key = CreateFormKey.parse(_open_form(editor, column))
        response = _save(editor, column, _form(str(key), title=""))
        assert response.status_code == 200  # the form again, with 标题 required
        again = CreateFormKey.parse(KEY_INPUT.search(response.text).group(1))
        assert again.form_id == key.form_id and again.display_id != key.display_id

    def test_the_edit_form_has_no_key(self, editor, column):
        key = _open_form(editor, column)
        _save(editor, column, _form(key, "有了页面的稿件"))
        page = _pages(column, "有了页面的稿件")[0]
        assert FIELD_NAME not in editor.get(f"/admin/pages/{page.pk}/edit/").text


@pytest.mark.django_db
class TestAutosaveFirst:
    def test_save_draft_after_the_autosave_updates_the_page_it_made(self, editor, column):
        key = _open_form(editor, column)
        autosave = _autosave(editor, column, _form(key, "县教育局工作动态"))
        assert autosave.status_code == 200 and autosave.json()["success"]
        page_id = autosave.json()["pk"]

        # The autosave's answer had not reached the browser: the click still posts to the create view.
        response = _save(editor, column, _form(key, "县教育局工作动态", summary="全面推进教育工作。"))
        assert response.status_code == 302 and response.url == f"/admin/pages/{page_id}/edit/"
        pages = _pages(column, "县教育局工作动态")
        assert [page.pk for page in pages] == [page_id]
        assert pages[0].get_latest_revision_as_object().summary == "全面推进教育工作。"
        assert pages[0].slug == "xian-jiao-yu-ju-gong-zuo-dong-tai"
        messages = [str(message) for message in editor.get(response.url).context["messages"]]
        assert any("已创建" in message for message in messages), messages

    def test_submit_after_the_autosave_submits_the_page_it_made(self, editor, column):
        key = _open_form(editor, column)
        page_id = _autosave(editor, column, _form(key, "县教育局招生公告")).json()["pk"]
        submitted = _form(key, "县教育局招生公告", summary="招生对象与时间。", **{"action-submit": "1"})
        response = _save(editor, column, submitted)
        assert response.status_code == 302
        pages = _pages(column, "县教育局招生公告")
        assert [page.pk for page in pages] == [page_id]
        assert pages[0].workflow_in_progress
        assert pages[0].get_latest_revision_as_object().summary == "招生对象与时间。"

    def test_a_repeated_autosave_updates_the_page_and_sends_the_browser_to_its_edit_view(self, editor, column):
        key = _open_form(editor, column)
        first = _autosave(editor, column, _form(key, "县教育局通知")).json()
        # The browser never got the first answer (a dropped connection) and saves again.
        second = _autosave(editor, column, _form(key, "县教育局通知", summary="第二次自动保存。"))
        assert second.status_code == 200, second.content
        answer = second.json()
        assert answer["success"] and answer["pk"] == first["pk"]
        assert answer["url"] == f"/admin/pages/{first['pk']}/edit/"
        assert answer["hydrate_url"] == f"/admin/pages/{first['pk']}/edit/?_w_hydrate_create_view=1"
        assert [page.pk for page in _pages(column, "县教育局通知")] == [first["pk"]]

    def test_the_attachment_is_not_doubled(self, editor, column):
        document = Document.objects.create(title="通知原文", file=ContentFile(b"%PDF-1.4", name="a.pdf"))
        key = _open_form(editor, column)
        data = _form(key, "县教育局附件通知", attachments=[(document, "通知原文")])
        _autosave(editor, column, data)
        _save(editor, column, data)
        (page,) = _pages(column, "县教育局附件通知")
        assert page.get_latest_revision_as_object().attachments.count() == 1
        assert page.attachments.count() == 1


@pytest.mark.django_db
class TestEditorFirst:
    def test_a_late_autosave_is_refused_and_changes_nothing(self, editor, column):
        key = _open_form(editor, column)
        stale = _form(key, "县教育局工作简报")
        response = _save(editor, column, _form(key, "县教育局工作简报", summary="最后写下的内容。"))
        assert response.status_code == 302
        late = _autosave(editor, column, stale)
        assert late.status_code == 409
        assert late.json() == {
            "success": False,
            "error_code": "invalid_revision",
            "error_message": admin_autosave.SUPERSEDED_MESSAGE,
        }
        (page,) = _pages(column, "县教育局工作简报")
        assert page.get_latest_revision_as_object().summary == "最后写下的内容。"
        assert page.revisions.count() == 1

    def test_a_late_autosave_after_a_refused_submit_makes_no_page_and_the_form_shown_again_makes_one(
        self, editor, column, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            SensitiveWord.objects.create(word="代开发票", level=3)
        key = _open_form(editor, column)
        refused = _save(editor, column, _form(key, "关于代开发票的提醒", **{"action-submit": "1"}))
        assert refused.status_code == 200 and "稿件含禁止发布的敏感词" in refused.text
        shown_again = KEY_INPUT.search(refused.text).group(1)

        # The autosave of the first display arrives after the refusal: older than what was submitted.
        assert _autosave(editor, column, _form(key, "关于代开发票的提醒")).status_code == 409
        assert _pages(column, "关于代开发票的提醒") == []

        # The editor corrects the title on the form shown again; its autosave and submit make one page.
        page_id = _autosave(editor, column, _form(shown_again, "关于发票的提醒")).json()["pk"]
        response = _save(editor, column, _form(shown_again, "关于发票的提醒", **{"action-submit": "1"}))
        assert response.status_code == 302
        assert [page.pk for page in _pages(column, "关于发票的提醒")] == [page_id]
        assert WorkflowState.objects.get(object_id=str(page_id)).status == WorkflowState.STATUS_IN_PROGRESS

    def test_clicking_twice_makes_one_page(self, editor, column):
        key = _open_form(editor, column)
        first = _save(editor, column, _form(key, "县教育局会议通知"))
        second = _save(editor, column, _form(key, "县教育局会议通知"))
        assert first.url == second.url
        assert len(_pages(column, "县教育局会议通知")) == 1


@pytest.mark.django_db
class TestScope:
    def test_another_editor_with_the_same_key_gets_a_page_of_her_own(self, client, site_group, column):
        client.force_login(site_group["users"]["a_editor"])
        key = _open_form(client, column)
        _save(client, column, _form(key, "县教育局值班安排"))
        client.force_login(site_group["users"]["a_site_admin"])
        _save(client, column, _form(key, "县教育局值班安排"))
        owners = [page.owner.username for page in _pages(column, "县教育局值班安排")]
        assert owners == ["a_editor", "a_site_admin"]

    def test_a_deleted_page_is_made_again(self, editor, column):
        key = _open_form(editor, column)
        _autosave(editor, column, _form(key, "县教育局临时稿件"))
        _pages(column, "县教育局临时稿件")[0].delete()
        response = _save(editor, column, _form(key, "县教育局临时稿件"))
        assert response.status_code == 302
        assert len(_pages(column, "县教育局临时稿件")) == 1

    def test_a_form_without_a_key_is_created_as_wagtail_does(self, editor, column):
        _save(editor, column, _form(None, "县教育局简讯"))
        _save(editor, column, _form(None, "县教育局简讯"))
        assert len(_pages(column, "县教育局简讯")) == 2

    def test_a_request_that_waits_too_long_for_the_other_is_told_to_retry(self, editor, column, monkeypatch):
        monkeypatch.setattr(admin_autosave, "WAIT_SECONDS", 0.1)
        key = _open_form(editor, column)
        form_id = CreateFormKey.parse(key).form_id
        user_id = editor.session["_auth_user_id"]
        admin_autosave.cache.add(f"sitegroup:create-form:{user_id}:{form_id}:lock", "other", 60)
        response = _save(editor, column, _form(key, "县教育局排队稿件"))
        assert response.status_code == 409 and admin_autosave.BUSY_MESSAGE in response.text
        autosave = _autosave(editor, column, _form(key, "县教育局排队稿件"))
        assert autosave.status_code == 409 and autosave.json()["error_message"] == admin_autosave.BUSY_MESSAGE
        assert _pages(column, "县教育局排队稿件") == []


@pytest.mark.django_db
def test_the_editor_loads_the_script_that_stops_autosave_on_submit(editor, column):
    assert "sitegroup/admin/autosave.js" in editor.get(_create_url(column)).text
