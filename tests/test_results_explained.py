"""What a hit points at and what an empty answer says (issue 17): titles, match lines, reasons."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from conftest import source_text
from polyseek.searcher import SearchIndex
from polyseek.searcher.cli import main

BODY = [
    "Сборная по плаванию провела первые тренировки на новой базе.",
    "Тренеры отметили хорошую форму спортсменов после отпуска.",
    "В программе сборов бег, силовые занятия и работа в воде.",
]


@pytest.fixture(scope="module")
def titled_index(tmp_path_factory):
    folder = tmp_path_factory.mktemp("titled")
    # a title line, then passages that never repeat its words
    (folder / "swim-camp.txt").write_text(
        "Олимпийский резерв готовится в Астане\n\n" + "\n\n".join(p * 12 for p in BODY) + "\n", encoding="utf-8"
    )
    # no title line: one long paragraph; its file name must not become a title
    (folder / "unesco-memorandum-notes.txt").write_text(
        "Федерация дзюдо подписала соглашение с японским клубом о подготовке тренеров и обмене опытом.",
        encoding="utf-8",
    )
    # a record whose title is not in its text
    (folder / "camp.jsonl").write_text(
        json.dumps({"id": "camp", "title": "Сборы пловцов в Актобе", "text": "\n\n".join(p * 12 for p in BODY)},
                   ensure_ascii=False) + "\n",
        encoding="utf-8",
    )
    with SearchIndex.create(folder / ".ix") as ix:
        ix.add_path(folder)
        yield ix


def test_a_title_only_match_is_one_hit_with_the_title_highlighted(titled_index):
    results = titled_index.search("Актобе", passages=True, limit=20)
    assert results.total == 1 and len(results) == 1  # not one per passage
    (hit,) = results
    assert hit.title_only and hit.snippet.ranges == ()
    assert [hit.title[s:e] for s, e in hit.title_highlights] == ["Актобе"]
    # the title line of a text file opens its first passage: that passage, once
    (hit,) = titled_index.search("Астане", passages=True, limit=20)
    assert not hit.title_only and hit.passage == 0
    assert [hit.title[s:e] for s, e in hit.title_highlights] == ["Астане"]
    # a word of the body: passages with the word, and no title-only extra
    body = titled_index.search("тренировки", passages=True, limit=20)
    assert len(body) >= 2 and not any(h.title_only for h in body)


def test_cli_says_title_match_and_counts_passages(titled_index):
    r = CliRunner().invoke(main, ["search", "Актобе", "--passages", "--index", str(titled_index.path)])
    assert r.exit_code == 0, r.output
    assert "(title match)" in r.stdout and r.stdout.rstrip().endswith("1 passage from 1 matching documents")
    data = json.loads(
        CliRunner().invoke(main, ["search", "Актобе", "--json", "--index", str(titled_index.path)]).stdout
    )
    assert data["hits"][0]["title_highlights"] == [[16, 22]] and data["hits"][0]["highlights"] == []


def test_a_file_name_is_never_a_title_nor_searched(titled_index):
    assert titled_index.search("unesco memorandum notes", cross_script=False).total == 0
    (hit,) = titled_index.search("дзюдо").hits
    assert hit.title == ""
    r = CliRunner().invoke(main, ["search", "дзюдо", "--index", str(titled_index.path)])
    assert "unesco memorandum notes" not in r.stdout


@pytest.mark.parametrize("query", ["Kulibayev", "Кулибаев", "Головкин", "قطر", "лицензии", "Issyk-Kul", "Токио"])
def test_the_line_is_that_of_the_first_highlighted_word(sample_index, query):
    results = sample_index.search(query, passages=True, limit=20)
    assert results.hits
    for hit in results:
        text = source_text(hit.source)
        lines = text.split("\n")
        first = hit.snippet.text[slice(*hit.snippet.ranges[0])]
        assert first in lines[hit.match_line - 1], (hit.ref, first)
        assert text.count("\n", 0, hit.char_start) + 1 == hit.line <= hit.match_line
        assert hit.ref.endswith(f":{hit.match_line}") and hit.as_dict()["match_line"] == hit.match_line
    # Kulibayev sits two lines below where its passage starts (the example)
    (hit,) = sample_index.search("Kulibayev", cross_script=False).hits
    assert (hit.line, hit.match_line) == (43, 45)


# -- why nothing was found ---------------------------------------------------


@pytest.mark.parametrize(
    ("query", "reason"),
    [
        ("the of", 'only stop words: the, of (words too common to search for; in quotes they are: "the of")'),
        ("и в", "only stop words: и, в"),
        ("-дзюдо", "the query only excludes or filters"),
        ("lang:ar", "the query only excludes or filters"),
        ("дзюдо lang:ar", "1 document matches outside the filters"),
        ("дзюдо date:2019", "1 document matches outside the filters"),
        ("Шайдоров", "found only in page furniture (related headlines, subscribe lines): --include-boilerplate finds 1 document"),
        ("дзюдо AND -меморандум", "1 document matches, but each contains an excluded word"),
    ],
)
def test_no_results_says_why(sample_index, query, reason):
    results = sample_index.search(query)
    assert results.total == 0 and results.reason is not None and results.reason.startswith(reason), results.reason


def test_a_query_that_finds_nothing_shows_what_its_suggestion_finds(sample_index, sample_index_dir):
    results = sample_index.search("Лозане")
    assert results.suggestion == "Лозанне" and results.showing == "Лозанне"
    assert results.total == sample_index.search("Лозанне").total >= 1
    assert [h.doc_id for h in results] == [h.doc_id for h in sample_index.search("Лозанне")]
    r = CliRunner().invoke(main, ["search", "Лозане", "--index", str(sample_index_dir)])
    assert r.stdout.startswith("no results for 'Лозане'; showing results for 'Лозанне'")
    data = json.loads(CliRunner().invoke(main, ["search", "Лозане", "--json", "--index", str(sample_index_dir)]).stdout)
    assert data["showing_results_for"] == "Лозанне" and data["hits"]
    # found, if little: the hits are the query's own, the suggestion only offered
    assert sample_index.search("swimmer").showing is None


def test_cli_prints_the_reason(sample_index_dir):
    r = CliRunner().invoke(main, ["search", "Шайдоров", "--index", str(sample_index_dir)])
    assert r.exit_code == 0
    assert r.stdout == "no results for 'Шайдоров': found only in page furniture (related headlines, subscribe lines): --include-boilerplate finds 1 document\n"
