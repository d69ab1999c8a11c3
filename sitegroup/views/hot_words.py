"""Admin of 扩展热字: a site admin manages the words of own sites, a portal editor also the group-wide ones."""

from __future__ import annotations

from django.http import Http404
from wagtail.snippets.views import snippets

from sitegroup.services.hot_words import may_manage_group_words, visible_hot_words


class ScopedObjectMixin:
    def get_object(self, queryset=None):
        obj = super().get_object(queryset)
        if not visible_hot_words(self.request.user).filter(pk=obj.pk).exists():
            raise Http404("热字不存在")
        if obj.site_id is None and not may_manage_group_words(self.request.user):
            raise Http404("热字不存在")
        return obj


class HotWordEditView(ScopedObjectMixin, snippets.EditView):
    pass


class HotWordDeleteView(ScopedObjectMixin, snippets.DeleteView):
    pass


class HotWordIndexView(snippets.IndexView):
    def get_base_queryset(self):
        return visible_hot_words(self.request.user)
