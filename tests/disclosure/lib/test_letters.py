"""Request documents (pure): decisions and their legal basis, remedy defaults, numbers, layout, Word
output, and the masking of personal data."""

from datetime import date
from io import BytesIO

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH

from disclosure.lib import letter_docx, letters, reply_types
from sitegroup.lib.masking import mask_address, mask_email, mask_id, mask_name, mask_phone


class TestDecisions:
    def test_every_reply_type_of_the_annual_report_has_a_decision(self):
        codes = {code.partition(":")[::2] for code, _label in reply_types.choices()}
        assert codes == set(letters.DECISIONS)

    @pytest.mark.parametrize(("key", "decision"), list(letters.DECISIONS.items()))
    def test_each_decision_cites_the_regulation_and_reads_as_one_paragraph(self, key, decision):
        assert decision.text.count("《中华人民共和国政府信息公开条例》") == 1
        assert decision.basis.startswith("第") and decision.basis in decision.text
        assert decision.text.endswith("。") and "。。" not in decision.text
        assert "只计这一情形" not in decision.label + decision.text  # the annual report's footnote

    def test_form_choices_read_as_the_applicant_reads_them(self):
        labels = dict(letters.decision_choices())
        assert labels["partly_disclosed"] == "部分公开"
        assert labels["withheld:third_party"] == "不予公开（保护第三方合法权益）"
        assert letters.decision_for("unavailable", "not_held").legal_basis == (
            "《中华人民共和国政府信息公开条例》第三十六条第四项、第五项"
        )


class TestRemedy:
    def test_a_department_goes_to_the_county_government_and_the_local_court(self):
        assert letters.default_remedy("department", "丹徒区民政局", "镇江市丹徒区人民政府") == (
            "镇江市丹徒区人民政府",
            "镇江市丹徒区人民法院",
        )

    def test_a_township_goes_to_the_county_government(self):
        assert letters.default_remedy("township", "高桥镇人民政府", "测试县人民政府") == (
            "测试县人民政府",
            "测试县人民法院",
        )

    def test_the_county_government_goes_to_the_city(self):
        assert letters.default_remedy("portal", "镇江市丹徒区人民政府", "镇江市丹徒区人民政府") == (
            "镇江市人民政府",
            "镇江市中级人民法院",
        )

    def test_vertically_managed_bodies_go_to_their_superior_department(self):
        body, _court = letters.default_remedy("vertical", "丹徒区税务局", "镇江市丹徒区人民政府")
        assert body == "丹徒区税务局的上一级主管部门"

    def test_without_a_county_government_the_wording_stays_lawful(self):
        assert letters.default_remedy("department", "某局", "") == ("本级人民政府", "有管辖权的人民法院")


class TestText:
    def test_document_number_and_date(self):
        assert letters.document_number("徒民", "reply", 2026, 3) == "徒民依申复〔2026〕3号"
        assert letters.document_number("徒民", "correction", 2026, 12) == "徒民依申补〔2026〕12号"
        assert letters.chinese_date(date(2026, 3, 4)) == "2026年3月4日"

    @pytest.mark.parametrize(
        ("text", "expected"),
        [("已公开。", "已公开。"), ("已公开", "已公开。"), ("已公开。。", "已公开。"), ("", ""), ("为何？", "为何？")],
    )
    def test_a_sentence_ends_once(self, text, expected):
        assert letters.sentence(text) == expected

    def test_a_clause_sits_inside_quotes(self):
        assert letters.clause("低保资金\n发放情况。") == "低保资金 发放情况"
        assert letters.clause("一二三四五六", 4) == "一二三四……"


class TestLayout:
    SOURCE = (
        "# 某局\n# 告知书\n> 某依申复〔2026〕1号\n\n= 张三：\n正文一。\n"
        "\u3000\u3000正文二。\n> 某局（印章）\n> 2026年3月4日\n"
    )

    def test_markers_become_blocks(self):
        blocks = letters.parse(self.SOURCE)
        assert [block.style for block in blocks] == ["title", "title", "right", "flush", "body", "body", "seal", "seal"]
        assert blocks[5].text == "正文二。" and blocks[6].starts_signature and not blocks[7].starts_signature

    def test_values_cannot_inject_layout(self):
        note = letters.escape_lines("第一行\n# 不是标题\n> 不是落款")
        assert [block.style for block in letters.parse(note)] == ["body", "body", "body"]
        assert letters.parse(note)[1].text == "# 不是标题"

    def test_word_file_opens_with_the_layout(self):
        content = letter_docx.build(letters.parse(self.SOURCE), title="告知书", author="某局")
        document = Document(BytesIO(content))
        paragraphs = document.paragraphs
        assert [paragraph.text for paragraph in paragraphs][:2] == ["某局", "告知书"]
        assert paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.CENTER
        assert paragraphs[4].paragraph_format.first_line_indent.pt == 32
        assert paragraphs[-1].alignment == WD_ALIGN_PARAGRAPH.RIGHT and paragraphs[-1].text == "2026年3月4日"
        assert round(document.sections[0].page_width.mm) == 210 and round(document.sections[0].top_margin.mm) == 37
        assert document.core_properties.title == "告知书"


class TestMasking:
    @pytest.mark.parametrize(
        ("value", "expected"),
        [("13800001234", "138****1234"), ("0511-85620008", "0511-****0008"), ("123", "***"), ("", "")],
    )
    def test_phone(self, value, expected):
        assert mask_phone(value) == expected

    def test_identity_numbers(self):
        assert mask_id("321102199001011234") == "3211**********1234"
        assert mask_id("91350100M000100Y43") == "9135**********0Y43"
        assert mask_id("1234") == "****"

    def test_names_email_address(self):
        assert mask_name("张三") == "张*" and mask_name("欧阳娜娜") == "欧***" and mask_name("") == ""
        assert mask_email("zhangsan@example.com") == "z***@example.com"
        assert mask_address("镇江市丹徒区宜城街道1号") == "镇江市丹徒区****"
