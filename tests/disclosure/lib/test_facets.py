from disclosure.lib.facets import NONE, ItemColumns

# pk, catalogue, organisation, topic, topic_parent, genre, year, catalogue_item (newest first)
ROWS = [
    (5, 1, 10, 101, 100, 7, 2026, 3),
    (4, 1, 10, 102, 100, 8, 2026, None),
    (3, 2, 11, 201, 200, 7, 2025, 3),
    (2, 2, 11, 100, None, 7, 2024, None),
    (1, 1, 10, 201, 200, 8, 2024, 4),
]


def columns():
    return ItemColumns.from_rows(ROWS)


class TestItemColumns:
    def test_counts_under_the_other_filters(self):
        data = columns()
        keep = data.mask({"catalogue": 1, "year": 2026}, exclude="year")
        assert data.counts("year", keep) == {2026: 2, 2024: 1}

    def test_a_first_level_topic_matches_its_second_levels(self):
        data = columns()
        assert data.page(data.mask({"topic": 100}), 0, 10) == [5, 4, 2]

    def test_missing_values_are_not_counted(self):
        data = columns()
        assert data.counts("catalogue_item", data.mask({})) == {3: 2, 4: 1}
        assert data.fields["catalogue_item"][1] == NONE

    def test_paging_keeps_newest_first(self):
        data = columns()
        keep = data.mask({"genre": 7})
        assert data.page(keep, 0, 2) == [5, 3]
        assert data.page(keep, 2, 2) == [2]

    def test_restricting_to_search_matches(self):
        data = columns()
        assert data.page(data.mask({}, pks=[1, 3, 99]), 0, 10) == [3, 1]
