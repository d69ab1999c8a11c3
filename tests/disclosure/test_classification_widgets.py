"""The disclosure item editor offers topics, genres and catalogue items as filterable lists, not paged choosers."""

import re

import pytest

from disclosure.models import CatalogueItem, Topic
from tests.disclosure.builders import make_disclosure_column


def _select(html: str, name: str) -> str:
    match = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.S)
    assert match, f"no list box for {name}"
    return match.group(0)


@pytest.mark.django_db
class TestItemEditor:
    @pytest.fixture
    def editor_page(self, client, site_group):
        catalogue = make_disclosure_column(site_group["a"].home_page)
        client.force_login(site_group["users"]["a_editor"])
        response = client.get(f"/admin/pages/add/disclosure/disclosureitempage/{catalogue.pk}/")
        assert response.status_code == 200
        return response.text

    def test_every_topic_is_in_one_list_as_a_tree(self, editor_page):
        topics = _select(editor_page, "topic")
        assert topics.count("<option") == Topic.objects.count() + 1  # and the empty choice
        parent = Topic.objects.get(name="综合政务")
        child = parent.children.get(name="政务公开")
        assert f'data-id="{parent.pk}"' in topics
        # The second-level topic is indented, names its parent for the filter and follows it.
        assert re.search(
            rf'value="{child.pk}"[^>]*data-search="综合政务 政务公开"[^>]*data-parent="{parent.pk}"', topics
        )
        assert "\u3000\u3000政务公开" in topics
        assert topics.index(f'value="{parent.pk}"') < topics.index(f'value="{child.pk}"')

    def test_lists_have_a_filter_box_and_its_script(self, editor_page):
        assert editor_page.count('class="sg-filter-select__filter"') == 3
        assert "disclosure/filterable_select.js" in editor_page
        assert "输入关键词筛选" in editor_page

    def test_catalogue_items_are_grouped_by_category(self, editor_page):
        items = _select(editor_page, "catalogue_item")
        assert '<optgroup label="政府信息公开条例规定事项">' in items
        assert '<optgroup label="财政专项资金管理和使用情况">' in items
        assert items.count("<option") == CatalogueItem.objects.count() + 1
        assert "（不选）" in items

    def test_no_paged_snippet_chooser_for_topics(self, editor_page):
        assert 'id="id_topic-chooser"' not in editor_page
        assert "/admin/snippets/choose/disclosure/topic/" not in editor_page

    def test_rendering_the_topic_list_takes_one_query(self, site_group, django_assert_num_queries):
        from disclosure.models import DisclosureItemPage

        form_class = DisclosureItemPage.get_edit_handler().get_form_class()
        form = form_class(instance=DisclosureItemPage(), for_user=site_group["users"]["a_editor"])
        with django_assert_num_queries(1):
            str(form["topic"])
