"""Two checkouts' ``polyseek index`` commands run side by side: CPU ratios that a loaded machine does not blur.

``command.py`` runs its variants one after another, so on a shared machine each run meets
another load (3,000 documents in one JSONL file: 15.2 to 20.0 s of CPU for the same code
in one run at a load of 5 to 7, where a change of 2 % is to be told apart).  Here each
round starts both checkouts' commands at the same moment, on the same input, so they meet
the same load; the figure is each round's ratio of CPU seconds (user + system, from the
process's own accounting), ``--after`` over ``--before``, as median and range.  The order
in which the two are started alternates between rounds.

Usage::

    python benchmarks/paired.py --before /tmp/main-checkout                       # this checkout against it, jsonl3000 and txt3000
    python benchmarks/paired.py --before OLD --after NEW --set txt3000 --rounds 8
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _bench import REPO, SCALE_CORPUS, compile_bytecode, machine  # noqa: E402
from command import per_language_slice, write_txt_folder  # noqa: E402


def _start(code: Path, source: Path, index_dir: Path) -> subprocess.Popen:
    """``polyseek index SOURCE -j 1`` of the checkout ``code``, run from it."""
    shutil.rmtree(index_dir, ignore_errors=True)
    argv = [sys.executable, "-c", "from polyseek.searcher.cli import main; main()", "index", str(source), "-q", "-j", "1"]
    argv += ["--index", str(index_dir)]
    return subprocess.Popen(argv, cwd=code, env=dict(os.environ, PYTHONPATH=str(code)), stdout=subprocess.DEVNULL)


def paired_round(codes: dict[str, Path], source: Path, tmp: Path, reverse: bool) -> dict[str, float]:
    """Both checkouts' commands started together; name -> CPU seconds."""
    names = list(codes)[::-1] if reverse else list(codes)
    running = {_start(codes[name], source, tmp / f"ix-{name}").pid: name for name in names}
    cpu: dict[str, float] = {}
    while running:
        pid, status, usage = os.wait4(-1, 0)
        name = running.pop(pid, None)
        if name is not None:
            if status:
                raise SystemExit(f"{name}: polyseek index failed ({status})")
            cpu[name] = usage.ru_utime + usage.ru_stime
    return cpu


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--before", type=Path, required=True, help="the checkout to compare against")
    ap.add_argument("--after", type=Path, default=REPO, help="the checkout measured [this one]")
    ap.add_argument("--corpus", type=Path, default=SCALE_CORPUS, help="the scale corpus (JSONL)")
    ap.add_argument("--set", nargs="+", default=["jsonl3000", "txt3000"], choices=["jsonl300", "txt300", "jsonl3000", "txt3000"])
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args()
    codes = {"before": args.before.resolve(), "after": args.after.resolve()}
    for code in codes.values():
        compile_bytecode(code)
    print(f"{machine()}; {args.rounds} paired rounds; after = {codes['after']}, before = {codes['before']}", flush=True)
    with tempfile.TemporaryDirectory(prefix="polyseek-paired-") as tmpname:
        tmp = Path(tmpname)
        for job in args.set:
            size = int(job.removeprefix("jsonl").removeprefix("txt"))
            source = per_language_slice(args.corpus, size // 3, tmp / f"slice{size}.jsonl")
            if job.startswith("txt"):
                source = write_txt_folder(source, tmp / job)
            ratios = []
            for rnd in range(args.rounds):
                cpu = paired_round(codes, source, tmp, reverse=rnd % 2 == 1)
                ratios.append(cpu["after"] / cpu["before"])
                print(
                    f"  {job} round {rnd + 1}: before {cpu['before']:.2f} s, after {cpu['after']:.2f} s CPU,"
                    f" after/before {ratios[-1]:.3f} (load {os.getloadavg()[0]:.1f})",
                    file=sys.stderr, flush=True,
                )
            print(f"{job}: after/before CPU {statistics.median(ratios):.3f} ({min(ratios):.3f}-{max(ratios):.3f}), {len(ratios)} rounds")


if __name__ == "__main__":
    main()
