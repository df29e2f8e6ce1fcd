"""HTML pages: main content, title, language hint, publication date and source lines.

* **Main content** comes from `trafilatura <https://trafilatura.readthedocs.io>`_, which
  drops navigation, headers, footers, related-link boxes and comments and keeps the
  article's paragraphs, headings, lists and tables as lines of plain text.
  ``Document.text`` is that extracted text; passages are split from it as from a
  ``.txt`` file (so page furniture trafilatura lets through is still marked), and
  their ``char_start``/``char_end`` are code-point offsets into it.
  A page whose elements nest deeper than :data:`MAX_TREE_DEPTH` levels (libxml2, under
  trafilatura, stops at 256 and drops the rest) is read whole instead: all its visible
  text, one line per block, page furniture marked as in a ``.txt`` file.
* **Title**: the page's ``<title>``, whitespace collapsed; else trafilatura's title
  (``og:title``, ``<h1>``); else the first line if it looks like a title; else none (a file
  name is never made into a title).
* **Language**: ``<html lang>`` is a hint. Its language is taken for the document
  when at least a quarter of the page's letters are in that language's script (a
  template saying ``lang="en"`` over a Russian article is common); otherwise the
  letters decide. Each passage still gets the script of its own letters.
* **Date**: from the page's metadata only (``<meta>`` publication tags, JSON-LD
  ``datePublished``, a ``<time>`` near the top; :mod:`corpus.pagedates`), else the
  dateline of the extracted text (:mod:`corpus.dates`); never a date from the body
  (a log example, a "last changed" line further down).
* **Source lines**: ``Passage.line`` is the line of the HTML source where the
  passage's first words are, found by matching its first words against the page's
  text nodes read with their source positions (:mod:`html.parser`). ``path:line``
  opens the source at the paragraph in any editor, as for text files.

>>> page = '''<html lang="ru"><head><title>Бокс в Астане</title></head><body>
... <nav><a href="/">Главная</a> <a href="/news">Новости</a></nav>
... <article><h1>Сборная начала сборы</h1>
... <p>Национальная сборная Казахстана по боксу начала сборы в Астане. Тренеры
... пригласили двадцать четыре спортсмена, среди них чемпионов Азии.</p></article>
... </body></html>'''
>>> doc = parse_html(page.encode(), "p.html", "/p.html")
>>> doc.title, doc.lang, doc.passages[0].line, "Главная" in doc.text
('Бокс в Астане', 'ru', 3, False)
"""

from __future__ import annotations

import codecs
import dataclasses
import logging
import re
from bisect import bisect_left
from collections import defaultdict
from html.parser import HTMLParser
from typing import Any

from .dates import published_date
from .pagedates import PageDates
from .decoding import decode_text
from .failpoints import failpoint
from .language import LANGUAGES, UNDETERMINED, detect_language, script_counts
from .model import CorpusError, Document, Passage, SkippedSource
from .passages import build_passages
from .titles import first_line_title

__all__ = ["MAX_HTML_BYTES", "MAX_HTML_TEXT", "check_html_size", "decode_html", "parse_html"]

#: The largest HTML page read, in bytes, and the most text (bytes outside the tags) in
#: one. Parsing a page (lxml's tree, trafilatura's copies of it, the source scan's words)
#: takes about 55 times its text and 14 times the rest (a 10 MB attribute, a script) in
#: memory, so a page over either is skipped with one line: within both, a page peaks at
#: about 300 MiB.
MAX_HTML_BYTES = 20 << 20
MAX_HTML_TEXT = 5 << 20

#: How many of a passage's first words are matched against the page to find its line.
MATCH_WORDS = 6
#: Occurrences of a passage's first word tried, from where the last passage was found, to
#: find its line (a page repeating one word millions of times stays linear).
MAX_TRIES = 1_000

_WORD = re.compile(r"\w+")
_SKIPPED = frozenset({"script", "style", "noscript", "template", "svg", "math"})
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


def decode_html(data: bytes, name: str) -> str:
    """Decode a page: a BOM, else a ``<meta charset>`` in the first 2 KB, else detection.

    Only a text encoding a browser would use is taken from the page's own
    declaration (see :func:`declared_encoding`); any other name (``rot13``,
    ``base64``, ``zlib``, one Python does not know) is ignored and the encoding is
    detected as for a text file (:mod:`corpus.decoding`).

    >>> decode_html('<meta charset="windows-1251"><p>Бокс</p>'.encode("cp1251"), "p.html")[-9:]
    '>Бокс</p>'
    >>> decode_html('<meta charset="rot13"><p>Бокс</p>'.encode(), "p.html")[-9:]
    '>Бокс</p>'
    """
    failpoint("decode", name)
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            return _decode(data[len(bom) :], encoding, name)
    declared = _META_CHARSET.search(data[:2048])
    label = declared_encoding(declared.group(1).decode("ascii")) if declared else None
    if label is not None and label != "utf-8":
        return _decode(data, label, name)
    return decode_text(data, name)


def declared_encoding(label: str) -> str | None:
    """The codec a page's ``charset`` label names, or None when a browser would not decode with it.

    Python's codec registry also holds codecs that are not text encodings
    (``rot13``, ``base64``, ``hex``, ``zlib``, ``bz2``, ``uu``, ``quopri``): those,
    unknown labels, UTF-7 (no browser decodes it; a known way to smuggle script)
    and UTF-16/32 named in a ``<meta>`` that was read as ASCII bytes are refused.

    >>> declared_encoding("Windows-1251"), declared_encoding("utf8")
    ('cp1251', 'utf-8')
    >>> [declared_encoding(x) for x in ("rot13", "base64", "zlib", "utf-7", "utf-16", "no-such")]
    [None, None, None, None, None, None]
    """
    try:
        info = codecs.lookup(label.strip().lower())
    except LookupError:
        return None
    if not getattr(info, "_is_text_encoding", True) or info.name == "utf-7" or info.name.startswith(("utf-16", "utf-32")):
        return None
    return info.name


def _decode(data: bytes, encoding: str, name: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as err:
        raise CorpusError(f"{name}: not valid {encoding} (byte 0x{data[err.start]:02x} at offset {err.start})") from None


#: Elements nested deeper than this: libxml2 (under trafilatura) stops at 256 levels and
#: the text below is lost, so such a page's text is taken from :class:`_SourceScan`.
MAX_TREE_DEPTH = 250
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"})
_BLOCK = frozenset({"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "article", "section", "blockquote", "pre", "td", "th", "dd", "dt"})


class _SourceScan(HTMLParser):
    """The page's ``<html lang>``, ``<title>``, visible words with their source lines,
    how deep its elements nest, and (for a page nested too deep for trafilatura) its visible text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lang: str | None = None
        self.title_parts: list[str] = []
        self.words: list[str] = []
        self.lines: list[int] = []
        self.depth = 0
        self.max_depth = 0
        self.text_parts: list[str] = []
        self._skip = 0
        self._in_title = False
        self.dates = PageDates()
        self._in_json_ld = False

    def visible_text(self) -> str:
        """The text outside scripts and styles, one line per block element, white space collapsed."""
        lines = (" ".join(line.split()) for line in "".join(self.text_parts).split("\n"))
        return "\n".join(line for line in lines if line)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in _VOID:
            self.depth += 1
            self.max_depth = max(self.max_depth, self.depth)
        if tag in _BLOCK:
            self.text_parts.append("\n")
        if tag == "html" and self.lang is None:
            values = dict(attrs)
            self.lang = values.get("lang") or values.get("xml:lang")
        elif tag == "title":
            self._in_title = True
        elif tag == "meta":
            self.dates.meta(dict(attrs))
        elif tag == "time":
            self.dates.time(dict(attrs), words_before=len(self.words))
        if tag in _SKIPPED:
            self._skip += 1
            self._in_json_ld = tag == "script" and (dict(attrs).get("type") or "").strip().lower() == "application/ld+json"

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("html", "meta", "time"):
            self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag not in _VOID and self.depth:
            self.depth -= 1
        if tag in _BLOCK:
            self.text_parts.append("\n")
        if tag == "title":
            self._in_title = False
        elif tag in _SKIPPED and self._skip:
            self._skip -= 1
            self._in_json_ld = False

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title_parts.append(data)
            return
        if self._in_json_ld:
            self.dates.json_ld(data)
            return
        if self._skip:
            return
        self.text_parts.append(data)
        line, last = self.getpos()[0], 0
        for match in _WORD.finditer(data):
            line += data.count("\n", last, match.start())
            last = match.start()
            self.words.append(match.group().lower())
            self.lines.append(line)


def check_html_size(size: int, name: str, data: bytes | None = None) -> None:
    """Raise :class:`SkippedSource` for a page of ``size`` bytes over :data:`MAX_HTML_BYTES`,
    or, given its bytes, one holding more than :data:`MAX_HTML_TEXT` of text.

    >>> check_html_size(21 << 20, "big.html")
    Traceback (most recent call last):
    ...
    polyseek.corpus.model.SkippedSource: big.html: an HTML page of 21 MiB, larger than the 20 MiB polyseek parses (parsing takes about 14 times a page's size in memory, 55 times its text); not read
    >>> check_html_size(6 << 20, "text.html", b"<p>" + b"x" * (6 << 20))
    Traceback (most recent call last):
    ...
    polyseek.corpus.model.SkippedSource: text.html: an HTML page with 6 MiB of text, more than the 5 MiB polyseek parses (parsing takes about 55 times a page's text in memory); not read
    """
    if size > MAX_HTML_BYTES:
        raise SkippedSource(
            f"{name}: an HTML page of {_mib(size)}, larger than the {_mib(MAX_HTML_BYTES)} polyseek parses "
            "(parsing takes about 14 times a page's size in memory, 55 times its text); not read"
        )
    if data is not None and size > MAX_HTML_TEXT and (text := _text_bytes(data)) > MAX_HTML_TEXT:
        raise SkippedSource(
            f"{name}: an HTML page with {_mib(text)} of text, more than the {_mib(MAX_HTML_TEXT)} polyseek parses "
            "(parsing takes about 55 times a page's text in memory); not read"
        )


_BETWEEN_TAGS = re.compile(rb">([^<]+)")


def _text_bytes(data: bytes) -> int:
    """Bytes outside ``<...>`` (text, and scripts and styles, which cost as much to scan)."""
    return sum(match.end(1) - match.start(1) for match in _BETWEEN_TAGS.finditer(data))


def _mib(size: int) -> str:
    return f"{size / 2**20:.1f}".removesuffix(".0") + " MiB"


def parse_html(data: bytes, name: str, source: str) -> Document:
    """One :class:`Document` for an HTML page (see the module docstring).

    A page from which no text comes raises :class:`SkippedSource` saying so, and so does
    a page over :data:`MAX_HTML_BYTES` or :data:`MAX_HTML_TEXT` (:func:`check_html_size`).
    """
    check_html_size(len(data), name, data)
    markup = decode_html(data, name)
    failpoint("parse", name)
    scan = _SourceScan()
    try:
        scan.feed(markup)
        scan.close()
    except (AssertionError, ValueError) as err:  # html.parser gives up only on broken declarations
        raise CorpusError(f"{name}: cannot parse HTML ({err})") from None
    if scan.max_depth > MAX_TREE_DEPTH:  # trafilatura's parser would drop what lies deeper
        extracted: _Extracted | None = _Extracted(scan.visible_text())
    else:
        extracted = _extract(markup)
    del scan.text_parts
    text = extracted.text if extracted is not None else ""
    lang = _language(text, scan.lang)
    failpoint("split", name)
    passages = _with_source_lines(build_passages(text, default_lang=lang), scan.words, scan.lines)
    if not passages:  # never dropped unseen: the run lists the page as skipped, with why
        found = f"its {len(scan.words):,} visible words gave no main text" if scan.words else "no visible text"
        raise SkippedSource(f"{name}: {found}, nothing to index")
    title = " ".join("".join(scan.title_parts).split())
    return Document(
        id=source,
        source=source,
        title=title or (extracted.title if extracted is not None else None) or first_line_title(text) or "",
        text=text,
        lang=lang,
        passages=passages,
        date=scan.dates.best() or published_date(text),
    )


@dataclasses.dataclass(frozen=True, slots=True)
class _Extracted:
    text: str
    title: str | None = None


_HAS_DOCUMENT = re.compile(r"<(?:html|body)[\s>]", re.IGNORECASE)


def _extract(markup: str) -> _Extracted | None:
    """The page's main text and metadata (trafilatura), or ``None`` for a page without text.

    Precision first; if that finds nothing (a short note, a page that is all links),
    recall first; failing that trafilatura's baseline (every paragraph of the body).
    A fragment without ``<html>``/``<body>`` is wrapped in them first.
    """
    import trafilatura  # imported here: only HTML needs it, and it takes a while to load
    from trafilatura.settings import set_date_params

    logging.getLogger("trafilatura").addHandler(logging.NullHandler())  # no "empty tree" noise on stderr
    if not markup.strip():
        return None
    if not _HAS_DOCUMENT.search(markup):
        markup = f"<html><body>{markup}</body></html>"
    # The date is not taken from trafilatura (htmldate also reads dates in the body, such as
    # a log example's); its cheapest date search keeps the cost of asking for the title low.
    options: dict[str, Any] = dict(
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        deduplicate=False,
        date_extraction_params=set_date_params(extensive=False),
    )
    tree = _parse_tree(markup)
    if tree is None:
        return None
    for favor_recall in (False, True):  # trafilatura works on a copy of the tree
        result: Any = trafilatura.bare_extraction(tree, favor_recall=favor_recall, **options)
        if result is not None and (result.text or "").strip():
            return _Extracted(result.text, result.title)
    text = trafilatura.baseline(tree)[1]
    return _Extracted(text) if text.strip() else None


def _parse_tree(markup: str):
    """The page as trafilatura parses it, but without libxml2's size limits (``huge_tree``).

    With them, an attribute value or a text node over 10,000,000 characters is cut or
    dropped, and the rest of the page with it: the page's text would be lost unseen.
    """
    import lxml.html
    from trafilatura.utils import repair_faulty_html

    parser = lxml.html.HTMLParser(
        collect_ids=False, default_doctype=False, encoding="utf-8", remove_comments=True, remove_pis=True, huge_tree=True
    )
    markup = repair_faulty_html(markup, markup[:50].lower())
    try:
        return lxml.html.fromstring(markup.encode("utf-8", "replace"), parser=parser)
    except (ValueError, lxml.etree.ParserError):  # nothing to parse
        return None


def _language(text: str, hint: str | None) -> str:
    """``<html lang>``'s language if a quarter of the letters are in its script, else by letters."""
    primary = (hint or "").strip().lower().replace("_", "-").split("-")[0]
    if primary in LANGUAGES and primary != UNDETERMINED:
        counts = script_counts(text)
        total = sum(counts.values())
        if total == 0 or counts[primary] * 4 >= total:
            return primary
    return detect_language(text)


def _with_source_lines(passages: tuple[Passage, ...], words: list[str], lines: list[int]) -> tuple[Passage, ...]:
    """Give each passage the source line of its first words (in page order)."""
    positions: dict[str, list[int]] = defaultdict(list)
    for index, word in enumerate(words):
        positions[word].append(index)
    out, cursor, line = [], 0, 1
    for passage in passages:
        key = [w.lower() for w in _WORD.findall(passage.text)[:MATCH_WORDS]]
        found = _find(key, words, positions, cursor)
        if found is not None:
            cursor, line = found + 1, lines[found]
        out.append(dataclasses.replace(passage, line=line))
    return tuple(out)


def _find(key: list[str], words: list[str], positions: dict[str, list[int]], cursor: int) -> int | None:
    """Index of the first occurrence of ``key`` in ``words`` at or after ``cursor`` (else anywhere)."""
    for size in (len(key), 3, 1):
        probe = key[:size]
        if not probe:
            return None
        candidates = positions.get(probe[0], [])
        for start in (bisect_left(candidates, cursor), 0):
            for at in range(start, min(len(candidates), start + MAX_TRIES)):
                index = candidates[at]
                if words[index : index + len(probe)] == probe:
                    return index
    return None
