"""The workspace as rule loaders see it: one walk of its files, and reads that never raise.

The walk skips folders no steering file lives in and that can hold hundreds of thousands
of files (`.git`, `node_modules`, virtual environments, caches), and never follows a
symlinked folder, so a link back to an ancestor cannot loop. Symlinked *files* are listed
(a loop among them is then reported by the read, not hidden by the walk).

`SteeringFiles.near` lists, without walking the workspace, only what can hold a steering
file bearing on files of some folders: each folder from the root down to them and the
formats' own folders there (`.cursor/`, `.claude/`, ...). A steering file governs its own
folder and what is below, so the rules it loads for a file in those folders are the
whole walk's; the editor answers from it while the whole walk runs.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from steering_index.index.files import ReadProblem, TextFile, read_text
from steering_index.model import Finding, Severity
from steering_index.rules.findings import finding

SKIP_DIRS = frozenset(
    {
        ".git",
        ".hg",
        ".svn",
        "node_modules",
        "bower_components",
        ".venv",
        "venv",
        "site-packages",
        "__pycache__",
        ".mypy_cache",
        ".ruff_cache",
        ".pytest_cache",
        ".hypothesis",
        ".tox",
        ".nox",
        ".gradle",
        ".next",
        ".nuxt",
        ".steering-index",
    }
)
# The folders steering formats keep their files in, at the root or at any level.
STEERING_FOLDERS = frozenset(
    {
        ".claude",
        ".cline",
        ".clinerules",
        ".continue",
        ".cursor",
        ".devin",
        ".github",
        ".kiro",
        ".steering",
        ".windsurf",
    }
)


def walk_files(root: Path, under: str = "") -> list[str]:
    """Every file under `root` (or its folder `under`) as a sorted POSIX path relative to
    `root`, skipping SKIP_DIRS."""
    found: list[str] = []
    pending = [under]
    while pending:
        rel_dir = pending.pop()
        try:
            entries = list(os.scandir(root / rel_dir if rel_dir else root))
        except OSError:
            continue  # an unreadable folder holds nothing we can load
        for entry in entries:
            rel = f"{rel_dir}/{entry.name}" if rel_dir else entry.name
            if entry.is_dir(follow_symlinks=False):
                if entry.name not in SKIP_DIRS:
                    pending.append(rel)
            elif not _is_symlinked_dir(entry):
                found.append(rel)
    return sorted(found)


def _is_symlinked_dir(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_symlink() and entry.is_dir()
    except OSError:
        return False


def _folder_chain(folders: Iterable[str]) -> set[str]:
    """Each folder of `folders` and every folder above it, the root ("") included; none
    inside a folder the walk skips."""
    chain = {""}
    for folder in folders:
        parts = [p for p in folder.strip("/").split("/") if p and p != "."]
        for depth in range(1, len(parts) + 1):
            if parts[depth - 1] in SKIP_DIRS:
                break
            chain.add("/".join(parts[:depth]))
    return chain


@dataclass
class SteeringFiles:
    """The root, its files, and the findings of reading them (collected, never raised).

    `complete` is False for a listing of `near`: `files` then holds only the folders it
    looked at, and `exists` asks the disk about any other path.
    """

    root: Path
    files: tuple[str, ...]
    findings: list[Finding] = field(default_factory=list)
    complete: bool = True

    @classmethod
    def scan(cls, root: Path) -> SteeringFiles:
        root = root.resolve()
        return cls(root, tuple(walk_files(root)))

    @classmethod
    def near(cls, root: Path, folders: Iterable[str]) -> SteeringFiles:
        """The files of each folder from the root down to `folders` (workspace-relative),
        and everything in the steering formats' folders there; no other folder is read."""
        root = root.resolve()
        found: list[str] = []
        for rel_dir in sorted(_folder_chain(folders)):
            try:
                entries = list(os.scandir(root / rel_dir if rel_dir else root))
            except OSError:
                continue
            for entry in entries:
                rel = f"{rel_dir}/{entry.name}" if rel_dir else entry.name
                if entry.is_dir(follow_symlinks=False):
                    if entry.name in STEERING_FOLDERS:
                        found.extend(walk_files(root, rel))
                elif not _is_symlinked_dir(entry):
                    found.append(rel)
        return cls(root, tuple(sorted(found)), complete=False)

    def read(self, rel: str) -> TextFile | None:
        """The text of `rel`, or None after recording a finding that says why not."""
        read = _loop_problem(self.root / rel) or read_text(self.root / rel, self.root)
        if isinstance(read, ReadProblem):
            self.findings.append(
                finding("rules/unreadable", f"steering file {read.message}", rel, 1, Severity.ERROR)
            )
            return None
        return read

    def exists(self, rel: str) -> bool:
        if rel in self._file_set:
            return True
        return not self.complete and _walk_would_list(self.root, rel)

    def under(self, folder: str) -> Iterable[str]:
        """Files whose path starts with `folder/`."""
        prefix = folder.rstrip("/") + "/"
        return (f for f in self.files if f.startswith(prefix))

    @cached_property
    def markdown(self) -> tuple[str, ...]:
        """The markdown files: the only ones a format reads at any level (AGENTS.md, ...)."""
        return tuple(f for f in self.files if f.endswith(".md"))

    @cached_property
    def _file_set(self) -> frozenset[str]:
        return frozenset(self.files)


def _walk_would_list(root: Path, rel: str) -> bool:
    """Whether the whole walk would list `rel`: a file, in no skipped or symlinked folder."""
    parts = rel.split("/")
    if any(part in SKIP_DIRS or part in ("", ".", "..") for part in parts[:-1]):
        return False
    folder = root
    for part in parts[:-1]:
        folder = folder / part
        if folder.is_symlink() or not folder.is_dir():
            return False
    path = folder / parts[-1]
    return os.path.lexists(path) and not path.is_dir()


def _loop_problem(path: Path) -> ReadProblem | None:
    """A symlink loop, named as one (`read_text` would call it outside the workspace)."""
    try:
        path.stat()
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return ReadProblem("unreadable", f"is a symlink loop ({os.strerror(exc.errno)})")
    return None
