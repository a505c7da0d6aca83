"""What an editor session learned from escalations, kept until the user saves it as a strategy.

A lesson is a frontier-tier edit that was accepted where the small tier failed on the same
task: the ladder's own escalation (the outcome carries the rejected attempt), a small
action that was rejected and then the same task on the same file asked of the frontier
tier by hand, or "Redo with the frontier model" on a small tier's edit the user did not
want. Lessons are kept in memory, by the ledger id of the frontier call, for the
"Save what worked as a strategy" action; nothing is written until the user asks.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import TypeVar

from steering_index.llm.ladder import ActionOutcome
from steering_index.llm.prompts import PriorAttempt
from steering_index.llm.tiers import Tier
from steering_index.model import FocusedContext
from steering_index.strategies.writing import Lesson

MAX_KEPT = 32


class Lessons:
    """The lessons of one session, newest kept; safe to use from several threads."""

    def __init__(self, limit: int = MAX_KEPT) -> None:
        self._limit = limit
        self._lock = threading.Lock()
        self._rejected: OrderedDict[tuple[str, str], PriorAttempt] = OrderedDict()
        self._lessons: OrderedDict[int, Lesson] = OrderedDict()

    def note(
        self, context: FocusedContext, outcome: ActionOutcome, prior: PriorAttempt | None = None
    ) -> Lesson | None:
        """Take in the outcome of an action on `context`; the lesson it makes, if any.

        `prior` is the earlier attempt the action was asked to do better than ("Redo with
        the frontier model" on a small tier's edit the user did not want).
        """
        key = (context.path, context.task)
        with self._lock:
            if outcome.status != "proposed":
                if outcome.tier != Tier.FRONTIER.value and outcome.attempt is not None:
                    _keep(self._rejected, key, outcome.attempt, self._limit)
                return None
            if outcome.tier != Tier.FRONTIER.value or not outcome.calls:
                self._rejected.pop(key, None)  # the small tier managed after all
                return None
            rejected = outcome.escalated_from or self._rejected.pop(key, None) or prior
            call_id = outcome.calls[-1].id
            if rejected is None or call_id is None or outcome.new_text is None:
                return None
            lesson = Lesson(
                task=context.task,
                path=context.path,
                rejected=rejected,
                accepted_text=outcome.new_text,
                items=tuple(i for i in context.items if i.kind in ("rule", "convention", "spec")),
                language=context.language,
            )
            _keep(self._lessons, call_id, lesson, self._limit)
            return lesson

    def for_call(self, call_id: int) -> Lesson | None:
        """The lesson the frontier call `call_id` made, if this session saw it."""
        with self._lock:
            return self._lessons.get(call_id)

    def forget(self, call_id: int) -> None:
        """Saved (or dismissed): not offered again."""
        with self._lock:
            self._lessons.pop(call_id, None)


K = TypeVar("K")
V = TypeVar("V")


def _keep(table: OrderedDict[K, V], key: K, value: V, limit: int) -> None:
    table[key] = value
    table.move_to_end(key)
    while len(table) > limit:
        table.popitem(last=False)
