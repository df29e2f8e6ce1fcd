"""A pair of query words that a document's title holds near is near once, as in its title.

Term proximity rewards the passages where the question's words stand together.  In the
passages of one article, the words that stand together most often are the article's own
name, which its lead repeats: *When was Nikola Tesla born?* ranked the passage that says
*Nikola Tesla* three times above the one where Tesla was born.  Every passage of the article
has the name by its title, so a pair of query words that the title holds near is now near as
in the title, once (``searcher.scoring.document_pair_proximity``), and the question's *other*
words near the name decide.  The texts are encyclopedia-style sentences written for these
tests; the titles are the article's, shared by its passages.
"""

from __future__ import annotations

import pytest
from conftest import index_of_records

from polyseek.searcher.scoring import document_pair_proximity

TESLA = "Nikola Tesla"
DOCS = [
    (
        "lead",
        TESLA,
        "Nikola Tesla was a Serbian-American inventor and engineer. Nikola Tesla is best known for his work on "
        "alternating current, and in his last years Nikola Tesla lived alone in New York hotels.",
    ),
    (
        "birth",
        TESLA,
        "Tesla was born in 1856 in the village of Smiljan, in the Austrian Empire. Nikola was the fourth of "
        "five children of an Orthodox priest.",
    ),
    (
        "edison",
        "Thomas Edison",
        "Thomas Edison was an American inventor who developed the phonograph and a long-lasting electric light bulb.",
    ),
    (
        "marconi",
        "Guglielmo Marconi",
        "Guglielmo Marconi was born in Bologna and is credited with the first long-distance radio transmissions.",
    ),
    (
        "westinghouse",
        "George Westinghouse",
        "George Westinghouse bought patents on alternating current motors and built power stations at Niagara Falls.",
    ),
]


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    records = [{"id": i, "lang": "en", "title": title, "text": text} for i, title, text in DOCS]
    with index_of_records(tmp_path_factory.mktemp("title-proximity"), records) as ix:
        yield ix


def _ranked(index, query: str) -> list[str]:
    return [doc_id for doc_id, _ in index.rank_documents(query, limit=10)]


@pytest.mark.parametrize("question", ["When was Nikola Tesla born?", "Where was Nikola Tesla born?"])
def test_the_passage_with_the_questions_other_word_ranks_above_the_lead(index, question: str) -> None:
    assert _ranked(index, question)[:2] == ["birth", "lead"]


def test_the_name_alone_still_ranks_the_passage_that_names_it_most_first(index) -> None:
    assert _ranked(index, TESLA)[:2] == ["lead", "birth"]


def test_a_pair_the_title_does_not_hold_near_is_as_near_as_its_passages_say() -> None:
    assert document_pair_proximity([1.0, 1.0, 0.25], in_title=0.0) == 2.25
    assert document_pair_proximity([1.0, 1.0, 0.25], in_title=1.0) == 1.0
    assert document_pair_proximity([], in_title=0.25) == 0.25
