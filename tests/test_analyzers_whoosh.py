"""MultilingualAnalyzer inside Whoosh: tokens, pickling, a real index."""

import pickle

from whoosh import index, query
from whoosh.analysis import Token
from whoosh.fields import ID, TEXT, Schema
from whoosh.qparser import QueryParser

from polyseek.analyzers import MultilingualAnalyzer


def tokens(text: str, **kw) -> list[tuple]:
    analyzer = MultilingualAnalyzer()
    return [(t.text, t.pos, t.startchar, t.endchar) for t in analyzer(text, positions=True, chars=True, **kw)]


def test_yields_whoosh_tokens_with_offsets():
    text = "Олимпийского NOC's الأولمبية"
    got = tokens(text)
    assert got == [("олимпийский", 0, 0, 12), ("noc", 1, 13, 18), ("اولمب", 2, 19, 28)]
    token = next(iter(MultilingualAnalyzer()(text)))
    assert isinstance(token, Token)


def test_homonym_lemmas_share_position_and_offsets():
    got = tokens("стали")
    assert sorted(got) == [("сталь", 0, 0, 5), ("стать", 0, 0, 5)]


def test_start_pos_and_start_char_shift_everything():
    got = tokens("NOC swimmers", start_pos=10, start_char=100)
    assert got == [("noc", 10, 100, 103), ("swimmer", 11, 104, 112)]


def test_stopwords_skipped_but_positions_advance():
    assert tokens("комитет по спорту") == [("комитет", 0, 0, 7), ("спорт", 2, 11, 17)]


def test_stopwords_kept_when_asked_and_flagged():
    analyzer = MultilingualAnalyzer()
    got = [(t.text, t.stopped) for t in analyzer("комитет по спорту", removestops=False)]
    assert got == [("комитет", False), ("по", True), ("спорт", False)]


def test_index_mode_indexes_stopwords_unless_disabled():
    text = "the NOC"
    assert [(t.text, t.stopped) for t in MultilingualAnalyzer()(text, mode="index")] == [
        ("the", False),
        ("noc", False),
    ]
    assert [t.text for t in MultilingualAnalyzer()(text, mode="query")] == ["noc"]
    lean = MultilingualAnalyzer(index_stopwords=False)
    assert [t.text for t in lean(text, mode="index")] == ["noc"]


def test_keeporiginal_and_untokenized_value():
    analyzer = MultilingualAnalyzer()
    assert [t.original for t in analyzer("Олимпийского комитета", keeporiginal=True)] == [
        "Олимпийского",
        "комитета",
    ]
    assert [t.text for t in analyzer("Олимпийского", tokenize=False)] == ["олимпийский"]


def test_pickles_small_and_equal():
    analyzer = MultilingualAnalyzer(arabic_stemmer="light10")
    list(analyzer("стали اللجنة swimmers"))  # heavy objects now exist at module level
    data = pickle.dumps(analyzer)
    assert len(data) < 300
    restored = pickle.loads(data)
    assert restored == analyzer
    assert hash(restored) == hash(analyzer)
    assert restored != MultilingualAnalyzer(arabic_stemmer="snowball")
    assert [t.text for t in restored("للجنة")] == ["جن", "لجن"]


def test_real_index_finds_inflected_forms(tmp_path):
    # multitoken_query="or": a word with two terms (homonym, ambiguous Arabic prefix) must
    # match either; Whoosh's default would AND them
    body = TEXT(analyzer=MultilingualAnalyzer(), phrase=True, chars=True, multitoken_query="or")
    schema = Schema(id=ID(stored=True), body=body)
    ix = index.create_in(str(tmp_path), schema)
    with ix.writer() as writer:
        writer.add_document(id="ru", body="Заседание Олимпийского комитета по спорту прошло в Лозанне")
        writer.add_document(id="ar", body="عقد رئيس اللجنة الأولمبية الوطنية اجتماعا")
        writer.add_document(id="en", body="The NOC's swimmers reached the final")
    ix = index.open_dir(str(tmp_path))  # the analyzer comes back from the pickled schema
    assert ix.schema["body"].analyzer == MultilingualAnalyzer()
    parser = QueryParser("body", ix.schema)
    with ix.searcher() as searcher:

        def hits(query: str) -> list[str]:
            return [hit["id"] for hit in searcher.search(parser.parse(query))]

        assert hits("олимпийский") == ["ru"]
        assert hits('"олимпийский комитет"') == ["ru"]
        assert hits("по") == []  # stop word: dropped from the query, though indexed
        assert "по" in {term.decode() for term in searcher.lexicon("body")}
        assert hits("للجنة") == ["ar"]
        assert hits("أولمبية") == ["ar"]
        assert hits("swimmer") == ["en"]
        assert hits("NOC") == ["en"]
        assert hits("стали") == []  # стать OR сталь: neither occurs


def test_phrase_with_stopword_matches_when_stopwords_are_indexed(tmp_path):
    analyzer = MultilingualAnalyzer()
    ix = index.create_in(str(tmp_path), Schema(body=TEXT(analyzer=analyzer, phrase=True)))
    with ix.writer() as writer:
        writer.add_document(body="Заседание комитета по спорту прошло")
    words = [t.text for t in analyzer("комитета по спорту", mode="query", removestops=False)]
    assert words == ["комитет", "по", "спорт"]
    with ix.searcher() as searcher:
        assert len(searcher.search(query.Phrase("body", words))) == 1


def test_side_fields_count_a_long_text_in_pieces_as_in_one(monkeypatch):
    # the side fields count a text's words findall by findall, in pieces that end at a line
    # break: a text of several pieces (the bundled samples, ~100,000 characters) gives the
    # counts it gives counted in one piece
    from pathlib import Path

    from polyseek.analyzers import field_analyzers
    from polyseek.analyzers.field_analyzers import SurfaceAnalyzer, TranslitAnalyzer, clear_side_caches

    samples = Path(__file__).resolve().parent.parent / "corpus" / "samples"
    text = "\n".join(p.read_text(encoding="utf-8") for p in sorted(samples.glob("*.txt")))
    text = "\n".join([text] * (1 + 2 * field_analyzers._COUNT_CHUNK // len(text)))
    assert len(text) > 2 * field_analyzers._COUNT_CHUNK
    analyzers = (SurfaceAnalyzer(stopwords="function"), TranslitAnalyzer(stopwords="function"))
    in_pieces = [a.frequencies(text) for a in analyzers]
    clear_side_caches()
    monkeypatch.setattr(field_analyzers, "_COUNT_CHUNK", 10 * len(text))
    in_one = [a.frequencies(text) for a in analyzers]
    assert in_pieces == in_one
    assert in_one[0]["кулибаев"] > 1 and any(t.startswith("cf:") for t in in_one[1])
