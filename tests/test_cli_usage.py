"""How the command line reads its arguments, colours its output and keeps quiet (issue 17)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from click.testing import CliRunner

from polyseek.searcher import SearchIndex
from polyseek.searcher.cli import main


def _run(*args: str, **kw):
    return CliRunner().invoke(main, list(args), catch_exceptions=False, prog_name="polyseek", **kw)


def _search(index_dir, *args: str) -> dict:
    r = _run("search", *args, "--index", str(index_dir), "--json")
    assert r.exit_code == 0, r.output
    return json.loads(r.stdout)


def _sources(data: dict) -> list[str]:
    return [os.path.basename(h["source"]) for h in data["hits"]]


# -- options and text: one rule for every script --------------------------------


@pytest.mark.parametrize(
    ("query", "excluded", "kept"),
    [
        ("-tennis Kazakhstan", None, "en-noc-kazakhstan-news.txt"),  # "-t..." once swallowed "-n nis Kazakhstan"
        ("-hotels Astana", None, None),  # "-h..." once printed the help and exited 0
        ("-swimmer Kazakhstan", "en-noc-kazakhstan-news.txt", None),
        ("-дзюдо Казахстан", "ru-judo-memorandum-japan.txt", None),
        ("-قطر كازاخستان", "ar-golovkin-qatar-solidarity.txt", None),
    ],
)
def test_a_query_starting_with_an_exclusion_is_text_in_every_script(sample_index_dir, query, excluded, kept):
    plain = _search(sample_index_dir, query.split(" ", 1)[1])
    data = _search(sample_index_dir, query)
    assert data["query"] == query
    if excluded is not None:
        assert excluded in _sources(plain) and excluded not in _sources(data)
    if kept is not None:
        assert kept in _sources(data)
    assert data["total"] >= 1


def test_a_query_in_several_arguments_is_one_query(sample_index_dir):
    for words in (["-дзюдо", "Казахстан"], ["-tennis", "Kazakhstan"], ["-قطر", "كازاخستان"]):
        assert _search(sample_index_dir, *words)["query"] == " ".join(words)


def test_after_double_dash_everything_is_text(sample_index_dir):
    for text in ("-n", "--json", "-h", "--лимит", "--السباحة"):
        r = _run("search", "--index", str(sample_index_dir), "--json", "--", text)
        assert r.exit_code == 0, r.output
        assert json.loads(r.stdout)["query"] == text


def test_short_options_still_work_also_with_the_number_attached(sample_index_dir):
    assert len(_search(sample_index_dir, "Казахстан", "-n", "1")["hits"]) == 1
    assert len(_search(sample_index_dir, "-n2", "Казахстан")["hits"]) == 2


@pytest.mark.parametrize(("typo", "right"), [("--josn", "--json"), ("--limt", "--limit"), ("--lang=ru", None)])
def test_an_unknown_long_option_is_an_error_naming_the_right_one(sample_index_dir, typo, right):
    if right is None:  # a known option with its value attached is no error
        assert _run("search", "Казахстан", typo, "--index", str(sample_index_dir)).exit_code == 0
        return
    r = _run("search", typo, "word", "--index", str(sample_index_dir))
    assert r.exit_code == 2 and r.stdout == ""
    assert r.stderr.count("\n") == 1 and r.stderr.startswith("polyseek: error: no such option " + typo)
    assert f"did you mean {right}?" in r.stderr
    assert f"polyseek search -- {typo}" in r.stderr  # how to search text that starts with "-"


def test_help_still_works(sample_index_dir):
    for flag in ("-h", "--help"):
        r = _run("search", flag)
        assert r.exit_code == 0 and "Usage: " in r.stdout and "--color" in r.stdout


def test_analyze_reads_text_starting_with_a_dash():
    r = _run("analyze", "-футбол", "-tennis")
    assert r.exit_code == 0, r.output
    lines = r.output.splitlines()
    assert "футбол" in lines[0] and " ru " in lines[0] and "tenni" in lines[1]


# -- SearchResults is a sequence of hits --------------------------------------


def test_search_results_is_a_sequence(sample_index: SearchIndex):
    results = sample_index.search("Казахстан", limit=3)
    assert len(results) == 3
    assert results[0] is results.hits[0] and results[-1] is results.hits[-1]
    assert results[1:] == results.hits[1:]
    assert [h.rank for h in results] == [1, 2, 3]
    assert results.hits[0] in results and results.index(results.hits[2]) == 2
    with pytest.raises(IndexError):
        results[3]
    assert not sample_index.search("дзюдо -дзюдо")


# -- colour --------------------------------------------------------------------


RUN_CLI = "import sys, searcher.cli as c; c.main(sys.argv[1:], prog_name='polyseek')"


def _on_a_terminal(args: list[str], env: dict[str, str]) -> str:
    """The output of the command run on a real pseudo-terminal."""
    import pty

    master, slave = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-c", RUN_CLI, *args], stdin=slave, stdout=slave, stderr=slave, env=env)
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
    assert proc.wait(timeout=120) == 0, out
    return out.decode("utf-8", errors="replace")


def _env(**changes: str | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "TERM")}
    env["TERM"] = "xterm"
    env.update({k: v for k, v in changes.items() if v is not None})
    if changes.get("TERM", "") is None:
        env.pop("TERM")
    return env


def test_colour_on_a_terminal_unless_no_color_or_a_dumb_terminal(sample_index_dir):
    args = ["search", "Казахстан", "-n", "1", "--index", str(sample_index_dir)]
    assert "\x1b[" in _on_a_terminal(args, _env())
    assert "\x1b[" not in _on_a_terminal(args, _env(NO_COLOR="1"))
    assert "\x1b[" not in _on_a_terminal(args, _env(TERM="dumb"))
    assert "\x1b[" not in _on_a_terminal([*args, "--color", "never"], _env())
    assert "\x1b[" in _on_a_terminal([*args, "--color", "always"], _env(NO_COLOR="1"))


def test_colour_always_also_when_piped(sample_index_dir):
    base = [sys.executable, "-m", "polyseek", "search", "Kazakhstan", "-n", "1", "--index", str(sample_index_dir)]
    piped = subprocess.run(base, capture_output=True, env=_env(), timeout=120)
    assert piped.returncode == 0 and b"\x1b[" not in piped.stdout
    forced = subprocess.run([*base, "--color", "always"], capture_output=True, env=_env(), timeout=120)
    assert forced.returncode == 0 and b"\x1b[33m" in forced.stdout  # the highlighted word


# -- quiet: only what failed or changed -------------------------------------------


def test_quiet_lists_a_skipped_file_once_and_failures_every_time(tmp_path):
    docs, ix = tmp_path / "docs", str(tmp_path / "ix")
    docs.mkdir()
    (docs / "judo.txt").write_text("Федерация дзюдо подписала меморандум с японским клубом.", encoding="utf-8")
    (docs / "empty.txt").write_bytes(b"")
    lone = tmp_path / "lone.txt"
    lone.write_text("Kazakh swimmers trained at Issyk-Kul before the championship.", encoding="utf-8")

    r = _run("index", str(docs), str(lone), "--index", ix, "-q")
    assert r.exit_code == 0 and r.stdout == ""
    assert r.stderr.count("\n") == 1 and "empty.txt" in r.stderr  # new: listed
    r = _run("reindex", "--index", ix, "-q")
    assert (r.exit_code, r.stdout, r.stderr) == (0, "", "")  # the same skip as last time: not listed again
    r = _run("reindex", "--index", ix)
    assert "empty.txt" in r.stderr  # without -q every skip is listed

    (docs / "also-empty.txt").write_bytes(b"")
    r = _run("reindex", "--index", ix, "-q")
    assert r.exit_code == 0 and r.stderr.count("\n") == 1 and "also-empty.txt" in r.stderr

    lone.unlink()
    r = _run("reindex", "--index", ix, "-q")
    assert r.exit_code == 1 and r.stderr.count("\n") == 1 and "lone.txt" in r.stderr and "no longer exists" in r.stderr
