"""AGENTS.md at the root and in subfolders: the nearest file wins, parents still apply."""

from __future__ import annotations

from steering_index.model import RuleFormat
from steering_index.rules.documents import LoadResult
from steering_index.rules.formats.nested import governed_by_name, load_nested
from steering_index.rules.workspace import Workspace

# Codex stops reading AGENTS.md text after 32 KiB; the other tools document no limit.
SIZE_LIMIT_BYTES = 32 * 1024


def load(ws: Workspace) -> LoadResult:
    return load_nested(ws, RuleFormat.AGENTS, governed_by_name("AGENTS.md"), "AGENTS.md")
