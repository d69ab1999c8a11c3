"""Searchable list boxes for the classification fields of a disclosure item (主题分类, 体裁分类, 基本目录事项).

Wagtail's snippet chooser shows 99 topics ten at a time without a search box. Here the whole list is one
native list box, shown as a tree (second-level topics indented under their first-level topic, catalogue
items grouped by their category), with a filter box above it: typing keeps the matching options and
the topic each belongs to. Without JavaScript it is a plain list box.
"""

from __future__ import annotations

from django import forms

INDENT = "\u3000\u3000"  # two ideographic spaces: indentation that survives in an <option>


class FilterableSelect(forms.Select):
    """A list box with a filter box. Each option carries the text the filter matches (data-search)."""

    template_name = "disclosure/widgets/filterable_select.html"

    def __init__(self, attrs=None, *, rows: int = 10, placeholder: str = "输入关键词筛选"):
        super().__init__({"size": rows, "class": "sg-filter-select__list", **(attrs or {})})
        self.placeholder = placeholder

    class Media:
        js = ["disclosure/filterable_select.js"]
        css = {"all": ["disclosure/filterable_select.css"]}

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["placeholder"] = self.placeholder
        return context

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        instance = getattr(value, "instance", None)
        if instance is None:
            label = "（不选）" if not self.is_required else "（请选择）"
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        option["attrs"]["data-search"] = self.search_text(instance, label) if instance is not None else ""
        parent = self.parent_of(instance) if instance is not None else None
        if parent is not None:
            option["attrs"]["data-parent"] = str(parent)
            option["label"] = f"{INDENT}{label}"
        return option

    def search_text(self, instance, label) -> str:
        return str(label)

    def parent_of(self, instance):
        return None


class TopicSelect(FilterableSelect):
    """主题分类: first-level topics with their second-level topics indented below (the data is in tree order)."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        instance = getattr(value, "instance", None)
        if instance is not None:
            label = instance.name
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        if instance is not None:
            option["attrs"]["data-id"] = str(instance.pk)
        return option

    def search_text(self, instance, label) -> str:
        # A second-level topic is also found by its first-level topic's name (the form reads parents along).
        return f"{instance.parent.name} {instance.name}" if instance.parent_id else instance.name

    def parent_of(self, instance):
        return instance.parent_id


class CatalogueItemSelect(FilterableSelect):
    """基本目录事项, grouped by category (条例规定事项, 财政专项资金, 第二十条)."""

    def optgroups(self, name, value, attrs=None):
        groups: dict[str, list] = {}
        ungrouped = []
        index = 0
        for option_value, option_label in self.choices:
            instance = getattr(option_value, "instance", None)
            selected = str(option_value) in value
            option = self.create_option(name, option_value, option_label, selected, index)
            index += 1
            if instance is None:
                ungrouped.append(option)
            else:
                groups.setdefault(instance.get_group_display(), []).append(option)
        result = [(None, ungrouped, 0)] if ungrouped else []
        result.extend((label, options, position + 1) for position, (label, options) in enumerate(groups.items()))
        return result

    def search_text(self, instance, label) -> str:
        return f"{instance.get_group_display()} {label} {instance.responsible_units}"
