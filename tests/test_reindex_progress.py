"""The progress bar: on a terminal (a real pseudo-terminal here), never when piped or quiet."""

from __future__ import annotations

import fcntl
import os
import pty
import re
import struct
import subprocess
import sys
import termios

from textcorpus import write_corpus

# The bar appears once a run has lasted PROGRESS_DELAY seconds; 0 shows it at once.
RUN_CLI = "import sys, searcher.cli as c; c.PROGRESS_DELAY = 0; c.main(sys.argv[1:], prog_name='polyseek')"


def _on_a_terminal(*args: str) -> tuple[int, str]:
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 120, 0, 0))
    proc = subprocess.Popen([sys.executable, "-c", RUN_CLI, *args], stdin=slave, stdout=slave, stderr=slave)
    os.close(slave)
    out = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # EIO: the terminal's other end is closed
            break
        if not chunk:
            break
        out += chunk
    os.close(master)
    return proc.wait(), out.decode("utf-8", errors="replace").replace("\r\n", "\n")  # the tty's newlines


def test_progress_bar_on_a_terminal_shows_files_passages_and_rate(tmp_path):
    write_corpus(tmp_path / "docs", 150, seed=1)
    code, out = _on_a_terminal("index", str(tmp_path / "docs"), "--index", str(tmp_path / "ix"))
    assert code == 0, out
    frames = out.split("\r")
    assert any(re.search(r"indexing: .*\b[1-9]\d*/150 \[.*file/s, [1-9]\d* passages, \d+ passages/s\]", f) for f in frames), out
    assert "indexed: 150 added" in frames[-1]


def test_no_progress_bar_when_quiet_on_a_terminal(tmp_path):
    write_corpus(tmp_path / "docs", 12, seed=1)
    code, out = _on_a_terminal("index", str(tmp_path / "docs"), "--index", str(tmp_path / "ix"), "--quiet")
    assert (code, out) == (0, "")


def test_no_progress_bar_when_not_a_terminal(tmp_path):
    write_corpus(tmp_path / "docs", 12, seed=1)
    r = subprocess.run(
        [sys.executable, "-c", RUN_CLI, "index", str(tmp_path / "docs"), "--index", str(tmp_path / "ix")],
        capture_output=True, text=True,
    )
    assert r.returncode == 0
    assert r.stderr == "" and "\r" not in r.stdout
    assert re.fullmatch(r"indexed: 12 added, 0 updated, 0 deleted, 0 unchanged, 0 skipped, 0 failed; \d+ passages in \S+s\n", r.stdout)
