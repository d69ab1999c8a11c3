"""search/0003 rewrites logged terms to their normalised form without colliding with rows already normal."""

import importlib
from datetime import date

from django.apps import apps

from search.models import SearchTermDaily

migration = importlib.import_module("search.migrations.0003_hot_term_rules_and_searchers")


def test_variants_logged_before_the_normal_form_merge_into_it(site_group):
    site = site_group["a"].site
    day = date(2026, 11, 30)
    SearchTermDaily.objects.create(term="(低保", site=site, day=day, searches=2, results=5)
    SearchTermDaily.objects.create(term="低保", site=site, day=day, searches=3, results=5)
    SearchTermDaily.objects.create(term="低保~2", site=site, day=day, searches=1, results=5)
    SearchTermDaily.objects.create(term="(医保", site=site, day=day, searches=4, results=1)
    SearchTermDaily.objects.create(term="😀", site=site, day=day, searches=1, results=0)

    migration.normalise_logged_terms(apps, None)

    rows = {row.term: row.searches for row in SearchTermDaily.objects.filter(site=site, day=day)}
    assert rows == {"低保": 6, "医保": 4}
