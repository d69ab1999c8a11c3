"""在线访谈 as a viewer on a phone and as the director at a desk: the viewer finds the live interview
from the portal home, asks a question, the director approves it in the console and the viewer sees
it appear live; after a dropped connection the viewer gets what it missed; the event-stream fallback
delivers the same feed. axe-core and no horizontal scrolling on the room, 预告 and transcript pages."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.journeys.pages import assert_accessible, assert_fits, login, shot

LIVE_TITLE = "政务服务“一网通办”进展如何"
FINISHED_TITLE = "依托电子政务平台推进政务公开和政务服务"
ANNOUNCED_TITLE = "电子监察与办件时限：办事超期怎么办"


def _open_live_room(page, demo, query: str = ""):
    page.goto(demo.url("/"))
    entry = page.locator(".sg-iv-entry")
    expect(entry).to_contain_text("正在直播")
    entry.get_by_role("link", name=LIVE_TITLE).click()
    if query:
        page.goto(page.url + query)
    expect(page.locator("#iv-state")).to_have_text("直播中")


def _ask(page, text: str) -> None:
    page.get_by_role("textbox", name=re.compile("您的问题")).fill(text)
    page.get_by_role("button", name="提交问题").click()
    expect(page.locator("#iv-ask-result")).to_contain_text("问题已提交")


def _director_console(desktop, demo):
    login(desktop, demo, "portal_reviewer")
    desktop.goto(demo.url("/admin/interviews/"))
    desktop.get_by_role("link", name=LIVE_TITLE).click()
    expect(desktop.locator("#iv-console-connection")).to_have_text("已实时连接")


def _approve(desktop, question: str) -> None:
    card = desktop.locator(".iv-q", has_text=question).first
    expect(card).to_be_visible(timeout=10_000)  # arrives over the console socket, no reload
    card.get_by_role("button", name="通过", exact=True).click()
    expect(desktop.locator(".messages, .w-message, [role=status]").first).to_be_visible()


def test_viewer_sees_an_approved_question_live_and_what_it_missed(phone, desktop, new_page, demo):
    _open_live_room(phone, demo)
    expect(phone.locator("#iv-connection")).to_have_text("已连接直播")
    assert phone.locator("#iv-room").get_attribute("data-transport") == "websocket"
    assert_fits(phone)
    assert_accessible(phone)
    # A second citizen follows on a desktop: one post goes to both sockets in the same pass.
    wide = new_page(1280)
    _open_live_room(wide, demo)
    expect(wide.locator("#iv-connection")).to_have_text("已连接直播")
    assert_fits(wide)

    _director_console(desktop, demo)
    question = "网上办的事项能不能在手机上查进度？"
    _ask(phone, question)
    feed = phone.locator("#iv-posts")
    _approve(desktop, question)
    expect(feed).to_contain_text(question, timeout=10_000)
    expect(wide.locator("#iv-posts")).to_contain_text(question, timeout=10_000)
    expect(wide.locator("#iv-posts li", has_text=question)).to_have_count(1)
    shot(phone, "interviews-room-phone")
    shot(wide, "interviews-room-desktop")

    # The connection drops; meanwhile the director approves another question; on reconnect the
    # viewer gets it from the database by sequence number, exactly once.
    phone.evaluate("() => { window.ivSocket.onclose = null; window.ivSocket.close(); }")
    missed = "社保卡补办能不能网上办？"
    _approve(desktop, missed)
    phone.wait_for_timeout(500)
    expect(feed).not_to_contain_text(missed)
    phone.evaluate("() => window.ivReconnect()")
    expect(feed).to_contain_text(missed, timeout=10_000)
    expect(feed.locator("li", has_text=missed)).to_have_count(1)
    shot(desktop, "interviews-console-desktop")


def test_event_stream_fallback_delivers_the_same_feed(phone, new_page, demo):
    _open_live_room(phone, demo, "?transport=events")
    room = phone.locator("#iv-room")
    expect(room).to_have_attribute("data-transport", "events")
    desk = new_page(1280)
    _director_console(desk, demo)
    question = "居住证网上申请要多久？"
    _approve(desk, question)
    expect(phone.locator("#iv-posts")).to_contain_text(question, timeout=10_000)
    asked = "备用通道里提的问题能看到吗？"
    _ask(phone, asked)
    _approve(desk, asked)
    expect(phone.locator("#iv-posts")).to_contain_text(asked, timeout=10_000)


def test_announcement_and_transcript_pages(phone, demo):
    phone.goto(demo.url("/fangtan/"))
    assert_fits(phone)
    assert_accessible(phone)
    phone.get_by_role("link", name=ANNOUNCED_TITLE).click()
    expect(phone.locator("#iv-state")).to_have_text("预告")
    assert_fits(phone)
    assert_accessible(phone)
    _ask(phone, "超期办件会不会通知申请人？")
    shot(phone, "interviews-announced-phone")
    phone.get_by_role("textbox", name=re.compile("您的问题")).fill("")
    phone.get_by_role("button", name="提交问题").click()
    expect(phone.locator("#iv-ask-result")).to_have_text("请填写问题内容。")

    phone.goto(demo.url("/fangtan/"))
    phone.get_by_role("link", name=FINISHED_TITLE).click()
    expect(phone.get_by_role("heading", name="访谈实录")).to_be_visible()
    expect(phone.locator(".sg-iv-stats")).to_contain_text(re.compile(r"嘉宾答复\s*3"))
    assert_fits(phone)
    assert_accessible(phone)
    shot(phone, "interviews-transcript-phone")
