"""Files of a type polyseek does not read are counted by suffix, listed with -v, and
`--text-ext` reads more suffixes as plain text (remembered for reindex)."""

from __future__ import annotations

import json
import shutil

from click.testing import CliRunner

from polyseek.searcher import SearchIndex
from polyseek.searcher.cli import main

LOG_LINE = "2026-03-01 12:00:05 Олимпийский комитет Казахстана утвердил состав сборной"


def _run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def _folder(tmp_path, samples_dir):
    docs = tmp_path / "docs"
    shutil.copytree(samples_dir, docs)
    (docs / "scans").mkdir()
    (docs / "scans" / "scan.tiff").write_bytes(b"II*\x00\x08\x00\x00\x00")
    (docs / "scans" / "Annex.TIFF").write_bytes(b"MM\x00*")
    (docs / "budget.xlsx").write_bytes(b"PK\x03\x04\x14\x00\x06\x00")
    (docs / "Makefile").write_text("all:\n\ttrue\n", encoding="utf-8")
    (docs / ".hidden.tiff").write_bytes(b"II*\x00")  # hidden: never looked at
    (docs / "server.log").write_text("starting\n" + LOG_LINE + "\nstopped\n", encoding="utf-8")
    (docs / "table.csv").write_text("city,country\nЛозанна,Швейцария\n", encoding="utf-8")
    return docs


def test_files_not_read_are_counted_by_suffix_in_json_and_summary(tmp_path, samples_dir):
    docs, ix = _folder(tmp_path, samples_dir), str(tmp_path / "ix")
    r = _run("index", str(docs), "--index", ix, "--json")
    assert r.exit_code == 0, r.output
    stats = json.loads(r.stdout)
    assert stats["added"] == 5 and stats["skipped"] == 0
    assert stats["ignored"] == {".tiff": 2, "(none)": 1, ".csv": 1, ".log": 1, ".xlsx": 1}
    assert list(stats["ignored"]) == [".tiff", "(none)", ".csv", ".log", ".xlsx"]  # most first, then by name
    assert r.stderr == ""  # counted, not listed, without -v
    r = _run("reindex", "--index", ix)
    assert r.stdout.strip().endswith(
        "; ignored 6 files of types not read (.tiff 2, (none) 1, .csv 1, .log 1, .xlsx 1; list them with -v)"
    )


def test_verbose_lists_each_ignored_file(tmp_path, samples_dir):
    docs, ix = _folder(tmp_path, samples_dir), str(tmp_path / "ix")
    r = _run("index", str(docs), "--index", ix, "-v")
    assert r.exit_code == 0
    listed = sorted(line for line in r.stderr.splitlines() if line.startswith("polyseek: ignored "))
    names = ["Makefile", "budget.xlsx", "scans/Annex.TIFF", "scans/scan.tiff", "server.log", "table.csv"]
    assert listed == sorted(
        f"polyseek: ignored {docs / name}: not a type polyseek reads (see --text-ext)" for name in names
    )


def test_text_ext_reads_more_suffixes_as_plain_text_and_is_remembered(tmp_path, samples_dir):
    docs, ix = _folder(tmp_path, samples_dir), str(tmp_path / "ix")
    r = _run("index", str(docs), "--index", ix, "--text-ext", "LOG,.csv", "--json")
    assert r.exit_code == 0, r.output
    stats = json.loads(r.stdout)
    assert stats["added"] == 7 and stats["ignored"] == {".tiff": 2, "(none)": 1, ".xlsx": 1}
    r = _run("search", "олимпийский комитет сборной", "--index", ix, "--json", "-n", "1")
    (hit,) = json.loads(r.stdout)["hits"]
    assert hit["source"] == str(docs / "server.log") and hit["line"] == 1  # one passage: the whole short file
    text = (docs / "server.log").read_text(encoding="utf-8")
    assert LOG_LINE in text[hit["char_start"] : hit["char_end"]]

    r = _run("reindex", "--index", ix, "--json")  # remembered
    assert json.loads(r.stdout)["unchanged"] == 7
    r = _run("reindex", "--index", ix, "--text-ext", ".log", "--json")  # .csv no longer read
    stats = json.loads(r.stdout)
    assert (stats["deleted"], stats["unchanged"], stats["ignored"][".csv"]) == (1, 6, 1)
    r = _run("reindex", "--index", ix, "--text-ext", "", "--json")
    assert json.loads(r.stdout)["deleted"] == 1
    with SearchIndex.open(ix) as sx:
        assert sx.search("олимпийский комитет сборной").hits[0].source != str(docs / "server.log")


def test_a_text_ext_that_is_no_suffix_is_a_usage_error(tmp_path, samples_dir):
    r = CliRunner().invoke(main, ["index", str(samples_dir), "--index", str(tmp_path / "ix"), "--text-ext", "a/b"])
    assert r.exit_code == 2
    assert r.stderr.strip() == (
        "polyseek: error: Invalid value for '--text-ext': 'a/b' is not a file name suffix (like .log) "
        "(see: main index --help)"
    )


def test_the_library_counts_and_reads_the_same(tmp_path, samples_dir):
    docs = _folder(tmp_path, samples_dir)
    with SearchIndex.create(tmp_path / "ix") as sx:
        stats = sx.add_path(docs, as_text=[".log"])
        assert stats.ignored == {".tiff": 2, "(none)": 1, ".csv": 1, ".xlsx": 1}
        assert str(docs / "table.csv") in stats.ignored_files
        assert sx.reindex().unchanged == 6
