"""How `manage.py serve` answers what Twisted would otherwise drop: an over-long request line gets a 414 page.

Twisted (under Daphne) closes the connection without a word when the request line exceeds its line limit
(16 KB) and answers a bare 400 when the request line and headers exceed 16 KB together. Behind nginx in
production, nginx answers these itself (``large_client_header_buffers``); this is for the embedded default.
"""

from __future__ import annotations

from django.template.loader import render_to_string


def _response(status: int, reason: str) -> bytes:
    body = render_to_string(f"{status}.html").encode("utf-8")
    head = (
        f"HTTP/1.1 {status} {reason}\r\n"
        "Content-Type: text/html; charset=utf-8\r\n"
        f"Content-Length: {len(body)}\r\n"
        "Connection: close\r\n\r\n"
    )
    return head.encode("ascii") + body


def install_http_limits() -> None:
    """Patch Twisted's HTTP channel so oversize requests get a Chinese 414 / 400 page (idempotent)."""
    from twisted.web import http

    if getattr(http.HTTPChannel, "_sitegroup_limits", False):
        return
    uri_too_long = _response(414, "URI Too Long")
    bad_request = _response(400, "Bad Request")

    def answer_and_close(channel, *args):
        # Still reading the request line: the address is what is too long.
        reading_request_line = bool(getattr(channel, "_HTTPChannel__first_line", 0))
        channel.transport.write(uri_too_long if reading_request_line else bad_request)
        channel.loseConnection()

    http.HTTPChannel.lineLengthExceeded = answer_and_close
    http.HTTPChannel._respondToBadRequestAndDisconnect = answer_and_close
    http.HTTPChannel._sitegroup_limits = True
