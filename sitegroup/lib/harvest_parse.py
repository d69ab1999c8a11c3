"""Parsing for 信息抓取: feeds, list pages and article pages into sanitised, de-duplicable items.

No Django here: the service fetches, this module turns bytes into ``Entry``s, body pieces and digests.
Feeds through ``feedparser``; HTML through ``lxml`` with CSS selectors (``cssselect``); sanitising
through ``nh3`` (the tags our article editor allows, plus images that the service stores locally).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from urllib.parse import urldefrag, urljoin, urlsplit

import feedparser
import lxml.html
import nh3
from cssselect import SelectorSyntaxError
from lxml import etree

CHINA = timezone(timedelta(hours=8))

ALLOWED_TAGS = {"p", "br", "h2", "h3", "h4", "ul", "ol", "li", "b", "strong", "i", "em", "a", "img", "hr"}
ALLOWED_ATTRIBUTES = {"a": {"href"}, "img": {"src", "alt"}}
DROPPED_WITH_CONTENT = {"script", "style", "noscript", "iframe", "object", "template", "title"}


class ParseError(ValueError):
    """The fetched document is not what the source's settings expect (message in Chinese)."""


@dataclass
class Entry:
    url: str
    title: str = ""
    published: datetime | None = None
    body_html: str = ""  # raw, from the feed; sanitised later
    images: list[str] = field(default_factory=list)


def is_http_url(url: str) -> bool:
    return urlsplit(url).scheme in ("http", "https") and bool(urlsplit(url).hostname)


def normalise_url(url: str) -> str:
    """The form in which URLs are compared: fragment dropped, scheme and host lower-cased."""
    url, _ = urldefrag(url.strip())
    parts = urlsplit(url)
    return parts._replace(scheme=parts.scheme.lower(), netloc=parts.netloc.lower()).geturl()


def parse_feed(content: bytes, base_url: str) -> list[Entry]:
    parsed = feedparser.parse(content, response_headers={"content-location": base_url})
    if parsed.bozo and not parsed.entries:
        raise ParseError("订阅源无法解析：不是有效的 RSS/Atom 文档。")
    entries = []
    for item in parsed.entries:
        link = item.get("link") or ""
        if not link:
            continue
        url = normalise_url(urljoin(base_url, link))
        if not is_http_url(url):
            continue
        body = ""
        if item.get("content"):
            body = item.content[0].get("value", "")
        body = body or item.get("summary", "")
        published = None
        stamp = item.get("published_parsed") or item.get("updated_parsed")
        if stamp:
            published = datetime(*stamp[:6], tzinfo=UTC)
        entries.append(Entry(url=url, title=clean_text(item.get("title", "")), published=published, body_html=body))
    return entries


def _document(content: bytes | str, base_url: str):
    if not content:
        raise ParseError("页面内容为空。")
    try:
        return lxml.html.document_fromstring(content, base_url=base_url)
    except (etree.ParserError, ValueError) as error:
        raise ParseError("页面无法解析。") from error


def _select(document, selector: str, what: str):
    try:
        return document.cssselect(selector)
    except (SelectorSyntaxError, etree.XPathError) as error:
        raise ParseError(f"{what}选择器“{selector}”写法有误。") from error


def extract_links(content: bytes | str, base_url: str, selector: str) -> list[str]:
    """Article URLs on a list page, in page order, each once."""
    document = _document(content, base_url)
    seen, links = set(), []
    for element in _select(document, selector or "a", "列表链接"):
        anchor = element if element.tag == "a" else next(iter(element.iter("a")), None)
        href = anchor.get("href") if anchor is not None else None
        if not href:
            continue
        url = normalise_url(urljoin(base_url, href))
        if is_http_url(url) and url not in seen:
            seen.add(url)
            links.append(url)
    return links


def parse_article(
    content: bytes | str, url: str, *, title_selector: str, date_selector: str, body_selector: str
) -> Entry:
    document = _document(content, url)
    title_nodes = _select(document, title_selector or "h1", "标题")
    title = clean_text(title_nodes[0].text_content()) if title_nodes else ""
    if not title:
        raise ParseError("文章页面找不到标题。")
    published = None
    if date_selector:
        date_nodes = _select(document, date_selector, "日期")
        if date_nodes:
            published = parse_date(date_nodes[0].text_content())
    body_nodes = _select(document, body_selector or "article", "正文")
    if not body_nodes:
        raise ParseError("文章页面找不到正文。")
    body = "".join(lxml.html.tostring(node, encoding="unicode") for node in body_nodes)
    return Entry(url=url, title=title, published=published, body_html=body)


DATE_PATTERN = re.compile(
    r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:\s*(\d{1,2})\s*[:：时]\s*(\d{1,2}))?"
)


def parse_date(text: str) -> datetime | None:
    """The first date in text such as ``发布时间：2026年11月20日 09:30`` or ``2026-11-20`` (China time)."""
    match = DATE_PATTERN.search(text or "")
    if not match:
        return None
    year, month, day, hour, minute = match.groups()
    try:
        return datetime(int(year), int(month), int(day), int(hour or 0), int(minute or 0), tzinfo=CHINA)
    except ValueError:
        return None


def clean_text(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text or "")).strip()


def sanitise(html: str, base_url: str) -> str:
    """Keep the tags the article editor allows; make link and image addresses absolute http(s)."""
    cleaned = nh3.clean(
        html or "",
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        clean_content_tags=DROPPED_WITH_CONTENT,
        url_schemes={"http", "https"},
        link_rel=None,
        strip_comments=True,
    )
    if not cleaned.strip():
        return ""
    fragment = lxml.html.fragment_fromstring(cleaned, create_parent="div")
    for element in fragment.iter("a", "img"):
        attribute = "href" if element.tag == "a" else "src"
        value = element.get(attribute)
        if value:
            absolute = urljoin(base_url, value)
            if is_http_url(absolute):
                element.set(attribute, absolute)
            else:
                del element.attrib[attribute]
    return "".join(
        [fragment.text or ""] + [lxml.html.tostring(child, encoding="unicode") for child in fragment]
    ).strip()


@dataclass
class Piece:
    """One block of an article body: rich text, or an image to download."""

    kind: str  # "html" or "image"
    html: str = ""
    src: str = ""
    alt: str = ""


def split_body(sanitised_html: str) -> list[Piece]:
    """Cut a sanitised body at its images: paragraphs of text between them, each image on its own."""
    if not sanitised_html:
        return []
    fragment = lxml.html.fragment_fromstring(sanitised_html, create_parent="div")
    images = []
    for image in list(fragment.iter("img")):
        images.append((image.get("src") or "", image.get("alt") or ""))
        marker = etree.Element("span")
        marker.set("data-harvest-image", str(len(images) - 1))
        marker.tail = image.tail
        image.getparent().replace(image, marker)
    html = "".join([fragment.text or ""] + [lxml.html.tostring(child, encoding="unicode") for child in fragment])
    pieces: list[Piece] = []
    for part in re.split(r'(<span data-harvest-image="\d+"></span>)', html):
        marker = re.fullmatch(r'<span data-harvest-image="(\d+)"></span>', part)
        if marker:
            src, alt = images[int(marker.group(1))]
            if src:
                pieces.append(Piece("image", src=src, alt=alt))
            continue
        text_html = _close_paragraphs(part)
        if clean_text(lxml.html.fragment_fromstring(text_html, create_parent="div").text_content()):
            pieces.append(Piece("html", html=text_html))
    return pieces


def _close_paragraphs(html: str) -> str:
    """A slice cut out at an image may hold half a paragraph: let the HTML parser close it again."""
    if not html.strip():
        return ""
    fragment = lxml.html.fragment_fromstring(html, create_parent="div")
    if fragment.text and fragment.text.strip():
        paragraph = etree.Element("p")
        paragraph.text = fragment.text
        fragment.text = None
        fragment.insert(0, paragraph)
    return "".join(lxml.html.tostring(child, encoding="unicode") for child in fragment).strip()


def plain_text(html: str) -> str:
    if not (html or "").strip():
        return ""
    return clean_text(lxml.html.fragment_fromstring(html, create_parent="div").text_content())


def content_digest(title: str, body_html: str) -> str:
    """Same article, different address or markup → same digest: visible text, normalised, hashed."""
    text = clean_text(title) + "\n" + plain_text(body_html)
    text = re.sub(r"[\s\u3000]+|[，。、；：！？“”‘’（）《》,.;:!?\"'()\-]", "", text).lower()
    return hashlib.sha256(text.encode()).hexdigest()
