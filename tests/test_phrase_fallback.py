"""A quoted phrase is matched word for word, stop words included (issue 17, item 2); when
no passage holds it so, a phrase alone is matched without its stop words, and a phrase in a
longer query is searched as its words (issue 11); the results say so. Beside other clauses a
phrase is optional (its words count too), as in Lucene's query_string; ``+"..."`` requires it."""

from __future__ import annotations


def test_a_phrase_that_exists_is_matched_with_its_stop_words(sample_index):
    results = sample_index.search('"в Лозанне"', suggest=False)
    assert results.total >= 1
    assert not any("word for word" in n for n in results.notices)
    for hit in results:
        marked = [hit.snippet.text[a:b] for a, b in hit.snippet.ranges]
        assert "Лозанне" in marked


def test_a_phrase_no_passage_holds_falls_back_to_its_other_words(sample_index):
    strict = sample_index.search('"в Лозанне"', suggest=False)
    loose = sample_index.search('"и Лозанне"', suggest=False)  # never written so in the samples
    assert any("word for word" in n for n in loose.notices)
    assert {h.doc_id for h in loose} == {h.doc_id for h in strict}
    assert sample_index.search('"и Лозанне" Бах', suggest=False).total >= 1


def test_a_phrase_no_passage_holds_even_without_stop_words_is_searched_as_its_words(sample_index):
    # a title the text words differently: both words are in the samples, never side by side
    assert sample_index.search('+Лозанне +визит', suggest=False).total >= 1
    loose = sample_index.search('"визит в Лозанну" Казахстан', suggest=False)
    assert any("searched for its words" in n for n in loose.notices)
    assert loose.hits and loose.hits[0].doc_id.endswith("ru-kulibaev-bach-lausanne.txt")
    marked = {loose.hits[0].snippet.text[a:b] for a, b in loose.hits[0].snippet.ranges}
    assert "Лозанне" in marked


def test_beside_other_words_a_phrase_ranks_first_and_plus_requires_it(sample_index):
    # As Lucene's query_string reads it (default OR): beside other clauses a phrase is one more
    # optional clause, its words count as words too; `+"..."` requires it
    phrase = sample_index.search('"олимпийского комитета"', suggest=False)
    loose = sample_index.search('"олимпийского комитета" Лозанне', suggest=False)
    assert not any("searched for its words" in n for n in loose.notices)
    assert loose.total > phrase.total >= 2
    holders = {h.doc_id for h in phrase}
    assert {h.doc_id for h in loose.hits[: len(holders)]} == holders
    strict = sample_index.search('+"олимпийского комитета" Лозанне', suggest=False)
    assert strict.total == phrase.total
    assert {h.doc_id for h in strict} == holders


def test_a_phrase_alone_or_required_is_never_loosened(sample_index):
    assert sample_index.search('"визит в Лозанну"', suggest=False).total == 0
    assert sample_index.search('+"визит Лозанну"~1 Казахстан', suggest=False).total == 0
    assert sample_index.search('"визит Лозанну"~1 Казахстан', suggest=False).total >= 1


def test_in_a_longer_query_a_phrase_not_held_word_for_word_is_searched_as_its_words(sample_index):
    # "и Лозанне" is never written so; the judo memorandum has no "Лозанне" at all
    results = sample_index.search('"и Лозанне" дзюдо', suggest=False)
    assert any("searched for its words" in n for n in results.notices)
    names = [h.doc_id.rsplit("/", 1)[-1] for h in results]
    assert "ru-kulibaev-bach-lausanne.txt" in names and "ru-judo-memorandum-japan.txt" in names
