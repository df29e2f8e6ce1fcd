"""The packages type-check: mypy, configured in pyproject.toml ([tool.mypy]), finds nothing.

mypy names modules after folders, and the repository's folders (``searcher/``, ``index/``...)
are installed as ``polyseek.searcher``, ``polyseek.index``: the test lays out that tree with
symbolic links and checks the package ``polyseek`` the way a user's code imports it.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STAGES = ("analyzers", "corpus", "index", "searcher")


def test_mypy_finds_no_errors(tmp_path: Path) -> None:
    tree = tmp_path / "polyseek"
    tree.mkdir()
    for module in (ROOT / "polyseek").glob("*.py"):
        shutil.copy(module, tree / module.name)
    for stage in STAGES:
        (tree / stage).symlink_to(ROOT / stage, target_is_directory=True)
    r = subprocess.run(
        [sys.executable, "-m", "mypy", "--config-file", str(ROOT / "pyproject.toml"), "--cache-dir", str(ROOT / ".mypy_cache"), "-p", "polyseek"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert r.returncode == 0, r.stdout + r.stderr
    assert "Success: no issues found" in r.stdout
    checked = int(r.stdout.split("in ")[-1].split()[0])
    assert checked >= sum(1 for stage in STAGES for _ in (ROOT / stage).rglob("*.py"))
