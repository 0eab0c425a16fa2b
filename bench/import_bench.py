#!/usr/bin/env python3
"""Measure archive imports: time and peak memory of a first import and of a re-import.

For each bundle size it generates a bundle (bench/generate_bundle.py), creates an empty
database (SQLite in a temporary folder, or a fresh PostgreSQL database with --postgres), and
runs `manage.py import_archive` twice, each in a process of its own, recording wall time and
that process's peak resident memory. Memory that stays flat across sizes shows that an import
holds one programme at a time; the re-import shows the cost of checking without writing.

    .venv/bin/python bench/import_bench.py --sizes 100 1000 [--postgres]
"""

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from workspace import PYTHON, ROOT, fresh_site

# GNU time is not everywhere; the child reports its own peak memory instead.
PEAK = (
    "import resource, runpy, sys; sys.argv = sys.argv[1:];"
    "exit_code = 0\n"
    "try:\n    runpy.run_path('manage.py', run_name='__main__')\n"
    "except SystemExit as stop:\n    exit_code = stop.code or 0\n"
    "print('PEAK', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)\n"
    "sys.exit(exit_code)"
)


def timed(arguments: list[str], environment: dict[str, str]) -> tuple[float, float]:
    """Wall time in seconds and peak resident memory in MiB of one manage.py run."""
    started = time.perf_counter()
    result = subprocess.run(
        [PYTHON, "-c", PEAK, "manage.py", *arguments],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
    )
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        sys.exit(result.stderr)
    peak = next(line for line in result.stderr.splitlines() if line.startswith("PEAK"))
    return seconds, int(peak.split()[1]) / 1024


def measure(size: int, documents: int, postgres: bool) -> tuple:
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        bundle = folder / "bundle"
        subprocess.run(
            [PYTHON, "bench/generate_bundle.py", str(bundle), "--programmes", str(size),
             "--documents", str(documents)],
            cwd=ROOT, check=True, stdout=subprocess.DEVNULL,
        )  # fmt: skip
        with fresh_site(folder, postgres=postgres, label=str(size)) as environment:
            first = timed(["import_archive", str(bundle), "-v0"], environment)
            again = timed(["import_archive", str(bundle), "-v0"], environment)
    return first, again


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000])
    parser.add_argument("--documents", type=int, default=10)
    parser.add_argument("--postgres", action="store_true")
    arguments = parser.parse_args()
    database = "PostgreSQL" if arguments.postgres else "SQLite"
    print(f"Archive import on {database}, {arguments.documents} documents per programme "
          "(one in five with a PDF file).")  # fmt: skip
    print(f"{'programmes':>10} {'documents':>9} {'import s':>9} {'peak MiB':>9} "
          f"{'re-import s':>12} {'peak MiB':>9} {'ratio':>6}")  # fmt: skip
    for size in arguments.sizes:
        first, again = measure(size, arguments.documents, arguments.postgres)
        print(f"{size:>10} {size * arguments.documents:>9} {first[0]:>9.1f} {first[1]:>9.0f} "
              f"{again[0]:>12.1f} {again[1]:>9.0f} {first[0] / again[0]:>5.1f}x")  # fmt: skip


if __name__ == "__main__":
    main()
