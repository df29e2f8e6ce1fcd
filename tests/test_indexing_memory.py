"""What an indexing run lets go of as it goes (issue 21): the records of the files it reads
once their transaction is committed, a full cache's dropped half before its kept half is copied.

Real files in tmp_path, a real index on disk; the memory figures themselves are measured
by ``benchmarks/index_memory.py``, not here.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from polyseek.analyzers import bounded
from polyseek.corpus.failpoints import ENV
from polyseek.index import PassageIndex, sync
from polyseek.index.heap import give_back
from polyseek.index.scan import scan
from polyseek.searcher import SearchIndex

#: One file a word that only it holds (Russian, Latin and Arabic script).
WORDS = ["Лозанна", "Кулибаев", "олимпиада", "Astana", "committee", "Bach", "قطر", "تضامن", "Токио", "лицензия", "Golovkin", "бокс"]


def _folder(root: Path) -> Path:
    docs = root / "docs"
    docs.mkdir()
    for n, word in enumerate(WORDS):
        (docs / f"{n:02d}.txt").write_text(f"Заметка {n}\n\n{word} упомянут в этой заметке.\n", encoding="utf-8")
    return docs


def test_a_reindex_lets_go_of_committed_records_and_redoes_a_failed_transaction(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    docs = _folder(tmp_path)
    pix = PassageIndex.create(tmp_path / "ix")
    try:
        sync.sync_paths(pix, [docs])
        for n, word in enumerate(WORDS):  # every file changed: each one read again, with its record
            (docs / f"{n:02d}.txt").write_text(f"Заметка {n}, вторая редакция\n\n{word} упомянут снова.\n", encoding="utf-8")
        # the ninth file fails while analysed: its transaction (the third) is redone without it
        monkeypatch.setenv(ENV, "analyse:08.txt")
        seen: list[tuple[int, int, int]] = []  # (first candidate, records held, the first one's place) at each transaction
        transaction = sync._transaction

        def watched(session, todo, first, *args):  # type: ignore[no-untyped-def]
            seen.append((first, len(todo.records), min(todo.records, default=-1)))
            return transaction(session, todo, first, *args)

        monkeypatch.setattr(sync, "_transaction", watched)
        stats = sync.reindex(pix, commit_every=3)
    finally:
        pix.close()
    assert (stats.updated, stats.failed) == (len(WORDS) - 1, 1)
    # every transaction started with the records of the candidates before it let go, the redone one too
    assert len(seen) >= 5 and all(place == first and held == len(WORDS) - first for first, held, place in seen), seen
    assert seen[2][0] == seen[3][0]  # the third transaction, redone from the same file
    with SearchIndex.open(tmp_path / "ix") as six:
        names = {Path(h.source).name for h in six.search("редакция", limit=20, cross_script=False).hits}
        assert names == {f"{n:02d}.txt" for n in range(len(WORDS)) if n != 8}
        for n, word in enumerate(WORDS):  # the failed file's indexed version stays
            names = {Path(h.source).name for h in six.search(word, cross_script=False).hits}
            assert names == {f"{n:02d}.txt"}, word


def test_the_scan_holds_one_string_for_a_files_path_and_real_path(tmp_path: Path) -> None:
    docs = _folder(tmp_path)
    found = scan({str(docs): False})
    assert len(found.files) == len(WORDS)
    for sf in found.files:
        assert sf.path == sf.real == str(docs / Path(sf.path).name)
        assert sf.real is sf.path


def test_a_full_cache_drops_its_older_half_then_calls_back() -> None:
    import polyseek.index.speedups  # noqa: F401  # the writer's module registers give_back

    assert give_back in bounded._after
    cache: dict[int, int] = {}
    sizes: list[int] = []

    def after() -> None:
        sizes.append(len(cache))

    bounded.after_drop(after)
    try:
        for n in range(10):
            bounded.make_room(cache, 4)
            cache[n] = n
    finally:
        bounded._after.remove(after)
    # full at n = 4, 6 and 8: each time the two newer entries kept, then the callback
    assert sizes == [2, 2, 2]
    assert list(cache) == [6, 7, 8, 9] and bounded.inserted(cache) == 10
