#!/usr/bin/env python3
"""Measure, in one process, what a search nobody asked for before costs: the programme index
rendered afresh with its results, documents, exhibitions, excerpts and facets.

It creates an empty site in a temporary folder (bench/workspace.py), fills it with N
programmes whose texts have an uneven vocabulary (bench/populate.py --corpus zipf, words from
bench/corpus.py), then, in a child process with the site's settings, requests
``/programmas/?q=<word>`` through Django's test client (the whole middleware stack) for words
of each kind: in one programme, in a few, in many and in every programme. Every request has an
address the page cache has not seen (a different word, or the same word with a counter added),
so every page is rendered afresh; what the index keeps per archive stamp (the facets'
vocabulary) is warmed once first, as on a live site.

Rows: ``search <kind>`` and ``index`` (the plain index, page 2, 3, ... as a reference measured
in the same run). CPU ms is ``time.process_time`` around the request, wall ms
``time.perf_counter``; p50 and p90 over the repetitions.

    .venv/bin/python bench/search_bench.py [--programmes 10000] [--postgres] [--repeat 40]
        [--database-url URL | --folder PATH] [--profile KIND]

``--database-url`` / ``--folder`` keep the site (a PostgreSQL database, a SQLite folder) for
another run: it is migrated and filled only when it has no programmes yet.
``--profile KIND`` prints a cProfile and the queries of one search of that kind.
"""

import argparse
import gc
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from workspace import PYTHON, ROOT, fresh_site, manage

KINDS = ("one", "few", "many", "every")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--programmes", type=int, default=10_000)
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument("--repeat", type=int, default=40)
    parser.add_argument("--database-url")
    parser.add_argument("--folder", type=Path)
    parser.add_argument("--profile", choices=KINDS)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.child:
        child(arguments)
        return
    with ExitStack() as stack:
        environment = site(arguments, stack)
        count = count_programmes(environment)
        if count == 0:
            started = time.perf_counter()
            subprocess.run(
                [PYTHON, "bench/populate.py", str(arguments.programmes), "--corpus", "zipf"],
                cwd=ROOT, env=environment, check=True,
            )  # fmt: skip
            print(f"populated {arguments.programmes} in {time.perf_counter() - started:.0f} s")
        manage(["collectstatic", "--noinput", "-v0"], environment)
        command = [PYTHON, __file__, "--child", "--programmes", str(arguments.programmes)]
        command += ["--repeat", str(arguments.repeat)]
        if arguments.profile:
            command += ["--profile", arguments.profile]
        subprocess.run(command, cwd=ROOT, env=environment, check=True)


def site(arguments, stack: ExitStack) -> dict[str, str]:
    """The environment of the site to measure: kept (``--database-url``, ``--folder``) or
    made for this run and removed after it."""
    if not (arguments.database_url or arguments.folder):
        folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="search-bench-")))
        return stack.enter_context(fresh_site(folder, postgres=arguments.postgres, label="search"))
    folder = arguments.folder or Path(tempfile.gettempdir()) / "search-bench-kept"
    environment = {
        **os.environ,
        "BZKMEMORY_VAR_DIR": str(folder / "var"),
        "MEDIA_ROOT": str(folder / "media"),
        "DJANGO_SETTINGS_MODULE": "bzkmemory.settings",
    }
    for name in ("DATABASE_URL", "DATABASE_REPLICA_URL", "REDIS_URL"):
        environment.pop(name, None)
    if arguments.database_url:
        environment["DATABASE_URL"] = arguments.database_url
    manage(["migrate", "-v0"], environment)
    return environment


def count_programmes(environment: dict[str, str]) -> int:
    script = (
        "import django; django.setup(); from programmes.models import Programme; "
        "print(Programme.objects.count())"
    )
    out = subprocess.run(
        [PYTHON, "-c", script], cwd=ROOT, env=environment, check=True, capture_output=True
    )
    return int(out.stdout.split()[-1])


def child(arguments) -> None:
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    import logging

    from django.conf import settings
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from bench.corpus import words_by_kind

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    # The request log writes a line a request: not what is measured.
    logging.disable(logging.INFO)
    client = Client(HTTP_ACCEPT_ENCODING="gzip")
    words = words_by_kind(arguments.programmes)
    # The facets' vocabulary is kept per archive stamp: warmed once, as on a live site.
    client.get("/programmas/", {"q": "warm"})
    # As a gunicorn worker does after loading the site (bzkmemory/wsgi.py); here after the
    # corpus's word lists too, which are the bench's, not the site's.
    gc.freeze()

    def measure(address: str, query: dict) -> tuple[float, float]:
        cpu, wall = time.process_time(), time.perf_counter()
        response = client.get(address, query)
        if response.status_code != 200:
            raise SystemExit(f"{address} {query}: {response.status_code}")
        return (time.process_time() - cpu) * 1000, (time.perf_counter() - wall) * 1000

    if arguments.profile:
        import cProfile
        import pstats

        word = words[arguments.profile][0]
        with CaptureQueriesContext(connection) as queries:
            profiler = cProfile.Profile()
            # Collections would be charged to whatever allocates when they start.
            gc.collect()
            gc.disable()
            profiler.enable()
            measure("/programmas/", {"q": word, "profile": "1"})
            profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(35)
        for query in queries.captured_queries:
            print(f"{float(query['time']) * 1000:8.1f} ms  {query['sql'][:300]}")
        return

    rows = []
    for kind in KINDS:
        kind_words = words[kind]
        samples = []
        for number in range(arguments.repeat):
            word = kind_words[number % len(kind_words)]
            # A word asked for again has a new address: the page cache has not seen it.
            query = {"q": word} if number < len(kind_words) else {"q": word, "n": str(number)}
            samples.append(measure("/programmas/", query))
            reset_queries()
        rows.append((f"search {kind}", samples))
    samples = [measure("/programmas/", {"page": str(2 + n)}) for n in range(arguments.repeat)]
    rows.append(("index (reference)", samples))
    vendor = connection.vendor
    print(f"\n{vendor}, N = {arguments.programmes}, {arguments.repeat} requests a row")
    print(f"{'row':<20} {'wall p50':>9} {'wall p90':>9} {'cpu p50':>8} {'cpu p90':>8}")
    results = []
    for name, samples in rows:
        cpu = sorted(sample[0] for sample in samples)
        wall = sorted(sample[1] for sample in samples)
        row = {
            "row": name,
            "wall_p50": round(statistics.median(wall), 1),
            "wall_p90": round(wall[int(len(wall) * 0.9) - 1], 1),
            "cpu_p50": round(statistics.median(cpu), 1),
            "cpu_p90": round(cpu[int(len(cpu) * 0.9) - 1], 1),
        }
        results.append(row)
        print(
            f"{name:<20} {row['wall_p50']:>9} {row['wall_p90']:>9} "
            f"{row['cpu_p50']:>8} {row['cpu_p90']:>8}"
        )
    print(json.dumps({"database": vendor, "programmes": arguments.programmes, "rows": results}))


if __name__ == "__main__":
    main()
