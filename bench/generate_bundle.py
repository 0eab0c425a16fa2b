#!/usr/bin/env python3
"""Write an archive bundle of N made-up programmes, for measuring imports (not for the site).

Each programme has 4 objectives, 13 planned results, 8 achieved passages and the given number of
documents (by default 10: one in five with a small real PDF, the others records; with
--no-files, records only), with Dutch and English texts of the seed programme's lengths. Plain
Python: no Django needed.

    python bench/generate_bundle.py OUTPUT_FOLDER --programmes 1000 --documents 10
    python bench/generate_bundle.py OUTPUT_FOLDER --programmes 10000 --documents 3 --no-files
"""

import argparse
import hashlib
import json
import random
from pathlib import Path

SEED = Path(__file__).resolve().parent.parent / "tests" / "data" / "seed_page.txt"
KINDS = ["plan_of_approach", "guide", "knowledge_document", "parliamentary_letter", "other"]


def minimal_pdf(pages: int) -> bytes:
    """A small valid PDF, written by hand (this script needs no libraries)."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>"]
    kids = " ".join(f"{3 + i} 0 R" for i in range(pages))
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {pages} >>".encode())
    objects += [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"] * pages
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\n".encode()
    out += f"startxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


class Texts:
    def __init__(self, seed: int) -> None:
        self.random = random.Random(seed)
        text = SEED.read_text(encoding="utf-8")
        self.paragraphs = [p.strip() for p in text.split("\n\n") if len(p.strip()) > 80]

    def paragraph(self, minimum: int = 80) -> str:
        return self.random.choice([p for p in self.paragraphs if len(p) >= minimum])


def document_entry(
    out: Path, slug: str, number: int, index: int, start: int, texts: Texts, files: bool
) -> dict:
    key = f"document-{index:02d}"
    file_entry = None
    if files and index % 5 == 0:
        data = minimal_pdf(pages=1 + index % 4)
        path = f"files/{slug}/documents/{key}.pdf"
        (out / path).parent.mkdir(parents=True, exist_ok=True)
        (out / path).write_bytes(data)
        file_entry = {
            "path": path,
            "size": len(data),
            "content_type": "application/pdf",
            "sha256": hashlib.sha256(data).hexdigest(),
        }
    return {
        "key": key,
        "kind": texts.random.choice(KINDS),
        "title_nl": f"Document {index} bij programma {number}",
        "title_en": f"Document {index} of programme {number}",
        "description_nl": texts.paragraph()[:200],
        "description_en": texts.paragraph()[:200],
        "publication_date": f"{start + 1}-0{1 + index % 9}-1{index % 9}",
        "language": "nl",
        "external_url": "",
        "file": file_entry,
    }


def programme_document(
    out: Path, number: int, documents: int, texts: Texts, files: bool = True
) -> dict:
    slug = f"programma-{number:05d}"
    start = texts.random.randint(1950, 2020)
    paragraph = texts.paragraph
    return {
        "slug": slug,
        "status": "published",
        "published_at": "2026-11-29T00:00:00.000000Z",
        "withdrawn_at": None,
        "start_year": start,
        "end_year": start + texts.random.randint(0, 6),
        "title_nl": f"Programma {number}: {paragraph()[:60]}",
        "title_en": f"Programme {number}: {paragraph()[:60]}",
        "summary_nl": paragraph()[:300],
        "summary_en": paragraph()[:300],
        "introduction_nl": f"<p>{paragraph(300)}</p><p>{paragraph()}</p>",
        "introduction_en": f"<p>{paragraph(300)}</p><p>{paragraph()}</p>",
        "objectives_introduction_nl": "Samenvattend had het programma als doelstellingen:",
        "objectives_introduction_en": "In summary, the programme's objectives were:",
        "bzk_portfolio_connection_nl": f"<p>{paragraph(300)}</p>",
        "bzk_portfolio_connection_en": f"<p>{paragraph(300)}</p>",
        "intended_effect_nl": f"<p>{paragraph()}</p>",
        "intended_effect_en": f"<p>{paragraph()}</p>",
        "responsible_unit_nl": "",
        "responsible_unit_en": "",
        "image": None,
        "image_alt_text_nl": "",
        "image_alt_text_en": "",
        "image_caption_nl": "",
        "image_caption_en": "",
        "image_is_decorative": False,
        "review_date": None,
        "former_slugs": [],
        "objectives": [
            {
                "name_nl": f"Doel {i}",
                "name_en": f"Objective {i}",
                "description_nl": paragraph(),
                "description_en": paragraph(),
            }
            for i in range(4)
        ],
        "planned_results": [
            {"text_nl": paragraph()[:150], "text_en": paragraph()[:150]} for _ in range(13)
        ],
        "achieved_results": [
            {
                "heading_nl": "",
                "heading_en": "",
                "text_nl": paragraph(200),
                "text_en": paragraph(200),
            }
            for _ in range(8)
        ],
        "documents": [
            document_entry(out, slug, number, index, start, texts, files)
            for index in range(documents)
        ],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output", type=Path)
    parser.add_argument("--programmes", type=int, default=1000)
    parser.add_argument("--documents", type=int, default=10)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--no-files", dest="files", action="store_false", help="Documents without PDF files."
    )
    arguments = parser.parse_args()
    texts = Texts(arguments.seed)
    out: Path = arguments.output
    (out / "programmes").mkdir(parents=True)
    entries = []
    for number in range(arguments.programmes):
        document = programme_document(out, number, arguments.documents, texts, arguments.files)
        data = (json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode()
        path = f"programmes/{document['slug']}.json"
        (out / path).write_bytes(data)
        entries.append({"path": path, "sha256": hashlib.sha256(data).hexdigest()})
    manifest = {
        "format": "bzkmemory-archive",
        "format_version": 1,
        "exported_at": "2026-11-29T00:00:00.000000Z",
        "source_site": "bench/generate_bundle.py",
        "programmes": entries,
    }
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
    total = arguments.programmes * arguments.documents
    files = "" if arguments.files else " (no files)"
    print(f"Wrote {arguments.programmes} programmes with {total} documents{files} to {out}")


if __name__ == "__main__":
    main()
