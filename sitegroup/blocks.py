"""StreamField blocks of articles: text, images with required alt text, tables, documents, video."""

from django.core.exceptions import ValidationError
from django.forms.utils import ErrorList
from wagtail import blocks
from wagtail.contrib.table_block import blocks as table_blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock

RICH_TEXT_FEATURES = ["h2", "h3", "h4", "indent", "center", "bold", "italic", "ol", "ul", "link", "document-link", "hr"]
VIDEO_FILE_EXTENSIONS = (".mp4", ".webm", ".ogg", ".m3u8")


class AccessibleImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label="图片")
    alt_text = blocks.CharBlock(
        label="替代文本", max_length=200, help_text="为视障用户描述图片内容（必填）。", required=True
    )
    caption = blocks.CharBlock(label="图片说明", required=False, max_length=200)

    class Meta:
        icon = "image"
        label = "图片"
        template = "sitegroup/blocks/image.html"


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label="文件")
    title = blocks.CharBlock(label="显示名称", required=False, max_length=200)

    class Meta:
        icon = "doc-full"
        label = "文件"
        template = "sitegroup/blocks/document.html"


class VideoBlock(blocks.StructBlock):
    title = blocks.CharBlock(label="视频标题", max_length=200, help_text="播放器的无障碍名称。")
    video_file = DocumentChooserBlock(label="上传的视频文件", required=False)
    video_url = blocks.URLBlock(label="视频地址", required=False, help_text="以 .mp4/.webm/.m3u8 结尾的地址。")
    poster = ImageChooserBlock(label="封面图", required=False)
    transcript = blocks.TextBlock(label="文字稿", required=False, help_text="供听障用户阅读。")

    class Meta:
        icon = "media"
        label = "视频"
        template = "sitegroup/blocks/video.html"

    def clean(self, value):
        result = super().clean(value)
        has_file = bool(result.get("video_file"))
        url = result.get("video_url") or ""
        errors = {}
        if has_file == bool(url):
            errors["video_url"] = ErrorList(["请上传视频文件或填写视频地址，二者选其一。"])
        elif url and not url.lower().split("?")[0].endswith(VIDEO_FILE_EXTENSIONS):
            errors["video_url"] = ErrorList(["视频地址须指向 mp4、webm、ogg 或 m3u8 文件。"])
        elif has_file and not result["video_file"].file.name.lower().endswith(VIDEO_FILE_EXTENSIONS):
            errors["video_file"] = ErrorList(["上传的文件不是支持的视频格式。"])
        if errors:
            raise blocks.StructBlockValidationError(block_errors=errors)
        return result


class TableBlock(table_blocks.TableBlock):
    """Wagtail's table, telling the editor in Chinese to choose the header (Wagtail raises an untranslated
    "Validation error in TableBlock"). The same block to migrations: they keep Wagtail's path."""

    canonical_module_path = "wagtail.contrib.table_block.blocks.TableBlock"

    def clean(self, value):
        if value and not value.get("table_header_choice") and not self.is_deferred_validation:
            raise ValidationError("请为表格选择“表头”（第一行、第一列是否作为表头，或无表头），便于读屏软件朗读。")
        return super().clean(value)


class ArticleBodyBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(label="正文", features=RICH_TEXT_FEATURES)
    image = AccessibleImageBlock()
    table = TableBlock(
        label="表格",
        table_options={"startRows": 3, "startCols": 3, "colHeaders": False, "rowHeaders": False},
        template="sitegroup/blocks/table.html",
    )
    document = DocumentBlock()
    video = VideoBlock()


__all__ = ["ArticleBodyBlock", "ValidationError"]
