"""Admin widgets of the theme settings: the main colour as a colour picker beside its hex text."""

from __future__ import annotations

import json

from django import forms

from themes import registry


class ColourInput(forms.TextInput):
    """A hex text field with an `<input type="color">` beside it, kept in step both ways by a small
    script, and a live contrast hint. The text field is what is submitted, so the model's contrast
    check still decides."""

    template_name = "themes/widgets/colour_input.html"

    class Media:
        js = ["themes/admin/colour-input.js"]

    def __init__(self, attrs=None, *, min_contrast: float):
        super().__init__({"maxlength": 7, "spellcheck": "false", "autocomplete": "off", **(attrs or {})})
        self.min_contrast = min_contrast

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["theme_defaults"] = json.dumps(
            {name: registry.get(name).default_main_colour for name, _label in registry.choices()}
        )
        context["min_contrast"] = self.min_contrast
        return context
