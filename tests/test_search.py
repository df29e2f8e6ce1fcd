"""End to end: the real sample corpus, a real index on disk, the library API."""

from __future__ import annotations

import pytest

from conftest import source_text
from polyseek.searcher import QuerySyntaxError, SearchIndex


def _name(hit) -> str:
    return hit.source.rsplit("/", 1)[-1]


def test_russian_query_finds_inflected_forms_and_highlights_them(sample_index):
    results = sample_index.search("олимпийский комитет")
    assert _name(results.hits[0]) == "ru-kulibaev-bach-lausanne.txt"
    hit = results.hits[0]
    marked = [hit.snippet.text[s:e] for s, e in hit.highlights]
    assert marked, "the best hit must highlight something"
    assert all(w.lower().startswith(("олимпийск", "комитет")) for w in marked)
    assert any(w.lower() != "олимпийский" and w.lower().startswith("олимпийск") for w in marked), marked


def test_phrase_matches_across_inflections(sample_index):
    results = sample_index.search('"олимпийский комитет"', limit=20, passages=True)
    assert results.hits
    # A passage matches when its text or its document's title holds the phrase.
    for hit in results.hits:
        lowered = (hit.snippet.text + " " + hit.title).lower()
        assert "олимпийск" in lowered and "комитет" in lowered
    texts = " ".join(h.snippet.text for h in results.hits)
    assert "Олимпийского комитета" in texts or "олимпийского комитета" in texts


def test_phrase_requires_adjacency(sample_index):
    # Both words occur in the samples, but never next to each other in this order.
    loose = sample_index.search("комитет Лозанне")
    strict = sample_index.search('"комитет Лозанне"')
    assert loose.total >= 1
    assert strict.total == 0


def test_hits_point_at_the_source_file(sample_index):
    for query in ("олимпийский комитет", "اللجنة الأولمبية", "Kazakhstan swimmer", "дзюдо Япония"):
        results = sample_index.search(query, limit=5, passages=True)
        assert results.hits, query
        for hit in results.hits:
            text = source_text(hit.source)
            passage = text[hit.char_start : hit.char_end]
            assert passage.strip() == passage and passage
            assert text.count("\n", 0, hit.char_start) + 1 == hit.line
            s = hit.snippet
            assert text[s.start : s.start + len(s.text)] == s.text
            assert hit.char_start <= s.start and s.start + len(s.text) <= hit.char_end
            for start, end in s.ranges:
                assert 0 <= start < end <= len(s.text)
            # path:line is the line of the first highlighted word
            assert hit.line <= hit.match_line == text.count("\n", 0, s.start + (s.ranges[0][0] if s.ranges else 0)) + 1
            assert hit.ref == f"{hit.ref.rsplit(':', 1)[0]}:{hit.match_line}"


def test_arabic_query_meets_clitic_forms(sample_index):
    results = sample_index.search("الأولمبية اللجنة")
    hit = results.hits[0]
    assert hit.lang == "ar"
    words = {hit.snippet.text[s:e] for s, e in hit.highlights}
    assert words & {"الأولمبية", "اللجنة", "للجنة", "اللجان"}, words


def test_arabic_query_without_hamza_or_article(sample_index):
    assert sample_index.search("اولمبي").hits[0].lang == "ar"


def test_english_stemming_and_possessive(sample_index):
    hit = sample_index.search("swimmers").hits[0]
    assert _name(hit) == "en-noc-kazakhstan-news.txt"
    assert "swimmer" in [hit.snippet.text[s:e].lower() for s, e in hit.highlights]
    assert sample_index.search("NOC's").hits[0].lang == "en"


def test_mixed_script_query(sample_index):
    results = sample_index.search("Кулибаев Bach")
    assert _name(results.hits[0]) == "ru-kulibaev-bach-lausanne.txt"
    words = {results.hits[0].snippet.text[s:e] for s, e in results.hits[0].highlights}
    assert words & {"Кулибаев", "Кулибаева", "Бах"} or "Bach" in words


def test_exclusion_drops_whole_documents(sample_index):
    with_judo = {_name(h) for h in sample_index.search("Казахстан", limit=10)}
    assert "ru-judo-memorandum-japan.txt" in with_judo
    without = {_name(h) for h in sample_index.search("Казахстан -дзюдо", limit=10)}
    assert "ru-judo-memorandum-japan.txt" not in without
    assert without  # other documents still match


def test_or_and_required_words(sample_index):
    either = {_name(h) for h in sample_index.search("дзюдо OR Лозанне", limit=10)}
    assert {"ru-judo-memorandum-japan.txt", "ru-kulibaev-bach-lausanne.txt"} <= either
    required = {_name(h) for h in sample_index.search("Казахстан +дзюдо", limit=10)}
    assert required == {"ru-judo-memorandum-japan.txt"}


def test_lang_filter(sample_index):
    hits = sample_index.search("Kazakhstan OR Казахстан OR كازاخستان lang:ar", limit=10).hits
    assert hits and {h.lang for h in hits} == {"ar"}
    assert {h.lang for h in sample_index.search("Kazakhstan OR Казахстан", lang="en").hits} == {"en"}
    with pytest.raises(QuerySyntaxError):
        sample_index.search("спорт lang:xx")


def test_title_field(sample_index):
    hits = sample_index.search("title:Кулибаев").hits
    assert [_name(h) for h in hits] == ["ru-kulibaev-bach-lausanne.txt"]


def test_one_hit_per_document_unless_passages(sample_index):
    docs = sample_index.search("Казахстан", limit=10)
    assert len({h.doc_id for h in docs}) == len(docs.hits)
    passages = sample_index.search("Казахстан", limit=30, passages=True)
    assert len(passages.hits) > len(docs.hits)
    assert docs.total == len(docs.hits)  # fewer than 10 documents match


def test_homonym_matches_both_lemmas(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "steel.txt").write_text("Завод выпускает прочную сталь для мостов.", encoding="utf-8")
    (tmp_path / "docs" / "become.txt").write_text("Спортсмены хотят стать чемпионами мира.", encoding="utf-8")
    with SearchIndex.create(tmp_path / "ix") as ix:
        ix.add_path(tmp_path / "docs")
        names = {_name(h) for h in ix.search("стали")}
    assert names == {"steel.txt", "become.txt"}


def test_yo_and_ye_are_equal(tmp_path):
    (tmp_path / "a.txt").write_text("В Шымкенте зажгут главную ёлку.", encoding="utf-8")
    with SearchIndex.create(tmp_path / "ix") as ix:
        ix.add_path(tmp_path / "a.txt")
        hit = ix.search("елка").hits[0]
        assert [hit.snippet.text[s:e] for s, e in hit.highlights] == ["ёлку"]


def test_empty_and_stopword_queries_return_nothing(sample_index):
    for q in ("", "   ", "и в на", "the of and", '""', "-"):
        results = sample_index.search(q)
        assert results.hits == [] and results.total == 0, q


def test_an_open_index_sees_deletions_committed_later(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text("Сборная по дзюдо поедет в Японию.", encoding="utf-8")
    (docs / "b.txt").write_text("Турнир по дзюдо прошёл в Астане.", encoding="utf-8")
    with SearchIndex.create(tmp_path / "ix") as ix:
        ix.add_path(docs)
        assert ix.search("дзюдо").total == 2
        (docs / "a.txt").unlink()
        assert ix.reindex().deleted == 1
        assert [_name(h) for h in ix.search("дзюдо")] == ["b.txt"]


def test_limit_is_filled_even_when_one_document_owns_many_passages(sample_index):
    total = sample_index.search("олимпийский комитет").total
    assert total >= 3
    assert len(sample_index.search("олимпийский комитет", limit=3).hits) == 3
