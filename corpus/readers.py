"""Reading files and folders into :class:`~corpus.model.Document` objects."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from .dates import published_date
from .decoding import decode_text
from .files import SUPPORTED_SUFFIXES, iter_source_files
from .html import parse_html
from .jsonl import parse_jsonl
from .language import detect_language
from .model import CorpusError, Document
from .passages import build_passages
from .titles import title_for

__all__ = ["read_file", "read_path"]


def read_file(path: str | Path) -> list[Document]:
    """Read one file: one Document for ``.txt``/``.md``/``.html``, one per record for ``.jsonl``.

    A text file's ``id`` and ``source`` are its absolute resolved path and its
    ``text`` is the whole decoded file (BOM removed, line endings untouched).
    Unreadable, undecodable, unsupported or malformed input raises
    :class:`CorpusError`; an empty file gives a Document without passages.

    >>> from pathlib import Path
    >>> (doc,) = read_file(Path(__file__).parent / "samples" / "ru-kulibaev-bach-lausanne.txt")
    >>> doc.title[:14], doc.lang, doc.passages[0].line, doc.passages[1].line
    ('Тимур Кулибаев', 'ru', 1, 4)
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        supported = ", ".join(SUPPORTED_SUFFIXES)
        raise CorpusError(f"{path}: unsupported file type {suffix or '(none)'!r} (supported: {supported})")
    try:
        data = path.read_bytes()
    except OSError as err:
        raise CorpusError(f"{path}: cannot read ({err.strerror or err})") from None
    source = str(path.resolve())
    if suffix == ".jsonl":
        return parse_jsonl(data, str(path), source)
    if suffix in (".html", ".htm"):
        return [parse_html(data, str(path), source)]
    text = decode_text(data, str(path))
    lang = detect_language(text)
    return [
        Document(
            id=source,
            source=source,
            title=title_for(text, path, markdown=suffix == ".md"),
            text=text,
            lang=lang,
            passages=build_passages(text, default_lang=lang),
            date=published_date(text),
        )
    ]


def read_path(path: str | Path) -> Iterator[Document]:
    """Every Document in a file or, recursively, a folder (order of :func:`iter_source_files`).

    >>> from pathlib import Path
    >>> docs = list(read_path(Path(__file__).parent / "samples"))
    >>> len(docs), sorted({d.lang for d in docs})
    (5, ['ar', 'en', 'ru'])
    """
    for source in iter_source_files(path):
        yield from read_file(source)
