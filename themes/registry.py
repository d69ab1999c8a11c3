"""The theme registry: a theme is a template set, a stylesheet and default design tokens."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Theme:
    name: str
    label: str
    description: str
    default_main_colour: str

    @property
    def base_template(self) -> str:
        return f"themes/{self.name}/base.html"

    @property
    def stylesheet(self) -> str:
        return f"themes/{self.name}.css"

    def template_for(self, default_template: str) -> str:
        """Where this theme overrides a page template, e.g. sitegroup/home_page.html."""
        return f"themes/{self.name}/{default_template.rsplit('/', 1)[-1]}"


_themes: dict[str, Theme] = {}


def register(theme: Theme) -> Theme:
    _themes[theme.name] = theme
    return theme


def get(name: str | None) -> Theme:
    return _themes.get(name or "", _themes[DEFAULT_THEME])


def choices() -> list[tuple[str, str]]:
    return [(theme.name, theme.label) for theme in _themes.values()]


DEFAULT_THEME = "portal"

register(
    Theme(
        name="portal",
        label="门户主题",
        description="县政府门户：通栏红色页眉、横幅、要闻轮换区与多栏目宫格。",
        default_main_colour="#b3261e",
    )
)
register(
    Theme(
        name="department",
        label="部门主题",
        description="部门与乡镇子站：蓝色窄页眉、左侧栏目导航、信息列表为主。",
        default_main_colour="#1d4f91",
    )
)
