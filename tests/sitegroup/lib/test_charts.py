"""Chart layout: bars scaled to the peak, axis labels that never overlap, one row per name."""

from datetime import date, timedelta

from sitegroup.lib.charts import axis_ticks, bar_chart, horizontal_bar_chart, text_width


def _days(count):
    start = date(2026, 1, 1)
    return [((start + timedelta(days=offset)).strftime("%m-%d"), offset % 5) for offset in range(count)]


def _overlaps(ticks, font_size=11):
    edges = []
    for tick in ticks:
        width = text_width(tick.label, font_size)
        left = {"start": tick.x, "middle": tick.x - width / 2, "end": tick.x - width}[tick.anchor]
        edges.append((left, left + width))
    return any(right > next_left for (_left, right), (next_left, _r) in zip(edges, edges[1:], strict=False))


class TestColumnChart:
    def test_bars_are_scaled_to_the_peak(self):
        bars = bar_chart([("a", 5), ("b", 10)], width=100, height=50)
        assert [bar.height for bar in bars] == [25.0, 50.0]
        assert bars[1].y == 0

    def test_labels_of_a_year_of_days_do_not_overlap_and_stay_in_the_box(self):
        for days in (7, 30, 90, 365):
            ticks = axis_ticks(bar_chart(_days(days)))
            assert ticks and not _overlaps(ticks), days
            assert ticks[0].anchor == "start" or ticks[0].x - text_width(ticks[0].label, 11) / 2 >= 0
            last = ticks[-1]
            assert last.x + (text_width(last.label, 11) / 2 if last.anchor == "middle" else 0) <= 720

    def test_a_week_labels_every_day(self):
        assert len(axis_ticks(bar_chart(_days(7)))) == 7


class TestHorizontalChart:
    def test_one_row_per_name_with_the_bars_after_the_longest_name(self):
        rows = horizontal_bar_chart([("县人民政府", 10), ("教育局", 5), ("高桥镇人民政府", 0)], row_height=26)
        assert [row.y for row in rows] == sorted({row.y for row in rows})
        assert rows[1].y - rows[0].y == 26
        assert len({row.bar_x for row in rows}) == 1
        assert rows[0].bar_x >= text_width("高桥镇人民政府", 13)
        assert rows[0].bar_width == 2 * rows[1].bar_width and rows[2].bar_width == 0
        assert all(row.label_x < row.bar_x for row in rows)

    def test_nothing_to_draw(self):
        assert horizontal_bar_chart([]) == [] and axis_ticks([]) == []
