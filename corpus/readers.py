"""Reading files and folders into :class:`~corpus.model.Document` objects."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from .dates import published_date
from .decoding import decode_text
from .failpoints import failpoint
from .files import SUPPORTED_SUFFIXES, iter_source_files, unusable_name
from .html import parse_html
from .jsonl import JsonlFields, parse_jsonl
from .language import detect_language
from .model import CorpusError, Document, SkippedSource
from .opening import open_source
from .passages import build_passages
from .titles import title_for

__all__ = ["parse_source", "read_file", "read_path"]


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
