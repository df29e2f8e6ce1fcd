"""Hostile files: encodings, binaries, empty files, odd folders, links, unreadable and vanishing files.

Every test writes real files into tmp_path, indexes them into a real index on disk and
checks what the user sees: stderr lines, exit codes, search hits and exact offsets.
"""

from __future__ import annotations

import codecs
import gzip
import io
import json
import os
import shutil
import struct
import subprocess
import sys
import zipfile
import zlib
from pathlib import Path

import pytest
from click.testing import CliRunner

from polyseek.corpus import read_file
from polyseek.index import Progress
from polyseek.searcher import SearchIndex
from polyseek.searcher.cli import main

SAMPLES = Path(__file__).resolve().parents[1] / "corpus" / "samples"
RU_TEXT = (SAMPLES / "ru-kulibaev-bach-lausanne.txt").read_text(encoding="utf-8-sig")
AR_TEXT = (SAMPLES / "ar-golovkin-qatar-solidarity.txt").read_text(encoding="utf-8-sig")
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def run_cli(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def index_json(root: Path, ix: Path, *extra: str):
    """Run ``polyseek index ROOT --json``: (result, statistics, stderr lines)."""
    r = run_cli("index", str(root), "--index", str(ix), "--json", *extra)
    return r, json.loads(r.stdout), r.stderr.splitlines()


def encodable(text: str, encoding: str) -> str:
    """``text`` without the characters ``encoding`` cannot hold (KOI8-R has no «»)."""
    return text.encode(encoding, errors="ignore").decode(encoding)


def png_bytes() -> bytes:
    """A real 2x2 PNG image."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    pixels = zlib.compress(b"\x00\xff\x00\x00\x00\xff\x00" * 2)
    header = struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


def zip_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("news.txt", RU_TEXT)
    return buffer.getvalue()


# -- encodings ------------------------------------------------------------------

ENCODED = [
    # (file encoding, BOM written by hand, text, query, a word the query must highlight)
    ("utf-8", b"", RU_TEXT, "олимпийский комитет Лозанна", "Лозанне"),
    ("utf-8", codecs.BOM_UTF8, RU_TEXT, "олимпийский комитет Лозанна", "Лозанне"),
    ("utf-16-le", codecs.BOM_UTF16_LE, RU_TEXT, "олимпийский комитет Лозанна", "Лозанне"),
    ("utf-16-be", codecs.BOM_UTF16_BE, AR_TEXT, "اللجنة الأولمبية", "اللجنة"),
    ("utf-32-le", codecs.BOM_UTF32_LE, AR_TEXT, "اللجنة الأولمبية", "اللجنة"),
    ("cp1251", b"", RU_TEXT, "олимпийский комитет Лозанна", "Лозанне"),
    ("koi8-r", b"", RU_TEXT, "олимпийский комитет Лозанна", "Лозанне"),
    ("cp866", b"", RU_TEXT, "олимпийский комитет Лозанна", "Лозанне"),
    ("cp1256", b"", AR_TEXT, "اللجنة الأولمبية", "اللجنة"),
]


@pytest.mark.parametrize(
    ("encoding", "bom", "text", "query", "word"), ENCODED, ids=[f"{e[0]}{'-bom' if e[1] else ''}" for e in ENCODED]
)
def test_every_encoding_is_found_by_its_words_with_exact_offsets(
    tmp_path: Path, encoding: str, bom: bytes, text: str, query: str, word: str
) -> None:
    text = encodable(text.replace("\n", "\r\n"), encoding)  # CRLF too: offsets keep the \r
    docs = tmp_path / "docs"
    docs.mkdir()
    source = docs / f"news-{encoding}.txt"
    source.write_bytes(bom + text.encode(encoding))
    with SearchIndex.create(tmp_path / "ix") as ix:
        stats = ix.add_path(docs)
        assert (stats.added, stats.failed, stats.skipped) == (1, 0, 0)
        results = ix.search(query, limit=5)
    assert results.hits, f"{encoding}: nothing found for {query!r}"
    hit = results.hits[0]
    assert hit.source == str(source)
    # offsets are code points of the decoded text, lines count its "\n"
    assert text[hit.char_start : hit.char_end].strip() == text[hit.char_start : hit.char_end]
    assert text.count("\n", 0, hit.char_start) + 1 == hit.line
    snippet = hit.snippet
    assert text[snippet.start : snippet.start + len(snippet.text)] == snippet.text
    marked = [snippet.text[s:e] for s, e in snippet.ranges]
    assert word in marked, marked


def test_short_legacy_files_are_decoded_not_garbled(tmp_path: Path) -> None:
    lines = {
        "koi8-r": "Спортсмены готовятся к Олимпиаде.",
        "cp1251": "Олимпийский комитет Казахстана.",
        "cp1256": "اللجنة الأولمبية في قطر",
    }
    for encoding, line in lines.items():
        (tmp_path / f"{encoding}.txt").write_bytes(line.encode(encoding))
    with SearchIndex.create(tmp_path / "ix") as ix:
        assert ix.add_path(tmp_path).added == 3
        for query, encoding in (("спортсмен", "koi8-r"), ("казахстан", "cp1251"), ("قطر", "cp1256")):
            (hit,) = ix.search(query).hits
            assert hit.source.endswith(f"{encoding}.txt")
            assert hit.snippet.text == lines[encoding]


def test_damaged_utf8_keeps_its_text_and_offsets(tmp_path: Path) -> None:
    good = "Томас Бах встретился с Кулибаевым в Лозанне.\nОлимпийский комитет доволен.\n"
    raw = good.encode()
    cut = raw.index("Кулибаевым".encode())
    (tmp_path / "damaged.txt").write_bytes(raw[:cut] + b"\xff" + raw[cut:])  # one stray byte
    with SearchIndex.create(tmp_path / "ix") as ix:
        assert ix.add_path(tmp_path).added == 1
        (hit,) = ix.search("олимпийский").hits
    before = len(raw[:cut].decode())
    decoded = good[:before] + "\ufffd" + good[before:]  # the stray byte is one code point
    assert decoded[hit.snippet.start : hit.snippet.start + len(hit.snippet.text)] == hit.snippet.text
    assert [hit.snippet.text[s:e] for s, e in hit.snippet.ranges] == ["Олимпийский"]


# -- binary files ------------------------------------------------------------------


def test_binary_files_are_skipped_with_one_line_each_and_indexing_goes_on(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "photo.txt").write_bytes(png_bytes())
    (docs / "archive.md").write_bytes(zip_bytes())
    (docs / "dump.jsonl").write_bytes(gzip.compress(RU_TEXT.encode()))
    shutil.copyfile(shutil.which("ls") or sys.executable, docs / "tool.txt")
    (docs / "real.png").write_bytes(png_bytes())  # not a source suffix: never opened
    (docs / "news.txt").write_text(RU_TEXT, encoding="utf-8")
    r, stats, errors = index_json(docs, tmp_path / "ix")
    assert r.exit_code == 0
    assert (stats["added"], stats["skipped"], stats["failed"]) == (1, 4, 0)
    assert len(errors) == 4 and all(line.startswith("polyseek: skipped ") for line in errors)
    by_name = {Path(line.split()[2].rstrip(":")).name: line for line in errors}
    assert set(by_name) == {"photo.txt", "archive.md", "dump.jsonl", "tool.txt"}
    assert "binary file (image/png)" in by_name["photo.txt"]
    assert "binary file" in by_name["archive.md"] and "binary file" in by_name["tool.txt"]
    found = json.loads(run_cli("search", "Лозанна", "--index", str(tmp_path / "ix"), "--json").stdout)
    assert [Path(h["source"]).name for h in found["hits"]] == ["news.txt"]


def test_a_file_that_turns_binary_loses_its_old_passages(tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    page.write_text("Дзюдо в Японии: меморандум подписан.\n", encoding="utf-8")
    with SearchIndex.create(tmp_path / "ix") as ix:
        ix.add_path(tmp_path)
        assert ix.search("меморандум").total == 1
    page.write_bytes(png_bytes())
    with SearchIndex.open(tmp_path / "ix") as ix:
        stats = ix.reindex()
        assert (stats.skipped, stats.deleted, stats.failed) == (1, 1, 0)
    with SearchIndex.open(tmp_path / "ix") as ix:
        assert ix.search("меморандум").total == 0


# -- empty files, folders named like files ---------------------------------------------


def test_empty_and_blank_files_are_skipped_and_folders_named_like_files_are_walked(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    (docs / "notes.txt").mkdir(parents=True)  # a folder named like a file
    (docs / "notes.txt" / "inside.md").write_text("# Лозанна\n\nВизит в МОК.\n", encoding="utf-8")
    (docs / "empty.txt").write_bytes(b"")
    (docs / "blank.md").write_bytes(b"  \n\t\r\n \n")
    (docs / "bom-only.txt").write_bytes(codecs.BOM_UTF8 + b"\n")
    (docs / "nothing.jsonl").write_bytes(b"\n\n")
    (docs / "spaces.txt").write_text("\u3000\u00a0\u2003\n", encoding="utf-8")  # Unicode spaces only
    r, stats, errors = index_json(docs, tmp_path / "ix")
    assert r.exit_code == 0, r.output
    assert (stats["added"], stats["skipped"], stats["failed"]) == (1, 5, 0)
    reasons = {Path(line.split()[2].rstrip(":")).name: line.split(": ", 2)[2] for line in errors}
    assert reasons == {
        "empty.txt": "empty file, nothing to index",
        "blank.md": "whitespace only, nothing to index",
        "bom-only.txt": "whitespace only, nothing to index",
        "nothing.jsonl": "whitespace only, nothing to index",
        "spaces.txt": "whitespace only, nothing to index",
    }
    hit = json.loads(run_cli("search", "Лозанна", "--index", str(tmp_path / "ix"), "--json").stdout)["hits"][0]
    assert hit["source"] == str(docs / "notes.txt" / "inside.md") and hit["title"] == "Лозанна"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_named_like_a_source_is_never_opened(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    os.mkfifo(docs / "pipe.txt")  # opening it for reading would block forever
    (docs / "news.txt").write_text(RU_TEXT, encoding="utf-8")
    r, stats, errors = index_json(docs, tmp_path / "ix")
    assert r.exit_code == 0 and (stats["added"], stats["skipped"], stats["failed"]) == (1, 0, 0) and errors == []
    r = run_cli("index", str(docs / "pipe.txt"), "--index", str(tmp_path / "ix"))
    assert r.exit_code == 0 and r.stderr == f"polyseek: skipped {docs / 'pipe.txt'}: not a regular file or folder\n"


# -- links ---------------------------------------------------------------------------


def test_symlink_loops_and_dangling_links_are_reported_not_fatal(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    (docs / "sub").mkdir(parents=True)
    (docs / "sub" / "news.txt").write_text(RU_TEXT, encoding="utf-8")
    (docs / "a.txt").symlink_to(docs / "b.txt")
    (docs / "b.txt").symlink_to(docs / "a.txt")
    (docs / "gone.md").symlink_to(tmp_path / "nowhere.md")
    (docs / "sub" / "up").symlink_to(docs, target_is_directory=True)  # inside the root: not followed
    r, stats, errors = index_json(docs, tmp_path / "ix")
    assert r.exit_code == 0
    assert (stats["added"], stats["skipped"], stats["failed"]) == (1, 3, 0)
    assert sorted(errors) == sorted(
        [
            f"polyseek: skipped {docs / 'a.txt'}: symlink loop",
            f"polyseek: skipped {docs / 'b.txt'}: symlink loop",
            f"polyseek: skipped {docs / 'gone.md'}: dangling symlink",
        ]
    )


def test_links_outside_the_root_are_followed_only_with_follow_links(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    (outside / "folder").mkdir(parents=True)
    (outside / "judo.txt").write_text("Меморандум о развитии дзюдо подписан в Токио.\n", encoding="utf-8")
    (outside / "folder" / "qatar.txt").write_text(AR_TEXT, encoding="utf-8")
    (outside / "folder" / "again").symlink_to(outside / "folder", target_is_directory=True)  # a loop out there
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "news.txt").write_text(RU_TEXT, encoding="utf-8")
    (docs / "judo-link.txt").symlink_to(outside / "judo.txt")
    (docs / "folder-link").symlink_to(outside / "folder", target_is_directory=True)
    ix = tmp_path / "ix"

    r, stats, errors = index_json(docs, ix)
    assert r.exit_code == 0 and (stats["added"], stats["skipped"]) == (1, 2)
    assert all("outside" in line and "--follow-links" in line for line in errors)
    assert json.loads(run_cli("search", "дзюдо", "--index", str(ix), "--json").stdout)["total"] == 0

    r, stats, errors = index_json(docs, ix, "--follow-links")
    assert r.exit_code == 0 and (stats["added"], stats["unchanged"]) == (2, 1)
    assert errors == [f"polyseek: skipped {docs / 'folder-link' / 'again'}: symlink loop (leads back to a folder above it)"]
    hits = json.loads(run_cli("search", "дзюдо", "--index", str(ix), "--json").stdout)["hits"]
    assert [h["source"] for h in hits] == [str(docs / "judo-link.txt")]  # where it was found
    arabic = json.loads(run_cli("search", "اللجنة", "--index", str(ix), "--json").stdout)["hits"]
    assert [h["source"] for h in arabic] == [str(docs / "folder-link" / "qatar.txt")]

    r = run_cli("reindex", "--index", str(ix), "--follow-links", "--json")
    assert r.exit_code == 0 and json.loads(r.stdout)["unchanged"] == 3


def test_follow_links_is_remembered_per_path_and_a_linked_file_is_updated_where_it_was_found(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    judo = outside / "judo.txt"
    judo.write_text("Меморандум о развитии дзюдо подписан в Токио.\n", encoding="utf-8")
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "news.txt").write_text(RU_TEXT, encoding="utf-8")
    (docs / "judo-link.txt").symlink_to(judo)
    ix = tmp_path / "ix"
    assert index_json(docs, ix, "--follow-links")[1]["added"] == 2

    r = run_cli("reindex", "--index", str(ix), "--json")  # the cron job, no option: links followed as before
    assert r.exit_code == 0 and r.stderr == "" and json.loads(r.stdout)["unchanged"] == 2
    assert json.loads(run_cli("info", "--index", str(ix), "--json").stdout)["following_links"] == [str(docs)]

    judo.write_text("Турнир по дзюдо перенесён в Астану.\n", encoding="utf-8")  # the target changes
    stats = json.loads(run_cli("reindex", "--index", str(ix), "--json").stdout)
    assert (stats["updated"], stats["unchanged"]) == (1, 1)
    hits = json.loads(run_cli("search", "дзюдо", "--passages", "--index", str(ix), "--json").stdout)["hits"]
    assert [(h["source"], h["snippet"]) for h in hits] == [(str(docs / "judo-link.txt"), "Турнир по дзюдо перенесён в Астану.")]

    r = run_cli("reindex", "--index", str(ix), "--no-follow-links", "--json")  # turned off, and remembered
    assert r.exit_code == 0 and (json.loads(r.stdout)["deleted"], json.loads(r.stdout)["skipped"]) == (1, 1)
    r, stats, errors = index_json(docs, ix)
    assert (stats["added"], stats["unchanged"], stats["skipped"]) == (0, 1, 1) and "--follow-links" in errors[0]
    assert json.loads(run_cli("search", "дзюдо", "--index", str(ix), "--json").stdout)["total"] == 0
    assert json.loads(run_cli("info", "--index", str(ix), "--json").stdout)["following_links"] == []


def test_names_that_are_not_utf8_are_skipped_and_such_a_path_is_not_remembered(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "news.txt").write_text(RU_TEXT, encoding="utf-8")
    bad_root = os.path.join(os.fsencode(tmp_path), b"d\xe9p\xf4t")  # Latin-1 bytes
    try:
        os.mkdir(bad_root)
    except OSError:
        pytest.skip("this file system refuses names that are not UTF-8")
    for path in (os.path.join(os.fsencode(docs), b"caf\xe9.txt"), os.path.join(bad_root, b"a.txt")):
        with open(path, "wb") as fh:
            fh.write("Меморандум о развитии дзюдо.\n".encode())
    with SearchIndex.create(tmp_path / "ix") as ix:
        stats = ix.add_path(docs, os.fsdecode(bad_root))
        assert (stats.added, stats.skipped, stats.failed) == (1, 2, 0)
        assert all(line.endswith("file name is not valid UTF-8; rename it to index it") for line in stats.skips)
        assert ix.info().roots == [str(docs)]
        assert ix.reindex().skipped == 1


# -- unreadable and vanishing files ------------------------------------------------------------


def make_unreadable(path: Path) -> list[str]:
    """Make ``path`` unreadable for the indexer; return the extra index options needed.

    As root no permission stops a read, so the file becomes a link to /proc/self/mem,
    which is a regular file whose read fails with EIO (followed with --follow-links).
    """
    if not IS_ROOT:
        path.chmod(0)
        return []
    if not Path("/proc/self/mem").exists():
        pytest.skip("no unreadable file can be made here")
    path.unlink()
    path.symlink_to("/proc/self/mem")
    return ["--follow-links"]


def test_unreadable_file_fails_with_exit_1_and_keeps_what_was_indexed(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "judo.txt").write_text("Меморандум о развитии дзюдо подписан в Токио.\n", encoding="utf-8")
    (docs / "news.txt").write_text(RU_TEXT, encoding="utf-8")
    ix = tmp_path / "ix"
    assert index_json(docs, ix)[0].exit_code == 0
    extra = make_unreadable(docs / "judo.txt")
    (docs / "later.txt").write_text("Новый документ про Олимпиаду в Токио.\n", encoding="utf-8")
    r, stats, errors = index_json(docs, ix, *extra)
    assert r.exit_code == 1
    assert (stats["added"], stats["failed"], stats["deleted"]) == (1, 1, 0)
    assert len(errors) == 1 and errors[0].startswith(f"polyseek: failed {docs / 'judo.txt'}: ")
    hits = json.loads(run_cli("search", "дзюдо", "--index", str(ix), "--json").stdout)["hits"]
    assert [Path(h["source"]).name for h in hits] == ["judo.txt"]  # the old passages are kept


@pytest.mark.skipif(IS_ROOT, reason="root lists every folder")
def test_unlistable_folder_fails_and_keeps_its_files(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    (docs / "locked").mkdir(parents=True)
    (docs / "locked" / "judo.txt").write_text("Меморандум о развитии дзюдо.\n", encoding="utf-8")
    (docs / "news.txt").write_text(RU_TEXT, encoding="utf-8")
    ix = tmp_path / "ix"
    assert index_json(docs, ix)[1]["added"] == 2
    (docs / "locked").chmod(0)
    (docs / "z-later.txt").write_text("Турнир по дзюдо прошёл в Астане.\n", encoding="utf-8")  # walked after it
    try:
        r, stats, errors = index_json(docs, ix)
    finally:
        (docs / "locked").chmod(0o755)
    assert r.exit_code == 1 and (stats["failed"], stats["deleted"], stats["added"]) == (1, 0, 1)
    assert errors == [f"polyseek: failed {docs / 'locked'}: cannot list folder (Permission denied)"]
    hits = json.loads(run_cli("search", "дзюдо", "--index", str(ix), "--json").stdout)["hits"]
    assert sorted(Path(h["source"]).name for h in hits) == ["judo.txt", "z-later.txt"]


def test_files_vanishing_during_the_scan_are_reported_and_dropped(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    words = {"a.txt": "Лозанна", "b.txt": "Токио", "c.txt": "Астана", "d.txt": "Доха"}
    for name, word in words.items():
        (docs / name).write_text(f"Новости: {word} принимает гостей.\n", encoding="utf-8")
    with SearchIndex.create(tmp_path / "ix") as ix:
        assert ix.add_path(docs).added == 4

        def delete_the_next_ones(progress: Progress) -> None:
            # once the run has planned, before it reads a file (it reads a batch of small
            # files ahead of writing them: one deleted after it was read is indexed as it
            # was read, and the next run drops it, as one deleted once written)
            if progress.files_done == 0:
                (docs / "c.txt").unlink()  # indexed before: must leave the index
                (docs / "d.txt").unlink()

        for name in words:
            (docs / name).write_text(f"Обновлено: {words[name]} принимает гостей.\n", encoding="utf-8")
        stats = ix.reindex(progress=delete_the_next_ones)
    assert (stats.updated, stats.skipped, stats.failed, stats.deleted) == (2, 2, 0, 2)
    gone = "no such file (vanished before it could be read)"
    assert sorted(stats.skips) == [f"{docs / 'c.txt'}: {gone}", f"{docs / 'd.txt'}: {gone}"]
    with SearchIndex.open(tmp_path / "ix") as ix:
        assert ix.search("Астана").total == 0 and ix.search("Токио").total == 1


def test_cli_process_reports_on_stderr_and_sets_the_exit_code(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "news.txt").write_text(RU_TEXT, encoding="utf-8")
    (docs / "photo.txt").write_bytes(png_bytes())
    command = [sys.executable, "-m", "polyseek", "index", str(docs), "--index", str(tmp_path / "ix")]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0
    assert done.stderr == f"polyseek: skipped {docs / 'photo.txt'}: binary file (image/png), not text\n"
    assert "1 added" in done.stdout and "1 skipped" in done.stdout and "0 failed" in done.stdout
    extra = make_unreadable(docs / "news.txt")
    (docs / "news.txt").parent.joinpath("fresh.txt").write_text("Свежая новость.\n", encoding="utf-8")
    done = subprocess.run(command + extra, capture_output=True, text=True, timeout=120)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert [line.split(":")[0] for line in done.stderr.splitlines()] == ["polyseek", "polyseek"]


# -- big files ---------------------------------------------------------------------------


def test_a_two_megabyte_line_without_newline_gives_bounded_passages_and_is_searchable(tmp_path: Path) -> None:
    sentence = encodable(RU_TEXT, "cp1251").replace("\n", " ")
    line = (sentence * (2_000_000 // len(sentence) + 1))[:2_000_000]
    (tmp_path / "one-line.txt").write_bytes(line.encode("cp1251"))
    (doc,) = read_file(tmp_path / "one-line.txt")
    assert doc.text == line and 2_000 <= len(doc.passages) <= 3_400
    for p in doc.passages:
        assert p.line == 1 and 0 < len(p.text) <= 1000 and line[p.char_start : p.char_end] == p.text
        assert p.char_end == len(line) or line[p.char_end].isspace()  # never inside a word
    assert sum(p.text[-1] in ".!?»" for p in doc.passages) > len(doc.passages) / 2  # mostly at sentence ends
    # a tenth of it through the index (the whole 2 MB: benchmarks/large_files.py)
    (tmp_path / "one-line.txt").write_bytes(line[:200_000].encode("cp1251"))
    with SearchIndex.create(tmp_path / "ix") as ix:
        assert ix.add_path(tmp_path).added == 1
        results = ix.search("Лозанна", limit=3, passages=True)
    assert results.hits and all(h.line == 1 for h in results.hits)
    for hit in results.hits:
        assert line[hit.snippet.start : hit.snippet.start + len(hit.snippet.text)] == hit.snippet.text
