"""A request document as a Word file, laid out after GB/T 9704-2012 (党政机关公文格式): A4, margins
37/35/28/26 mm, body in 仿宋 三号 (16 pt) on a 28 pt line, headings in 小标宋 二号, the seal line and
date right-aligned four characters in. Pure (python-docx, no Django)."""

from __future__ import annotations

from io import BytesIO

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from disclosure.lib.letters import Block

BODY_FONT = ("FangSong", "仿宋")
TITLE_FONT = ("SimSun", "方正小标宋简体")
BODY_SIZE = Pt(16)
TITLE_SIZE = Pt(22)
CHARACTER = Pt(16)


def _font(run, fonts: tuple[str, str], size, *, bold: bool = False) -> None:
    latin, east_asian = fonts
    run.font.name = latin
    run.font.size = size
    run.font.bold = bold
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), east_asian)


def build(blocks: list[Block], *, title: str, author: str = "") -> bytes:
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    document.core_properties.title = title
    document.core_properties.author = author
    document.core_properties.language = "zh-CN"

    for block in blocks:
        paragraph = document.add_paragraph()
        layout = paragraph.paragraph_format
        layout.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        layout.line_spacing = Pt(28)
        layout.space_after = Pt(0)
        if block.style == "title":
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            layout.line_spacing = Pt(36)
            _font(paragraph.add_run(block.text), TITLE_FONT, TITLE_SIZE, bold=True)
            continue
        if block.style in ("right", "seal"):
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        if block.style == "seal":
            layout.right_indent = CHARACTER * 4
            if block.starts_signature:
                layout.space_before = Pt(56)  # room for the seal
        elif block.style == "body":
            paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
            layout.first_line_indent = CHARACTER * 2
        _font(paragraph.add_run(block.text), BODY_FONT, BODY_SIZE)
    output = BytesIO()
    document.save(output)
    return output.getvalue()
