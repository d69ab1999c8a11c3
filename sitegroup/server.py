"""How `manage.py serve` answers what Twisted would otherwise drop: an over-long request line gets a 414 page.

Twisted (under Daphne) closes the connection without a word when the request line exceeds its line limit
(16 KB) and answers a bare 400 when the request line and headers exceed 16 KB together. Behind nginx in
production, nginx answers these itself (``large_client_header_buffers``); this is for the embedded default.
"""

from __future__ import annotations

import time

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


# Seconds a server process sent SIGTERM waits for the requests it is answering (systemd's stop timeout is 15).
GRACE_SECONDS = 8.0


def install_graceful_stop(cli, grace: float = GRACE_SECONDS) -> None:
    """On SIGTERM (or SIGINT): stop accepting connections, let in-flight HTTP requests finish (up to
    `grace` seconds), then stop. Daphne's own handler stops the reactor at once, cutting requests off
    mid-answer. WebSockets are closed at the end; browsers reconnect to another process. A second signal
    stops at once.

    `cli` is Daphne's CommandLineInterface; call before `cli.run(...)`.
    """
    import signal

    from daphne.http_protocol import WebRequest
    from twisted.internet import reactor, tcp

    state = {"stopping": False}

    def in_flight() -> int:
        server = getattr(cli, "server", None)
        if server is None:
            return 0
        count = 0
        for protocol, details in list(server.connections.items()):
            future = details.get("application_instance")
            if isinstance(protocol, WebRequest) and not details.get("disconnected") and future and not future.done():
                count += 1
        return count

    def drain(deadline: float) -> None:
        if in_flight() == 0 or time.monotonic() >= deadline:
            if reactor.running:
                reactor.stop()
            return
        reactor.callLater(0.05, drain, deadline)

    def begin() -> None:
        if state["stopping"]:
            if reactor.running:
                reactor.stop()
            return
        state["stopping"] = True
        for reader in list(reactor.getReaders()):
            if isinstance(reader, tcp.Port):
                reader.stopListening()
        drain(time.monotonic() + grace)

    def on_signal(signum, frame) -> None:
        reactor.callFromThread(begin)

    def install() -> None:
        signal.signal(signal.SIGTERM, on_signal)
        signal.signal(signal.SIGINT, on_signal)

    reactor.callWhenRunning(install)
