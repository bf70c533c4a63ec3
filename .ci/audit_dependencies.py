"""Audit the pinned runtime dependencies (requirements.txt) for known vulnerabilities with pip-audit.

Fails (exit 1) when pip-audit finds a vulnerability. When the vulnerability service cannot be reached or does
not know a package (e.g. behind a PyPI mirror without the JSON API), it says so plainly and passes, unless
RIMPEL_AUDIT_STRICT=1, because a CI run without internet access should not fail for that. The pins are exact
with their transitive dependencies, so pip-audit reads them as they are (--no-deps) without building a venv.
"""

import json
import os
import subprocess
import sys

COMMAND = [
    sys.executable,
    "-m",
    "pip_audit",
    "--requirement",
    "requirements.txt",
    "--no-deps",
    "--disable-pip",
    "--progress-spinner",
    "off",
    "--format",
    "json",
    "--timeout",
    "15",
]


def main() -> int:
    strict = os.environ.get("RIMPEL_AUDIT_STRICT") == "1"
    try:
        result = subprocess.run(COMMAND, capture_output=True, text=True, timeout=180, check=False)  # noqa: S603
    except subprocess.TimeoutExpired:
        print("dependency audit: pip-audit took longer than 3 minutes; NOT CHECKED")
        return 1 if strict else 0
    try:
        report = json.loads(result.stdout)
    except json.JSONDecodeError:
        last = (result.stderr.strip().splitlines() or ["no output"])[-1]
        print(f"dependency audit: pip-audit could not run or reach the vulnerability service; NOT CHECKED ({last})")
        return 1 if strict else 0

    dependencies = report.get("dependencies", [])
    vulnerable = [d for d in dependencies if d.get("vulns")]
    skipped = [d for d in dependencies if d.get("skip_reason")]
    for dependency in vulnerable:
        for vuln in dependency["vulns"]:
            fixes = ", ".join(vuln.get("fix_versions", [])) or "no fixed version yet"
            print(f"VULNERABLE {dependency['name']} {dependency['version']}: {vuln['id']} (fixed in {fixes})")
    checked = len(dependencies) - len(skipped)
    print(
        f"dependency audit: {checked} of {len(dependencies)} pinned packages checked, "
        f"{len(vulnerable)} with known vulnerabilities"
    )
    if skipped:
        print(f"dependency audit: {len(skipped)} packages NOT CHECKED, e.g. {skipped[0]['skip_reason']}")
    if vulnerable:
        return 1
    return 1 if strict and skipped else 0


if __name__ == "__main__":
    sys.exit(main())
