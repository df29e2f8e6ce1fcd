"""The README is the front door: its examples must run as written."""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

from click.testing import CliRunner

from polyseek.searcher.cli import main

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
DOCS = {path.name: path.read_text(encoding="utf-8") for path in sorted((ROOT / "docs").glob("*.md"))}


def _blocks(lang: str, text: str = README) -> list[str]:
    return re.findall(rf"^```{lang}\n(.*?)^```", text, re.M | re.S)


def test_quick_start_has_exactly_two_commands():
    section = README.split("## Quick start", 1)[1]
    block = re.search(r"^```\w*\n(.*?)^```", section, re.M | re.S).group(1)
    commands = [line for line in block.splitlines() if line.strip() and not line.startswith("#")]
    assert len(commands) == 2
    assert "polyseek index corpus/samples" in commands[0] and "polyseek search" in commands[0]
    assert "pytest" in commands[1]


def test_quick_start_search_finds_the_russian_article(tmp_path, monkeypatch, samples_dir):
    monkeypatch.chdir(samples_dir.parents[1])
    monkeypatch.setenv("POLYSEEK_INDEX", str(tmp_path / "ix"))
    section = README.split("## Quick start", 1)[1]
    first = re.search(r"^```\w*\n(.*?)\n", section, re.M | re.S).group(1)
    polyseek_steps = [shlex.split(step.strip()) for step in first.split("&&") if step.strip().startswith("polyseek")]
    assert len(polyseek_steps) == 2
    for argv in polyseek_steps:
        result = CliRunner().invoke(main, argv[1:])
        assert result.exit_code == 0, result.output
    assert "ru-kulibaev-bach-lausanne.txt" in result.output


def test_analyze_example_matches_the_real_output():
    example = re.search(r'^\$ polyseek analyze "(.*?)"\n(.*?)^```', README, re.M | re.S)
    expected = [line.split() for line in example.group(2).strip().splitlines()]
    result = CliRunner().invoke(main, ["analyze", example.group(1)])
    assert [line.split() for line in result.output.strip().splitlines()] == expected


def test_library_example_runs(monkeypatch, samples_dir, capsys):
    monkeypatch.chdir(samples_dir.parents[1])
    code = next(b for b in _blocks("python") if "SearchIndex" in b)
    exec(compile(code, "README.md", "exec"), {})
    out = capsys.readouterr().out
    assert "ru-kulibaev-bach-lausanne.txt" in out and "[" in out


def test_json_example_lists_the_documented_keys(sample_index_dir):
    example = json.loads(next(b for b in _blocks("json", DOCS["cli.md"]) if '"highlights"' in b))
    real = json.loads(CliRunner().invoke(main, ["search", "Казахстан", "--json", "--index", str(sample_index_dir)]).output)
    assert set(example) <= set(real["hits"][0])


def test_links_to_docs_resolve():
    """Every relative link of the README and of docs/ points at a file that exists."""
    for name, text in [("README.md", README), *((f"docs/{n}", t) for n, t in DOCS.items())]:
        base = ROOT / Path(name).parent
        text = re.sub(r"`[^`]*`", "", re.sub(r"^```.*?^```", "", text, flags=re.M | re.S))  # code is not a link
        for target in re.findall(r"\]\(([^)#:]+)(?:#[^)]*)?\)", text):
            assert (base / target).exists(), f"{name} links to missing {target}"
