"""The four packages type-check: mypy, configured in pyproject.toml ([tool.mypy]), finds nothing."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_mypy_finds_no_errors() -> None:
    r = subprocess.run(
        [sys.executable, "-m", "mypy"],  # its cache: .mypy_cache/ in the checkout (ignored by git)
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert r.returncode == 0, r.stdout + r.stderr
    assert "Success: no issues found" in r.stdout
