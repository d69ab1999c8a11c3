"""What an uploaded file really is, from its content (magic bytes), whatever its name says. Pure.

Accepted kinds: PDF, JPEG, PNG, GIF, WebP, DOCX/XLSX/PPTX and OFD (a zip holding the right members),
DOC/XLS/PPT (OLE compound files; WPS documents are DOC), plain UTF-8/GB18030 text, and for editors'
documents also MP4 video and zip archives without programs or web pages inside. Refused whatever the
name: HTML, SVG, XML, executables (PE, ELF, Mach-O), scripts (shebang), other archives, and
macro-enabled Office files (a vbaProject.bin member, a macro content type, or macros inside an OLE file).
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

PDF, JPEG, PNG, GIF, WEBP, DOCX, XLSX, DOC, XLS, TEXT = (
    "pdf", "jpeg", "png", "gif", "webp", "docx", "xlsx", "doc", "xls", "text",
)  # fmt: skip
PPTX, PPT, OFD, ZIP, MP4 = "pptx", "ppt", "ofd", "zip", "mp4"
LABELS = {
    PDF: "PDF 文档",
    JPEG: "JPEG 图片",
    PNG: "PNG 图片",
    GIF: "GIF 图片",
    WEBP: "WebP 图片",
    DOCX: "Word 文档（.docx）",
    XLSX: "Excel 表格（.xlsx）",
    DOC: "Word 97-2003 文档（.doc）",
    XLS: "Excel 97-2003 表格（.xls）",
    TEXT: "纯文本",
    PPTX: "PowerPoint 演示文稿（.pptx）",
    PPT: "PowerPoint 97-2003 演示文稿（.ppt）",
    OFD: "OFD 版式文件",
    ZIP: "ZIP 压缩包",
    MP4: "MP4 视频",
}
EXTENSIONS = {
    PDF: {"pdf"},
    JPEG: {"jpg", "jpeg"},
    PNG: {"png"},
    GIF: {"gif"},
    WEBP: {"webp"},
    DOCX: {"docx"},
    XLSX: {"xlsx"},
    DOC: {"doc", "wps"},
    XLS: {"xls"},
    TEXT: {"txt", "csv"},
    PPTX: {"pptx"},
    PPT: {"ppt"},
    OFD: {"ofd"},
    ZIP: {"zip"},
    MP4: {"mp4"},
}
DOCUMENTS = frozenset({PDF, DOCX, XLSX, DOC, XLS, TEXT})
# What editors may publish as documents (Wagtail's document library, served as downloads).
PUBLISHED_DOCUMENTS = DOCUMENTS | {PPTX, PPT, OFD, ZIP, MP4}
# Names inside a zip that would run or render when opened.
_ACTIVE_MEMBER_SUFFIXES = (
    ".exe", ".dll", ".com", ".scr", ".msi", ".bat", ".cmd", ".ps1", ".vbs", ".vbe", ".js", ".jse", ".wsf",
    ".hta", ".lnk", ".jar", ".sh", ".html", ".htm", ".xhtml", ".svg", ".docm", ".xlsm", ".pptm",
)  # fmt: skip
IMAGES = frozenset({JPEG, PNG, GIF, WEBP})

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_REFUSED_PREFIXES = (
    (b"MZ", "可执行程序"),
    (b"\x7fELF", "可执行程序"),
    (b"\xcf\xfa\xed\xfe", "可执行程序"),
    (b"\xfe\xed\xfa\xce", "可执行程序"),
    (b"\xca\xfe\xba\xbe", "可执行程序"),
    (b"#!", "脚本"),
    (b"Rar!", "压缩包"),
    (b"7z\xbc\xaf", "压缩包"),
    (b"\x1f\x8b", "压缩包"),
)
_MARKUP_SIGNS = (b"<!doctype", b"<html", b"<head", b"<body", b"<script", b"<svg", b"<?xml", b"<iframe", b"<a ", b"<img")


@dataclass(frozen=True)
class Detected:
    kind: str | None  # one of the kinds above, or None when refused
    reason: str = ""  # why refused, in Chinese

    @property
    def label(self) -> str:
        return LABELS.get(self.kind or "", "")


class RefusedFile(Exception):
    def __init__(self, message: str, code: str = "file_type"):
        super().__init__(message)
        self.message = message
        self.code = code


def _zip_kind(data: bytes) -> Detected:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = set(archive.namelist())
        content_types = archive.read("[Content_Types].xml").lower() if "[Content_Types].xml" in names else b""
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, RuntimeError, NotImplementedError):
        return Detected(None, "文件已损坏，无法识别。")
    if any(name.lower().endswith("vbaproject.bin") for name in names) or b"macroenabled" in content_types:
        return Detected(None, "含有宏的 Office 文件（可能携带病毒），请另存为不含宏的 .docx 或 .xlsx。")
    if "word/document.xml" in names:
        return Detected(DOCX)
    if "xl/workbook.xml" in names:
        return Detected(XLSX)
    if "ppt/presentation.xml" in names:
        return Detected(PPTX)
    if "OFD.xml" in names:
        return Detected(OFD)
    if any(name.lower().endswith(_ACTIVE_MEMBER_SUFFIXES) for name in names):
        return Detected(None, "压缩包内含可执行程序、脚本或网页。")
    return Detected(ZIP)


def _ole_kind(data: bytes) -> Detected:
    # Stream names in the OLE directory are UTF-16LE; a macro project lives in a "VBA"/"_VBA_PROJECT" storage.
    def utf16(name: str) -> bytes:
        return name.encode("utf-16-le")

    if utf16("_VBA_PROJECT") in data or utf16("Macros") in data:
        return Detected(None, "含有宏的 Office 文件（可能携带病毒），请另存为不含宏的文件。")
    if utf16("WordDocument") in data:
        return Detected(DOC)
    if utf16("Workbook") in data or utf16("Book") in data:
        return Detected(XLS)
    if utf16("PowerPoint Document") in data:
        return Detected(PPT)
    return Detected(None, "不支持的 Office 文件格式。")


def _text_kind(data: bytes) -> Detected:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if any(ord(char) < 32 and char not in "\r\n\t\f" for char in text):
            break
        return Detected(TEXT)
    return Detected(None, "无法识别的文件格式。")


def detect(data: bytes) -> Detected:
    """The kind of the file's content, or the reason it is refused."""
    if not data:
        return Detected(None, "文件是空的。")
    head = data[:16]
    for prefix, what in _REFUSED_PREFIXES:
        if head.startswith(prefix):
            return Detected(None, f"不接受{what}。")
    if head.startswith(b"%PDF-"):
        return Detected(PDF)
    if head.startswith(b"\xff\xd8\xff"):
        return Detected(JPEG)
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return Detected(PNG)
    if head.startswith((b"GIF87a", b"GIF89a")):
        return Detected(GIF)
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return Detected(WEBP)
    if head[4:8] == b"ftyp":
        return Detected(MP4)
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(data)
    if head.startswith(OLE_MAGIC):
        return _ole_kind(data)
    lowered = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if lowered.startswith(b"<") or any(sign in lowered for sign in _MARKUP_SIGNS):
        return Detected(None, "不接受网页、SVG 或 XML 文件。")
    return _text_kind(data)


def check(data: bytes, name: str, allowed: frozenset[str] | set[str], max_bytes: int) -> str:
    """The file's kind when it is allowed and small enough; RefusedFile with a Chinese reason otherwise.

    The name's extension must agree with the content too, so a renamed file cannot open in the
    wrong program on the handler's computer."""
    if len(data) > max_bytes:
        raise RefusedFile(f"文件超过 {max_bytes // (1024 * 1024) or 1} MB，请压缩后再上传。", code="size")
    found = detect(data)
    if found.kind is None:
        raise RefusedFile(f"文件“{_safe_name(name)}”不能上传：{found.reason}")
    if found.kind not in allowed:
        accepted = "、".join(LABELS[kind] for kind in sorted(allowed))
        raise RefusedFile(f"文件“{_safe_name(name)}”是{found.label}，这里只接受：{accepted}。")
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in EXTENSIONS[found.kind]:
        raise RefusedFile(f"文件“{_safe_name(name)}”的扩展名与内容不符（内容是{found.label}），请改正扩展名后再上传。")
    return found.kind


def _safe_name(name: str) -> str:
    """The file name as the person typed it, shortened and without characters that could be markup."""
    cleaned = "".join(char for char in name if char.isprintable() and char not in "<>&\"'")
    return cleaned[:60]
