"""`make audit`: the pinned Python dependencies (pip-audit) and the npm production dependencies
(npm audit) checked against the published vulnerability advisories.

Exit status: 0 no known vulnerability, 1 vulnerabilities found, 2 the advisory services could not be
reached or could not check every package (then nothing is claimed). Not part of `make test`: it needs
the network and its answer changes when advisories are published. See docs/security.md.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CLEAN, VULNERABLE, UNREACHABLE = 0, 1, 2


def say(line: str = "") -> None:
    sys.stdout.write(line + "\n")


def python_audit() -> int:
    pip_audit = Path(sys.executable).parent / "pip-audit"
    if not pip_audit.exists():
        say("Python：未安装 pip-audit（make install-test 会安装）。")
        return UNREACHABLE
    command = [str(pip_audit), "--format", "json", "--progress-spinner", "off", "--no-deps", "--disable-pip"]
    for requirements in ("requirements.txt", "requirements-test.txt"):
        command += ["-r", str(ROOT / requirements)]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=900, check=False)  # noqa: S603
    try:
        report = json.loads(result.stdout)
    except json.JSONDecodeError:
        reason = (result.stderr.strip().splitlines() or ["无输出"])[-1]
        say(f"Python：无法连接漏洞库（PyPI/OSV），未能检查。原因：{reason[:300]}")
        return UNREACHABLE
    outcome, lines = summarise_pip_audit(report)
    for line in lines:
        say(line)
    return outcome


def summarise_pip_audit(report: dict) -> tuple[int, list[str]]:
    """pip-audit's JSON report → outcome and lines. A package the advisory service could not look up
    is not counted as clean."""
    dependencies = report.get("dependencies", [])
    skipped = [item for item in dependencies if item.get("skip_reason")]
    vulnerable = [item for item in dependencies if item.get("vulns")]
    checked = len(dependencies) - len(skipped)
    lines = [f"Python：{len(dependencies)} 个固定版本的依赖，已检查 {checked} 个，{len(vulnerable)} 个有已知漏洞。"]
    for item in vulnerable:
        for vuln in item["vulns"]:
            fixed = ", ".join(vuln.get("fix_versions") or []) or "暂无修复版本"
            lines.append(f"  {item['name']} {item['version']}: {vuln['id']}（修复版本：{fixed}）")
    if skipped:
        first = skipped[0]
        lines.append(f"  未能检查 {len(skipped)} 个（漏洞库查不到，例如 {first['name']}：{first['skip_reason']}）")
    if vulnerable:
        return VULNERABLE, lines
    return (UNREACHABLE if skipped or not dependencies else CLEAN), lines


def npm_audit() -> int:
    npm = shutil.which("npm")
    if npm is None:
        say("npm：未安装 npm，未能检查。")
        return UNREACHABLE
    with tempfile.TemporaryDirectory(prefix="sitegroup-npm-audit-") as work:
        # The repository keeps no lockfile (versions are pinned in package.json): resolve one apart.
        shutil.copy(ROOT / "package.json", work)
        locked = subprocess.run(  # noqa: S603
            [npm, "install", "--package-lock-only", "--no-audit", "--no-fund", "--silent"],
            cwd=work,
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        if locked.returncode:
            say(f"npm：无法连接 npm 仓库，未能检查。原因：{locked.stderr.strip()[-300:]}")
            return UNREACHABLE
        result = subprocess.run(  # noqa: S603
            [npm, "audit", "--omit=dev", "--json"], cwd=work, capture_output=True, text=True, timeout=600, check=False
        )
    try:
        report = json.loads(result.stdout)
    except json.JSONDecodeError:
        report = {"error": {"summary": result.stderr.strip()[-300:]}}
    outcome, lines = summarise_npm_audit(report)
    for line in lines:
        say(line)
    return outcome


def summarise_npm_audit(report: dict) -> tuple[int, list[str]]:
    """`npm audit --json` → outcome and lines; an error report (endpoint unreachable) claims nothing."""
    if "error" in report:
        error = report["error"]
        reason = error.get("summary") or error.get("detail") or error.get("code") or "未知"
        return UNREACHABLE, [f"npm：漏洞库不可达，未能检查。原因：{str(reason)[:300]}"]
    counts = report.get("metadata", {}).get("vulnerabilities", {})
    total = sum(value for key, value in counts.items() if key != "total")
    dependencies = report.get("metadata", {}).get("dependencies", {}).get("prod", "?")
    lines = [f"npm：{dependencies} 个生产依赖，{total} 个已知漏洞。"]
    for name, item in sorted(report.get("vulnerabilities", {}).items()):
        lines.append(f"  {name}: {item.get('severity')}（{item.get('range', '')}）")
    return (VULNERABLE if total else CLEAN), lines


def main() -> int:
    outcomes = [python_audit(), npm_audit()]
    if VULNERABLE in outcomes:
        say("结论：发现已知漏洞，请升级上列依赖（同时更新 requirements*.txt / package.json 的固定版本）。")
        return VULNERABLE
    if UNREACHABLE in outcomes:
        say("结论：漏洞库不可达或未能检查全部依赖，本次不作结论（离线环境请在可联网的机器上运行 make audit）。")
        return UNREACHABLE
    say("结论：未发现已知漏洞。")
    return CLEAN


if __name__ == "__main__":
    sys.exit(main())
