"""信息抓取: fetch an organisation's harvest sources and turn new articles into drafts in the target column.

Fetching is asynchronous (httpx) with a timeout, bounded concurrency, a delay between requests to one
host, size caps, a redirect limit, http(s) only and — unless ``HARVEST_ALLOW_PRIVATE_ADDRESSES`` — no
private, loopback or link-local addresses. Everything else (drafts, images, the run log) is synchronous.
"""

from __future__ import annotations

import asyncio
import io
import ipaddress
import logging
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import httpx
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.images import ImageFile
from django.db import IntegrityError, transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtail.log_actions import log

from sitegroup.lib import harvest_parse
from sitegroup.models import (
    ArticlePage,
    HarvestedItem,
    HarvestRun,
    HarvestRunStatus,
    HarvestSource,
    HarvestSourceKind,
    Organisation,
    Role,
)

logger = logging.getLogger(__name__)

IMAGE_FORMATS = {"JPEG": "jpg", "PNG": "png", "GIF": "gif", "WEBP": "webp"}


def _setting(name: str, default):
    return getattr(settings, name, default)


class FetchError(Exception):
    """A fetch that failed, with a message in Chinese for the run log."""


# ---------------------------------------------------------------- permissions


def may_manage(user, organisation) -> bool:
    """Site admins of the organisation (and platform admins) manage its harvest sources."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return user.groups.filter(
        organisation_role__organisation=organisation, organisation_role__role=Role.SITE_ADMIN
    ).exists()


def organisations_managed_by(user):
    if not user.is_authenticated:
        return Organisation.objects.none()
    if user.is_superuser:
        return Organisation.objects.all()
    return Organisation.objects.filter(roles__role=Role.SITE_ADMIN, roles__group__user=user).distinct()


def sources_for(user):
    """The harvest sources a person manages (their organisations' only; platform admins: all)."""
    return HarvestSource.objects.filter(organisation__in=organisations_managed_by(user))


def latest_runs(sources) -> dict[int, HarvestRun]:
    """Each source's most recent run, in one query however long the log."""
    newest = HarvestRun.objects.filter(source=OuterRef("source")).order_by("-started_at", "-pk").values("pk")[:1]
    runs = HarvestRun.objects.filter(source__in=sources).filter(pk=Subquery(newest))
    return {run.source_id: run for run in runs}


def save_source(user, source: HarvestSource) -> HarvestSource:
    """Create or change a source (validated by its form); audit-logged."""
    require_manager(user, source.organisation)
    is_new = source.pk is None
    if not is_new:
        stored = HarvestSource.objects.get(pk=source.pk)
        require_manager(user, stored.organisation)
    with transaction.atomic():
        source.save()
        log(instance=source, action="wagtail.create" if is_new else "wagtail.edit", user=user)
    return source


def require_manager(user, organisation) -> None:
    if not may_manage(user, organisation):
        raise PermissionDenied("只有本机构的站点管理员可以管理抓取源。")


# ---------------------------------------------------------------- fetching


@dataclass
class Fetched:
    url: str
    content: bytes
    content_type: str = ""


class Fetcher:
    """One run's HTTP client: shared limits, one lock and clock per host for politeness."""

    def __init__(self, transport: httpx.AsyncBaseTransport | None = None):
        self.timeout = float(_setting("HARVEST_TIMEOUT_SECONDS", 15))
        self.max_bytes = int(_setting("HARVEST_MAX_BYTES", 5 * 1024 * 1024))
        self.host_delay = float(_setting("HARVEST_HOST_DELAY_SECONDS", 1.0))
        self.allow_private = bool(_setting("HARVEST_ALLOW_PRIVATE_ADDRESSES", False))
        self.semaphore = asyncio.Semaphore(int(_setting("HARVEST_CONCURRENCY", 4)))
        self.host_locks: dict[str, asyncio.Lock] = {}
        self.host_last: dict[str, float] = {}
        self.client = httpx.AsyncClient(
            timeout=self.timeout,
            follow_redirects=True,
            max_redirects=int(_setting("HARVEST_MAX_REDIRECTS", 5)),
            headers={"User-Agent": _setting("HARVEST_USER_AGENT", "SiteGroupHarvester/1.0")},
            transport=transport,
            event_hooks={"request": [self._check_request]},
        )

    async def close(self):
        await self.client.aclose()

    async def _check_request(self, request: httpx.Request) -> None:
        """Every request, redirects included: http(s) only, and no private addresses unless allowed."""
        if request.url.scheme not in ("http", "https"):
            raise FetchError(f"只允许抓取 http/https 地址：{request.url}")
        if self.allow_private:
            return
        host = request.url.host
        try:
            infos = await asyncio.get_running_loop().getaddrinfo(host, request.url.port or 80)
        except OSError as error:
            raise FetchError(f"无法解析主机名 {host}。") from error
        for info in infos:
            address = ipaddress.ip_address(info[4][0])
            if not address.is_global:
                raise FetchError(f"拒绝抓取内网地址：{host}")

    async def get(self, url: str, *, max_bytes: int | None = None) -> Fetched:
        if not harvest_parse.is_http_url(url):
            raise FetchError(f"只允许抓取 http/https 地址：{url}")
        limit = max_bytes or self.max_bytes
        host = urlsplit(url).hostname or ""
        lock = self.host_locks.setdefault(host, asyncio.Lock())
        async with self.semaphore, lock:
            wait = self.host_last.get(host, 0.0) + self.host_delay - time.monotonic()
            if wait > 0:
                await asyncio.sleep(wait)
            try:
                async with self.client.stream("GET", url) as response:
                    if response.status_code >= 400:
                        raise FetchError(f"{url} 返回 HTTP {response.status_code}。")
                    declared = response.headers.get("content-length")
                    if declared and declared.isdigit() and int(declared) > limit:
                        raise FetchError(f"{url} 超过大小上限（{limit // 1024} KB）。")
                    chunks, size = [], 0
                    async for chunk in response.aiter_bytes():
                        size += len(chunk)
                        if size > limit:
                            raise FetchError(f"{url} 超过大小上限（{limit // 1024} KB）。")
                        chunks.append(chunk)
                    return Fetched(str(response.url), b"".join(chunks), response.headers.get("content-type", ""))
            except httpx.TooManyRedirects as error:
                raise FetchError(f"{url} 重定向次数过多。") from error
            except httpx.TimeoutException as error:
                raise FetchError(f"{url} 请求超时。") from error
            except httpx.HTTPError as error:
                raise FetchError(f"{url} 请求失败：{error.__class__.__name__}。") from error
            finally:
                self.host_last[host] = time.monotonic()


@dataclass
class Collected:
    """What one source's fetching produced, before anything touches the database."""

    entries: list[tuple[harvest_parse.Entry, str, dict[str, bytes]]] = field(default_factory=list)
    found: int = 0
    known: int = 0  # listed but already harvested (same URL)
    errors: list[str] = field(default_factory=list)


async def _collect(source: HarvestSource, known_urls: set[str], transport=None) -> Collected:
    fetcher = Fetcher(transport)
    collected = Collected()
    try:
        listing = await fetcher.get(source.url)
        if source.kind == HarvestSourceKind.FEED:
            entries = harvest_parse.parse_feed(listing.content, listing.url)
            links = [entry.url for entry in entries]
        else:
            links = harvest_parse.extract_links(listing.content, listing.url, source.link_selector)
            entries = [harvest_parse.Entry(url=link) for link in links]
        collected.found = len(links)
        collected.known = sum(1 for link in links if link in known_urls)
        fresh = [entry for entry in entries if entry.url not in known_urls][: source.max_items]

        async def complete(entry: harvest_parse.Entry):
            try:
                if not entry.body_html or source.kind == HarvestSourceKind.HTML:
                    page = await fetcher.get(entry.url)
                    article = harvest_parse.parse_article(
                        page.content,
                        page.url,
                        title_selector=source.title_selector,
                        date_selector=source.date_selector,
                        body_selector=source.body_selector,
                    )
                    entry.title = entry.title or article.title
                    entry.published = entry.published or article.published
                    entry.body_html = article.body_html
                body = harvest_parse.sanitise(entry.body_html, entry.url)
                images = {}
                for piece in harvest_parse.split_body(body):
                    if piece.kind == "image" and piece.src not in images:
                        try:
                            fetched = await fetcher.get(
                                piece.src, max_bytes=int(_setting("HARVEST_IMAGE_MAX_BYTES", 5 * 1024 * 1024))
                            )
                            images[piece.src] = fetched.content
                        except FetchError as error:
                            collected.errors.append(f"图片未能下载：{error}")
                return entry, body, images
            except (FetchError, harvest_parse.ParseError) as error:
                collected.errors.append(f"{entry.url}：{error}")
                return None

        results = await asyncio.gather(*(complete(entry) for entry in fresh))
        collected.entries = [result for result in results if result is not None]
    except (FetchError, harvest_parse.ParseError) as error:
        collected.errors.append(str(error))
    finally:
        await fetcher.close()
    return collected


# ---------------------------------------------------------------- drafts


def _store_image(content: bytes, alt: str, source: HarvestSource):
    """A downloaded image as a Wagtail image in the organisation's collection (None: not an image)."""
    try:
        with PILImage.open(io.BytesIO(content)) as probe:
            image_format = probe.format
            probe.verify()
    except Exception:  # noqa: BLE001 - Pillow raises many kinds of errors for what is not an image
        return None
    extension = IMAGE_FORMATS.get(image_format or "")
    if extension is None:
        return None
    model = get_image_model()
    image = model(title=(alt or source.label)[:255], collection=source.organisation.collection or _root_collection())
    image.file = ImageFile(io.BytesIO(content), name=f"harvest.{extension}")
    image.save()
    return image


def _root_collection():
    from wagtail.models import Collection

    return Collection.get_first_root_node()


def _body_blocks(body: str, images: dict[str, bytes], source: HarvestSource, errors: list[str]) -> list[dict]:
    blocks = []
    for piece in harvest_parse.split_body(body):
        if piece.kind == "html":
            blocks.append({"type": "paragraph", "value": piece.html})
        elif piece.src in images:
            image = _store_image(images[piece.src], piece.alt, source)
            if image is None:
                errors.append(f"不是可用的图片，已略过：{piece.src}")
                continue
            alt = piece.alt or source.label
            blocks.append({"type": "image", "value": {"image": image.pk, "alt_text": alt[:200], "caption": ""}})
    return blocks


def _create_draft(source: HarvestSource, entry, body: str, images, run: HarvestRun, digest: str, errors) -> ArticlePage:
    column = source.target_column.specific
    article = ArticlePage(
        title=entry.title[:255],
        source=source.label[:100],
        publish_time=entry.published or timezone.now(),
        summary=harvest_parse.plain_text(body)[:120],
        body=_body_blocks(body, images, source, errors),
        live=False,
        has_unpublished_changes=True,
    )
    column.add_child(instance=article)
    article.save_revision(log_action=False)
    log(instance=article, action="wagtail.create", user=None, content_changed=True)
    HarvestedItem.objects.create(
        source=source, organisation=source.organisation, url=entry.url, content_digest=digest, page=article, run=run
    )
    return article


def run_source(source: HarvestSource, *, user=None, triggered_by: str = "", transport=None) -> HarvestRun:
    """Fetch one source now; new articles become drafts. Returns the run with its counts and errors."""
    if user is not None:
        require_manager(user, source.organisation)
    run = HarvestRun.objects.create(source=source, triggered_by=triggered_by or (user.get_username() if user else ""))
    known_urls = set(HarvestedItem.objects.filter(organisation=source.organisation).values_list("url", flat=True))
    collected = asyncio.run(_collect(source, known_urls, transport))
    errors = list(collected.errors)
    run.found_count = collected.found
    duplicates = collected.known
    new = 0
    for entry, body, images in collected.entries:
        digest = harvest_parse.content_digest(entry.title, body)
        if HarvestedItem.objects.filter(organisation=source.organisation, content_digest=digest).exists():
            duplicates += 1
            continue
        try:
            with transaction.atomic():
                _create_draft(source, entry, body, images, run, digest, errors)
            new += 1
        except IntegrityError:
            duplicates += 1
        except Exception as error:  # noqa: BLE001 - one bad article is logged; the others still come in
            logger.exception("抓取源 %s 的文章 %s 未能保存", source.pk, entry.url)
            errors.append(f"{entry.url}：保存失败（{error.__class__.__name__}）")
    run.new_count = new
    run.duplicate_count = duplicates
    run.error_count = len(errors)
    run.errors = errors[:200]
    run.finished_at = timezone.now()
    if not errors:
        run.status = HarvestRunStatus.SUCCEEDED
    elif new or duplicates:
        run.status = HarvestRunStatus.PARTIAL
    else:
        run.status = HarvestRunStatus.FAILED
    run.save()
    source.last_run_at = run.finished_at
    source.save(update_fields=["last_run_at"])
    if user is not None:
        log(instance=source, action="sitegroup.harvest", user=user, data={"run": run.pk, "new": new})
    return run


def run_due_sources(now=None, transport=None) -> list[HarvestRun]:
    """The periodic job: every active source whose interval has passed."""
    now = now or timezone.now()
    runs = []
    for source in HarvestSource.objects.filter(is_active=True).select_related("organisation", "target_column"):
        if source.is_due(now):
            runs.append(run_source(source, triggered_by="定时任务", transport=transport))
    return runs
