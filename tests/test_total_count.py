"""A search counts its matching documents exactly up to a limit, then says "at least".

Counting every document of a query whose words are common reads and maps every posting
of them (searcher/doccount.py); past :data:`searcher.limits.TOTAL_EXACT_UP_TO` a search
stops counting and its total is a lower bound, as Elasticsearch's ``track_total_hits``.
A real index of the shipped ARCD collection (465 Arabic Wikipedia documents) and the
English XQuAD articles, in two commits (two segments), searched with the collections' own
questions: every count below the limit is exact, every count past it is the limit and
says so, the hits are the same either way, and the command line and JSON say which.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from click.testing import CliRunner

from polyseek.searcher import SearchIndex, api, fastpath
from polyseek.searcher.cli import main
from polyseek.searcher.ranking import search_and_count

COLLECTIONS = Path(__file__).resolve().parents[1] / "benchmarks" / "collections"


def _questions(name: str, n: int) -> list[str]:
    lines = (COLLECTIONS / name / "queries.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line)["text"] for line in lines[:n]]


@pytest.fixture(scope="module")
def two_collections(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("total")
    path = folder / "ix"
    with SearchIndex.create(path) as ix:
        for name in ("arcd", "xquad-en-articles"):  # a commit each: two segments
            (folder / name).mkdir()
            (folder / name / "corpus.jsonl").write_bytes((COLLECTIONS / name / "corpus.jsonl").read_bytes())
            assert ix.add_path(folder / name).added == 1
    return path


QUERIES = [*_questions("arcd", 12), *_questions("xquad-en-articles", 12), "city", "في عام"]


@pytest.mark.parametrize("share", [math.inf, 0.0], ids=["looked-up", "numbered"])
def test_a_count_is_exact_up_to_its_limit_and_a_lower_bound_past_it(two_collections: Path, monkeypatch, share) -> None:
    # both ways a count is made: each passage's value looked up (a process's first searches)
    # and the reader's numbers for every passage
    monkeypatch.setattr(fastpath, "LOOK_UP_SHARE", share)
    past = 0
    with SearchIndex.open(two_collections) as ix:
        s = ix._current_searcher()
        assert len(s.leaf_searchers()) >= 2
        for text in QUERIES:
            cq = ix._context(text).query
            top, n, exact = search_and_count(s, cq, 20, count_up_to=None)
            assert exact and n > 0, text
            for up_to in sorted({1, 7, 50, n - 1, n, n + 1} - {0}):
                capped, total, exact = search_and_count(s, cq, 20, count_up_to=up_to)
                assert capped == top, (text, up_to)  # the ranking does not depend on the count
                assert (total, exact) == ((n, True) if n <= up_to else (up_to, False)), (text, up_to, n)
                past += not exact
    assert past > len(QUERIES)  # most questions match more than 7 documents


def test_search_says_when_its_total_is_a_lower_bound(two_collections: Path, monkeypatch) -> None:
    query = QUERIES[0]
    with SearchIndex.open(two_collections) as ix:
        exact = ix.search(query, exact_total=True)
        assert exact.total_exact and exact.total > 20
        monkeypatch.setattr(api, "TOTAL_EXACT_UP_TO", 20)
        capped = ix.search(query)
        assert (capped.total, capped.total_exact) == (20, False)
        assert [h.ref for h in capped] == [h.ref for h in exact]
        assert capped.as_dict()["total_relation"] == "gte" and exact.as_dict()["total_relation"] == "eq"
        assert ix.search(query, exact_total=True).total == exact.total
        passages = ix.search(query, passages=True)
        assert (passages.total, passages.total_exact) == (20, False)

    runner = CliRunner()
    args = ["search", "--index", str(two_collections), "--color", "never", query]
    out = runner.invoke(main, args)
    assert out.exit_code == 0, out.output
    assert out.output.splitlines()[-1] == "10 of at least 20 matching documents"
    out = runner.invoke(main, [*args[:-1], "--exact-total", query])
    assert out.output.splitlines()[-1] == f"10 of {exact.total} matching documents"
    out = runner.invoke(main, [*args[:-1], "--json", query])
    assert json.loads(out.output)["total"] == 20 and json.loads(out.output)["total_relation"] == "gte"
