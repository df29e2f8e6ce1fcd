"""Split a document's text into paragraph-aware passages with exact spans.

How it works (all sizes are code points, measured as ``char_end - char_start``):

1. **Units.** Every line holding non-whitespace text is a unit, stripped of
   surrounding whitespace. Only ``"\\n"`` ends a line (so ``\\r\\n`` files number
   their lines as editors do; the ``\\r`` is stripped as whitespace).
2. **Long units.** A unit longer than :data:`MAX_PASSAGE` is cut into windows.
   While more than :data:`WINDOW_MAX` is left, the rest is shared out evenly
   between ``n = ceil(rest / WINDOW_TARGET)`` windows and the next cut aims at
   the first share, never so early that the rest would not fit in ``n - 1``
   windows (so windows come out around 600-1000, no scrap at the end, and never
   longer than :data:`WINDOW_MAX`). The cut goes to the sentence end
   (``. ! ? ؟ … ۔`` plus closing quotes/brackets, before whitespace; or a line
   break) nearest to that aim within :data:`CUT_SLACK`; failing that the
   nearest whitespace, then the nearest punctuation; only a run with none of
   these (a 2 MB line without spaces) is cut hard, keeping combining marks with
   their base. Every search is confined to one window, so splitting is linear.
3. **Merging.** A group shorter than :data:`SHORT_UNIT` (a dateline, a headline,
   a one-line teaser) absorbs the following unit(s) while the result stays within
   :data:`MAX_PASSAGE`; a short group that cannot go forward (the last one, or one
   before a long paragraph) joins the previous passage if that fits.
4. **Spans and lines.** Passages never overlap, never start or end with
   whitespace, and ``text == document_text[char_start:char_end]``. ``line`` is
   ``line_base`` plus the number of ``"\\n"`` before ``char_start``, tracked while
   scanning, so the whole split is linear in the text size.
5. **Language.** Each passage gets the majority script of its own letters
   (:func:`corpus.language.detect_language`); a passage without letters takes the
   document's language. An explicit ``lang`` overrides both.
6. **Page furniture.** Runs of lines that :func:`corpus.boilerplate.furniture_runs`
   recognises as web page furniture (related-headline lists, "subscribe" lines) are
   merged and windowed on their own, never with article lines, and their passages
   get ``boilerplate=True``. Without such runs the split is exactly as above.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from .boilerplate import furniture_runs
from .language import UNDETERMINED, detect_language
from .model import Passage

__all__ = [
    "CUT_SLACK",
    "MAX_PASSAGE",
    "SHORT_UNIT",
    "WINDOW_MAX",
    "WINDOW_TARGET",
    "split_passages",
]

#: A unit (line) or merged group shorter than this is too small to stand alone:
#: it joins the following unit(s), or the previous passage at the end.
SHORT_UNIT = 200
#: No merged passage is longer than this; a single unit longer than this is cut.
MAX_PASSAGE = 1500
#: The size a long unit's windows aim at (the rest is shared out evenly). The
#: gap to WINDOW_MAX leaves every cut at least 100 characters of room either side.
WINDOW_TARGET = 900
#: Upper bound of a window cut out of a long unit.
WINDOW_MAX = 1000
#: How far from the balanced point a cut may move to reach a sentence end.
CUT_SLACK = 150

# A sentence ends after a terminator (plus up to 3 closing quotes/brackets) that is
# followed by whitespace, or right before a line break. One terminator per match
# keeps the scan linear on runs like "......".
_SENTENCE_END = re.compile(
    "[.!?\u2026\u061f\u06d4\u3002][\"'\u00bb\u201d\u2019)\\]]{0,3}(?=\\s)"
    "|(?=[\r\n\x0b\x0c\x85\u2028\u2029])"
)
_SPACE = re.compile(r"\s+")
_PUNCT = re.compile(r"[^\w\s]")
_NONSPACE = re.compile(r"\S")

Span = tuple[int, int, int]  # (char_start, char_end, line)


def split_passages(text: str, line_base: int = 1, lang: str | None = None) -> tuple[Passage, ...]:
    """Split ``text`` into passages; ``line_base`` is the source line ``text`` starts on.

    >>> text = "Тимур Кулибаев и Томас Бах\\n\\n" + "В Лозанне состоялся визит. " * 12
    >>> (p,) = split_passages(text, line_base=5)
    >>> p.line, p.lang, p.text == text[p.char_start:p.char_end], p.text[:14]
    (5, 'ru', True, 'Тимур Кулибаев')
    >>> [len(p.text) for p in split_passages("Word. " * 1000)]
    [857, 857, 857, 857, 857, 857, 851]
    """
    return build_passages(text, line_base=line_base, lang=lang)


def build_passages(
    text: str,
    *,
    line_base: int = 1,
    lang: str | None = None,
    default_lang: str | None = None,
    one_line: bool = False,
) -> tuple[Passage, ...]:
    """:func:`split_passages` with the knobs the readers need.

    ``default_lang`` is the document language for passages without letters (found
    from ``text`` when not given); ``one_line`` gives every passage ``line_base``
    (a JSONL record sits on one physical line whatever its text contains).
    """
    units = list(_units(text, line_base))
    spans: list[tuple[Span, bool]] = []
    for first, stop, furniture in _segments(len(units), furniture_runs(text, units)):
        spans.extend((span, furniture) for span in _merge(_pieces(text, units[first:stop])))
    fallback = lang or default_lang
    passages = []
    for number, ((start, end, line), furniture) in enumerate(spans):
        chunk = text[start:end]
        chunk_lang = lang or detect_language(chunk)
        if chunk_lang == UNDETERMINED:
            if fallback is None:
                fallback = detect_language(text)
            chunk_lang = fallback
        passages.append(
            Passage(
                number=number,
                text=chunk,
                line=line_base if one_line else line,
                char_start=start,
                char_end=end,
                lang=chunk_lang,
                boilerplate=furniture,
            )
        )
    return tuple(passages)


def _segments(count: int, runs: list[tuple[int, int]]) -> Iterator[tuple[int, int, bool]]:
    """``(first, stop, is_furniture)`` ranges of unit indexes covering ``range(count)``."""
    position = 0
    for first, stop in runs:
        if first > position:
            yield position, first, False
        yield first, stop, True
        position = stop
    if position < count:
        yield position, count, False


def _units(text: str, line_base: int) -> Iterator[Span]:
    """Stripped non-empty lines as spans, with their line numbers."""
    start, line, size = 0, line_base, len(text)
    while True:
        newline = text.find("\n", start)
        stop = size if newline < 0 else newline
        segment = text[start:stop]
        rest = segment.lstrip()
        if rest:
            yield stop - len(rest), start + len(segment.rstrip()), line
        if newline < 0:
            return
        start, line = newline + 1, line + 1


def _pieces(text: str, units: list[Span]) -> Iterator[Span]:
    """Units, with every unit longer than MAX_PASSAGE replaced by its windows."""
    for start, end, line in units:
        if end - start <= MAX_PASSAGE:
            yield start, end, line
        else:
            for win_start, win_end in _windows(text, start, end):
                yield win_start, win_end, line


def _windows(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Cut the stripped span [start, end) into balanced windows of <= WINDOW_MAX."""
    pos = start
    while end - pos > WINDOW_MAX:
        remaining = end - pos
        count = -(-remaining // WINDOW_TARGET)  # ceil: windows still to come
        ideal = pos + remaining // count
        low = max(pos + 1, ideal - CUT_SLACK, end - (count - 1) * WINDOW_MAX)
        high = min(pos + WINDOW_MAX, ideal + CUT_SLACK)
        cut, resume = _find_cut(text, low, high, ideal)
        left_end = cut
        while left_end > pos and text[left_end - 1].isspace():
            left_end -= 1
        if left_end > pos:  # never empty: text[pos] is not whitespace
            yield pos, left_end
        match = _NONSPACE.search(text, resume, end)
        assert match is not None  # text[end - 1] is not whitespace
        pos = match.start()
    yield pos, end


def _find_cut(text: str, low: int, high: int, ideal: int) -> tuple[int, int]:
    """Best cut in [low, high]: (end of the left window, where the right one may start)."""
    nearest = _nearest(
        (m.end() for m in _SENTENCE_END.finditer(text, max(0, low - 4), high + 1)), low, high, ideal
    )
    if nearest is not None:
        return nearest, nearest
    spaces = {m.start(): m.end() for m in _SPACE.finditer(text, low, high + 1)}
    nearest = _nearest(iter(spaces), low, high, ideal)
    if nearest is not None:
        return nearest, spaces[nearest]
    nearest = _nearest((m.end() for m in _PUNCT.finditer(text, low - 1, high)), low, high, ideal)
    if nearest is not None:
        return nearest, nearest
    cut = ideal  # one huge "word": cut hard, but keep combining marks with their base
    while cut > low and (
        unicodedata.category(text[cut])[0] == "M" or "\u200d" in text[cut - 1 : cut + 1]
    ):
        cut -= 1
    return cut, cut


def _nearest(candidates: Iterator[int], low: int, high: int, ideal: int) -> int | None:
    """The candidate in [low, high] closest to ``ideal`` (the later one on a tie)."""
    best = None
    for position in candidates:
        if low <= position <= high and (best is None or abs(position - ideal) <= abs(best - ideal)):
            best = position
    return best


def _merge(pieces: Iterator[Span]) -> list[Span]:
    """Join short pieces forward (or, failing that, backward) within MAX_PASSAGE."""
    spans: list[Span] = []
    current: Span | None = None
    for piece in pieces:
        if current is None:
            current = piece
            continue
        start, end, line = current
        if end - start < SHORT_UNIT and piece[1] - start <= MAX_PASSAGE:
            current = (start, piece[1], line)
        else:
            _close(spans, current)
            current = piece
    if current is not None:
        _close(spans, current)
    return spans


def _close(spans: list[Span], span: Span) -> None:
    """Append ``span``, folding it into the previous passage if it is short and fits."""
    start, end, _ = span
    if spans and end - start < SHORT_UNIT and end - spans[-1][0] <= MAX_PASSAGE:
        prev_start, _, prev_line = spans[-1]
        spans[-1] = (prev_start, end, prev_line)
    else:
        spans.append(span)
