"""Parallel indexing (index/pipeline.py) builds the same index as one process, or nothing at all."""

from __future__ import annotations

import dataclasses
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from polyseek.corpus import Document, read_path
from polyseek.index import IndexWriteError, PassageIndex, SourceFailedError, pipeline
from polyseek.searcher import SearchIndex

QUERIES = ["олимпийский комитет", "اللجنة الأولمبية", "Olympic committee", '"олимпийского комитета"', "Бах -Лозанна"]


def _index_content(path: Path) -> dict[str, tuple]:
    """pid -> (stored fields, sorted (field, term, weight, posting value)) over all segments.

    Whoosh numbers documents per segment, so indexes are compared by what each passage holds.
    """
    from whoosh import index as whoosh_index

    with whoosh_index.open_dir(str(path)).reader() as r:
        # a passage by its document and number, a file or root record by its pid
        pids = {n: f.get("pid") or f"{f['doc_id']}#{f['passage']}" for n, f in r.iter_docs()}
        stored = {pids[n]: {k: v for k, v in f.items() if k not in ("indexed_at", "mtime_ns", "checked_ns")} for n, f in r.iter_docs()}
        postings: dict[str, list] = {pid: [] for pid in pids.values()}
        for fieldname, term in r.all_terms():
            m = r.postings(fieldname, term)
            while m.is_active():
                postings[pids[m.id()]].append((fieldname, term, m.weight(), m.value()))
                m.next()
    return {pid: (stored[pid], sorted(postings[pid])) for pid in stored}


def test_parallel_index_equals_sequential_index(samples_dir: Path, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(pipeline, "START_CHARS", 0)  # start the worker even for 5 small files
    monkeypatch.setattr(pipeline, "MIN_JOB_BYTES", 0)  # and even though they are small
    monkeypatch.setattr(pipeline, "BATCH_CHARS", 2000)  # and give both processes some batches
    for name, jobs in (("seq", 1), ("par", 2)):
        with SearchIndex.create(tmp_path / name) as ix:
            assert ix.add_path(samples_dir, jobs=jobs).added == 5
    assert _index_content(tmp_path / "par") == _index_content(tmp_path / "seq")
    with SearchIndex.open(tmp_path / "seq") as seq, SearchIndex.open(tmp_path / "par") as par:
        assert par.info().segments > seq.info().segments  # the workers wrote segments of their own
        for q in QUERIES:
            a, b = seq.search(q, limit=20), par.search(q, limit=20)
            assert a.total == b.total
            # (scores are not compared: Whoosh's DisjunctionMaxMatcher.score() takes the max
            # of both sides even when they stand on different passages, so a query with a
            # homonym or a cross-script spelling scores by the segment layout)
            assert sorted(h.doc_id for h in a) == sorted(h.doc_id for h in b)


def test_jsonl_through_the_pipeline_matches_and_is_searchable(samples_dir: Path, tmp_path: Path) -> None:
    # a JSONL file of many real passages: workers start once 1,000 characters wait
    corpus = tmp_path / "c.jsonl"
    import json

    lines = []
    for doc in read_path(samples_dir):
        for p in doc.passages:
            lines.append(json.dumps({"id": f"{Path(doc.id).name}#{p.number}", "text": p.text}, ensure_ascii=False))
    corpus.write_text("\n".join(lines) + "\n", encoding="utf-8")
    for name, jobs, start in (("seq", 1, 0), ("par", 2, 1000)):
        pix = PassageIndex.create(tmp_path / name)
        with pix.writer(jobs=jobs, start_chars=start) as w:
            from polyseek.corpus import read_file

            docs = read_file(corpus)
            for i in range(0, len(docs), 7):
                w.add_documents(docs[i : i + 7])
        pix.close()
    assert _index_content(tmp_path / "par") == _index_content(tmp_path / "seq")
    with SearchIndex.open(tmp_path / "par") as ix:
        assert ix.search("олимпийский комитет").total >= 1


def _side_frequencies(path: Path) -> dict[tuple[str, bytes], float]:
    from whoosh import index as whoosh_index

    from polyseek.index.schema import SIDE_FIELDS

    with whoosh_index.open_dir(str(path)).reader() as r:
        return {(f, t): r.frequency(f, t) for f, t in r.all_terms() if f in SIDE_FIELDS}


def test_a_big_file_is_split_between_the_processes(samples_dir: Path, tmp_path: Path, monkeypatch) -> None:
    # one JSONL file of many documents (a collection): its documents are shared out between
    # the processes; the side fields then sit on each part's first passage, with the same counts
    import json

    from polyseek.index.schema import SIDE_FIELDS

    corpus = tmp_path / "corpus" / "c.jsonl"
    corpus.parent.mkdir()
    lines = [
        json.dumps({"id": f"{Path(doc.id).name}#{p.number}", "title": doc.title, "text": p.text}, ensure_ascii=False)
        for doc in read_path(samples_dir)
        for p in doc.passages
    ]
    corpus.write_text("\n".join(lines) + "\n", encoding="utf-8")
    monkeypatch.setattr(pipeline, "START_CHARS", 0)
    monkeypatch.setattr(pipeline, "MIN_JOB_BYTES", 0)  # and even though they are small
    monkeypatch.setattr(pipeline, "BATCH_CHARS", 2000)
    for name, jobs in (("seq", 1), ("par", 2)):
        with SearchIndex.create(tmp_path / name) as ix:
            assert ix.add_path(corpus.parent, jobs=jobs).added == 1
    seq, par = _index_content(tmp_path / "seq"), _index_content(tmp_path / "par")
    assert seq.keys() == par.keys()

    def without_side(postings: list) -> list:
        return [p for p in postings if p[0] not in SIDE_FIELDS]

    assert all(seq[pid][0] == par[pid][0] and without_side(seq[pid][1]) == without_side(par[pid][1]) for pid in seq)
    holders = [pid for pid in par if any(p[0] in SIDE_FIELDS for p in par[pid][1])]
    assert len(holders) > 1  # the file was indexed in several parts
    assert _side_frequencies(tmp_path / "par") == _side_frequencies(tmp_path / "seq")
    with SearchIndex.open(tmp_path / "seq") as a, SearchIndex.open(tmp_path / "par") as b:
        for q in [*QUERIES, "Kulibayev", "комитта", "Olimpic"]:
            x, y = a.search(q, limit=20), b.search(q, limit=20)
            assert (x.total, x.suggestion) == (y.total, y.suggestion)
            assert [(h.doc_id, round(h.score, 6), h.cross_script) for h in x] == [
                (h.doc_id, round(h.score, 6), h.cross_script) for h in y
            ]
        # the side fields were used: a cross-script match and a suggestion
        assert any(h.cross_script for h in b.search("Kulibayev"))
        assert b.search("комитта").suggestion == "комитета"


def test_a_session_goes_parallel_once_and_its_next_transactions_fork_again(samples_dir: Path, tmp_path: Path) -> None:
    # batched commits of a big job: after the first transaction went parallel, the next
    # ones do from their first passage, and the writer is left without threads (a process
    # running threads would spawn its workers instead of forking them: slower, cold caches)
    import threading

    docs = list(read_path(samples_dir))
    half = sum(len(p.text) for d in docs for p in d.passages) // 2
    pix = PassageIndex.create(tmp_path / "ix")
    threads = threading.active_count()  # (other tests may have left some)
    with pix.write_session(jobs=2, start_chars=half) as session:
        first = session.begin()
        first.add_documents(docs)
        assert first._pipeline.started
        first.commit()
        assert threading.active_count() == threads  # the queues' feeder threads are gone
        second = session.begin()
        second.add_documents([dataclasses.replace(d, id=f"again-{d.id}", source=f"{d.source}.again") for d in docs[:1]])
        assert second._pipeline.started  # far fewer than `half` characters
        second.commit()
    assert pix.passage_count() == sum(len(d.passages) for d in docs) + len(docs[0].passages)


def test_a_failing_batch_leaves_the_index_as_it_was(samples_dir: Path, tmp_path: Path) -> None:
    path = tmp_path / "ix"
    with SearchIndex.create(path) as ix:
        ix.add_path(samples_dir)
    before_files = sorted(p.name for p in path.iterdir())
    good = list(read_path(samples_dir))
    # a title that is not text (a caller's bug) fails in Whoosh, in whichever process indexes it
    broken = [dataclasses.replace(d, id=f"broken-{i}", title=42) for i, d in enumerate(good * 4)]
    pix = PassageIndex.open(path)
    with pytest.raises((IndexWriteError, SourceFailedError, ValueError)):
        with pix.writer(jobs=2, start_chars=0) as w:
            w.add_documents(broken)
    pix.close()
    # what is left is only the transaction writer's own unfinished segment, as with jobs=1
    # (Whoosh removes it at the next commit); the segments of the parallel indexing are gone
    leftover = {name.split(".")[0] for name in {p.name for p in path.iterdir()} - set(before_files)}
    assert len(leftover) <= 1
    with SearchIndex.open(path) as ix:
        assert ix.info().passages == PassageIndex.open(path).passage_count()
        assert ix.search("олимпийский комитет").total >= 1
        assert not any(h.doc_id.startswith("broken") for h in ix.search("олимпийский", limit=50))


def test_a_failed_worker_does_not_keep_the_writer_from_exiting(samples_dir: Path, tmp_path: Path) -> None:
    # the worker dies on its first batch; batches larger than a pipe's buffer are still
    # queued for it: the writing process reports the failure and exits, without waiting
    # for a reader that will never come
    import subprocess
    import sys

    path = tmp_path / "ix"
    with SearchIndex.create(path) as ix:
        ix.add_path(samples_dir)
    code = (
        "import dataclasses\n"
        "from polyseek.corpus import read_path\n"
        "from polyseek.index import PassageIndex, pipeline\n"
        "pipeline.BATCH_CHARS = 50_000\n"
        f"docs = list(read_path({str(samples_dir)!r})) * 30\n"
        "broken = [dataclasses.replace(d, id=f'b{i}', date=42) for i, d in enumerate(docs)]\n"
        f"pix = PassageIndex.open({str(path)!r})\n"
        "try:\n"
        "    with pix.writer(jobs=2, start_chars=0) as w:\n"
        "        w.add_documents(broken)\n"
        "except Exception as exc:\n"
        "    print(type(exc).__name__)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and done.stdout.strip() in ("IndexWriteError", "SourceFailedError", "ValueError"), done.stderr[-2000:]
    with SearchIndex.open(path) as ix:
        assert ix.search("олимпийский комитет").total >= 1


def test_small_input_never_starts_workers(samples_dir: Path, tmp_path: Path) -> None:
    # below START_CHARS the pipeline indexes in-process: one segment, like jobs=1
    with SearchIndex.create(tmp_path / "one") as ix:
        ix.add_path(samples_dir, jobs=1)
        one = ix.info().segments
    with SearchIndex.create(tmp_path / "ix") as ix:
        ix.add_path(samples_dir, jobs=2)
        assert ix.info().segments == one


def test_a_job_below_min_job_bytes_starts_no_worker(samples_dir: Path, tmp_path: Path, monkeypatch) -> None:
    # the files' size decides, before anything is read: the same five files go parallel
    # (START_CHARS 0: at once) when they hold MIN_JOB_BYTES, and not one byte less
    monkeypatch.setattr(pipeline, "START_CHARS", 0)
    monkeypatch.setattr(pipeline, "BATCH_CHARS", 2000)
    size = sum(p.stat().st_size for p in samples_dir.glob("*.txt"))
    segments = {}
    for name, jobs, threshold in (("one", 1, 0), ("at", 2, size), ("above", 2, size + 1)):
        monkeypatch.setattr(pipeline, "MIN_JOB_BYTES", threshold)
        with SearchIndex.create(tmp_path / name) as ix:
            ix.add_path(samples_dir, jobs=jobs)
            segments[name] = ix.info().segments
    assert segments["above"] == segments["one"] < segments["at"], segments
    assert _index_content(tmp_path / "at") == _index_content(tmp_path / "above") == _index_content(tmp_path / "one")


def test_document_type_is_unchanged() -> None:
    # the pipeline pickles Documents to its workers
    import pickle

    doc = Document(id="a", source="/a", title="T", text="Привет", lang="ru", passages=())
    assert pickle.loads(pickle.dumps(doc)) == doc


def test_spawned_workers_when_the_writer_runs_threads(samples_dir: Path, tmp_path: Path, monkeypatch) -> None:
    # a process with several threads must not fork: the workers are spawned, same index
    import threading

    monkeypatch.setattr(pipeline, "START_CHARS", 0)
    monkeypatch.setattr(pipeline, "MIN_JOB_BYTES", 0)  # and even though they are small
    monkeypatch.setattr(pipeline, "BATCH_CHARS", 2000)
    errors: list[BaseException] = []

    def run() -> None:
        try:
            assert threading.active_count() > 1
            assert pipeline._context().get_start_method() == "spawn"
            with SearchIndex.create(tmp_path / "par") as ix:
                ix.add_path(samples_dir, jobs=2)
        except BaseException as exc:  # reported to the test thread
            errors.append(exc)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    assert not errors, errors
    with SearchIndex.open(tmp_path / "par") as ix:
        # the transaction's and the writing process's; a spawned worker takes about a
        # second to start, by then the writer has indexed (or taken back) every batch
        assert ix.info().segments >= 2
    with SearchIndex.create(tmp_path / "seq") as ix:
        ix.add_path(samples_dir, jobs=1)
    assert _index_content(tmp_path / "par") == _index_content(tmp_path / "seq")


def test_cli_jobs_option(samples_dir: Path, tmp_path: Path, monkeypatch) -> None:
    import json

    from click.testing import CliRunner

    from polyseek.searcher.cli import main

    monkeypatch.setattr(pipeline, "START_CHARS", 0)
    monkeypatch.setattr(pipeline, "MIN_JOB_BYTES", 0)  # and even though they are small
    infos = []
    for jobs in ("1", "2"):
        ix = str(tmp_path / f"ix{jobs}")
        result = CliRunner().invoke(main, ["index", str(samples_dir), "--index", ix, "-j", jobs, "-q"])
        assert result.exit_code == 0, result.output
        info = json.loads(CliRunner().invoke(main, ["info", "--index", ix, "--json"]).output)
        infos.append((info["documents"], info["passages"], info["languages"]))
    assert infos[0] == infos[1]
    bad = CliRunner().invoke(main, ["index", str(samples_dir), "--index", str(tmp_path / "x"), "-j", "-1"])
    assert bad.exit_code == 2 and "Traceback" not in bad.output


def test_without_a_writable_dev_shm_parallel_indexing_falls_back_to_one_process(samples_dir: Path, tmp_path: Path) -> None:
    # the worker queues' semaphores live in /dev/shm; where it is read-only or missing (some
    # containers), the default of one process per core must still index: in this process
    # alone. A real read-only /dev/shm, in a mount namespace of the test's own.
    if shutil.which("unshare") is None or subprocess.run(["unshare", "-m", "true"], capture_output=True).returncode:
        pytest.skip("no mount namespaces here")
    code = (
        "import sys\n"
        "from polyseek.index import pipeline\n"
        "pipeline.START_CHARS = pipeline.MIN_JOB_BYTES = 0  # parallel even for the five samples\n"
        "from polyseek.searcher.cli import main\n"
        "main(['index', sys.argv[1], '--index', sys.argv[2], '-j', '2', '-q'])\n"
    )
    ix = tmp_path / "ix"
    done = subprocess.run(
        ["unshare", "-m", "sh", "-c", 'mount -t tmpfs -o ro tmpfs /dev/shm && exec "$0" "$@"',
         sys.executable, "-c", code, str(samples_dir), str(ix)],
        capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    with SearchIndex.create(tmp_path / "seq") as seq:
        seq.add_path(samples_dir, jobs=1)
    assert _index_content(ix) == _index_content(tmp_path / "seq")
