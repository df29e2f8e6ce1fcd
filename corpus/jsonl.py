"""JSONL sources: one object per line, ``{"id", "text", "title"?, "lang"?, "date"?}``.

Common collections name their fields differently; without :class:`JsonlFields` the
first field present of each list is used:

=======  =========================================================================
id       ``id``; ``_id`` (BEIR); ``docid`` (Mr. TyDi, MIRACL)
text     ``text``; ``contents`` (Pyserini's JsonCollection)
title    ``title``
date     ``date``
=======  =========================================================================

A bad record (malformed JSON, not an object, no id or text, a duplicate id, a raw NUL
byte) is one bad record: it is left out and reported with its line number, and the
records before and after it are read.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from itertools import chain
from typing import Any

from .dates import normalize_date, published_date
from .decoding import BINARY_PROBE, NotTextError, decode_chunks
from .failpoints import failpoint
from .jsonl_fields import DEFAULT_FIELDS, JsonlFields
from .language import LANGUAGES, detect_language
from .model import CorpusError, Document
from .passages import build_passages
from .titles import first_line_title

__all__ = ["DEFAULT_FIELDS", "JsonlDocuments", "JsonlFields", "JsonlReader", "SeenIds", "parse_jsonl"]


class JsonlDocuments(list):
    """The documents of a JSONL file; ``bad`` holds one line per bad record left out."""

    bad: list[str]

    def __init__(self) -> None:
        super().__init__()
        self.bad = []


def parse_jsonl(data: bytes, name: str, source: str, fields: JsonlFields | None = None) -> JsonlDocuments:
    """One :class:`Document` per good non-blank line; each bad one is listed in ``bad``.

    Offsets are into each record's text; ``Document.line`` and every passage's
    ``line`` are the record's line number. ``lang`` (``ru``/``ar``/``en``/``und``)
    overrides detection for the document and its passages. Without a title the
    text's first line is used when it looks like one, else the id. The date
    (``YYYY[-MM[-DD]]``, an ISO timestamp is cut to its date) is the publication
    date; without it one is looked for in the text's dateline. A file with bad
    records only raises :class:`CorpusError`; one that is binary (an image renamed
    ``.jsonl``), :class:`~corpus.decoding.NotTextError`. :class:`JsonlReader` reads
    the same records from a file in pieces.

    >>> data = '{"id": "a1", "title": "T", "lang": "ar", "text": "Hello"}\\n\\n{"_id": 7, "text": "Привет"}\\n'.encode()
    >>> [(d.id, d.title, d.lang, d.line, d.passages[0].line) for d in parse_jsonl(data, "c.jsonl", "/c.jsonl")]
    [('a1', 'T', 'ar', 1, 1), ('7', '7', 'ru', 3, 3)]
    >>> docs = parse_jsonl(b'{"id": "a"}\\n{"id": "b", "text": }\\n{"docid": "c", "contents": "ok"}', "c.jsonl", "/c.jsonl")
    >>> [d.id for d in docs], docs.bad
    (['c'], ['c.jsonl:1: missing "text" (or "contents"; a string)', 'c.jsonl:2: malformed JSON (Expecting value at column 21)'])
    """
    reader = JsonlReader(name, source, fields)
    documents = JsonlDocuments()
    documents.extend(reader.documents([data]))
    documents.bad = reader.bad
    return documents


class JsonlReader:
    """The records of one JSONL file, read from its bytes in pieces, one line at a time.

    :meth:`documents` yields a :class:`Document` per good record as soon as its line is
    read; ``bad`` lists the bad ones so far. Only the current piece and the ids met so
    far (:class:`SeenIds`: a few MiB, the rest on disk) are held, whatever the size of the file.
    The encoding and whether the file is binary are decided on its first
    :data:`~corpus.decoding.BINARY_PROBE` bytes.

    >>> reader = JsonlReader("c.jsonl", "/c.jsonl")
    >>> data = '{"id": "a", "text": "Привет"}\\n{"id": "a", "text": "x"}\\n'.encode()
    >>> [d.id for d in reader.documents([data[:9], data[9:20], data[20:]])], reader.bad
    (['a'], ["c.jsonl:2: duplicate id 'a' (first on line 1)"])
    """

    def __init__(self, name: str, source: str, fields: JsonlFields | None = None) -> None:
        self.name = name
        self.source = source
        self.fields = fields or JsonlFields()
        self.bad: list[str] = []

    def documents(self, chunks: Iterable[bytes]) -> Iterator[Document]:
        """The good records of the file whose bytes are ``chunks`` (see the class doc).

        Raises :class:`CorpusError` at the end if every record was bad."""
        name = self.name
        failpoint("decode", name)
        pieces = iter(chunks)
        first, nul_lines, check_nul = _without_nul_lines(next(pieces, b""), name)
        text_pieces = decode_chunks(chain([first], pieces), name)
        failpoint("parse", name)
        seen = SeenIds()
        try:
            good = number = 0
            carry: list[str] = []  # the start of a line not yet ended
            for piece in chain(text_pieces, [None]):
                if piece is None:  # the end: the last line, even without a newline
                    lines = ["".join(carry)]
                elif "\n" not in piece:
                    carry.append(piece)
                    continue
                else:
                    lines = piece.split("\n")
                    lines[0] = "".join((*carry, lines[0]))
                    carry = [lines.pop()]
                for line in lines:
                    number += 1
                    nul = check_nul and (number in nul_lines or "\x00" in line)
                    document = self._record(line, number, nul, seen)
                    if document is not None:
                        good += 1
                        yield document
        finally:
            seen.close()  # the ids on disk are deleted as soon as the file is read (or given up)
        if self.bad and not good:
            more = f" and {len(self.bad) - 1} more bad records" if len(self.bad) > 1 else ""
            raise CorpusError(f"{self.bad[0]}{more}; no valid record in the file")

    def _record(self, line: str, number: int, nul: bool, seen: SeenIds) -> Document | None:
        where = f"{self.name}:{number}"
        if nul:
            self.bad.append(f"{where}: NUL byte outside a JSON string (binary data)")
            return None
        if not line.strip():
            return None
        try:
            document = _document(_record(line, where), number, where, self.source, self.fields)
            if (first := seen.first_line(document.id)) is not None:
                raise CorpusError(f"{where}: duplicate id {document.id!r} (first on line {first})")
        except CorpusError as exc:
            self.bad.append(str(exc))
            return None
        seen.add(document.id, number)
        return document


class SeenIds:
    """The ids met so far in one file and the line of each, in memory that does not grow.

    The latest :attr:`RECENT` ids are held in a dict; past that they go, sorted, to a
    private temporary SQLite database on disk (the standard library's ``sqlite3``; its
    page cache bounded to :attr:`CACHE_KIB`), which is looked up for each new id. Ids are
    kept whole, so the check is exact: two different ids never collide, and a duplicate's
    first line is the true one. A file of millions of records holds a few MiB of ids (a
    million ids in a dict and a sorted array took ~70 MiB); the database is deleted by
    :meth:`close`, or by SQLite when the process ends.

    >>> seen = SeenIds()
    >>> seen.add("a1", 1)
    >>> seen.first_line("a1"), seen.first_line("a2")
    (1, None)
    >>> seen.close()
    """

    #: Ids held in a dict before they are moved to the database on disk.
    RECENT = 16384
    #: SQLite's page cache for the database of ids (KiB).
    CACHE_KIB = 2048

    def __init__(self) -> None:
        self._recent: dict[str, int] = {}
        self._db: Any = None  # a sqlite3.Connection once the first ids are moved out

    def first_line(self, doc_id: str) -> int | None:
        """The line ``doc_id`` was first met on, or None."""
        line = self._recent.get(doc_id)
        if line is None and self._db is not None:
            row = self._db.execute("SELECT line FROM ids WHERE id = ?", (_key(doc_id),)).fetchone()
            line = row and row[0]
        return line

    def add(self, doc_id: str, line: int) -> None:
        """Remember ``doc_id``, met on ``line`` (not yet met: :meth:`first_line` said None)."""
        self._recent.setdefault(doc_id, line)
        if len(self._recent) >= self.RECENT:
            self._move_out()

    def close(self) -> None:
        """Forget every id and delete the database (the object can be used again)."""
        self._recent = {}
        if self._db is not None:
            self._db.close()
            self._db = None

    def _move_out(self) -> None:
        if self._db is None:
            import sqlite3  # only for a file of more than RECENT records

            # "": a private database in a temporary file that SQLite deletes when it is closed
            self._db = sqlite3.connect("", isolation_level=None, check_same_thread=False)
            for pragma in ("journal_mode = OFF", "synchronous = OFF", f"cache_size = -{self.CACHE_KIB}"):
                self._db.execute(f"PRAGMA {pragma}")
            self._db.execute("CREATE TABLE ids (id BLOB PRIMARY KEY, line INTEGER) WITHOUT ROWID")
        rows = sorted((_key(doc_id), line) for doc_id, line in self._recent.items())
        self._db.executemany("INSERT OR IGNORE INTO ids VALUES (?, ?)", rows)
        self._recent = {}


def _key(doc_id: str) -> bytes:
    """An id as SQLite stores it: its UTF-8 bytes (any str: a lone surrogate is kept as is)."""
    return doc_id.encode("utf-8", "surrogatepass")


def _without_nul_lines(data: bytes, name: str) -> tuple[bytes, set[int], bool]:
    """``data`` (the file's first piece) with every line holding a raw NUL byte emptied (a
    NUL is never valid JSON text), so that they do not make the text look binary; the
    numbers of those lines; and whether later lines must be checked for NUL bytes (not in
    text with a UTF-16/32 byte-order mark). A binary file (a known format, or NULs on most
    lines of the first piece) raises :class:`NotTextError`."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")):
        return data, set(), False
    if b"\x00" not in data:
        return data, set(), True
    import chardet  # only for a piece holding NUL bytes: not imported by every run

    mime = chardet.detect(data[:BINARY_PROBE], compat_names=False)["mime_type"] or ""
    lines = data.split(b"\n")
    bad = {number for number, line in enumerate(lines, 1) if b"\x00" in line}
    if (mime and not mime.startswith("text/") and mime != "application/octet-stream") or len(bad) * 2 > len(lines):
        raise NotTextError(f"{name}: binary file ({mime or 'NUL bytes on most lines'}), not text")
    return b"\n".join(b"" if number in bad else line for number, line in enumerate(lines, 1)), bad, True


def _record(line: str, where: str) -> dict[str, Any]:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as err:
        raise CorpusError(f"{where}: malformed JSON ({err.msg.removesuffix(' at')} at column {err.colno})") from None
    except (ValueError, RecursionError) as err:
        raise CorpusError(f"{where}: malformed JSON ({err})") from None
    if not isinstance(record, dict):
        raise CorpusError(f"{where}: expected a JSON object, got {type(record).__name__}")
    return record


def _field(record: dict[str, Any], names: tuple[str, ...]) -> tuple[str, Any]:
    """The first of ``names`` present in ``record``, and its value (``names[0]``, None if none is)."""
    for key in names:
        if key in record:
            return key, record[key]
    return names[0], None


def _named(names: tuple[str, ...]) -> str:
    """``"id"`` or ``"id" (or "_id", "docid")``: how a missing field is named in a message."""
    first = f'"{names[0]}"'
    return first if len(names) == 1 else f"{first} (or {', '.join(chr(34) + n + chr(34) for n in names[1:])}"


def _document(record: dict[str, Any], number: int, where: str, source: str, fields: JsonlFields) -> Document:
    id_key, doc_id = _field(record, fields.names("id"))
    if isinstance(doc_id, int) and not isinstance(doc_id, bool):
        doc_id = str(doc_id)
    if not isinstance(doc_id, str) or not doc_id:
        names = fields.names("id")
        raise CorpusError(f"{where}: missing {_named(names)}{'; ' if len(names) > 1 else ' ('}a non-empty string)")
    text_key, text = _field(record, fields.names("text"))
    if not isinstance(text, str):
        names = fields.names("text")
        raise CorpusError(f"{where}: missing {_named(names)}{'; ' if len(names) > 1 else ' ('}a string)")
    title_key, title = _field(record, fields.names("title"))
    if title is not None and not isinstance(title, str):
        raise CorpusError(f'{where}: "{title_key}" must be a string')
    lang = record.get("lang")
    if lang is not None and not isinstance(lang, str):
        raise CorpusError(f'{where}: "lang" must be a string')
    date_key, date = _field(record, fields.names("date"))
    if date is not None and (not isinstance(date, str) or normalize_date(date) is None):
        raise CorpusError(f'{where}: "{date_key}" must be a string YYYY, YYYY-MM or YYYY-MM-DD (got {date!r})')
    override = (lang or "").strip().lower() or None
    if override is not None and override not in LANGUAGES:
        raise CorpusError(f'{where}: "lang" must be one of {", ".join(LANGUAGES)} (got {lang!r})')
    doc_lang = override or detect_language(text)
    failpoint("split", source)
    return Document(
        id=doc_id,
        source=source,
        title=(title or "").strip() or first_line_title(text) or doc_id,
        text=text,
        lang=doc_lang,
        passages=build_passages(text, line_base=number, lang=override, default_lang=doc_lang, one_line=True),
        line=number,
        date=normalize_date(date) if date is not None else published_date(text),
    )
