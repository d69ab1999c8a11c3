"""Statistics and performance of the case kinds, checked against a small hand-computed dataset."""

from datetime import date

import pytest

from disclosure.models import RequestState
from sitegroup.services import case_statistics, cases
from tests.sitegroup.supervision_builders import concluded, request

pytestmark = pytest.mark.django_db

NOVEMBER = case_statistics.Period.month(2026, 11)
TODAY = date(2026, 12, 2)


@pytest.fixture
def dataset(site_group):
    """民政局 (b), 依申请公开, November 2026:
    r1 received 11-02, answered 11-06 (due 11-30): on time, 4 working days, rated 5 on 11-10;
    r2 received 10-12, answered 11-16 (due 11-09): late, 25 working days, rated 2 on 11-20;
    r3 received 11-20, open, due 11-25: overdue, and urged on 11-23 with 3 days (due 11-26) unanswered;
    r4 received 09-01, answered 09-20: outside the month."""
    b = site_group["b"].organisation
    r1 = concluded(b, date(2026, 11, 2), date(2026, 11, 6), date(2026, 11, 30), rating=5, rated_on=date(2026, 11, 10))
    r2 = concluded(b, date(2026, 10, 12), date(2026, 11, 16), date(2026, 11, 9), rating=2, rated_on=date(2026, 11, 20))
    r3 = request(b, date(2026, 11, 20), due_on=date(2026, 11, 25))
    concluded(b, date(2026, 9, 1), date(2026, 9, 20), date(2026, 9, 29))
    cases.urge(r3, site_group["users"]["supervision"], note="请尽快办理", on=date(2026, 11, 23))
    assert r3.state == RequestState.RECEIVED
    return {"r1": r1, "r2": r2, "r3": r3}


def row_for(result, organisation, code="disclosure.request"):
    return next(row for row in result["kind_rows"] if row.organisation == organisation and row.kind.code == code)


class TestFigures:
    def test_the_month_of_one_department(self, site_group, dataset):
        result = case_statistics.statistics(NOVEMBER, TODAY)
        row = row_for(result, site_group["b"].organisation)
        assert (row.received, row.concluded, row.on_time) == (2, 2, 1)
        assert row.on_time_rate == 0.5
        assert row.average_days == 14.5  # (4 + 25) / 2
        assert (row.open, row.overdue, row.late_open) == (1, 1, 1)
        assert (row.rated, row.satisfied, row.average_rating) == (2, 1, 3.5)
        assert row.satisfaction_rate == 0.5
        assert (row.notices, row.notices_settled, row.notices_in_time) == (1, 1, 0)

    def test_a_year_takes_in_the_earlier_case(self, site_group, dataset):
        row = row_for(
            case_statistics.statistics(case_statistics.Period.year(2026), TODAY), site_group["b"].organisation
        )
        assert (row.received, row.concluded, row.on_time) == (4, 3, 2)

    def test_a_department_sees_only_its_own(self, site_group, dataset):
        from sitegroup.models import Organisation

        own = Organisation.objects.filter(pk=site_group["a"].organisation.pk)
        result = case_statistics.statistics(NOVEMBER, TODAY, own)
        assert [row.organisation for row in result["totals"]] == [site_group["a"].organisation]
        assert result["kind_rows"] == []


class TestPerformance:
    def test_the_formula(self, site_group, dataset):
        result = case_statistics.statistics(NOVEMBER, TODAY)
        scores = {score.organisation: score for score in result["scores"]}
        b = scores[site_group["b"].organisation]
        # 40 × 50% + 30 × 50% + 15 × 0 (the 督办 was not answered by 11-26) + 15 (no follow-up) − 2 (r3 overdue)
        assert b.parts == {"on_time": 20.0, "satisfaction": 15.0, "notices": 0.0, "follow_ups": 15.0}
        assert b.deduction == 2 and b.total == 48.0
        a = scores[site_group["a"].organisation]
        assert a.total == 100.0  # nothing to measure: not penalised
        assert result["scores"][-1] == b and b.rank == len(result["scores"])
        assert result["scores"][0].rank == result["scores"][1].rank == 1  # equal totals share a rank

    def test_the_deduction_is_capped(self):
        row = case_statistics.Row()
        row.counts["late_open"] = 50
        assert case_statistics.score_for(row).total == 80.0

    def test_a_pending_notice_is_not_judged_yet(self, site_group, dataset):
        before_deadline = case_statistics.statistics(NOVEMBER, date(2026, 11, 24))
        b = next(score for score in before_deadline["scores"] if score.organisation == site_group["b"].organisation)
        assert b.parts["notices"] == 15.0


def test_the_export_table_has_a_header_and_the_department_row(site_group, dataset):
    table = case_statistics.statistics_table(case_statistics.statistics(NOVEMBER, TODAY))
    assert table[0][:7] == ["机构", "业务", "事项", "受理", "办结", "按时办结", "按时办结率"]
    line = next(line for line in table if line[0] == "测试县民政局" and line[1] == "政府信息公开申请")
    assert line[3:8] == [2, 2, 1, "50.0%", 14.5]


def test_a_case_concluded_after_the_month_still_counts_as_overdue_at_its_end(site_group):
    b = site_group["b"].organisation
    concluded(b, date(2026, 10, 5), date(2026, 12, 1), date(2026, 11, 2))  # overdue all November
    row = row_for(case_statistics.statistics(NOVEMBER, TODAY), b)
    assert (row.received, row.concluded, row.late_open) == (0, 0, 1)
    score = next(score for score in case_statistics.statistics(NOVEMBER, TODAY)["scores"] if score.organisation == b)
    assert score.deduction == 2 and score.total == 98.0


def test_per_item_rows_for_a_kind_that_names_its_subject(site_group, monkeypatch):
    """A kind with `subject_field` (service applications name their item) is also counted per item."""
    kind = cases.get_kind("disclosure.request")
    monkeypatch.setattr(kind, "subject_field", "kind")  # 申请人类型 stands in for an item here
    b = site_group["b"].organisation
    concluded(b, date(2026, 11, 2), date(2026, 11, 6), date(2026, 11, 30))
    concluded(b, date(2026, 11, 3), date(2026, 11, 5), date(2026, 11, 30), kind="commercial")
    request(b, date(2026, 11, 4))
    subjects = {row.subject: row for row in case_statistics.statistics(NOVEMBER, TODAY)["subjects"]}
    assert set(subjects) == {"自然人", "商业企业"}
    assert (subjects["自然人"].received, subjects["自然人"].concluded) == (2, 1)
    assert subjects["商业企业"].average_days == 2.0
