"""Reading files and folders into :class:`~corpus.model.Document` objects."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from .dates import published_date
from .decoding import decode_text
from .failpoints import failpoint
from .files import SUPPORTED_SUFFIXES, iter_source_files, unusable_name
from .formats import FORMAT_SUFFIXES, Extracted, extract
from .html import parse_html
from .jsonl import JsonlFields, parse_jsonl
from .language import detect_language
from .model import CorpusError, Document, SkippedSource, valid_unicode
from .opening import open_source
from .passages import build_passages
from .titles import title_for

__all__ = ["documents_of", "parse_source", "read_file", "read_path"]


def read_file(path: str | Path, as_text: Iterable[str] = (), fields: JsonlFields | None = None) -> list[Document]:
    """Read one file: one Document for ``.txt``/``.md``/``.html``, one per record for ``.jsonl``.

    A text file's ``id`` and ``source`` are its absolute path (normalised, symlinks
    kept as found) and its ``text`` is the whole decoded file (BOM removed, line
    endings untouched; see :mod:`corpus.decoding` for encodings). The file is opened
    by :func:`~corpus.opening.open_source`: only a regular file is read (a FIFO is
    never waited on), and no more than the size it had when it was opened.
    Unreadable, unsupported or malformed input raises :class:`CorpusError`; binary,
    empty or whitespace-only files, names that are not UTF-8, and files gone before
    they could be read raise :class:`SkippedSource` (a CorpusError too). A file whose
    suffix is in ``as_text`` (see :func:`corpus.files.text_suffixes`) is read as ``.txt``.
    ``fields``: the field names of JSONL records (see :mod:`corpus.jsonl`); a JSONL
    file's bad records are left out and listed in the result's ``bad``.

    >>> from pathlib import Path
    >>> (doc,) = read_file(Path(__file__).parent / "samples" / "ru-kulibaev-bach-lausanne.txt")
    >>> doc.title[:14], doc.lang, doc.passages[0].line, doc.passages[1].line
    ('Тимур Кулибаев', 'ru', 1, 4)
    """
    path = Path(path)
    _check_name(path, as_text)
    with open_source(path) as opened:
        data = opened.read()
    return parse_source(data, path, as_text, fields)


def parse_source(
    data: bytes, path: str | Path, as_text: Iterable[str] = (), fields: JsonlFields | None = None
) -> list[Document]:
    """The Documents in ``data``, the bytes of the file ``path`` (read as :func:`read_file` does).

    >>> [d.text for d in parse_source("Привет, мир".encode(), "/data/a.txt")]
    ['Привет, мир']
    """
    path = Path(path)
    suffix = _check_name(path, as_text)
    source = os.path.abspath(path)
    if not data or data.isspace():
        raise SkippedSource(f"{path}: {'whitespace only' if data else 'empty file'}, nothing to index")
    if suffix == ".jsonl":
        documents = parse_jsonl(data, str(path), source, fields)
        if not documents:
            raise SkippedSource(f"{path}: no records, nothing to index")
        return documents
    if suffix in (".html", ".htm"):
        return [parse_html(data, str(path), source)]
    if suffix in FORMAT_SUFFIXES:
        return documents_of(extract(data, path), path, source)
    failpoint("decode", path)
    text = decode_text(data, str(path))
    del data  # a big file's bytes are not needed beside its text
    if not text or text.isspace():
        raise SkippedSource(f"{path}: whitespace only, nothing to index")
    failpoint("parse", path)
    lang = detect_language(text)
    title = title_for(text, path, markdown=suffix == ".md")
    failpoint("split", path)
    return [
        Document(
            id=source,
            source=source,
            title=title,
            text=text,
            lang=lang,
            passages=build_passages(text, default_lang=lang),
            date=published_date(text),
        )
    ]


_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?$")


def documents_of(extracted: Extracted, path: str | Path, source: str) -> list[Document]:
    """One Document per part of an extracted file (a PDF page, an EPUB chapter, a message).

    A part's Document has the id ``source#fragment`` (``/docs/report.pdf#page=3``), lines
    and offsets counted in the part's extracted text, the part's own title (a chapter's
    heading, a message's subject) or else the file's, and the file's date.

    >>> from polyseek.corpus.formats import Part
    >>> docs = documents_of(Extracted([Part("Первая страница.", "page=1"), Part("Вторая.", "page=2")], title="Отчёт"), "r.pdf", "/d/r.pdf")
    >>> [(d.id, d.title, d.passages[0].line) for d in docs]
    [('/d/r.pdf#page=1', 'Отчёт', 1), ('/d/r.pdf#page=2', 'Отчёт', 1)]
    """
    first_text = next((part.text for part in extracted.parts if part.text.strip()), "")
    file_title = extracted.title or title_for(first_text, path)
    date = extracted.date if extracted.date and _DATE.match(extracted.date) else None
    documents = []
    for part in extracted.parts:
        text = valid_unicode(part.text)
        if not text.strip():
            continue
        lang = detect_language(text)
        documents.append(
            Document(
                id=f"{source}#{part.fragment}" if part.fragment else source,
                source=source,
                title=part.title or file_title,
                text=text,
                lang=lang,
                passages=build_passages(text, default_lang=lang),
                date=date or published_date(text),
            )
        )
    return documents


def _check_name(path: Path, as_text: Iterable[str] = ()) -> str:
    """``path``'s suffix, lower case (``.txt`` for one of ``as_text``); CorpusError if polyseek
    does not read it, SkippedSource if not UTF-8."""
    if (problem := unusable_name(path)) is not None:
        raise problem
    suffix = path.suffix.lower()
    if suffix in as_text:
        return ".txt"
    if suffix not in SUPPORTED_SUFFIXES:
        supported = ", ".join(SUPPORTED_SUFFIXES)
        raise CorpusError(f"{path}: unsupported file type {suffix or '(none)'!r} (supported: {supported})")
    return suffix


def read_path(path: str | Path) -> Iterator[Document]:
    """Every Document in a file or, recursively, a folder (order of :func:`iter_source_files`).

    Sources that are skipped (binary, empty, links not followed) are left out
    silently; a source that cannot be read raises :class:`CorpusError`.

    >>> from pathlib import Path
    >>> docs = list(read_path(Path(__file__).parent / "samples"))
    >>> len(docs), sorted({d.lang for d in docs})
    (5, ['ar', 'en', 'ru'])
    """
    for source in iter_source_files(path):
        try:
            documents = read_file(source)
        except SkippedSource:
            continue
        yield from documents
