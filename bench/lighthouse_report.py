#!/usr/bin/env python3
"""Lighthouse on the public pages, served by gunicorn with production settings on 127.0.0.1.

It makes a throwaway SQLite site with the seed programme, 30 made-up programmes (bench/populate.py)
and, for the theme page, one made-up theme on a few of them (a benchmark site only: the seed
fixture gets no theme). Then it runs Lighthouse 12 (bench/lighthouse, npm) in Debian's Chromium
on each page in Lighthouse's default mobile emulation with simulated throttling, and prints a
Markdown table of the four category scores. It exits non-zero when a page scores below the
targets of issue 16: accessibility, best practices and SEO 100 (SEO not counted on pages that are
`noindex` on purpose), performance 95.

    .venv/bin/python bench/lighthouse_report.py [--runs 1] [--json-dir DIR]

All traffic goes to 127.0.0.1 and the run stops by itself.
"""

import argparse
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from serve_bench import GUNICORN, free_port, wait_until_ready
from workspace import PYTHON, ROOT, fresh_site, manage

LIGHTHOUSE = ROOT / "bench" / "lighthouse" / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = "/usr/bin/chromium"
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
TARGETS = {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 100}
SEED = "risicos-en-verantwoordelijkheden"

# A theme for the theme page, on a throwaway site; made with the site's own models.
MAKE_THEME = """
from programmes.models import Programme
from themes.models import Theme
theme = Theme.objects.create(
    slug="risicobeleid", name_nl="Risicobeleid", name_en="Risk policy",
    description_nl="Programma's over risico's en wie ervoor verantwoordelijk is.",
    description_en="Programmes about risks and who is responsible for them.",
)
theme.programmes.set(Programme.objects.order_by("slug")[:5])
"""


def pages() -> list[tuple[str, str]]:
    return [
        ("Home", "/"),
        ("Index of programmes", "/programmas/"),
        ("A search", "/programmas/?q=regelreflex"),
        ("The programme page", f"/programmas/{SEED}/"),
        ("A theme page", "/themas/risicobeleid/"),
        ("The documents index", "/documenten/"),
        ("The exhibitions index", "/tentoonstellingen/"),
        ("Home (English)", "/en/"),
        ("The programme page (English)", f"/en/programmes/{SEED}/"),
    ]


def lighthouse(url: str, output: Path) -> dict:
    """One Lighthouse report; a second try when Lighthouse itself fails (it sometimes loses the
    trace of a page load, NO_NAVSTART), then its error stands."""
    try:
        return _lighthouse(url, output)
    except subprocess.CalledProcessError:
        return _lighthouse(url, output)


def _lighthouse(url: str, output: Path) -> dict:
    subprocess.run(
        [
            str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={output}",
            f"--only-categories={','.join(CATEGORIES)}",
            "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
        ],
        env={**os.environ, "CHROME_PATH": CHROMIUM}, check=True, timeout=180,
    )  # fmt: skip
    return json.loads(output.read_text())


def scores(report: dict) -> dict[str, int]:
    return {name: round((report["categories"][name]["score"] or 0) * 100) for name in CATEGORIES}


def is_noindex(report: dict) -> bool:
    audit = report["audits"].get("is-crawlable", {})
    return audit.get("score") == 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=1, help="runs per page; the median counts")
    parser.add_argument("--json-dir", type=Path, help="keep Lighthouse's JSON reports here")
    arguments = parser.parse_args()
    if not LIGHTHOUSE.exists():
        sys.exit("Lighthouse is not installed: run `make lighthouse` (npm ci in bench/lighthouse).")
    rows, missed = [], []
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        with fresh_site(folder, postgres=False, label="lighthouse") as environment:
            manage(["loaddata", SEED, "-v0"], environment)
            subprocess.run([PYTHON, "bench/populate.py", "30"], cwd=ROOT, env=environment,
                           check=True, capture_output=True)  # fmt: skip
            manage(["shell", "-c", MAKE_THEME], environment)
            manage(["collectstatic", "--noinput", "-v0"], environment)
            port = free_port()
            environment |= {
                "DJANGO_ENV": "production",
                "SECRET_KEY": secrets.token_urlsafe(60),
                "ALLOWED_HOSTS": "127.0.0.1",
                "PUBLIC_BASE_URL": f"https://127.0.0.1:{port}",
                "SECURE_SSL_REDIRECT": "false",
                "SECURE_HSTS_SECONDS": "0",
                "OAI_ADMIN_EMAILS": "archief@example.org",
                "GUNICORN_BIND": f"127.0.0.1:{port}",
                "GUNICORN_WORKERS": "2",
            }
            base = f"http://127.0.0.1:{port}"
            with open(folder / "requests.log", "wb") as request_log:
                server = subprocess.Popen(
                    [GUNICORN, "-c", "bzkmemory/gunicorn_conf.py", "bzkmemory.wsgi"],
                    cwd=ROOT, env=environment, stdout=request_log,
                )  # fmt: skip
                try:
                    wait_until_ready(base, server)
                    for name, path in pages():
                        runs = []
                        for run in range(arguments.runs):
                            output = folder / f"report-{len(rows)}-{run}.json"
                            try:
                                report = lighthouse(base + path, output)
                            except subprocess.CalledProcessError:
                                break  # Lighthouse says why (e.g. a 404) on its own output
                            runs.append((scores(report), is_noindex(report), output))
                        if not runs:
                            rows.append((name, path, None, False))
                            missed.append(f"{name}: Lighthouse could not load {path}")
                            continue
                        runs.sort(key=lambda item: item[0]["performance"])
                        result, noindex, output = runs[len(runs) // 2]
                        if arguments.json_dir:
                            arguments.json_dir.mkdir(parents=True, exist_ok=True)
                            shutil.copy(output, arguments.json_dir / f"{len(rows):02d}.json")
                        rows.append((name, path, result, noindex))
                        for category, target in TARGETS.items():
                            if category == "seo" and noindex:
                                continue
                            if result[category] < target:
                                missed.append(f"{name}: {category} {result[category]} < {target}")
                        print(f"  {name:<30} {result}{' (noindex)' if noindex else ''}",
                              flush=True)  # fmt: skip
                finally:
                    server.send_signal(signal.SIGTERM)
                    server.wait(timeout=30)
    print()
    print("| Page | Address | Performance | Accessibility | Best practices | SEO |")
    print("|---|---|---:|---:|---:|---:|")
    for name, path, result, noindex in rows:
        if result is None:
            print(f"| {name} | `{path}` | could not be loaded | | | |")
            continue
        seo = f"{result['seo']} (noindex)" if noindex else str(result["seo"])
        print(f"| {name} | `{path}` | {result['performance']} | {result['accessibility']} | "
              f"{result['best-practices']} | {seo} |")  # fmt: skip
    if missed:
        print("\nBelow target:\n" + "\n".join(f"- {line}" for line in missed))
        sys.exit(1)


if __name__ == "__main__":
    main()
