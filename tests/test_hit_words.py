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
    ranked, _ = search_and_count(ctx.searcher, ctx.query, 20)
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
            ranked, _ = search_and_count(ctx.searcher, ctx.query, 20)
            where = hit_words(ctx, [rp.docnum for rp in ranked])
            assert where is not None and ranked
            for rp in ranked:
                assert _shown(ix._hit(ctx, 1, rp, where)) == _shown(ix._hit(ctx, 1, rp)), query


def test_only_the_words_at_the_postings_positions_are_read(ix: SearchIndex) -> None:
    ctx = ix._context("олимпийский комитет")
    ranked, _ = search_and_count(ctx.searcher, ctx.query, 10)
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
