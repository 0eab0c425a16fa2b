#!/usr/bin/env python3
"""Measure archive imports: time, pace and peak memory of a first import and of a re-import.

For each bundle size it generates a bundle (bench/generate_bundle.py), creates an empty
database (SQLite in a temporary folder, or a fresh PostgreSQL database with --postgres), and
runs `manage.py import_archive` twice, each in a process of its own, recording wall time and
that process's peak resident memory. Memory that stays flat across sizes shows that an import
holds one programme at a time; the re-import shows the cost of checking without writing.

The import's progress lines (one per tenth of the programmes) are timestamped as they arrive,
which gives the pace of the writes: seconds per 1,000 programmes over the first tenth and over
the last tenth (equal when the import is linear), and the time after the last programme (the
commit and the deferred search refresh).

    .venv/bin/python bench/import_bench.py --sizes 100 1000 [--postgres]
    .venv/bin/python bench/import_bench.py --sizes 10000 --documents 3 --no-files [--postgres]
"""

import argparse
import re
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
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
# The command's plain progress lines (not on a terminal): "importing: 1000/10000".
PROGRESS = re.compile(r"^(?P<label>[a-z ]+): (?P<done>\d+)/(?P<total>\d+)$")


@dataclass
class Run:
    """One manage.py import_archive process."""

    seconds: float
    peak_mib: float
    # (seconds since the start, label, done, total) of each progress line.
    marks: list[tuple[float, str, int, int]] = field(default_factory=list)

    def phase(self, label: str) -> list[tuple[float, int, int]]:
        return [(at, done, total) for at, name, done, total in self.marks if name == label]

    def pace(self, label: str, last: bool) -> float | None:
        """Seconds per 1,000 programmes over the first (or last) tenth of a phase."""
        marks = self.phase(label)
        if len(marks) < 3:
            return None
        (start, done_start, _), (end, done_end, _) = marks[-2:] if last else marks[:2]
        return (end - start) / max(done_end - done_start, 1) * 1000

    def after(self, label: str) -> float | None:
        """Seconds from the last progress line of a phase to the end of the process."""
        marks = self.phase(label)
        return self.seconds - marks[-1][0] if marks else None

    def span(self, label: str) -> float | None:
        marks = self.phase(label)
        return marks[-1][0] - marks[0][0] if marks else None


def timed(arguments: list[str], environment: dict[str, str]) -> Run:
    """Wall time, peak resident memory and timestamped progress of one manage.py run."""
    started = time.perf_counter()
    process = subprocess.Popen(
        [PYTHON, "-c", PEAK, "manage.py", *arguments],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    marks, lines = [], []
    for line in process.stderr:
        at = time.perf_counter() - started
        line = line.rstrip("\n")
        lines.append(line)
        if match := PROGRESS.match(line):
            marks.append((at, match["label"], int(match["done"]), int(match["total"])))
    process.wait()
    seconds = time.perf_counter() - started
    if process.returncode != 0:
        sys.exit("\n".join(lines[-40:]))
    peak = next(line for line in lines if line.startswith("PEAK"))
    return Run(seconds, int(peak.split()[1]) / 1024, marks)


def measure(size: int, documents: int, files: bool, postgres: bool, again: bool) -> tuple:
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        bundle = folder / "bundle"
        subprocess.run(
            [PYTHON, "bench/generate_bundle.py", str(bundle), "--programmes", str(size),
             "--documents", str(documents), *([] if files else ["--no-files"])],
            cwd=ROOT, check=True, stdout=subprocess.DEVNULL,
        )  # fmt: skip
        with fresh_site(folder, postgres=postgres, label=str(size)) as environment:
            first = timed(["import_archive", str(bundle), "-v1"], environment)
            second = timed(["import_archive", str(bundle), "-v1"], environment) if again else None
    return first, second


def number(value: float | None, width: int, digits: int = 1) -> str:
    return f"{'-':>{width}}" if value is None else f"{value:>{width}.{digits}f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000])
    parser.add_argument("--documents", type=int, default=10)
    parser.add_argument(
        "--no-files", dest="files", action="store_false", help="Documents without PDF files."
    )
    parser.add_argument(
        "--no-reimport", dest="again", action="store_false", help="Measure the first import only."
    )
    parser.add_argument("--postgres", action="store_true")
    arguments = parser.parse_args()
    database = "PostgreSQL" if arguments.postgres else "SQLite"
    files = "one in five with a PDF file" if arguments.files else "no files"
    print(f"Archive import on {database}, {arguments.documents} documents per programme "
          f"({files}). Pace: seconds per 1,000 programmes written, over the first and the "
          "last tenth; end: after the last programme (commit, search refresh).")  # fmt: skip
    print(f"{'programmes':>10} {'documents':>9} {'check s':>8} {'import s':>9} "
          f"{'pace first':>10} {'pace last':>9} {'end s':>6} {'peak MiB':>9} "
          f"{'re-import s':>12} {'peak MiB':>9}")  # fmt: skip
    for size in arguments.sizes:
        first, again = measure(
            size, arguments.documents, arguments.files, arguments.postgres, arguments.again
        )
        print(f"{size:>10} {size * arguments.documents:>9} "
              f"{number(first.span('checking'), 8)} {first.seconds:>9.1f} "
              f"{number(first.pace('importing', last=False), 10)} "
              f"{number(first.pace('importing', last=True), 9)} "
              f"{number(first.after('importing'), 6)} {first.peak_mib:>9.0f} "
              f"{number(again and again.seconds, 12)} {number(again and again.peak_mib, 9, 0)}",
              flush=True)  # fmt: skip


if __name__ == "__main__":
    main()
