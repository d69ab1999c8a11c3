"""Template filters of the service column: a downloadable file's type and size in Chinese."""

from django import template

register = template.Library()


@register.filter
def file_type(document) -> str:
    extension = (document.file_extension or "").upper() if document else ""
    return f"{extension}文件" if extension else "文件"


@register.filter
def file_size(document) -> str:
    size = document.get_file_size() if document else None
    if not size:
        return "大小未知"
    if size < 1024:
        return f"{size}字节"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f}KB"
    return f"{size / (1024 * 1024):.1f}MB"
