"""The Whoosh schema: one Whoosh document per passage, plus bookkeeping records.

Three kinds of record live in one index so that they commit together (a crash
can never leave the list of indexed files out of step with the passages):

* ``kind="passage"``: a searchable passage with everything a hit needs;
* ``kind="file"``: one per indexed source file (size, mtime, content hash);
* ``kind="root"``: one per path the user asked to index (what ``reindex`` rescans).

Example:
    >>> schema = build_schema()
    >>> "text" in schema.names() and schema["text"].supports("characters")
    True
"""

from __future__ import annotations

from whoosh.fields import BOOLEAN, ID, STORED, Schema

from analyzers import MultilingualAnalyzer
from index.fields import PassageText

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
        source=ID(stored=True, sortable=True),
        root=ID(stored=True),
        title=PassageText(analyzer=analyzer, stored=True, field_boost=TITLE_BOOST),
        text=PassageText(analyzer=analyzer, stored=True, phrase=True, chars=True),
        lang=ID(stored=True),
        doc_lang=STORED(),
        # stored only: never searched (indexed, a number costs 8 postings per passage)
        passage=STORED(),
        line=STORED(),
        char_start=STORED(),
        char_end=STORED(),
        passage_hash=STORED(),
        boilerplate=BOOLEAN(stored=True),
        # bookkeeping for kind="file"
        size=STORED(),
        mtime_ns=STORED(),
        sha256=STORED(),
        documents=STORED(),
        passages=STORED(),
        indexed_at=STORED(),
    )
