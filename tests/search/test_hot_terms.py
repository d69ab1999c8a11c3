"""热搜词: only what several people searched on several days, in its normalised form, with the
portal editors' block and pin list; counting people keeps nothing personal."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from search import services
from search.models import HotTermRule, SearcherMark, SearcherSalt, SearchTermDaily
from search.services import hot_terms, record_search, set_hot_term_rule

pytestmark = pytest.mark.django_db

DAY_ONE = date(2026, 11, 2)


@pytest.fixture
def on_day(monkeypatch):
    """Move "today" (Asia/Shanghai) to a given date."""

    def move(day):
        monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: day)

    move(DAY_ONE)
    return move


def searched(term, *, people, days=(DAY_ONE,), on_day, results=5):
    for day in days:
        on_day(day)
        for person in people:
            record_search(term, results=results, searcher=f"10.0.0.{person}|Mozilla/5.0")


class TestThresholds:
    def test_one_person_searching_again_and_again_makes_no_hot_term(self, on_day):
        for offset in range(10):
            on_day(DAY_ONE + timedelta(days=offset))
            for _ in range(20):
                record_search("低保", results=5, searcher="10.0.0.1|Mozilla/5.0")
        assert hot_terms() == []
        assert SearchTermDaily.objects.filter(term="低保").first().searchers == 1

    def test_many_people_on_a_single_day_are_not_enough(self, on_day):
        searched("低保", people=range(10), on_day=on_day)
        assert hot_terms() == []

    def test_several_people_on_several_days_make_a_hot_term(self, on_day):
        searched("低保", people=(1, 2), days=(DAY_ONE, DAY_ONE + timedelta(days=1)), on_day=on_day)
        assert hot_terms() == []  # two people are not enough
        searched("低保", people=(3,), days=(DAY_ONE + timedelta(days=1),), on_day=on_day)
        assert hot_terms() == ["低保"]

    def test_thresholds_come_from_settings(self, on_day, settings):
        settings.SEARCH_HOT_TERM_MIN_SEARCHERS = 1
        settings.SEARCH_HOT_TERM_MIN_DAYS = 1
        searched("医保", people=(1,), on_day=on_day)
        assert hot_terms() == ["医保"]

    def test_searches_without_a_searcher_count_searches_not_people(self, on_day):
        for _ in range(5):
            record_search("低保", results=3)
        row = SearchTermDaily.objects.get(term="低保")
        assert (row.searches, row.searchers) == (5, 0)

    def test_crawlers_are_nobody(self, rf):
        request = rf.get("/search/", HTTP_USER_AGENT="Mozilla/5.0 (compatible; Baiduspider/2.0)")
        assert services.searcher_of(request) == ""
        person = rf.get("/search/", HTTP_USER_AGENT="Mozilla/5.0 (Linux; Android 14)", REMOTE_ADDR="10.1.1.1")
        assert services.searcher_of(person) == "10.1.1.1|Mozilla/5.0 (Linux; Android 14)"


class TestNormalisedForm:
    def test_punctuation_emoji_and_operators_count_as_the_word(self, on_day):
        for person, typed in enumerate(("(低保", "低保~2", "😀🏛️低保", "低保^3", "“低保”")):
            record_search(typed, results=5, searcher=f"10.0.0.{person}|Mozilla")
        assert list(SearchTermDaily.objects.values_list("term", "searchers")) == [("低保", 5)]

    def test_a_query_of_symbols_only_is_not_logged(self, on_day):
        record_search("😀🏛️***", results=0, searcher="10.0.0.1|Mozilla")
        assert not SearchTermDaily.objects.exists()

    def test_hot_terms_show_only_normalised_words(self, on_day):
        searched("(低保", people=(1, 2), days=(DAY_ONE, DAY_ONE + timedelta(days=1)), on_day=on_day)
        searched("低保~2", people=(3,), days=(DAY_ONE + timedelta(days=1),), on_day=on_day)
        searched("😀🏛️低保", people=(4,), days=(DAY_ONE + timedelta(days=1),), on_day=on_day)
        assert hot_terms() == ["低保"]


class TestNothingPersonal:
    def test_marks_are_salted_hashes_without_the_address(self, on_day):
        record_search("低保", results=1, searcher="203.0.113.9|Mozilla/5.0")
        mark = SearcherMark.objects.get()
        assert "203.0.113.9" not in mark.mark and "Mozilla" not in mark.mark
        assert len(mark.mark) == 32

    def test_the_next_day_forgets_yesterdays_marks_and_salt(self, on_day):
        record_search("低保", results=1, searcher="203.0.113.9|Mozilla/5.0")
        old_salt = SearcherSalt.objects.get().salt
        on_day(DAY_ONE + timedelta(days=1))
        record_search("医保", results=1, searcher="203.0.113.9|Mozilla/5.0")
        assert list(SearcherMark.objects.values_list("day", flat=True)) == [DAY_ONE + timedelta(days=1)]
        assert list(SearcherSalt.objects.values_list("day", flat=True)) == [DAY_ONE + timedelta(days=1)]
        assert SearcherSalt.objects.get().salt != old_salt
        # The counts stay.
        assert SearchTermDaily.objects.get(term="低保").searchers == 1

    def test_the_periodic_job_forgets_without_a_search(self, on_day):
        record_search("低保", results=1, searcher="203.0.113.9|Mozilla/5.0")
        on_day(DAY_ONE + timedelta(days=1))
        assert services.forget_searchers() == 1
        assert not SearcherMark.objects.exists() and not SearcherSalt.objects.exists()


class TestBlockAndPin:
    def test_blocked_terms_are_never_shown_pinned_ones_always_first(self, on_day, site_group):
        editor = site_group["users"]["portal_editor"]
        for term in ("低保", "医保", "社保"):
            searched(term, people=(1, 2, 3), days=(DAY_ONE, DAY_ONE + timedelta(days=1)), on_day=on_day)
        searched("低保", people=(4, 5), days=(DAY_ONE + timedelta(days=1),), on_day=on_day)
        assert hot_terms()[0] == "低保"
        set_hot_term_rule("“医保”", "block", user=editor)
        set_hot_term_rule("公积金提取", "pin", user=editor)
        assert hot_terms() == ["公积金提取", "低保", "社保"]

    def test_suggestions_leave_out_blocked_terms(self, on_day, site_group):
        for term in ("低保标准", "低保申请"):
            searched(term, people=(1, 2, 3), days=(DAY_ONE, DAY_ONE + timedelta(days=1)), on_day=on_day)
        set_hot_term_rule("低保申请", "block", user=site_group["users"]["portal_editor"])
        assert services.suggest("低保") == ["低保标准"]

    def test_a_rule_needs_a_word(self, site_group):
        with pytest.raises(services.HotTermRuleError):
            set_hot_term_rule("😀!!", "pin", user=site_group["users"]["portal_editor"])

    def test_an_organisation_editor_cannot_set_rules(self, site_group):
        from django.core.exceptions import PermissionDenied

        with pytest.raises(PermissionDenied):
            set_hot_term_rule("低保", "block", user=site_group["users"]["a_editor"])


class TestReportAdmin:
    def test_portal_editor_blocks_and_pins_from_the_report(self, client, on_day, site_group):
        searched("低保", people=(1, 2, 3), days=(DAY_ONE, DAY_ONE + timedelta(days=1)), on_day=on_day)
        client.force_login(site_group["users"]["portal_editor"])
        body = client.get(reverse("search_report")).content.decode()
        assert "屏蔽“低保”" in body and "置顶“低保”" in body
        response = client.post(reverse("search_hot_term_rule"), {"term": "低保", "action": "block"})
        assert response.status_code == 302
        assert HotTermRule.objects.get().action == "block"
        body = client.get(reverse("search_report")).content.decode()
        assert "已屏蔽“低保”" in body and "取消屏蔽“低保”" in body
        assert "公开显示的热搜词：<strong>（暂无）</strong>" in body
        rule = HotTermRule.objects.get()
        client.post(reverse("search_hot_term_rule_delete", args=[rule.pk]))
        assert not HotTermRule.objects.exists()

    def test_a_bad_rule_is_a_message_not_an_error(self, client, site_group):
        client.force_login(site_group["users"]["portal_editor"])
        response = client.post(reverse("search_hot_term_rule"), {"term": "🏛️", "action": "pin"}, follow=True)
        assert response.status_code == 200
        assert "请输入搜索词" in response.content.decode()
        response = client.post(reverse("search_hot_term_rule"), {"term": "低保", "action": "delete-all"}, follow=True)
        assert "处理方式无效" in response.content.decode()

    def test_supervision_reads_the_report_but_sets_no_rules(self, client, site_group):
        client.force_login(site_group["users"]["supervision"])
        assert client.get(reverse("search_report")).status_code == 200
        response = client.post(reverse("search_hot_term_rule"), {"term": "低保", "action": "block"})
        assert response.status_code in (302, 403)  # Wagtail's admin answers "no permission" with a redirect
        assert not HotTermRule.objects.exists()


class TestSearchPageCounts:
    def test_the_result_page_counts_different_browsers_once_each(self, client, site_group):
        for agent in ("Mozilla/5.0 A", "Mozilla/5.0 A", "Mozilla/5.0 B"):
            client.get(reverse("search"), {"q": "(低保"}, HTTP_HOST="localhost", HTTP_USER_AGENT=agent)
        row = SearchTermDaily.objects.get()
        assert (row.term, row.searches, row.searchers) == ("低保", 3, 2)
