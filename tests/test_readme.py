"""The README is the front door: its examples must run as written."""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

from click.testing import CliRunner

from searcher.cli import main

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def _blocks(lang: str) -> list[str]:
    return re.findall(rf"^```{lang}\n(.*?)^```", README, re.M | re.S)


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
    example = json.loads(next(b for b in _blocks("json") if '"highlights"' in b))
    real = json.loads(CliRunner().invoke(main, ["search", "Казахстан", "--json", "--index", str(sample_index_dir)]).output)
    assert set(example) <= set(real["hits"][0])
