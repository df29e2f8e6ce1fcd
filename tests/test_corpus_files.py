"""Finding source files: recursion order, hidden entries, suffixes, errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from polyseek.corpus import SUPPORTED_SUFFIXES, CorpusError, iter_source_files, read_path

LAYOUT = [
    "zeta.txt",
    "b/2.md",
    "b/10.MD",
    "a/deep/er/notes.jsonl",
    "a/readme.txt",
    "A.txt",
    "photo.jpg",
    "no_suffix",
    ".hidden.txt",
    ".git/config.txt",
    "b/.cache/x.txt",
]


def make_tree(root: Path, names: list[str]) -> None:
    for name in names:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        content = '{"id": "n1", "text": "note"}\n' if name.endswith(".jsonl") else f"text of {name}\n"
        path.write_text(content, encoding="utf-8")


def relative(root: Path) -> list[str]:
    return [p.relative_to(root).as_posix() for p in iter_source_files(root)]


EXPECTED = ["A.txt", "a/deep/er/notes.jsonl", "a/readme.txt", "b/10.MD", "b/2.md", "zeta.txt"]


def test_recursion_order_is_sorted_and_hidden_entries_are_skipped(tmp_path: Path) -> None:
    make_tree(tmp_path, LAYOUT)
    assert SUPPORTED_SUFFIXES == (".txt", ".md", ".jsonl", ".html", ".htm", ".pdf", ".docx", ".odt", ".epub", ".eml", ".mbox", ".rtf")
    assert relative(tmp_path) == EXPECTED


def test_order_does_not_depend_on_creation_order(tmp_path: Path) -> None:
    first, second = tmp_path / "one", tmp_path / "two"
    make_tree(first, LAYOUT)
    make_tree(second, list(reversed(LAYOUT)))
    assert relative(first) == relative(second) == EXPECTED
    assert [d.title for d in read_path(first)] == [d.title for d in read_path(second)]


def test_paths_are_joined_to_the_root_as_given(tmp_path: Path) -> None:
    make_tree(tmp_path, ["sub/x.txt"])
    assert list(iter_source_files(tmp_path / "sub")) == [tmp_path / "sub" / "x.txt"]


def test_a_file_root_is_used_if_supported_even_when_hidden(tmp_path: Path) -> None:
    make_tree(tmp_path, [".notes.md", "image.png"])
    assert list(iter_source_files(tmp_path / ".notes.md")) == [tmp_path / ".notes.md"]
    assert list(iter_source_files(str(tmp_path / "image.png"))) == []


def test_symlinks_inside_the_root_are_not_followed(tmp_path: Path) -> None:
    make_tree(tmp_path, ["real/x.txt"])
    (tmp_path / "real" / "loop").symlink_to(tmp_path, target_is_directory=True)
    (tmp_path / "link.txt").symlink_to(tmp_path / "real" / "x.txt")
    assert relative(tmp_path) == ["real/x.txt"]  # each file once, at its real place


def test_missing_root_raises(tmp_path: Path) -> None:
    with pytest.raises(CorpusError, match=r"nowhere: no such file or folder$"):
        list(iter_source_files(tmp_path / "nowhere"))


def test_read_path_reads_every_document(tmp_path: Path) -> None:
    make_tree(tmp_path, LAYOUT)
    documents = list(read_path(tmp_path))
    assert [Path(d.source).name for d in documents] == [Path(n).name for n in EXPECTED]
    assert documents[1].id == "n1"
    assert documents[0].id == str((tmp_path / "A.txt").resolve())
