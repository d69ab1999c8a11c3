"""Admin panel of attachment previews: the editor sees 预览生成失败 (or ready/pending) under each attachment."""

from wagtail.admin.panels import Panel


class PreviewStatusPanel(Panel):
    """Shows the editor, under each attachment, whether its online preview is ready or failed."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "sitegroup/admin/preview_status_panel.html"

        def get_context_data(self, parent_context=None):
            from sitegroup.services.previews import state_for

            context = super().get_context_data(parent_context)
            attachment = self.instance
            document = getattr(attachment, "document", None) if attachment.document_id else None
            state = state_for(document) if document is not None else "none"
            context["state"] = state
            context["label"] = PREVIEW_LABELS.get(state, "")
            context["error"] = document.sg_preview.error if state == "failed" else ""
            return context

        def is_shown(self):
            return bool(getattr(self.instance, "document_id", None))


PREVIEW_LABELS = {
    "pdf": "PDF 文件，可直接在线预览",
    "ready": "在线预览已生成",
    "pending": "预览生成中（不影响发布）",
    "failed": "预览生成失败（附件仍可下载，不影响发布）",
}
