"""The three kinds of context a run compares: steering (focused), naive (everything), bare.

`steering` is the engine's own `build_context`, as `steering ask` sends it. `naive` is what
a user gets by pasting: the whole file and every steering file that applies to it, whole.
`bare` is the target lines and the task alone. All three go through the same request
builder, so only the context differs. A context item that would show the model the answer
(the original body of a held-out definition is still in the index and on disk) is dropped.
"""

from __future__ import annotations

from dataclasses import replace

from steering_index.eval.tasks import EvalTask
from steering_index.index.files import ReadProblem, read_text
from steering_index.model import ContextItem, FocusedContext
from steering_index.retrieval.context import (
    ContextRefused,
    RetrievalSettings,
    RetrievalSources,
    build_context,
)
from steering_index.retrieval.strategies import strategy_candidates
from steering_index.rules import applicable_rules
from steering_index.strategies.ranking import DEFAULT_LIMIT
from steering_index.tokens import estimate_tokens

CONTEXTS = ("steering", "naive", "bare")


class NoContext(Exception):
    """No context can be built for a task; the message says why."""


def context_for(
    kind: str,
    workspace: RetrievalSources,
    task: EvalTask,
    budget: int | None = None,
    strategies: bool = False,
) -> FocusedContext:
    """The context of `kind` for `task`; raises NoContext when the engine refuses one.

    With `strategies`, the strategies that fit the task are in it (ranked as `steering ask`
    ranks them); without, none is, whatever `.steering/strategies/` holds.
    """
    if kind == "steering":
        settings = RetrievalSettings(max_strategies=DEFAULT_LIMIT if strategies else 0)
        if budget:
            settings = replace(settings, budget_tokens=budget)
        try:
            context = build_context(
                workspace, task.path, task.lines, task.task, settings, task.file_text
            )
        except ContextRefused as exc:
            raise NoContext(str(exc)) from exc
        return without_answer(context, task)
    extra = _strategy_items(workspace, task) if strategies else []
    if kind == "naive":
        return _assembled(task, [*_steering_files(workspace, task), *extra, _whole_file(task)])
    if kind == "bare":
        return _assembled(task, extra)
    raise ValueError(f"unknown context kind {kind!r}")


def _item(
    kind: str, item_id: str, title: str, text: str, reason: str, **extra: object
) -> ContextItem:
    return ContextItem(
        kind=kind,
        id=item_id,
        title=title,
        text=text,
        reason=reason,
        tokens=estimate_tokens(text),
        stable=kind == "rule",
        **extra,  # type: ignore[arg-type]
    )


def _steering_files(workspace: RetrievalSources, task: EvalTask) -> list[ContextItem]:
    answers = applicable_rules(workspace.ruleset, task.path, task.file_text)
    sources = sorted({a.rule.source for a in answers if a.applies})
    items = []
    for source in sources:
        read = read_text(workspace.root / source, workspace.root)
        if isinstance(read, ReadProblem):
            continue
        items.append(
            _item("rule", source, source, read.text, "a steering file that applies", source=source)
        )
    return items


def _strategy_items(workspace: RetrievalSources, task: EvalTask) -> list[ContextItem]:
    """The strategies `steering ask` would send for this task, for the naive and bare runs."""
    choice = strategy_candidates(workspace.ruleset, task.task, task.path, (), DEFAULT_LIMIT)
    return [candidate.item for candidate in choice.sent]


def _whole_file(task: EvalTask) -> ContextItem:
    return _item(
        "file", task.path, "the whole file", task.file_text, "naive context", source=task.path
    )


def _assembled(task: EvalTask, extra: list[ContextItem]) -> FocusedContext:
    target = _item(
        "target", f"{task.path}:{task.lines.first}-{task.lines.last}", "target",
        task.target_text, "the lines to change", source=task.path, lines=task.lines,
    )  # fmt: skip
    items = (*extra, target, _item("task", "task", "task", task.task, "what to do"))
    tokens = sum(i.tokens for i in items)
    return FocusedContext(
        path=task.path,
        lines=task.lines,
        language=task.language,
        task=task.task,
        target_text=task.target_text,
        items=items,
        omitted=(),
        budget=tokens,
        tokens=tokens,
    )


def without_answer(context: FocusedContext, task: EvalTask) -> FocusedContext:
    """`context` less any item that holds every new line of the expected answer."""
    shown = {line.strip() for line in task.target_text.splitlines()}
    novel = {
        line.strip()
        for line in task.expected.splitlines()
        if len(line.strip()) > 3 and line.strip() not in shown
    }
    if not novel:
        return context
    kept = tuple(
        item
        for item in context.items
        if item.kind in ("target", "task")
        or not novel <= {line.strip() for line in item.text.splitlines()}
    )
    if len(kept) == len(context.items):
        return context
    return replace(context, items=kept, tokens=sum(i.tokens for i in kept))
