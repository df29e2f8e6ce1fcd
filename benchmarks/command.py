"""Whole-command indexing benchmark: ``polyseek index`` against stock Whoosh, as a user runs it.

Each timed run is a fresh process from interpreter start to exit (imports, reading,
analysis, commit), the way a user or a cron job runs ``polyseek index``; the baseline is
a stock Whoosh script doing the same job (``StemmingAnalyzer``, the same stored fields,
one Whoosh document per record or file, see ``indexing.py``).  Rounds alternate the
order of the variants; the figure that counts is each round's ratio to stock Whoosh in
that round (the machine is shared), reported as the median and range over the rounds.

Jobs (``--jobs-set``):

- ``jsonl3000``: 3,000 documents of the scale corpus in one JSONL file, 1,000 per
  language (evenly spaced lines of each language: the corpus is ordered by language);
- ``txt3000``: the same 3,000 documents as 3,000 ``.txt`` files in one folder (title on
  the first line, then the text);
- ``scale``: the whole scale corpus (40,977 documents, 57.6 MB of JSONL);
- small jobs, where worker processes must not cost anything (issue 12: ``-j`` is worth
  a default only if it is never slower): ``samples`` (the five bundled sample files),
  ``txt30``, ``txt300`` and ``jsonl300`` (10 or 100 evenly spaced documents of each language).

Usage::

    python benchmarks/command.py                          # jsonl3000 and txt3000, 5 rounds, -j 1
    python benchmarks/command.py --set scale --rounds 1 --jobs 1 2
    python benchmarks/command.py --before /tmp/polyseek-old   # another checkout in the same rounds
    python benchmarks/command.py --set samples txt30 txt300 jsonl300 --jobs 1 2   # small jobs

Peak RSS is sampled over the process and its workers every 50 ms (sum of RSS).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _bench import REPO, SCALE_CORPUS, compile_bytecode, machine, ratio_summary, run_watched, tree_memory_kib  # noqa: E402

_STOCK_TXT = '''
import sys
from pathlib import Path
sys.path.insert(0, {bench!r})
from indexing import _stock_schema
from whoosh import index as whoosh_index
folder, index_dir = Path(sys.argv[1]), Path(sys.argv[2])
index_dir.mkdir(parents=True)
ix = whoosh_index.create_in(str(index_dir), _stock_schema())
with ix.writer(limitmb=256) as w:
    for path in sorted(folder.rglob("*.txt")):
        raw = path.read_text(encoding="utf-8")
        title, _, text = raw.partition("\\n")
        source = str(path.resolve())
        w.add_document(kind="passage", pid=source + "#0", doc_id=source, source=source, root=str(folder),
                       title=title, text=text, lang="", doc_lang="", passage=0, line=1, char_start=0,
                       char_end=len(text), boilerplate=False)
ix.close()
'''


#: The jobs ``--set`` can measure (see the module's docstring).
SETS = ["samples", "txt30", "txt300", "jsonl300", "jsonl3000", "txt3000", "scale"]


def per_language_slice(corpus: Path, per_lang: int, dest: Path) -> Path:
    """``per_lang`` evenly spaced lines of each language of ``corpus`` (ru, ar, en order)."""
    by_lang: dict[str, list[bytes]] = {}
    for line in corpus.read_bytes().splitlines(keepends=True):
        if line.strip():
            by_lang.setdefault(json.loads(line)["lang"], []).append(line)
    with open(dest, "wb") as out:
        for lang in ("ru", "ar", "en"):
            lines = by_lang.get(lang, [])
            step = len(lines) / per_lang
            for i in range(min(per_lang, len(lines))):
                out.write(lines[int(i * step)])
    return dest


def write_txt_folder(corpus: Path, folder: Path) -> Path:
    """One ``.txt`` file per JSONL record: the title on the first line, then the text."""
    folder.mkdir(parents=True)
    for n, line in enumerate(corpus.read_bytes().splitlines()):
        if line.strip():
            doc = json.loads(line)
            (folder / f"{n:05d}-{doc['lang']}.txt").write_text(f"{doc.get('title') or ''}\n{doc['text']}\n", encoding="utf-8")
    return folder


def run_command(argv: list[str], env: dict[str, str] | None = None, cwd: Path | None = None) -> dict[str, float]:
    """Run a command; its wall seconds, CPU seconds (with its workers) and peak RSS (MiB)."""
    peak = [0]

    def watch(pid: int) -> None:
        peak[0] = max(peak[0], tree_memory_kib(pid)[0])

    _, seconds, cpu = run_watched(argv, watch, 0.05, stdout=subprocess.DEVNULL, env=env, cwd=cwd)
    return {"seconds": seconds, "cpu_seconds": cpu, "peak_rss_mib": peak[0] / 1024.0}


def _variants(args: argparse.Namespace, source: Path, is_txt: bool, tmp: Path) -> list[tuple[str, callable]]:
    bench = str(Path(__file__).resolve().parent)
    if is_txt:
        script = tmp / "stock_txt.py"
        script.write_text(_STOCK_TXT.format(bench=bench), encoding="utf-8")
        stock = [sys.executable, str(script), str(source)]
    else:
        stock = [sys.executable, str(Path(bench) / "indexing.py"), "--child", "stock", "--corpus", str(source), "--index"]
    out = [("stock", lambda ix: run_command([*stock, str(ix)]))]
    codes = [("polyseek", REPO)] + [(b.name, b) for b in args.before or ()]
    for name, code in codes:
        compile_bytecode(code)
        env = dict(os.environ, PYTHONPATH=str(code))
        for jobs in args.jobs:
            cmd = [sys.executable, "-c", "from polyseek.searcher.cli import main; main()", "index", str(source), "-q", "-j", str(jobs)]
            # run from the checkout: ``python -c`` puts the current folder first on sys.path
            run = lambda ix, cmd=cmd, env=env, code=code: run_command([*cmd, "--index", str(ix)], env, code)  # noqa: E731
            out.append((f"{name} -j {jobs}", run))
    return out


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=SCALE_CORPUS, help="the scale corpus (JSONL)")
    ap.add_argument("--set", nargs="+", default=["jsonl3000", "txt3000"], choices=SETS)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--jobs", type=int, nargs="+", default=[1], help="polyseek -j values to measure")
    ap.add_argument("--before", type=Path, nargs="+", help="other polyseek checkouts (named by folder)")
    args = ap.parse_args(argv)
    print(f"{machine()}; {args.rounds} rounds", flush=True)
    with tempfile.TemporaryDirectory(prefix="polyseek-cmd-") as tmpname:
        tmp = Path(tmpname)
        for job in args.set:
            if job == "scale":
                source = args.corpus
            elif job == "samples":
                source = REPO / "corpus" / "samples"
            else:
                size = int(job.removeprefix("jsonl").removeprefix("txt"))
                source = per_language_slice(args.corpus, size // 3, tmp / f"slice{size}.jsonl")
                if job.startswith("txt"):
                    source = write_txt_folder(source, tmp / job)
            variants = _variants(args, source, source.is_dir(), tmp)
            runs: dict[str, list[dict[str, float]]] = {name: [] for name, _ in variants}
            for rnd in range(args.rounds):
                for name, run in variants if rnd % 2 == 0 else variants[::-1]:
                    ix = tmp / "ix"
                    result = run(ix)
                    subprocess.run(["rm", "-rf", str(ix)], check=True)
                    runs[name].append(result)
                    print(
                        f"  {job} round {rnd + 1} {name:<22} {result['seconds']:7.2f} s {result['cpu_seconds']:7.2f} s CPU"
                        f" {result['peak_rss_mib']:5.0f} MiB (load {os.getloadavg()[0]:.1f})",
                        file=sys.stderr, flush=True,
                    )
            print(f"\n{job}: {source.name}; load average at the end {os.getloadavg()[0]:.1f}")
            print("| variant | wall s | CPU s | stock/variant wall | stock/variant CPU | peak RSS MiB |")
            print("|---|---|---|---|---|---|")
            for name, rs in runs.items():
                wall = [a["seconds"] / b["seconds"] for a, b in zip(runs["stock"], rs)]
                cpu = [a["cpu_seconds"] / b["cpu_seconds"] for a, b in zip(runs["stock"], rs)]
                print(
                    f"| {name} | {statistics.median(r['seconds'] for r in rs):.2f} | "
                    f"{statistics.median(r['cpu_seconds'] for r in rs):.2f} | {ratio_summary(wall)} | "
                    f"{ratio_summary(cpu)} | {max(r['peak_rss_mib'] for r in rs):.0f} |"
                )
            for name, rs in runs.items():
                for other in runs:
                    if name != other and name.endswith("-j 1") and other.startswith(name[:-4]) and other != name:
                        speed = [a["seconds"] / b["seconds"] for a, b in zip(rs, runs[other])]
                        print(f"{other} over {name} (wall): {ratio_summary(speed)}")


if __name__ == "__main__":
    main()
