"""A Whoosh TEXT field that indexes through the analyzer's one-pass fast path.

Whoosh's ``TEXT.index`` asks the analyzer for one Token per term occurrence and builds the
postings from those tokens in Python.  :class:`PassageText` asks a
:class:`~analyzers.MultilingualAnalyzer` for every term's occurrences at once
(``analyzer.occurrences(text)``: one cached lookup per word, no Token objects) and encodes
them with the field's own Whoosh format, so the postings are byte for byte what
``TEXT.index`` gives.  Any other analyzer, value or format goes the usual Whoosh way.

Whoosh pickles the schema into the index: this class must stay importable as
``index.fields.PassageText``.

Example:
    >>> from analyzers import MultilingualAnalyzer
    >>> from whoosh.fields import TEXT
    >>> analyzer = MultilingualAnalyzer("light10", "function")
    >>> fast = PassageText(analyzer=analyzer, phrase=True, chars=True)
    >>> text = "Олимпийского комитета и NOC's اللجنة الأولمبية"
    >>> sorted(fast.index(text)) == sorted(TEXT(analyzer=analyzer, phrase=True, chars=True).index(text))
    True
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from whoosh.fields import TEXT
from whoosh.formats import Characters, Positions

from analyzers import MultilingualAnalyzer

__all__ = ["PassageText"]

#: ``(term bytes, frequency, weight, encoded posting value)``, what ``FieldType.index`` yields.
Posting = tuple[bytes, int, float, bytes]


class PassageText(TEXT):
    """``TEXT`` with a fast indexing path for analyzers that offer ``occurrences(text)``."""

    def index(self, value: Any, **kwargs: Any) -> Iterable[Posting]:  # type: ignore[override]
        # exactly MultilingualAnalyzer: a subclass (the side fields' analyzers) yields other terms
        occurrences = self.analyzer.occurrences if type(self.analyzer) is MultilingualAnalyzer else None
        fmt = self.format
        if occurrences is None or kwargs or not isinstance(value, str) or type(fmt) not in (Characters, Positions):
            return super().index(value, **kwargs)
        boost = fmt.field_boost
        encode = fmt.encode
        found = occurrences(value)
        if type(fmt) is Characters:
            return [(t.encode("utf-8"), len(o), float(len(o)) * boost, encode(o)) for t, o in found.items()]
        return [
            (t.encode("utf-8"), len(o), float(len(o)) * boost, encode([p for p, _, _ in o])) for t, o in found.items()
        ]
