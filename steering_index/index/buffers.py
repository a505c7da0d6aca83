"""Editor buffers: the last parse tree of each open buffer, reparsed incrementally on a change,
and its extract, re-extracted only around the edit when `window` can do that."""

from __future__ import annotations

import threading
from dataclasses import dataclass

from tree_sitter import Tree

from steering_index.index.extract import PackedExtract, extract_packed, point_of
from steering_index.index.languages import cached_parser
from steering_index.index.lines import parser_bytes
from steering_index.index.window import reextract


@dataclass(slots=True)
class _Parsed:
    language: str
    data: bytes
    tree: Tree
    found: PackedExtract | None = None  # its extract, once `extract` has made it


class BufferTrees:
    """The last parse tree of each open editor buffer, so that a change reparses incrementally.

    An editor sends a buffer's whole text on every (debounced) change; the edit is the span
    between the common prefix and suffix of the old and new bytes, and tree-sitter then
    reuses every subtree outside it. Bounded to `capacity` buffers and `max_bytes` of text,
    forgetting the least recently parsed first. Thread-safe: what is kept is a copy of the
    caller's tree (copies are cheap and share structure), since a kept tree is edited in place.
    """

    # A tree takes about 35 bytes of memory per byte of source (sympy's 32 largest files:
    # 5 MB of text, 175 MB of trees): 4 MiB of text keeps them under about 150 MB.
    def __init__(self, capacity: int = 32, max_bytes: int = 4 * 1024 * 1024) -> None:
        self.capacity = capacity
        self.max_bytes = max_bytes
        self._lock = threading.Lock()
        self._parsed: dict[str, _Parsed] = {}  # in order of use, the most recent last
        self._bytes = 0

    def parse(self, key: str, data: bytes, language: str) -> Tree:
        """The tree of `data`, reparsed from `key`'s previous tree when there is one."""
        data = parser_bytes(data, language)
        with self._lock:
            previous = self._take(key)
        tree, _ = self._reparse(previous, data, language)
        self._keep(key, _Parsed(language, data, tree))
        return tree

    def extract(self, key: str, path: str, data: bytes, language: str) -> PackedExtract:
        """`extract_packed` of `data`, reparsed from `key`'s previous tree and, in Python,
        re-extracted only around the edit (`window.reextract`) when that can be done."""
        data = parser_bytes(data, language)
        with self._lock:
            previous = self._take(key)
        tree, edit = self._reparse(previous, data, language)
        found: PackedExtract | None = None
        before = previous.found if previous is not None else None
        if previous is not None and before is not None and before.path == path:
            if previous.data == data and before.language == language:
                found = before
            elif edit is not None:  # a reparse of the same language
                found = reextract(path, data, tree, previous.data, previous.tree, before, edit)
        if found is None:
            found = extract_packed(path, data, language, tree)
        self._keep(key, _Parsed(language, data, tree, found))
        return found

    @staticmethod
    def _reparse(
        previous: _Parsed | None, data: bytes, language: str
    ) -> tuple[Tree, tuple[int, int, int] | None]:
        """The tree of `data`, and the edit from `previous` when it was reparsed from it."""
        if previous is not None and previous.language == language:
            if previous.data == data:
                return previous.tree, None
            edit = _edit(previous.tree, previous.data, data)
            tree = cached_parser(language).parse(data, previous.tree)
            # Error recovery depends on which subtrees were reused: broken code reparsed
            # incrementally may come out unlike the same text parsed afresh, and the index
            # must not depend on the editing history.
            if not tree.root_node.has_error:
                return tree, edit
        return cached_parser(language).parse(data), None

    def _keep(self, key: str, parsed: _Parsed) -> None:
        tree = parsed.tree
        with self._lock:
            # Another thread may have kept a parse of this buffer meanwhile: ours replaces it
            # (each entry pairs a text with its own tree, so either is a sound base).
            self._take(key)
            # The kept copy is the one a later change edits in place; the caller's tree is
            # never shared, so reading it needs no lock.
            self._parsed[key] = _Parsed(parsed.language, parsed.data, tree.copy(), parsed.found)
            self._bytes += len(parsed.data)
            while len(self._parsed) > 1 and (
                len(self._parsed) > self.capacity or self._bytes > self.max_bytes
            ):
                self._take(next(iter(self._parsed)))

    def forget(self, key: str) -> None:
        """Drop `key`'s tree (its buffer was closed, renamed or removed)."""
        with self._lock:
            self._take(key)

    def __len__(self) -> int:
        return len(self._parsed)

    def _take(self, key: str) -> _Parsed | None:
        parsed = self._parsed.pop(key, None)
        if parsed is not None:
            self._bytes -= len(parsed.data)
        return parsed


def _edit(tree: Tree, old: bytes, new: bytes) -> tuple[int, int, int]:
    """Tell `tree` (parsed from `old`) about the change to `new`, as one replaced span;
    returns its start, old end and new end."""
    start = _common_prefix(old, new)
    # The suffix is looked for after the prefix only, so that the two never overlap.
    common_end = _common_prefix(old[start:][::-1], new[start:][::-1])
    old_end, new_end = len(old) - common_end, len(new) - common_end
    tree.edit(
        start_byte=start,
        old_end_byte=old_end,
        new_end_byte=new_end,
        start_point=point_of(old, start),
        old_end_point=point_of(old, old_end),
        new_end_point=point_of(new, new_end),
    )
    return start, old_end, new_end


_BLOCK = 4096


def _common_prefix(a: bytes, b: bytes) -> int:
    """The length of the common prefix: block by block, then by halves inside a block."""
    size = min(len(a), len(b))
    low = 0
    while low + _BLOCK <= size and a[low : low + _BLOCK] == b[low : low + _BLOCK]:
        low += _BLOCK
    high = min(size, low + _BLOCK)
    while low < high:  # a[:low] == b[:low], and the answer is at most `high`
        middle = (low + high + 1) // 2
        if a[low:middle] == b[low:middle]:
            low = middle
        else:
            high = middle - 1
    return low
