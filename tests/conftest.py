"""Shared fixtures: the bundled sample corpus and a real index of it on disk."""

from __future__ import annotations

import contextlib
import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

from polyseek.searcher import SearchIndex

#: ``pytest --hypothesis-profile=thorough``: ten times the default examples of every property test.
settings.register_profile("thorough", max_examples=1000)

ROOT = Path(__file__).resolve().parents[1]

# tests/data holds fixtures and the scripts that made them (they need tools tests do not)
collect_ignore_glob = ["data/*"]
SAMPLES = ROOT / "corpus" / "samples"


@pytest.fixture(scope="session")
def samples_dir() -> Path:
    return SAMPLES


@contextlib.contextmanager
def index_with_deleted_passages(tmp_path: Path, monkeypatch) -> Iterator[tuple[SearchIndex, Path]]:
    """The samples indexed from a copy in ``tmp_path/docs``, then one file changed and
    reindexed with every segment kept as it is (no merge): its replaced passages stay in the
    first segment, deleted.  Yields the open index and the folder of files."""
    from polyseek.index import store

    monkeypatch.setattr(store, "merge_policy", lambda writer, segments: segments)
    docs = tmp_path / "docs"
    shutil.copytree(SAMPLES, docs)
    with SearchIndex.create(tmp_path / "ix") as ix:
        ix.add_path(docs)
        changed = docs / "ru-kulibaev-bach-lausanne.txt"
        changed.write_text(changed.read_text(encoding="utf-8") + "\nОлимпийский комитет Японии.\n", encoding="utf-8")
        assert ix.reindex().updated == 1
        s = ix._current_searcher()
        assert len(s.leaf_searchers()) > 1 and s.doc_count_all() > s.doc_count()  # deleted, not merged away
        yield ix, docs


@pytest.fixture(scope="session")
def sample_index_dir(tmp_path_factory) -> Path:
    """An index of corpus/samples, built once per test session (treat it as read-only)."""
    path = tmp_path_factory.mktemp("samples-index") / "ix"
    with SearchIndex.create(path) as ix:
        stats = ix.add_path(SAMPLES)
    assert stats.added == 5 and stats.failed == 0
    return path


def index_of_records(folder: Path, records: list[dict]) -> SearchIndex:
    """A new index at ``folder/ix`` of ``records`` (written to ``folder/docs.jsonl``), open."""
    ix = SearchIndex.create(folder / "ix")
    ix.add_path(write_records(folder / "docs.jsonl", records))
    return ix


def index_of_sentences(folder: Path, rows: list[tuple[str, str, str]]) -> SearchIndex:
    """:func:`index_of_records` of ``(id, lang, text)`` rows, records without a title."""
    return index_of_records(folder, [{"id": i, "lang": lang, "title": "", "text": t} for i, lang, t in rows])


@pytest.fixture
def arabic_index(request, tmp_path):
    """An index of the test module's ``DOCS``, ``(id, Arabic text)`` pairs (:func:`index_of_sentences`)."""
    with index_of_sentences(tmp_path, [(i, "ar", text) for i, text in request.module.DOCS]) as ix:
        yield ix


def word_terms(word: str, **options) -> set[str]:
    """The index terms of ``word`` (``analyze``'s ``options``: ``mode``, ``version``...)."""
    from polyseek.analyzers import analyze

    return set(analyze(word, **options)[0].terms)


def stop_flags(text: str, mode: str = "query", **options) -> list[tuple[str, bool]]:
    """Each word of ``text`` and whether ``analyze`` makes it a stop word (a query's, by default)."""
    from polyseek.analyzers import analyze

    return [(t.surface, t.stopword) for t in analyze(text, mode=mode, **options)]


def highlighted(ix: SearchIndex, query: str, **options) -> dict[str, list[str]]:
    """Each of the top 10 hits' document id and the words its snippet highlights."""
    return {h.doc_id: [h.snippet.text[s:e] for s, e in h.highlights] for h in ix.search(query, limit=10, **options).hits}


@pytest.fixture()
def sample_index(sample_index_dir):
    with SearchIndex.open(sample_index_dir) as ix:
        yield ix


def source_text(path: str) -> str:
    """The decoded text of a source file, as polyseek's offsets see it."""
    return Path(path).read_bytes().decode("utf-8-sig")


def write_records(path: Path, records: list[dict]) -> Path:
    """``records`` as a JSONL file at ``path`` (polyseek's record fields: id, text, lang, title...)."""
    with open(path, "w", encoding="utf-8") as out:
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


def segment_pages_kib(folder: Path) -> int:
    """KiB of ``folder``'s segment files resident in this process's mappings (``/proc/self/smaps``)."""
    total, current = 0, ""
    with open("/proc/self/smaps", encoding="utf-8") as smaps:
        for line in smaps:
            head = line.split()
            if head and "-" in head[0] and len(head) >= 5:
                current = head[5] if len(head) > 5 else ""
            elif head and head[0] == "Rss:" and current.startswith(str(folder)):
                total += int(head[1])
    return total
