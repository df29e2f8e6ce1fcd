"""Property: whatever a JSONL record or a file name holds, its marker word is found, or the source is reported.

Each example writes real files (one JSONL record per file, and text files under random
names) holding arbitrary code points: lone surrogates, controls, NUL, bidi marks, private
use, unassigned code points. It indexes them into a real index on disk (through the
library or the CLI), then searches each source's marker word through the library and
through ``polyseek search --json`` and checks that:

* a record whose fields are valid, and a text file with a usable name and UTF-8
  content, is found by its marker, under its id (lone surrogates read as U+FFFD) and
  its source path;
* any other source is either found the same way or reported on the run's skipped or
  failed lines, naming its file; hidden names (``.x.txt``) are left out silently, as
  documented;
* every string that comes back, and every byte of ``--json``, is valid Unicode.

The default run is kept to about 20 seconds: half the profile's ``max_examples``.
``pytest --hypothesis-profile=thorough tests/test_properties_sources.py -s`` tries ten
times more and prints how many records and file names were tried.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from polyseek.corpus.dates import normalize_date
from polyseek.corpus.files import unusable_name
from polyseek.corpus.language import LANGUAGES
from polyseek.searcher import SearchIndex
from polyseek.searcher.cli import main

#: Every code point, lone surrogates included (hypothesis leaves them out by default).
ANY_CHAR = st.characters(exclude_categories=[])
SPECIAL = [
    "\ud800", "\udfff", "\udc80", "\x00", "\x01", "\x1b", "\x7f", "\x85", "\u2028", "\u2029",
    "\u200e", "\u202e", "\u2066", "\ufeff", "\ufffe", "\uffff", "\U0010ffff", "\ue000", "\u0301",
    "\r", "\n", "\t", '"', "\\", "#", ":", "*", "Олимпиада", "اللجنة", "NOC",
]
noise = st.lists(st.one_of(ANY_CHAR, st.sampled_from(SPECIAL)), max_size=12).map("".join)

records = st.fixed_dictionaries(
    {
        "id": st.one_of(noise, st.integers(-(2**70), 2**70), st.booleans(), st.none()),
        "before": noise,
        "after": noise,
    },
    optional={
        "title": st.one_of(noise, st.none(), st.integers()),
        "lang": st.one_of(noise, st.sampled_from(["ru", " AR ", "en", "und", "fr", ""])),
        "date": st.one_of(noise, st.sampled_from(["2026-03-14", "2019-03-18T10:00:00Z", "2026-13", "١٩٩٩"])),
    },
)
file_names = st.tuples(
    st.lists(st.one_of(ANY_CHAR, st.sampled_from(SPECIAL)), min_size=1, max_size=20).map("".join),
    st.sampled_from([".txt", ".md", ".TXT"]),
    noise,
)

#: Half the profile's examples: about 20 seconds by default on a busy machine.
SOURCES = settings(
    max_examples=max(5, settings().max_examples // 2),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

TRIED = {"records": 0, "file names": 0, "examples": 0}


@pytest.fixture(scope="module", autouse=True)
def _print_counts():
    yield
    print(f"\nproperty test tried {TRIED['records']} records and {TRIED['file names']} file names in {TRIED['examples']} examples")


def marker(number: int) -> str:
    """A word no analyzer changes and nothing else contains: zqhbq, zqhcq, ..."""
    return "zqh" + "".join("bcdfgjklmnpvwxz"[int(d)] for d in str(number)) + "q"


def valid_unicode(value: Any) -> bool:
    """Whether every string in ``value`` (nested lists and dicts) can be written as UTF-8."""
    if isinstance(value, str):
        return re.search("[\ud800-\udfff]", value) is None
    if isinstance(value, dict):
        return all(valid_unicode(k) and valid_unicode(v) for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return all(valid_unicode(v) for v in value)
    return True


def as_read(value: str | int) -> str:
    """A record's id as JSON means it (an escaped surrogate pair is one character), lone surrogates as U+FFFD."""
    return re.sub("[\ud800-\udfff]", "\ufffd", str(json.loads(json.dumps(value))))


def record_is_valid(rec: dict) -> bool:
    """The documented rules of a JSONL record (corpus.jsonl)."""
    doc_id = rec["id"]
    if isinstance(doc_id, bool) or not isinstance(doc_id, (str, int)) or doc_id == "":
        return False
    if "title" in rec and rec["title"] is not None and not isinstance(rec["title"], str):
        return False
    if "lang" in rec and (rec["lang"].strip().lower() or None) not in (None, *LANGUAGES):
        return False
    return "date" not in rec or normalize_date(rec["date"]) is not None


def search_everywhere(ix: SearchIndex, index_dir: Path, word: str) -> list[tuple[str, str]]:
    """(doc_id, source) of every hit for ``word``, checked equal in the library and the CLI."""
    library = ix.search(word, limit=20, suggest=False)  # no "showing results for" a marker one edit away
    found = [(hit.doc_id, hit.source) for hit in library.hits]
    for hit in library.hits:
        assert valid_unicode([hit.doc_id, hit.source, hit.title, hit.snippet.text, hit.ref])
    result = CliRunner().invoke(main, ["search", word, "--index", str(index_dir), "--json", "-n", "20", "--no-suggest"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout_bytes.decode("utf-8"))  # strict: every byte valid UTF-8
    assert valid_unicode(out)
    assert [(h["doc_id"], h["source"]) for h in out["hits"]] == found
    return found


@SOURCES
@given(recs=st.lists(records, min_size=1, max_size=10), names=st.lists(file_names, min_size=1, max_size=6), via_cli=st.booleans())
def test_every_source_is_found_by_its_marker_or_reported(recs: list[dict], names: list[tuple], via_cli: bool) -> None:
    TRIED["examples"] += 1
    TRIED["records"] += len(recs)
    TRIED["file names"] += len(names)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp).resolve()
        corpus = tmp / "corpus"
        corpus.mkdir()
        expected: list[tuple[str, str, str | None, str]] = []  # (marker, path, id if found, rule)
        for number, rec in enumerate(recs):
            word = marker(number)
            fields = {k: v for k, v in rec.items() if k not in ("before", "after") and v is not None}
            fields["text"] = f"{rec['before']} {word} {rec['after']}"
            path = corpus / f"r{number}.jsonl"
            path.write_text(json.dumps(fields) + "\n", encoding="ascii")  # \ud800 escapes: valid JSON
            valid = record_is_valid(rec)
            expected.append((word, str(path), as_read(rec["id"]) if valid else None, "must" if valid else "may"))
        seen: set[bytes] = set()
        for number, (stem, suffix, content) in enumerate(names, start=len(recs)):
            word = marker(number)
            raw = (stem.replace("/", "_").replace("\x00", "_") + suffix).encode("utf-8", "surrogatepass")[-200:]
            if raw.lower() in seen or not raw.lower().endswith((b".txt", b".md")) or raw.startswith(b"."):
                continue  # a name cut inside its suffix, a duplicate, or a hidden file
            seen.add(raw.lower())
            body = f"{content} {word} {content}".encode("utf-8", "surrogatepass")
            full = os.fsencode(corpus) + b"/" + raw
            with open(full, "wb") as fh:
                fh.write(body)
            path = os.fsdecode(full)
            clean = unusable_name(path) is None and re.search("[\ud800-\udfff\x00]", content) is None
            expected.append((word, path, path if unusable_name(path) is None else None, "must" if clean else "may"))

        index_dir = tmp / "ix"
        if via_cli:
            result = CliRunner().invoke(main, ["index", str(corpus), "--index", str(index_dir), "--json"])
            assert result.exit_code in (0, 1), result.output
            stats = json.loads(result.stdout_bytes.decode("utf-8"))
            reported = stats["skips"] + stats["failures"]
        else:
            with SearchIndex.create(index_dir) as ix:
                stats = ix.add_path(corpus)
            reported = stats.skips + stats.failures
        assert valid_unicode(reported)

        with SearchIndex.open(index_dir) as ix:
            for word, path, doc_id, rule in expected:
                found = search_everywhere(ix, index_dir, word)
                shown = unusable_name(path) or path
                named = [line for line in reported if str(shown).split(": file name")[0] in line]
                if found:
                    assert found == [(doc_id, path)], (word, path)
                    assert not named, named
                else:
                    assert rule == "may", f"{word} not found in {path!r}; reported: {reported}"
                    assert named, f"{path!r} neither found nor reported: {reported}"
