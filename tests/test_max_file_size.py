"""`--max-file-size`: a file larger than the limit is skipped with one line (and what was
indexed from it removed); the limit is remembered for reindex until changed."""

from __future__ import annotations

import json
import shutil

from click.testing import CliRunner

from polyseek.searcher import SearchIndex
from polyseek.searcher.cli import main


def _run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def _folder(tmp_path, samples_dir):
    docs = tmp_path / "docs"
    shutil.copytree(samples_dir, docs)
    text = "".join(p.read_text(encoding="utf-8-sig") + "\n\n" for p in sorted(samples_dir.glob("*.txt")))
    (docs / "digest.txt").write_text(text * 4, encoding="utf-8")  # ~100 KiB of real text
    return docs


def test_a_file_over_the_limit_is_skipped_with_one_line_and_the_limit_is_remembered(tmp_path, samples_dir):
    docs, ix = _folder(tmp_path, samples_dir), str(tmp_path / "ix")
    size = (docs / "digest.txt").stat().st_size
    assert 64 * 1024 < size < 200 * 1024
    r = _run("index", str(docs), "--index", ix, "--max-file-size", "64K", "--json")
    assert r.exit_code == 0, r.output
    stats = json.loads(r.stdout)
    assert (stats["added"], stats["skipped"]) == (5, 1)
    line = f"{docs / 'digest.txt'}: {size / 1024:.1f} KiB, larger than 64 KiB (--max-file-size); not read"
    assert stats["skips"] == [line]
    assert r.stderr.splitlines() == [f"polyseek: skipped {line}"]

    r = _run("reindex", "--index", ix, "--json")  # remembered
    assert json.loads(r.stdout)["skips"] == [line]
    r = _run("reindex", "--index", ix, "--max-file-size", "none", "--json")
    assert (json.loads(r.stdout)["added"], json.loads(r.stdout)["skipped"]) == (1, 0)
    with SearchIndex.open(ix) as sx:
        assert str(docs / "digest.txt") in {h.source for h in sx.search("Кулибаев", limit=10).hits}

    # a lower limit again: the file indexed before is skipped and its passages removed
    r = _run("reindex", "--index", ix, "--max-file-size", "0.05M", "--json")
    stats = json.loads(r.stdout)
    assert (stats["deleted"], stats["skipped"], stats["unchanged"]) == (1, 1, 5)
    with SearchIndex.open(ix) as sx:
        assert str(docs / "digest.txt") not in {h.source for h in sx.search("Кулибаев", limit=10).hits}


def test_a_size_that_is_no_size_is_a_usage_error(tmp_path, samples_dir):
    r = CliRunner().invoke(main, ["index", str(samples_dir), "--index", str(tmp_path / "ix"), "--max-file-size", "big"])
    assert r.exit_code == 2
    assert "Invalid value for '--max-file-size': 'big' is not a size (like 500M or 2G)" in r.stderr


def test_the_library_takes_the_limit_in_bytes(tmp_path, samples_dir):
    docs = _folder(tmp_path, samples_dir)
    with SearchIndex.create(tmp_path / "ix") as sx:
        assert sx.add_path(docs, max_file_size=64 * 1024).skipped == 1
        assert sx.reindex(max_file_size=0).added == 1
