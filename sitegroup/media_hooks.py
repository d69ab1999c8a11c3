"""Editor media features: paragraph styles (首行缩进, 居中) in the body editor, image watermarks,
attachment previews (the conversion job)."""

from django.templatetags.static import static
from django.utils.html import format_html
from wagtail import hooks
from wagtail.admin.rich_text.converters.html_to_contentstate import BlockElementHandler
from wagtail.admin.rich_text.editors.draftail import features as draftail_features

# Paragraph styles: (feature name, Draftail block type, CSS class on the public <p>, button label, description)
PARAGRAPH_STYLES = [
    ("indent", "sg-indent", "sg-indent", "缩进", "首行缩进"),
    ("center", "sg-center", "sg-center", "居中", "居中"),
]


@hooks.register("register_rich_text_features")
def register_paragraph_styles(features):
    for feature, block_type, css_class, label, description in PARAGRAPH_STYLES:
        features.register_editor_plugin(
            "draftail",
            feature,
            draftail_features.BlockFeature({"type": block_type, "label": label, "description": description}),
        )
        features.register_converter_rule(
            "contentstate",
            feature,
            {
                "from_database_format": {f'p[class="{css_class}"]': BlockElementHandler(block_type)},
                "to_database_format": {"block_map": {block_type: {"element": "p", "props": {"class": css_class}}}},
            },
        )


@hooks.register("insert_global_admin_css")
def editor_paragraph_styles_css():
    return format_html('<link rel="stylesheet" href="{}">', static("sitegroup/admin/editor_media.css"))


@hooks.register("register_periodic_jobs")
def attachment_preview_jobs():
    from sitegroup.periodic import PeriodicJob
    from sitegroup.services import previews

    return [PeriodicJob("convert_attachment_previews", "附件在线预览转换（LibreOffice）", 15, previews.convert_pending)]


@hooks.register("register_image_operations")
def watermark_operation():
    from sitegroup.services.watermarks import WatermarkOperation

    return [("watermark", WatermarkOperation)]
