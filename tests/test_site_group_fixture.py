"""The site_group fixture is built once per session: each test still gets it exactly as built.

The two tests run in this order (the shared group keeps the file's order): the first changes the
database, the objects it was given and the search index; the second must see none of it.
"""

from __future__ import annotations

from search.backends import get_backend
from search.services import iter_documents
from sitegroup.models import ArticlePage, Organisation


def _indexed_titles() -> set[str]:
    return {document.title for document in iter_documents() if document.key in get_backend().fingerprints()}


class TestEveryTestGetsTheSiteGroupAsBuilt:
    def test_a_test_changes_the_site_group(self, site_group):
        organisation = site_group["a"].organisation
        organisation.name = "改过名的教育局"
        organisation.save()
        ArticlePage.objects.get(title="测试县民政局工作动态").delete()
        site_group["users"]["a_editor"].username = "changed"
        get_backend().clear()

        assert Organisation.objects.filter(name="改过名的教育局").exists()
        assert not ArticlePage.objects.filter(title="测试县民政局工作动态").exists()
        assert not get_backend().fingerprints()

    def test_the_next_test_sees_none_of_the_changes(self, site_group):
        organisation = site_group["a"].organisation
        assert organisation.name == "测试县教育局"
        assert Organisation.objects.get(pk=organisation.pk).name == "测试县教育局"
        assert site_group["users"]["a_editor"].username == "a_editor"
        assert ArticlePage.objects.filter(title="测试县民政局工作动态").exists()
        # The site search index holds what the build indexed, as if it had been committed.
        assert {"测试县人民政府工作动态", "测试县教育局工作动态", "测试县民政局工作动态"} <= _indexed_titles()
        assert set(get_backend().fingerprints()) == {document.key for document in iter_documents()}

    def test_objects_are_copies_each_test_may_change(self, site_group):
        # The home page the test got is the one in the database, and its own copy.
        home = site_group["b"].home_page
        assert home.get_children().filter(title="工作动态").exists()
        assert site_group["columns"]["b"].get_parent().pk == home.pk
