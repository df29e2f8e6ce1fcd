"""Property-based tests (hypothesis): analysis, query parsing, decoding and search never break.

Examples are drawn from real Russian, Arabic and English words mixed with the characters
that break naive code: combining marks, joiners, bidi marks, presentation forms, digits
of several scripts, quotes, operators, control characters, and arbitrary Unicode.
"""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from polyseek.analyzers import analyze
from polyseek.analyzers.whoosh_analyzer import MultilingualAnalyzer
from polyseek.corpus import SkippedSource
from polyseek.corpus.decoding import decode_text
from polyseek.searcher.query import LANGUAGES, QuerySyntaxError, parse_query

WORDS = [
    "Олимпийского", "комитета", "Спортсме\u0301ны", "ёлка", "е\u0308лка", "вице-президента", "Лозанне",
    "اللجنة", "الأولمبية", "والمشاركون", "ﻻ", "\ufe8e\ufedf\ufeb4\ufefc\ufee1", "٢٠٢٦", "۲۰۲۶",
    "NOC's", "O’Brien", "Kazakhstan", "ﬁnal", "ＮＯＣ", "2026", "08:00Олимпиада", "东京", "Ἀθῆναι",
]
SPECIAL = [
    "\u0301", "\u0308", "\u064b", "\u0640", "\u00ad", "\u200b", "\u200c", "\u200d", "\u200e", "\u200f",
    "\u2060", "\u061c", "\ufeff", "\u202b", "\u202c", "\u2066", "\u2069", "'", "’", "-", "\u2010",
    '"', "(", ")", "+", "-", "*", "^", "~", ":", "|", ",", ".", "،", "؟", "\\", "\x00", "\x1b",
    "\t", "\n", "\r", " ", "\u00a0", "\u3000", "\ufffd", "𝐀", "😀",
]
OPERATORS = ["AND", "OR", "NOT", "title:", "lang:", "lang:ru", "lang:ar|en", "+", "-", '"', "~2", "^3"]

pieces = st.one_of(
    st.sampled_from(WORDS),
    st.sampled_from(SPECIAL),
    st.text(min_size=1, max_size=6),  # anything at all (no lone surrogates)
)
texts = st.lists(pieces, max_size=30).map("".join)
queries = st.lists(st.one_of(pieces, st.sampled_from(OPERATORS)), max_size=12).map(" ".join)

FAST = settings(max_examples=150, deadline=None)


@FAST
@given(texts)
def test_analyzer_offsets_slice_the_original_text_to_each_surface(text: str) -> None:
    tokens = analyze(text)
    words = [t for t in tokens if t.span == 1]
    previous_end, previous_pos = 0, -1
    for token in words:
        assert text[token.start : token.end] == token.surface and token.surface
        assert token.start >= previous_end and token.pos == previous_pos + 1
        previous_end, previous_pos = token.end, token.pos
    for token in tokens:
        assert all(isinstance(term, str) and term for term in token.terms)
        if token.span > 1:  # a compound: right after its first word, spanning its words
            assert text[token.start : token.end] == token.surface
            first = tokens[tokens.index(token) - 1]
            covered = words[first.pos : first.pos + token.span]
            assert (first.pos, first.start) == (token.pos, token.start) and covered[-1].end == token.end
    assert [t.surface for t in analyze(text, mode="query")] == [t.surface for t in tokens]


@FAST
@given(texts, st.integers(min_value=0, max_value=10_000))
def test_whoosh_analyzer_offsets_agree_with_analyze(text: str, start_char: int) -> None:
    analyzer = MultilingualAnalyzer()
    stream = [
        (t.text, t.pos, t.startchar - start_char, t.endchar - start_char)
        for t in analyzer(text, positions=True, chars=True, start_char=start_char, removestops=False)
    ]
    expected: list[tuple[str, int, int, int]] = []
    for t in analyze(text):  # a compound's term once per position: not one its first word has
        taken = {(term, pos) for term, pos, _, _ in expected}
        expected += [(term, t.pos, t.start, t.end) for term in t.terms if t.span == 1 or (term, t.pos) not in taken]
    assert stream == expected


def test_compound_term_equal_to_its_first_words_is_indexed_once() -> None:
    """Found by the property above: ``السلام-لا`` (presentation forms) joined is ``السلاملا``,
    whose stem is its first word's: the compound adds no second ``سلام`` on that position (its
    bare reading, ``سلاملا`` -> ``سلامل``, analysis version 4, is a term of its own)."""
    text = "\ufe8e\ufedf\ufeb4\ufefc\ufee1-\ufefb"
    analyzer = MultilingualAnalyzer()
    stream = [(t.text, t.pos, t.startchar, t.endchar) for t in analyzer(text, positions=True, chars=True, removestops=False)]
    assert stream == [("سلام", 0, 0, 5), ("سلامل", 0, 0, 7), ("لا", 1, 6, 7)]
    assert [(t.span, t.terms) for t in analyze(text)] == [(1, ("سلام",)), (2, ("سلام", "سلامل")), (1, ("لا",))]
    assert [(t.span, t.terms) for t in analyze(text, version=3)] == [(1, ("سلام",)), (2, ("سلام",)), (1, ("لا",))]


@FAST
@given(queries)
def test_parser_raises_only_its_documented_error(raw: str) -> None:
    try:
        parsed = parse_query(raw)
    except QuerySyntaxError as err:
        assert "lang:" in raw.lower() and "\n" not in str(err)
        return
    assert all(c.text and c.text == c.text.strip() for c in parsed.clauses)
    assert all(not (c.required and c.excluded) for c in parsed.clauses)
    assert set(parsed.langs) <= set(LANGUAGES)


@FAST
@given(texts, texts)
def test_language_is_the_script_with_most_letters_whatever_came_before(before: str, text: str) -> None:
    # detect_language counts the script it found last first and stops when that one has
    # more letters than half the text: the answer must not depend on it
    from polyseek.corpus import language

    def by_counts(t: str) -> str:
        counts = language.script_counts(t)
        best = max(counts, key=counts.__getitem__)
        return best if counts[best] else language.UNDETERMINED

    for first in (before, "Олимпиада", "الأولمبية", "Olympic", ""):
        language.detect_language(first)
        assert language.detect_language(text) == by_counts(text)


@FAST
@given(st.binary(max_size=300) | texts.map(lambda t: t.encode("utf-8")) | texts.map(lambda t: t.encode("cp1251", "ignore")))
def test_decoding_never_raises_but_skips_and_is_stable(data: bytes) -> None:
    try:
        text = decode_text(data, "x.txt")
    except SkippedSource as err:
        assert str(err).startswith("x.txt: binary file")
        return
    assert "\x00" not in text or data.startswith((b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff"))
    text.encode("utf-8")  # never a lone surrogate: always storable and printable


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(raw=queries)
def test_search_on_random_queries_gives_valid_results(sample_index, raw: str) -> None:
    try:
        results = sample_index.search(raw, limit=5)
    except QuerySyntaxError:
        assert "lang:" in raw.lower()
        return
    assert results.total >= len(results.hits)
    for hit in results.hits:
        assert all(0 <= s < e <= len(hit.snippet.text) for s, e in hit.snippet.ranges)
    data = json.loads(json.dumps(results.as_dict(), ensure_ascii=False))
    assert data["query"] == raw and len(data["hits"]) == len(results.hits)
