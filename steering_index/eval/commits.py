"""Recent changes as tasks: small one-file commits from `git log`, reverted in the task's file.

A commit qualifies when it is not a merge, touches exactly one indexed source file with a
few hunks, and that file has not changed since (so the rest of the workspace is as the
commit left it). The task's file is the file before the commit, the target is the span of
lines the commit changed, the expected text is what it wrote there, and the commit's
subject is the task. Nothing in the working tree is touched: git is only read.
"""

from __future__ import annotations

import difflib
import subprocess
from collections.abc import Callable, Sequence
from pathlib import Path

from steering_index.eval.tasks import EvalTask, is_candidate_file, make_task
from steering_index.index.languages import language_of
from steering_index.model import LineRange

MAX_COMMITS = 400
MAX_CHANGED_LINES = 30
MAX_HUNKS = 3
MAX_TARGET_LINES = 40
_TIMEOUT_S = 60


def _git(root: Path, *args: str) -> str | None:
    try:
        done = subprocess.run(
            ["git", "-C", str(root), *args],
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
            timeout=_TIMEOUT_S,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout if done.returncode == 0 else None


def _one_file_commits(root: Path, limit: int) -> list[tuple[str, str, str]]:
    """(sha, subject, path) of recent non-merge commits that touch one file, a little."""
    out = _git(
        root, "log", "--no-merges", "--relative", "--numstat", f"-n{limit}",
        "--format=%x1e%H%x1f%s",
    )  # fmt: skip
    if not out:
        return []
    found = []
    for record in out.split("\x1e")[1:]:
        head, _, stats = record.partition("\n")
        sha, _, subject = head.partition("\x1f")
        rows = [line.split("\t") for line in stats.strip().splitlines() if line.strip()]
        if len(rows) != 1 or len(rows[0]) != 3 or not rows[0][0].isdigit():
            continue  # several files, a binary file, or a rename
        added, deleted, path = int(rows[0][0]), int(rows[0][1]), rows[0][2]
        if 0 < added + deleted <= MAX_CHANGED_LINES and "=>" not in path:
            found.append((sha, subject.strip(), path))
    return found


def recent_changes(
    root: Path, is_indexed: Callable[[str], bool], tests_for: Callable[[str, str], Sequence[str]]
) -> list[EvalTask]:
    """Tasks from the recent one-file commits whose file is indexed and unchanged since."""
    found = []
    for sha, subject, path in _one_file_commits(root, MAX_COMMITS):
        if not subject or not is_indexed(path):
            continue
        if _git(root, "rev-parse", f"{sha}:./{path}") != _git(root, "rev-parse", f"HEAD:./{path}"):
            continue  # changed again since: the rest of the workspace moved on
        before = _git(root, "show", f"{sha}^:./{path}")
        after = _git(root, "show", f"{sha}:./{path}")
        if before is None or after is None or not is_candidate_file(path, after):
            continue
        language = language_of(path, after.encode("utf-8"))  # a script by its shebang
        if language is None:
            continue
        task = _reverted(sha, subject, path, language, before, after, tests_for)
        if task is not None:
            found.append(task)
    return found


def _reverted(
    sha: str,
    subject: str,
    path: str,
    language: str,
    before: str,
    after: str,
    tests_for: Callable[[str, str], Sequence[str]],
) -> EvalTask | None:
    old = before.splitlines(keepends=True)
    new = after.splitlines(keepends=True)
    groups = [op for op in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes()]
    changed = [op for op in groups if op[0] != "equal"]
    if not changed or len(changed) > MAX_HUNKS:
        return None
    a, b = changed[0][1], changed[-1][2]
    c, d = changed[0][3], changed[-1][4]
    if a == b:  # a pure insertion: take in the line before it (or after, at the top)
        if a > 0:
            a, c = a - 1, c - 1
        elif b < len(old):
            b, d = b + 1, d + 1
        else:
            return None
    if b - a > MAX_TARGET_LINES:
        return None
    return make_task(
        "commit",
        path,
        language,
        f"commit {sha[:12]} {path}",
        subject,
        before,
        LineRange(a + 1, b),
        "".join(new[c:d]),
        tests_for(path, "".join(new[c:d])),
    )
