"""Index numbers: `<organisation code>/<year>-<5-digit serial>`, issued at first publication, immutable."""

import threading

import pytest
from django.db import connection, connections

from disclosure.lib.index_numbers import format_index_number, parse_index_number
from disclosure.models import DisclosureItemPage
from tests.disclosure.builders import make_disclosure_column, make_item


class TestFormat:
    def test_format_and_parse(self):
        assert format_index_number("000014349", 2017, 110) == "000014349/2017-00110"
        assert parse_index_number("000014349/2017-00110") == ("000014349", 2017, 110)

    @pytest.mark.parametrize("serial", [0, 100_000])
    def test_serial_out_of_range(self, serial):
        with pytest.raises(ValueError):
            format_index_number("000014349", 2017, serial)

    def test_parse_refuses_other_shapes(self):
        with pytest.raises(ValueError):
            parse_index_number("000014349-2017-110")


@pytest.mark.django_db
class TestIssuing:
    def test_first_publication_issues_consecutive_numbers(self, site_group):
        catalogue = make_disclosure_column(site_group["a"].home_page)
        code = site_group["a"].organisation.code
        year = 2026  # the year of the items' 发布日期
        first, second = make_item(catalogue), make_item(catalogue)
        assert first.index_number == f"{code}/{year}-00001"
        assert second.index_number == f"{code}/{year}-00002"

    def test_each_organisation_counts_on_its_own(self, site_group):
        a = make_item(make_disclosure_column(site_group["a"].home_page))
        b = make_item(make_disclosure_column(site_group["b"].home_page))
        assert a.index_number.endswith("-00001") and b.index_number.endswith("-00001")
        assert a.index_number != b.index_number

    def test_a_draft_has_no_number(self, site_group):
        item = make_item(make_disclosure_column(site_group["a"].home_page), publish=False)
        assert item.index_number is None

    def test_the_number_never_changes(self, site_group):
        catalogue = make_disclosure_column(site_group["a"].home_page)
        draft = make_item(catalogue, publish=False)
        early_revision = draft.latest_revision  # saved before the first publication: no number in it
        draft.save_revision().publish()
        draft.refresh_from_db()
        number = draft.index_number
        draft.title = "修改后的标题"
        draft.save_revision().publish()
        draft.unpublish()
        early_revision.publish()  # republishing the old revision keeps the number
        assert DisclosureItemPage.objects.get(pk=draft.pk).index_number == number

    def test_publisher_is_the_sites_organisation(self, site_group):
        item = make_item(make_disclosure_column(site_group["b"].home_page))
        assert item.organisation == site_group["b"].organisation


@pytest.mark.integration
@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # keeps the data migrations for later tests
def test_concurrent_publishers_never_share_a_number(site_group):
    """Eight editors publish at the same moment against PostgreSQL: eight different serials."""
    if connection.vendor != "postgresql":
        pytest.skip("row locks are what this proves; SQLite serialises writers anyway")
    catalogue = make_disclosure_column(site_group["a"].home_page)
    drafts = [make_item(catalogue, f"并发发布的条目{number}", publish=False) for number in range(8)]
    barrier = threading.Barrier(len(drafts))
    errors = []

    def publish(page_id):
        try:
            page = DisclosureItemPage.objects.get(pk=page_id)
            barrier.wait(timeout=30)
            page.save_revision().publish()
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=publish, args=(draft.pk,)) for draft in drafts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors
    numbers = list(
        DisclosureItemPage.objects.filter(pk__in=[d.pk for d in drafts]).values_list("index_number", flat=True)
    )
    assert len(set(numbers)) == 8
    assert sorted(parse_index_number(number)[2] for number in numbers) == list(range(1, 9))


@pytest.mark.django_db
def test_the_year_is_that_of_the_publication_date(site_group):
    from datetime import date

    item = make_item(make_disclosure_column(site_group["a"].home_page), published_on=date(2017, 5, 4))
    assert item.index_number == f"{site_group['a'].organisation.code}/2017-00001"
