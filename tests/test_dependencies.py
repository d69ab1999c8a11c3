"""One direction of dependency (DESIGN.md §2): a cycle or an upward import is a bug."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CONTENT_APPS = {"disclosure", "services_column", "interaction", "interviews"}
ALLOWED = {
    "sitegroup": set(),
    "search": {"sitegroup"},
    "themes": {"sitegroup"},
    **{app: {"sitegroup", "search"} for app in CONTENT_APPS},
    # 网上咨询 of a service item is a message on the interaction channels of the item's department.
    "services_column": {"sitegroup", "search", "interaction"},
}
OUR_APPS = set(ALLOWED)


def _imported_apps(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names & OUR_APPS


@pytest.mark.parametrize("app", sorted(ALLOWED))
def test_app_imports_only_what_it_may(app):
    offending = {}
    for path in (ROOT / app).rglob("*.py"):
        extra = _imported_apps(path) - ALLOWED[app] - {app}
        if extra:
            offending[str(path.relative_to(ROOT))] = sorted(extra)
    assert not offending, offending
