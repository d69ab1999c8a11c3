"""The recorded pages of the demo's harvest source, served by the demo server itself (never in production)."""

import mimetypes
from pathlib import Path

from django.conf import settings
from django.http import FileResponse, Http404

RECORDED = Path(__file__).resolve().parent.parent / "demo" / "harvest"


def recorded_page(request, name: str):
    if not getattr(settings, "HARVEST_DEMO_PAGES", False):
        raise Http404
    path = (RECORDED / name).resolve()
    if RECORDED not in path.parents or not path.is_file():
        raise Http404
    content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    if content_type.startswith("text/") or path.suffix == ".xml":
        content_type = ("application/rss+xml" if path.suffix == ".xml" else content_type) + "; charset=utf-8"
    return FileResponse(path.open("rb"), content_type=content_type)
