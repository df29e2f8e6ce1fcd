"""JSONL sources: one ``{"id", "text", "title"?, "lang"?, "date"?}`` object per line."""

from __future__ import annotations

import json
from typing import Any

from .dates import normalize_date, published_date
from .decoding import decode_text
from .failpoints import failpoint
from .language import LANGUAGES, detect_language
from .model import CorpusError, Document
from .passages import build_passages
from .titles import first_line_title

__all__ = ["parse_jsonl"]


def parse_jsonl(data: bytes, name: str, source: str) -> list[Document]:
    """One :class:`Document` per non-blank line; any bad line raises :class:`CorpusError`.

    Offsets are into each record's ``text``; ``Document.line`` and every passage's
    ``line`` are the record's line number. ``lang`` (``ru``/``ar``/``en``/``und``)
    overrides detection for the document and its passages. Without a ``title`` the
    text's first line is used when it looks like one, else the ``id``. ``date``
    (``YYYY[-MM[-DD]]``, an ISO timestamp is cut to its date) is the publication
    date; without it one is looked for in the text's dateline.

    >>> data = '{"id": "a1", "title": "T", "lang": "ar", "text": "Hello"}\\n\\n{"id": 7, "text": "Привет"}\\n'.encode()
    >>> [(d.id, d.title, d.lang, d.line, d.passages[0].line) for d in parse_jsonl(data, "c.jsonl", "/c.jsonl")]
    [('a1', 'T', 'ar', 1, 1), ('7', '7', 'ru', 3, 3)]
    >>> parse_jsonl(b'{"id": "a"}\\n{"id": "b", "text": }', "c.jsonl", "/c.jsonl")
    Traceback (most recent call last):
    ...
    corpus.model.CorpusError: c.jsonl:1: missing "text" (a string)
    """
    failpoint("decode", name)
    text = decode_text(data, name)
    failpoint("parse", name)
    documents: list[Document] = []
    first_seen: dict[str, int] = {}
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        document = _document(_record(line, f"{name}:{number}"), number, f"{name}:{number}", source)
        if document.id in first_seen:
            raise CorpusError(
                f"{name}:{number}: duplicate id {document.id!r} (first on line {first_seen[document.id]})"
            )
        first_seen[document.id] = number
        documents.append(document)
    return documents


def _record(line: str, where: str) -> dict[str, Any]:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as err:
        raise CorpusError(f"{where}: malformed JSON ({err.msg} at column {err.colno})") from None
    except (ValueError, RecursionError) as err:
        raise CorpusError(f"{where}: malformed JSON ({err})") from None
    if not isinstance(record, dict):
        raise CorpusError(f"{where}: expected a JSON object, got {type(record).__name__}")
    return record


def _document(record: dict[str, Any], number: int, where: str, source: str) -> Document:
    doc_id = record.get("id")
    if isinstance(doc_id, int) and not isinstance(doc_id, bool):
        doc_id = str(doc_id)
    if not isinstance(doc_id, str) or not doc_id:
        raise CorpusError(f'{where}: missing "id" (a non-empty string)')
    text = record.get("text")
    if not isinstance(text, str):
        raise CorpusError(f'{where}: missing "text" (a string)')
    title = record.get("title")
    if title is not None and not isinstance(title, str):
        raise CorpusError(f'{where}: "title" must be a string')
    lang = record.get("lang")
    if lang is not None and not isinstance(lang, str):
        raise CorpusError(f'{where}: "lang" must be a string')
    date = record.get("date")
    if date is not None and (not isinstance(date, str) or normalize_date(date) is None):
        raise CorpusError(f'{where}: "date" must be a string YYYY, YYYY-MM or YYYY-MM-DD (got {date!r})')
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
