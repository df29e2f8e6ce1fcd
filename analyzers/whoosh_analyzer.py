"""Whoosh analyzer for mixed Russian, Arabic and English text.

Whoosh pickles the schema, analyzer included, into every index, so the analyzer holds
only two short strings (its Arabic stemmer and stop word policy, pinned when it is
created so an index keeps analysing queries the way it analysed documents).  The
MorphAnalyzer, stemmers, stop lists and word caches live at module level and are created
on first use.

>>> from whoosh.fields import Schema, TEXT
>>> analyzer = MultilingualAnalyzer(arabic_stemmer="light10", stopwords="function")
>>> schema = Schema(body=TEXT(analyzer=analyzer, phrase=True, chars=True))
>>> [(t.text, t.pos, t.startchar, t.endchar) for t in analyzer("Сталь и стали", positions=True, chars=True)]
[('сталь', 0, 0, 5), ('стать', 2, 8, 13), ('сталь', 2, 8, 13)]
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from whoosh.analysis import Analyzer, Token

from . import arabic, stopwords
from .chains import Settings, analyze_word, cache_for, compute_entry, record
from .tokenizer import WORD_RE

__all__ = ["MultilingualAnalyzer"]


class MultilingualAnalyzer(Analyzer):
    """Tokenize, route each word by script (ru/ar/en/num/other), yield one Token per term.

    All terms of one word (the lemmas of a Russian homonym) share ``pos``, ``startchar``
    and ``endchar``.  Stop words are skipped when ``removestops`` is true (positions still
    advance, so phrase distances stay right) and yielded with ``token.stopped = True``
    otherwise.  ``mode`` ("index" or "query") does not change the terms.
    """

    is_morph = True

    def __init__(self, arabic_stemmer: str | None = None, stopwords: str | None = None) -> None:
        settings = Settings.resolve(arabic_stemmer, stopwords)
        self.arabic_stemmer: str = settings.arabic_stemmer
        self.stopwords: str = settings.stopwords

    def __repr__(self) -> str:
        return f"{type(self).__name__}(arabic_stemmer={self.arabic_stemmer!r}, stopwords={self.stopwords!r})"

    def __eq__(self, other: object) -> bool:
        return (
            type(other) is type(self)
            and self.arabic_stemmer == other.arabic_stemmer  # type: ignore[attr-defined]
            and self.stopwords == other.stopwords  # type: ignore[attr-defined]
        )

    def __hash__(self) -> int:
        return hash((type(self).__name__, self.arabic_stemmer, self.stopwords))

    def __getstate__(self) -> dict[str, str]:
        return {"arabic_stemmer": self.arabic_stemmer, "stopwords": self.stopwords}

    def __setstate__(self, state: dict[str, str]) -> None:
        # an index written by an older version may lack a field: use the built-in default
        self.arabic_stemmer = state.get("arabic_stemmer", arabic.DEFAULT_STEMMER)
        self.stopwords = state.get("stopwords", stopwords.DEFAULT_POLICY)

    @property
    def settings(self) -> Settings:
        return Settings(self.arabic_stemmer, self.stopwords)

    def __call__(  # type: ignore[override]
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs: Any,
    ) -> Iterator[Token]:
        kwargs.pop("no_morph", None)
        settings = Settings(self.arabic_stemmer, self.stopwords)
        cache = cache_for(settings)
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize:
            yield from self._whole(t, value, settings, keeporiginal, start_pos, start_char)
            return
        hits = misses = 0
        try:
            for pos, m in enumerate(WORD_RE.finditer(value), start_pos):
                surface = m.group()
                entry = cache.get(surface)
                if entry is None:
                    entry = analyze_word(surface, m.lastindex, settings, cache)  # type: ignore[arg-type]
                    misses += 1
                else:
                    hits += 1
                stopped = entry[2]
                if stopped and removestops:
                    continue
                t.stopped = stopped
                t.boost = 1.0
                if keeporiginal:
                    t.original = surface
                if positions:
                    t.pos = pos
                if chars:
                    t.startchar = start_char + m.start()
                    t.endchar = start_char + m.end()
                for term in entry[1]:
                    t.text = term
                    yield t
        finally:
            record(hits, misses)

    def occurrences(self, value: str) -> dict[str, list[tuple[int, int, int]]]:
        """Every index term of ``value`` with the ``(pos, startchar, endchar)`` of each occurrence.

        The same terms, positions and offsets Whoosh collects from
        ``self(value, positions=True, chars=True)`` (stop words removed), gathered in one
        pass without Token objects: the fast path of :class:`index.fields.PassageText`.

        >>> MultilingualAnalyzer("light10", "function").occurrences("Сталь и стали")
        {'сталь': [(0, 0, 5), (2, 8, 13)], 'стать': [(2, 8, 13)]}
        """
        settings = Settings(self.arabic_stemmer, self.stopwords)
        cache = cache_for(settings)
        out: dict[str, list[tuple[int, int, int]]] = {}
        hits = misses = 0
        for pos, m in enumerate(WORD_RE.finditer(value)):
            surface = m.group()
            entry = cache.get(surface)
            if entry is None:
                entry = analyze_word(surface, m.lastindex, settings, cache)  # type: ignore[arg-type]
                misses += 1
            else:
                hits += 1
            if entry[2]:  # stop word: skipped, its position still counts
                continue
            start, end = m.span()
            occurrence = (pos, start, end)
            for term in entry[1]:
                seen = out.get(term)
                if seen is None:
                    out[term] = [occurrence]
                else:
                    seen.append(occurrence)
        record(hits, misses)
        return out

    @staticmethod
    def _whole(
        t: Token,
        value: str,
        settings: Settings,
        keeporiginal: bool,
        start_pos: int,
        start_char: int,
    ) -> Iterator[Token]:
        """``tokenize=False``: the whole value is one word (Whoosh does this for range ends)."""
        m = WORD_RE.match(value)
        terms = compute_entry(value, m.lastindex, settings)[1] if m else (value,)  # type: ignore[arg-type]
        t.stopped = False
        t.boost = 1.0
        if keeporiginal:
            t.original = value
        t.pos = start_pos
        t.startchar, t.endchar = start_char, start_char + len(value)
        for term in terms or (value,):
            t.text = term
            yield t
