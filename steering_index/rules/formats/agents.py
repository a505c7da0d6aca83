"""AGENTS.md at the root and in subfolders: the nearest file wins, parents still apply.

AGENTS.md is plain markdown: no tool reads front matter in it. A `globs:` or
`alwaysApply:` block copied from a Cursor rule does nothing (the file still governs its
whole folder, and the block reaches the model as text), so lint says so.
"""

from __future__ import annotations

from steering_index.model import Finding, RuleFormat
from steering_index.rules.documents import LoadResult, combine
from steering_index.rules.findings import finding
from steering_index.rules.formats.nested import governed_by_name, load_nested
from steering_index.rules.frontmatter import parse_front_matter
from steering_index.rules.workspace import SteeringFiles

# Codex stops reading AGENTS.md text after 32 KiB; the other tools document no limit.
SIZE_LIMIT_BYTES = 32 * 1024
# Keys of other formats' front matter that people carry over into AGENTS.md.
_SCOPING_KEYS = ("globs", "alwaysApply", "applyTo", "paths", "fileMatchPattern", "trigger")


def load(ws: SteeringFiles) -> LoadResult:
    loaded = load_nested(ws, RuleFormat.AGENTS, governed_by_name("AGENTS.md"), "AGENTS.md")
    problems = [p for d in loaded.documents for p in _ignored_front_matter(d.source, d.text)]
    return combine(loaded, LoadResult(findings=tuple(problems)))


def _ignored_front_matter(rel: str, text: str) -> list[Finding]:
    fm = parse_front_matter(text, rel, strict=False)
    if not fm.present or not fm.values:
        return []
    scoping = [key for key in fm.values if key in _SCOPING_KEYS]
    keys = ", ".join(f"`{key}`" for key in (scoping or list(fm.values)))
    folder = rel.removesuffix("AGENTS.md").rstrip("/")
    where = f"`{folder}/`" if folder else "the whole workspace"
    message = (
        f"AGENTS.md has no front matter: {keys} do nothing here; this file applies to "
        f"{where} and the block is read as text"
    )
    if scoping:
        message += (
            "; to scope rules by glob, use a rule file of a format that reads them "
            "(`.cursor/rules/*.mdc`) or an AGENTS.md in the folder they are for"
        )
    return [finding("rules/ignored-front-matter", message, rel, fm.line_of(next(iter(fm.values))))]
