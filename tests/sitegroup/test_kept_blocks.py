"""{% kept %}: a listing block rendered once per host while the listings it shows are kept, rendered
every time where nothing keeps them (a preview)."""

import pytest
from django.template import Context, Template, TemplateSyntaxError
from django.test import RequestFactory

from sitegroup.templatetags import sitegroup_listing

TEMPLATE = Template('{% load sitegroup_listing %}{% kept "latest" %}<li>{{ title }}</li>{% endkept %}')


def render(title, copies, host="a.localhost"):
    request = RequestFactory().get("/", HTTP_HOST=host)
    return TEMPLATE.render(Context({"title": title, "kept_fragments": copies, "request": request}))


def test_rendered_once_while_its_listings_are_kept():
    copies = {}
    assert render("春季招生", copies) == "<li>春季招生</li>"
    assert render("（已变化，却仍是同一份列表）", copies) == "<li>春季招生</li>"
    assert render("新的列表", {}) == "<li>新的列表</li>"  # listings rebuilt after a purge: a new dict


def test_each_host_gets_its_own_copy(settings):
    settings.ALLOWED_HOSTS = ["*"]
    copies = {}
    render("甲", copies, host="a.localhost")
    assert render("乙", copies, host="www.a.localhost") == "<li>乙</li>"


def test_without_kept_listings_it_renders_every_time():
    assert render("一", None) == "<li>一</li>"
    assert render("二", None) == "<li>二</li>"


def test_a_varied_host_header_cannot_grow_the_copies_without_bound(settings):
    settings.ALLOWED_HOSTS = ["*"]
    copies = {}
    for port in range(1, 200):
        render("列表", copies, host=f"a.localhost:{port}")
    assert len(copies) == sitegroup_listing.KEPT_COPIES


def test_a_block_needs_exactly_one_name():
    with pytest.raises(TemplateSyntaxError, match="名称"):
        Template("{% load sitegroup_listing %}{% kept %}x{% endkept %}")
