"""The reviewers: what each checks and which context items it is given.

A reviewer sees only the items of the kinds it needs (the rules reviewer never sees the
spec, the spec reviewer never sees the conventions), so each request stays small. Project
reviewers come from `.steering/reviewers/*.md`: a `name:` line, an optional `kinds:` line
(comma-separated item kinds) and the text after a blank line says what to check.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)

PROMPT_VERSION = "review-1"


@dataclass(frozen=True, slots=True)
class Reviewer:
    name: str
    focus: str  # what to check, in the reviewer's instructions
    kinds: tuple[str, ...]  # the context item kinds it is given, besides the reviewed text


BUILTIN: dict[str, Reviewer] = {
    r.name: r
    for r in (
        Reviewer(
            "rules",
            "Check the code against the project's rules only. Cite the rule id of each finding.",
            ("rule",),
        ),
        Reviewer(
            "conventions",
            "Check names, structure and idioms against the inferred conventions only. "
            "Cite the convention id of each finding.",
            ("convention", "example"),
        ),
        Reviewer(
            "tests",
            "Check whether the changed behaviour is covered by tests and whether the tests "
            "shown can fail. Cite the rule id when a rule asks for tests.",
            ("rule", "signature"),
        ),
        Reviewer(
            "security",
            "Look for injection, unsafe deserialisation, secrets in code, missing input "
            "validation and unsafe file or network use.",
            ("rule",),
        ),
        Reviewer(
            "spec",
            "Check the code against the requirements and acceptance criteria shown. Cite the "
            "requirement id of each finding.",
            ("spec",),
        ),
    )
}
DEFAULT_REVIEWERS: tuple[str, ...] = tuple(BUILTIN)


def load_project_reviewers(root: Path) -> dict[str, Reviewer]:
    """The reviewers in `<root>/.steering/reviewers/*.md`; a bad file is logged and skipped."""
    found: dict[str, Reviewer] = {}
    folder = root / ".steering" / "reviewers"
    for path in sorted(folder.glob("*.md")) if folder.is_dir() else []:
        try:
            reviewer = parse_reviewer(path.read_text(encoding="utf-8"), path.stem)
        except (OSError, UnicodeDecodeError, ValueError) as error:
            log.warning("reviewer %s skipped: %s", path.name, error)
            continue
        found[reviewer.name] = reviewer
    return found


def parse_reviewer(text: str, default_name: str) -> Reviewer:
    head, _, body = text.partition("\n\n")
    fields: dict[str, str] = {}
    for line in head.splitlines():
        key, sep, value = line.partition(":")
        if not sep:
            body = text
            fields = {}
            break
        fields[key.strip().lower()] = value.strip()
    focus = body.strip()
    if not focus:
        raise ValueError("no text saying what to check (after a blank line)")
    kinds = tuple(k.strip() for k in fields.get("kinds", "rule").split(",") if k.strip())
    return Reviewer(fields.get("name", default_name), focus, kinds)


def select_reviewers(names: tuple[str, ...], project: dict[str, Reviewer]) -> list[Reviewer]:
    """The reviewers named, project ones first; an unknown name is a clear error."""
    known = BUILTIN | project
    unknown = [n for n in names if n not in known]
    if unknown:
        raise ValueError(
            f"unknown reviewer(s): {', '.join(unknown)}; known: {', '.join(sorted(known))}"
        )
    return [known[n] for n in names]
