"""polyseek installs under one name: a project's own index.py or searcher.py does not break it.

Issue 17: with the four stages installed as top-level packages, a user project holding an
``index.py`` broke ``from searcher import SearchIndex`` (ImportError from the wrong ``index``).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SEARCH = """
import sys
from polyseek import SearchIndex
with SearchIndex.create(sys.argv[1]) as ix:
    ix.add_path(sys.argv[2])
    hit = ix.search("олимпийский комитет").hits[0]
    print(hit.lang, hit.ref.split("/")[-1])
print(sorted(m for m in sys.modules if m.split(".")[0] in {"analyzers", "corpus", "searcher"}))
"""


def test_a_project_with_its_own_index_and_searcher_modules_still_searches(tmp_path: Path, samples_dir: Path) -> None:
    project = tmp_path / "project"
    project.mkdir()
    for name in ("index", "searcher", "corpus", "analyzers"):
        (project / f"{name}.py").write_text(f"raise ImportError('the project\\'s own {name}.py was imported')\n")
    done = subprocess.run(
        [sys.executable, "-c", SEARCH, str(tmp_path / "ix"), str(samples_dir)],
        cwd=project,  # the project's folder comes first on sys.path, as when its own script runs
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["ru ru-kulibaev-bach-lausanne.txt:1", "[]"]


def test_python_dash_m_polyseek_is_the_command(sample_index_dir: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "polyseek", "search", "Kazakhstan", "-n", "1", "--index", str(sample_index_dir)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert "Kazakhstan" in done.stdout


def test_the_public_api_is_exported_from_polyseek() -> None:
    import polyseek
    import polyseek.searcher

    assert set(polyseek.__all__) == set(polyseek.searcher.__all__)
    for name in polyseek.__all__:
        assert getattr(polyseek, name) is getattr(polyseek.searcher, name)
