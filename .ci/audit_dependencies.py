"""Checks the locked dependencies for known vulnerabilities with pip-audit.

Fails on any known vulnerability. pip-audit asks PyPI's JSON API (or OSV) for advisories; where
that cannot be reached (a machine that can only see a package mirror), every dependency comes
back "skipped": this script then says plainly that nothing was audited, rather than passing
silently, and leaves the decision to the reader of the CI log.
"""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

result = subprocess.run(  # noqa: S603 - our own virtualenv's pip-audit
    [
        str(ROOT / ".venv/bin/pip-audit"),
        "--requirement",
        str(ROOT / "requirements.lock"),
        "--require-hashes",
        "--disable-pip",
        "--progress-spinner",
        "off",
        "--format",
        "json",
    ],
    capture_output=True,
    text=True,
    cwd=ROOT,
)
try:
    report = json.loads(result.stdout)
except json.JSONDecodeError:
    sys.exit(f"pip-audit did not run:\n{result.stderr}")

dependencies = report.get("dependencies", [])
vulnerable = [d for d in dependencies if d.get("vulns")]
skipped = [d for d in dependencies if d.get("skip_reason")]
for dependency in vulnerable:
    for vulnerability in dependency["vulns"]:
        fixed = ", ".join(vulnerability.get("fix_versions", [])) or "no fixed version"
        name = f"{dependency['name']} {dependency['version']}"
        print(f"VULNERABLE {name}: {vulnerability['id']} ({fixed})")
if vulnerable:
    sys.exit(f"{len(vulnerable)} locked dependencies have known vulnerabilities.")
audited = len(dependencies) - len(skipped)
if dependencies and not audited:
    print(
        "WARNING: pip-audit could not reach a vulnerability service from this machine; "
        f"none of the {len(dependencies)} locked dependencies was audited."
    )
else:
    print(f"pip-audit: {audited} audited, no known vulnerabilities; {len(skipped)} skipped.")
