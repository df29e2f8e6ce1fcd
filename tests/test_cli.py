"""The command line, driven with click's CliRunner against a real index on disk."""

from __future__ import annotations

import json
import re

from click.testing import CliRunner

from conftest import source_text
from polyseek.searcher.cli import main

HIT_KEYS = {
    "rank", "score", "doc_id", "source", "title", "lang", "passage",
    "line", "char_start", "char_end", "snippet", "highlights",
}


def _run(*args: str, **kw):
    result = CliRunner().invoke(main, list(args), catch_exceptions=False, **kw)
    return result


def test_index_then_search_json(tmp_path, samples_dir):
    ix = str(tmp_path / "ix")
    r = _run("index", str(samples_dir), "--index", ix, "--json")
    assert r.exit_code == 0, r.output
    stats = json.loads(r.output)
    assert stats["added"] == 5 and stats["failed"] == 0
    r = _run("search", "олимпийский комитет", "--index", ix, "--json")
    assert r.exit_code == 0
    data = json.loads(r.output)
    assert set(data) >= {"query", "total", "hits"} and data["query"] == "олимпийский комитет"
    assert data["total"] >= 1
    for hit in data["hits"]:
        assert set(hit) >= HIT_KEYS
        text = source_text(hit["source"])
        assert text.count("\n", 0, hit["char_start"]) + 1 == hit["line"]
        start = hit["snippet_start"]
        assert text[start : start + len(hit["snippet"])] == hit["snippet"]
        for s, e in hit["highlights"]:
            word = hit["snippet"][s:e]
            assert re.fullmatch(r"\w+", word), word
    first = data["hits"][0]
    words = [first["snippet"][s:e].lower() for s, e in first["highlights"]]
    assert any(w.startswith("олимпийск") for w in words)


def test_terminal_output_has_refs_and_no_escape_codes_when_piped(sample_index_dir):
    r = _run("search", "Kazakhstan swimmer", "--index", str(sample_index_dir))
    assert r.exit_code == 0
    assert "\x1b[" not in r.output
    assert re.search(r"en-noc-kazakhstan-news\.txt:\d+", r.output)
    assert "matching documents" in r.output


def test_terminal_output_colours_matches_on_a_tty(sample_index_dir):
    r = _run("search", "Kazakhstan swimmer", "--index", str(sample_index_dir), color=True)
    assert "\x1b[" in r.output


def test_passages_option_lists_more_hits(sample_index_dir):
    one = json.loads(_run("search", "Казахстан", "--index", str(sample_index_dir), "--json").output)
    many = json.loads(_run("search", "Казахстан", "--index", str(sample_index_dir), "--json", "--passages", "-n", "50").output)
    assert len(many["hits"]) > len(one["hits"])


def test_lang_option(sample_index_dir):
    data = json.loads(_run("search", "Kazakhstan OR Казахстан", "--index", str(sample_index_dir), "--lang", "ru", "--json").output)
    assert data["hits"] and {h["lang"] for h in data["hits"]} == {"ru"}


def test_batch_writes_a_trec_run(tmp_path, sample_index_dir):
    queries = tmp_path / "q.jsonl"
    queries.write_text(
        json.dumps({"id": "q1", "text": "олимпийский комитет"}, ensure_ascii=False) + "\n"
        + json.dumps({"id": "q2", "text": "swimmer Issyk-Kul"}) + "\n",
        encoding="utf-8",
    )
    run = tmp_path / "run.trec"
    r = _run("batch", "--queries", str(queries), "--output", str(run), "--index", str(sample_index_dir), "-n", "3")
    assert r.exit_code == 0, r.output
    lines = [line.split() for line in run.read_text(encoding="utf-8").splitlines()]
    assert lines and all(len(p) == 6 and p[1] == "Q0" and p[5] == "polyseek" for p in lines)
    q2 = [p for p in lines if p[0] == "q2"]
    assert q2[0][2].endswith("en-noc-kazakhstan-news.txt") and q2[0][3] == "1"
    scores = [float(p[4]) for p in lines if p[0] == "q1"]
    assert scores == sorted(scores, reverse=True)


def test_analyze_prints_every_token():
    r = _run("analyze", "Олимпийского NOC's الأولمبية 2026")
    assert r.exit_code == 0
    lines = r.output.strip().splitlines()
    assert len(lines) == 4
    assert "олимпийский" in lines[0] and " ru " in lines[0]
    assert "en" in lines[1] and "noc" in lines[1]
    assert " ar " in lines[2]
    assert "2026" in lines[3]


def test_info_json(sample_index_dir):
    data = json.loads(_run("info", "--index", str(sample_index_dir), "--json").output)
    assert data["documents"] == 5 and data["passages"] > 5
    assert data["languages"] == {"ar": 1, "en": 1, "ru": 3}
    assert len(data["sources"]) == 5 and data["size_bytes"] > 0
    assert re.match(r"\d{4}-\d\d-\d\dT", data["last_indexed"])


def test_missing_index_is_a_one_line_error(tmp_path):
    r = CliRunner().invoke(main, ["search", "x", "--index", str(tmp_path / "nope")])
    assert r.exit_code == 2
    assert r.output.count("\n") == 1 and "polyseek index" in r.output


def test_malformed_queries_never_traceback(sample_index_dir):
    for q in ['"unbalanced', "((", "AND", "OR OR", "-", "*", "^", "~2", "title:", "lang:", "!!!", "и", "x" * 10000]:
        r = CliRunner().invoke(main, ["search", q, "--index", str(sample_index_dir), "--json"])
        assert r.exit_code == 0, (q, r.output)
        json.loads(r.output)
    r = CliRunner().invoke(main, ["search", "спорт lang:xx", "--index", str(sample_index_dir)])
    assert r.exit_code == 2 and "unknown language" in r.output and r.output.count("\n") == 1


def test_default_index_location(tmp_path, samples_dir, monkeypatch):
    monkeypatch.setenv("POLYSEEK_INDEX", str(tmp_path / "default-ix"))
    assert _run("index", str(samples_dir), "-q").exit_code == 0
    r = _run("search", "дзюдо", "--json")
    assert json.loads(r.output)["hits"][0]["source"].endswith("ru-judo-memorandum-japan.txt")


def test_a_closed_pipe_ends_the_search_quietly(sample_index_dir):
    import subprocess
    import sys

    proc = subprocess.Popen(
        [sys.executable, "-m", "polyseek", "search", "Казахстан", "-n", "50", "--passages", "--index", str(sample_index_dir)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        bufsize=0,
    )
    proc.stdout.read(10)  # like `| head -c 10`, then the reader goes away
    proc.stdout.close()
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=60) == 0
    assert "error" not in err and "Traceback" not in err


def test_info_reports_bytes_per_field(sample_index_dir):
    r = _run("info", "--index", str(sample_index_dir), "--json", "--fields")
    data = json.loads(r.output)
    sizes = data["field_bytes"]
    assert sum(sizes.values()) == data["size_bytes"]
    assert next(iter(sizes)) == "text" and all(n >= 0 for n in sizes.values())
    assert {"text", "title", "words", "translit"} <= set(sizes)
    assert json.loads(_run("info", "--index", str(sample_index_dir), "--json").output)["field_bytes"] == {}
    lines = _run("info", "--index", str(sample_index_dir), "--fields").output.splitlines()
    (fields,) = [line for line in lines if line.startswith("fields ")]
    assert re.match(r"fields +text \d+ \(\d+%\), ", fields)
