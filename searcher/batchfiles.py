"""The files of ``polyseek batch``: queries in (JSONL, BEIR, TREC topics), a TREC run out.

Queries are read from

- JSONL, one object per line: the id from ``id`` or ``_id`` (BEIR's ``queries.jsonl``),
  the text from ``text`` (or ``query``, ``title``);
- a TREC topic file: ``<top> <num> Number: 301 <title> text ... </top>`` (the title is
  the query), or ``<topic number="1"> <query>text</query> ... </topic>``.

A bad query raises :class:`QueryFileError` naming the file and line.

In the run (``qid Q0 docid rank score run``) fields are separated by white space, so a
query or document id containing any (a JSONL id may hold a space, a newline, U+2028...)
would forge fields or lines: :func:`trec_field` writes such characters, and ``%``, as
``%XX`` UTF-8 escapes (URL percent-encoding; ``urllib.parse.unquote`` gives the id back).

>>> trec_field("doc one\\nq1 Q0 x"), trec_field("100%"), trec_field("обычный")
('doc%20one%0Aq1%20Q0%20x', '100%25', 'обычный')
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path

__all__ = ["QueryFileError", "read_queries", "trec_field"]


class QueryFileError(ValueError):
    """A query file cannot be read: one line naming the file, the line and the reason."""


def _escaped(ch: str) -> bool:
    return ch == "%" or ch.isspace() or unicodedata.category(ch) in ("Cc", "Zs", "Zl", "Zp")


def trec_field(value: str) -> str:
    """``value`` with white space, control characters and ``%`` percent-encoded (see the module doc)."""
    if not any(_escaped(ch) for ch in value):
        return value
    return "".join("".join(f"%{b:02X}" for b in ch.encode("utf-8")) if _escaped(ch) else ch for ch in value)


_TOP = re.compile(r"<top>(.*?)</top>", re.DOTALL | re.IGNORECASE)
_NUM = re.compile(r"<num>\s*(?:Number:)?\s*(\S+)", re.IGNORECASE)
_TITLE = re.compile(r"<title>\s*(?:Topic:)?(.*?)(?=<[a-z/]|\Z)", re.DOTALL | re.IGNORECASE)
_TOPIC = re.compile(r"<topic\s+number\s*=\s*[\"']([^\"']+)[\"'][^>]*>(.*?)</topic>", re.DOTALL | re.IGNORECASE)
_QUERY = re.compile(r"<(query|title)>(.*?)</\1>", re.DOTALL | re.IGNORECASE)


def read_queries(path: str | Path) -> Iterator[tuple[str, str]]:
    """``(query id, text)`` for every query in ``path`` (JSONL, BEIR or TREC topics).

    >>> import tempfile
    >>> topics = Path(tempfile.mkdtemp()) / "topics.301"
    >>> _ = topics.write_text("<top>\\n<num> Number: 301\\n<title> International Organized Crime\\n\\n<desc> Description:\\nx\\n</top>\\n")
    >>> list(read_queries(topics))
    [('301', 'International Organized Crime')]
    """
    path = Path(path)
    text = path.read_text(encoding="utf-8-sig", errors="replace")
    if re.match(r"\s*<(top|topics?)[\s>]", text, re.IGNORECASE):
        yield from _trec_topics(text, path)
    else:
        yield from _jsonl_queries(text, path)


def _line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def _trec_topics(text: str, path: Path) -> Iterator[tuple[str, str]]:
    found = False
    for match in _TOP.finditer(text):
        found = True
        body, where = match.group(1), f"{path}:{_line_of(text, match.start())}"
        num, title = _NUM.search(body), _TITLE.search(body)
        if num is None or title is None or not title.group(1).strip():
            raise QueryFileError(f"{where}: a <top> topic needs <num> and a <title> with text")
        yield num.group(1), " ".join(title.group(1).split())
    for match in _TOPIC.finditer(text):
        found = True
        query = _QUERY.search(match.group(2))
        if query is None or not query.group(2).strip():
            raise QueryFileError(f"{path}:{_line_of(text, match.start())}: a <topic> needs a <query> or <title> with text")
        yield match.group(1).strip(), " ".join(query.group(2).split())
    if not found:
        raise QueryFileError(f"{path}: no <top> or <topic> in a TREC topic file")


def _jsonl_queries(text: str, path: Path) -> Iterator[tuple[str, str]]:
    for number, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            record = json.loads(line)
        except ValueError as err:
            raise QueryFileError(f"{where}: malformed JSON ({getattr(err, 'msg', err)})") from None
        if not isinstance(record, dict):
            raise QueryFileError(f"{where}: expected a JSON object with \"id\" (or \"_id\") and \"text\"")
        qid = next((record[k] for k in ("id", "_id") if k in record), None)
        query = next((record[k] for k in ("text", "query", "title") if k in record), None)
        if isinstance(qid, int) and not isinstance(qid, bool):
            qid = str(qid)
        if not isinstance(qid, str) or not qid.strip():
            raise QueryFileError(f"{where}: missing \"id\" (or \"_id\"), a non-empty string")
        if not isinstance(query, str):
            raise QueryFileError(f"{where}: missing \"text\" (or \"query\", \"title\"), a string")
        yield qid, query
