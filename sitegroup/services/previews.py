"""Attachment previews: Word/Excel files converted to PDF by LibreOffice (headless), one at a time, in the
periodic jobs; PDFs preview as they are. A failed conversion never blocks publication: the attachment stays
downloadable, the failure is logged and shown to the editor as 预览生成失败."""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import tempfile
import threading
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from sitegroup.models import AttachmentPreview, PreviewStatus

logger = logging.getLogger(__name__)

CONVERTED_EXTENSIONS = {"doc", "docx", "xls", "xlsx"}
PREVIEWABLE_EXTENSIONS = CONVERTED_EXTENSIONS | {"pdf"}
_one_at_a_time = threading.Lock()
STALE_AFTER = timedelta(minutes=15)  # a conversion cut off by a restart is tried again after this


def extension(document) -> str:
    return (document.file_extension or "").lower()


def soffice_path() -> str | None:
    return shutil.which(getattr(settings, "ATTACHMENT_PREVIEW_SOFFICE", "soffice"))


def request_preview(document) -> AttachmentPreview | None:
    """Queue the conversion of a Word/Excel document (again, if its file was replaced); None for other types."""
    if extension(document) not in CONVERTED_EXTENSIONS or not document.file:
        return None
    preview = AttachmentPreview.objects.filter(document=document).first()
    if preview is not None and preview.source_name == document.file.name:
        return preview
    if preview is not None and preview.pdf:
        preview.pdf.delete(save=False)
    preview, _created = AttachmentPreview.objects.update_or_create(
        document=document,
        defaults={
            "source_name": document.file.name,
            "status": PreviewStatus.PENDING,
            "pdf": "",
            "error": "",
            "finished_at": None,
        },
    )
    return preview


def state_for(document) -> str:
    """What the public page and the editor see: "pdf" (as is), "ready", "pending", "failed" or "none"."""
    kind = extension(document)
    if kind == "pdf":
        return "pdf"
    if kind not in CONVERTED_EXTENSIONS:
        return "none"
    try:
        preview = document.sg_preview
    except AttachmentPreview.DoesNotExist:
        return "pending"
    if preview.status == PreviewStatus.READY and preview.pdf:
        return "ready"
    if preview.status == PreviewStatus.FAILED:
        return "failed"
    return "pending"


def convert_to_pdf(source: Path, out_dir: Path, timeout: float) -> Path:
    """Run LibreOffice headless on one file; the PDF's path, or RuntimeError with a Chinese reason."""
    soffice = soffice_path()
    if soffice is None:
        raise RuntimeError("服务器未安装 LibreOffice（soffice），无法生成预览。")
    profile = out_dir / "profile"
    command = [
        soffice,
        f"-env:UserInstallation={profile.as_uri()}",
        "--headless",
        "--norestore",
        "--nolockcheck",
        "--convert-to",
        "pdf",
        "--outdir",
        str(out_dir),
        str(source),
    ]
    env = {**os.environ, "HOME": str(out_dir)}
    try:
        completed = subprocess.run(  # noqa: S603 - fixed program and arguments, no shell
            command, capture_output=True, timeout=timeout, env=env, check=False, start_new_session=True
        )
    except subprocess.TimeoutExpired as error:
        raise RuntimeError(f"转换超过 {int(timeout)} 秒未完成，已中止。") from error
    pdf = out_dir / (source.stem + ".pdf")
    if completed.returncode != 0 or not pdf.exists() or pdf.stat().st_size == 0:
        detail = (completed.stderr or completed.stdout or b"").decode("utf-8", "replace").strip()[-300:]
        raise RuntimeError(f"LibreOffice 未能转换该文件（退出码 {completed.returncode}）。{detail}")
    return pdf


def convert_next() -> AttachmentPreview | None:
    """Convert the oldest waiting document, if any (one conversion at a time in this process)."""
    if not _one_at_a_time.acquire(blocking=False):
        return None
    try:
        with transaction.atomic():
            preview = (
                AttachmentPreview.objects.select_for_update(skip_locked=True)
                .filter(
                    Q(status=PreviewStatus.PENDING)
                    | Q(status=PreviewStatus.CONVERTING, started_at__lt=timezone.now() - STALE_AFTER)
                )
                .select_related("document")
                .order_by("requested_at", "pk")
                .first()
            )
            if preview is None:
                return None
            preview.status, preview.started_at = PreviewStatus.CONVERTING, timezone.now()
            preview.save(update_fields=["status", "started_at"])
        _convert(preview)
        return preview
    finally:
        _one_at_a_time.release()


def _convert(preview: AttachmentPreview) -> None:
    document = preview.document
    timeout = float(getattr(settings, "ATTACHMENT_PREVIEW_TIMEOUT", 60))
    try:
        with tempfile.TemporaryDirectory(prefix="sg-preview-") as work:
            work_dir = Path(work)
            source = work_dir / f"source.{extension(document)}"
            with document.file.open("rb") as original:
                source.write_bytes(original.read())
            pdf = convert_to_pdf(source, work_dir, timeout)
            preview.pdf.save(f"preview-{document.pk}.pdf", ContentFile(pdf.read_bytes()), save=False)
        preview.status, preview.error = PreviewStatus.READY, ""
    except Exception as error:  # noqa: BLE001 - any failure leaves the attachment downloadable
        logger.warning("附件预览生成失败：文件 %s（%s）：%s", document.pk, document.title, error)
        preview.status, preview.error = PreviewStatus.FAILED, str(error)[:1000]
    preview.finished_at = timezone.now()
    preview.save(update_fields=["status", "error", "pdf", "finished_at"])
    _purge_pages_attaching(document)


def _purge_pages_attaching(document) -> None:
    """The articles listing this file as an attachment now offer 在线预览 (or keep not offering it): their
    cached copies go, as after a publication of each."""
    from sitegroup.models import ArticleAttachment
    from sitegroup.services import page_cache

    page_ids = ArticleAttachment.objects.filter(document=document).values_list("page_id", flat=True)
    tags = {f"page:{page_id}" for page_id in page_ids}
    if tags:
        page_cache.purge_after_commit(tags)


def convert_pending(limit: int = 5) -> int:
    """The periodic job: up to ``limit`` conversions, one after another; returns how many ran."""
    done = 0
    while done < limit and convert_next() is not None:
        done += 1
    return done


def document_saved(sender, instance, raw=False, **kwargs):
    """Signal receiver: an uploaded or replaced Word/Excel document is queued for conversion."""
    if not raw:
        request_preview(instance)
