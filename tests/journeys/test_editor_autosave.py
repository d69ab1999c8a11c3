"""The editor's new article and Wagtail's autosave: whatever the timing of the admin's background save
and the editor's own 保存草稿 or 提交 on the create view, exactly one page is made, it holds what the
editor wrote last, and the editor ends on that page.

The race is staged with the browser's own requests: the autosave request is held (page.route) while
the editor clicks, then let through before or after the click reaches the server.
"""

from __future__ import annotations

import re
import uuid

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from tests.journeys.pages import login, shot

pytestmark = pytest.mark.journey

NUMERALS = "零一二三四五六七八九"
EDIT_URL = re.compile(r"/admin/pages/(\d+)/edit/")


def _chinese_tag() -> str:
    return "".join(NUMERALS[int(digit)] for digit in str(uuid.uuid4().int)[:6])


def _column_id(demo) -> int:
    return int(
        demo.shell(
            "from sitegroup.models import ColumnPage; from wagtail.models import Site; "
            "root = Site.objects.get(hostname='edu.localhost').root_page; "
            "print(ColumnPage.objects.child_of(root).get(slug='news').pk)"
        )
    )


# Resolves once the admin has taken the form's starting point (it may take it twice in a row).
WATCH_EDITS = """() => new Promise((resolve) => {
  const form = document.querySelector('form[data-edit-form]');
  let settled = null;
  form.addEventListener('w-unsaved:watch-edits', () => {
    clearTimeout(settled);
    settled = setTimeout(() => resolve(true), 500);
  });
})"""

# Resolves when the admin announces an autosave (it sends it half a second later).
AUTOSAVE_ANNOUNCED = """() => {
  const form = document.querySelector('form[data-edit-form]');
  window.sgAutosaveAnnounced = new Promise((resolve) => {
    form.addEventListener('w-autosave:save', () => resolve(true), {once: true});
  });
}"""


def _open_new_article(page, demo, column: int) -> None:
    """The create view, once the admin watches the form for edits (about two seconds after it opens:
    what is typed before that is the form's starting point, not an edit to autosave)."""
    page.goto(demo.url(f"/admin/pages/add/sitegroup/articlepage/{column}/"))
    page.evaluate(WATCH_EDITS)


def _is_autosave(request) -> bool:
    return request.method == "POST" and "application/json" in (request.headers.get("accept") or "")


def _hold_autosaves(page) -> list:
    """Autosave requests of the create view wait here until the test lets them through."""
    held = []

    def handle(route):
        if _is_autosave(route.request):
            held.append(route)
        else:
            route.fallback()

    page.route(re.compile(r"/admin/pages/add/"), handle)
    return held


def _wait_for(page, held: list, seconds: float = 15) -> object:
    for _ in range(int(seconds * 10)):
        if held:
            return held.pop(0)
        page.wait_for_timeout(100)
    raise AssertionError("后台自动保存没有发出请求")


def _release(route, response=None) -> None:
    """Answer the held request in the browser; the page that sent it may be gone by now."""
    try:
        if response is None:
            route.abort()
        else:
            route.fulfill(response=response)
    except PlaywrightError:
        pass


def _write_paragraph(page, text: str) -> None:
    body = page.locator("[data-contentpath='body']")
    body.locator("button.c-sf-add-button").first.click()
    page.get_by_role("option", name="正文", exact=True).first.click()
    body.locator("[role='textbox']").first.click()
    page.keyboard.type(text)
    expect(body.locator("input[name='body-0-value']")).to_have_value(re.compile(re.escape(text[:6])))


def _submit(page) -> None:
    page.get_by_role("button", name="更多动作").click()
    page.get_by_role("button", name=re.compile("^提交")).click()


def _pages_titled(demo, title: str) -> str:
    """`<count> <pk> <summary> <in workflow>` of the articles with this title (the latest revision's summary)."""
    return demo.shell(
        "from sitegroup.models import ArticlePage; "
        f"pages = list(ArticlePage.objects.filter(title={title!r}).order_by('pk')); "
        "latest = pages[-1].get_latest_revision_as_object() if pages else None; "
        "print(len(pages), pages[-1].pk if pages else '-', latest.summary if latest else '-', "
        "pages[-1].workflow_in_progress if pages else '-')"
    )


def _explorer_count(page, demo, column: int, title: str) -> int:
    page.goto(demo.url(f"/admin/pages/{column}/?q={title}"))
    return page.get_by_role("link", name=title, exact=True).count()


class TestOnePagePerNewArticle:
    def test_autosave_reaches_the_server_first_then_save_draft_updates_that_page(self, demo, desktop):
        page = desktop
        column = _column_id(demo)
        title = f"县教育局{_chinese_tag()}秋季开学工作部署"
        summary = "会议部署了秋季开学各项准备工作。"
        login(page, demo, "edu_editor")
        held = _hold_autosaves(page)
        _open_new_article(page, demo, column)
        page.locator("#id_title").fill(title)

        # The admin's autosave of the title alone reaches the server and makes the page; its answer
        # is slow to come back, so the form still posts to the create view.
        autosave = _wait_for(page, held)
        answer = autosave.fetch()
        assert answer.status == 200 and answer.json()["success"], answer.text()

        # Meanwhile the editor writes on and saves the draft.
        page.locator("#id_summary").fill(summary)
        _write_paragraph(page, "各校要做好开学前安全检查。")
        page.get_by_role("button", name="保存草稿").click()
        page.wait_for_url(EDIT_URL)
        _release(autosave, answer)
        expect(page.locator(".messages")).to_contain_text("已创建")
        shot(page, "editor-autosave-1-save-draft-after-autosave", full_page=False)

        page_id = EDIT_URL.search(page.url).group(1)
        assert _pages_titled(demo, title) == f"1 {page_id} {summary} False"
        expect(page.locator("#id_summary")).to_have_value(summary)
        assert _explorer_count(page, demo, column, title) == 1

    def test_submit_reaches_the_server_first_and_the_late_autosave_changes_nothing(self, demo, desktop):
        page = desktop
        column = _column_id(demo)
        title = f"县教育局{_chinese_tag()}招生政策解读"
        summary = "本文解读今年义务教育阶段招生政策。"
        login(page, demo, "edu_editor")
        held = _hold_autosaves(page)
        _open_new_article(page, demo, column)
        page.locator("#id_title").fill(title)

        # The autosave of the title alone is still on its way when the editor finishes and submits.
        autosave = _wait_for(page, held)
        page.locator("#id_summary").fill(summary)
        _submit(page)
        expect(page.locator(".messages")).to_contain_text("提交")
        shot(page, "editor-autosave-2-submitted-before-autosave", full_page=False)

        # Now the old autosave arrives: it neither makes a second page nor brings back the older text.
        _release(autosave, autosave.fetch())
        state = _pages_titled(demo, title).split()
        assert state[0] == "1", state
        assert state[2:] == [summary, "True"], state
        assert _explorer_count(page, demo, column, title) == 1

    def test_clicking_save_draft_as_autosave_fires_makes_one_page_each_time(self, demo, desktop):
        page = desktop
        column = _column_id(demo)
        login(page, demo, "edu_editor")
        for attempt in range(3):
            title = f"县教育局{_chinese_tag()}工作简报第{NUMERALS[attempt + 1]}期"
            _open_new_article(page, demo, column)
            # Unheld this time: the click goes out the moment the autosave request does.
            with page.expect_request(_is_autosave):
                page.locator("#id_title").fill(title)
            page.get_by_role("button", name="保存草稿").click()
            page.wait_for_url(EDIT_URL)
            page_id = EDIT_URL.search(page.url).group(1)
            state = _pages_titled(demo, title).split()
            assert state[:2] == ["1", page_id], (attempt, state)

    def test_an_autosave_still_waiting_to_go_out_is_not_sent_once_the_editor_saves(self, demo, desktop):
        page = desktop
        column = _column_id(demo)
        title = f"县教育局{_chinese_tag()}家长会通知"
        login(page, demo, "edu_editor")
        sent = []
        page.on("request", lambda request: _is_autosave(request) and sent.append(request.url))
        _open_new_article(page, demo, column)
        page.evaluate(AUTOSAVE_ANNOUNCED)
        page.locator("#id_title").fill(title)
        # The admin has announced its autosave of the title and waits a moment before sending it:
        # the editor clicks in that moment.
        page.evaluate("() => window.sgAutosaveAnnounced")
        page.get_by_role("button", name="保存草稿").click()
        page.wait_for_url(EDIT_URL)
        page.wait_for_timeout(1500)
        assert sent == []
        page_id = EDIT_URL.search(page.url).group(1)
        assert _pages_titled(demo, title).split()[:2] == ["1", page_id]
