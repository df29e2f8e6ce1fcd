"""Start-up benchmark: how long ``polyseek search`` takes from the shell, and what it loads.

Each command runs ``--repeat`` times as a fresh process, the versions interleaved; the
table shows the median wall time and the median CPU time (user + system, of that process
alone: ``os.wait4``), and which heavy libraries the process loaded (pymorphy3 for Cyrillic
words, nltk for Arabic ones: both only when a word is not in the index's word cache;
seen in one more run under ``python -X importtime``, not timed).
Usage::

    python benchmarks/startup.py                        # on an index of corpus/samples
    python benchmarks/startup.py --index /tmp/polyseek-scale-ix
    python benchmarks/startup.py --before /tmp/polyseek-old   # alternating, with ratios

Rows: the bare interpreter (``python -c pass``); ``import polyseek.searcher.cli``; import and
open the index; and ``python -m polyseek search WORD --index DIR`` with a one-word Russian,
Arabic, English and digits query: the whole command as a user runs it (the console script
runs the same code), imports, opening the index, ranking, snippets, printing and the
interpreter's exit.  Without ``--index`` the bundled samples are indexed into a temporary
folder first.  On a loaded machine read the CPU times: a process waiting for a core adds
to its wall time, not to its CPU time.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _bench import REPO, compile_bytecode, machine  # noqa: E402

QUERIES = {"ru": "комитет", "ar": "الأولمبية", "en": "Olympic", "digits": "2020"}


def _cases(index: Path) -> list[tuple[str, list[str]]]:
    """(row, the interpreter's arguments)."""
    cases = [
        ("python -c pass", ["-c", "pass"]),
        ("import polyseek.searcher.cli", ["-c", "import polyseek.searcher.cli"]),
        (
            "import + SearchIndex.open",
            ["-c", f"from polyseek.searcher import SearchIndex\nSearchIndex.open({str(index)!r}).close()"],
        ),
    ]
    for lang, q in QUERIES.items():
        cases.append((f"polyseek search ({lang}: {q})", ["-m", "polyseek", "search", q, "--index", str(index)]))
    return cases


def _run_child(code: Path, args: list[str]) -> tuple[float, float, str]:
    """(wall s, CPU s, stderr) of one fresh process running ``args`` from the checkout ``code``."""
    env = dict(os.environ, PYTHONPATH=str(code))
    started = time.perf_counter()
    # cwd: the checkout itself (``-c`` and ``-m`` put the current folder first on sys.path)
    proc = subprocess.Popen(
        [sys.executable, *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, cwd=code
    )
    with proc.stderr:  # type: ignore[union-attr]
        err = proc.stderr.read()  # type: ignore[union-attr]
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        raise SystemExit(f"{args}: exit {proc.returncode}\n{err.decode(errors='replace')[-2000:]}")
    return wall, usage.ru_utime + usage.ru_stime, err.decode(errors="replace")


def _loads(code: Path, args: list[str]) -> tuple[bool, bool]:
    """Whether the process loads pymorphy3 and nltk (one run under ``-X importtime``)."""
    _, _, err = _run_child(code, ["-X", "importtime", *args])
    loaded = {line.rsplit("|", 1)[-1].strip() for line in err.splitlines() if line.startswith("import time:")}
    return "pymorphy3" in loaded, "nltk" in loaded


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--index", type=Path, help="an existing polyseek index [corpus/samples, indexed now]")
    ap.add_argument("--repeat", type=int, default=10)
    ap.add_argument("--before", type=Path, help="another polyseek checkout to compare with")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    if args.index is None:
        with tempfile.TemporaryDirectory(prefix="polyseek-startup-") as tmp:
            args.index = Path(tmp) / "ix"
            env = dict(os.environ, PYTHONPATH=str(REPO))
            index = f"from polyseek.searcher import SearchIndex\nSearchIndex.create({str(args.index)!r}).add_path({str(REPO / 'corpus' / 'samples')!r})"
            subprocess.run([sys.executable, "-c", index], check=True, env=env)
            _run(args)
        return
    _run(args)


def _run(args: argparse.Namespace) -> None:
    codes = [("now", REPO)] + ([("before", args.before)] if args.before else [])
    for _, code in codes:
        compile_bytecode(code)
    cases = _cases(args.index)
    rows: dict[tuple[str, str], list[tuple[float, float]]] = {}
    for label, argv in cases:
        for i in range(args.repeat):
            for name, code in codes if i % 2 == 0 else codes[::-1]:
                rows.setdefault((label, name), []).append(_run_child(code, argv)[:2])
    loads = {(label, name): _loads(code, argv) for label, argv in cases for name, code in codes}
    if args.json:
        print(json.dumps({f"{k[0]} [{k[1]}]": v for k, v in rows.items()}))
        return
    print(f"{args.repeat} runs each, median wall and CPU (user + system) time of the whole process; {machine()}")
    print(f"load average at the end: {os.getloadavg()[0]:.1f} (wall times mean little when it exceeds the cores)")
    head = " | ".join(f"{name} wall ms | {name} CPU ms" for name, _ in codes)
    ratios = " before/now wall | before/now CPU |" if args.before else ""
    loaded = " loads pymorphy3 | loads nltk |" + (" before: pymorphy3 | before: nltk |" if args.before else "")
    print(f"| command | {head} |{ratios}{loaded}")
    print("|---|" + "---|---|" * len(codes) + ("---|---|" if args.before else "") + "---|---|" * len(codes))
    yes = {True: "yes", False: "no"}
    for label, _ in cases:
        walls = [statistics.median(r[0] for r in rows[(label, name)]) * 1000 for name, _ in codes]
        cpus = [statistics.median(r[1] for r in rows[(label, name)]) * 1000 for name, _ in codes]
        cells = " | ".join(f"{w:.0f} | {c:.0f}" for w, c in zip(walls, cpus))
        ratio = f" {walls[1] / walls[0]:.2f}x | {cpus[1] / cpus[0]:.2f}x |" if args.before else ""
        flags = " ".join(f"{yes[loads[(label, name)][0]]} | {yes[loads[(label, name)][1]]} |" for name, _ in codes)
        print(f"| {label} | {cells} |{ratio} {flags}")


if __name__ == "__main__":
    main()
