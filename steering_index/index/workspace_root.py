"""The workspace root of a `steering` command: one rule, shared by every subcommand.

1. `--root DIR` wins; every path argument must lie inside it.
2. Else the root is found from the file argument (or, without one, from the current
   folder): the nearest folder at or above it that holds a repository marker (`.git`,
   `.hg`, ...) or a steering folder that only a workspace root can hold (`.kiro/steering`,
   `.github/copilot-instructions.md`, ...). So a file gives the same answer from any folder,
   and a sub-project with its own steering files (examples/shop) is a workspace of its own.
   The home folder is no root for its steering folders alone: user-wide rules live there.
3. With no such marker, the nearest folder holding a project file (`pyproject.toml`,
   `go.mod`, ...), and failing that the current folder when the path lies under it: both
   are guesses, and the command says so on stderr.
4. A path under no marker and outside the current folder is refused (exit 2), as is a path
   that does not exist or a set of paths that belong to different workspaces.
"""

from __future__ import annotations

import os  # steering: ignore-file[library.python.paths]: abspath keeps symlinks, as typed
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

REPOSITORY_MARKERS = (".git", ".hg", ".svn", ".jj")
PROJECT_MARKERS = (
    "pyproject.toml",
    "setup.py",
    "package.json",
    "go.mod",
    "Cargo.toml",
    "pom.xml",
    "build.gradle",
    "build.gradle.kts",
)


class RootRefused(Exception):
    """No workspace can be decided for what the user named; the message is shown as is."""


@dataclass(frozen=True, slots=True)
class WorkspaceRoot:
    root: Path
    note: str | None = None  # how the root was guessed, for stderr; None when a marker decided


def _holding(folder: Path, markers: Sequence[str], home_too: bool = True) -> Path | None:
    """The nearest of `folder` and its parents that holds one of `markers` (skipping the
    home folder unless `home_too`)."""
    home = Path.home()
    for candidate in (folder, *folder.parents):
        if candidate == home and not home_too:
            continue
        if any((candidate / marker).exists() for marker in markers):
            return candidate
    return None


def _inside(path: Path, root: Path) -> bool:
    return path == root or root in path.parents


def _root_from(anchor: Path, shown: str, cwd: Path) -> WorkspaceRoot:
    """The root for one folder the user named (or the current folder)."""
    from steering_index.rules.steering_files import root_only_markers

    # User-wide rules (~/.claude/rules, ~/.continue/rules, ~/.aider.conf.yml) live in the
    # home folder too: there they make no workspace.
    found = _holding(anchor, root_only_markers(), home_too=False)
    repository = _holding(anchor, REPOSITORY_MARKERS)
    if repository is not None and (found is None or found in repository.parents):
        found = repository  # the nearer of the two
    if found is not None:
        return WorkspaceRoot(found, _far_note(found))
    choose = "pass --root DIR to choose another"
    project = _holding(anchor, PROJECT_MARKERS)
    if project is not None:
        marker = next(m for m in PROJECT_MARKERS if (project / m).exists())
        return WorkspaceRoot(
            project,
            f"no .git or steering folder at or above {shown}; using {project} (it holds "
            f"{marker}) as the workspace root; {choose}",
        )
    if _inside(anchor, cwd):
        return WorkspaceRoot(
            cwd,
            f"no .git, steering folder or project file at or above {shown}; using the "
            f"current folder {cwd} as the workspace root; {choose}",
        )
    raise RootRefused(
        f"{shown} is outside the current folder and no workspace marker (.git, a steering "
        "folder or a project file) is found above it; pass --root DIR to name its workspace"
    )


def _far_note(root: Path) -> str | None:
    if root == Path.home() or root == Path(root.anchor):
        return f"the workspace root is {root} (it holds a repository marker); pass --root DIR"
    return None


def located(raw: str, given: str | None) -> str:
    """A path argument as the command should read it: with `--root DIR`, a relative path
    that does not exist from the current folder is taken relative to DIR
    (`steering rules gui/x.tsx --root continue`, run from elsewhere)."""
    path = Path(raw).expanduser()
    if given and not path.is_absolute() and not path.exists():
        under = Path(given).expanduser() / path
        if under.exists():
            return str(under)
    return raw


def decide_root(
    given: str | None, paths: Sequence[str] = (), cwd: Path | None = None
) -> WorkspaceRoot:
    """The workspace root for a command given `--root` (or None) and its path arguments.

    Raises RootRefused for a missing `--root` folder, a path that does not exist, a path
    outside the root, or paths that belong to different workspaces.
    """
    cwd = (cwd or Path.cwd()).resolve()
    paths = [located(raw, given) for raw in paths]
    for raw in paths:
        if not Path(raw).expanduser().exists():
            raise RootRefused(f"{raw} does not exist (no such file or folder)")
    if given:
        root = Path(given).expanduser()
        if not root.is_dir():
            raise RootRefused(f"--root {given} is not a folder")
        root = root.resolve()
        for raw in paths:
            typed = Path(os.path.abspath(Path(raw).expanduser()))
            if not (_inside(typed, root) or _inside(typed.resolve(), root)):
                raise RootRefused(f"{raw} is outside the workspace {root}")
        return WorkspaceRoot(root)
    if not paths:
        return _root_from(cwd, "the current folder", cwd)
    decided = []
    for raw in paths:
        path = Path(raw).expanduser().resolve()
        decided.append(_root_from(path if path.is_dir() else path.parent, raw, cwd))
    roots = sorted({d.root for d in decided})
    if len(roots) > 1:
        listed = ", ".join(str(r) for r in roots)
        raise RootRefused(
            f"the paths belong to different workspaces ({listed}); name one at a time"
        )
    return decided[0]


def announced_root(command: str, given: str | None, paths: Sequence[str] = ()) -> Path:
    """`decide_root` for a subcommand, saying a guessed root on stderr. Raises RootRefused."""
    decided = decide_root(given, paths)
    if decided.note:
        print(f"steering {command}: note: {decided.note}", file=sys.stderr)
    return decided.root


def command_root(command: str, given: str | None, paths: Sequence[str] = ()) -> Path | None:
    """`announced_root`, or None (after saying why) when the command must exit with 2."""
    try:
        return announced_root(command, given, paths)
    except RootRefused as exc:
        print(f"steering {command}: {exc}", file=sys.stderr)
        return None
