"""GEMINI.md (Gemini CLI) in the workspace and its subfolders, with `@file` imports."""

from __future__ import annotations

from steering_index.model import RuleFormat
from steering_index.rules.documents import LoadResult
from steering_index.rules.formats.nested import governed_by_name, load_nested
from steering_index.rules.references import Syntax
from steering_index.rules.workspace import SteeringFiles


def load(ws: SteeringFiles) -> LoadResult:
    governs = governed_by_name("GEMINI.md")
    return load_nested(ws, RuleFormat.GEMINI, governs, "GEMINI.md", Syntax.AT_PATH)
