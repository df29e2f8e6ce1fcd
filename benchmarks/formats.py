"""Document formats benchmark: documents/s and MB/s per format, extraction and indexing.

Builds a folder of mixed documents (default 40 per format, 280 in all) from the sample
corpus's real Russian, Arabic and English text: PDFs copied from tests/data/formats, DOCX
(python-docx), ODT (odfpy), EPUB, EML and RTF written here; then times, per format,
extraction alone (corpus.formats, in this process) and ``SearchIndex.add_path`` of that
format's folder (bounded child process, analysis, index). Usage::

    python benchmarks/formats.py [--per-format 40]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
import zipfile
from email.message import EmailMessage
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from polyseek.corpus.formats.registry import extract_here  # noqa: E402
from polyseek.searcher import SearchIndex  # noqa: E402

SAMPLES = sorted((ROOT / "corpus" / "samples").glob("*.txt"))
PDFS = sorted((ROOT / "tests" / "data" / "formats").glob("[ar]*.pdf"))


def _paragraphs(n: int) -> list[str]:
    text = SAMPLES[n % len(SAMPLES)].read_text(encoding="utf-8")
    return [p for p in text.split("\n") if p.strip()][:12]


def _docx(path: Path, n: int) -> None:
    import docx

    d = docx.Document()
    for p in _paragraphs(n):
        d.add_paragraph(p)
    d.save(str(path))


def _odt(path: Path, n: int) -> None:
    from odf.opendocument import OpenDocumentText
    from odf.text import P

    d = OpenDocumentText()
    for p in _paragraphs(n):
        d.text.addElement(P(text=p))
    d.save(str(path))


def _epub(path: Path, n: int) -> None:
    body = "".join(f"<p>{p}</p>" for p in _paragraphs(n))
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("META-INF/container.xml", '<container><rootfiles><rootfile full-path="c.opf"/></rootfiles></container>')
        z.writestr("c.opf", '<package><metadata/><manifest><item id="a" href="a.xhtml"/></manifest><spine><itemref idref="a"/></spine></package>')
        z.writestr("a.xhtml", f"<html><body><h1>Chapter</h1>{body}</body></html>")


def _eml(path: Path, n: int) -> None:
    m = EmailMessage()
    m["Subject"] = _paragraphs(n)[0][:80]
    m["From"] = "press@example.org"
    m.set_content("\n\n".join(_paragraphs(n)), charset="utf-8")
    path.write_bytes(bytes(m))


def _rtf(path: Path, n: int) -> None:
    text = "\\par ".join("".join(c if ord(c) < 128 else f"\\u{ord(c)}?" for c in p) for p in _paragraphs(n))
    path.write_text("{\\rtf1\\ansi " + text + "}", encoding="ascii")


def _pdf(path: Path, n: int) -> None:
    shutil.copy(PDFS[n % len(PDFS)], path)


MAKERS = {".pdf": _pdf, ".docx": _docx, ".odt": _odt, ".epub": _epub, ".eml": _eml, ".rtf": _rtf}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-format", type=int, default=40)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        print(f"{'format':7} {'docs':>5} {'MB':>7} {'extract docs/s':>15} {'extract MB/s':>13} {'index docs/s':>13} {'index MB/s':>11}")
        total_docs = 0
        for suffix, make in MAKERS.items():
            folder = base / suffix[1:]
            folder.mkdir()
            for n in range(args.per_format):
                make(folder / f"doc{n:04d}{suffix}", n)
            files = sorted(folder.iterdir())
            size = sum(f.stat().st_size for f in files) / 1e6
            started = time.perf_counter()
            for f in files:
                extract_here(f.read_bytes(), suffix)
            extract_s = time.perf_counter() - started
            started = time.perf_counter()
            with SearchIndex.create(base / f"ix-{suffix[1:]}") as ix:
                stats = ix.add_path(folder)
            index_s = time.perf_counter() - started
            assert stats.added == len(files) and stats.failed == 0, stats
            total_docs += len(files)
            print(f"{suffix:7} {len(files):5} {size:7.2f} {len(files) / extract_s:15.1f} {size / extract_s:13.2f} {len(files) / index_s:13.1f} {size / index_s:11.2f}")
        print(f"{total_docs} documents in all")


if __name__ == "__main__":
    main()
