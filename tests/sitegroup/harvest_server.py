"""A local HTTP server for harvest tests: the recorded pages in sitegroup/demo/harvest/ plus misbehaving URLs."""

from __future__ import annotations

import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

RECORDED = Path(__file__).resolve().parents[2] / "sitegroup" / "demo" / "harvest"


class _Handler(SimpleHTTPRequestHandler):
    extra: dict[str, tuple[int, str, bytes, dict]] = {}
    requests: list[str] = []

    def do_GET(self):  # noqa: N802 - http.server's naming
        self.requests.append(self.path)
        if self.path in self.extra:
            status, content_type, body, headers = self.extra[self.path]
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)
            return
        super().do_GET()

    def log_message(self, *args):
        pass


class RecordedSite:
    def __init__(self):
        handler = type("Handler", (_Handler,), {"extra": {}, "requests": []})
        self.handler = handler
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), partial(handler, directory=str(RECORDED)))
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/"

    def url(self, path: str) -> str:
        return self.base + path.lstrip("/")

    def add(self, path: str, body: bytes, *, status: int = 200, content_type: str = "text/html", headers=None):
        self.handler.extra["/" + path.lstrip("/")] = (status, content_type, body, headers or {})

    @property
    def requests(self) -> list[str]:
        return self.handler.requests

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
