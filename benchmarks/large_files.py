"""Peak memory and time for indexing very large files (not part of the test run).

Builds, in a temporary folder (``--tmp``, default the system's), real text: the bundled
samples and, when the eval collections are there (``../shared/eval/xquad-*``), their
Russian, Arabic and English paragraphs, repeated with numbered paragraphs so the
vocabulary keeps growing. Nothing is written into the repository.

- ``big.txt``        about 50 MB of UTF-8 text in paragraphs (``--mb``);
- ``big-cp1251.txt`` the Russian part of it in cp1251 (legacy encoding detection);
- ``one-line.txt``   about 2 MB on a single line, no newline at all (``--line-mb``);
- ``tiny.txt``       one sentence: the fixed cost of the interpreter and libraries.

Each file is indexed by a fresh ``polyseek index``-equivalent process (the library's
``add_path``, one process) into its own index, and the process's peak resident set size
(``ru_maxrss``, the largest of the process and its children) is printed with the time,
the passages written and the longest passage (read back from the index). Run:

    python benchmarks/large_files.py            # 50 MB + 2 MB, a few minutes
    python benchmarks/large_files.py --mb 5     # quicker
    python benchmarks/large_files.py --sizes 4,16,40 --kinds txt,jsonl,line
    python benchmarks/large_files.py --sizes 4,16 --before /path/to/old/checkout
    python benchmarks/large_files.py --sizes 2000 --kinds txt --paragraphs ../shared/eval/scale/corpus.jsonl

With ``--sizes`` a file of each kind and size (MB) is indexed: ``txt`` (paragraphs),
``jsonl`` (one record per paragraph group, 1-3 KB each) and ``line`` (a single line
without a newline), and the growth of peak RSS per MB of file is printed: about 0 when
reading is streamed (issue 13: at most 400 MiB for a 2 GB file). ``--before DIR`` also
indexes each file with the checkout in ``DIR`` (its folders on ``PYTHONPATH``), in the
same run, for a before/after table.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "corpus" / "samples"
#: The eval collections (``../shared/eval`` of the repository, or of a folder above a worktree).
EVAL = next((p / "shared" / "eval" for p in ROOT.parents if (p / "shared" / "eval").is_dir()), ROOT / "no-eval")


def sample_paragraphs(lang: str | None = None) -> list[str]:
    """Real paragraphs: the samples' lines, and the eval collections' texts when present."""
    out = []
    for path in sorted(SAMPLES.glob("*.txt")):
        if lang and not path.name.startswith(lang):
            continue
        text = path.read_text(encoding="utf-8-sig")
        out.extend(p.strip() for p in text.split("\n") if len(p.strip()) > 40)
    for corpus in sorted(EVAL.glob("xquad-*/corpus.jsonl")):
        if lang and not corpus.parent.name.endswith(lang):
            continue
        for line in corpus.read_text(encoding="utf-8").splitlines():
            out.extend(p.strip() for p in json.loads(line)["text"].split("\n") if len(p.strip()) > 40)
    return out


def jsonl_paragraphs(path: Path) -> list[str]:
    """The paragraphs (blank-line separated, over 40 characters) of a JSONL file's ``text`` fields:
    a real collection's vocabulary, e.g. ``../shared/eval/scale/corpus.jsonl`` or an uncapped
    build of it (its SOURCE.md), so a big file's vocabulary is a real one, not only numbers."""
    out = []
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            text = json.loads(line)["text"]
            out.extend(p.strip() for p in text.split("\n\n") if len(p.strip()) > 40)
    return out


def numbered(paragraphs: list[str]) -> Iterator[str]:
    """Paragraphs without end, numbered so words like "раздел 1234" keep the vocabulary growing."""
    n = 0
    while True:
        yield f"{paragraphs[n % len(paragraphs)]} (раздел {n}, part {n}, قسم {n})"
        n += 1


def write_paragraphs(path: Path, megabytes: float, paragraphs: list[str], encoding: str = "utf-8") -> int:
    target, written = int(megabytes * 1_000_000), 0
    with open(path, "w", encoding=encoding, errors="ignore", newline="\n") as out:
        for paragraph in numbered(paragraphs):
            block = paragraph + "\n\n"
            out.write(block)
            written += len(block.encode(encoding, errors="ignore"))
            if written >= target:
                break
    return path.stat().st_size


def write_jsonl(path: Path, megabytes: float, paragraphs: list[str]) -> int:
    """One record per 1-6 paragraphs, ``{"id", "title", "text"}``, UTF-8 as written by most tools."""
    target, written, record = int(megabytes * 1_000_000), 0, 0
    source = numbered(paragraphs)
    with open(path, "w", encoding="utf-8", newline="\n") as out:
        while written < target:
            text = "\n".join(next(source) for _ in range(1 + record % 6))
            line = json.dumps({"id": f"r{record}", "title": text[:60], "text": text}, ensure_ascii=False) + "\n"
            out.write(line)
            written += len(line.encode())
            record += 1
    return path.stat().st_size


def write_one_line(path: Path, megabytes: float, paragraphs: list[str] | None = None) -> int:
    target, written = int(megabytes * 1_000_000), 0
    with open(path, "w", encoding="utf-8") as out:
        for paragraph in numbered(paragraphs or sample_paragraphs()):
            piece = paragraph + " "
            out.write(piece)
            written += len(piece.encode())
            if written >= target:
                break
    return path.stat().st_size


def child(source: str, index_dir: str) -> None:
    """Run in a fresh process: index ``source`` and print the figures as JSON."""
    started = time.perf_counter()
    cpu = time.process_time()
    if os.environ.get("LARGE_FILES_OLD_NAMES"):  # a checkout from before the package rename (--before)
        from index import KIND_PASSAGE, PassageIndex  # type: ignore[no-redef]
        from searcher import SearchIndex  # type: ignore[no-redef]
    else:
        from polyseek import SearchIndex
        from polyseek.index import KIND_PASSAGE, PassageIndex

    with SearchIndex.create(index_dir) as ix:
        stats = ix.add_path(source)
        index_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # indexing only: the search below is not
        found = ix.search("олимпийский комитет", limit=3)
        hits = found.total
        references = [[h.line, h.char_start, h.char_end] for h in found]
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    pix = PassageIndex.open(index_dir)
    every = max(1, stats.passages // 5)
    with pix.searcher() as s:
        longest = 0
        for n, f in enumerate(s.documents(kind=KIND_PASSAGE)):
            longest = max(longest, f["char_end"] - f["char_start"])
            if n % every == 0 or n == stats.passages - 1:
                references.append([f["line"], f["char_start"], f["char_end"], f["text"]])
    pix.close()
    peak_kib = max(resource.getrusage(who).ru_maxrss for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    print(json.dumps({"seconds": seconds, "cpu": cpu, "passages": stats.passages, "failed": stats.failed,
                      "skipped": stats.skipped, "hits": hits, "longest": longest, "peak_mib": peak_kib / 1024,
                      "index_peak_mib": index_kib / 1024, "references": references}))


def wrong_references(source: Path, references: list[list]) -> list[str]:
    """The passages (``[line, char_start, char_end, text?]``) whose source reference does not
    hold in ``source``, read as a stream: in a ``.txt`` file the span is of the whole file's
    text and ``line`` is 1 + the newlines before ``char_start``; in a JSONL file the span is of
    the record's text on ``line``. Without a text only the line at ``char_start`` is checked."""
    wrong: list[str] = []
    if source.suffix == ".jsonl":
        wanted = {ref[0]: [] for ref in references}
        for ref in references:
            wanted[ref[0]].append(ref)
        with open(source, encoding="utf-8") as lines:
            for number, line in enumerate(lines, 1):
                for ref in wanted.pop(number, []):
                    text = json.loads(line)["text"]
                    if len(ref) > 3 and text[ref[1] : ref[2]] != ref[3] or not 0 <= ref[1] < ref[2] <= len(text):
                        wrong.append(f"line {number}: {ref[:3]}")
        return wrong + [f"no line {ref[0]}" for refs in wanted.values() for ref in refs]
    ends = sorted(references, key=lambda ref: ref[1])
    at, line, pending = 0, 1, []  # characters and newlines read so far; spans open across pieces
    with open(source, encoding="utf-8", newline="") as text:
        while piece := text.read(1 << 20):
            while ends and ends[0][1] < at + len(piece):
                ref = ends.pop(0)
                if line + piece.count("\n", 0, ref[1] - at) != ref[0]:
                    wrong.append(f"line {ref[0]} (the file has {line + piece.count(chr(10), 0, ref[1] - at)}): {ref[:3]}")
                pending.append([ref, ""])
            for span in pending:
                ref = span[0]
                span[1] += piece[max(0, ref[1] - at) : max(0, ref[2] - at)]
            for span in [s for s in pending if s[0][2] <= at + len(piece)]:
                pending.remove(span)
                if len(span[0]) > 3 and span[1] != span[0][3]:
                    wrong.append(f"text at {span[0][:3]} differs")
            line += piece.count("\n")
            at += len(piece)
    return wrong + [f"past the end: {ref[:3]}" for ref in ends] + [f"cut: {s[0][:3]}" for s in pending]


def measure(source: Path, work: Path, checkout: Path | None = None) -> dict:
    index_dir = work / f"ix-{source.stem}-{'before' if checkout else 'now'}"
    env = dict(os.environ)
    if checkout is not None:
        env["PYTHONPATH"] = str(checkout)
        if not (checkout / "polyseek" / "__init__.py").exists():
            env["LARGE_FILES_OLD_NAMES"] = "1"
    done = subprocess.run(
        [sys.executable, __file__, "--child", str(source), str(index_dir)],
        capture_output=True, text=True, env=env, cwd=work,
    )
    subprocess.run(["rm", "-rf", str(index_dir)], check=True)
    if done.returncode != 0:  # say why (a full disk at the final merge, say), not only that it failed
        raise SystemExit(f"indexing {source.name} failed (exit {done.returncode}):\n{done.stderr[-4000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


KINDS: dict[str, tuple[str, Callable[[Path, float, list[str]], int]]] = {
    "txt": (".txt", write_paragraphs),
    "jsonl": (".jsonl", write_jsonl),
    "line": (".txt", write_one_line),
}


def rss_against_size(sizes: list[float], kinds: list[str], work: Path, before: Path | None, more: Path | None) -> None:
    """Index a file of each kind and size; print peak RSS, and its growth per MB of file."""
    paragraphs = sample_paragraphs() + (jsonl_paragraphs(more) if more else [])
    print(f"{len(paragraphs)} distinct paragraphs", flush=True)
    versions: list[tuple[str, Path | None]] = [("now", None)] + ([("before", before)] if before else [])
    print(f"{'file':<6} {'MB':>8} {'version':<7} {'wall s':>8} {'CPU s':>8} {'passages':>9} {'longest':>8} "
          f"{'indexing peak RSS MiB':>22} {'with a search':>14} {'references checked':>18}")
    for kind in kinds:
        suffix, make = KINDS[kind]
        points: dict[str, list[tuple[float, float]]] = {name: [] for name, _ in versions}
        for mb in sizes:
            source = work / f"{kind}-{mb:g}{suffix}"
            size = make(source, mb, paragraphs)
            for name, checkout in versions:
                r = measure(source, work, checkout)
                assert r["failed"] == 0 and r["skipped"] == 0 and r["hits"] >= 1, r
                wrong = wrong_references(source, r["references"])
                assert not wrong, f"{source.name}: source references wrong: {wrong}"
                print(f"{kind:<6} {size / 1e6:>8.1f} {name:<7} {r['seconds']:>8.1f} {r['cpu']:>8.1f} "
                      f"{r['passages']:>9} {r['longest']:>8} {r['index_peak_mib']:>22.0f} {r['peak_mib']:>14.0f} {len(r['references']):>18}", flush=True)
                points[name].append((size / 1e6, r["index_peak_mib"]))
            source.unlink()
        for name, pts in points.items():
            if len(pts) > 1:
                (x0, y0), (x1, y1) = pts[0], pts[-1]
                print(f"{kind:<6} {name}: indexing peak RSS grows {(y1 - y0) / (x1 - x0):.2f} MiB per MB of file "
                      f"({x0:.0f} -> {x1:.0f} MB: {y0:.0f} -> {y1:.0f} MiB)", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mb", type=float, default=50.0, help="size of the big multi-paragraph file")
    parser.add_argument("--line-mb", type=float, default=2.0, help="size of the one-line file")
    parser.add_argument("--sizes", help="comma-separated sizes (MB): peak RSS against file size")
    parser.add_argument("--kinds", default="txt,line", help="with --sizes: txt, jsonl, line (comma-separated)")
    parser.add_argument("--before", type=Path, help="with --sizes: also index each file with this checkout")
    parser.add_argument("--paragraphs", type=Path, help="with --sizes: also the paragraphs of this JSONL file's texts")
    parser.add_argument("--tmp", type=Path, help="where the files are generated (default: the system's temp folder)")
    parser.add_argument("--child", nargs=2, metavar=("SOURCE", "INDEX"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    with tempfile.TemporaryDirectory(dir=args.tmp) as tmp:
        work = Path(tmp)
        if args.sizes:
            before = args.before.resolve() if args.before else None
            rss_against_size([float(s) for s in args.sizes.split(",")], args.kinds.split(","), work, before, args.paragraphs)
            return
        files = {
            "tiny.txt": lambda p: (p.write_text("Олимпийский комитет собрался в Лозанне.\n", encoding="utf-8"), p.stat().st_size)[1],
            "one-line.txt": lambda p: write_one_line(p, args.line_mb),
            "big-cp1251.txt": lambda p: write_paragraphs(p, args.mb / 5, sample_paragraphs("ru"), "cp1251"),
            "big.txt": lambda p: write_paragraphs(p, args.mb, sample_paragraphs()),
        }
        print(f"{'file':<16} {'MB':>7} {'seconds':>8} {'passages':>9} {'longest':>8} {'peak RSS MiB':>13}")
        for name, make in files.items():
            source = work / name
            size = make(source)
            r = measure(source, work)
            assert r["failed"] == 0 and r["skipped"] == 0 and r["hits"] >= 1, r
            print(f"{name:<16} {size / 1e6:>7.1f} {r['seconds']:>8.1f} {r['passages']:>9} {r['longest']:>8} {r['peak_mib']:>13.0f}")
            source.unlink()


if __name__ == "__main__":
    main()
