"""Fill the configured database with N made-up programmes for the serving benchmark.

Run with the site's settings (DATABASE_URL, BZKMEMORY_VAR_DIR, MEDIA_ROOT from the
environment): `python bench/populate.py N`. Each programme has 4 objectives, 13 planned
results, 8 achieved passages and 8 documents, in Dutch and English, with texts of the seed
programme's lengths; the first programme's first document has a real PDF file of about 200 kB.
Rows are written in bulk (no signals), then the search columns are built once.

`--corpus copies` (the default, the worst case for search: every programme is made of the seed
programme's paragraphs, so every word is everywhere) or `--corpus zipf` (bench/corpus.py: an
uneven vocabulary, so that a search finds one, a few, many or all programmes).
"""

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bzkmemory.settings")

import django  # noqa: E402

django.setup()

from django.core.files.base import ContentFile  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench.corpus import Corpus  # noqa: E402
from bench.generate_bundle import Texts, minimal_pdf  # noqa: E402
from programmes.models import AchievedResult, Objective, PlannedResult, Programme  # noqa: E402
from programmes.search import refresh_search_index  # noqa: E402
from toolbox.models import ToolboxDocument  # noqa: E402

BATCH = 500
KINDS = ["plan_of_approach", "guide", "knowledge_document", "parliamentary_letter", "other"]


def programmes(count: int, texts: Texts):
    now = timezone.now()
    for number in range(count):
        start = texts.random.randint(1950, 2020)
        paragraph = texts.paragraph
        yield Programme(
            slug=f"programma-{number:05d}",
            title=f"Programma {number}: {paragraph()[:60]}",
            title_nl=f"Programma {number}: {paragraph()[:60]}",
            title_en=f"Programme {number}: {paragraph()[:60]}",
            summary=paragraph()[:300],
            summary_nl=paragraph()[:300],
            summary_en=paragraph()[:300],
            introduction_nl=f"<p>{paragraph(300)}</p><p>{paragraph()}</p>",
            introduction_en=f"<p>{paragraph(300)}</p><p>{paragraph()}</p>",
            objectives_introduction_nl="Samenvattend had het programma als doelstellingen:",
            objectives_introduction_en="In summary, the programme's objectives were:",
            bzk_portfolio_connection_nl=f"<p>{paragraph(300)}</p>",
            bzk_portfolio_connection_en=f"<p>{paragraph(300)}</p>",
            intended_effect_nl=f"<p>{paragraph()}</p>",
            intended_effect_en=f"<p>{paragraph()}</p>",
            start_year=start,
            end_year=start + texts.random.randint(0, 6),
            status=Programme.Status.PUBLISHED,
            published_at=now,
        )


def parts(programme: Programme, texts: Texts) -> dict[type, list]:
    paragraph = texts.paragraph
    return {
        Objective: [
            Objective(programme=programme, position=i + 1, name_nl=f"Doel {i}",
                      name_en=f"Objective {i}", description_nl=paragraph(),
                      description_en=paragraph())
            for i in range(4)
        ],
        PlannedResult: [
            PlannedResult(programme=programme, position=i + 1, text_nl=paragraph()[:150],
                          text_en=paragraph()[:150])
            for i in range(13)
        ],
        AchievedResult: [
            AchievedResult(programme=programme, position=i + 1, text_nl=paragraph(200),
                           text_en=paragraph(200))
            for i in range(8)
        ],
        ToolboxDocument: [
            ToolboxDocument(programme=programme, position=i + 1, key=f"document-{i}",
                            title_nl=f"Document {i}", title_en=f"Document {i}",
                            kind=KINDS[i % len(KINDS)], description_nl=paragraph()[:200],
                            description_en=paragraph()[:200])
            for i in range(8)
        ],
    }  # fmt: skip


class ZipfTexts:
    """The texts of bench/corpus.py in the shape ``programmes`` and ``parts`` read: each
    programme's paragraphs come from its own writer, in Dutch or English as the field asks."""

    def __init__(self, count: int, seed: int = 0) -> None:
        self.corpus = Corpus(count, seed)
        self.random = __import__("random").Random(seed)
        self.writer = None

    def start(self, number: int, stream: str = "") -> None:
        self.writer = self.corpus.programme(number, stream)


def zipf_programmes(count: int, texts: ZipfTexts):
    now = timezone.now()
    for number in range(count):
        texts.start(number)
        write = texts.writer.paragraph
        start = texts.random.randint(1950, 2020)
        title_nl, title_en = texts.writer.title("nl"), texts.writer.title("en")
        yield Programme(
            slug=f"programma-{number:05d}",
            title=title_nl,
            title_nl=title_nl,
            title_en=title_en,
            summary=write("nl")[:300],
            summary_nl=write("nl")[:300],
            summary_en=write("en")[:300],
            introduction_nl=f"<p>{write('nl', 300)}</p><p>{write('nl')}</p>",
            introduction_en=f"<p>{write('en', 300)}</p><p>{write('en')}</p>",
            objectives_introduction_nl="Samenvattend had het programma als doelstellingen:",
            objectives_introduction_en="In summary, the programme's objectives were:",
            bzk_portfolio_connection_nl=f"<p>{write('nl', 300)}</p>",
            bzk_portfolio_connection_en=f"<p>{write('en', 300)}</p>",
            intended_effect_nl=f"<p>{write('nl')}</p>",
            intended_effect_en=f"<p>{write('en')}</p>",
            start_year=start,
            end_year=start + texts.random.randint(0, 6),
            status=Programme.Status.PUBLISHED,
            published_at=now,
        )


def zipf_parts(programme: Programme, texts: ZipfTexts) -> dict[type, list]:
    texts.start(int(programme.slug.rsplit("-", 1)[1]), "parts")
    write = texts.writer.paragraph
    return {
        Objective: [
            Objective(programme=programme, position=i + 1, name_nl=f"Doel {i}",
                      name_en=f"Objective {i}", description_nl=write("nl"),
                      description_en=write("en"))
            for i in range(4)
        ],
        PlannedResult: [
            PlannedResult(programme=programme, position=i + 1, text_nl=write("nl")[:150],
                          text_en=write("en")[:150])
            for i in range(13)
        ],
        AchievedResult: [
            AchievedResult(programme=programme, position=i + 1, text_nl=write("nl", 200),
                           text_en=write("en", 200))
            for i in range(8)
        ],
        ToolboxDocument: [
            ToolboxDocument(programme=programme, position=i + 1, key=f"document-{i}",
                            title_nl=f"Document {i}: {write('nl')[:60]}",
                            title_en=f"Document {i}: {write('en')[:60]}",
                            kind=KINDS[i % len(KINDS)], description_nl=write("nl")[:200],
                            description_en=write("en")[:200])
            for i in range(8)
        ],
    }  # fmt: skip


def populate(count: int, corpus: str = "copies") -> ToolboxDocument:
    """Write ``count`` published programmes, their texts from the seed's paragraphs
    (``corpus="copies"``) or from bench/corpus.py (``"zipf"``); returns the document that
    has a file."""
    if corpus == "zipf":
        texts, make, make_parts = ZipfTexts(count), zipf_programmes, zipf_parts
    else:
        texts, make, make_parts = Texts(seed=1), programmes, parts
    created: list[Programme] = []
    with transaction.atomic():
        batch: list[Programme] = []
        for programme in make(count, texts):
            batch.append(programme)
            if len(batch) == BATCH:
                created += Programme.objects.bulk_create(batch)
                batch = []
        created += Programme.objects.bulk_create(batch)
        for start in range(0, len(created), BATCH):
            rows: dict[type, list] = {}
            for programme in created[start : start + BATCH]:
                for model, objects in make_parts(programme, texts).items():
                    rows.setdefault(model, []).extend(objects)
            for model, objects in rows.items():
                model.objects.bulk_create(objects)
        first = ToolboxDocument.objects.get(programme=created[0], key="document-0")
        pdf = minimal_pdf(pages=12) + b"%" + bytes(200_000)
        first.file = ContentFile(pdf, name="rapport.pdf")
        first.title_nl = "Eindrapport"
        first.save()
    refresh_search_index(programme.pk for programme in created)
    # Fresh statistics and no dead rows (each programme was written twice: its rows, then its
    # search columns), as autovacuum would leave them on a live site after a large import.
    # (VACUUM cannot run inside a transaction, as in the benchmarks' own tests.)
    vacuum = connection.vendor == "postgresql" and not connection.in_atomic_block
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if vacuum else "ANALYZE")
    return first


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int)
    parser.add_argument("--corpus", choices=["copies", "zipf"], default="copies")
    arguments = parser.parse_args()
    count = arguments.count
    document = populate(count, arguments.corpus)
    print(f"{count} programmes; download: {document.public_url}")


if __name__ == "__main__":
    main()
