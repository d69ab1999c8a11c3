"""{% kept %}: a listing block rendered once per host while the listings it shows are kept, rendered
every time where nothing keeps them (a preview)."""

from types import SimpleNamespace

import pytest
from django.template import Context, Template, TemplateSyntaxError
from django.test import RequestFactory

from sitegroup.templatetags import sitegroup_listing

TEMPLATE = Template('{% load sitegroup_listing %}{% kept "latest" %}<li>{{ title }}</li>{% endkept %}')


def render(title, copies, host="a.localhost", site_id=None):
    request = RequestFactory().get("/", HTTP_HOST=host)
    if site_id is not None:
        request._wagtail_site = SimpleNamespace(pk=site_id)  # as KnownHostMiddleware sets it
    return TEMPLATE.render(Context({"title": title, "kept_fragments": copies, "request": request}))


def test_rendered_once_while_its_listings_are_kept():
    copies = {}
    assert render("春季招生", copies) == "<li>春季招生</li>"
    assert render("（已变化，却仍是同一份列表）", copies) == "<li>春季招生</li>"
    assert render("新的列表", {}) == "<li>新的列表</li>"  # listings rebuilt after a purge: a new dict


def test_each_site_gets_its_own_copy_whatever_the_host_header(settings):
    settings.ALLOWED_HOSTS = ["*"]
    copies = {}
    render("甲", copies, site_id=1)
    assert render("乙", copies, site_id=2) == "<li>乙</li>"
    for port in range(1, 100):  # a Host header varied on purpose neither grows the copies nor evicts them
        assert render("丙", copies, host=f"a.localhost:{port}", site_id=1) == "<li>甲</li>"
    assert len(copies) == 2


def test_without_kept_listings_it_renders_every_time():
    assert render("一", None) == "<li>一</li>"
    assert render("二", None) == "<li>二</li>"


def test_the_copies_have_a_bound():
    copies = {}
    for site_id in range(1, 100):
        render("列表", copies, site_id=site_id)
    assert len(copies) == sitegroup_listing.KEPT_COPIES


def test_a_block_needs_exactly_one_name():
    with pytest.raises(TemplateSyntaxError, match="名称"):
        Template("{% load sitegroup_listing %}{% kept %}x{% endkept %}")
