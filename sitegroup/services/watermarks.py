"""Per-site image watermarks: which renditions get one, and the Wagtail image operation that draws it.

A body image of a site's own collection is shown through the rendition spec ``<spec>|watermark-<site>-<sig>``
when the site's settings enable a watermark; ``sig`` fingerprints the settings, so changing them makes new
renditions. The original file is never touched. An image tagged 不加水印 is shown without a watermark.
"""

from __future__ import annotations

import logging

from wagtail.images.image_operations import FilterOperation
from wagtail.models import Collection, Site

from sitegroup.lib import watermark

logger = logging.getLogger(__name__)
NO_WATERMARK_TAG = "不加水印"


def _site_collection_ids(request, site) -> set[int]:
    cache = request.__dict__.setdefault("_sg_watermark_collections", {})
    if site.pk not in cache:
        from sitegroup.models import Organisation

        collection_id = Organisation.objects.filter(site=site).values_list("collection_id", flat=True).first()
        root = Collection.objects.filter(pk=collection_id).first() if collection_id else None
        cache[site.pk] = (
            set(Collection.objects.filter(path__startswith=root.path).values_list("pk", flat=True)) if root else set()
        )
    return cache[site.pk]


def spec_for(request, image, spec: str) -> str:
    """The rendition spec to show ``image`` with on the request's site: with the watermark when it applies."""
    from sitegroup.models import SiteSettings

    site = Site.find_for_request(request) if request is not None else None
    if site is None or image is None:
        return spec
    site_settings = SiteSettings.for_request(request)
    if not site_settings.watermark_enabled or not (
        site_settings.watermark_text.strip() or site_settings.watermark_logo_id
    ):
        return spec
    if image.collection_id not in _site_collection_ids(request, site):
        return spec
    if NO_WATERMARK_TAG in {tag.name for tag in image.tags.all()}:
        return spec
    return f"{spec}|watermark-{site.pk}-{site_settings.watermark_signature()}"


class WatermarkOperation(FilterOperation):
    """``watermark-<site id>-<settings fingerprint>``: draws the site's current watermark."""

    def construct(self, site_id, signature):
        self.site_id = int(site_id)
        self.signature = signature

    def run(self, willow, image, env):
        from willow.plugins.pillow import PillowImage

        from sitegroup.models import SiteSettings

        site_settings = SiteSettings.objects.select_related("watermark_logo").filter(site_id=self.site_id).first()
        if site_settings is None or not site_settings.watermark_enabled or not isinstance(willow, PillowImage):
            return willow
        if willow.has_animation():
            return willow
        logo = None
        if site_settings.watermark_logo is not None:
            from PIL import Image

            with site_settings.watermark_logo.open_file() as file:
                logo = Image.open(file)
                logo.load()
        text = site_settings.watermark_text.strip()
        font_path = watermark.cjk_font_path()
        if logo is None and watermark.needs_cjk(text) and font_path is None:
            logger.warning("未找到中文字体（fonts-noto-cjk），站点 %s 的文字水印未绘制。", self.site_id)
        picture = watermark.apply(
            willow.image,
            text=text,
            logo=logo,
            position=site_settings.watermark_position,
            opacity=site_settings.watermark_opacity / 100,
            font_path=font_path,
        )
        return PillowImage(picture)


def settings_saved(sender, instance, created=False, raw=False, **kwargs):
    """Signal receiver: a change of a site's settings is written to the audit log (Wagtail does not log
    settings edits itself); the editing user comes from the admin's log context."""
    if raw:
        return
    from wagtail.log_actions import get_active_log_context, log

    if get_active_log_context().user is None:
        return  # the demo loader and management commands
    log(instance=instance, action="wagtail.edit")
