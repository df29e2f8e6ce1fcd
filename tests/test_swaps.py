"""Files swapped under a running ``polyseek reindex``: never a secret read, never a hang, never a failure.

A real writer process (forked from the test, running the command line) is paused at
one step of its run by a Python audit hook, and the test process, another process,
swaps source files under it before letting it go on. The steps, in run order:

* **after scan**: every root but the last has been walked (the writer is about to
  list ``c-later``); what it found in ``a-docs`` and ``b-linked`` is swapped;
* **after plan**: the writer is about to open a file it planned to read (the ``open``
  event of that path); that file is swapped;
* **during read**: the writer has opened and checked the file and not read a byte
  yet (the ``corpus.open_source`` event, see :mod:`corpus.opening`); it is swapped.

Each swap, one file per kind: a symbolic link to a secret outside every root, the
folder above it replaced by a link to a folder outside, a FIFO (opening it for
reading would block the writer, which holds the index lock, forever), a folder, the
file removed, another regular file renamed over it (an editor's atomic save), and
under a root indexed with ``--follow-links`` the link retargeted to the secret.

The pauses come from the run's own events, so every run is the same: no timing,
no retry loop. A writer that does not finish within :data:`HANG` seconds fails
the test as hung.
"""

from __future__ import annotations

import json
import os
import select
import shutil
import signal
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from polyseek.index.folder import MANIFEST_FILE
from polyseek.searcher.cli import main

pytestmark = pytest.mark.skipif(not hasattr(os, "fork") or not hasattr(os, "mkfifo"), reason="needs fork and FIFOs")

#: Seconds a paused writer has to reach a step, and then to finish.
HANG = 60

SECRET = "zqhsecretq"
BODY = "Национальный олимпийский комитет провёл заседание в Астане. "
KINDS = {  # kind -> the marker word of its rewritten content
    "link": "zqhnbq",
    "dirlink": "zqhncq",
    "fifo": "zqhndq",
    "folder": "zqhnfq",
    "removed": "zqhngq",
    "saved": "zqhnhq",
    "retarget": "zqhnjq",
}
SAVED = "zqhsavedq"


def cli(*args: str):
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result


def hits(ix: Path, word: str) -> list[str]:
    r = cli("search", word, "--index", str(ix), "--json", "--no-suggest")  # a marker one edit away is not this one
    assert r.exit_code == 0, r.output
    return [h["source"] for h in json.loads(r.stdout)["hits"]]


class Tree:
    """Three roots and a folder outside them (see the module doc)."""

    def __init__(self, tmp: Path) -> None:
        self.tmp = tmp
        self.docs, self.linked, self.later = tmp / "a-docs", tmp / "b-linked", tmp / "c-later"
        self.outside = tmp / "outside"
        (self.outside / "sub").mkdir(parents=True)
        (self.outside / "secret.txt").write_text(f"Пароль от сервера: {SECRET}\n", encoding="utf-8")
        (self.outside / "sub" / "a.txt").write_text(f"Секретный отчёт {SECRET}\n", encoding="utf-8")
        (self.outside / "ok.txt").write_text(BODY + "zqhojq\n", encoding="utf-8")
        for kind in KINDS:
            if kind != "retarget":
                (self.docs / kind).mkdir(parents=True)
                (self.docs / kind / "a.txt").write_text(BODY + "zqholdq\n", encoding="utf-8")
        self.linked.mkdir()
        (self.linked / "ext.txt").symlink_to(self.outside / "ok.txt")
        self.later.mkdir()
        (self.later / "c.txt").write_text("Сборная Казахстана по боксу начала сборы.\n", encoding="utf-8")

    def target(self, kind: str) -> Path:
        return self.linked / "ext.txt" if kind == "retarget" else self.docs / kind / "a.txt"

    def rewrite(self) -> None:
        """New content in every target: each is a file the next run must read."""
        for kind, word in KINDS.items():
            real = self.outside / "ok.txt" if kind == "retarget" else self.target(kind)
            real.write_text(BODY + f"Обновлено: {word} и ещё немного текста.\n", encoding="utf-8")

    def swap(self, kind: str) -> None:
        """Replace the target of ``kind`` the way a busy (or hostile) file server would."""
        target = self.target(kind)
        spare = target.with_name(".swap")
        if kind == "link":
            spare.symlink_to(self.outside / "secret.txt")
            spare.rename(target)
        elif kind == "dirlink":
            target.parent.rename(self.tmp / "old-dirlink")
            target.parent.symlink_to(self.outside / "sub", target_is_directory=True)
        elif kind == "fifo":
            os.mkfifo(spare)
            spare.rename(target)
        elif kind == "folder":
            target.unlink()
            target.mkdir()
        elif kind == "removed":
            target.unlink()
        elif kind == "saved":
            spare.write_text(BODY + f"Сохранено редактором: {SAVED}.\n", encoding="utf-8")
            spare.rename(target)
        elif kind == "retarget":
            spare.symlink_to(self.outside / "secret.txt")
            spare.rename(target)


def _pause_key(step: str, tree: Tree, event: str, args: tuple) -> str | None:
    """Which swap the writer's event calls for: ``"all"``, a target path, or None."""
    if step == "after scan":
        if event == "os.scandir" and args and args[0] is not None and os.fsdecode(args[0]) == str(tree.later):
            return "all"
        return None
    wanted = "open" if step == "after plan" else "corpus.open_source"
    if event == wanted and args and isinstance(args[0], (str, bytes, os.PathLike)):
        path = os.fsdecode(args[0])
        if any(path == str(tree.target(kind)) for kind in KINDS):
            return path
    return None


def run_paused(argv: list[str], step: str, tree: Tree, out: Path, err: Path) -> tuple[int, list[str]]:
    """Run the command line in a forked writer that pauses at ``step``; swap in this process.

    Returns the writer's exit code and the pause keys in the order they came.
    """
    ready_r, ready_w = os.pipe()
    go_r, go_w = os.pipe()
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:  # the writer
        code = 98
        try:
            os.close(ready_r)
            os.close(go_w)
            for fd, path in ((1, out), (2, err)):
                os.dup2(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644), fd)
            sys.stdout = open(1, "w", encoding="utf-8", closefd=False, buffering=1)
            sys.stderr = open(2, "w", encoding="utf-8", closefd=False, buffering=1)
            seen: set[str] = set()

            def hook(event: str, args: tuple) -> None:
                key = _pause_key(step, tree, event, args)
                if key is not None and key not in seen:
                    seen.add(key)
                    os.write(ready_w, key.encode() + b"\n")
                    os.read(go_r, 1)  # wait until the other process has swapped

            sys.addaudithook(hook)
            try:
                main(argv, prog_name="polyseek")
                code = 0
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else 1
            except BaseException:  # noqa: BLE001 - shown through the exit code and stderr
                import traceback

                traceback.print_exc()
                code = 99
            sys.stdout.flush()
            sys.stderr.flush()
        finally:
            os._exit(code)
    os.close(ready_w)
    os.close(go_r)
    keys: list[str] = []
    pending = b""
    try:
        while True:
            ready, _, _ = select.select([ready_r], [], [], HANG)
            if not ready:
                raise AssertionError(f"the writer hung ({step}); stderr: {err.read_text()}")
            chunk = os.read(ready_r, 4096)
            if not chunk:
                break  # the writer finished
            pending += chunk
            while b"\n" in pending:
                line, pending = pending.split(b"\n", 1)
                key = line.decode()
                keys.append(key)
                for kind in KINDS:
                    if key == "all" or key == str(tree.target(kind)):
                        tree.swap(kind)
                os.write(go_w, b"g")
        deadline = time.monotonic() + HANG
        while (done := os.waitpid(pid, os.WNOHANG))[0] == 0:
            if time.monotonic() > deadline:
                raise AssertionError(f"the writer hung ({step}); stderr: {err.read_text()}")
            time.sleep(0.01)
        status = done[1]
        pid = 0
    finally:
        if pid:
            os.kill(pid, signal.SIGKILL)  # our own child, not yet reaped
            os.waitpid(pid, 0)
        os.close(ready_r)
        os.close(go_w)
    return (os.WEXITSTATUS(status) if os.WIFEXITED(status) else -os.WTERMSIG(status)), keys


def skipped_at_the_step(tree: Tree, kind: str) -> str:
    """The writer's stderr line for the target of ``kind`` swapped before it was opened."""
    target = tree.target(kind)
    reasons = {
        "link": "replaced by a symbolic link since the scan; not followed",
        "dirlink": f"now leads to {tree.outside / 'sub' / 'a.txt'}, not the file planned at {target}; not read",
        "fifo": "not a regular file (a FIFO); not read",
        "folder": "vanished (a folder now)",
        "removed": "no such file (vanished before it could be read)",
        "retarget": f"now leads to {tree.outside / 'secret.txt'}, not the file planned at {tree.outside / 'ok.txt'}; not read",
    }
    return f"polyseek: skipped {target}: {reasons[kind]}"


@pytest.mark.parametrize("step", ["after scan", "after plan", "during read"])
def test_files_swapped_under_a_running_reindex(tmp_path: Path, step: str) -> None:
    tree = Tree(tmp_path)
    ix = tmp_path / "ix"
    assert cli("index", str(tree.docs), str(tree.later), "--index", str(ix)).exit_code == 0
    assert cli("index", str(tree.linked), "--index", str(ix), "--follow-links").exit_code == 0
    assert len(hits(ix, "zqholdq")) == 6 and len(hits(ix, "zqhojq")) == 1
    tree.rewrite()
    # the swaps are timed by the full run's walk: without a manifest (index/manifest.py) no
    # walk comes before it (with one, the first walk finds the rewritten files and falls back)
    (ix / MANIFEST_FILE).unlink()

    out, err = tmp_path / "out.txt", tmp_path / "err.txt"
    code, keys = run_paused(["reindex", "--index", str(ix), "--lock-timeout", "5"], step, tree, out, err)
    stderr = err.read_text(encoding="utf-8")
    assert code == 0 and "Traceback" not in stderr, stderr
    targets = sorted(str(tree.target(kind)) for kind in KINDS)
    assert sorted(keys) == (["all"] if step == "after scan" else targets)

    assert hits(ix, SECRET) == []
    lines = stderr.splitlines()
    for kind, word in KINDS.items():
        target = str(tree.target(kind))
        said = [line for line in lines if target in line]
        if step == "during read":  # opened and checked before the swap: the planned file is read
            assert hits(ix, word) == [target] and said == [], (kind, stderr)
        elif kind == "saved":  # a regular file in the same place: the new one is read
            assert hits(ix, word) == [] and hits(ix, SAVED) == [target] and said == [], stderr
        else:  # never read; what was indexed from it is gone
            assert said == [skipped_at_the_step(tree, kind)], (kind, stderr)
            assert hits(ix, word) == [], kind
    assert hits(ix, "zqholdq") == []

    # The lock was let go, and the next run converges to what is on disk.
    r = cli("reindex", "--index", str(ix), "--lock-timeout", "5", "--json")
    assert r.exit_code == 0, r.output
    # only where the user asked for links to be followed, and only once the scan sees it
    assert hits(ix, SECRET) == [str(tree.target("retarget"))]
    assert hits(ix, SAVED) == [str(tree.target("saved"))]
    for kind, word in KINDS.items():
        assert hits(ix, word) == [], (kind, r.output)
    shutil.rmtree(tmp_path / "old-dirlink", ignore_errors=True)
