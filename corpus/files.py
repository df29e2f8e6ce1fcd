"""Finding source files: which suffixes are read, how folders are walked, which links are followed.

Rules of the walk (all decided here, so every caller sees the same files):

- Only files with a suffix of :data:`SUPPORTED_SUFFIXES` are sources, plus those with
  a suffix the caller names in ``as_text`` (read as plain text); other regular
  files in a folder are passed to ``on_ignored`` (counted by suffix in the summary). Names starting with ``.`` below the root are skipped (the root itself
  is always used). A folder named like a file (``notes.txt/``) is a folder.
- Only regular files are read: FIFOs, sockets and devices are never opened.
- Symbolic links below the root: a link whose target lies inside the root is never
  followed (the target is indexed where it lives, so nothing is indexed twice, and a
  link to a folder above cannot loop). A link leading outside the root is reported as
  skipped unless ``follow_links=True``; then it is followed, every real file and
  folder out there is visited once, and a link back to a folder being walked is
  reported as a loop. Dangling links and link loops are reported as skipped.
- Folders are walked without recursion, however deep. A folder that cannot be
  listed (no permission, a path longer than the system allows) is reported as a failure (its files are not lost
  from the index: see :func:`index.sync.sync_paths`), and the walk goes on.
- A file or folder whose name is not valid UTF-8 is reported as skipped: names are
  stored as UTF-8 text.

Problems are passed to ``on_problem(path, error)`` with a
:class:`~corpus.model.SkippedSource` (left out on purpose) or a
:class:`~corpus.model.CorpusError` (could not be read); without ``on_problem`` skips
are silent and errors raise.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from .model import CorpusError, SkippedSource
from .formats.suffixes import FORMAT_SUFFIXES

__all__ = [
    "SUPPORTED_SUFFIXES",
    "IgnoredCallback",
    "ProblemCallback",
    "ignored_key",
    "is_supported",
    "iter_source_files",
    "text_suffixes",
    "unusable_name",
]

#: Suffixes :func:`corpus.read_file` understands (matched case-insensitively): the one
#: list of file types polyseek reads (a new reader adds its suffix here).
SUPPORTED_SUFFIXES = (".txt", ".md", ".jsonl", ".html", ".htm", *FORMAT_SUFFIXES)

#: Told about every path the walk leaves out (:class:`SkippedSource`) or cannot read.
ProblemCallback = Callable[[Path, CorpusError], None]
#: Told about every regular file the walk passes over because polyseek does not read its type.
IgnoredCallback = Callable[[Path], None]


def is_supported(path: str | Path, as_text: Iterable[str] = ()) -> bool:
    """Whether ``path`` has a suffix polyseek reads, or one of ``as_text`` (read as plain text).

    >>> is_supported("notes/README.MD"), is_supported("photo.jpg"), is_supported("run.LOG", (".log",))
    (True, False, True)
    """
    suffix = Path(path).suffix.lower()
    return suffix in SUPPORTED_SUFFIXES or suffix in as_text


def text_suffixes(values: Iterable[str]) -> tuple[str, ...]:
    """User-given suffixes to read as plain text, normalised (lower case, with a dot, sorted);
    ValueError for one that is not a plain suffix.

    >>> text_suffixes(["log", ".CSV", " .log "])
    ('.csv', '.log')
    """
    out = set()
    for value in values:
        value = value.strip().lower()
        if not value:
            continue
        suffix = value if value.startswith(".") else f".{value}"
        if len(suffix) < 2 or any(c in suffix[1:] for c in "./\\ *?") or not suffix.isprintable():
            raise ValueError(f"{value!r} is not a file name suffix (like .log)")
        out.add(suffix)
    return tuple(sorted(out))


def ignored_key(path: str | Path) -> str:
    """How an ignored file is counted: its suffix in lower case, ``(none)`` without one.

    >>> ignored_key("a/Report.PDF"), ignored_key("Makefile")
    ('.pdf', '(none)')
    """
    return Path(path).suffix.lower() or "(none)"


def unusable_name(path: str | Path) -> SkippedSource | None:
    """Why ``path`` cannot be a source name (bytes that are not UTF-8), or None.

    Sources are stored by name as UTF-8 text, so such a file is skipped, never garbled.

    >>> import os
    >>> print(unusable_name(os.fsdecode(b"/data/caf\\xe9.txt")))
    /data/caf\xe9.txt: file name is not valid UTF-8; rename it to index it
    >>> unusable_name("/data/café.txt") is None
    True
    """
    text = str(path)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        shown = os.fsencode(text).decode("utf-8", "backslashreplace")
        return SkippedSource(f"{shown}: file name is not valid UTF-8; rename it to index it")
    return None


def iter_source_files(
    root: str | Path,
    *,
    follow_links: bool = False,
    on_problem: ProblemCallback | None = None,
    as_text: Iterable[str] = (),
    on_ignored: IgnoredCallback | None = None,
) -> Iterator[Path]:
    """Yield ``root`` if it is a supported file, or every supported file under a folder.

    Folders are walked depth first with the entries of each folder in code-point
    order of their names, so the order is the same on every machine. Paths are
    ``root`` joined with the names found, not resolved. See the module doc for
    hidden names, links and how problems are reported.

    >>> from pathlib import Path
    >>> [p.name for p in iter_source_files(Path(__file__).parent / "samples")][:2]
    ['ar-golovkin-qatar-solidarity.txt', 'en-noc-kazakhstan-news.txt']
    """
    root = Path(root)
    report = on_problem or _raise_errors
    if (problem := unusable_name(root)) is not None:
        report(root, problem)
        return
    try:
        st = root.stat()
    except OSError as err:
        reason = "no such file or folder" if isinstance(err, FileNotFoundError) else _describe(err)
        report(root, CorpusError(f"{root}: {reason}"))
        return
    if stat.S_ISDIR(st.st_mode):
        walk = _Walk(root, follow_links, report, tuple(as_text), on_ignored)
        yield from walk.folders(root, _key(st))
    elif not stat.S_ISREG(st.st_mode):
        report(root, SkippedSource(f"{root}: not a regular file or folder"))
    elif is_supported(root, as_text):
        yield root
    else:
        supported = ", ".join(SUPPORTED_SUFFIXES)
        report(root, SkippedSource(f"{root}: unsupported file type {root.suffix or '(none)'!r} (supported: {supported})"))


def _raise_errors(path: Path, error: CorpusError) -> None:
    if not isinstance(error, SkippedSource):
        raise error


def _describe(err: OSError) -> str:
    if err.errno == errno.ELOOP:
        return "symlink loop"
    return err.strerror or str(err)


def _key(st: os.stat_result) -> tuple[int, int]:
    return st.st_dev, st.st_ino


class _Walk:
    """One walk under ``root``: remembers the real files and folders already visited."""

    def __init__(
        self,
        root: Path,
        follow_links: bool,
        report: ProblemCallback,
        as_text: tuple[str, ...] = (),
        on_ignored: IgnoredCallback | None = None,
    ) -> None:
        self.root = root
        self.as_text = as_text
        self.on_ignored = on_ignored
        self.real_root = os.path.realpath(root)
        self.follow_links = follow_links
        self.report = report
        self.visited: set[tuple[int, int]] = set()

    def folders(self, top: Path, top_key: tuple[int, int]) -> Iterator[Path]:
        """Supported files under ``top``, depth first, without recursion: a tree
        thousands of folders deep is walked like a flat one (a folder whose path the
        system refuses, longer than ``PATH_MAX``, is reported as one it cannot list)."""
        stack = [self._entries(top)]  # one iterator over sorted entries per folder being walked
        keys = [top_key]  # the folders being walked, from the root down
        ancestors = {top_key}
        while stack:
            entry = next(stack[-1], None)
            if entry is None:
                stack.pop()
                ancestors.discard(keys.pop())
                continue
            path = Path(entry.path)
            if (problem := unusable_name(entry.name)) is not None:
                if entry.is_dir() or is_supported(path, self.as_text):
                    self.report(path, unusable_name(path) or problem)
                continue
            if entry.is_symlink() and not self._follow(path):
                continue
            try:
                st = entry.stat()
            except OSError as err:
                if not isinstance(err, FileNotFoundError) and entry.is_dir(follow_symlinks=False):
                    self.report(path, CorpusError(f"{path}: cannot open folder ({_describe(err)})"))
                    continue
                if not isinstance(err, FileNotFoundError):
                    reason = _describe(err)
                elif entry.is_symlink():
                    reason = "dangling symlink"
                else:
                    reason = "vanished during the scan"
                if is_supported(path, self.as_text) or entry.is_symlink():
                    self.report(path, SkippedSource(f"{path}: {reason}"))
                continue
            key = _key(st)
            if stat.S_ISDIR(st.st_mode):
                if key in ancestors:
                    self.report(path, SkippedSource(f"{path}: symlink loop (leads back to a folder above it)"))
                elif key not in self.visited:
                    self.visited.add(key)
                    stack.append(self._entries(path))
                    keys.append(key)
                    ancestors.add(key)
            elif stat.S_ISREG(st.st_mode) and is_supported(path, self.as_text):
                if self.follow_links:  # a file reached by several links is read once
                    if key in self.visited:
                        continue
                    self.visited.add(key)
                yield path
            elif stat.S_ISREG(st.st_mode) and self.on_ignored is not None:
                self.on_ignored(path)

    def _entries(self, folder: Path) -> Iterator[os.DirEntry]:
        """The entries of ``folder`` not hidden, in code-point order of their names (none if it cannot be listed)."""
        try:
            with os.scandir(folder) as scan:
                entries = sorted((e for e in scan if not e.name.startswith(".")), key=lambda e: e.name, reverse=True)
        except OSError as err:
            self.report(folder, CorpusError(f"{folder}: cannot list folder ({_describe(err)})"))
            return iter(())
        return _taken(entries)

    def _follow(self, link: Path) -> bool:
        """Whether to follow the symlink ``link`` (reporting the ones left out)."""
        try:
            target = os.path.realpath(link, strict=True)
        except OSError as err:
            reason = "dangling symlink" if isinstance(err, FileNotFoundError) else _describe(err)
            self.report(link, SkippedSource(f"{link}: {reason}"))
            return False
        if target == self.real_root or target.startswith(self.real_root.rstrip(os.sep) + os.sep):
            return False  # the target is walked where it lives
        if self.follow_links:
            return True
        if os.path.isdir(target) or is_supported(link, self.as_text) or is_supported(target, self.as_text):
            self.report(link, SkippedSource(f"{link}: symlink to {target}, outside {self.root}; not followed (use --follow-links)"))
        return False


def _taken(entries: list[os.DirEntry]) -> Iterator[os.DirEntry]:
    """``entries`` from the last to the first, each let go once the walk is past it: an entry
    keeps the ``stat`` it was asked for, so a folder of 110,000 files held ~90 MiB of them
    (tracemalloc) until its walk ended, beside the ~42 MiB the scan keeps of its files.

    >>> list(_taken([3, 2, 1]))
    [1, 2, 3]
    """
    while entries:
        yield entries.pop()
