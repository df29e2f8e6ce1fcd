"""The ``polyseek`` command: a thin layer over :class:`searcher.SearchIndex`.

Exit codes: 0 success; 1 done, but some files failed (listed on stderr); 2 could
not run (usage, missing or locked index, bad query filter).
"""

from __future__ import annotations

import functools
import json
import sys
from pathlib import Path

import click

from analyzers import analyze
from index import DEFAULT_LOCK_TIMEOUT, PolyseekIndexError, SyncStats, default_index_dir
from searcher.api import SearchIndex
from searcher.query import LANGUAGES, QuerySyntaxError
from searcher.results import SearchResults, display_path
from searcher.snippets import Snippet


class Failure(click.ClickException):
    """A one-line error on stderr and exit code 2."""

    exit_code = 2

    def show(self, file=None) -> None:
        click.echo(f"polyseek: error: {self.format_message()}", err=True)


def _guarded(fn):
    """Turn every expected error into a one-line message instead of a traceback."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except (PolyseekIndexError, QuerySyntaxError) as exc:
            raise Failure(str(exc)) from None
        except OSError as exc:
            raise Failure(f"{exc.filename or ''}{': ' if exc.filename else ''}{exc.strerror or exc}") from None

    return wrapper


index_option = click.option(
    "--index",
    "index_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Index directory [default: $POLYSEEK_INDEX, else ~/.local/share/polyseek/index].",
)
jobs_option = click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=0),
    default=0,
    show_default=True,
    help="Worker processes for analysing large inputs (0: one per core, at most 4; 1: none).",
)
lock_option = click.option(
    "--lock-timeout",
    type=click.FloatRange(min=0),
    default=DEFAULT_LOCK_TIMEOUT,
    show_default=True,
    help="Seconds to wait for another writer to finish.",
)


def _index_dir(index_dir: Path | None) -> Path:
    return index_dir if index_dir is not None else default_index_dir()


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="polyseek")
def main() -> None:
    """Full-text search for mixed Russian, Arabic and English text."""


def _report(stats: SyncStats, as_json: bool, quiet: bool, verb: str) -> None:
    for line in stats.failures:
        click.echo(f"polyseek: skipped {line}", err=True)
    if as_json:
        click.echo(json.dumps(stats.as_dict(), ensure_ascii=False))
    elif not quiet:
        click.echo(
            f"{verb}: {stats.added} added, {stats.updated} updated, {stats.deleted} deleted, "
            f"{stats.unchanged} unchanged, {stats.failed} failed; {stats.passages} passages in {stats.seconds:.2f}s"
        )
    if stats.failed:
        sys.exit(1)


@main.command("index")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@index_option
@lock_option
@jobs_option
@click.option("--json", "as_json", is_flag=True, help="Print the statistics as one JSON object.")
@click.option("-q", "--quiet", is_flag=True, help="Print nothing but errors.")
@_guarded
def index_cmd(
    paths: tuple[Path, ...], index_dir: Path | None, lock_timeout: float, jobs: int, as_json: bool, quiet: bool
) -> None:
    """Add files or folders (.txt, .md, .jsonl) to the index, or update them."""
    with SearchIndex.open_or_create(_index_dir(index_dir)) as ix:
        stats = ix.add_path(*paths, lock_timeout=lock_timeout, jobs=jobs)
    _report(stats, as_json, quiet, "indexed")


@main.command("reindex")
@index_option
@lock_option
@jobs_option
@click.option("--json", "as_json", is_flag=True, help="Print the statistics as one JSON object.")
@click.option("-q", "--quiet", is_flag=True, help="Print nothing but errors.")
@_guarded
def reindex_cmd(index_dir: Path | None, lock_timeout: float, jobs: int, as_json: bool, quiet: bool) -> None:
    """Rescan every indexed path: re-analyse only what changed, drop what vanished."""
    with SearchIndex.open(_index_dir(index_dir)) as ix:
        stats = ix.reindex(lock_timeout=lock_timeout, jobs=jobs)
    _report(stats, as_json, quiet, "reindexed")


def _styled_snippet(snippet: Snippet) -> str:
    """The snippet on one line with matches in bold yellow (click drops the colour when piped)."""
    parts, last = [], 0
    for start, end in snippet.ranges:
        parts.append(snippet.text[last:start])
        parts.append(click.style(snippet.text[start:end], fg="yellow", bold=True))
        last = end
    parts.append(snippet.text[last:])
    return "".join(parts).replace("\r", "").replace("\n", " ")


def _render(results: SearchResults, colour: bool | None) -> None:
    if not results.hits:
        click.echo(f"no results for {results.query!r}")
        return
    for hit in results.hits:
        head = click.style(f"{hit.rank:>2}. ", bold=True) + click.style(hit.ref, fg="cyan")
        click.echo(f"{head}  {click.style(hit.title, bold=True)}  [{hit.lang}, {hit.score:.2f}]", color=colour)
        click.echo(f"    {_styled_snippet(hit.snippet)}", color=colour)
    click.echo(f"{len(results.hits)} of {results.total} matching documents")


@main.command("search")
@click.argument("query")
@index_option
@click.option("-n", "--limit", type=click.IntRange(min=1), default=10, show_default=True, help="Number of hits.")
@click.option("--lang", type=click.Choice(LANGUAGES), default=None, help="Only passages in this language.")
@click.option("--passages", is_flag=True, help="List every matching passage, not one per document.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object (see README).")
@_guarded
def search_cmd(query: str, index_dir: Path | None, limit: int, lang: str | None, passages: bool, as_json: bool) -> None:
    """Search the index. QUERY: words, "phrases", -exclusions, OR, lang:ru, title:word."""
    with SearchIndex.open(_index_dir(index_dir)) as ix:
        results = ix.search(query, limit=limit, lang=lang, passages=passages)
    if as_json:
        click.echo(json.dumps(results.as_dict(), ensure_ascii=False))
    else:
        _render(results, colour=None)


@main.command("batch")
@click.option("--queries", "queries_path", required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--output", "output_path", required=True, type=click.Path(dir_okay=False, path_type=Path))
@index_option
@click.option("-n", "--limit", type=click.IntRange(min=1), default=100, show_default=True, help="Documents per query.")
@_guarded
def batch_cmd(queries_path: Path, output_path: Path, index_dir: Path | None, limit: int) -> None:
    """Run a JSONL file of {"id", "text"} queries; write a TREC run (qid Q0 doc rank score polyseek)."""
    n = 0
    with SearchIndex.open(_index_dir(index_dir)) as ix, open(output_path, "w", encoding="utf-8") as out:
        for lineno, line in enumerate(open(queries_path, encoding="utf-8"), 1):
            if not line.strip():
                continue
            try:
                q = json.loads(line)
                qid, text = str(q["id"]), str(q["text"])
            except (ValueError, KeyError, TypeError):
                raise Failure(f"{queries_path}:{lineno}: expected a JSON object with \"id\" and \"text\"") from None
            for rank, (doc_id, score) in enumerate(ix.rank_documents(text, limit=limit), 1):
                out.write(f"{qid} Q0 {doc_id} {rank} {score:.6f} polyseek\n")
            n += 1
    click.echo(f"{n} queries -> {display_path(str(output_path))}", err=True)


@main.command("analyze")
@click.argument("text")
@click.option("--mode", type=click.Choice(["index", "query"]), default="index", show_default=True)
def analyze_cmd(text: str, mode: str) -> None:
    """Show how TEXT is analysed: surface, position, offsets, chain, terms."""
    for t in analyze(text, mode=mode):
        terms = " ".join(t.terms) + (" (stopword)" if t.stopword else "")
        click.echo(f"{t.pos:>4}  {t.start:>5}-{t.end:<5}  {t.chain:<5}  {t.surface}  ->  {terms}")


@main.command("info")
@index_option
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@_guarded
def info_cmd(index_dir: Path | None, as_json: bool) -> None:
    """What the index holds: documents, passages, languages, sources, size."""
    with SearchIndex.open(_index_dir(index_dir)) as ix:
        info = ix.info()
    if as_json:
        click.echo(json.dumps(info.as_dict(), ensure_ascii=False))
        return
    langs = ", ".join(f"{k} {v}" for k, v in info.languages.items()) or "none"
    click.echo(f"index      {info.path}")
    click.echo(f"documents  {info.documents} ({langs})")
    click.echo(f"passages   {info.passages} in {info.files} files, {info.segments} segments, {info.size_bytes} bytes")
    click.echo(f"indexed    {info.last_indexed or 'never'}")
    for root in info.roots:
        click.echo(f"root       {display_path(root)}")
