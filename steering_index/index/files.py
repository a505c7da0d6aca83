"""Safe file reading and workspace paths: every bad input becomes a `ReadProblem`, not a crash.

Both the rule loaders and the indexer read files a user controls: they may be binary, huge,
not UTF-8, unreadable, or symlinks pointing outside the workspace or into a loop. This
module is the one place that turns those cases into plain values with a clear message.
"""

from __future__ import annotations

import functools
import os  # steering: ignore-file[library.python.paths]: plain string paths in hot loops
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from stat import S_ISLNK

DEFAULT_MAX_BYTES = 1_000_000
# A NUL byte in the first block is the same heuristic git uses to call a file binary.
_SNIFF_BYTES = 8192


@dataclass(frozen=True, slots=True)
class ReadProblem:
    """Why a file could not be read as text. `kind` is machine-readable."""

    kind: str  # unreadable | binary | too-large | invalid-utf8 | outside-workspace | missing
    message: str


@dataclass(frozen=True, slots=True)
class TextFile:
    text: str
    data: bytes
    size: int
    mtime_ns: int


@functools.lru_cache(maxsize=64)
def _resolved_root(root: Path) -> Path:
    """The workspace root's real path, resolved once (every file read checks against it)."""
    return root.resolve()


def relative_posix(path: Path, root: Path) -> str | None:
    """`path` relative to `root` in POSIX form, or None when it lies outside `root`."""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return None


def inside_workspace(path: Path, root: Path) -> bool:
    """True when `path`, with every symlink resolved, stays inside `root`."""
    try:
        resolved = path.resolve(strict=False)
    except (OSError, RuntimeError):  # RuntimeError: symlink loop on older Pythons
        return False
    return resolved == root.resolve() or root.resolve() in resolved.parents


def is_binary(data: bytes) -> bool:
    return b"\x00" in data[:_SNIFF_BYTES]


def decode_text(data: bytes) -> str | ReadProblem:
    """Decode UTF-8 (a BOM is dropped); binary or invalid data becomes a problem."""
    if is_binary(data):
        return ReadProblem("binary", "binary file (contains NUL bytes); skipped")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return ReadProblem(
            "invalid-utf8",
            f"not valid UTF-8 (byte {exc.start}, line {line}); save the file as UTF-8",
        )


def text_reader(root: Path) -> Callable[[str], bytes | None]:
    """A function giving the bytes of a workspace file by its relative path, or None for
    one that cannot be read as text (binary, too large, outside the workspace)."""
    reader = WorkspaceReader(root, DEFAULT_MAX_BYTES)

    def read_bytes(path: str) -> bytes | None:
        found = reader.read(root / path)
        return found.data if isinstance(found, TextFile) else None

    return read_bytes


def workspace_exists(root: Path) -> Callable[[str], bool]:
    """A function saying whether a workspace file exists, by its relative path."""

    def exists(path: str) -> bool:
        try:
            return (root / path).exists()
        except OSError:  # a folder that cannot be searched: not known to be gone
            return True

    return exists


def read_text(
    path: Path, root: Path | None = None, max_bytes: int = DEFAULT_MAX_BYTES
) -> TextFile | ReadProblem:
    """Read `path` as UTF-8 text, or say exactly why not.

    With `root`, a path whose real location is outside the workspace (through `..` or a
    symlink) is refused without being opened.
    """
    if root is None:
        return _read(path, None, max_bytes)
    return WorkspaceReader(root, max_bytes).read(path)


class WorkspaceReader:
    """`read_text` for many files of one workspace read in a short span (a chunk of an
    index build): each folder is resolved once, not every component of every file's path.

    A file that is not itself a symlink lies where its folder really is, so only the folder
    needs resolving; the file is then opened without following a symlink, so a file turned
    into one since it was looked at is not followed either. Keep a reader briefly: a folder
    replaced by a symlink after it was resolved would not be noticed.
    """

    def __init__(self, root: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> None:
        self.max_bytes = max_bytes
        self._real_root = str(_resolved_root(root))
        self._folders: dict[str, bool] = {}  # folder as named -> inside the workspace

    def read(self, path: str | os.PathLike[str]) -> TextFile | ReadProblem:
        name = os.fspath(path)
        folder, _, base = name.rpartition(os.sep)
        try:
            stat = os.lstat(name)
        except FileNotFoundError:
            return ReadProblem("missing", "file not found")
        except OSError as exc:
            return ReadProblem("unreadable", f"cannot be read: {os.strerror(exc.errno or 0)}")
        if S_ISLNK(stat.st_mode) or base in ("", ".", ".."):
            return self._read_resolved(Path(name))
        if not self._inside_folder(folder):
            return _OUTSIDE
        return _read(name, stat, self.max_bytes, _NO_FOLLOW)

    def _inside_folder(self, folder: str) -> bool:
        inside = self._folders.get(folder)
        if inside is None:
            try:
                real = os.path.realpath(folder or os.sep)
            except (OSError, RuntimeError):
                real = ""
            inside = self._folders[folder] = self._inside(real)
        return inside

    def _inside(self, real: str) -> bool:
        root = self._real_root
        return real == root or real.startswith(root.rstrip(os.sep) + os.sep)

    def _read_resolved(self, path: Path) -> TextFile | ReadProblem:
        """The careful way, for a symlink: resolve the whole path before opening it."""
        try:
            resolved = path.resolve(strict=False)
        except (OSError, RuntimeError):  # RuntimeError: a symlink loop on Python < 3.13
            return ReadProblem("unreadable", "cannot be read: a symlink loop")
        if not self._inside(str(resolved)):
            return _OUTSIDE
        return _read(path, None, self.max_bytes)


# Windows has neither flag; there, a file swapped for a symlink after the check is followed.
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
_NO_FOLLOW = getattr(os, "O_NOFOLLOW", 0)
_OUTSIDE = ReadProblem("outside-workspace", "resolves outside the workspace; not read")


def _read(
    path: str | Path, stat: os.stat_result | None, max_bytes: int, flags: int = 0
) -> TextFile | ReadProblem:
    """Read and decode `path`, whose stat (following symlinks) may be known already."""
    try:
        if stat is None:
            stat = os.stat(path)
    except FileNotFoundError:
        return ReadProblem("missing", "file not found")
    except OSError as exc:  # ELOOP for symlink loops, EACCES, ...
        return ReadProblem("unreadable", f"cannot be read: {os.strerror(exc.errno or 0)}")
    if stat.st_size > max_bytes:
        return ReadProblem(
            "too-large", f"{stat.st_size:,} bytes, over the limit of {max_bytes:,}; skipped"
        )
    try:
        fd = os.open(path, _OPEN_FLAGS | flags)
    except FileNotFoundError:
        return ReadProblem("missing", "file not found")
    except OSError as exc:
        return ReadProblem("unreadable", f"cannot be read: {os.strerror(exc.errno or 0)}")
    try:
        with open(fd, "rb") as handle:
            data = handle.read()
    except OSError as exc:
        return ReadProblem("unreadable", f"cannot be read: {os.strerror(exc.errno or 0)}")
    text = decode_text(data)
    if isinstance(text, ReadProblem):
        return text
    return TextFile(text=text, data=data, size=stat.st_size, mtime_ns=stat.st_mtime_ns)
