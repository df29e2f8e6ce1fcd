"""Word positions of a term in given passages, read from its posting blocks.

The snippets (:mod:`searcher.hitwords`) and the rescoring's proximity
(:mod:`searcher.docscore`) read the positions of a query's terms in a few passages each.
Whoosh's matcher steps to each passage posting by posting (``skip_to``) and, at the first
posting of a block it looks at, unpickles the block whole: its docnums, weights, and every
posting's value, each pickled (protocol 2) as a call of ``_codecs.encode(text, "latin1")``,
which looks the codec up by name again for every posting: about 60 us of a block's 75.
Here a block is decompressed and unpickled once with that global read as ``bytes`` (the
same bytes, from one C call: ``bytes(text, "latin1")``), its docnums summed in C, a passage
found in it by bisection, and its value decoded by the field format's own decoder: the
same positions.  ``blocks`` keeps the decoded blocks for a query, so that the rescoring's
and the snippets' reads of one block decode it once.

Example:
    >>> import tempfile
    >>> from pathlib import Path
    >>> from polyseek.searcher import SearchIndex
    >>> samples = Path(__file__).resolve().parents[1] / "corpus" / "samples"
    >>> with SearchIndex.create(Path(tempfile.mkdtemp()) / "ix") as ix:
    ...     _ = ix.add_path(samples)
    ...     s = ix._current_searcher()
    ...     docnums = sorted(s.document_numbers())[:50]
    ...     mine = term_positions(s, "text", "комитет", docnums, {})
    ...     whoosh = per_document(s, "text", "комитет", docnums, lambda m: list(m.value_as("positions")))
    >>> mine == whoosh != {}
    True
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Sequence
from itertools import accumulate
from marshal import loads as unmarshal
from pickle import loads
from typing import Any, TypeVar

from whoosh.matching import wrappers

from polyseek.searcher import fastpath
from polyseek.searcher.matchers import reader_postings

__all__ = ["Blocks", "per_document", "term_positions"]

T = TypeVar("T")

#: Decoded posting blocks of one query: ``(id of the postings file, block offset) -> (docnums, values)``.
Blocks = dict[tuple[int, int], tuple[tuple[int, ...], Sequence[Any]]]

#: The global a W3 block pickles each value's bytes with (protocol 2: ``_codecs.encode(text, "latin1")``) ...
_ENCODE = b"c_codecs\nencode\n"
#: ... and one of the same length that makes the same bytes without a codec lookup: ``bytes(text, "latin1")``.
_BYTES = b"cbuiltins\nbytes\n"


def term_positions(searcher: Any, fieldname: str, term: str, docnums: Sequence[int], blocks: Blocks) -> dict[int, list[int]]:
    """The positions of ``term`` in ``fieldname`` of each of ``docnums`` (global, ascending)
    that holds it, as Whoosh's ``value_as("positions")`` gives them; ``blocks``: the query's
    decoded blocks (filled here)."""
    out: dict[int, list[int]] = {}
    for sub, offset in searcher.leaf_searchers():
        end = offset + sub.doc_count_all()
        local = [n - offset for n in docnums if offset <= n < end]
        if not local:
            continue
        found = _segment_positions(sub, fieldname, term, local, blocks)
        if offset:
            out.update((n + offset, where) for n, where in found.items())
        else:
            out.update(found)
    return out


def _segment_positions(sub: Any, fieldname: str, term: str, docnums: list[int], blocks: Blocks) -> dict[int, list[int]]:
    """:func:`term_positions` over one segment (its own docnums)."""
    try:
        m = reader_postings(sub.reader(), fieldname, term)
    except Exception:  # whoosh raises TermNotFound for an absent term
        return {}
    leaf, wanted = m, docnums
    if type(m) is wrappers.FilterMatcher and m._exclude:  # the segment's deleted passages, left out
        leaf, wanted = m.child, [n for n in docnums if n not in m._ids]
    if not fastpath.is_w3_leaf(leaf) or leaf._byteids or leaf._fixedsize is not None and leaf._fixedsize >= 0:
        return values_of(m, docnums, _positions_of)  # the values as Whoosh reads them
    m, docnums = leaf, wanted
    decode = m.format.decoder("positions")
    return {n: decode(values[i]) for n, (_, values), i in fastpath.postings_at(m, docnums, lambda m: _block(m, blocks))}


def _block(m: Any, blocks: Blocks) -> tuple[tuple[int, ...], Sequence[Any]]:
    """The docnums and values of a W3 leaf's current block (decoded once per ``blocks``)."""
    key = (id(m._postfile), m._dataoffset)
    got = blocks.get(key)
    if got is None:
        if m._data is not None:  # decoded by Whoosh already (a deleted-passage filter looks at the first block)
            deltas, _, values = m._data
        else:
            data = m._postfile.get(m._dataoffset, m._nextoffset - m._dataoffset)
            deltas, _, values = _decoded(zlib.decompress(data) if m._compression else data)
        got = blocks[key] = (tuple(accumulate(deltas)), values)
    return got


def _decoded(raw: bytes) -> Any:
    """A W3 block's ``(deltas, weights, values)``: marshalled (:func:`index.codec.block_data`),
    or pickled, the values' global read as ``bytes``.

    The global is the only 16 bytes of its kind in a block: the deltas and weights before
    it are opcodes (``K``, ``M``, ``J``, ``G``) every 2 to 9 bytes, none of which it holds.

    >>> from pickle import dumps
    >>> block = dumps(((3, 1), (1.0, 2.0), (b"\\x00\\x01", b"\\xff")), 2)
    >>> _ENCODE in block, _decoded(block) == loads(block)
    (True, True)
    """
    if raw[:1] != b"\x80":  # no pickle's PROTO opcode: marshalled
        return unmarshal(raw)
    at = raw.find(_ENCODE)
    if at >= 0:
        raw = raw[:at] + _BYTES + raw[at + len(_ENCODE) :]
    return loads(raw)


def per_document(searcher: Any, fieldname: str, term: str, docnums: Sequence[int], value: Callable[[Any], T]) -> dict[int, T]:
    """``value(matcher)`` of ``term``'s posting in each of ``docnums`` (ascending) that contains it.

    The postings are the reader's, not the searcher's: ``Searcher.postings`` makes a BM25
    scorer for every segment (term lookups, field statistics) that reading weights and
    positions never uses (a fifth of a search of two names' many spellings)."""
    try:
        m = searcher.reader().postings(fieldname, term)
    except Exception:  # whoosh raises TermNotFound for an absent term
        return {}
    return values_of(m, docnums, value)


def values_of(m: Any, docnums: Sequence[int], value: Callable[[Any], T]) -> dict[int, T]:
    """``value(m)`` of matcher ``m``'s posting in each of ``docnums`` (ascending) that it has."""
    out: dict[int, T] = {}
    for n in docnums:
        if not m.is_active():
            break
        if m.id() < n:
            m.skip_to(n)
            if not m.is_active():
                break
        if m.id() == n:
            out[n] = value(m)
    return out


def _positions_of(m: Any) -> list[int]:
    """The positions of a matcher's current posting."""
    return list(m.value_as("positions"))
