"""The demo as `make run` serves it: no debug pages, Chinese error pages, periodic jobs that fire."""

from __future__ import annotations

import re
import socket
import time

from tests.journeys.pages import assert_fits, shot


class TestErrorPages:
    def test_missing_page_is_a_chinese_404_without_debug_details(self, demo, phone):
        response = phone.goto(demo.url("/没有这个页面/", site="edu"))
        assert response.status == 404
        assert phone.get_by_role("heading", level=1).inner_text() == "页面不存在"
        body = phone.content()
        for leak in ("URLconf", "Traceback", "DEBUG", "Page not found", "config.urls"):
            assert leak not in body, leak
        phone.get_by_role("link", name="返回首页").click()
        assert phone.url == demo.url("/", site="edu")
        assert_fits(phone)

    def test_form_posted_in_another_charset_is_answered_not_crashed(self, demo, desktop):
        desktop.goto(demo.url("/xxgk/apply/", site="mz"))
        token = desktop.locator("input[name=csrfmiddlewaretoken]").first.input_value()
        body = f"csrfmiddlewaretoken={token}&name=%D5%C5%C8%FD&phone=13800001234"
        for charset in ("gbk", "utf-16", "no-such-charset"):
            status, text = desktop.evaluate(
                """async ([body, charset]) => {
                    const response = await fetch(location.href, {method: 'POST', body,
                        headers: {'Content-Type': 'application/x-www-form-urlencoded; charset=' + charset}});
                    return [response.status, await response.text()];
                }""",
                [body, charset],
            )
            assert 200 <= status < 500, (charset, status)
            assert "Traceback" not in text and "请" in text

    def test_overlong_address_gets_a_414_page(self, demo):
        request_line = f"GET /search/?q={'低保' * 3000} HTTP/1.1\r\nHost: localhost:{demo.port}\r\n\r\n"
        with socket.create_connection(("127.0.0.1", demo.port), timeout=10) as connection:
            connection.sendall(request_line.encode("utf-8"))
            answer = b""
            while chunk := connection.recv(65536):
                answer += chunk
        text = answer.decode("utf-8")
        assert text.startswith("HTTP/1.1 414")
        assert "网址过长" in text


class TestScheduledPublishing:
    def test_an_approved_article_goes_live_at_its_time_without_a_cron(self, demo, phone):
        """A revision approved to go live a few seconds from now appears on the public site by itself."""
        title = f"定时发布的通知{int(time.time())}"
        stamp = int(time.time())
        slug = demo.shell(
            "from datetime import timedelta\n"
            "from django.utils import timezone\n"
            "from wagtail.models import Site\n"
            "from sitegroup.models import ArticlePage, ColumnPage\n"
            "site = Site.objects.get(hostname='edu.localhost')\n"
            "column = ColumnPage.objects.child_of(site.root_page).get(slug='news')\n"
            f"article = ArticlePage(title='{title}', slug='scheduled-{stamp}', live=False,\n"
            "    body=[{'type': 'paragraph', 'value': '<p>定时发布测试。</p>'}])\n"
            "column.add_child(instance=article)\n"
            "article.go_live_at = timezone.now() + timedelta(seconds=15)\n"
            "article.save_revision().publish()  # a future go-live time schedules instead of publishing\n"
            "print(article.slug)\n"
        )
        phone.goto(demo.url("/news/", site="edu"))
        assert title not in phone.content()
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            response = phone.goto(demo.url(f"/news/{slug}/", site="edu"))
            if response.status == 200:
                break
            time.sleep(2)
        assert response.status == 200, "定时发布没有在预定时间后生效"
        assert phone.get_by_role("heading", name=re.compile(title)).count() >= 1
        phone.goto(demo.url("/news/", site="edu"))
        assert title in phone.content()
        shot(phone, "server-scheduled-article-live")
