"""Which paths are steering files: the server reloads the rules when one of them changes."""

from __future__ import annotations

from pathlib import PurePosixPath

from steering_index.rules.formats.aider import CONFIG as AIDER_CONFIG
from steering_index.rules.formats.cline import is_cline_file
from steering_index.rules.formats.cursor import rules_folder
from steering_index.rules.formats.windsurf import rules_folder as windsurf_rules_folder

_ANY_LEVEL_NAMES = frozenset({"AGENTS.md", "CLAUDE.md", "CLAUDE.local.md", "GEMINI.md"})
_ROOT_FILES = frozenset(
    {
        ".cursorrules",
        ".windsurfrules",
        AIDER_CONFIG,
        ".github/copilot-instructions.md",
    }
)
# Folder prefix -> suffixes of the files it holds.
_RULE_FOLDERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (".kiro/steering/", (".md",)),
    (".kiro/specs/", ("requirements.md", "design.md", "tasks.md")),
    (".github/instructions/", (".instructions.md",)),
    (".claude/rules/", (".md",)),
    (".continue/rules/", (".md",)),
)


def is_steering_file(rel_path: str) -> bool:
    """True for a workspace-relative path that some steering format reads."""
    path = PurePosixPath(rel_path.replace("\\", "/"))
    rel = path.as_posix()
    if path.name in _ANY_LEVEL_NAMES or rel in _ROOT_FILES:
        return True
    if rules_folder(rel) is not None and rel.endswith((".mdc", ".md")):
        return True
    if is_cline_file(rel) or windsurf_rules_folder(rel) is not None:
        return True
    # Imported here: `strategies.format` builds on this package (see formats/strategy.py).
    from steering_index.strategies.format import is_strategy_file

    if is_strategy_file(rel):
        return True
    return any(rel.startswith(prefix) and rel.endswith(ends) for prefix, ends in _RULE_FOLDERS)


def root_only_markers() -> tuple[str, ...]:
    """Steering files and folders a format reads only at a workspace's root: a folder holding
    one is a workspace root. (AGENTS.md, CLAUDE.md and .cursor/rules may sit anywhere.)"""
    folders = {prefix.rstrip("/") for prefix, _ in _RULE_FOLDERS}
    return tuple(sorted(_ROOT_FILES | folders))
