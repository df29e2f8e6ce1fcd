"""An English abbreviation's plural matches its singular (``MSPs`` / ``MSP``, ``DVDs`` / ``DVD``).

Snowball's English stemmer keeps the ``s`` of a word without a vowel before it, so before
analysis version 3 a question about an *MSP* missed a text about *MSPs*; Lucene's English
analyzer (Porter) conflates them.  An abbreviation whose singular ends in S (*NHS*, *GPS*)
keeps it.  The texts are news sentences written for these tests.
"""

from __future__ import annotations

from conftest import write_records

from polyseek.analyzers import analyze
from polyseek.searcher import SearchIndex

DOCS = [
    ("msps", "Scottish MSPs voted on Thursday to approve the budget for the coming year."),
    ("msp", "The committee heard evidence from one MSP about rural bus services."),
    ("dvds", "Sales of DVDs fell by a third last year as viewers moved to streaming."),
    ("nhs", "The NHS said waiting lists grew in every region last winter."),
    ("bosses", "Union leaders met the bosses of three carmakers in Detroit."),
    ("other", "Members of the parliament debated the budget for most of the week."),
]


def _index(tmp_path):
    records = [{"id": i, "lang": "en", "text": text} for i, text in DOCS]
    ix = SearchIndex.create(tmp_path / "ix")
    ix.add_path(write_records(tmp_path / "docs.jsonl", records))
    return ix


def test_plural_and_singular_find_each_other(tmp_path):
    with _index(tmp_path) as ix:
        for query in ("MSP", "MSPs"):
            results = ix.search(query)
            assert {h.doc_id for h in results.hits} == {"msps", "msp"}, query
            assert results.total == 2
        # in lowercase nothing says it is an abbreviation: the plural as typed
        assert [h.doc_id for h in ix.search("msps").hits] == ["msps"]
        marked = {h.snippet.text[s:e] for h in ix.search("MSP").hits for s, e in h.snippet.ranges}
        assert marked == {"MSPs", "MSP"}  # the whole word is highlighted
        assert [h.doc_id for h in ix.search("DVD").hits] == ["dvds"]
        assert [h.doc_id for h in ix.search("NHS").hits] == ["nhs"]
        assert ix.search("NH").total == 0  # not cut to NH
        # a word with a vowel is Snowball's as before; "boss" is not cut to "bos"
        assert [h.doc_id for h in ix.search("boss").hits] == ["bosses"]


def test_only_capitals_with_a_lowercase_s():
    terms = [t.terms for t in analyze("MSPs DVDs NHS GPS boss news Mrs CEOs", mode="query")]
    assert terms == [("msps", "msp"), ("dvds", "dvd"), ("nhs",), ("gps",), ("boss",), ("news",), ("mrs",), ("ceo",)]


def test_an_index_made_before_keeps_its_analysis():
    # an index pins the analysis version it was made with: version 2 kept the s
    assert [t.terms for t in analyze("MSPs", mode="query", version=2)] == [("msps",)]
    assert [t.terms for t in analyze("MSPs", mode="query", version=3)] == [("msps", "msp")]
