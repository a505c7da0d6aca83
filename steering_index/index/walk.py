"""The workspace file walk: which files the index holds, honouring .gitignore and excludes.

A file is indexable when a grammar knows its suffix (or, for a file without one, the
interpreter its shebang names), no `.gitignore` (root, nested, or
`.git/info/exclude`) or configured exclude pattern ignores it, and it lies outside vendored,
generated and tool folders (`node_modules`, `.venv`, `dist`, ...). Symlinked folders are not
followed, so a symlink loop is harmless; a symlinked file counts only when it points inside
the workspace, at a file the index would not hold in its own right: an alias of an indexed
file (RxSwift links its tests into `Sources/AllTestz/`) would vote twice, be reported twice,
and be judged by the alias's folder instead of its own. Files over the size limit are
reported as too large rather than silently dropped, so the indexer can say what it skipped.
"""

from __future__ import annotations

import os  # steering: ignore-file[library.python.paths]: plain string paths in hot loops
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pathspec

from steering_index.index.files import DEFAULT_MAX_BYTES, inside_workspace
from steering_index.index.languages import has_no_suffix, language_for_path, language_on_disk

# Folders that hold dependencies, build output, caches or VCS data: never a team's own code.
DEFAULT_EXCLUDED_DIRS = frozenset(
    {
        ".git",
        ".hg",
        ".svn",
        ".venv",
        "venv",
        "node_modules",
        "bower_components",
        "vendor",
        "third_party",
        "site-packages",
        "dist",
        "build",
        "target",
        "out",
        "coverage",
        "htmlcov",
        "__pycache__",
        ".tox",
        ".nox",
        ".mypy_cache",
        ".pytest_cache",
        ".ruff_cache",
        ".eggs",
        ".next",
        ".nuxt",
        ".gradle",
        ".terraform",
        ".cache",
        ".steering-index",
    }
)
# Generated single files that sit among real sources.
DEFAULT_EXCLUDED_SUFFIXES = (".min.js", ".bundle.js", ".min.mjs")
# Scripts a tool writes into a project, by name: Gradle's and Maven's wrappers (27 of the
# benchmarks' Kotlin, Java and C heads carry a `gradlew`) and the helpers Autotools copies
# in. Not `configure`, which ffmpeg writes by hand (Autoconf's says so in its first lines).
DEFAULT_EXCLUDED_NAMES = frozenset(
    {"gradlew", "mvnw", "install-sh", "depcomp", "missing", "ylwrap", "test-driver"}
    | {"mkinstalldirs", "ar-lib", "libtool"}
)

ProblemHandler = Callable[[str, str], None]


@dataclass(frozen=True, slots=True)
class WalkEntry:
    """One candidate file: relative POSIX path, grammar, and the stat the index compares."""

    path: str
    language: str
    size: int
    mtime_ns: int
    too_large: bool


class IgnoreRules:
    """Answers "is this path excluded?" for one workspace, reading each .gitignore once."""

    def __init__(self, root: Path, excludes: Sequence[str] = ()) -> None:
        self.root = root
        self._user = pathspec.GitIgnoreSpec.from_lines(excludes) if excludes else None
        self._specs: dict[str, pathspec.GitIgnoreSpec | None] = {}
        self._chains: dict[str, tuple[tuple[str, pathspec.GitIgnoreSpec], ...]] = {}
        self._dir_verdicts: dict[str, bool] = {}

    def saw_listing(self, folder: str, names: set[str]) -> None:
        """The walk listed `folder`: without a .gitignore there is nothing to read."""
        if folder and ".gitignore" not in names:
            self._specs.setdefault(folder, None)

    def _spec_for(self, folder: str) -> pathspec.GitIgnoreSpec | None:
        if folder not in self._specs:
            base = os.path.join(self.root, folder)
            lines: list[str] = []
            sources = [os.path.join(base, ".gitignore")]
            if not folder:
                sources.append(os.path.join(base, ".git", "info", "exclude"))
            for source in sources:
                try:
                    with open(source, encoding="utf-8", errors="replace") as ignore_file:
                        lines.extend(ignore_file.read().splitlines())
                except OSError:
                    continue
            self._specs[folder] = pathspec.GitIgnoreSpec.from_lines(lines) if lines else None
        return self._specs[folder]

    def _chain(self, folder: str) -> tuple[tuple[str, pathspec.GitIgnoreSpec], ...]:
        """The .gitignore files that govern `folder`'s entries, deepest first."""
        if folder not in self._chains:
            parent = (
                self._chain(folder.rsplit("/", 1)[0] if "/" in folder else "") if folder else ()
            )
            spec = self._spec_for(folder)
            self._chains[folder] = ((folder, spec), *parent) if spec is not None else parent
        return self._chains[folder]

    def ignored_here(self, rel: str, is_dir: bool) -> bool:
        """Whether `rel` itself is ignored, assuming its parent folders are not."""
        folder, _, name = rel.rpartition("/")
        if is_dir and (name in DEFAULT_EXCLUDED_DIRS or name.endswith(".egg-info")):
            return True
        if not is_dir and (
            name.endswith(DEFAULT_EXCLUDED_SUFFIXES) or name in DEFAULT_EXCLUDED_NAMES
        ):
            return True
        candidate = rel + "/" if is_dir else rel
        if self._user is not None and self._user.match_file(candidate):
            return True
        # The deepest .gitignore with an opinion wins, as in git.
        for base, spec in self._chain(folder):
            verdict = spec.check_file(candidate[len(base) + 1 :] if base else candidate)
            if verdict.include is not None:
                return bool(verdict.include)
        return False

    def folder_excluded(self, folder: str) -> bool:
        """Whether `folder` (not the root) is excluded, itself or through a parent folder."""
        if folder not in self._dir_verdicts:
            parent = folder.rsplit("/", 1)[0] if "/" in folder else ""
            ignored = (bool(parent) and self.folder_excluded(parent)) or self.ignored_here(
                folder, True
            )
            self._dir_verdicts[folder] = ignored or _is_virtualenv(os.path.join(self.root, folder))
        return self._dir_verdicts[folder]

    def excluded(self, rel: str) -> bool:
        """Whether the file at `rel` is excluded, through itself or any parent folder."""
        parent = rel.rsplit("/", 1)[0] if "/" in rel else ""
        return (bool(parent) and self.folder_excluded(parent)) or self.ignored_here(rel, False)


def counts_as_own_file(root: Path, rules: IgnoreRules, link: str) -> bool:
    """Whether the symlinked file `link` is indexed under its own path: it points inside the
    workspace, at a file the walk does not index where it lies (one with no grammar, or
    excluded there). An alias of an indexed file is left to that file."""
    if not inside_workspace(Path(link), root):
        return False
    target = os.path.relpath(os.path.realpath(link), os.path.realpath(root))
    target = target.replace(os.sep, "/")
    full = os.path.join(root, target)
    if rules.excluded(target) or not os.path.isfile(full):
        return True
    return language_on_disk(target, full) is None


def _is_virtualenv(folder: str) -> bool:
    # A virtualenv may have any name; `pyvenv.cfg` at its top gives it away.
    return os.path.isfile(os.path.join(folder, "pyvenv.cfg"))


@lru_cache(maxsize=256)
def _language_of_suffix(suffix: str) -> str | None:
    return language_for_path("file" + suffix)


def _language(name: str) -> str | None:
    """`language_for_path` for a file name, without building a path object per file."""
    return _language_of_suffix(os.path.splitext(name)[1]) or (
        language_for_path(name) if has_no_suffix(name) else None
    )


def scan_workspace(
    root: Path,
    rules: IgnoreRules | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    under: str = "",
    on_problem: ProblemHandler | None = None,
) -> Iterator[WalkEntry]:
    """Every indexable file under `root/under`, in the order of their paths as strings.

    The order is the index's (`ORDER BY path`: SQLite compares UTF-8 bytes, which orders
    as Python compares code points), so a scan can walk the disk and the index side by side
    without holding either. A folder's entries are sorted with a `/` after each folder's
    name, and a folder is walked where it sorts: `a.py`, then `a/b.py`, then `a_b.py`.
    """
    rules = rules or IgnoreRules(root)
    if under and rules.folder_excluded(under):
        return
    pending: list[Iterator[WalkEntry | str]] = [
        _walk_folder(root, rules, under, max_bytes, on_problem)
    ]
    while pending:
        found = next(pending[-1], None)
        if found is None:
            pending.pop()
        elif isinstance(found, str):  # a folder to walk before the rest of its parent
            pending.append(_walk_folder(root, rules, found, max_bytes, on_problem))
        else:
            yield found


def _walk_folder(
    root: Path,
    rules: IgnoreRules,
    folder: str,
    max_bytes: int,
    on_problem: ProblemHandler | None,
) -> Iterator[WalkEntry | str]:
    """The files of `folder` and, where they sort, its subfolders' relative paths."""
    try:
        with os.scandir(os.path.join(root, folder)) as it:
            entries = sorted(it, key=_sort_key)
    except OSError as exc:
        if on_problem is not None:
            on_problem(folder or ".", f"folder cannot be read: {exc.strerror}")
        return
    names = {e.name for e in entries}
    if folder and "pyvenv.cfg" in names:  # a virtualenv, whatever its name
        return
    rules.saw_listing(folder, names)
    del names
    for entry in entries:
        rel = f"{folder}/{entry.name}" if folder else entry.name
        found = _visit(root, rules, entry, rel, max_bytes)
        if found is not None:
            yield found


def _sort_key(entry: os.DirEntry[str]) -> str:
    try:
        return entry.name + "/" if entry.is_dir(follow_symlinks=False) else entry.name
    except OSError:
        return entry.name


def _visit(
    root: Path,
    rules: IgnoreRules,
    entry: os.DirEntry[str],
    rel: str,
    max_bytes: int,
) -> WalkEntry | str | None:
    """The entry of a file to index, the relative path of a folder to walk, or None."""
    try:
        if entry.is_dir(follow_symlinks=False):
            return None if rules.ignored_here(rel, True) else rel
        language = _language(entry.name)
        if language is None and not has_no_suffix(entry.name):
            return None
        if rules.ignored_here(rel, False):
            return None
        if entry.is_symlink() and not counts_as_own_file(root, rules, entry.path):
            return None
        stat = entry.stat()
    except OSError:  # vanished mid-walk, or a dangling symlink: nothing to index
        return None
    if not entry.is_file():
        return None
    if language is None:  # a script, by its shebang (never opened before it is known a file)
        language = language_on_disk(rel, entry.path)
        if language is None:
            return None
    return WalkEntry(rel, language, stat.st_size, stat.st_mtime_ns, stat.st_size > max_bytes)


def workspace_files(
    root: Path, excludes: Sequence[str] = (), max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[str]:
    """Relative POSIX paths of the indexable source files under `root` (size limit applied)."""
    for entry in scan_workspace(root, IgnoreRules(root, excludes), max_bytes):
        if not entry.too_large:
            yield entry.path
