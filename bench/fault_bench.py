#!/usr/bin/env python3
"""Faults under load: PostgreSQL restarts, Redis goes away and Redis hangs, while visitors come.

It creates a site on a fresh PostgreSQL database with 100 programmes, starts a Redis server of
its own on a free port (so the machine's Redis is left alone) and gunicorn on 127.0.0.1 with
that Redis as its cache, visits every programme page and the home page once (so the page cache
holds them), and sends a steady load from a few threads for a fixed time: those cached pages,
and searches that are each new (so they need the database). Meanwhile it

1. restarts the local PostgreSQL cluster (`pg_ctlcluster ... restart`): every worker's open
   database connection breaks, and for a second or two no new one can be made;
2. stops its Redis: the cache is gone (connections refused);
3. puts a Redis that hangs on the same port (a socket server in this script that accepts
   connections and never answers);
4. starts the real Redis again.

It prints, per half second, the requests answered 200, 503 and otherwise, and /readyz's answer;
then, for the PostgreSQL restart, what cached pages and searches got (200 from the current
cache, 200 from the last good copy, 503, 500); the median page time with Redis gone and with
Redis hanging; and a check that afterwards every worker serves pages again. It exits non-zero
when a cached page is not served during the restart, when anything is answered 500 or not at
all, when a request fails outside the restart, when a hanging Redis costs the median page more
than --hanging-margin-ms over a Redis that is gone, or when anything fails after the faults.

    .venv/bin/python bench/fault_bench.py [--duration 40] [--threads 6]

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
import socket
import statistics
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
# A phase's first second is left out of its median: workers are still meeting the change.
SETTLE = 1.0
CACHED_KINDS = ("programme", "home")


@dataclass
class Outcome:
    at: float
    kind: str
    status: int  # 0: no HTTP answer at all
    stale: bool  # a 200 from the last good copy (Cache-Control: no-store)
    seconds: float

    @property
    def ok(self) -> bool:
        return self.status == 200

    @property
    def answer(self) -> str:
        if self.status == 200:
            return "200 stale" if self.stale else "200"
        return str(self.status) if self.status else "no answer"


def request(port: int, path: str, timeout: float = 5.0) -> tuple[int, dict, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", path, headers={"Accept-Encoding": "gzip"})
        response = connection.getresponse()
        headers = {name.lower(): value for name, value in response.getheaders()}
        return response.status, headers, response.read()
    finally:
        connection.close()


def programme_path(number: int) -> str:
    return f"/programmas/programma-{number:05d}/"


def visitor(port: int, size: int, started: float, stop: threading.Event, log: list) -> None:
    chance = random.Random()
    while not stop.is_set():
        kind = chance.choice(["programme", "search", "home"])
        if kind == "programme":
            path = programme_path(chance.randrange(size))
        elif kind == "search":
            path = f"/programmas/?q={chance.choice(SEARCH_WORDS)}&n={chance.random()}"
        else:
            path = "/"
        begun = time.monotonic()
        try:
            status, headers, _body = request(port, path)
            stale = status == 200 and "no-store" in headers.get("cache-control", "")
        except OSError:
            status, stale = 0, False
        log.append(Outcome(begun - started, kind, status, stale, time.monotonic() - begun))


def readiness(port: int, started: float, stop: threading.Event, log: list) -> None:
    while not stop.is_set():
        try:
            status, _headers, body = request(port, "/readyz", timeout=3)
            failing = [name for name, result in json.loads(body).items() if result != "ok"]
            log.append((time.monotonic() - started, status, ",".join(failing)))
        except OSError as error:
            log.append((time.monotonic() - started, 0, type(error).__name__))
        time.sleep(BUCKET)


class HangingRedis:
    """A server on the Redis port that accepts every connection and never says a word."""

    def __init__(self, port: int) -> None:
        self.server = socket.create_server(("127.0.0.1", port))
        self.server.settimeout(0.1)
        self.clients: list[socket.socket] = []
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self) -> None:
        while not self.stop.is_set():
            try:
                self.clients.append(self.server.accept()[0])
            except TimeoutError:
                continue

    def close(self) -> None:
        self.stop.set()
        self.thread.join(timeout=5)
        for client in self.clients:
            client.close()
        self.server.close()


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
    """Requests not answered 200 between ``start`` and ``end``, and the seconds from the first
    to the last."""
    failed = [o.at for o in outcomes if not o.ok and start <= o.at < end]
    return len(failed), (max(failed) - min(failed) if failed else 0.0)


def median_ms(outcomes: list[Outcome], start: float, end: float) -> tuple[float, int]:
    """The median time of the page requests answered between ``start`` (plus a second to
    settle) and ``end``, in milliseconds, and how many there were."""
    times = [o.seconds for o in outcomes if start + SETTLE <= o.at < end and o.status]
    return (statistics.median(times) * 1000 if times else float("nan")), len(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=40.0)
    parser.add_argument("--threads", type=int, default=6)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--programmes", type=int, default=100)
    parser.add_argument("--heal-within", type=float, default=10.0)
    parser.add_argument("--hanging-margin-ms", type=float, default=50.0)
    arguments = parser.parse_args()
    duration = arguments.duration
    moments = {
        "PostgreSQL restart": 0.2 * duration,
        "Redis stopped": 0.4 * duration,
        "Redis hangs": 0.55 * duration,
        "Redis started": 0.7 * duration,
    }

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
                # Every programme page and the home page once: the pages the cache holds.
                for path in ["/", *map(programme_path, range(arguments.programmes))]:
                    request(port, path)
                outcomes, ready, events, redis = run_load(
                    arguments, port, redis_port, folder, moments, redis
                )
                after = [request(port, f"/programmas/?q=overheid&n={i}")[0] for i in range(200)]
            finally:
                server.send_signal(signal.SIGTERM)
                server.wait(timeout=30)
                redis.terminate()
                redis.wait(timeout=10)
            log = (folder / "gunicorn.log").read_text()
            warnings = {
                "cache": log.count("Cache unavailable"),
                "database": log.count("Database unreachable"),
            }
    report(outcomes, ready, events, after, warnings, arguments, moments)


def run_load(arguments, port, redis_port, folder, moments, redis):
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

    def until(moment: str) -> None:
        time.sleep(max(0.0, moments[moment] - (time.monotonic() - started)))

    hanging = None
    try:
        until("PostgreSQL restart")
        events["postgresql restart took"] = restart_postgresql()
        until("Redis stopped")
        subprocess.run(["redis-cli", "-p", str(redis_port), "shutdown", "nosave"],
                       capture_output=True)  # fmt: skip
        redis.wait(timeout=10)
        until("Redis hangs")
        hanging = HangingRedis(redis_port)
        until("Redis started")
        hanging.close()
        hanging = None
        redis = start_redis(redis_port, folder)
        time.sleep(max(0.0, arguments.duration - (time.monotonic() - started)))
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=10)
        if hanging:
            hanging.close()
    return outcomes, ready, events, redis


def report(outcomes, ready, events, after, warnings, arguments, moments) -> None:
    postgres_at, stopped_at = moments["PostgreSQL restart"], moments["Redis stopped"]
    hangs_at, started_at = moments["Redis hangs"], moments["Redis started"]
    print(
        f"{len(outcomes)} requests from {arguments.threads} threads in {arguments.duration:.0f} s"
        f" to gunicorn with {arguments.workers} workers; PostgreSQL restarted at "
        f"{postgres_at:.1f} s (the restart took {events['postgresql restart took']:.1f} s), "
        f"Redis stopped at {stopped_at:.1f} s, hanging from {hangs_at:.1f} s, started again at "
        f"{started_at:.1f} s.\n"
    )
    print(f"{'time s':>7} {'200':>5} {'stale':>5} {'503':>5} {'other':>5}  readyz")
    buckets: dict[int, Counter] = {}
    for outcome in outcomes:
        column = "other" if outcome.status not in (200, 503) else outcome.answer.split()[-1]
        buckets.setdefault(int(outcome.at / BUCKET), Counter())[column] += 1
    readiness_by_bucket = {int(at / BUCKET): (status, failing) for at, status, failing in ready}
    for bucket in range(int(arguments.duration / BUCKET)):
        counts = buckets.get(bucket, Counter())
        status, failing = readiness_by_bucket.get(bucket, ("", ""))
        marks = "".join(f"  <- {name}" for name, at in moments.items()
                        if int(at / BUCKET) == bucket)  # fmt: skip
        print(f"{bucket * BUCKET:>7.1f} {counts['200']:>5} {counts['stale']:>5} "
              f"{counts['503']:>5} {counts['other']:>5}  {status} {failing}{marks}")  # fmt: skip

    problems = []
    before, _ = error_window(outcomes, 0, postgres_at)
    print(f"\nFailed requests before any fault: {before}")
    if before:
        problems.append(f"{before} requests failed before any fault")

    restart = [o for o in outcomes if postgres_at <= o.at < stopped_at]
    failed, window = error_window(outcomes, postgres_at, stopped_at)
    print(f"PostgreSQL restart: {failed} requests not answered 200, within {window:.1f} s")
    for label, kinds in (("cached pages", CACHED_KINDS), ("searches", ("search",))):
        answers = Counter(o.answer for o in restart if o.kind in kinds)
        print(f"  {label}: " + ", ".join(f"{n} x {a}" for a, n in sorted(answers.items())))
    cached_failed = sum(not o.ok for o in restart if o.kind in CACHED_KINDS)
    if cached_failed:
        problems.append(f"{cached_failed} cached pages were not served during the restart")
    if window > arguments.heal_within:
        problems.append(f"the PostgreSQL error window lasted {window:.1f} s")
    broken = Counter(o.answer for o in outcomes if o.status not in (200, 503))
    if broken:
        problems.append("answered neither 200 nor 503: " + ", ".join(
            f"{n} x {a}" for a, n in broken.items()))  # fmt: skip

    redis_failed, _ = error_window(outcomes, stopped_at, arguments.duration + 60)
    gone, gone_count = median_ms(outcomes, stopped_at, hangs_at)
    hanging, hanging_count = median_ms(outcomes, hangs_at, started_at)
    back, back_count = median_ms(outcomes, started_at, arguments.duration)
    print(
        f"Redis gone, hanging, back: {redis_failed} failed requests; the site logged "
        f"{warnings['cache']} cache warning(s) (at most one a minute per worker) and "
        f"{warnings['database']} database warning(s) (at most one every 10 s per worker)"
    )
    print(
        f"  median page time: {gone:.1f} ms with Redis gone ({gone_count} requests), "
        f"{hanging:.1f} ms with Redis hanging ({hanging_count}), {back:.1f} ms with Redis back "
        f"({back_count}); the hanging Redis costs {hanging - gone:+.1f} ms"
    )
    if redis_failed:
        problems.append(f"{redis_failed} requests failed while Redis was away, hanging or after")
    if not hanging - gone <= arguments.hanging_margin_ms:
        problems.append(
            f"a hanging Redis costs the median page {hanging - gone:.1f} ms "
            f"(at most {arguments.hanging_margin_ms:.0f} ms)"
        )
    failed_after = sum(status != 200 for status in after)
    print(f"Afterwards: {len(after) - failed_after} of {len(after)} fresh searches answered 200")
    if failed_after:
        problems.append(f"{failed_after} requests failed after the faults")
    if problems:
        print("Missed:\n  " + "\n  ".join(problems))
        sys.exit(1)
    print("Held: cached pages served throughout, the rest 503 at worst, and every fault healed.")


if __name__ == "__main__":
    main()
