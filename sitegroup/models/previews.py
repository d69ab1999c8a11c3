"""Online previews of article attachments (在线预览): Word and Excel files converted to PDF in the background."""

from django.db import models


class PreviewStatus(models.TextChoices):
    PENDING = "pending", "预览生成中"
    CONVERTING = "converting", "预览生成中"
    READY = "ready", "可在线预览"
    FAILED = "failed", "预览生成失败"


class AttachmentPreview(models.Model):
    """The PDF shown in the browser for one document; PDFs themselves need no row (they preview as they are)."""

    document = models.OneToOneField(
        "wagtaildocs.Document", on_delete=models.CASCADE, related_name="sg_preview", verbose_name="文件"
    )
    source_name = models.CharField("转换时的文件", max_length=255)  # a replaced file is converted anew
    status = models.CharField("状态", max_length=12, choices=PreviewStatus.choices, default=PreviewStatus.PENDING)
    pdf = models.FileField("预览文件", upload_to="previews/", blank=True)
    error = models.TextField("失败原因", blank=True)
    requested_at = models.DateTimeField("提交时间", auto_now_add=True)
    started_at = models.DateTimeField("开始转换时间", null=True, blank=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)

    class Meta:
        verbose_name = "附件预览"
        verbose_name_plural = "附件预览"
        indexes = [models.Index(fields=["status", "requested_at"])]

    def __str__(self):
        return f"{self.document_id}: {self.get_status_display()}"
