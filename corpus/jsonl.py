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
from typing import Any

import chardet

from .dates import normalize_date, published_date
from .decoding import BINARY_PROBE, NotTextError, decode_text
from .failpoints import failpoint
from .jsonl_fields import DEFAULT_FIELDS, JsonlFields
from .language import LANGUAGES, detect_language
from .model import CorpusError, Document
from .passages import build_passages
from .titles import first_line_title

__all__ = ["DEFAULT_FIELDS", "JsonlDocuments", "JsonlFields", "parse_jsonl"]


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
    ``.jsonl``), :class:`~corpus.decoding.NotTextError`.

    >>> data = '{"id": "a1", "title": "T", "lang": "ar", "text": "Hello"}\\n\\n{"_id": 7, "text": "Привет"}\\n'.encode()
    >>> [(d.id, d.title, d.lang, d.line, d.passages[0].line) for d in parse_jsonl(data, "c.jsonl", "/c.jsonl")]
    [('a1', 'T', 'ar', 1, 1), ('7', '7', 'ru', 3, 3)]
    >>> docs = parse_jsonl(b'{"id": "a"}\\n{"id": "b", "text": }\\n{"docid": "c", "contents": "ok"}', "c.jsonl", "/c.jsonl")
    >>> [d.id for d in docs], docs.bad
    (['c'], ['c.jsonl:1: missing "text" (or "contents"; a string)', 'c.jsonl:2: malformed JSON (Expecting value at column 21)'])
    """
    fields = fields or JsonlFields()
    failpoint("decode", name)
    data, nul_lines = _without_nul_lines(data, name)
    text = decode_text(data, name)
    failpoint("parse", name)
    documents = JsonlDocuments()
    first_seen: dict[str, int] = {}
    for number, line in enumerate(text.split("\n"), start=1):
        where = f"{name}:{number}"
        if number in nul_lines:
            documents.bad.append(f"{where}: NUL byte outside a JSON string (binary data)")
            continue
        if not line.strip():
            continue
        try:
            document = _document(_record(line, where), number, where, source, fields)
            if document.id in first_seen:
                raise CorpusError(f"{where}: duplicate id {document.id!r} (first on line {first_seen[document.id]})")
        except CorpusError as exc:
            documents.bad.append(str(exc))
            continue
        first_seen[document.id] = number
        documents.append(document)
    if documents.bad and not documents:
        more = f" and {len(documents.bad) - 1} more bad records" if len(documents.bad) > 1 else ""
        raise CorpusError(f"{documents.bad[0]}{more}; no valid record in the file")
    return documents


def _without_nul_lines(data: bytes, name: str) -> tuple[bytes, set[int]]:
    """``data`` with every line holding a raw NUL byte emptied (a NUL is never valid JSON
    text), and those lines' numbers; a binary file (known format, or NULs on most lines)
    raises :class:`NotTextError`. Text with a byte-order mark (UTF-16/32) is left as it is."""
    if b"\x00" not in data or data.startswith((b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")):
        return data, set()
    mime = chardet.detect(data[:BINARY_PROBE], compat_names=False)["mime_type"] or ""
    lines = data.split(b"\n")
    bad = {number for number, line in enumerate(lines, 1) if b"\x00" in line}
    if (mime and not mime.startswith("text/") and mime != "application/octet-stream") or len(bad) * 2 > len(lines):
        raise NotTextError(f"{name}: binary file ({mime or 'NUL bytes on most lines'}), not text")
    return b"\n".join(b"" if number in bad else line for number, line in enumerate(lines, 1)), bad


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
