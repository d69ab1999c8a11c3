from datetime import date

from disclosure.lib.annual_report import (
    ItemRecord,
    RequestRecord,
    add_sections,
    section2_documents,
    section3,
)

# A known data set for 2025: the expected cells are counted by hand below.
RECORDS = [
    RequestRecord("person", date(2024, 12, 20), date(2025, 1, 10), "disclosed"),  # carried in, handled
    RequestRecord("commercial", date(2024, 12, 28), None),  # carried in, still open: carried out
    RequestRecord("person", date(2025, 3, 1), date(2025, 3, 20), "withheld", "third_party"),
    RequestRecord("person", date(2025, 5, 5), date(2025, 5, 30), "unavailable", "not_held"),
    RequestRecord("research", date(2025, 6, 1), date(2025, 6, 2), "other", "no_correction"),
    RequestRecord("legal_service", date(2025, 12, 20), date(2026, 1, 15), "disclosed"),  # carried out
    RequestRecord("welfare", date(2025, 7, 1), date(2025, 7, 9), "partly_disclosed"),
    RequestRecord("person", date(2024, 5, 1), date(2024, 6, 1), "disclosed"),  # closed before: not in 2025
    RequestRecord("person", date(2026, 1, 3), None),  # next year: not in 2025
]


def cells(section, label):
    return section.row(label).cells


class TestSection3:
    def test_new_and_carried_over(self):
        section = section3(RECORDS, 2025)
        assert cells(section, "一、本年新收政府信息公开申请数量") == [2, 0, 1, 1, 1, 0, 5]
        assert cells(section, "二、上年结转政府信息公开申请数量") == [1, 1, 0, 0, 0, 0, 2]
        assert cells(section, "四、结转下年度继续办理") == [0, 1, 0, 0, 1, 0, 2]

    def test_results_by_type_and_sub_type(self):
        section = section3(RECORDS, 2025)
        assert cells(section, "（一）予以公开") == [1, 0, 0, 0, 0, 0, 1]
        assert cells(section, "（二）部分公开（区分处理的，只计这一情形，不计其他情形）")[-1] == 1
        assert cells(section, "（三）不予公开")[-1] == 1
        assert cells(section, "4．保护第三方合法权益") == [1, 0, 0, 0, 0, 0, 1]
        assert cells(section, "1．本机关不掌握相关政府信息")[-1] == 1
        assert cells(section, "（六）其他处理") == [0, 0, 1, 0, 0, 0, 1]
        assert cells(section, "（七）总计") == [3, 0, 1, 1, 0, 0, 5]

    def test_the_table_balances(self):
        assert section3(RECORDS, 2025).balances

    def test_county_sums_its_departments(self):
        county = add_sections([section3(RECORDS, 2025), section3(RECORDS[:3], 2025)])
        assert cells(county, "一、本年新收政府信息公开申请数量")[-1] == 5 + 1
        assert county.balances


class TestSection2:
    def test_documents_issued_repealed_and_in_force(self):
        items = [
            ItemRecord(False, date(2025, 2, 1), None),
            ItemRecord(False, date(2023, 2, 1), date(2025, 8, 1)),
            ItemRecord(False, date(2022, 2, 1), None),
            ItemRecord(False, date(2026, 2, 1), None),
            ItemRecord(True, date(2025, 4, 1), None),
        ]
        rules, documents = section2_documents(items, 2025)
        assert (rules.issued, rules.repealed, rules.in_force) == (1, 0, 1)
        assert (documents.issued, documents.repealed, documents.in_force) == (1, 1, 2)
