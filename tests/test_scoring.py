"""Ranking (searcher/scoring.py): what a score is made of, the same on every path."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from polyseek.index import codec
from polyseek.searcher import SearchIndex
from polyseek.searcher.scoring import field_length

MARKER = "zqstarq"


def _cli(*args: str | Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "polyseek", *map(str, args)], capture_output=True, text=True)


@pytest.fixture(scope="module")
def wordless_titles(tmp_path_factory) -> Path:
    """An index whose documents have titles without a word: ``***`` as a text file's first
    line, as an HTML title, as a JSONL title, and a lone surrogate; one normal document."""
    folder = tmp_path_factory.mktemp("wordless")
    docs = folder / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text(f"***\nThe {MARKER} marathon was run in Kazan on Sunday.\n", encoding="utf-8")
    (docs / "p.html").write_text(
        f"<html><head><title>***</title></head><body><p>Пловцы {MARKER} тренировались на озере весь день."
        "</p></body></html>",
        encoding="utf-8",
    )
    records = [
        {"id": "stars", "title": "***", "text": f"الفريق {MARKER} يتدرب في الملعب"},
        {"id": "surrogate", "title": "\ud800", "text": f"The {MARKER} team trained at the lake"},
        {"id": "plain", "title": "Olympic team", "text": f"The {MARKER} swimmers trained at the lake"},
    ]
    (docs / "r.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    ix = folder / "ix"
    with SearchIndex.create(ix) as index:
        stats = index.add_path(docs)
    assert stats.failed == 0 and stats.added == 3
    return ix


# fast path (plain word, homonym-free), Whoosh's path (phrase, required word), document or passage hits
@pytest.mark.parametrize("query", [MARKER, f"+{MARKER}", f'"{MARKER} team"', f"{MARKER} -Kazan"])
@pytest.mark.parametrize("passages", [False, True], ids=["documents", "passages"])
def test_a_title_without_words_never_breaks_a_search(wordless_titles: Path, query: str, passages: bool) -> None:
    with SearchIndex.open(wordless_titles) as ix:
        results = ix.search(query, passages=passages, limit=10)
    expected = {MARKER: 5, f"+{MARKER}": 5, f'"{MARKER} team"': 1, f"{MARKER} -Kazan": 4}[query]
    assert len(results.hits) == expected and results.total == expected
    assert all(hit.score > 0 for hit in results)


def test_a_missing_field_length_reads_as_zero(wordless_titles: Path) -> None:
    with SearchIndex.open(wordless_titles) as ix:
        s = ix._current_searcher()
        lengths = {
            f["doc_id"]: (s.doc_field_length(n, "title", 0), field_length(s, n, "title"))
            for n, f in enumerate(s.all_stored_fields())
            if "doc_id" in f
        }
    wordless = [doc_id for doc_id in lengths if doc_id != "plain"]
    assert len(wordless) == 4
    assert all(lengths[d] == (None, 0) for d in wordless)  # Whoosh's reader answers None
    assert lengths["plain"] == (2, 2)


def test_a_title_without_words_never_breaks_the_cli(wordless_titles: Path) -> None:
    for args in (("search", MARKER, "--json"), ("search", f"+{MARKER}", "--passages", "--json")):
        r = _cli(*args, "--index", wordless_titles)
        assert r.returncode == 0 and r.stderr == "", r.stderr
        hits = json.loads(r.stdout)["hits"]
        assert len(hits) == 5 and {h["title"] for h in hits} >= {"***", "Olympic team"}


# -- one formula on every path -------------------------------------------------------------

#: One query of each shape the parser makes: words, a homonym, names across scripts, an
#: Arabic word with two readings, OR, a phrase, required and excluded words, title:, lang:.
SHAPES = [
    "Казахстан",
    "Olympic Kazakhstan NOC",
    "стали Казахстан",
    "Kazakhstan",
    "كازاخستان الرياض",
    "للجنة الرياض",
    "Казахстан OR Kazakhstan",
    "Казахстан -Катар",
    "lang:en Kazakhstan sport",
    "title:Казахстан",
    '"олимпийский комитет"',
    "+Казахстан олимпийский",
    '+Kazakhstan "Olympic Games" -Qatar lang:en',
]

#: Shapes the fast path must answer itself (the others are Whoosh's: phrases, required words).
FAST_SHAPES = SHAPES[:10]


@pytest.fixture(scope="module")
def long_postings(tmp_path_factory) -> Path:
    """An index of real sentences whose common terms have more than one block of postings
    (blocks of :data:`BLOCK`: the codec's own hold more postings than these lists)."""
    from textcorpus import write_corpus

    folder = tmp_path_factory.mktemp("long-postings")
    write_corpus(folder / "docs", 360, seed=3, paragraphs=2)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(codec, "BLOCK_POSTINGS", BLOCK)
        with SearchIndex.create(folder / "ix") as ix:
            assert ix.add_path(folder / "docs").failed == 0
    return folder / "ix"


#: Postings per block in the ``long_postings`` index (Whoosh's own block size).
BLOCK = 128


def _whoosh_ranking(s, cq, mask) -> list[tuple[int, float]]:
    every = [(h.docnum, h.score) for h in s.search(cq.scoring, limit=None, filter=cq.filter, mask=mask)]
    return sorted(every, key=lambda x: (-x[1], x[0]))


def test_fast_path_and_whoosh_score_every_query_shape_alike(long_postings: Path) -> None:
    from polyseek.searcher import fastpath
    from polyseek.searcher.ranking import masked_docnums

    with SearchIndex.open(long_postings) as ix:
        s = ix._current_searcher()
        reader = s.reader()
        assert max(ti.doc_frequency() for _, ti in reader.iter_field("text")) > 2 * BLOCK  # several blocks
        for text in SHAPES:
            cq = ix._context(text).query
            assert cq.scoring is not None, text
            # the query reads at least one posting list longer than one block (titles are rarer)
            longest = max(reader.doc_frequency(f, t) for f, t in cq.scoring.iter_all_terms())
            assert longest > (64 if text.startswith("title:") else BLOCK), text
            mask = masked_docnums(s, cq)
            allow = set(s.docs_for_query(cq.filter)) if cq.filter is not None else None
            whoosh = _whoosh_ranking(s, cq, mask)
            assert len(whoosh) > 3, text
            fast = fastpath.top_passages(s, cq.scoring, len(whoosh) + 10, allow=allow, deny=mask)
            if text in FAST_SHAPES:
                assert fast == whoosh, text  # the same passages and the same floats
            else:
                assert fast is None, text
            # the whole search ranks documents
            docs = ix.rank_documents(text, limit=20)
            assert docs and all(score > 0 for _, score in docs)


def test_whoosh_scores_a_term_with_scoring_bm25(long_postings: Path) -> None:
    """Whoosh's own matcher, polyseek's fast path and a direct computation from the postings agree."""
    from polyseek.searcher import scoring

    with SearchIndex.open(long_postings) as ix:
        s = ix._current_searcher()
        term = max(s.reader().iter_field("text"), key=lambda item: item[1].doc_frequency())[0]
        assert s.doc_frequency("text", term) > BLOCK
        from whoosh import query as wq

        q = wq.Term("text", term)
        whoosh = dict((h.docnum, h.score) for h in s.search(q, limit=None))
        idf = scoring.passage_idf(s.doc_frequency("text", term), s.doc_count_all())
        avg = s.avg_field_length("text")
        postings = s.postings("text", term)
        direct = {}
        for n, tf in postings.items_as("weight"):
            direct[n] = scoring.bm25(tf, scoring.field_length(s, n, "text"), avg, idf)
        assert whoosh == direct


@pytest.mark.parametrize(
    "name, value",
    [("DOC_WEIGHT", 0.5), ("MULTI_PASSAGE_DOC_WEIGHT", 0.5), ("PROXIMITY_WEIGHT", 1.0), ("DOCUMENT_TITLE_WEIGHT", 0.25), ("PROXIMITY_WINDOW", 1), ("BM25_B", 0.3)],
)
def test_a_ranking_constant_is_read_when_a_search_scores(
    sample_index, one_passage_index, monkeypatch, name: str, value: float
) -> None:
    """The constants of searcher/scoring.py are read when a document is scored, not bound when
    the module was loaded: setting one (as ``benchmarks/relevance.py --setting`` does) changes
    the scores, and setting it back restores them to the bit.  The sample texts are documents
    of many passages; ``DOC_WEIGHT`` weighs documents of one."""
    import polyseek.searcher.scoring as scoring

    ix = one_passage_index if name == "DOC_WEIGHT" else sample_index
    query = "Olympic committee president Кулибаев"
    before = ix.rank_documents(query, limit=10)
    monkeypatch.setattr(scoring, name, type(getattr(scoring, name))(value))
    changed = ix.rank_documents(query, limit=10)
    monkeypatch.undo()
    assert changed != before
    assert ix.rank_documents(query, limit=10) == before


ONE_PASSAGE_DOCS = [
    ("ioc", "The Olympic committee elected a new president on Tuesday in Lausanne."),
    ("kz", "Тимур Кулибаев возглавил Национальный олимпийский комитет Казахстана."),
    ("fifa", "The president of the football federation met the committee in Zurich."),
]


@pytest.fixture()
def one_passage_index(tmp_path):
    from conftest import write_records

    records = [{"id": i, "text": text} for i, text in ONE_PASSAGE_DOCS]
    ix = SearchIndex.create(tmp_path / "ix")
    ix.add_path(write_records(tmp_path / "docs.jsonl", records))
    with ix:
        yield ix


def test_the_document_weight_follows_its_passages() -> None:
    """A document of one passage mixes its document and passage scores 0.8 / 0.2, one of many
    0.7 / 0.3 (its best passage weighs more)."""
    from polyseek.searcher.scoring import DOC_WEIGHT, MULTI_PASSAGE_DOC_WEIGHT, combine

    assert combine(4.0, 2.0, passages=1) == DOC_WEIGHT * 4.0 + (1 - DOC_WEIGHT) * 2.0
    assert combine(4.0, 2.0, passages=5) == MULTI_PASSAGE_DOC_WEIGHT * 4.0 + (1 - MULTI_PASSAGE_DOC_WEIGHT) * 2.0
    assert DOC_WEIGHT > MULTI_PASSAGE_DOC_WEIGHT
