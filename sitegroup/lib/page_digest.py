"""网页防篡改: a SHA-256 digest of the content a reader sees on a published page.

Pure library. The digest covers the page's main content (the first ``<article>``, else ``<main>``,
else ``<body>``): its visible text without white space, plus the address of every script,
frame, embedded object and form target inside it. Text outside the content (navigation, lists of
the newest articles, the footer) changes whenever other pages are published or a theme changes,
so it is left out; a link's *address* is left out too, so a hot word (热字) turned into a link
does not change the digest, while a changed sentence or an injected script or frame does.

``stored_digest`` is the cheap companion: a digest of the page's stored content fields (as text), so a
row changed in the database behind the editorial workflow is seen on every run without rendering.
"""

from __future__ import annotations

import hashlib
from html.parser import HTMLParser

CONTAINERS = ("article", "main", "body")
ACTIVE = {"script": "src", "iframe": "src", "frame": "src", "embed": "src", "object": "data", "form": "action"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
HIDDEN = {"script", "style", "template", "noscript"}


class _ContentParser(HTMLParser):
    def __init__(self, container: str):
        super().__init__(convert_charrefs=True)
        self.container = container
        self.depth = 0  # depth inside the container (0: outside, or not found yet)
        self.done = False
        self.hidden = 0
        self.text: list[str] = []
        self.active: list[str] = []

    def handle_starttag(self, tag, attrs):
        if self.done:
            return
        if self.depth == 0:
            if tag == self.container:
                self.depth = 1
            return
        if tag in ACTIVE:
            self.active.append(f"{tag}:{dict(attrs).get(ACTIVE[tag]) or ''}")
        if tag in VOID:
            return
        self.depth += 1
        if tag in HIDDEN:
            self.hidden += 1

    def handle_endtag(self, tag):
        if self.done or self.depth == 0 or tag in VOID:
            return
        if tag in HIDDEN and self.hidden:
            self.hidden -= 1
        self.depth -= 1
        if self.depth == 0:
            self.done = True

    def handle_data(self, data):
        if self.depth and not self.done and not self.hidden:
            self.text.append(data)


def content_of(html: str) -> str:
    """The part of the page the digest covers, as one string (for the digest and for a diff)."""
    for container in CONTAINERS:
        if f"<{container}" not in html:
            continue
        parser = _ContentParser(container)
        parser.feed(html)
        parser.close()
        if parser.text or parser.active:
            text = "".join("".join(parser.text).split())  # white space (template layout) does not count
            return text + "\n" + "\n".join(parser.active)
    return "".join(html.split())


def digest(html: str) -> str:
    return hashlib.sha256(content_of(html).encode("utf-8")).hexdigest()


def stored_digest(fields: dict[str, str]) -> str:
    """SHA-256 over ``name=value`` lines in name order (a field's value as the database stores it)."""
    hasher = hashlib.sha256()
    for name in sorted(fields):
        hasher.update(f"{name}={fields[name]}\n".encode())
    return hasher.hexdigest()
