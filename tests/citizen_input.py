"""Test helpers for the citizen-input kit: answer the text captcha the way a reader would."""

from __future__ import annotations

import html
import re

from sitegroup.lib.captcha import solve

_LABEL = re.compile(r"验证问题：([^<]+?)\s*<")
_TOKEN = re.compile(r'name="(?P<name>[\w-]+_0)" value="(?P<token>[^"]+)"')


def captcha_answer(page_html: str) -> dict[str, str]:
    """The POST fields that answer the captcha shown on a page (token and answer)."""
    text = html.unescape(page_html)
    question = _LABEL.search(text)
    token = _TOKEN.search(text)
    assert question and token, "the page shows no captcha"
    base = token.group("name")[: -len("_0")]
    return {f"{base}_0": token.group("token"), f"{base}_1": solve(question.group(1))}
