#!/usr/bin/env python3
"""Measure the public site under load: gunicorn on 127.0.0.1 driven by wrk, at several sizes.

For each database (SQLite, PostgreSQL) and each archive size N it creates an empty site in a
temporary folder, fills it with N programmes (bench/populate.py: 4 objectives, 13 planned
results, 8 achieved passages and 8 documents each, Dutch and English), collects the static files,
starts gunicorn with the production settings, and runs wrk for a fixed time and number of
connections against each page in turn: requests per second, p50 and p99 latency, errors, and
the workers' peak memory. It then prints the ratios measured in the same run, checks them against
the targets in docs/PERFORMANCE.md, and exits non-zero when one is missed.

Pages marked "each new" add a query parameter that changes on every request, so that each one
misses the page cache and is rendered in full: they show the cost of a page nobody asked for
before (a new search, a programme not read for a day), not of the page a crowd reads. They are
stress rows: reported with their ratios, but the targets apply to the pages as visitors repeat
them.

    .venv/bin/python bench/serve_bench.py [--sizes 10 1000 10000] [--databases sqlite postgres]
        [--duration 10] [--connections 16] [--json results.json]

Needs wrk (Debian package `wrk`). Traffic goes only to 127.0.0.1; every run stops by itself.
"""

import argparse
import json
import multiprocessing
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import asdict, dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from workspace import PYTHON, ROOT, fresh_site, manage

GUNICORN = str(Path(PYTHON).parent / "gunicorn")
POSTGRESQL, PRODUCTION = "postgresql", "postgresql+redis"
# Rows whose pages are rendered afresh for every request: reported, but outside the targets.
STRESS = "each new"
STATIC = "static file (CSS)"
# Words of the seed programme, so searches find something.
SEARCH_WORDS = [
    "overheid", "verantwoordelijkheden", "regelreflex", "incidenten", "risico", "rijksdienst",
    "draagvlak", "bestuur", "burgers", "ministerie", "kabinetsvisie", "handreikingen",
]  # fmt: skip
# Each wrk thread numbers its own requests; with the thread's number the address is unique.
EACH_NEW = """
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("id", threads)
end
counter = 0
words = {%(words)s}
function request()
  counter = counter + 1
  if counter == 1 then math.randomseed(id * 7919) end
  local path = string.format(%(pattern)s)
  return wrk.format("GET", path)
end
"""
TARGETS = {
    "programme throughput / static throughput": ">= 0.50",
    "p99 at the largest N / p99 at the smallest N (every page)": "<= 1.5",
    "search p50 on PostgreSQL at the largest N": "< 50 ms",
    "errors": "0",
    "worker peak memory, largest N / smallest N": "<= 1.2",
}


@dataclass
class Result:
    database: str
    size: int
    page: str
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    requests: int
    errors: int


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def lua_list(words: list[str]) -> str:
    return ", ".join(f'"{word}"' for word in words)


Page = tuple[str, str, Path | None]


def search_words(size: int, corpus: str) -> dict[str, list[str]]:
    """The words of the rows "search, each new": by kind of word (found in one programme, a
    few, many, every one) for the corpus of bench/corpus.py, the seed's words for copies."""
    if corpus == "zipf":
        from corpus import words_by_kind

        return {f"search, each new ({kind})": words for kind, words in words_by_kind(size).items()}
    return {"search, each new": SEARCH_WORDS}


def pages(size: int, document: str, static: str, folder: Path, corpus: str) -> list[Page]:
    """(name, path, wrk script or None) for every page measured."""
    searches = []
    for number, (name, words) in enumerate(search_words(size, corpus).items()):
        script = folder / f"search-{number}.lua"
        script.write_text(
            EACH_NEW
            % {
                "words": lua_list(words),
                "pattern": '"/programmas/?q=%s&n=%d-%d", words[math.random(#words)], id, counter',
            }
        )
        searches.append((name, "/programmas/", script))
    programme_new = folder / "programme.lua"
    programme_new.write_text(
        EACH_NEW
        % {
            "words": "",
            "pattern": f'"/programmas/programma-%05d/?n=%d-%d", math.random(0, {size - 1}), '
            "id, counter",
        }
    )
    # The rows rendered afresh come last: when wrk stops, the requests still queued (seconds of
    # them for a slow search) keep the workers busy, and would weigh on the row measured next.
    return [
        ("home", "/", None),
        ("index", "/programmas/", None),
        ("search", "/programmas/?q=verantwoordelijkheden", None),
        ("programme", f"/programmas/programma-{size // 2:05d}/", None),
        ("document (200 kB PDF)", document, None),
        ("static file (CSS)", static, None),
        ("programme, each new", "/", programme_new),
        *searches,
    ]


def milliseconds(value: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60_000}[unit]


def wrk(url: str, script: Path | None, arguments: argparse.Namespace, seconds: int) -> dict:
    command = [
        "wrk", f"-t{arguments.threads}", f"-c{arguments.connections}", f"-d{seconds}s",
        "--timeout", "10s", "--latency", "-H", "Accept-Encoding: gzip",
    ]  # fmt: skip
    if script:
        command += ["-s", str(script)]
    output = subprocess.run(
        [*command, url], capture_output=True, text=True, check=True, timeout=seconds + 30
    ).stdout
    latency = dict(re.findall(r"^\s+(50|99)%\s+(\S+)\s*$", output, re.MULTILINE))
    # Too few requests finished for a percentile: count them as taking the whole run.
    latency = {"50": f"{seconds}s", "99": f"{seconds}s"} | latency
    socket_errors = re.search(r"Socket errors: (.*)", output)
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {
        "requests_per_second": float(re.search(r"Requests/sec:\s+([\d.]+)", output)[1]),
        "p50_ms": milliseconds(latency["50"]),
        "p99_ms": milliseconds(latency["99"]),
        "requests": int(re.search(r"(\d+) requests in", output)[1]),
        "errors": (int(non_2xx[1]) if non_2xx else 0)
        + (sum(int(n) for n in re.findall(r"\d+", socket_errors[1])) if socket_errors else 0),
    }


def worker_peak_mib(master: int) -> float:
    """The highest peak resident memory (VmHWM) of the master's worker processes."""
    children = subprocess.run(
        ["pgrep", "-P", str(master)], capture_output=True, text=True
    ).stdout.split()
    peaks = []
    for child in children:
        status = Path(f"/proc/{child}/status").read_text()
        peaks.append(int(re.search(r"VmHWM:\s+(\d+) kB", status)[1]) / 1024)
    return max(peaks)


def clear_redis(url: str) -> None:
    """Empty the Redis database the benchmark's site uses (it must be one of its own)."""
    import redis

    redis.Redis.from_url(url).flushdb()


def wait_until_ready(base: str, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit("gunicorn stopped while starting; see its log above.")
        try:
            with urllib.request.urlopen(base + "/readyz", timeout=2) as response:  # noqa: S310 (http only)
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    sys.exit("gunicorn did not become ready within 60 seconds.")


def measure(database: str, size: int, arguments: argparse.Namespace) -> tuple[list[Result], float]:
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        postgres = database in (POSTGRESQL, PRODUCTION)
        with fresh_site(folder, postgres=postgres, label=f"serve_{size}") as environment:
            if database == PRODUCTION:
                # The production configuration: PostgreSQL for the data, Redis for the pages.
                clear_redis(arguments.redis)
                environment["REDIS_URL"] = arguments.redis
            filled = subprocess.run(
                [PYTHON, "bench/populate.py", str(size), "--corpus", arguments.corpus],
                cwd=ROOT, env=environment,
                capture_output=True, text=True, check=True,
            )  # fmt: skip
            document = filled.stdout.rsplit(": ", 1)[1].strip()
            manage(["collectstatic", "--noinput", "-v0"], environment)
            manifest = json.loads((folder / "var" / "static" / "staticfiles.json").read_text())
            static = "/static/" + manifest["paths"]["css/site.css"]
            port = free_port()
            environment |= {
                "DJANGO_ENV": "production",
                "SECRET_KEY": secrets.token_urlsafe(60),
                "ALLOWED_HOSTS": "127.0.0.1",
                "PUBLIC_BASE_URL": "https://127.0.0.1",
                "SECURE_SSL_REDIRECT": "false",
                "GUNICORN_BIND": f"127.0.0.1:{port}",
                "GUNICORN_WORKERS": str(arguments.workers),
                # No recycling, so that the peak memory covers the whole run.
                "GUNICORN_MAX_REQUESTS": "0",
            }
            base = f"http://127.0.0.1:{port}"
            with open(folder / "requests.log", "wb") as request_log:
                server = subprocess.Popen(
                    [GUNICORN, "-c", "bzkmemory/gunicorn_conf.py", "bzkmemory.wsgi"],
                    cwd=ROOT, env=environment, stdout=request_log,
                )  # fmt: skip
                try:
                    wait_until_ready(base, server)
                    results = []
                    for name, path, script in pages(
                        size, document, static, folder, arguments.corpus
                    ):
                        if arguments.pages and name not in arguments.pages:
                            continue
                        wrk(base + path, script, arguments, seconds=2)  # warm up
                        numbers = wrk(base + path, script, arguments, arguments.duration)
                        results.append(Result(database, size, name, **numbers))
                        print(f"  {database:>10} {size:>6} {name:<22} "
                              f"{numbers['requests_per_second']:>8.0f}/s "
                              f"p50 {numbers['p50_ms']:>7.2f} ms  p99 {numbers['p99_ms']:>7.2f} ms"
                              f"  errors {numbers['errors']}", flush=True)  # fmt: skip
                    memory = worker_peak_mib(server.pid)
                finally:
                    server.send_signal(signal.SIGTERM)
                    server.wait(timeout=30)
    return results, memory


def report(results: list[Result], memory: dict, sizes: list[int]) -> list[str]:
    """Prints the tables and ratios; returns the targets that were missed."""
    missed = []
    smallest, largest = min(sizes), max(sizes)
    by_key = {(r.database, r.size, r.page): r for r in results}
    databases = sorted({r.database for r in results}, key=[r.database for r in results].index)
    page_names = list(dict.fromkeys(r.page for r in results))
    for database in databases:
        print(f"\n{database}: requests/s, p50 and p99 in ms, errors")
        print(f"{'page':<22}" + "".join(f"{'N = ' + str(n):>32}" for n in sizes))
        for page in page_names:
            cells = []
            for size in sizes:
                r = by_key[database, size, page]
                cells.append(f"{r.requests_per_second:>9.0f} {r.p50_ms:>7.2f} {r.p99_ms:>8.2f} "
                             f"{r.errors:>5}")  # fmt: skip
            print(f"{page:<22}" + "".join(f"{cell:>32}" for cell in cells))
        print(f"{'worker peak memory':<22}"
              + "".join(f"{memory[database, n]:>28.0f} MiB" for n in sizes))  # fmt: skip

        print(f"\n{database}: ratios measured in this run")
        for size in sizes:
            if {(database, size, "programme"), (database, size, STATIC)} - by_key.keys():
                continue  # a run of other rows (--pages)
            ratio = (by_key[database, size, "programme"].requests_per_second
                     / by_key[database, size, STATIC].requests_per_second)  # fmt: skip
            print(f"  programme / static file throughput at N = {size}: {ratio:.2f}")
            if ratio < 0.5:
                missed.append(f"{database} N={size}: programme/static throughput {ratio:.2f}")
        if largest != smallest:
            for page in page_names:
                ratio = (by_key[database, largest, page].p99_ms
                         / by_key[database, smallest, page].p99_ms)  # fmt: skip
                informational = STRESS in page
                print(f"  p99 at N = {largest} / N = {smallest}, {page}: {ratio:.2f}"
                      + (" (stress row, no target)" if informational else ""))  # fmt: skip
                if ratio > 1.5 and not informational:
                    missed.append(f"{database} {page}: p99 ratio {ratio:.2f}")
            growth = memory[database, largest] / memory[database, smallest]
            print(f"  worker peak memory at N = {largest} / N = {smallest}: {growth:.2f}")
            if growth > 1.2:
                missed.append(f"{database}: worker memory grew {growth:.2f}x")
        errors = sum(r.errors for r in results if r.database == database)
        if errors:
            missed.append(f"{database}: {errors} errors")
    if "postgresql" in databases:
        for page in [name for name in page_names if name.startswith("search")]:
            if ("postgresql", largest, page) not in by_key:
                continue
            p50 = by_key["postgresql", largest, page].p50_ms
            print(f"\npostgresql {page} p50 at N = {largest}: {p50:.1f} ms")
            if p50 >= 50 and STRESS not in page:
                missed.append(f"postgresql {page}: p50 {p50:.1f} ms at N={largest}")
    return missed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 1000, 10000])
    parser.add_argument(
        "--databases",
        nargs="+",
        choices=["sqlite", POSTGRESQL, PRODUCTION],
        default=["sqlite", POSTGRESQL, PRODUCTION],
        help=f"{PRODUCTION}: the production configuration, PostgreSQL with the pages in Redis",
    )
    parser.add_argument(
        "--redis",
        default=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/15"),
        help=f"a Redis database of the benchmark's own for {PRODUCTION} (emptied first)",
    )
    parser.add_argument("--pages", nargs="+", help="measure only these rows (by name)")
    parser.add_argument(
        "--corpus",
        choices=["zipf", "copies"],
        default="zipf",
        help="the programmes' texts (bench/populate.py): an uneven vocabulary, or copies of "
        "the seed (every word in every programme, search's worst case)",
    )
    parser.add_argument("--duration", type=int, default=10, help="seconds per page")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2 * multiprocessing.cpu_count() + 1)
    parser.add_argument("--json", type=Path, help="also write the results to this file")
    arguments = parser.parse_args()
    sizes = sorted(arguments.sizes)
    print(f"gunicorn with {arguments.workers} workers; wrk with {arguments.threads} threads, "
          f"{arguments.connections} connections, {arguments.duration} s per page; "
          f"{os.cpu_count()} CPUs.", flush=True)  # fmt: skip
    results, memory = [], {}
    for database in arguments.databases:
        for size in sizes:
            measured, memory[database, size] = measure(database, size, arguments)
            results += measured
    missed = report(results, memory, sizes)
    if arguments.json:
        arguments.json.write_text(
            json.dumps(
                {
                    "results": [asdict(r) for r in results],
                    "worker_peak_mib": {f"{d} {n}": m for (d, n), m in memory.items()},
                    "missed": missed,
                },
                indent=2,
            )
        )
    print("\nTargets:", ", ".join(f"{name} {value}" for name, value in TARGETS.items()))
    if missed:
        print("Missed:\n  " + "\n  ".join(missed))
        sys.exit(1)
    print("All targets met.")


if __name__ == "__main__":
    main()
