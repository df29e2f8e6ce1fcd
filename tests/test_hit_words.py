"""Hits built from the postings' word positions (:mod:`searcher.hitwords`) are the hits built by
analysing every word of their passages and titles: snippets, highlight ranges, title
highlights and cross-script matches.

Real texts in a real index: Russian homonyms and inflections, Arabic prefixes, codes
(``COVID-19``), stop words, a name in three scripts, titles that match.
"""

from __future__ import annotations

import pytest
from conftest import index_of_records

from polyseek.analyzers import find_terms
from polyseek.analyzers.tokenizer import WORD_RE
from polyseek.searcher import SearchIndex
from polyseek.searcher.hitwords import hit_words
from polyseek.searcher.ranking import search_and_count

RECORDS = [
    {"id": "ru-1", "lang": "ru", "title": "Кулибаев и олимпийский комитет",
     "text": "Тимур Кулибаев возглавил Олимпийский комитет Казахстана. Стали известны имена "
             "спортсменов, которые стали чемпионами. Сталь и стали — о заводе, где льют сталь. "
             "Вакцина от COVID-19 поступила в Астану; о COVID 19 говорили и в Алматы."},
    {"id": "en-1", "lang": "en", "title": "Kulibayev heads the committee",
     "text": "Timur Kulibayev was elected head of the Olympic committee of Kazakhstan. The committee's "
             "members met in Astana. COVID-19 vaccines reached Almaty; the committee said it was ready."},
    {"id": "ar-1", "lang": "ar", "title": "اللجنة الأولمبية في كازاخستان",
     "text": "انتخب تيمور كوليباييف رئيسا للجنة الأولمبية في كازاخستان. وقالت اللجنة إن الرياضيين "
             "وصلوا إلى أستانا، وإن لقاح كوفيد-19 وصل إلى ألماتي."},
    {"id": "ru-2", "lang": "ru", "title": "",
     "text": "Заседание комитета прошло в Лозанне. Члены комитета обсудили олимпийские игры и "
             "комитеты национальных федераций. " * 8},
]

QUERIES = [
    "Кулибаев", "Kulibayev", "كوليباييف", "олимпийский комитет", "стали", "сталь", "COVID-19",
    "covid 19", "committee", "Olympic committee Astana", "اللجنة الأولمبية", "الأولمبية",
    "Казахстан", "Kazakhstan", "كازاخستان", "комитет -Лозанна", '"олимпийский комитет"', "title:комитет",
    "олимп*", "и комитет", "the committee", "Астана OR Алматы", "lang:ar كازاخستان",
]


@pytest.fixture(scope="module")
def ix(tmp_path_factory):
    with index_of_records(tmp_path_factory.mktemp("hitwords"), RECORDS) as ix:
        yield ix


def _shown(hit) -> tuple:
    return hit.snippet, hit.title_highlights, hit.cross_script, hit.match_line


@pytest.mark.parametrize("query", QUERIES)
def test_hits_from_postings_are_those_of_whole_texts(ix: SearchIndex, query: str) -> None:
    ctx = ix._context(query)
    ranked, _, _ = search_and_count(ctx.searcher, ctx.query, 20)
    where = hit_words(ctx, [rp.docnum for rp in ranked])
    assert where is not None
    for rp in ranked:
        assert _shown(ix._hit(ctx, 1, rp, where)) == _shown(ix._hit(ctx, 1, rp))


def test_hits_from_postings_with_deleted_passages(tmp_path, monkeypatch) -> None:
    from polyseek.index import store

    # keep every segment as it is, so that the replaced passages stay in it, deleted
    monkeypatch.setattr(store, "merge_policy", lambda writer, segments: segments)
    with index_of_records(tmp_path, RECORDS) as ix:
        more = tmp_path / "more.jsonl"
        more.write_text("".join(
            f'{{"id": "more-{i}", "lang": "ru", "title": "Комитет {i}", "text": "Олимпийский комитет заседал {i} раз."}}\n'
            for i in range(300)
        ), encoding="utf-8")  # fmt: skip
        ix.add_path(more)
        more.write_text(more.read_text(encoding="utf-8").replace("заседал", "собрался"), encoding="utf-8")
        ix.reindex()
        s = ix._current_searcher()
        assert len(s.leaf_searchers()) > 1 and s.doc_count_all() > s.doc_count()
        for query in ("олимпийский комитет", "комитет", "Kulibayev", "собрался", "COVID-19"):
            ctx = ix._context(query)
            ranked, _, _ = search_and_count(ctx.searcher, ctx.query, 20)
            where = hit_words(ctx, [rp.docnum for rp in ranked])
            assert where is not None and ranked
            for rp in ranked:
                assert _shown(ix._hit(ctx, 1, rp, where)) == _shown(ix._hit(ctx, 1, rp)), query


def test_only_the_words_at_the_postings_positions_are_read(ix: SearchIndex) -> None:
    ctx = ix._context("олимпийский комитет")
    ranked, _, _ = search_and_count(ctx.searcher, ctx.query, 10)
    where = hit_words(ctx, [rp.docnum for rp in ranked])
    assert where is not None
    for rp in ranked:
        text = ctx.searcher.stored_fields(rp.docnum)["text"]
        words = [m.group().lower() for m in WORD_RE.finditer(text)]
        at = sorted(where.text[rp.docnum])
        assert at and all(words[p].startswith(("олимп", "комитет")) for p in at)
        assert len(at) < len(words)


def test_find_terms_reads_only_the_positions_given() -> None:
    text = "Сталь и стали; стали известны"
    assert find_terms(text, {"сталь"}) == [(0, 5, {"сталь"}), (8, 13, {"сталь"}), (15, 20, {"сталь"})]
    assert find_terms(text, {"сталь"}, only={0, 3}) == [(0, 5, {"сталь"}), (15, 20, {"сталь"})]
    # a compound is at its first word's position
    assert find_terms("COVID-19, 19", {"covid19", "19"}, only={0}) == [(0, 8, {"covid19"})]


#: Words whose terms analysis versions 3 and 4 changed (an abbreviation's plural: ``MSPs`` is
#: also ``msp``; an Arabic word with the article: ``السنة`` is also ``سن``), beside words they
#: did not change (``MSP``, ``NHS``).
CHANGED = [
    {"id": "en-2", "lang": "en", "title": "MSPs and the committee",
     "text": "Scottish MSPs voted on the committee's budget for the coming year."},
    {"id": "en-3", "lang": "en", "title": "One MSP",
     "text": "One MSP spoke for the NHS before the committee in Edinburgh."},
    {"id": "en-4", "lang": "en", "title": "",
     "text": "The A-Bs of the committee: sales of DVDs and of ATMs fell."},
    {"id": "ar-2", "lang": "ar", "title": "اللجنة في السنة الماضية",
     "text": "قالت اللجنة إن عدد الرياضيين ارتفع في السنة الماضية، وإن سنة واحدة لا تكفي."},
]


@pytest.fixture(scope="module")
def ix2(tmp_path_factory):
    """An index made with analysis version 2 (before an abbreviation's plural was also its
    singular, and an Arabic word with the article also its bare word)."""
    from polyseek.analyzers import MultilingualAnalyzer
    from polyseek.index import schema

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(schema, "MultilingualAnalyzer", lambda: MultilingualAnalyzer(version=2))
        ix = index_of_records(tmp_path_factory.mktemp("hitwords2"), RECORDS + CHANGED)
    with ix:
        yield ix


@pytest.mark.parametrize(
    "query", [*QUERIES, "MSP committee", "MSPs", "DVD committee", "ATM", "NHS", "A-B", "سنة اللجنة", "السنة"]
)
def test_hits_from_postings_of_an_index_versions_behind(ix2: SearchIndex, query: str) -> None:
    ctx = ix2._context(query)
    assert ctx.searcher.schema["text"].analyzer.version == 2
    ranked, _, _ = search_and_count(ctx.searcher, ctx.query, 20)
    where = hit_words(ctx, [rp.docnum for rp in ranked])
    assert where is not None
    for rp in ranked:
        assert _shown(ix2._hit(ctx, 1, rp, where)) == _shown(ix2._hit(ctx, 1, rp)), query


def test_an_index_versions_behind_is_highlighted_as_it_was_analysed(ix2: SearchIndex) -> None:
    # its queries and postings have its version's terms, and so do its snippets: a word a
    # later version gave another term is highlighted only where the index matched it
    assert "en-2" not in {h.doc_id for h in ix2.search("MSP").hits}  # version 2 kept the s
    hit = next(h for h in ix2.search("MSP committee").hits if h.doc_id == "en-2")
    marked = {hit.snippet.text[a:b] for a, b in hit.snippet.ranges}
    assert "committee's" in marked and "MSPs" not in marked
    hit = next(h for h in ix2.search("سنة اللجنة").hits if h.doc_id == "ar-2")
    marked = {hit.snippet.text[a:b] for a, b in hit.snippet.ranges}
    assert {"اللجنة", "سنة"} <= marked and "السنة" not in marked


def test_a_search_of_an_index_one_version_behind_loads_no_dictionary(tmp_path) -> None:
    # its passages' words are analysed through the index's version where the current one
    # gives them the same terms: from the index's store of its words, as for an index of
    # the current version (a fresh process writes the index: it keeps every word it met)
    import subprocess
    import sys

    from conftest import write_records

    docs, ix = write_records(tmp_path / "docs.jsonl", RECORDS), tmp_path / "ix"
    make = (
        "from polyseek.analyzers import MultilingualAnalyzer\n"
        "from polyseek.index import schema\n"
        "schema.MultilingualAnalyzer = lambda: MultilingualAnalyzer(version=2)\n"
        "from polyseek import SearchIndex\n"
        f"SearchIndex.create({str(ix)!r}).add_path({str(docs)!r})\n"
    )
    subprocess.run([sys.executable, "-c", make], check=True)
    search = (
        "import sys\n"
        "from polyseek.searcher import SearchIndex\n"
        f"ix = SearchIndex.open({str(ix)!r})\n"
        "hits = ix.search('олимпийский комитет', cross_script=False, suggest=False).hits\n"
        "assert hits and ix._current_searcher().schema['text'].analyzer.version == 2\n"
        "print('pymorphy3' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", search], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["False"]


def test_snippet_words_are_those_of_the_index_version() -> None:
    from polyseek.analyzers import MultilingualAnalyzer, analyze
    from polyseek.searcher.snippets import matched_words

    old = MultilingualAnalyzer(version=2)
    for record in RECORDS + CHANGED:
        for text in (record["title"], record["text"]):
            wanted = {term for t in analyze(text) for term in t.terms}  # every term the current analysis gives
            expected = find_terms(text, wanted, arabic_stemmer=old.arabic_stemmer, stopwords=old.stopwords, version=2)
            assert matched_words(text, wanted, old.analyze) == expected, text
