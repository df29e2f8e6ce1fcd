"""The ``polyseek`` command: a thin layer over :class:`searcher.SearchIndex`.

Exit codes: 0 success; 1 done, but some files failed (listed on stderr); 2 could
not run (usage, missing or locked index, bad query filter). Files skipped on purpose
(binary, empty, links not followed) are listed on stderr and leave the code at 0.
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
from searcher.query import LANGUAGES, QuerySyntaxError, clean_query
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
lock_option = click.option(
    "--lock-timeout",
    type=click.FloatRange(min=0),
    default=DEFAULT_LOCK_TIMEOUT,
    show_default=True,
    help="Seconds to wait for another writer to finish.",
)
follow_links_option = click.option(
    "--follow-links",
    is_flag=True,
    help="Follow symlinks inside the folders, also to files and folders outside them.",
)


def _index_dir(index_dir: Path | None) -> Path:
    return index_dir if index_dir is not None else default_index_dir()


def _one_line(exc: click.UsageError) -> Failure:
    where = exc.ctx.command_path if exc.ctx is not None else "polyseek"
    return Failure(f"{exc.format_message()} (see: {where} --help)")


class _OneLineUsageErrors(click.Group):
    """Usage errors as one line too (click would print the usage first)."""

    def make_context(self, *args, **kwargs):
        try:
            return super().make_context(*args, **kwargs)
        except click.UsageError as exc:
            if isinstance(exc, _NO_ARGS_IS_HELP):
                raise
            raise _one_line(exc) from None

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except click.UsageError as exc:
            raise _one_line(exc) from None


_NO_ARGS_IS_HELP = getattr(click.exceptions, "NoArgsIsHelpError", ())


@click.group(cls=_OneLineUsageErrors, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="polyseek")
def main() -> None:
    """Full-text search for mixed Russian, Arabic and English text."""


def _report(stats: SyncStats, as_json: bool, quiet: bool, verb: str) -> None:
    for line in stats.skips:
        click.echo(f"polyseek: skipped {_safe(line)}", err=True)
    for line in stats.failures:
        click.echo(f"polyseek: failed {_safe(line)}", err=True)
    if as_json:
        click.echo(json.dumps(stats.as_dict(), ensure_ascii=False))
    elif not quiet:
        click.echo(
            f"{verb}: {stats.added} added, {stats.updated} updated, {stats.deleted} deleted, "
            f"{stats.unchanged} unchanged, {stats.skipped} skipped, {stats.failed} failed; "
            f"{stats.passages} passages in {stats.seconds:.2f}s"
        )
    if stats.failed:
        sys.exit(1)


@main.command("index")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@index_option
@lock_option
@follow_links_option
@click.option("--json", "as_json", is_flag=True, help="Print the statistics as one JSON object.")
@click.option("-q", "--quiet", is_flag=True, help="Print nothing but errors.")
@_guarded
def index_cmd(
    paths: tuple[Path, ...], index_dir: Path | None, lock_timeout: float, follow_links: bool, as_json: bool, quiet: bool
) -> None:
    """Add files or folders (.txt, .md, .html, .htm, .jsonl) to the index, or update them."""
    with SearchIndex.open_or_create(_index_dir(index_dir)) as ix:
        stats = ix.add_path(*paths, lock_timeout=lock_timeout, follow_links=follow_links)
    _report(stats, as_json, quiet, "indexed")


@main.command("reindex")
@index_option
@lock_option
@follow_links_option
@click.option("--json", "as_json", is_flag=True, help="Print the statistics as one JSON object.")
@click.option("-q", "--quiet", is_flag=True, help="Print nothing but errors.")
@_guarded
def reindex_cmd(index_dir: Path | None, lock_timeout: float, follow_links: bool, as_json: bool, quiet: bool) -> None:
    """Rescan every indexed path: re-analyse only what changed, drop what vanished."""
    with SearchIndex.open(_index_dir(index_dir)) as ix:
        stats = ix.reindex(lock_timeout=lock_timeout, follow_links=follow_links)
    _report(stats, as_json, quiet, "reindexed")


# Control characters from documents never reach the terminal (no escape sequences):
# line breaks and tabs become spaces, the rest U+FFFD.
_TERMINAL_SAFE = str.maketrans(
    {**{c: "\ufffd" for c in (*range(0x20), 0x7F, *range(0x80, 0xA0))}, 0x09: " ", 0x0A: " ", 0x0D: ""}
)


def _safe(text: str) -> str:
    return text.translate(_TERMINAL_SAFE)


def _styled_snippet(snippet: Snippet) -> str:
    """The snippet on one line with matches in bold yellow (click drops the colour when piped)."""
    parts, last = [], 0
    for start, end in snippet.ranges:
        parts.append(_safe(snippet.text[last:start]))
        parts.append(click.style(_safe(snippet.text[start:end]), fg="yellow", bold=True))
        last = end
    parts.append(_safe(snippet.text[last:]))
    return "".join(parts)


def _render(results: SearchResults, colour: bool | None) -> None:
    if not results.hits:
        click.echo(f"no results for {results.query!r}")
        return
    for hit in results.hits:
        head = click.style(f"{hit.rank:>2}. ", bold=True) + click.style(_safe(hit.ref), fg="cyan")
        facts = ", ".join([hit.lang, *([hit.date] if hit.date else []), f"{hit.score:.2f}"])
        furniture = click.style("  (page furniture)", fg="magenta") if hit.boilerplate else ""
        click.echo(f"{head}  {click.style(_safe(hit.title), bold=True)}  [{facts}]{furniture}", color=colour)
        click.echo(f"    {_styled_snippet(hit.snippet)}", color=colour)
    click.echo(f"{len(results.hits)} of {results.total} matching documents")


@main.command("search", context_settings={"ignore_unknown_options": True})
@click.argument("query")
@index_option
@click.option("-n", "--limit", type=click.IntRange(min=1), default=10, show_default=True, help="Number of hits.")
@click.option("--lang", type=click.Choice(LANGUAGES), default=None, help="Only passages in this language.")
@click.option("--passages", is_flag=True, help="List every matching passage, not one per document.")
@click.option(
    "--include-boilerplate",
    is_flag=True,
    help="Also match web page furniture (related headlines, subscribe lines); such hits say so.",
)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object (see README).")
@_guarded
def search_cmd(
    query: str,
    index_dir: Path | None,
    limit: int,
    lang: str | None,
    passages: bool,
    include_boilerplate: bool,
    as_json: bool,
) -> None:
    """Search the index. QUERY: words, "phrases", -exclusions, OR, lang:ru, title:word, date:2026-03.

    A QUERY may start with "-" (-футбол); put "--" before one that looks like an
    option of this command, after the options (polyseek search --json -- -n).
    """
    query = clean_query(query)  # bytes that were not UTF-8 on the command line
    with SearchIndex.open(_index_dir(index_dir)) as ix:
        results = ix.search(
            query, limit=limit, lang=lang, passages=passages, include_boilerplate=include_boilerplate
        )
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
