"""The Whoosh schema: one Whoosh document per passage, plus bookkeeping records.

Three kinds of record live in one index so that they commit together (a crash
can never leave the list of indexed files out of step with the passages):

* ``kind="passage"``: a searchable passage with everything a hit needs;
* ``kind="file"``: one per indexed source file (size, mtime, content hash);
* ``kind="root"``: one per path the user asked to index (what ``reindex`` rescans,
  and whether links below it are followed).

Example:
    >>> schema = build_schema()
    >>> "text" in schema.names() and schema["text"].supports("characters")
    True
"""

from __future__ import annotations

from whoosh.fields import BOOLEAN, ID, NUMERIC, STORED, TEXT, Schema

from analyzers import MultilingualAnalyzer

KIND_PASSAGE = "passage"
KIND_FILE = "file"
KIND_ROOT = "root"

#: Field boost of ``title`` against ``text`` in BM25F scoring.
TITLE_BOOST = 1.0


def build_schema() -> Schema:
    """Return a fresh schema (the analyzer is pickled into the index by Whoosh)."""
    analyzer = MultilingualAnalyzer()
    return Schema(
        kind=ID(),
        pid=ID(stored=True, unique=True),
        doc_id=ID(stored=True, sortable=True),
        # the source file as found under its root (links not resolved): passages and the
        # file record share it, so a file's changes replace or delete exactly its own
        source=ID(stored=True, sortable=True),
        root=ID(stored=True),
        title=TEXT(analyzer=analyzer, stored=True, field_boost=TITLE_BOOST),
        text=TEXT(analyzer=analyzer, stored=True, phrase=True, chars=True),
        lang=ID(stored=True),
        doc_lang=STORED(),
        passage=NUMERIC(stored=True),
        line=STORED(),
        char_start=STORED(),
        char_end=STORED(),
        passage_hash=STORED(),
        boilerplate=BOOLEAN(stored=True),
        date=ID(stored=True),  # the document's publication date, YYYY-MM-DD (or YYYY-MM / YYYY)
        # bookkeeping for kind="file"
        size=STORED(),
        mtime_ns=STORED(),
        sha256=STORED(),
        documents=STORED(),
        passages=STORED(),
        indexed_at=STORED(),
        checked_ns=STORED(),
        # bookkeeping for kind="root"
        follow_links=STORED(),
    )
