"""Word (DOCX, python-docx) and OpenDocument text (ODT, odfpy): paragraphs, headings and
tables in reading order, a blank line between blocks; title and date from the document
properties (else the first heading)."""

from __future__ import annotations

import io
from collections.abc import Iterator

from .model import Extracted, Part

__all__ = ["extract_docx", "extract_odt"]


def _table_rows(rows: Iterator[list[str]]) -> Iterator[str]:
    for cells in rows:
        line = " | ".join(" ".join(cell.split()) for cell in cells if cell.strip())
        if line:
            yield line


def extract_docx(data: bytes) -> Extracted:
    """Paragraphs and table rows of a ``.docx``; ``Title``/``Heading`` styles give the title."""
    import docx
    from docx.table import Table

    document = docx.Document(io.BytesIO(data))
    blocks: list[str] = []
    heading = None
    for item in document.iter_inner_content():
        if isinstance(item, Table):
            rows = ([cell.text for cell in row.cells] for row in item.rows)
            blocks.append("\n".join(_dedupe_merged(_table_rows(rows))))
            continue
        text = item.text.strip()
        if not text:
            continue
        style = (item.style.name if item.style is not None else "") or ""
        if heading is None and (style == "Title" or style.startswith("Heading")):
            heading = text
        blocks.append(text)
    props = document.core_properties
    title = (props.title or "").strip() or heading
    date = props.created.date().isoformat() if props.created else None
    return Extracted([Part("\n\n".join(b for b in blocks if b))], title=title, date=date)


def _dedupe_merged(rows: Iterator[str]) -> Iterator[str]:
    # python-docx repeats a merged cell's text in each grid column it spans
    for row in rows:
        cells = row.split(" | ")
        yield " | ".join(c for i, c in enumerate(cells) if i == 0 or c != cells[i - 1])


def extract_odt(data: bytes) -> Extracted:
    """Headings, paragraphs, list items and table rows of an ``.odt`` in document order."""
    from odf import teletype
    from odf.namespaces import DCNS, METANS, TABLENS, TEXTNS
    from odf.opendocument import load

    document = load(io.BytesIO(data))
    blocks: list[str] = []
    heading = None

    def walk(node) -> None:
        nonlocal heading
        for child in node.childNodes:
            qname = getattr(child, "qname", None)
            if qname in ((TEXTNS, "p"), (TEXTNS, "h")):
                text = " ".join(teletype.extractText(child).split())
                if text:
                    blocks.append(text)
                    if heading is None and qname == (TEXTNS, "h"):
                        heading = text
            elif qname == (TABLENS, "table-row"):
                cells = [teletype.extractText(c) for c in child.childNodes if getattr(c, "qname", None) == (TABLENS, "table-cell")]
                blocks.extend(_table_rows(iter([cells])))
            elif qname is not None:
                walk(child)

    walk(document.text)
    title = date = None
    for node in document.meta.childNodes:
        qname = getattr(node, "qname", None)
        if qname == (DCNS, "title"):
            title = " ".join(teletype.extractText(node).split()) or None
        elif qname in ((METANS, "creation-date"), (DCNS, "date")) and date is None:
            date = teletype.extractText(node)[:10] or None
    return Extracted([Part("\n\n".join(blocks))], title=title or heading, date=date)
