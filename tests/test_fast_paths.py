"""The speed-ups change nothing observable: fast paths give what the plain paths give."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from whoosh.fields import TEXT

from polyseek.analyzers import MultilingualAnalyzer, analyze
from polyseek.corpus import read_path
from polyseek.index.fields import PassageText, SideField, count_weights


@pytest.fixture(scope="module")
def sample_texts(samples_dir: Path) -> list[str]:
    docs = list(read_path(samples_dir))
    return [d.title for d in docs] + [p.text for d in docs for p in d.passages]


@pytest.mark.parametrize("chars", [True, False], ids=["text-field", "title-field"])
def test_passage_text_postings_are_those_of_whoosh_text(sample_texts: list[str], chars: bool) -> None:
    analyzer = MultilingualAnalyzer()
    fast = PassageText(analyzer=analyzer, phrase=True, chars=chars, stored=True)
    plain = TEXT(analyzer=analyzer, phrase=True, chars=chars, stored=True)
    assert len(sample_texts) > 20
    texts = [*sample_texts, "Вакцина от COVID-19 и COVID19; вице-президент, вицепрезидента"]
    for text in texts:
        # a compound's term counts in its weight, not in the field's length (its first count)
        stacked: dict[bytes, int] = {}
        for token in analyze(text):
            if token.span > 1 and not (token.stopword and not analyzer.index_stopwords):
                for term in dict.fromkeys(token.terms):
                    stacked[term.encode()] = stacked.get(term.encode(), 0) + 1
        expected = [(t, n - stacked.get(t, 0), w, v) for t, n, w, v in plain.index(text)]
        assert sorted(fast.index(text)) == sorted(expected)
    assert any(token.span > 1 for token in analyze(texts[-1]))


def test_side_field_pooled_postings_are_those_of_whoosh(sample_texts: list[str]) -> None:
    """The pool's tuples a side field builds at once: Whoosh's postings of the whole text,
    the weights of small counts shared (one object per count) and the values not."""
    from whoosh.fields import FieldType
    from whoosh.formats import Frequency

    from polyseek.analyzers import SurfaceAnalyzer, TranslitAnalyzer

    text = "\n".join(sample_texts)
    for analyzer in (TranslitAnalyzer(stopwords="function"), SurfaceAnalyzer(stopwords="function")):
        side = SideField(analyzer)
        pooled = side.pooled(text, "side", 41)
        plain = FieldType(Frequency(), analyzer).index(text)
        assert len(pooled) > 100
        assert sorted(pooled) == sorted(("side", t, 41, w, v) for t, _, w, v in plain)
        assert all(w is count_weights(1.0)[int(w)] for _, _, _, w, _ in pooled)
        assert len({id(v) for *_, v in pooled}) == len(pooled)  # pickled apart in the lexicon file
    assert side.pooled(b"bytes", "side", 0) is None


def test_occurrences_match_the_token_stream() -> None:
    analyzer = MultilingualAnalyzer()
    text = "Олимпийский комитет и комитеты NOC's; اللجنة الأولمبية واللجنة — стали сталью"
    expected: dict[str, list[tuple[int, int, int]]] = {}
    for t in analyzer(text, positions=True, chars=True, mode="index"):  # as Whoosh indexes a field
        expected.setdefault(t.text, []).append((t.pos, t.startchar, t.endchar))
    assert analyzer.occurrences(text) == expected
    assert expected["комитет"] == [(1, 12, 19), (3, 22, 30)]


# -- searcher/fastpath.py: Whoosh's own answers, term at a time ------------------------------

FAST_QUERIES = [
    "олимпийский комитет",
    "Olympic committee president",
    "اللجنة الأولمبية الوطنية",
    "Кулибаев Бах Лозанна Токио",
    "judo Japan memorandum",
    "лицензии",
    "Qatar",
    "стали",  # a homonym: the best of its lemmas (BestOf)
    "Kulibayev Tokyo",  # names with spellings in another script (BestOf of BestOfs)
    "للجنة",  # an Arabic word with two readings (BestOf)
    '"олимпийского комитета"',
    "+Бах Лозанна",
    "комитет -дзюдо",
    "title:Кулибаев",
    "lang:ar الأولمبية",
]


def _whoosh_ranking(s, q, limit: int, **kwargs) -> list[tuple[int, float]]:
    """Whoosh's scores of every matching passage, best first (lower docnum first among equals):
    the top ``limit`` without the block-quality pruning, which can miss better passages."""
    every = [(h.docnum, h.score) for h in s.search(q, limit=None, **kwargs)]
    return sorted(every, key=lambda x: (-x[1], x[0]))[:limit]


def _check_fast_path_against_whoosh(ix) -> int:
    from polyseek.searcher import fastpath
    from polyseek.searcher.ranking import masked_docnums

    s = ix._current_searcher()
    column = s.reader().column_reader("doc_id")
    fast = 0
    for text in FAST_QUERIES:
        cq = ix._context(text).query
        assert cq.scoring is not None
        mask = masked_docnums(s, cq)
        allow = set(s.docs_for_query(cq.filter)) if cq.filter is not None else None
        got = fastpath.top_passages(s, cq.scoring, 15, allow=allow, deny=mask)
        if got is not None:
            fast += 1
            assert got == _whoosh_ranking(s, cq.scoring, 15, filter=cq.filter, mask=mask), text
        matched = set(s.docs_for_query(cq.scoring))
        assert fastpath.matching_docnums(s, cq.scoring) == matched, text
        assert fastpath.count_distinct(s, "doc_id", matched) == len({column[n] for n in matched}), text
    # document rescoring with the postings the fast path read and the passages found through
    # the whole doc_id column: the same documents and scores as reading both afresh
    from polyseek.searcher import docscore
    from polyseek.searcher.ranking import RankedPassage, group_documents

    rescored = 0
    for text in FAST_QUERIES:
        cq = ix._context(text).query
        mask = masked_docnums(s, cq)
        postings: fastpath.Postings = {}
        top = fastpath.top_passages(s, cq.scoring, 60, deny=mask, postings=postings)
        if top is None:
            assert not postings
            continue
        docs = group_documents([RankedPassage(n, score, column[n]) for n, score in top])
        plain = docscore.rescore(s, cq.words, docs, mask)
        assert len(docs) <= docscore.GROUPS_FROM  # per-document lookups above
        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(docscore, "GROUPS_FROM", 0)
            assert docscore.rescore(s, cq.words, docs, mask, postings) == plain, text
        rescored += bool(postings)
    assert rescored >= 5
    # a few documents' passages found as the run of their id around a passage (the column read
    # there, the run checked against the id's document frequency): every passage of each
    # document, as its doc_id postings give them
    from polyseek.searcher.ranking import RankedDocument

    runs = 0
    for n in range(s.doc_count_all()):
        if s.reader().is_deleted(n) or not column[n]:  # file records have no doc_id
            continue
        doc = RankedDocument(column[n], 0.0, RankedPassage(n, 0.0, column[n]))
        expected = sorted(s.document_numbers(doc_id=column[n]))
        assert docscore._passages(s, [doc], None) == {column[n]: expected}
        runs += docscore._run_around(s, n, column[n]) is not None
    assert runs > s.doc_count() // 2
    # the column read whole for large counts: one number per distinct value, over every segment
    ordinals = fastpath.value_ordinals(s, "doc_id")
    pairs = {(column[n], ordinals[n]) for n in range(s.doc_count_all())}
    assert len(ordinals) == s.doc_count_all() and len(pairs) > 5
    assert len(pairs) == len({value for value, _ in pairs}) == len({number for _, number in pairs})
    # every passage's field lengths from the segments' length bytes, as the reader answers them
    from polyseek.searcher.scoring import field_length

    every = range(s.doc_count_all())
    for fieldname in ("text", "title"):
        lengths = fastpath.field_lengths(s, fieldname, every)
        assert lengths == [field_length(s, n, fieldname) for n in every] and any(lengths)
    _check_counts(ix)
    return fast


def _check_counts(ix) -> None:
    """A search's count (documents counted from the lists as read, deleted and masked passages
    left out, searcher/doccount.py) is the number of documents of Whoosh's matching passages."""
    from polyseek.searcher.ranking import masked_docnums, search_and_count

    s = ix._current_searcher()
    for text in FAST_QUERIES:
        cq = ix._context(text).query
        mask = masked_docnums(s, cq)
        kept = set(s.docs_for_query(cq.scoring)) - (mask or set())
        if cq.filter is not None:
            kept &= set(s.docs_for_query(cq.filter))
        assert search_and_count(s, cq, 15, mask)[1] == len({s.stored_fields(n)["doc_id"] for n in kept}), text


def test_fast_path_answers_exactly_as_whoosh(sample_index) -> None:
    # all but the phrase and the required word ("+Бах") take the fast path
    assert _check_fast_path_against_whoosh(sample_index) == len(FAST_QUERIES) - 2


def test_fast_path_after_reindex_with_deleted_passages(tmp_path: Path, monkeypatch) -> None:
    from conftest import index_with_deleted_passages

    from polyseek.searcher import SearchIndex, docscore, fastpath
    from polyseek.searcher.doccount import DocumentCount

    with index_with_deleted_passages(tmp_path, monkeypatch) as (ix, docs):
        s = ix._current_searcher()
        assert _check_fast_path_against_whoosh(ix) == len(FAST_QUERIES) - 2
        # the changed document's passages: the new ones, in another segment than the deleted ones
        column = s.reader().column_reader("doc_id")
        replaced = {column[n] for n in range(s.doc_count_all()) if s.reader().is_deleted(n) and column[n]}
        assert replaced
        # a passage's id counted from the column (a run's length) as the doc_id term counts it,
        # once the reader's tables are built (before, the caller asks the term)
        assert fastpath.tables_made(s, "doc_id") or fastpath.value_count(s, "doc_id", 0) is None
        fastpath.value_ordinals(s, "doc_id")
        for n in range(s.doc_count_all()):
            if column[n]:
                assert fastpath.value_count(s, "doc_id", n) == s.doc_frequency("doc_id", column[n])
        for doc_id in replaced:
            live = sorted(s.document_numbers(doc_id=doc_id))
            assert live and docscore._run_around(s, live[0], doc_id) is None  # not one run: its postings
        # a file removed: its document's id is left on deleted passages only; the documents
        # counted for idf are each segment's doc_id terms, summed: that one too, and the
        # replaced document's id in the segment of its old passages and in that of its new ones
        (docs / "en-noc-kazakhstan-news.txt").unlink()
        assert ix.reindex().deleted == 1
        s = ix._current_searcher()
        terms = sum(1 for _ in s.reader().lexicon("doc_id"))
        per_segment = sum(len({v for v in sub.reader().column_reader("doc_id") if v}) for sub, _ in s.leaf_searchers())
        live = len({s.stored_fields(n)["doc_id"] for n in range(s.doc_count_all()) if not s.reader().is_deleted(n)
                    and s.stored_fields(n).get("doc_id")})
        assert len(s.leaf_searchers()) > 1
        assert docscore.document_count(s) == per_segment == terms + len(replaced) > live
        _check_counts(ix)  # its passages deleted, none of it left to match: counted without it
        # the same counts from a reader's first searches (each passage's value looked up in the
        # column) as from its tables (every value numbered once): forced both ways; every
        # passage added as read from the lists, deleted and masked ones left out by the count
        for share, built in ((math.inf, False), (0.0, True)):
            monkeypatch.setattr(fastpath, "LOOK_UP_SHARE", share)
            with SearchIndex.open(tmp_path / "ix") as fresh:
                s = fresh._current_searcher()
                assert docscore.document_count(s) == per_segment
                _check_counts(fresh)
                masked = set(range(0, s.doc_count_all(), 3))
                documents = DocumentCount.of(s, "doc_id", masked)
                for segment, (sub, _) in enumerate(s.leaf_searchers()):
                    documents.add(segment, range(sub.doc_count_all()))
                kept = {s.stored_fields(n).get("doc_id", "") for n in range(s.doc_count_all())
                        if n not in masked and not s.reader().is_deleted(n)}
                assert documents.total() == len(kept)
                assert fastpath.tables_made(s, "doc_id") is built


def _as_sums(q):
    """``q`` with every BestOf turned into a plain Or (a word's alternatives added up)."""
    from whoosh import query as wq

    from polyseek.searcher.bestof import BestOf

    if isinstance(q, BestOf):
        return wq.Or([_as_sums(sub) for sub in q.subqueries], boost=q.boost)
    if isinstance(q, wq.CompoundQuery):
        return type(q)([_as_sums(sub) for sub in q.subqueries], boost=q.boost)
    return q


@pytest.mark.parametrize("text", ["Kulibayev", "Кулибаев Токио", "للجنة الأولمبية"])
def test_fast_path_scores_a_word_by_its_best_alternative(sample_index, text: str) -> None:
    from polyseek.searcher import fastpath
    from polyseek.searcher.bestof import BestOf

    s = sample_index._current_searcher()
    q = sample_index._context(text).query.scoring
    nodes, kinds = [q], set()
    while nodes:
        node = nodes.pop()
        kinds.add(type(node))
        nodes.extend(node.children())
    assert BestOf in kinds
    got = fastpath.top_passages(s, q, 50)
    assert got is not None and got == _whoosh_ranking(s, q, 50)
    # passages that have several alternatives of a word would score more if they were added up
    summed = dict(_whoosh_ranking(s, _as_sums(q), 50))
    assert set(summed) == {d for d, _ in got}
    assert any(summed[d] > score * 1.01 for d, score in got)


def test_best_of_keeps_the_other_side_when_one_runs_out_in_a_replacement() -> None:
    from whoosh.matching import ListMatcher, UnionMatcher

    from polyseek.searcher.bestof import BestOfMatcher

    # the union can score 2.0 only where both of its lists match, and they never do: under a
    # bar of 1.5 it runs out; passage 7 (3.0) must survive (Whoosh 2.7 dropped both sides)
    either = UnionMatcher(ListMatcher([5], [1.0]), ListMatcher([6], [1.0]))
    best = BestOfMatcher(either, ListMatcher([7], [3.0])).replace(1.5)
    assert list(best.all_ids()) == [7] and best.score() == 3.0


# -- snippets: only the words that can match are analysed ------------------------------------


def test_find_terms_is_analyze_filtered(sample_texts: list[str]) -> None:
    from polyseek.analyzers import analyze, find_terms

    term_sets = [
        {"олимпийский", "комитет"},
        {"olymp", "committe", "noc"},
        {"اولمب", "لجن"},
        {"2020", "олимпийский", "olymp"},
        {"бах", "bach", "باخ"},
    ]
    for text in sample_texts:
        for terms in term_sets:
            expected = [
                (t.start, t.end, terms & set(t.terms))
                for t in analyze(text)
                if not t.stopword and terms & set(t.terms)
            ]
            assert find_terms(text, terms) == expected


def _modules_loaded_by_search(index_dir: Path, query: str) -> tuple[bool, bool]:
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from polyseek.searcher import SearchIndex\n"
        f"ix = SearchIndex.open({str(index_dir)!r})\n"
        # without cross-script spellings and suggestions, which analyse words of other scripts
        f"assert ix.search({query!r}, cross_script=False, suggest=False).hits\n"
        "print('pymorphy3' in sys.modules, 'polyseek.analyzers.arabic_snowball' in sys.modules, 'nltk' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out[2] == "False"  # nothing of polyseek's default chains imports nltk (~0.25 s)
    return out[0] == "True", out[1] == "True"


def test_search_loads_only_the_language_tools_its_query_needs(samples_dir: Path, tmp_path: Path) -> None:
    import subprocess
    import sys

    from polyseek.index.wordcache import FILE

    # an index written by a fresh process (one that knew no words before keeps them all)
    cached = tmp_path / "ix"
    code = f"from polyseek import SearchIndex\nSearchIndex.create({str(cached)!r}).add_path({str(samples_dir)!r})"
    subprocess.run([sys.executable, "-c", code], check=True)
    # with the index's word cache, a search of words the index holds analyses nothing
    for query in ("олимпийский комитет", "الأولمبية", "Olympic"):
        assert _modules_loaded_by_search(cached, query) == (False, False), query
    # without it: the Russian samples quote Latin names, the English one Cyrillic ones;
    # snippets of those passages must not pull in the other language's lemmatiser or stemmer
    uncached = cached
    (uncached / FILE).unlink()
    assert _modules_loaded_by_search(uncached, "олимпийский комитет") == (True, False)
    assert _modules_loaded_by_search(uncached, "الأولمبية") == (False, True)
    # English stems come from PyStemmer
    assert _modules_loaded_by_search(uncached, "Olympic") == (False, False)
