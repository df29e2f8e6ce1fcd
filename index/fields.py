"""Whoosh fields that index through the analyzers' one-pass fast paths.

Whoosh's ``TEXT.index`` asks the analyzer for one Token per term occurrence and builds the
postings from those tokens in Python.  :class:`PassageText` asks a
:class:`~analyzers.MultilingualAnalyzer` for every term's occurrences at once
(``analyzer.occurrences(text)``: one cached lookup per word, no Token objects) and encodes
them with the field's own Whoosh format, so the postings are byte for byte what
``TEXT.index`` gives, but for one count: the occurrences of a compound's term
(``COVID-19``, stacked on its first word) are left out of the first count of a posting,
which Whoosh sums into the field's length, as Lucene's length norm leaves out tokens
stacked on a position; they count in its weight (the term frequency BM25 reads).  Any
other analyzer, value or format goes the usual Whoosh way.

:class:`SideField` does the same for the lexicon fields ``translit`` and ``words`` (terms
with their counts, no positions): the analyzer counts the words of the value first and
analyses each distinct word once (``analyzer.frequencies(text)``), instead of Whoosh's
Token per occurrence.

Whoosh pickles the schema into the index: these classes must stay importable as
``polyseek.index.fields.PassageText`` and ``polyseek.index.fields.SideField`` (0.1.0 indexes
name them ``index.fields.*``: :mod:`polyseek.index.legacy_names` reads them).

Example:
    >>> from polyseek.analyzers import MultilingualAnalyzer
    >>> from whoosh.fields import TEXT
    >>> analyzer = MultilingualAnalyzer("light10", "function")
    >>> fast = PassageText(analyzer=analyzer, phrase=True, chars=True)
    >>> text = "Олимпийского комитета и NOC's اللجنة الأولمبية"
    >>> sorted(fast.index(text)) == sorted(TEXT(analyzer=analyzer, phrase=True, chars=True).index(text))
    True
    >>> from polyseek.analyzers import SurfaceAnalyzer
    >>> from whoosh.fields import FieldType
    >>> from whoosh.formats import Frequency
    >>> side = SideField(SurfaceAnalyzer(stopwords="function"))
    >>> sorted(side.index(text)) == sorted(FieldType(Frequency(), side.analyzer).index(text))
    True
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator
from typing import Any

from whoosh.fields import TEXT, FieldType
from whoosh.formats import Characters, Frequency, Positions
from whoosh.system import pack_uint

from polyseek.analyzers import MultilingualAnalyzer

__all__ = ["PassageText", "SideField"]

#: ``(term bytes, frequency, weight, encoded posting value)``, what ``FieldType.index`` yields.
Posting = tuple[bytes, int, float, bytes]


_one_position: dict[int, bytes] = {}  # position -> its encoding as a one-position list
_MAX_TABLED = 1 << 16  # positions past a passage's usual length are encoded each time
#: Counts below this share their posting's weight from a table: one float object per count,
#: not one per posting the writer's pool holds until it spills (~24 bytes of the ~190 a
#: posting takes there).
SHARED_COUNTS = 256


@functools.lru_cache(maxsize=16)
def count_weights(boost: float) -> tuple[float, ...]:
    """``float(n) * boost`` for every count ``n`` below :data:`SHARED_COUNTS`: a posting's weight
    as Whoosh's formats compute it, one object per value.

    >>> count_weights(1.0)[3], count_weights(2.0)[3] is count_weights(2.0)[3]
    (3.0, True)
    """
    return tuple(float(n) * boost for n in range(SHARED_COUNTS))


def _encode_positions(positions: list[int]) -> bytes:
    """``Positions().encode(positions)``, a term met once (most terms of a passage) from a table.

    >>> _encode_positions([7]) == Positions().encode([7]) and _encode_positions([3, 9]) == Positions().encode([3, 9])
    True
    """
    if len(positions) == 1:
        pos = positions[0]
        encoded = _one_position.get(pos)
        if encoded is None:
            encoded = _POSITIONS.encode(positions)
            if pos < _MAX_TABLED:
                _one_position[pos] = encoded
        return encoded
    return _POSITIONS.encode(positions)


_POSITIONS = Positions()


class PassageText(TEXT):
    """``TEXT`` with a fast indexing path for analyzers that offer ``occurrences(text)``."""

    def index(self, value: Any, **kwargs: Any) -> Iterable[Posting]:  # type: ignore[override]
        # exactly MultilingualAnalyzer: a subclass (the side fields' analyzers) yields other terms
        occurrences = self.analyzer.occurrences if type(self.analyzer) is MultilingualAnalyzer else None
        fmt = self.format
        if occurrences is None or kwargs or not isinstance(value, str) or type(fmt) not in (Characters, Positions):
            return super().index(value, **kwargs)
        last = self.__dict__.get("_last")
        if last is not None and last[0] == value:  # a title, once per passage of its document
            return last[1]
        boost = fmt.field_boost
        # a compound's term (COVID-19) stacks on its first word: it counts in the term's
        # frequency, not in the field's length (Whoosh sums the postings' first count)
        overlaps: dict[str, int] = {}
        if type(fmt) is Characters:
            found = occurrences(value, overlaps)
            encode = fmt.encode
        else:
            found = occurrences(value, overlaps, offsets=False)
            encode = _encode_positions
        weights = count_weights(boost)
        if overlaps:
            postings = [
                (t.encode("utf-8"), len(o) - overlaps.get(t, 0), weights[n] if (n := len(o)) < SHARED_COUNTS else float(n) * boost, encode(o))
                for t, o in found.items()
            ]
        else:
            postings = [
                (t.encode("utf-8"), (n := len(o)), weights[n] if n < SHARED_COUNTS else float(n) * boost, encode(o))
                for t, o in found.items()
            ]
        self._last = (value, postings)
        return postings

    def __getstate__(self) -> dict[str, Any]:
        # Whoosh pickles the schema into the index: not the last value indexed
        state = dict(self.__dict__)
        state.pop("_last", None)
        return state

class SideField(FieldType):
    """A lexicon field: terms and their counts (Whoosh's ``Frequency`` format), indexed
    through ``analyzer.frequencies(text)`` when the analyzer offers it."""

    #: The codec keeps these terms in the segment's lexicon file, not in the term table
    #: (see :mod:`index.lexicon`); a class attribute, so schemas pickled earlier have it too.
    lexicon_file = True

    def __init__(self, analyzer: Any) -> None:
        super().__init__(Frequency(), analyzer)

    def index(self, value: Any, **kwargs: Any) -> Iterable[Posting]:  # type: ignore[override]
        postings = None if kwargs else self._postings(value)
        return super().index(value, **kwargs) if postings is None else list(postings)

    def pooled(self, value: Any, fieldname: str, docnum: int) -> list[tuple[str, bytes, int, float, bytes | None]] | None:
        """The writer pool's postings of ``value`` as field ``fieldname`` of document ``docnum``
        (no field boost), ``(fieldname, term bytes, docnum, weight, value)``: those of
        :meth:`index` built at once, without its list (a part of a million characters: ~72,000
        tuples of four beside the pool's); None when :meth:`index` takes Whoosh's path.

        >>> from polyseek.analyzers import SurfaceAnalyzer
        >>> side = SideField(SurfaceAnalyzer(stopwords="function"))
        >>> side.pooled("Бах и Бах", "words", 7) == [("words", t, 7, w, v) for t, _, w, v in side.index("Бах и Бах")]
        True
        """
        postings = self._postings(value)
        return None if postings is None else [(fieldname, t, docnum, w, v) for t, _, w, v in postings]

    def _postings(self, value: Any) -> Iterator[Posting] | None:
        """``value``'s postings one at a time, from ``analyzer.frequencies``; None without it."""
        frequencies = getattr(self.analyzer, "frequencies", None)
        if frequencies is None or not isinstance(value, str):
            return None
        boost = self.format.field_boost
        weights = count_weights(boost)
        # each posting's value its own bytes: the lexicon file pickles a block's values, and
        # pickle writes a shared object once and refers to it after (other bytes on disk)
        return (
            (t.encode("utf-8"), n, weights[n] if n < SHARED_COUNTS else float(n) * boost, pack_uint(n))
            for t, n in frequencies(value).items()
        )
