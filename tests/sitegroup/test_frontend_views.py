"""Page views of the pages nginx answered itself, read from its log (sitegroup.services.frontend_views)."""

import os

import pytest

from sitegroup.models import PageViewDaily
from sitegroup.services import frontend_views

pytestmark = pytest.mark.django_db

PHONE = "Mozilla/5.0 (Linux; Android 14) Mobile"


@pytest.fixture
def log(settings, tmp_path):
    path = tmp_path / "page-views.log"
    settings.PAGE_CACHE_FRONTEND_VIEW_LOG = str(path)
    settings.VAR_DIR = tmp_path / "var"
    return path


def line(page_id, agent=PHONE, when="2026-12-03T10:00:00+08:00") -> str:
    return f"{when}\t{page_id}\t{agent}\n"


def views(page) -> int:
    return sum(PageViewDaily.objects.filter(page_id=page.pk).values_list("views", flat=True))


def test_new_lines_are_counted_once_crawlers_and_broken_lines_skipped(log, site_group):
    home = site_group["a"].site.root_page
    log.write_text(line(home.pk) * 3 + line(home.pk, agent="Baiduspider") + "garbage\n" + line("-"))
    assert frontend_views.count_new_views() == 3
    assert views(home) == 3
    assert frontend_views.count_new_views() == 0
    with log.open("a") as handle:
        handle.write(line(home.pk) + line(home.pk)[:10])  # the last line is still being written
    assert frontend_views.count_new_views() == 1
    with log.open("a") as handle:
        handle.write(line(home.pk)[10:])
    assert frontend_views.count_new_views() == 1
    assert views(home) == 5


def test_a_rotated_log_is_read_from_its_start(log, site_group):
    home = site_group["a"].site.root_page
    log.write_text(line(home.pk) * 4)
    frontend_views.count_new_views()
    os.rename(log, log.with_suffix(".1"))
    log.write_text(line(home.pk))
    assert frontend_views.count_new_views() == 1
    assert views(home) == 5


def test_views_go_to_the_page_and_day_they_were_logged(log, site_group):
    home = site_group["a"].site.root_page
    log.write_text(line(home.pk, when="2026-12-02T23:59:59+08:00") + line(home.pk, when="2026-12-02T16:00:01+00:00"))
    frontend_views.count_new_views()
    days = dict(PageViewDaily.objects.filter(page_id=home.pk).values_list("day", "views"))
    assert {day.isoformat(): count for day, count in days.items()} == {"2026-12-02": 1, "2026-12-03": 1}


def test_no_log_configured_counts_nothing(settings):
    settings.PAGE_CACHE_FRONTEND_VIEW_LOG = ""
    assert frontend_views.count_new_views() == 0
