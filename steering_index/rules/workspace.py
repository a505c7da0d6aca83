"""The workspace as rule loaders see it: one walk of its files, and reads that never raise.

The walk skips folders no steering file lives in and that can hold hundreds of thousands
of files (`.git`, `node_modules`, virtual environments, caches), and never follows a
symlinked folder, so a link back to an ancestor cannot loop. Symlinked *files* are listed
(a loop among them is then reported by the read, not hidden by the walk).
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


def walk_files(root: Path) -> list[str]:
    """Every file under `root` as a sorted POSIX path relative to it, skipping SKIP_DIRS."""
    found: list[str] = []
    pending = [""]
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


@dataclass
class SteeringFiles:
    """The root, its files, and the findings of reading them (collected, never raised)."""

    root: Path
    files: tuple[str, ...]
    findings: list[Finding] = field(default_factory=list)

    @classmethod
    def scan(cls, root: Path) -> SteeringFiles:
        root = root.resolve()
        return cls(root, tuple(walk_files(root)))

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
        return rel in self._file_set

    def under(self, folder: str) -> Iterable[str]:
        """Files whose path starts with `folder/`."""
        prefix = folder.rstrip("/") + "/"
        return (f for f in self.files if f.startswith(prefix))

    @cached_property
    def _file_set(self) -> frozenset[str]:
        return frozenset(self.files)


def _loop_problem(path: Path) -> ReadProblem | None:
    """A symlink loop, named as one (`read_text` would call it outside the workspace)."""
    try:
        path.stat()
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return ReadProblem("unreadable", f"is a symlink loop ({os.strerror(exc.errno)})")
    return None
