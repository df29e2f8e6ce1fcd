"""Any string is a query: results (maybe none) and valid JSON, or exit 2 with one line."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from polyseek.searcher.cli import main

RLM, LRM = "\u200f", "\u200e"

# (query, exit code, what the documents found must include: a file name part, or None for "no hits")
QUERIES = [
    ('"олимпийский комитет', 0, "ru-kulibaev"),  # unbalanced quote: a phrase to the end
    ("(олимпийский", 0, "ru-kulibaev"),
    ("олимпийский)", 0, "ru-kulibaev"),
    ("((", 0, None),
    ('"', 0, None),
    ('""', 0, None),
    ("AND", 0, None),
    ("OR", 0, None),
    ("OR OR", 0, None),
    ("Лозанна OR", 0, "ru-kulibaev"),
    ("OR Лозанна", 0, "ru-kulibaev"),
    ("NOT", 0, None),
    ("-", 0, None),
    ("+", 0, None),
    ("--x", 0, None),
    ("-футбол", 0, None),  # only an exclusion: nothing to rank
    ("*", 0, None),
    ("^", 0, None),
    ("~2", 0, None),
    ("комитет~2", 0, "ru-kulibaev"),
    ("комитет^3", 0, "ru-kulibaev"),
    ("title:", 0, None),
    ("title: Кулибаев", 0, "ru-kulibaev"),
    ("lang:", 0, None),
    ("lang:ru", 0, None),  # a filter alone ranks nothing
    ("Kazakhstan OR Казахстан lang:en", 0, "en-noc"),
    ("Kazakhstan lang:EN", 0, "en-noc"),
    ("lang:xx", 2, None),
    ("Казахстан lang:ru|xx", 2, None),
    ("и в на", 0, None),  # only stopwords
    ("the of and", 0, None),
    ("!!! ... ،؟", 0, None),  # only punctuation
    (f"{RLM}{LRM}", 0, None),
    (f"{RLM}اللجنة{RLM}", 0, "ar-golovkin"),
    (f"{LRM}Kazakhstan{LRM}", 0, "en-noc"),
    ("ﻻ", 0, None),
    ("٢٠٢١", 0, "en-noc"),  # Arabic-Indic digits find 2021
    ("\x00\x1b[31m", 0, None),
    ("http://x.y *:* [a TO b] {} \\", 0, None),
    ("Кулибаев " * 256, 0, "ru-kulibaev"),  # 256 words: searcher.limits.MAX_QUERY_WORDS
    ("Кулибаев " * 257, 2, None),
    ("Кулибаев " * 1200, 2, None),  # 10,800 characters: over searcher.limits.MAX_QUERY_CHARS
    ("ж" * 10_000, 0, None),
    ('"' * 10_000, 0, None),
]


@pytest.mark.parametrize(("query", "code", "expect"), QUERIES, ids=[f"q{i}" for i in range(len(QUERIES))])
def test_any_query_gives_json_or_a_one_line_error(sample_index_dir, query: str, code: int, expect: str | None) -> None:
    r = CliRunner().invoke(main, ["search", "--index", str(sample_index_dir), "--json", "--", query])
    assert r.exit_code == code, (query[:60], r.output)
    if code == 2:
        assert r.stdout == "" and r.stderr.count("\n") == 1 and r.stderr.startswith("polyseek: error: ")
        assert len(r.stderr) < 300
        return
    data = json.loads(r.stdout)
    assert data["query"] == query
    sources = [h["source"] for h in data["hits"]]
    if data["showing_results_for"] is not None:  # found nothing; a correction did ("http" -> "https")
        assert data["suggestion"] == data["showing_results_for"] and data["hits"]
    elif expect is None:
        assert sources == []
    else:
        assert any(expect in s for s in sources), sources
        for hit in data["hits"]:
            assert all(0 <= s < e <= len(hit["snippet"]) for s, e in hit["highlights"])


def test_queries_that_look_like_options(sample_index_dir) -> None:
    r = CliRunner().invoke(main, ["search", "-Лозанна", "--index", str(sample_index_dir), "--json"])
    assert r.exit_code == 0 and json.loads(r.stdout)["hits"] == []
    r = CliRunner().invoke(main, ["search", "--index", str(sample_index_dir), "--json", "--", "-n"])
    assert r.exit_code == 0 and json.loads(r.stdout)["query"] == "-n"
    r = CliRunner().invoke(main, ["search", "--index", str(sample_index_dir), "-n"])  # a real usage error
    assert r.exit_code == 2 and r.stderr.count("\n") == 1 and "--help" in r.stderr


def test_plain_output_of_a_hostile_query_stays_on_its_lines(sample_index_dir) -> None:
    r = CliRunner().invoke(main, ["search", "--index", str(sample_index_dir), "--", "\x1b]0;owned\x07 Лозанна\n"])
    assert r.exit_code == 0 and "\x1b]0;" not in r.stdout and "\x07" not in r.stdout


def test_invalid_utf8_bytes_on_the_command_line(sample_index_dir) -> None:
    command = [sys.executable, "-m", "polyseek", "search", b"\xff\xfe Kazakhstan", "--index", str(sample_index_dir), "--json"]
    done = subprocess.run(command, capture_output=True, timeout=120)
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout.decode("utf-8"))
    assert data["query"] == "\ufffd\ufffd Kazakhstan"
    assert data["hits"] and data["hits"][0]["source"].endswith("en-noc-kazakhstan-news.txt")
