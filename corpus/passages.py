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
   A unit longer than :data:`LONG_UNIT` (a megabyte on one line) gets windows
   aimed at :data:`WINDOW_TARGET` from its start, and only its last ``LONG_UNIT``
   characters are shared out evenly: its end need not be known to cut it.
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
6. **Page furniture.** Runs of lines that :func:`corpus.boilerplate.judge_run`
   recognises as web page furniture (related-headline lists, "subscribe" lines) are
   merged and windowed on their own, never with article lines, and their passages
   get ``boilerplate=True``. Without such runs the split is exactly as above. A run
   longer than :data:`RUN_CAP` is not furniture.
7. **In pieces.** :class:`PassageStream` does all of this on a text given piece by
   piece (a big file as it is read and decoded), holding a bounded window of it;
   :func:`build_passages` is that stream fed the whole text at once, so both give
   the same passages.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator

from .boilerplate import is_article_line, judge_run
from .language import UNDETERMINED, detect_language
from .model import Passage

__all__ = [
    "CUT_SLACK",
    "LONG_UNIT",
    "MAX_PASSAGE",
    "RUN_CAP",
    "SHORT_UNIT",
    "WINDOW_MAX",
    "WINDOW_TARGET",
    "PassageStream",
    "build_passages",
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
#: A unit longer than this is cut into windows of WINDOW_TARGET from its start, and only
#: its last LONG_UNIT characters are shared out evenly: a line of any length (a 200 MB
#: file without a newline) is split holding no more of it than this.
LONG_UNIT = 1_000_000
#: A run of non-article lines longer than this (from its first line's start to its last
#: line's end) is never page furniture (furniture is a list of headlines and links, not
#: a megabyte of them): so its lines need not be held until the run's verdict.
RUN_CAP = 1_000_000

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
    fallback = lang or default_lang or (lambda: detect_language(text))
    stream = PassageStream(line_base=line_base, lang=lang, fallback=fallback, one_line=one_line)
    return (*stream.feed(text), *stream.close())


class PassageStream:
    """The passages of a text given in pieces, in order: what :func:`build_passages` gives
    for the whole text, holding only a bounded window of it.

    Feed the decoded text piece by piece (:meth:`feed`), then :meth:`close`; each returns
    the passages it completed. Offsets and lines count from the start of the whole text.
    What is held at any time is the text from the start of the oldest passage not yet
    complete: at most a passage (:data:`MAX_PASSAGE`), a run of short lines whose
    furniture verdict is pending (:data:`RUN_CAP`), or :data:`LONG_UNIT` of a line not
    yet ended, plus the last piece fed. ``fallback`` is the language of passages without
    letters (a callable is asked once, when first needed).

    >>> text = "Заголовок\\n\\n" + "Первый абзац, довольно длинный. " * 40 + "\\nSecond one."
    >>> stream = PassageStream(fallback="ru")
    >>> pieces = [text[i : i + 7] for i in range(0, len(text), 7)]
    >>> streamed = [p for piece in pieces for p in stream.feed(piece)] + stream.close()
    >>> streamed == list(split_passages(text))
    True
    """

    def __init__(
        self,
        *,
        line_base: int = 1,
        lang: str | None = None,
        fallback: str | Callable[[], str] = UNDETERMINED,
        one_line: bool = False,
    ) -> None:
        self._lang = lang
        self._fallback = fallback
        self._one_line = one_line
        self._line_base = line_base
        self._buf = ""  # the text held, from the absolute offset _base
        self._base = 0
        self._scan = 0  # where the next line (or the rest of the current one) starts
        self._line = line_base  # the line number at _scan
        self._long: int | None = None  # next window of a line longer than LONG_UNIT, its end unseen
        self._run: list[Span] = []  # short lines since the last article line: verdict pending
        self._run_text: list[str] = []
        self._articles = False  # an article line was seen
        self._open_run = False  # the run outgrew RUN_CAP: not furniture, passed on as it comes
        self._before = ""  # last character of the line before the run
        self._furniture = False  # the current segment's kind
        self._current: Span | None = None  # merging: the group being built
        self._prev: Span | None = None  # and the last closed one (a short group may still join it)
        self._number = 0
        self._out: list[Passage] = []

    @property
    def held(self) -> int:
        """Characters of the text held now (at most about twice the window of the class doc)."""
        return len(self._buf)

    def feed(self, piece: str) -> list[Passage]:
        """Take the next piece of the text; return the passages now complete."""
        self._trim()
        self._buf += piece
        self._lines(final=False)
        return self._take()

    def close(self) -> list[Passage]:
        """The text is complete: return the remaining passages."""
        self._lines(final=True)
        self._judge(trailing=True)
        self._end_segment()
        self._buf = ""
        return self._take()

    # -- lines -----------------------------------------------------------------------
    def _lines(self, final: bool) -> None:
        buf, base = self._buf, self._base
        rel = self._scan - base
        while True:
            newline = buf.find("\n", rel)
            if newline < 0:
                if final:
                    self._line_ends(rel, len(buf))
                    self._scan = base + len(buf)
                else:
                    self._scan = base + rel
                    self._long_line()
                return
            self._line_ends(rel, newline)
            rel = newline + 1
            self._line += 1

    def _line_ends(self, start: int, stop: int) -> None:
        """The line ``buf[start:stop]`` (buffer offsets) is complete."""
        buf, base = self._buf, self._base
        if self._long is not None:  # the end of a long line: its last windows, balanced as usual
            pos, self._long = self._long - base, None
            end = len(buf[pos:stop].rstrip()) + pos
            for win_start, win_end in _windows(buf, pos, end):
                self._piece((win_start + base, win_end + base, self._line), False)
            self._before = buf[end - 1]
            return
        segment = buf[start:stop]
        rest = segment.lstrip()
        if rest:
            self._unit((stop - len(rest) + base, start + len(segment.rstrip()) + base, self._line))

    def _long_line(self) -> None:
        """No line end in what is held: cut windows off a line known to go on past LONG_UNIT."""
        buf, base = self._buf, self._base
        pos = self._scan - base if self._long is None else self._long - base
        last = len(buf.rstrip())  # the line goes on at least this far
        if self._long is None:
            first = _NONSPACE.search(buf, pos)
            if first is None:  # leading white space: the line's unit starts later
                self._scan = base + len(buf)
                return
            pos = first.start()
            if last - pos <= LONG_UNIT:
                return
            self._article_starts()  # a line this long is article text
        while last - pos > LONG_UNIT:
            left_end, resume = _cut(buf, pos, None)
            if left_end > pos:
                self._piece((pos + base, left_end + base, self._line), False)
            match = _NONSPACE.search(buf, resume)
            assert match is not None  # buf[last - 1] is not white space
            pos = match.start()
        self._long = self._scan = pos + base

    # -- furniture ---------------------------------------------------------------------
    def _unit(self, span: Span) -> None:
        text = self._buf[span[0] - self._base : span[1] - self._base]
        if is_article_line(text):
            self._article_starts()
            self._before = text[-1]
            self._piece(span, False)
        elif self._open_run:
            self._piece(span, False)
        else:
            self._run.append(span)
            self._run_text.append(text)
            if span[1] - self._run[0][0] > RUN_CAP:  # too long to hold: not furniture
                self._open_run = True
                for held in self._run:
                    self._piece(held, False)
                self._run, self._run_text = [], []

    def _article_starts(self) -> None:
        """An article line comes: judge the run before it."""
        self._judge(trailing=False)
        self._articles = True
        self._open_run = False

    def _judge(self, trailing: bool) -> None:
        run, lines = self._run, self._run_text
        self._run, self._run_text = [], []
        if not run:
            return
        if not self._articles and trailing:  # no article line at all: nothing is furniture
            skip, furniture = len(run), False
        else:
            skip, furniture = judge_run(lines, after_article=self._articles, trailing=trailing, before=self._before)
        for number, span in enumerate(run):
            self._piece(span, furniture and number >= skip)

    # -- pieces and merging --------------------------------------------------------------
    def _piece(self, span: Span, furniture: bool) -> None:
        if furniture != self._furniture:
            self._end_segment()
            self._furniture = furniture
        start, end, line = span
        if end - start <= MAX_PASSAGE:
            self._merge(span)
        else:
            base = self._base
            for win_start, win_end in _windows(self._buf, start - base, end - base):
                self._merge((win_start + base, win_end + base, line))

    def _merge(self, piece: Span) -> None:
        """Join short pieces forward (or, failing that, backward) within MAX_PASSAGE."""
        current = self._current
        if current is None:
            self._current = piece
            return
        start, end, line = current
        if end - start < SHORT_UNIT and piece[1] - start <= MAX_PASSAGE:
            self._current = (start, piece[1], line)
        else:
            self._close(current)
            self._current = piece

    def _close(self, span: Span) -> None:
        """Close ``span``, folding it into the previous passage if it is short and fits."""
        start, end, _ = span
        prev = self._prev
        if prev is not None and end - start < SHORT_UNIT and end - prev[0] <= MAX_PASSAGE:
            self._prev = (prev[0], end, prev[2])
        else:
            if prev is not None:
                self._emit(prev)
            self._prev = span

    def _end_segment(self) -> None:
        if self._current is not None:
            self._close(self._current)
            self._current = None
        if self._prev is not None:
            self._emit(self._prev)
            self._prev = None

    def _emit(self, span: Span) -> None:
        start, end, line = span
        chunk = self._buf[start - self._base : end - self._base]
        chunk_lang = self._lang or detect_language(chunk)
        if chunk_lang == UNDETERMINED:
            if callable(self._fallback):
                self._fallback = self._fallback()
            chunk_lang = self._fallback
        self._out.append(
            Passage(
                number=self._number,
                text=chunk,
                line=self._line_base if self._one_line else line,
                char_start=start,
                char_end=end,
                lang=chunk_lang,
                boilerplate=self._furniture,
            )
        )
        self._number += 1

    def _take(self) -> list[Passage]:
        out, self._out = self._out, []
        return out

    def _trim(self) -> None:
        """Forget the text no pending passage, run or line needs any more."""
        keep = self._scan if self._long is None else self._long
        for span in (self._run[0] if self._run else None, self._current, self._prev):
            if span is not None and span[0] < keep:
                keep = span[0]
        drop = keep - self._base
        if drop > 0 and drop * 2 >= len(self._buf):
            self._buf = self._buf[drop:]
            self._base = keep


def _windows(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Cut the stripped span [start, end) into balanced windows of <= WINDOW_MAX."""
    pos = start
    while end - pos > WINDOW_MAX:
        left_end, resume = _cut(text, pos, end)
        if left_end > pos:  # never empty: text[pos] is not whitespace
            yield pos, left_end
        match = _NONSPACE.search(text, resume, end)
        assert match is not None  # text[end - 1] is not whitespace
        pos = match.start()
    yield pos, end


def _cut(text: str, pos: int, end: int | None) -> tuple[int, int]:
    """The next cut of a long span from ``pos``: (end of the window, where the rest may start).

    ``end`` is the span's end, ``None`` when it is more than :data:`LONG_UNIT` away (a
    line not seen to its end): windows then aim at :data:`WINDOW_TARGET` until the last
    ``LONG_UNIT`` characters, which are shared out evenly.
    """
    if end is None or end - pos > LONG_UNIT:
        ideal = pos + WINDOW_TARGET
        low = max(pos + 1, ideal - CUT_SLACK)
    else:
        remaining = end - pos
        count = -(-remaining // WINDOW_TARGET)  # ceil: windows still to come
        ideal = pos + remaining // count
        low = max(pos + 1, ideal - CUT_SLACK, end - (count - 1) * WINDOW_MAX)
    high = min(pos + WINDOW_MAX, ideal + CUT_SLACK)
    cut, resume = _find_cut(text, low, high, ideal)
    left_end = cut
    while left_end > pos and text[left_end - 1].isspace():
        left_end -= 1
    return left_end, resume


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
