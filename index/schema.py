"""The Whoosh schema: one Whoosh document per passage, plus bookkeeping records.

Four kinds of record live in one index so that they commit together (a crash
can never leave the list of indexed files out of step with the passages):

* ``kind="passage"``: a searchable passage with everything a hit needs;
* ``kind="file"``: one per indexed source file (size, mtime, content hash);
* ``kind="root"``: one per path the user asked to index (what ``reindex`` rescans,
  and whether links below it are followed);
* ``kind="setting"``: the index's settings, the value in ``root`` (today one:
  ``pid="setting:as_text"``, the extra suffixes read as plain text, comma-separated).

Example:
    >>> schema = build_schema()
    >>> schema["text"].supports("positions"), schema["text"].supports("characters")
    (True, False)
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from whoosh.fields import BOOLEAN, ID, STORED, Schema

from polyseek.analyzers import MultilingualAnalyzer, SurfaceAnalyzer, TranslitAnalyzer
from polyseek.index.fields import PassageText, SideField

if TYPE_CHECKING:  # pragma: no cover
    from polyseek.corpus import Document

KIND_PASSAGE = "passage"
KIND_FILE = "file"
KIND_ROOT = "root"
KIND_SETTING = "setting"

#: Field boost of ``title`` against ``text`` in BM25F scoring.
TITLE_BOOST = 1.0

#: Side fields.  Both are lexicons, not searched for passages: ``translit`` maps
#: cross-script keys to the words that have them (``cf:kalabav|кулибаева``), ``words``
#: holds the surface forms the did-you-mean corrector suggests from, both with their
#: number of occurrences.  All of a source file's words go on the first passage of that
#: file (a file's passages are replaced and deleted together, in one transaction), so a
#: word costs one posting per file, not per passage.  An index made before they existed
#: can be searched (without cross-script matches and suggestions) but not written to.
SIDE_FIELDS = ("translit", "words")


def side_text(documents: Iterable[Document]) -> str:
    """What the side fields of a file's first passage are analysed from: every title and
    every passage that is not page furniture (furniture is kept out of search by default).

    >>> from polyseek.corpus import Document, Passage
    >>> parts = (Passage(0, "Первая строка.", 1, 0, 14, "ru"), Passage(1, "Вторая.", 3, 16, 23, "ru"))
    >>> menu = Passage(2, "Подписаться", 5, 25, 36, "ru", boilerplate=True)
    >>> side_text([Document("d", "a.txt", "Заголовок", "...", "ru", (*parts, menu))])
    'Заголовок\\nПервая строка.\\nВторая.'
    """
    return "\n".join(
        part
        for doc in documents
        for part in (doc.title, *(p.text for p in doc.passages if not p.boilerplate))
        if part
    )


def build_schema() -> Schema:
    """Return a fresh schema (the analyzer is pickled into the index by Whoosh)."""
    analyzer = MultilingualAnalyzer()
    settings: dict[str, Any] = {"arabic_stemmer": analyzer.arabic_stemmer, "stopwords": analyzer.stopwords}
    return Schema(
        kind=ID(),
        pid=ID(stored=True, unique=True),
        doc_id=ID(stored=True, sortable=True),
        # the source file as found under its root (links not resolved): passages and the
        # file record share it, so a file's changes replace or delete exactly its own
        source=ID(stored=True),
        root=ID(stored=True),
        title=PassageText(analyzer=analyzer, stored=True, field_boost=TITLE_BOOST),
        # positions for phrases and proximity; no character offsets: a snippet finds its
        # words by analysing the stored passage again, so nothing read them (they took 11%
        # of an index of 10,000 documents). An index written with them keeps them (its
        # pickled schema says so) and is searched the same way.
        text=PassageText(analyzer=analyzer, stored=True, phrase=True),
        translit=SideField(TranslitAnalyzer(**settings)),
        words=SideField(SurfaceAnalyzer(**settings)),
        lang=ID(stored=True),
        doc_lang=STORED(),
        # stored only: never searched (indexed, a number costs 8 postings per passage)
        passage=STORED(),
        line=STORED(),
        char_start=STORED(),
        char_end=STORED(),
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
