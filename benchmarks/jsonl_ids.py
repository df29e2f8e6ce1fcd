"""Memory and CPU of a JSONL file's duplicate-id check (``SeenIds``) against the number of ids.

Each count runs in a fresh process: that many distinct ids (shaped like real ones,
``doc-0123456789-N``) are looked up and added as the JSONL reader does, and the growth
of the process's peak resident set size over what it held after the imports is printed
with the CPU time. ``--before DIR`` also runs another checkout's ``SeenIds`` (its
folders on ``PYTHONPATH``), interleaved:

    python benchmarks/jsonl_ids.py --ids 200000 1000000 2000000 --before /tmp/old
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path


def peak_kib() -> int:
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmHWM"))


def child(count: int) -> None:
    from polyseek.corpus.jsonl import SeenIds

    start_kib, cpu = peak_kib(), time.process_time()
    seen = SeenIds()
    for n in range(count):
        doc_id = f"doc-{(n * 2654435761) % (1 << 32):010d}-{n}"
        if seen.first_line(doc_id) is None:
            seen.add(doc_id, n + 1)
    print(json.dumps({"cpu": time.process_time() - cpu, "grown_mib": (peak_kib() - start_kib) / 1024}))


def measure(count: int, checkout: Path | None) -> dict:
    env = dict(os.environ)
    if checkout is not None:
        env["PYTHONPATH"] = str(checkout)
    done = subprocess.run([sys.executable, __file__, "--child", str(count)], capture_output=True, text=True, check=True, env=env)
    return json.loads(done.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--ids", type=int, nargs="+", default=[200_000, 1_000_000])
    parser.add_argument("--before", type=Path, help="another checkout, measured in the same run")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child is not None:
        child(args.child)
        return
    versions = [("now", None)] + ([("before", args.before.resolve())] if args.before else [])
    print(f"{'ids':>10} {'version':<7} {'CPU s':>7} {'us an id':>9} {'peak RSS growth MiB':>20}")
    for count in args.ids:
        for name, checkout in versions:
            r = measure(count, checkout)
            print(f"{count:>10} {name:<7} {r['cpu']:>7.2f} {r['cpu'] / count * 1e6:>9.1f} {r['grown_mib']:>20.1f}", flush=True)


if __name__ == "__main__":
    main()
