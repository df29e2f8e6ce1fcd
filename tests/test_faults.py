"""Faults stay where they happen: one file never stops an indexing run (issue 19).

Real files in tmp_path, a real index on disk, the real CLI. Unexpected errors are
injected with the documented test hook ``POLYSEEK_FAILPOINT`` (:mod:`corpus.failpoints`).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from polyseek.corpus.failpoints import ENV, STAGES
from polyseek.index import PassageIndex, pipeline
from polyseek.searcher import SearchIndex
from polyseek.searcher.cli import main

SAMPLES = Path(__file__).resolve().parents[1] / "corpus" / "samples"
RU_TEXT = (SAMPLES / "ru-kulibaev-bach-lausanne.txt").read_text(encoding="utf-8-sig")
AR_TEXT = (SAMPLES / "ar-golovkin-qatar-solidarity.txt").read_text(encoding="utf-8-sig")
EN_TEXT = (SAMPLES / "en-noc-kazakhstan-news.txt").read_text(encoding="utf-8-sig")


def run_cli(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def index_json(root: Path, ix: Path, *extra: str):
    """``polyseek index ROOT --json``: (exit code, statistics, stderr lines)."""
    r = run_cli("index", str(root), "--index", str(ix), "--json", *extra)
    return r.exit_code, json.loads(r.stdout), r.stderr.splitlines()


def indexed_sources(ix: Path) -> set[str]:
    """Names of the files the index holds passages of (read back from the index on disk)."""
    with SearchIndex.open(ix) as six:
        return {Path(source).name for source in six._pix.file_records()}


def html_page(title: str, body: str) -> str:
    paragraphs = "".join(f"<p>{line}</p>\n" for line in body.splitlines() if line.strip())
    return f"<html><head><title>{title}</title></head><body><article>\n{paragraphs}</article></body></html>"


# -- a page naming a codec that is not a text encoding ----------------------------


@pytest.mark.parametrize("codec", ["rot13", "base64", "hex", "zlib", "bz2", "uu", "quopri", "utf-7", "no-such-codec"])
def test_page_naming_a_non_text_codec_is_decoded_by_detection(tmp_path: Path, codec: str) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    page = html_page("Бах в Лозанне", RU_TEXT).replace("<head>", f'<head><meta charset="{codec}">')
    (docs / "page.html").write_text(page, encoding="utf-8")
    (docs / "note.txt").write_text(EN_TEXT, encoding="utf-8")
    code, stats, stderr = index_json(docs, tmp_path / "ix")
    assert (code, stats["added"], stats["failed"], stderr) == (0, 2, 0, [])
    with SearchIndex.open(tmp_path / "ix") as ix:
        hits = ix.search("Лозанна Кулибаев").hits
        assert hits and Path(hits[0].source).name == "page.html"
        assert "Лозанн" in hits[0].snippet.text
    r = run_cli("reindex", "--index", str(tmp_path / "ix"))
    assert r.exit_code == 0, r.stderr


def test_page_naming_a_text_encoding_is_still_decoded_with_it(tmp_path: Path) -> None:
    page = html_page("Бах", RU_TEXT).replace("<head>", '<head><meta charset="windows-1251">')
    (tmp_path / "page.html").write_bytes(page.encode("cp1251", errors="ignore"))
    code, stats, _ = index_json(tmp_path / "page.html", tmp_path / "ix")
    assert (code, stats["added"]) == (0, 1)
    with SearchIndex.open(tmp_path / "ix") as ix:
        assert ix.search("Лозанна").hits


# -- deep folders -------------------------------------------------------------------


@pytest.fixture
def deep_trees():
    """Removes the deep trees a test made (pytest's own clean-up recurses, and gives up)."""
    made: list[tuple] = []
    yield made
    for top, depth, *name in made:
        fds = [os.open(top, os.O_RDONLY)]
        for _ in range(depth):
            fds.append(os.open(name[0] if name else "d", os.O_RDONLY, dir_fd=fds[-1]))
        for fd in reversed(fds):
            for entry in os.scandir(fd):
                if entry.is_dir(follow_symlinks=False):
                    os.rmdir(entry.name, dir_fd=fd)
                else:
                    os.unlink(entry.name, dir_fd=fd)
            os.close(fd)


def make_deep_tree(top: Path, depth: int, name: str = "d") -> Path:
    """``top/d/d/.../d`` ``depth`` levels below ``top``, made one level at a time by descriptor."""
    fd = os.open(top, os.O_RDONLY)
    try:
        for _ in range(depth):
            os.mkdir(name, dir_fd=fd)
            below = os.open(name, os.O_RDONLY, dir_fd=fd)
            os.close(fd)
            fd = below
        out = os.open("deep.txt", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd)
        os.write(out, RU_TEXT.encode())
        os.close(out)
    finally:
        os.close(fd)
    return top.joinpath(*[name] * depth, "deep.txt")


def test_a_folder_1000_levels_deep_is_walked(tmp_path: Path, deep_trees: list) -> None:
    top = tmp_path / "a"
    top.mkdir()
    (top / "top.txt").write_text(EN_TEXT, encoding="utf-8")
    deep = make_deep_tree(top, 1000)
    deep_trees.append((top, 1000))
    code, stats, stderr = index_json(top, tmp_path / "ix")
    assert (code, stats["added"], stats["failed"], stderr) == (0, 2, 0, [])
    with SearchIndex.open(tmp_path / "ix") as ix:
        sources = {hit.source for hit in ix.search("Лозанна").hits}
    assert sources == {str(deep)}
    assert run_cli("reindex", "--index", str(tmp_path / "ix")).exit_code == 0


def test_a_folder_whose_path_is_too_long_to_open_is_reported(tmp_path: Path, deep_trees: list) -> None:
    top = tmp_path / "a"
    top.mkdir()
    (top / "top.txt").write_text(EN_TEXT, encoding="utf-8")
    make_deep_tree(top, 1000, name="d" * 20)  # 21,000 characters: past PATH_MAX (4096 on Linux)
    deep_trees.append((top, 1000, "d" * 20))
    code, stats, stderr = index_json(top, tmp_path / "ix")
    assert (code, stats["added"], stats["failed"]) == (1, 1, 1)
    (line,) = stderr
    assert line.startswith(f"polyseek: failed {top}/{'d' * 20}/") and line.endswith("(File name too long)")
    assert indexed_sources(tmp_path / "ix") == {"top.txt"}


# -- the fault barrier: an unexpected error at any stage fails one file -----------------

FILES = {
    # name: (content, a query only that file answers)
    "ru.txt": (RU_TEXT, "Кулибаев Лозанна"),
    "ar.html": (html_page("تضامن", AR_TEXT), "قطر"),
    "en.jsonl": (
        "".join(json.dumps({"id": f"en-{i}", "text": part}) + "\n" for i, part in enumerate(EN_TEXT.split("\n\n")) if part.strip()),
        "Kazakhstan",
    ),
}
BAD = {"0bad.txt": RU_TEXT, "0bad.html": html_page("Бах", RU_TEXT), "0bad.md": "# Бах\n\n" + RU_TEXT}


def make_folder(root: Path) -> Path:
    docs = root / "docs"
    docs.mkdir()
    for name, (content, _) in FILES.items():
        (docs / name).write_text(content, encoding="utf-8")
    for name, content in BAD.items():
        (docs / name).write_text(content, encoding="utf-8")
    return docs


@pytest.mark.parametrize("jobs", ["1", "2"])
@pytest.mark.parametrize("stage", STAGES)
def test_an_unexpected_error_at_any_stage_fails_only_that_file(
    tmp_path: Path, stage: str, jobs: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    if jobs == "2":
        monkeypatch.setattr(pipeline, "START_CHARS", 0)  # the workers index even this small folder
        monkeypatch.setattr(pipeline, "MIN_JOB_BYTES", 0)  # and even though they are small
        monkeypatch.setattr(pipeline, "BATCH_CHARS", 2_000)  # and share it out in many batches
    docs = make_folder(tmp_path)
    if jobs == "2":  # much text after the bad files: the worker has time to take their batches
        (docs / "ru.txt").write_text("\n\n".join([RU_TEXT] * 30), encoding="utf-8")
    ix = tmp_path / "ix"
    monkeypatch.setenv(ENV, ",".join(f"{stage}:/docs/{name}" for name in BAD))
    code, stats, stderr = index_json(docs, ix, "--jobs", jobs)
    assert code == 1
    assert (stats["failed"], stats["added"]) == (len(BAD), len(FILES))
    assert sorted(stderr) == sorted(
        line for line in stderr if line.startswith("polyseek: failed ") and "injected failure" in line
    )
    assert sorted(line.split()[2].rstrip(":") for line in stderr) == sorted(str(docs / name) for name in BAD)
    assert indexed_sources(ix) == set(FILES)
    with SearchIndex.open(ix) as six:
        for name, (_, query) in FILES.items():
            assert Path(six.search(query, cross_script=False).hits[0].source).name == name, query
        assert not [h for h in six.search("Лозанна").hits if Path(h.source).name.startswith("0bad")]

    monkeypatch.delenv(ENV)
    code, stats, stderr = index_json(docs, ix, "--jobs", jobs)
    assert (code, stats["added"], stats["unchanged"], stats["failed"], stderr) == (0, len(BAD), len(FILES), 0, [])
    assert indexed_sources(ix) == set(FILES) | set(BAD)
    code, stats, _ = index_json(docs, ix, "--jobs", jobs)
    assert (code, stats["unchanged"]) == (0, len(FILES) + len(BAD))


def test_an_analysis_failure_in_a_worker_process_fails_only_that_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pipeline, "START_CHARS", 0)
    monkeypatch.setattr(pipeline, "MIN_JOB_BYTES", 0)  # and even though they are small
    monkeypatch.setattr(pipeline, "BATCH_CHARS", 2_000)
    docs = make_folder(tmp_path)
    # the bad page is read first and queued for the worker; the writer meanwhile indexes much text
    (docs / "ru.txt").write_text("\n\n".join([RU_TEXT] * 30), encoding="utf-8")
    monkeypatch.setenv(ENV, "analyse:/docs/0bad.html")
    code, stats, stderr = index_json(docs, tmp_path / "ix", "--jobs", "2")
    assert (code, stats["failed"], stats["added"]) == (1, 1, len(FILES) + len(BAD) - 1)
    assert stderr == [
        f"polyseek: failed {docs / '0bad.html'}: could not be analysed (FailpointError: injected failure at "
        f"stage 'analyse' ({ENV})); rerun with -v for the traceback"
    ]
    assert indexed_sources(tmp_path / "ix") == set(FILES) | set(BAD) - {"0bad.html"}


def test_a_changed_file_that_fails_keeps_its_indexed_version(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    docs = make_folder(tmp_path)
    ix = tmp_path / "ix"
    assert index_json(docs, ix)[0] == 0
    (docs / "0bad.txt").write_text(EN_TEXT, encoding="utf-8")
    monkeypatch.setenv(ENV, "analyse:0bad.txt")
    code, stats, stderr = index_json(docs, ix)
    assert (code, stats["failed"], stats["updated"]) == (1, 1, 0)
    with SearchIndex.open(ix) as six:
        assert {Path(h.source).name for h in six.search("Кулибаев").hits} >= {"0bad.txt", "ru.txt"}


def test_verbose_prints_the_traceback_of_an_unexpected_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    docs = make_folder(tmp_path)
    monkeypatch.setenv(ENV, "parse:0bad.html")
    quiet = run_cli("index", str(docs), "--index", str(tmp_path / "ix"), "-q")
    assert quiet.exit_code == 1
    assert quiet.stderr.splitlines() == [
        f"polyseek: failed {docs / '0bad.html'}: unexpected error (FailpointError: injected failure at stage "
        f"'parse' ({ENV})); rerun with -v for the traceback"
    ]
    verbose = run_cli("index", str(docs), "--index", str(tmp_path / "ix2"), "-q", "-v")
    assert verbose.exit_code == 1
    assert "Traceback (most recent call last)" in verbose.stderr
    assert 'failpoint("parse", name)' in verbose.stderr


def test_library_writer_names_the_source_it_could_not_analyse(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from polyseek.corpus import read_file
    from polyseek.index import PolyseekIndexError

    (tmp_path / "a.txt").write_text(RU_TEXT, encoding="utf-8")
    pix = PassageIndex.create(tmp_path / "ix")
    monkeypatch.setenv(ENV, "analyse:a.txt")
    with pytest.raises(PolyseekIndexError, match=r"a\.txt: could not be analysed \(FailpointError"):
        with pix.writer() as w:
            w.add_documents(read_file(tmp_path / "a.txt"))
    assert pix.passage_count() == 0


def test_titles_without_words_never_break_a_search(tmp_path: Path) -> None:
    # "***" as a .txt's first line, an HTML <title> and a JSONL title, beside ordinary files
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "stars.txt").write_text("***\n" + EN_TEXT, encoding="utf-8")
    (docs / "stars.html").write_text(html_page("***", EN_TEXT), encoding="utf-8")
    (docs / "stars.jsonl").write_text(json.dumps({"id": "s", "title": "***", "text": EN_TEXT}) + "\n", encoding="utf-8")
    (docs / "plain.txt").write_text(EN_TEXT, encoding="utf-8")
    code, stats, _ = index_json(docs, tmp_path / "ix")
    assert (code, stats["added"]) == (0, 4)
    r = run_cli("search", "Kazakhstan", "--index", str(tmp_path / "ix"), "--json")
    assert r.exit_code == 0, r.output
    assert {Path(hit["source"]).name for hit in json.loads(r.stdout)["hits"]} == {
        "stars.txt", "stars.html", "stars.jsonl", "plain.txt"
    }


@pytest.mark.parametrize("depth", [200, 260, 1000, 20_000])
def test_html_nested_deeper_than_the_parser_allows_keeps_its_text(tmp_path: Path, depth: int) -> None:
    body = "".join(f"<p>{line}</p>" for line in RU_TEXT.splitlines() if line.strip())
    page = f"<html><head><title>Бах</title></head><body>{'<div>' * depth}{body}{'</div>' * depth}</body></html>"
    (tmp_path / "deep.html").write_text(page, encoding="utf-8")
    code, stats, stderr = index_json(tmp_path / "deep.html", tmp_path / "ix")
    assert (code, stats["added"], stderr) == (0, 1, [])
    with SearchIndex.open(tmp_path / "ix") as ix:
        hits = ix.search("Кулибаев Лозанна").hits
    assert hits and "Лозанн" in hits[0].snippet.text
