"""Wagtail's admin search (pages, images, documents, snippets, choosers) with Chinese words found
inside titles, on SQLite and PostgreSQL alike.

Wagtail's database backend matches whole tokens, and a Chinese title is one token: "工作动态" never
finds "教育局工作动态". Here the query is parsed as the public site search parses it (cleaned,
traditional to simplified, segmented with jieba, synonyms) and every term must occur as a substring
of one of the model's text search fields (any of its synonyms will do). The admin searches a few
thousand titles at a time, so a LIKE scan is fast enough and needs no index to keep in sync.

Settings: WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "search.backends.wagtail_admin"}}
"""

from __future__ import annotations

from django.db import models
from django.db.models import Case, IntegerField, Value, When
from modelsearch.backends.database.fallback import (
    MATCH_ALL,
    MATCH_NONE,
    DatabaseSearchBackend,
    DatabaseSearchQueryCompiler,
    DatabaseSearchResults,
)
from modelsearch.query import Phrase, PlainText
from modelsearch.utils import AND, OR

from search.lib.query import clean, to_simplified
from search.lib.text import normalise

TEXT_FIELDS = (models.CharField, models.TextField)


class ChineseSubstringQueryCompiler(DatabaseSearchQueryCompiler):
    def get_fields_names(self):
        """The model's text search fields (title, summary …). Stream fields are left out: their JSON
        stores Chinese as \\u escapes, which no substring of the query matches."""
        for field_name in super().get_fields_names():
            field = self.queryset.model._meta.get_field(field_name)
            if isinstance(field, TEXT_FIELDS) and not field.is_relation:
                yield field_name

    def build_database_filter(self, query, boost=1.0):
        if isinstance(query, PlainText):
            return self._terms_filter(query.query_string, query.operator)
        if isinstance(query, Phrase):
            text = phrase_text(query.query_string)
            return self._substring_filter(text) if text else MATCH_NONE
        return super().build_database_filter(query, boost)

    def _terms_filter(self, raw: str, operator: str):
        from search.services import parse_query

        parsed = parse_query(raw)
        if parsed.is_empty or not self.fields_names:
            return MATCH_NONE
        combine = OR if operator == "or" else AND
        return combine([OR([self._substring_filter(word) for word in term.alternatives]) for term in parsed.terms])

    def _substring_filter(self, text: str) -> models.Q:
        match = models.Q()
        for field_name in self.fields_names:
            match |= models.Q(**{f"{field_name}__icontains": text})
        return match


def phrase_text(raw: str) -> str:
    """A quoted phrase as the titles spell it: cleaned, simplified, folded."""
    text, _truncated = clean(raw)
    return normalise(to_simplified(text))


class ChineseSubstringSearchResults(DatabaseSearchResults):
    def get_queryset(self):
        compiler = self.query_compiler
        queryset = compiler.queryset
        match = compiler.build_database_filter(compiler.query)
        if match == MATCH_NONE:
            queryset = queryset.none()
        elif match != MATCH_ALL:
            queryset = queryset.filter(match)
        if compiler.order_by_relevance:
            queryset = self._by_relevance(queryset)
        elif not queryset.query.order_by:
            queryset = queryset.order_by("-pk")  # stable across pages
        return queryset.distinct()[self.start : self.stop]

    def _by_relevance(self, queryset):
        """The whole query inside the first field (the title) first, then the newest."""
        compiler = self.query_compiler
        whole = phrase_text(compiler.query.query_string) if isinstance(compiler.query, PlainText) else ""
        if not whole or not compiler.fields_names:
            return queryset.order_by("-pk")
        return queryset.annotate(
            title_match=Case(
                When(**{f"{compiler.fields_names[0]}__icontains": whole}, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        ).order_by("title_match", "-pk")


class ChineseSubstringSearchBackend(DatabaseSearchBackend):
    query_compiler_class = ChineseSubstringQueryCompiler
    autocomplete_query_compiler_class = ChineseSubstringQueryCompiler
    results_class = ChineseSubstringSearchResults


SearchBackend = ChineseSubstringSearchBackend
