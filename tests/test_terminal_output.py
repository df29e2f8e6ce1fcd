"""Every control and format character is shown visibly, never raw, and ``--json`` escapes the
ones JSON leaves raw (issue 19). A real index of one record per such code point."""

from __future__ import annotations

import json
import sys
import unicodedata
from pathlib import Path

import pytest
from click.testing import CliRunner

from polyseek.searcher.cli import main

#: Shown as they are: they join or break words inside them and move nothing.
IN_WORDS = {"\u00ad", "\u200c", "\u200d"}
ODD = [
    chr(cp)
    for cp in range(sys.maxunicode + 1)
    if unicodedata.category(chr(cp)) in ("Cc", "Cf", "Zl", "Zp") and chr(cp) not in IN_WORDS
]


def run_cli(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture(scope="module")
def odd_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("odd")
    records = [
        {"id": f"c{ord(ch):x}", "title": f"report{ch}txt.exe", "text": f"Лозанна {ord(ch):x}{ch}конец"} for ch in ODD
    ]
    feed = base / "odd.jsonl"
    feed.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    r = run_cli("index", str(feed), "--index", str(base / "ix"), "--json")
    assert r.exit_code == 0, r.stderr
    assert json.loads(r.stdout)["added"] == 1
    return base / "ix"


def test_no_control_or_format_character_reaches_the_terminal(odd_index: Path) -> None:
    human = run_cli("search", "Лозанна", "--index", str(odd_index), "-n", "1000", "--passages")
    assert human.exit_code == 0
    shown = set(human.stdout) - {"\n"}
    assert not {ch for ch in shown if unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp")} - IN_WORDS
    assert "\x1b" not in human.stdout and "\u202e" not in human.stdout
    as_json = run_cli("search", "Лозанна", "--index", str(odd_index), "-n", "1000", "--passages", "--json")
    titles = {hit["doc_id"]: hit["title"] for hit in json.loads(as_json.stdout)["hits"]}
    assert len(titles) > 200
    visible = 0
    for title in titles.values():
        for ch in set(title) & set(ODD):
            if unicodedata.category(ch) != "Cc":
                assert f"report<U+{ord(ch):04X}>txt.exe" in human.stdout
                visible += 1
    assert visible > 150  # the format characters and U+2028/U+2029 survived indexing and are shown


def test_json_escapes_del_c1_and_line_separators_and_round_trips(odd_index: Path) -> None:
    r = run_cli("search", "Лозанна", "--index", str(odd_index), "-n", "1000", "--passages", "--json")
    assert r.exit_code == 0
    raw = r.stdout
    assert not [ch for ch in raw if ch in "\x7f\u2028\u2029" or "\x80" <= ch <= "\x9f" or ch < " " and ch != "\n"]
    assert raw.count("\n") == 1
    hits = json.loads(raw)["hits"]
    kept = {hit["doc_id"]: hit["title"] for hit in hits}
    for doc_id, title in kept.items():
        ch = chr(int(doc_id[1:], 16))
        assert title in (f"report{ch}txt.exe", "reporttxt.exe", "report\ufffdtxt.exe", "report txt.exe"), (doc_id, title)
    assert kept["c2028"] == "report\u2028txt.exe" and kept["c202e"] == "report\u202etxt.exe"
    assert '"report\\u2028txt.exe"' in raw
