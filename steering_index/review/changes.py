"""The lines a change touched, from git: staged changes, or the changes since a ref.

Each changed file comes with its new text (the staged text for `--staged`, the working tree
for a ref) and the line ranges its hunks added or changed there. A file that was deleted,
is binary, is not UTF-8 or was only renamed or had its mode changed has nothing to review;
it is listed in `skipped` with why. A rename is reviewed under its new name, and only the
lines the rename changed count.
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from steering_index.index.lines import split_lines
from steering_index.model import LineRange

_HUNK = re.compile(r"^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@")


class ChangesError(Exception):
    """Git could not tell what changed (not a repository, a bad ref); shown as is."""


@dataclass(frozen=True, slots=True)
class ChangedFile:
    path: str  # relative to the workspace root, `/`-separated
    text: str
    changed: tuple[LineRange, ...]  # in `text`, 1-based
    old_path: str | None = None  # for a rename


@dataclass(frozen=True, slots=True)
class ChangeSet:
    files: list[ChangedFile] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # "path: why", one per file left out


def git_changes(
    root: Path, staged: bool, ref: str | None, pathspecs: list[str] | None = None
) -> ChangeSet:
    """The files changed (staged, or since `ref`) under `root`, limited to `pathspecs`."""
    base = _diff_base(root, staged, ref)
    listing = _git(
        root, "diff", "--name-status", "-z", "-M", "--relative", *base, "--", *(pathspecs or [])
    )
    result = ChangeSet()
    fields = listing.split("\0")
    at = 0
    while at < len(fields) and fields[at]:
        status = fields[at]
        paths = fields[at + 1 : at + (3 if status[0] in "RC" else 2)]
        at += 1 + len(paths)
        _add_change(root, staged, base, status[0], paths, result)
    return result


def changed_paths(
    root: Path, staged: bool, ref: str | None, pathspecs: list[str] | None = None
) -> list[str]:
    """The files under `root` that were added, changed, copied or renamed (staged, or since
    `ref` in the working tree), limited to `pathspecs`: workspace-relative, `/`-separated.
    A renamed file is listed under its new name, whose name may now drift."""
    base = _diff_base(root, staged, ref)
    listing = _git(
        root, "diff", "--name-only", "-z", "-M", "--diff-filter=ACMR", "--relative", *base,
        "--", *(pathspecs or []),
    )  # fmt: skip
    return [path for path in listing.split("\0") if path]


def _diff_base(root: Path, staged: bool, ref: str | None) -> list[str]:
    """What `git diff` compares with: the index (`--cached`), or `ref` checked to be a
    commit; raises `ChangesError` outside a repository."""
    _git(root, "rev-parse", "--show-toplevel", what="find the git repository")
    return ["--cached"] if staged else [_commit(root, ref or "HEAD")]


def _add_change(
    root: Path, staged: bool, base: list[str], status: str, paths: list[str], out: ChangeSet
) -> None:
    from steering_index.secrets import is_secret_path

    path = paths[-1]
    old = paths[0] if status in "RC" else None
    if status == "D":
        out.skipped.append(f"{path}: deleted; nothing to review")
        return
    if status == "U":
        out.skipped.append(f"{path}: unmerged; resolve the conflict, then review it")
        return
    if is_secret_path(path):
        out.skipped.append(f"{path}: looks like a secret file; skipped")
        return
    patch = _git(
        root, "diff", "-U0", "-M", "--no-color", "--no-ext-diff", "--no-textconv",
        "--relative", *base, "--", *paths,
    )  # fmt: skip
    if _is_binary(patch):
        out.skipped.append(f"{path}: binary; skipped")
        return
    data = _staged_bytes(root, path) if staged else _worktree_bytes(root, path)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        out.skipped.append(f"{path}: not UTF-8 text; skipped")
        return
    changed = hunk_lines(patch, len(split_lines(text)))
    if not changed:
        why = f"renamed from {old} with its text unchanged" if old else "no change to its text"
        out.skipped.append(f"{path}: {why}; nothing to review")
        return
    out.files.append(ChangedFile(path, text, changed, old if status == "R" else None))


def _is_binary(patch: str) -> bool:
    return any(
        line.startswith("Binary files ") or line == "GIT binary patch"
        for line in patch.splitlines()
    )


def hunk_lines(patch: str, line_count: int) -> tuple[LineRange, ...]:
    """The new-side lines each hunk of a `-U0` patch added or changed. A hunk that only
    removed lines marks the lines on either side of the gap it left."""
    ranges: list[LineRange] = []
    for line in patch.splitlines():
        match = _HUNK.match(line)
        if match is None:
            continue
        start, count = int(match.group(1)), int(match.group(2) or "1")
        if count:
            ranges.append(LineRange(start, start + count - 1))
        elif line_count:
            # After `-U0`, `+N,0` means "removed after line N" (0: at the top).
            ranges.append(LineRange(max(1, start), min(max(1, start + 1), line_count)))
    return tuple(ranges)


def _commit(root: Path, ref: str) -> str:
    """`ref` checked to name a commit, so that a typo is one clear message."""
    if ref.startswith("-"):
        raise ChangesError(f"{ref!r} is not a git ref (it looks like an option)")
    done = _run(root, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
    if done.returncode != 0:
        raise ChangesError(
            f"{ref!r} is not a commit, branch or tag in this repository "
            "(check the name with `git log --oneline`)"
        )
    return done.stdout.decode().strip()


def _staged_bytes(root: Path, path: str) -> bytes:
    done = _run(root, "show", f":./{path}")
    if done.returncode != 0:
        raise ChangesError(f"{path}: cannot read its staged text: {_stderr(done)}")
    return done.stdout


def _worktree_bytes(root: Path, path: str) -> bytes:
    try:
        return (root / path).read_bytes()
    except OSError as error:
        raise ChangesError(f"{path}: cannot read it ({error.strerror})") from None


def _git(root: Path, *args: str, what: str = "run git diff") -> str:
    done = _run(root, *args)
    if done.returncode != 0:
        raise ChangesError(f"cannot {what} in {root}: {_stderr(done)}")
    return done.stdout.decode("utf-8", "surrogateescape")


def _run(root: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(
            ["git", "-c", "core.quotePath=false", *args],
            cwd=root,
            capture_output=True,
            check=False,
        )
    except OSError as error:
        raise ChangesError(f"cannot run git: {error.strerror}") from None


def _stderr(done: subprocess.CompletedProcess[bytes]) -> str:
    return done.stderr.decode("utf-8", "replace").strip() or f"exit code {done.returncode}"
