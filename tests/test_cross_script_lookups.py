"""Cross-script lookups kept per searcher (:class:`searcher.cross_script.Lookups`): the same
answers while the index is unchanged, looked up afresh after a commit (a real index on disk)."""

from __future__ import annotations

from conftest import index_of_records


def test_cross_script_lookups_follow_a_commit(tmp_path) -> None:
    english = {"id": "en", "lang": "en", "title": "", "text": "Timur Kulibayev spoke in Astana."}
    with index_of_records(tmp_path, [english]) as ix:
        assert [h.doc_id for h in ix.search("Kulibayev").hits] == ["en"]
        kept = ix._lookups
        assert kept is not None and [h.doc_id for h in ix.search("Kulibayev").hits] == ["en"]
        assert ix._lookups is kept  # the same searcher: the answers kept
        russian = tmp_path / "ru.jsonl"
        russian.write_text(
            '{"id": "ru", "lang": "ru", "title": "", "text": "Тимур Кулибаев выступил в Астане."}\n', encoding="utf-8"
        )
        ix.add_path(russian)
        hits = ix.search("Kulibayev").hits
        assert ix._lookups is not kept
        assert sorted(h.doc_id for h in hits) == ["en", "ru"]
        assert next(h for h in hits if h.doc_id == "ru").cross_script == {"Kulibayev": ["Кулибаев"]}
