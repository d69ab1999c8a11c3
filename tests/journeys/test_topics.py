"""专题: a citizen on a phone opens a special topic from the portal's 专题专栏 block and reads an article in
one of its sub-columns; an editor on a desktop finds 专题 among the page types of a site's home page."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.journeys.pages import assert_accessible, assert_fits, login, shot

pytestmark = pytest.mark.journey


def test_a_citizen_opens_a_topic_from_the_portal_home_and_reads_an_article(demo, phone):
    page = phone
    page.goto(demo.url("/"))
    block = page.locator("section", has=page.get_by_role("heading", name="专题专栏", exact=True))
    topic_link = block.get_by_role("link", name="乡村振兴在丹徒", exact=True)
    expect(topic_link).to_be_visible()
    expect(topic_link.locator("img.sg-topics__image")).to_be_visible()
    topic_link.scroll_into_view_if_needed()
    shot(page, "topics-01-portal-home-block", full_page=False)
    assert_fits(page)

    topic_link.click()
    expect(page.get_by_role("heading", level=1, name="乡村振兴在丹徒", exact=True)).to_be_visible()
    expect(page.get_by_role("img", name="乡村振兴示范村远景：连片农田与远山", exact=True)).to_be_visible()
    assert_fits(page)
    assert_accessible(page)
    shot(page, "topics-02-topic-page")

    sub_column = page.get_by_role("navigation", name="专题子栏目").get_by_role("link", name="镇村动态", exact=True)
    sub_column.click()
    expect(page.get_by_role("heading", level=1, name="镇村动态", exact=True)).to_be_visible()
    first = page.locator("main .sg-list__item a").first
    title = first.inner_text()
    first.click()
    expect(page.get_by_role("heading", level=1, name=title, exact=True)).to_be_visible()
    expect(page.locator(".sg-breadcrumbs, nav[aria-label='当前位置']").first).to_contain_text("乡村振兴在丹徒")
    assert_fits(page)
    shot(page, "topics-03-article-in-topic")


def test_an_editor_finds_the_topic_type_when_adding_a_page_under_the_site_home(demo, desktop):
    page = desktop
    login(page, demo, "edu_editor", site="edu")
    home_id = demo.shell(
        "from wagtail.models import Site; print(Site.objects.get(hostname='edu.localhost').root_page_id)"
    ).strip()
    page.goto(demo.url(f"/admin/pages/{home_id}/add_subpage/", site="edu"))
    offered = page.locator(f"a[href*='/admin/pages/add/sitegroup/topicpage/{home_id}/']")
    expect(offered).to_contain_text("专题")
    shot(page, "topics-04-editor-page-types")
    offered.click()
    expect(page.locator("label[for='id_banner_alt']")).to_contain_text("横幅图片替代文字")
    expect(page.locator("#id_banner_alt")).to_be_visible()
    expect(page.locator("label[for='id_intro']")).to_contain_text("专题介绍")
    shot(page, "topics-05-editor-topic-form")
