"""Start-up benchmark: how long ``polyseek search`` takes from the shell, and what it loads.

Each command runs ``--repeat`` times in a fresh interpreter; the table shows the median
wall time and which heavy libraries the process loaded (pymorphy3 for Cyrillic words,
nltk for Latin ones: both are loaded only when a query or a snippet needs them).
Usage::

    python benchmarks/startup.py                        # on an index of corpus/samples
    python benchmarks/startup.py --index /tmp/polyseek-scale-ix
    python benchmarks/startup.py --before /tmp/polyseek-old   # alternating, with ratios

Rows: the bare interpreter; ``import polyseek.searcher.cli`` (what every command imports); open the
index; and ``polyseek search`` with a one-word Russian, Arabic, English and digits query
(the whole command: imports, analyzers, opening the index, ranking, snippets).  Without
``--index`` the bundled samples are indexed into a temporary folder first.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _bench import REPO, compile_bytecode, machine  # noqa: E402

QUERIES = {"ru": "комитет", "ar": "الأولمبية", "en": "Olympic", "digits": "2020"}

_PROBE = """
import sys, time
t = time.perf_counter()
{body}
print("__PROBE__", time.perf_counter() - t, "pymorphy3" in sys.modules, "nltk" in sys.modules)
"""


def _cases(index: Path) -> list[tuple[str, str]]:
    cases = [
        ("python -c pass", "pass"),
        ("import polyseek.searcher.cli", "import polyseek.searcher.cli"),
        ("import + SearchIndex.open", f"from polyseek.searcher import SearchIndex\nSearchIndex.open({str(index)!r}).close()"),
    ]
    for lang, q in QUERIES.items():
        body = (
            "from polyseek.searcher.cli import main\n"
            f"try:\n    main(['search', {q!r}, '--index', {str(index)!r}])\nexcept SystemExit:\n    pass"
        )
        cases.append((f"polyseek search ({lang}: {q})", body))
    return cases


def _measure(code: Path, body: str) -> tuple[float, bool, bool, float]:
    """(wall s, loaded pymorphy3, loaded nltk, CPU s) of one fresh process."""
    env = dict(os.environ, PYTHONPATH=str(code))
    cpu_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    # cwd: the checkout itself (``python -c`` puts the current folder first on sys.path)
    proc = subprocess.run([sys.executable, "-c", _PROBE.format(body=body)], capture_output=True, text=True, env=env, cwd=code)
    wall = time.perf_counter() - started
    cpu_after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = cpu_after.ru_utime + cpu_after.ru_stime - cpu_before.ru_utime - cpu_before.ru_stime
    if proc.returncode:
        raise SystemExit(proc.stderr[-2000:])
    line = [ln for ln in proc.stdout.splitlines() if ln.startswith("__PROBE__")][-1].split()
    return wall, line[2] == "True", line[3] == "True", cpu


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
    rows = {}
    for label, body in _cases(args.index):
        for i in range(args.repeat):
            for name, code in codes if i % 2 == 0 else codes[::-1]:
                rows.setdefault((label, name), []).append(_measure(code, body))
    if args.json:
        print(json.dumps({f"{k[0]} [{k[1]}]": v for k, v in rows.items()}))
        return
    print(f"{args.repeat} runs each, median wall and CPU (user + system) time of the whole process; {machine()}")
    print(f"load average at the end: {os.getloadavg()[0]:.1f} (wall times mean little when it exceeds the cores)")
    head = " | ".join(f"{name} ms | {name} CPU ms" for name, _ in codes)
    ratios = " before/now wall | before/now CPU |" if args.before else ""
    loads = " loads pymorphy3 | loads nltk |" + (" before: pymorphy3 | before: nltk |" if args.before else "")
    print(f"| command | {head} |{ratios}{loads}")
    print("|---|" + "---|---|" * len(codes) + ("---|---|---|---|" if args.before else "") + "---|---|")
    for label, _ in _cases(args.index):
        meds = [statistics.median(r[0] for r in rows[(label, name)]) * 1000 for name, _ in codes]
        cpus = [statistics.median(r[3] for r in rows[(label, name)]) * 1000 for name, _ in codes]
        _, morph, nltk, _ = rows[(label, "now")][0]
        ratio = f" {meds[1] / meds[0]:.2f}x |" if args.before else ""
        cells = " | ".join(f"{m:.0f} | {c:.0f}" for m, c in zip(meds, cpus))
        if args.before:
            ratio += f" {cpus[1] / cpus[0]:.2f}x |"
        before = rows[(label, "before")][0][1:3] if args.before else None
        loads = f"{'yes' if morph else 'no'} | {'yes' if nltk else 'no'} |"
        if before is not None:
            loads += f" {'yes' if before[0] else 'no'} | {'yes' if before[1] else 'no'} |"
        print(f"| {label} | {cells} |{ratio} {loads}")


if __name__ == "__main__":
    main()
