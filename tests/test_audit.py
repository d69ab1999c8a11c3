"""`make audit` (scripts/audit.py): how the advisory reports are read, and that it stays out of `make test`."""

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("audit", ROOT / "scripts" / "audit.py")
audit = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(audit)


def test_a_vulnerable_pin_fails_the_audit_and_names_the_fix():
    report = {
        "dependencies": [
            {"name": "django", "version": "5.2.0", "vulns": [{"id": "PYSEC-2025-1", "fix_versions": ["5.2.1"]}]},
            {"name": "wagtail", "version": "8.0.1", "vulns": []},
        ]
    }
    outcome, lines = audit.summarise_pip_audit(report)
    assert outcome == audit.VULNERABLE
    assert any("django 5.2.0: PYSEC-2025-1" in line and "5.2.1" in line for line in lines)


def test_packages_the_service_could_not_look_up_are_not_reported_clean():
    report = {"dependencies": [{"name": "wagtail", "version": "8.0.1", "skip_reason": "not found on PyPI"}]}
    assert audit.summarise_pip_audit(report)[0] == audit.UNREACHABLE
    assert audit.summarise_pip_audit({"dependencies": []})[0] == audit.UNREACHABLE


def test_every_pin_checked_and_none_vulnerable_is_clean():
    report = {"dependencies": [{"name": "wagtail", "version": "8.0.1", "vulns": []}]}
    assert audit.summarise_pip_audit(report)[0] == audit.CLEAN


def test_npm_reports_vulnerabilities_and_unreachable_endpoints():
    vulnerable = {
        "metadata": {"vulnerabilities": {"high": 1, "low": 0, "total": 1}, "dependencies": {"prod": 1}},
        "vulnerabilities": {"hls.js": {"severity": "high", "range": "<1.7.5"}},
    }
    outcome, lines = audit.summarise_npm_audit(vulnerable)
    assert outcome == audit.VULNERABLE and any("hls.js: high" in line for line in lines)
    clean = {"metadata": {"vulnerabilities": {"high": 0, "total": 0}, "dependencies": {"prod": 1}}}
    assert audit.summarise_npm_audit(clean)[0] == audit.CLEAN
    offline = {"error": {"code": "ENOAUDIT", "summary": "audit endpoint returned an error"}}
    outcome, lines = audit.summarise_npm_audit(offline)
    assert outcome == audit.UNREACHABLE and "不可达" in lines[0]


def test_make_audit_exists_and_is_not_part_of_make_test():
    makefile = (ROOT / "Makefile").read_text()
    assert "\naudit: install-test\n\t$(PY) scripts/audit.py" in makefile
    test_recipe = makefile.split("\ntest:", 1)[1].split("\n\n", 1)[0]
    assert "audit" not in test_recipe
    assert "pip-audit==" in (ROOT / "requirements-test.txt").read_text()
