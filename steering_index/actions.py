"""Model actions: which there are, the task each gives a model, and the instruction comments.

An action is what the user asked a model to do at a place (fix a finding, rewrite a
selection, implement an instruction comment, redo an edit on the frontier tier, or a
free-form `ask`); its *task* is the sentence the model reads. Both front ends take these
texts from here, so an editor and the terminal ask a model the same thing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from steering_index.model import Comment, LineRange


class Action(StrEnum):
    """The kind of model action; recorded with every model call it makes."""

    EDIT = "edit"
    FIX = "fix"
    REWRITE = "rewrite"
    INSTRUCTION = "instruction"
    REDO = "redo"
    ASK = "ask"


DEFAULT_TASK = "Improve this code following the project's rules."
PREVIEW_TASK = "Improve this code."
REWRITE_TASK = "Rewrite the selected code so that it follows the project's rules and conventions."
REDO_REASON = "the user asked for a frontier model to redo it"


def fix_task(message: str) -> str:
    """The task that fixes a finding, from the finding's message."""
    return f"Fix this: {message}"


@dataclass(frozen=True, slots=True)
class Instruction:
    """A comment that asks for code (`# add retries AI!`): its words and its lines (1-based)."""

    task: str
    lines: LineRange


def instruction_comments(
    comments: Sequence[Comment], marker: str, lines: LineRange
) -> list[Instruction]:
    """The comments ending with `marker` that touch `lines`, each with its instruction: the
    comment's text without the marker and the comment's own punctuation."""
    found = []
    for comment in comments:
        text = comment.text.strip()
        if not text.endswith(marker):
            continue
        first, last = comment.span.start_line + 1, comment.span.end_line + 1
        if first > lines.last or last < lines.first:
            continue
        task = text.removesuffix(marker).strip(" #/*-")
        if task:
            found.append(Instruction(task, LineRange(first, last)))
    return found


def shortened(text: str, limit: int) -> str:
    """`text` cut at a word boundary to fit a menu title."""
    if len(text) <= limit:
        return text
    cut = text[: limit + 1].rsplit(" ", 1)[0].rstrip(" ,;:")
    return (cut or text[:limit]) + "…"
