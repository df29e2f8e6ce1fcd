"""The ``polyseek`` command: a thin layer over :class:`searcher.SearchIndex`.

The index and the searcher are imported by the commands that use them, not with this
module: a ``polyseek reindex`` that finds nothing to do (:mod:`index.manifest`) and
``polyseek --help`` never import Whoosh.

Exit codes: 0 success; 1 done, but some files failed (listed on stderr); 2 could
not run (usage, missing or locked index, bad query filter). Files skipped on purpose
(binary, empty, links not followed) are listed on stderr and leave the code at 0.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import sys
import time
import unicodedata
from collections.abc import Callable, Collection
from pathlib import Path
from typing import TYPE_CHECKING

import click

from polyseek.command import collector_paused
from polyseek.index.errors import IndexCorruptError, PolyseekIndexError, raised_by_whoosh
from polyseek.index.folder import DEFAULT_LOCK_TIMEOUT
from polyseek.index.location import default_index_dir
from polyseek.searcher.cliargs import TextCommand
from polyseek.searcher.limits import TOTAL_EXACT_UP_TO
from polyseek.searcher.query import LANGUAGES, QuerySyntaxError, clean_query

if TYPE_CHECKING:  # pragma: no cover
    from tqdm import tqdm

    from polyseek.index.stats import Progress, SyncStats
    from polyseek.searcher.api import SearchIndex
    from polyseek.searcher.results import SearchResults


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
        except BrokenPipeError:
            # The reader went away (`polyseek search x | head`): stop quietly, as Unix tools do.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(0)
        except OSError as exc:
            raise Failure(f"{exc.filename or ''}{': ' if exc.filename else ''}{exc.strerror or exc}") from None
        except Exception as exc:
            if raised_by_whoosh(exc) and (damage := _damage(kwargs.get("index_dir"))) is not None:
                raise Failure(str(damage)) from None
            raise

    return wrapper


def _damage(index_dir: Path | None) -> IndexCorruptError | None:
    """What is damaged in the index (every file read and checked), if anything: Whoosh
    failing deep inside on an index that opened means altered bytes, or a bug."""
    try:
        with _open(index_dir) as ix:
            ix.check()
    except IndexCorruptError as exc:
        return exc
    except Exception:  # noqa: BLE001 - the original error is the one to show
        return None
    return None


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
    help="Processes for analysing a run of 3 MB or more (0: one per core, at most 4; 1: this one only).",
)
lock_option = click.option(
    "--lock-timeout",
    type=click.FloatRange(min=0),
    default=DEFAULT_LOCK_TIMEOUT,
    show_default=True,
    help="Seconds to wait for another writer to finish.",
)
follow_links_option = click.option(
    "--follow-links/--no-follow-links",
    default=None,
    help="Follow symlinks inside the folders, also to files and folders outside them; "
    "remembered per path for reindex [default: as last time, else no].",
)

def _text_ext(ctx: click.Context, param: click.Parameter, value: str | None) -> tuple[str, ...] | None:
    if value is None:
        return None
    from polyseek.corpus.files import text_suffixes

    try:
        return text_suffixes(value.split(","))
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


text_ext_option = click.option(
    "--text-ext",
    "as_text",
    metavar=".EXT,...",
    default=None,
    callback=_text_ext,
    help="Also read files with these suffixes as plain text (.log,.csv); remembered for reindex, "
    "'' for none again [default: as last time].",
)

_SIZE_UNITS = {"": 1, "K": 2**10, "M": 2**20, "G": 2**30, "T": 2**40}


def _size(ctx: click.Context, param: click.Parameter, value: str | None) -> int | None:
    """``500M``, ``2G``, ``1048576`` -> bytes (K, M, G, T: binary units); ``0`` or ``none``: no limit."""
    if value is None:
        return None
    text = value.strip().upper().removesuffix("IB").removesuffix("B")
    if text in ("NONE", "0"):
        return 0
    number, unit = (text[:-1], text[-1]) if text[-1:] in _SIZE_UNITS else (text, "")
    try:
        size = int(float(number) * _SIZE_UNITS[unit])
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a size (like 500M or 2G)") from None
    if size <= 0:
        raise click.BadParameter(f"{value!r} is not a size (like 500M or 2G)")
    return size


max_file_size_option = click.option(
    "--max-file-size",
    metavar="SIZE",
    default=None,
    callback=_size,
    help="Skip files larger than SIZE (500M, 2G; K/M/G binary), with one line each; remembered for "
    "reindex, 'none' for no limit again [default: as last time, at first none].",
)

exact_script_option = click.option(
    "--exact-script",
    is_flag=True,
    help="Match words only in the script they are typed in (no Kulibayev -> Кулибаев).",
)


def _index_dir(index_dir: Path | None) -> Path:
    return index_dir if index_dir is not None else default_index_dir()


def _open(index_dir: Path | None) -> SearchIndex:
    """The index at ``index_dir`` (default: :func:`index.location.default_index_dir`), opened."""
    with collector_paused():  # Whoosh, the analyzers: ~100 ms of imports
        from polyseek.searcher.api import SearchIndex

    return SearchIndex.open(_index_dir(index_dir))


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


#: A run shorter than this (seconds) never shows a progress bar.
PROGRESS_DELAY = 0.5


class ProgressBar:
    """A tqdm bar on stderr: files read, passages written and their rate.

    Shown only when stderr is a terminal, not with ``--quiet``, and only once a
    run has lasted :data:`PROGRESS_DELAY` seconds; it is erased when done.
    """

    def __init__(self, enabled: bool, desc: str = "indexing") -> None:
        # tqdm hides itself off a terminal (disable=None); off one it is not even imported
        self._enabled = enabled and sys.stderr is not None and sys.stderr.isatty()
        self._desc = desc
        self._bar: tqdm | None = None
        self._started = time.monotonic()

    def __call__(self, p: Progress) -> None:
        if not self._enabled:
            return
        if self._bar is None:
            from tqdm import tqdm  # ~30 ms: only once a bar is shown

            # no monitor thread: index.pipeline forks its workers only from a process running one thread
            tqdm.monitor_interval = 0
            self._bar = tqdm(
                total=p.files_total, unit="file", desc=self._desc, file=sys.stderr, disable=None,
                delay=PROGRESS_DELAY, leave=False, dynamic_ncols=True,
            )
        rate = p.passages / max(time.monotonic() - self._started, 1e-9)
        self._bar.set_postfix_str(f"{p.passages} passages, {rate:.0f} passages/s", refresh=False)
        self._bar.update(p.files_done - self._bar.n)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()


def _skipped_last_time(folder: Path) -> set[str]:
    """The files the last run of the index at ``folder`` skipped (from its status file)."""
    from polyseek.index.folder import read_status

    return set(((read_status(folder) or {}).get("stats") or {}).get("skips", ()))


def _sync_command(
    folder: Path | None,
    job: Callable[[ProgressBar], SyncStats],
    as_json: bool,
    quiet: bool,
    verb: str,
    verbose: bool = False,
    desc: str | None = None,
) -> None:
    """Run ``job(progress)`` with a progress bar (labelled ``desc``), then report its statistics.

    With ``quiet``, files skipped by the previous run of the index at ``folder`` too are not
    listed again (a cron job's log shows only what failed or changed). ``verbose``: also the
    traceback of each unexpected error.
    """
    skipped_before = _skipped_last_time(folder) if quiet and folder is not None else set()
    bar = ProgressBar(enabled=not quiet, desc=desc or verb.removesuffix("ed") + "ing")
    try:
        stats = job(bar)
    finally:
        bar.close()
    _report(stats, as_json, quiet, verb, skipped_before, verbose)


def _report(
    stats: SyncStats,
    as_json: bool,
    quiet: bool,
    verb: str,
    skipped_before: Collection[str] = frozenset(),
    verbose: bool = False,
) -> None:
    for line in stats.skips:
        if line not in skipped_before:
            click.echo(f"polyseek: skipped {_safe(line)}", err=True)
    for line in stats.failures:
        click.echo(f"polyseek: failed {_safe(line)}", err=True)
    if verbose:
        for detail in stats.tracebacks:
            click.echo(detail.rstrip("\n"), err=True)
        for path in stats.ignored_files:
            click.echo(f"polyseek: ignored {_safe(path)}: not a type polyseek reads (see --text-ext)", err=True)
    if as_json:
        click.echo(_json(stats.as_dict()))
    elif not quiet:
        click.echo(
            f"{verb}: {stats.added} added, {stats.updated} updated, {stats.deleted} deleted, "
            f"{stats.unchanged} unchanged, {stats.skipped} skipped, {stats.failed} failed"
            f"{f', {stats.bad_records} bad records' if stats.bad_records else ''}; {stats.passages} passages in {stats.seconds:.2f}s{_ignored_summary(stats.ignored)}"
        )
    if stats.failed or stats.bad_records:
        sys.exit(1)


def _ignored_summary(ignored: dict[str, int], shown: int = 5) -> str:
    """``; ignored 15 files (.pdf 12, .docx 3)``: files of types polyseek does not read, by suffix.

    >>> _ignored_summary({".pdf": 12, ".docx": 3}), _ignored_summary({})
    ('; ignored 15 files of types not read (.pdf 12, .docx 3; list them with -v)', '')
    """
    if not ignored:
        return ""
    parts = [f"{suffix} {n}" for suffix, n in list(ignored.items())[:shown]]
    if len(ignored) > shown:
        parts.append(f"{len(ignored) - shown} more types")
    total = sum(ignored.values())
    return f"; ignored {total} file{'s' if total != 1 else ''} of types not read ({', '.join(parts)}; list them with -v)"


quiet_option = click.option(
    "-q",
    "--quiet",
    is_flag=True,
    help="Print only what failed or changed: failures, and files skipped that the last run did not skip "
    "(no summary, no progress bar).",
)
json_option = click.option("--json", "as_json", is_flag=True, help="Print the statistics as one JSON object.")
verbose_option = click.option(
    "-v", "--verbose", is_flag=True, help="Also print the traceback of each unexpected error (a bug to report)."
)


def jsonl_field_options(fn):
    """``--id-field``, ``--text-field``, ``--title-field``, ``--date-field``: the fields of JSONL records."""
    usual = {"id": "id, _id, docid", "text": "text, contents", "title": "title", "date": "date"}
    for role in ("date", "title", "text", "id"):
        fn = click.option(
            f"--{role}-field",
            metavar="NAME",
            default=None,
            help=f"The field of a JSONL record holding its {role}; remembered for reindex "
            f"[default: as last time, at first the first of: {usual[role]}].",
        )(fn)
    return fn


@main.command("index")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@index_option
@lock_option
@jobs_option
@follow_links_option
@text_ext_option
@max_file_size_option
@jsonl_field_options
@click.option(
    "--rebuild",
    is_flag=True,
    help="Make the index anew from the files of every path it holds (and PATHS): the remedy for a damaged index.",
)
@json_option
@quiet_option
@verbose_option
@_guarded
def index_cmd(
    paths: tuple[Path, ...],
    index_dir: Path | None,
    lock_timeout: float,
    jobs: int,
    follow_links: bool | None,
    as_text: tuple[str, ...] | None,
    max_file_size: int | None,
    id_field: str | None,
    text_field: str | None,
    title_field: str | None,
    date_field: str | None,
    rebuild: bool,
    as_json: bool,
    quiet: bool,
    verbose: bool,
) -> None:
    """Add files or folders to the index, or update them (text, Markdown, HTML, JSONL, PDF,
    DOCX, ODT, EPUB, EML/mbox, RTF; see the README's file formats).

    Only files that changed since they were last indexed are read again; indexed
    files that vanished from under PATHS are removed. Exit 0 when done (files
    skipped on purpose are listed on stderr), 1 when some files failed (listed on
    stderr), 2 when it could not run.
    """
    from polyseek.searcher.api import SearchIndex

    if rebuild:
        _sync_command(
            None,
            lambda bar: SearchIndex.rebuild(
                _index_dir(index_dir), *paths, lock_timeout=lock_timeout, progress=bar, follow_links=follow_links,
                jobs=jobs,
            ),
            as_json, quiet, "rebuilt", verbose, desc="rebuilding",
        )
        return
    if not paths:
        raise click.UsageError("give the files or folders to index (or --rebuild)")
    with SearchIndex.open_or_create(_index_dir(index_dir), lock_timeout=lock_timeout) as ix:
        _sync_command(
            _index_dir(index_dir),
            lambda bar: ix.add_path(
                *paths, lock_timeout=lock_timeout, progress=bar, follow_links=follow_links, jobs=jobs,
                as_text=as_text, max_file_size=max_file_size, id_field=id_field, text_field=text_field,
                title_field=title_field, date_field=date_field,
            ),
            as_json, quiet, "indexed", verbose,
        )


@main.command("reindex")
@index_option
@lock_option
@jobs_option
@follow_links_option
@text_ext_option
@max_file_size_option
@jsonl_field_options
@json_option
@quiet_option
@verbose_option
@_guarded
def reindex_cmd(
    index_dir: Path | None,
    lock_timeout: float,
    jobs: int,
    follow_links: bool | None,
    as_text: tuple[str, ...] | None,
    max_file_size: int | None,
    id_field: str | None,
    text_field: str | None,
    title_field: str | None,
    date_field: str | None,
    as_json: bool,
    quiet: bool,
    verbose: bool,
) -> None:
    """Rescan every indexed path: re-read only what changed, drop what vanished.

    The job to run from cron. Links are followed below each path as when it was
    indexed, unless --follow-links/--no-follow-links says otherwise (then for
    every path, and remembered). Exit 0 when done (files skipped on purpose are
    listed on stderr), 1 when some files failed (listed on stderr, one line each;
    the rest is done), 2 when it could not run (no index, another writer holds
    the lock past --lock-timeout, disk error).
    """
    from polyseek.corpus.jsonl_fields import JsonlFields
    from polyseek.index.manifest import reindex_without_changes

    folder = _index_dir(index_dir)
    named = (id_field, text_field, title_field, date_field)
    fields = None if named == (None,) * 4 else JsonlFields(*named)
    # first, without opening the index: most runs from cron find nothing to do
    skipped_before = _skipped_last_time(folder) if quiet else set()
    if (stats := reindex_without_changes(folder, follow_links, as_text, max_file_size, fields)) is not None:
        _report(stats, as_json, quiet, "reindexed", skipped_before, verbose)
        return
    # the index stage only: the searcher (query compiling, ranking, snippets) is not imported
    from polyseek.index.store import PassageIndex
    from polyseek.index.sync import reindex

    pix = PassageIndex.open(folder)
    try:
        _sync_command(
            folder,
            lambda bar: reindex(
                pix, lock_timeout=lock_timeout, progress=bar, follow_links=follow_links, jobs=jobs, as_text=as_text,
                max_file_size=max_file_size, fields=fields,
            ),
            as_json, quiet, "reindexed", verbose,
        )
    finally:
        pix.close()


@main.command("check")
@index_option
@quiet_option
@_guarded
def check_cmd(index_dir: Path | None, quiet: bool) -> None:
    """Read every file of the index and compare it with the checksums written with it.

    Exit 0 when whole; 2 with one line naming the damage and the remedy
    (polyseek index --rebuild) when a file is missing, cut short or altered.
    """
    with _open(index_dir) as ix:
        segments = ix.check()
        size = ix.info().size_bytes
    if not quiet:
        click.echo(f"index is whole: {segments} segments, {size} bytes checked")


@main.command("optimize")
@index_option
@lock_option
@quiet_option
@_guarded
def optimize_cmd(index_dir: Path | None, lock_timeout: float, quiet: bool) -> None:
    """Merge the index into one segment and purge deleted passages.

    Never needed for correctness (merging happens as the index is written); it
    makes the index smaller and searches a little faster.
    """
    with _open(index_dir) as ix:
        before = ix.info()
        ix.optimize(lock_timeout=lock_timeout)
        after = ix.info()
    if not quiet:
        click.echo(
            f"optimized: {before.segments} -> {after.segments} segments, "
            f"{before.size_bytes} -> {after.size_bytes} bytes"
        )


#: Format characters shown as they are: they join or break words and move nothing.
_INVISIBLE_IN_WORDS = frozenset({0x00AD, 0x200C, 0x200D})  # soft hyphen, ZWNJ, ZWJ


class _TerminalSafe(dict):
    """``str.translate`` table, filled per code point on first sight (all of Unicode, no start-up cost).

    Control characters never reach the terminal (no escape sequences): tab and line
    feed become spaces, carriage return goes, the rest is U+FFFD. Format characters
    (bidi controls such as U+202E, which shows ``txt.exe`` as ``exe.txt``, zero-width
    and other invisible ones) and the line and paragraph separators U+2028/U+2029 are
    shown visibly as ``<U+202E>``, as ``ls`` and git quote odd names.
    """

    def __missing__(self, cp: int) -> int | str:
        category = unicodedata.category(chr(cp))
        if cp in (0x09, 0x0A):
            shown: int | str = " "
        elif cp == 0x0D:
            shown = ""
        elif category == "Cc":
            shown = "\ufffd"
        elif category in ("Zl", "Zp") or (category == "Cf" and cp not in _INVISIBLE_IN_WORDS):
            shown = f"<U+{cp:04X}>"
        else:
            shown = cp
        self[cp] = shown
        return shown


_TERMINAL_SAFE = _TerminalSafe()


def _safe(text: str) -> str:
    """``text`` as it may be written to a terminal (see :class:`_TerminalSafe`).

    >>> _safe("report\u202etxt.exe"), _safe("a\x1b[2Jb\u2028c")
    ('report<U+202E>txt.exe', 'a\ufffd[2Jb<U+2028>c')
    """
    return text.translate(_TERMINAL_SAFE)


#: What ``--json`` writes as ``\\u`` escapes besides what JSON requires: DEL, the C1
#: controls and U+2028/U+2029 (JavaScript line terminators), which ``ensure_ascii=False`` keeps raw.
_JSON_ESCAPED = str.maketrans({cp: f"\\u{cp:04x}" for cp in (0x7F, *range(0x80, 0xA0), 0x2028, 0x2029)})


def _json(data: object) -> str:
    """``data`` as one line of JSON: UTF-8 text, with DEL, C1 controls and U+2028/9 escaped.

    >>> _json({"t": "a\u2028b\x85c\x7f"})
    '{"t": "a\\\\u2028b\\\\u0085c\\\\u007f"}'
    """
    return json.dumps(data, ensure_ascii=False).translate(_JSON_ESCAPED)


colour_option = click.option(
    "--color",
    "--colour",
    "color",
    type=click.Choice(["auto", "always", "never"]),
    default="auto",
    show_default=True,
    help="Colour the output: auto = on a terminal, unless NO_COLOR is set or TERM=dumb.",
)


def _colour(choice: str) -> bool | None:
    """click's ``color``: True/False forces it, None lets click decide (a terminal or not).

    ``auto`` honours the NO_COLOR convention (https://no-color.org: any non-empty value)
    and ``TERM=dumb``; ``always`` and ``never`` override both.
    """
    if choice == "always":
        return True
    if choice == "never" or os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    return None


def _styled(text: str, ranges: tuple[tuple[int, int], ...], **base) -> str:
    """``text`` on one line with ``ranges`` in bold yellow (click drops the colour when piped)."""
    parts, last = [], 0
    for start, end in ranges:
        parts.append(click.style(_safe(text[last:start]), **base) if base else _safe(text[last:start]))
        parts.append(click.style(_safe(text[start:end]), fg="yellow", bold=True))
        last = end
    parts.append(click.style(_safe(text[last:]), **base) if base else _safe(text[last:]))
    return "".join(parts)


def _render(results: SearchResults, colour: bool | None) -> None:
    for notice in results.notices:
        click.echo(f"polyseek: {_safe(notice)}", err=True)
    if results.showing is not None:
        click.echo(
            f"no results for {_safe(results.query)!r}; showing results for "
            f"{click.style(repr(_safe(results.showing)), bold=True)}",
            color=colour,
        )
    elif results.suggestion:
        click.echo(f"did you mean: {click.style(_safe(results.suggestion), bold=True)}", color=colour)
    if not results.hits:
        why = f": {_safe(results.reason)}" if results.reason else ""
        click.echo(f"no results for {_safe(results.query)!r}{why}")
        return
    for hit in results.hits:
        head = click.style(f"{hit.rank:>2}. ", bold=True) + click.style(_safe(hit.ref), fg="cyan")
        facts = ", ".join([hit.lang, *([hit.date] if hit.date else []), f"{hit.score:.2f}"])
        furniture = click.style("  (page furniture)", fg="magenta") if hit.boilerplate else ""
        title = f"  {_styled(hit.title, hit.title_highlights, bold=True)}" if hit.title else ""
        only = click.style("  (title match)", dim=True) if hit.title_only else ""
        click.echo(f"{head}{title}  [{facts}]{only}{furniture}", color=colour)
        click.echo(f"    {_styled(hit.snippet.text, hit.snippet.ranges)}", color=colour)
        if hit.cross_script:
            found = "; ".join(f"{word} = {', '.join(words)}" for word, words in hit.cross_script.items())
            click.echo(click.style(f"    across scripts: {_safe(found)}", dim=True), color=colour)
    total = f"{results.total}" if results.total_exact else f"at least {results.total:,}"
    if results.passages:
        n = len(results.hits)
        click.echo(f"{n} passage{'s' if n != 1 else ''} from {total} matching documents")
    else:
        click.echo(f"{len(results.hits)} of {total} matching documents")


@main.command("search", cls=TextCommand)
@click.argument("query", nargs=-1, required=True)
@index_option
@click.option("-n", "--limit", type=click.IntRange(min=1), default=10, show_default=True, help="Number of hits.")
@click.option("--lang", type=click.Choice(LANGUAGES), default=None, help="Only passages in this language, or where a query word written in it matched.")
@click.option("--passages", is_flag=True, help="List every matching passage, not one per document.")
@click.option(
    "--include-boilerplate",
    is_flag=True,
    help="Also match web page furniture (related headlines, subscribe lines); such hits say so.",
)
@exact_script_option
@click.option("--no-suggest", is_flag=True, help="Do not suggest corrections (did you mean) for misspelt words.")
@click.option(
    "--exact-total",
    is_flag=True,
    help=f"Count every matching document (by default counted up to {TOTAL_EXACT_UP_TO:,}, then 'at least').",
)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object (see README).")
@colour_option
@_guarded
def search_cmd(
    query: tuple[str, ...],
    index_dir: Path | None,
    limit: int,
    lang: str | None,
    passages: bool,
    include_boilerplate: bool,
    exact_script: bool,
    no_suggest: bool,
    exact_total: bool,
    as_json: bool,
    color: str,
) -> None:
    """Search the index. QUERY: words, "phrases", "a b"~3, prefix*, -exclusions, AND, OR, NOT, (...),
    lang:ru, title:word, date:2026-03.

    The words of QUERY may be given as one argument or several. A word may start
    with "-" in any script (-футбол, -tennis); only this command's own options
    (-n, -h) are read as options. Everything after "--" is the query
    (polyseek search --json -- -n); an unknown --option is an error.
    """
    text = clean_query(" ".join(query))  # bytes that were not UTF-8 on the command line
    with _open(index_dir) as ix:
        results = ix.search(
            text,
            limit=limit,
            lang=lang,
            passages=passages,
            include_boilerplate=include_boilerplate,
            cross_script=not exact_script,
            suggest=not no_suggest,
            exact_total=exact_total,
        )
    if as_json:
        click.echo(_json(results.as_dict()))
    else:
        _render(results, colour=_colour(color))


@main.command("batch")
@click.option("--queries", "queries_path", required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--output", "output_path", required=True, type=click.Path(dir_okay=False, path_type=Path))
@index_option
@click.option("-n", "--limit", type=click.IntRange(min=1), default=100, show_default=True, help="Documents per query.")
@exact_script_option
@_guarded
def batch_cmd(queries_path: Path, output_path: Path, index_dir: Path | None, limit: int, exact_script: bool) -> None:
    """Run a file of queries; write a TREC run (qid Q0 doc rank score polyseek).

    Queries: JSONL ({"id" or "_id", "text"}, as BEIR's queries.jsonl) or a TREC topic
    file (<top> <num> <title>: the title is the query). Ids holding white space are
    written percent-encoded (see docs/cli.md). The run appears whole or not at all: a
    bad query stops the batch (exit 2, naming its line) and OUTPUT is left as it was.
    """
    from polyseek.searcher.batchfiles import QueryFileError, read_queries, trec_field
    from polyseek.searcher.results import display_path

    n = 0
    tmp = output_path.with_name(f".{output_path.name}.{os.getpid()}.tmp")
    try:
        with _open(index_dir) as ix, open(tmp, "w", encoding="utf-8") as out:
            for qid, text in read_queries(queries_path):
                try:
                    ranked = ix.rank_documents(text, limit=limit, cross_script=not exact_script)
                except QuerySyntaxError as exc:
                    raise Failure(f"{queries_path}: query {qid!r}: {exc}") from None
                for rank, (doc_id, score) in enumerate(ranked, 1):
                    out.write(f"{trec_field(qid)} Q0 {trec_field(doc_id)} {rank} {score:.6f} polyseek\n")
                n += 1
        os.replace(tmp, output_path)
    except QueryFileError as exc:
        raise Failure(str(exc)) from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
    click.echo(f"{n} queries -> {display_path(str(output_path))}", err=True)


@main.command("analyze", cls=TextCommand)
@click.argument("text", nargs=-1, required=True)
@click.option("--mode", type=click.Choice(["index", "query"]), default="index", show_default=True)
@click.option(
    "--index",
    "index_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Analyse with the settings pinned in the index at DIR [default: polyseek's own].",
)
@_guarded
def analyze_cmd(text: tuple[str, ...], mode: str, index_dir: Path | None) -> None:
    """Show how TEXT is analysed: surface, position, offsets, chain, terms (arguments as in search)."""
    words = clean_query(" ".join(text))
    if index_dir is not None:
        with _open(index_dir) as ix:
            tokens = ix.analyze(words, mode=mode)
    else:
        from polyseek.analyzers import analyze

        tokens = analyze(words, mode=mode)
    for t in tokens:
        terms = " ".join(t.terms) + (" (stopword)" if t.stopword else "")
        click.echo(f"{t.pos:>4}  {t.start:>5}-{t.end:<5}  {t.chain:<5}  {t.surface}  ->  {terms}")


@main.command("info")
@index_option
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.option(
    "--fields", is_flag=True, help="Also the bytes on disk per field (reads the whole term table: slower on a large index)."
)
@_guarded
def info_cmd(index_dir: Path | None, as_json: bool, fields: bool) -> None:
    """What the index holds: documents, passages, languages, sources, size, last run."""
    from polyseek.searcher.results import display_path

    with _open(index_dir) as ix:
        info = ix.info(fields=fields)
    if as_json:
        click.echo(_json(info.as_dict()))
        return
    langs = ", ".join(f"{k} {v}" for k, v in info.languages.items()) or "none"
    click.echo(f"index      {info.path}")
    click.echo(f"documents  {info.documents} ({langs})")
    click.echo(f"passages   {info.passages} in {info.files} files")
    click.echo(f"storage    {info.size_bytes} bytes in {info.segments} segments, {info.deleted} deleted passages")
    if info.field_bytes:
        total = max(info.size_bytes, 1)
        big = [(name, n) for name, n in info.field_bytes.items() if n * 100 >= total]
        rest = sum(info.field_bytes.values()) - sum(n for _, n in big)
        shares = [f"{name} {n} ({100 * n / total:.0f}%)" for name, n in big]
        if rest:
            shares.append(f"{len(info.field_bytes) - len(big)} more {rest} ({100 * rest / total:.0f}%)")
        click.echo(f"fields     {', '.join(shares)}")
    click.echo(f"indexed    {info.last_indexed or 'never'}")
    if info.last_run:
        r = info.last_run
        click.echo(
            f"last run   {r['added']} added, {r['updated']} updated, {r['deleted']} deleted, "
            f"{r['unchanged']} unchanged, {r.get('skipped', 0)} skipped, {r['failed']} failed in {r['seconds']:.2f}s"
        )
    for root in info.roots:
        links = " (following links)" if root in info.following_links else ""
        click.echo(f"root       {_safe(display_path(root))}{links}")
