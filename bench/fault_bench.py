#!/usr/bin/env python3
"""Faults under load: PostgreSQL restarts and Redis goes away while visitors keep coming.

It creates a site on a fresh PostgreSQL database with 100 programmes, starts a Redis server of
its own on a free port (so the machine's Redis is left alone) and gunicorn on 127.0.0.1 with
that Redis as its cache, and sends a steady load from a few threads for a fixed time: cached
programme pages, searches that are each new (so they need the database) and the home page.
Meanwhile it

1. restarts the local PostgreSQL cluster (`pg_ctlcluster ... restart`): every worker's open
   database connection breaks;
2. stops its Redis, and later starts it again: the cache is gone, then back.

It prints, per half second, the requests that succeeded and failed, and /readyz's answer; then
the error window after each fault, and a check that afterwards every worker serves pages again.
It exits non-zero when a fault's error window lasts longer than --heal-within seconds, when
Redis being away causes any error, or when anything fails after the faults.

    .venv/bin/python bench/fault_bench.py [--duration 30] [--threads 6]

The PostgreSQL restart affects everything using the local server while it lasts (a second or
two): do not run this next to a test run. All traffic goes to 127.0.0.1 and the run stops by
itself.
"""

import argparse
import http.client
import json
import random
import secrets
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from serve_bench import GUNICORN, SEARCH_WORDS, free_port, wait_until_ready
from workspace import PYTHON, ROOT, fresh_site, manage

BUCKET = 0.5  # seconds


@dataclass
class Outcome:
    at: float
    ok: bool
    what: str


def request(port: int, path: str, timeout: float = 5.0) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", path, headers={"Accept-Encoding": "gzip"})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def visitor(port: int, size: int, started: float, stop: threading.Event, log: list) -> None:
    chance = random.Random()
    while not stop.is_set():
        kind = chance.choice(["programme", "search", "home"])
        if kind == "programme":
            path = f"/programmas/programma-{chance.randrange(size):05d}/"
        elif kind == "search":
            path = f"/programmas/?q={chance.choice(SEARCH_WORDS)}&n={chance.random()}"
        else:
            path = "/"
        try:
            status, _body = request(port, path)
            outcome = Outcome(time.monotonic() - started, status == 200, f"{kind} {status}")
        except OSError as error:
            outcome = Outcome(time.monotonic() - started, False, f"{kind} {type(error).__name__}")
        log.append(outcome)


def readiness(port: int, started: float, stop: threading.Event, log: list) -> None:
    while not stop.is_set():
        try:
            status, body = request(port, "/readyz", timeout=3)
            failing = [name for name, result in json.loads(body).items() if result != "ok"]
            log.append((time.monotonic() - started, status, ",".join(failing)))
        except OSError as error:
            log.append((time.monotonic() - started, 0, type(error).__name__))
        time.sleep(BUCKET)


def start_redis(port: int, folder: Path) -> subprocess.Popen:
    server = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
         "--appendonly", "no", "--dir", str(folder)],
        stdout=subprocess.DEVNULL,
    )  # fmt: skip
    for _ in range(50):
        if subprocess.run(["redis-cli", "-p", str(port), "ping"], capture_output=True,
                          text=True).stdout.strip() == "PONG":  # fmt: skip
            return server
        time.sleep(0.1)
    sys.exit("Redis did not start.")


def restart_postgresql() -> float:
    version = next(Path("/etc/postgresql").iterdir()).name
    begun = time.monotonic()
    subprocess.run(
        ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "restart"],
        check=True,
        # The server it starts must not hold this run's output open.
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return time.monotonic() - begun


def error_window(outcomes: list[Outcome], start: float, end: float) -> tuple[int, float]:
    """Failed requests between ``start`` and ``end``, and the seconds from the first to the last."""
    failed = [o.at for o in outcomes if not o.ok and start <= o.at < end]
    return len(failed), (max(failed) - min(failed) if failed else 0.0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=30.0)
    parser.add_argument("--threads", type=int, default=6)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--programmes", type=int, default=100)
    parser.add_argument("--heal-within", type=float, default=10.0)
    arguments = parser.parse_args()
    duration = arguments.duration
    postgres_at, redis_off_at, redis_on_at = 0.25 * duration, 0.55 * duration, 0.75 * duration

    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        with fresh_site(folder, postgres=True, label="faults") as environment:
            subprocess.run([PYTHON, "bench/populate.py", str(arguments.programmes)], cwd=ROOT,
                           env=environment, check=True, capture_output=True)  # fmt: skip
            manage(["collectstatic", "--noinput", "-v0"], environment)
            redis_port, port = free_port(), free_port()
            redis = start_redis(redis_port, folder)
            environment |= {
                "DJANGO_ENV": "production",
                "SECRET_KEY": secrets.token_urlsafe(60),
                "ALLOWED_HOSTS": "127.0.0.1",
                "PUBLIC_BASE_URL": "https://127.0.0.1",
                "SECURE_SSL_REDIRECT": "false",
                "REDIS_URL": f"redis://127.0.0.1:{redis_port}/0",
                "GUNICORN_BIND": f"127.0.0.1:{port}",
                "GUNICORN_WORKERS": str(arguments.workers),
            }
            server = subprocess.Popen(
                [GUNICORN, "-c", "bzkmemory/gunicorn_conf.py", "bzkmemory.wsgi"], cwd=ROOT,
                env=environment, stdout=(folder / "requests.log").open("wb"),
                stderr=(folder / "gunicorn.log").open("wb"),
            )  # fmt: skip
            try:
                wait_until_ready(f"http://127.0.0.1:{port}", server)
                outcomes, ready, events = run_load(
                    arguments, port, redis_port, folder, postgres_at, redis_off_at, redis_on_at
                )
                after = [request(port, f"/programmas/?q=overheid&n={i}")[0] for i in range(200)]
            finally:
                server.send_signal(signal.SIGTERM)
                server.wait(timeout=30)
                redis.terminate()
                redis.wait(timeout=10)
            warnings = (folder / "gunicorn.log").read_text().count("Cache unavailable")
    report(outcomes, ready, events, after, warnings, arguments,
           (postgres_at, redis_off_at, redis_on_at))  # fmt: skip


def run_load(arguments, port, redis_port, folder, postgres_at, redis_off_at, redis_on_at):
    outcomes: list[Outcome] = []
    ready: list[tuple] = []
    events: dict[str, float] = {}
    stop = threading.Event()
    started = time.monotonic()
    threads = [
        threading.Thread(target=visitor, args=(port, arguments.programmes, started, stop, outcomes))
        for _ in range(arguments.threads)
    ]
    threads.append(threading.Thread(target=readiness, args=(port, started, stop, ready)))
    for thread in threads:
        thread.start()
    try:
        time.sleep(postgres_at)
        events["postgresql restart took"] = restart_postgresql()
        time.sleep(max(0.0, redis_off_at - (time.monotonic() - started)))
        subprocess.run(["redis-cli", "-p", str(redis_port), "shutdown", "nosave"],
                       capture_output=True)  # fmt: skip
        time.sleep(max(0.0, redis_on_at - (time.monotonic() - started)))
        start_redis(redis_port, folder)
        time.sleep(max(0.0, arguments.duration - (time.monotonic() - started)))
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=10)
    return outcomes, ready, events


def report(outcomes, ready, events, after, warnings, arguments, moments) -> None:
    postgres_at, redis_off_at, redis_on_at = moments
    print(
        f"{len(outcomes)} requests from {arguments.threads} threads in {arguments.duration:.0f} s"
        f" to gunicorn with {arguments.workers} workers; PostgreSQL restarted at "
        f"{postgres_at:.1f} s (the restart took {events['postgresql restart took']:.1f} s), "
        f"Redis stopped at {redis_off_at:.1f} s and started again at {redis_on_at:.1f} s.\n"
    )
    print(f"{'time s':>7} {'ok':>5} {'failed':>6}  readyz")
    buckets: dict[int, Counter] = {}
    for outcome in outcomes:
        buckets.setdefault(int(outcome.at / BUCKET), Counter())[outcome.ok] += 1
    readiness_by_bucket = {int(at / BUCKET): (status, failing) for at, status, failing in ready}
    for bucket in range(int(arguments.duration / BUCKET)):
        counts = buckets.get(bucket, Counter())
        status, failing = readiness_by_bucket.get(bucket, ("", ""))
        marks = "".join(
            f"  <- {name}" for name, at in (("PostgreSQL restart", postgres_at),
                                             ("Redis stopped", redis_off_at),
                                             ("Redis started", redis_on_at))
            if int(at / BUCKET) == bucket
        )  # fmt: skip
        print(f"{bucket * BUCKET:>7.1f} {counts[True]:>5} {counts[False]:>6}  {status} {failing}"
              f"{marks}")  # fmt: skip
    problems = []
    before, _ = error_window(outcomes, 0, postgres_at)
    postgres_errors, postgres_window = error_window(outcomes, postgres_at, redis_off_at)
    redis_errors, _ = error_window(outcomes, redis_off_at, arguments.duration + 60)
    kinds = Counter(o.what for o in outcomes if not o.ok)
    print(f"\nFailed requests before any fault: {before}")
    print(
        f"PostgreSQL restart: {postgres_errors} failed requests within {postgres_window:.1f} s"
        f" ({', '.join(f'{n} x {what}' for what, n in kinds.most_common()) or 'none'})"
    )
    print(
        f"Redis away and back: {redis_errors} failed requests; the site logged "
        f"{warnings} cache warning(s) (at most one a minute per worker)"
    )
    failed_after = sum(status != 200 for status in after)
    print(f"Afterwards: {len(after) - failed_after} of {len(after)} fresh searches answered 200")
    if before:
        problems.append(f"{before} requests failed before any fault")
    if postgres_window > arguments.heal_within:
        problems.append(f"the PostgreSQL error window lasted {postgres_window:.1f} s")
    if redis_errors:
        problems.append(f"{redis_errors} requests failed while Redis was away or after")
    if failed_after:
        problems.append(f"{failed_after} requests failed after the faults")
    if problems:
        print("Missed:\n  " + "\n  ".join(problems))
        sys.exit(1)
    print(f"Healed: every error window closed within {arguments.heal_within:.0f} s.")


if __name__ == "__main__":
    main()
