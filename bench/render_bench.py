#!/usr/bin/env python3
"""Measure, in one process, what a public page nobody asked for before costs to render.

For each archive size N it creates an empty site in a temporary folder (bench/workspace.py),
fills it with N programmes (bench/populate.py) and one exhibition of 40 timeline items that
relates 6 programmes, then, in a child process with the site's settings, requests pages through
Django's test client (the whole middleware stack, as gunicorn would run it) with the page cache
emptied before each request: every request is a page the cache has not seen.

Rows, in Dutch and English:

- ``programme, stored``: each request a different programme whose stored body was made when it
  was written (what a crawler meets on a live site);
- ``programme, live``: the same programmes with their stored bodies removed first, so each
  request renders the body live (and stores it): the cost before this store existed, and after
  a deploy that changes the templates;
- ``exhibition, stored`` / ``exhibition, live``: the exhibition page, likewise;
- ``reference``: robots.txt through the same client, measured in the same run, so that numbers
  taken on a busy machine can be compared;
- ``gzip -6`` / ``gzip -1``: compressing the programme page alone, at the level the page cache
  uses and at the fastest (CPU only; the wall columns repeat it).

CPU ms is ``time.process_time`` around the request, wall ms ``time.perf_counter``; p50 and p90
over the repetitions.

    .venv/bin/python bench/render_bench.py [--sizes 1 300 10000] [--postgres]
        [--repeat 200] [--profile] [--json results.json]

``--profile`` prints a cProfile of the stored programme page (Dutch) at the last size.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from workspace import PYTHON, ROOT, fresh_site, manage

EXHIBITION_ITEMS = 40
RELATED = 6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1, 300, 10_000])
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument("--repeat", type=int, default=200)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--json", type=Path)
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.child is not None:
        child(arguments)
        return
    results = []
    for size in arguments.sizes:
        with tempfile.TemporaryDirectory(prefix="bzk-render-") as folder:
            database = "postgres" if arguments.postgres else "sqlite"
            with fresh_site(Path(folder), postgres=arguments.postgres, label=f"r{size}") as env:
                started = time.perf_counter()
                subprocess.run(
                    [PYTHON, "bench/populate.py", str(size)], cwd=ROOT, env=env, check=True
                )
                populated = time.perf_counter() - started
                manage(["collectstatic", "--noinput", "-v0"], env)
                command = [PYTHON, __file__, "--child", str(size), "--repeat"]
                command += [str(arguments.repeat)] + (["--profile"] if arguments.profile else [])
                output = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
                sys.stderr.write(output.stderr)
                output.check_returncode()
                rows = json.loads(output.stdout.splitlines()[-1])
                for row in rows:
                    row.update(database=database, size=size, populate_s=round(populated, 1))
                results += rows
                report(rows)
    if arguments.json:
        arguments.json.write_text(json.dumps(results, indent=2))


def report(rows: list[dict]) -> None:
    print(
        f"\n{rows[0]['database']}, N = {rows[0]['size']} (populated in {rows[0]['populate_s']} s)"
    )
    print(f"{'page':<28}{'lang':<6}{'CPU p50':>9}{'CPU p90':>9}{'wall p50':>10}{'wall p90':>10}")
    for row in rows:
        print(
            f"{row['page']:<28}{row['language']:<6}{row['cpu_p50']:>9.2f}{row['cpu_p90']:>9.2f}"
            f"{row['wall_p50']:>10.2f}{row['wall_p90']:>10.2f}"
        )


# The child: the site's settings, in this process.


def child(arguments: argparse.Namespace) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bzkmemory.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    # As in production: absolute addresses from configuration, so pages can be rendered after
    # a write, before anyone asks for them.
    settings.PUBLIC_BASE_URL = "http://testserver"
    from django.core.cache import cache
    from django.test import Client

    from programmes.models import Programme

    exhibition = make_exhibition()
    client = Client(HTTP_ACCEPT_ENCODING="gzip")
    programmes = list(Programme.objects.published().order_by("pk").values_list("pk", "slug"))
    repeat = arguments.repeat
    rows = []

    def measure(page: str, language: str, paths, before=None) -> None:
        cpu, wall = [], []
        for index in range(repeat + 5):
            path = paths(index)
            if before:
                before(index)
            cache.clear()
            started_cpu, started_wall = time.process_time(), time.perf_counter()
            response = client.get(path)
            spent_cpu, spent_wall = time.process_time(), time.perf_counter()
            if response.status_code != 200:
                raise SystemExit(f"{path}: {response.status_code}")
            if index >= 5:  # the first few warm the process (imports, compiled statements)
                cpu.append((spent_cpu - started_cpu) * 1000)
                wall.append((spent_wall - started_wall) * 1000)
        rows.append({"page": page, "language": language, **percentiles(cpu, wall)})

    prefixes = {"nl": "/programmas/", "en": "/en/programmes/"}
    exhibition_paths = {
        "nl": f"/tentoonstellingen/{exhibition.slug}/",
        "en": f"/en/exhibitions/{exhibition.slug}/",
    }
    measure("reference (robots.txt)", "-", lambda index: "/robots.txt")
    for language in ("nl", "en"):

        def programme_path(index: int, language: str = language) -> str:
            return f"{prefixes[language]}{programmes[index % len(programmes)][1]}/"

        def forget(index: int) -> None:
            forget_renderings("programmes", programmes[index % len(programmes)][0])

        store_renderings("programmes", [pk for pk, _slug in programmes[: repeat + 5]])
        measure("programme, stored", language, programme_path)
        measure("programme, live", language, programme_path, before=forget)
        store_renderings("exhibitions", [exhibition.pk])
        measure(
            "exhibition, stored",
            language,
            lambda index, language=language: exhibition_paths[language],
        )
        measure(
            "exhibition, live",
            language,
            lambda index, language=language: exhibition_paths[language],
            before=lambda index: forget_renderings("exhibitions", exhibition.pk),
        )
    rows += compression(client, f"{prefixes['nl']}{programmes[0][1]}/")
    if arguments.profile:
        store_renderings("programmes", [pk for pk, _slug in programmes[:100]])
        profile(client, programmes, prefixes["nl"])
    print(json.dumps(rows))


def compression(client, path: str) -> list[dict]:
    """What compressing the page costs (website/page_cache.py gzips each page it stores, at
    level 6): part of every page nobody asked for before, whatever renders it."""
    import gzip

    from django.test import Client

    body = Client().get(path).content
    rows = []
    for level in (6, 1):
        cpu = []
        for _ in range(100):
            started = time.process_time()
            gzip.compress(body, compresslevel=level, mtime=0)
            cpu.append((time.process_time() - started) * 1000)
        size = len(gzip.compress(body, compresslevel=level, mtime=0))
        rows.append(
            {
                "page": f"gzip -{level} ({len(body) // 1024} to {size // 1024} KiB)",
                "language": "nl",
                **percentiles(cpu, cpu),
            }
        )
    return rows


def percentiles(cpu: list[float], wall: list[float]) -> dict:
    def p(values: list[float], q: int) -> float:
        return round(statistics.quantiles(values, n=100)[q - 1], 3)

    return {
        "cpu_p50": p(cpu, 50),
        "cpu_p90": p(cpu, 90),
        "wall_p50": p(wall, 50),
        "wall_p90": p(wall, 90),
        "repeat": len(cpu),
    }


def store_renderings(app: str, ids: list[int]) -> None:
    """Make the stored bodies, as the write that made these rows would have (populate writes in
    bulk, without signals); nothing when this code has no store."""
    try:
        rendering = __import__(f"{app}.rendering", fromlist=["refresh"])
    except ImportError:
        return
    rendering.refresh(ids)


def forget_renderings(app: str, pk: int) -> None:
    try:
        rendering = __import__(f"{app}.rendering", fromlist=["forget"])
    except ImportError:
        return
    rendering.forget([pk])


def make_exhibition():
    from datetime import date

    from django.utils import timezone

    from exhibitions.models import Curator, Exhibition, TimelineItem
    from programmes.models import Programme
    from toolbox.models import ToolboxDocument

    paragraph = "<p>" + "De gemeente en het Rijk werkten samen aan het bestuur. " * 12 + "</p>"
    curator = Curator.objects.create(name="Curator", role_nl="historicus", role_en="historian")
    exhibition = Exhibition.objects.create(
        title_nl="Lokale democratie",
        title_en="Local democracy",
        slug="lokale-democratie",
        subtitle_nl="Een tentoonstelling.",
        subtitle_en="An exhibition.",
        curator=curator,
        teaser_nl="Het begin van de inleiding.",
        teaser_en="The beginning of the introduction.",
        curator_introduction_nl=paragraph,
        curator_introduction_en=paragraph,
        reading_guide_nl=paragraph,
        reading_guide_en=paragraph,
    )
    documents = list(ToolboxDocument.objects.order_by("pk")[:EXHIBITION_ITEMS])
    for number in range(EXHIBITION_ITEMS):
        TimelineItem.objects.create(
            exhibition=exhibition,
            slug=f"gebeurtenis-{number}",
            date=date(1950 + number, 1 + number % 12, 1),
            title_nl=f"Gebeurtenis {number}",
            title_en=f"Event {number}",
            kind="text",
            text_nl=paragraph,
            text_en=paragraph,
            document=documents[number] if number % 3 == 0 and number < len(documents) else None,
        )
    exhibition.related_programmes.set(Programme.objects.order_by("pk")[:RELATED])
    exhibition.status = Exhibition.Status.PUBLISHED
    exhibition.published_at = timezone.now()
    exhibition.save()
    return exhibition


def profile(client, programmes, prefix: str) -> None:
    import cProfile
    import pstats

    from django.core.cache import cache

    profiler = cProfile.Profile()
    for index in range(100):
        _pk, slug = programmes[index % len(programmes)]
        cache.clear()
        profiler.enable()
        client.get(f"{prefix}{slug}/")
        profiler.disable()
    stats = pstats.Stats(profiler, stream=sys.stderr)
    stats.sort_stats("cumulative").print_stats(45)
    stats.sort_stats("tottime").print_stats(30)
    stats.print_callers("__build_class__")


if __name__ == "__main__":
    main()
