"""Lessons an editor session keeps for "Save what worked as a strategy"."""

from __future__ import annotations

from steering_index.llm.ladder import ActionOutcome
from steering_index.llm.prompts import PriorAttempt
from steering_index.model import ContextItem, FocusedContext, LineRange, ModelCall
from steering_index.strategies.lessons import Lessons

RULE = ContextItem("rule", "agents:style", "Style", "Money is cents.", "applies", 5, True)
EXAMPLE = ContextItem("example", "shop/a.py::f", "f", "def f(): ...", "example", 5, False)
ATTEMPT = PriorAttempt("small", "claude-haiku-5-5", "return nope()\n", ("`nope` is undefined",))


def context(task: str = "implement total", path: str = "shop/cart.py") -> FocusedContext:
    return FocusedContext(path, LineRange(1, 3), "python", task, "x\n", (RULE, EXAMPLE), (), 9, 9)


def call(call_id: int, tier: str) -> ModelCall:
    return ModelCall("t", tier, "m", 1, 1, 0, 0, 0.0, (), "proposed", 1, id=call_id)


def rejected() -> ActionOutcome:
    return ActionOutcome(
        "escalation-advised", "no", "small", "m", calls=(call(1, "small"),), attempt=ATTEMPT
    )


def accepted(tier: str, call_id: int, escalated: PriorAttempt | None = None) -> ActionOutcome:
    return ActionOutcome(
        "proposed", "ok", tier, "m", new_text="return sum(x)\n",
        calls=(call(call_id, tier),), escalated_from=escalated,
    )  # fmt: skip


def test_the_ladders_own_escalation_is_a_lesson_with_the_rules_it_was_given() -> None:
    lessons = Lessons()
    lesson = lessons.note(context(), accepted("frontier", 7, ATTEMPT))
    assert lesson is not None and lessons.for_call(7) == lesson
    assert (lesson.task, lesson.path, lesson.rejected, lesson.accepted_text) == (
        "implement total", "shop/cart.py", ATTEMPT, "return sum(x)\n",
    )  # fmt: skip
    assert lesson.items == (RULE,)  # the rules, not the code around it
    lessons.forget(7)
    assert lessons.for_call(7) is None


def test_a_small_failure_then_the_same_task_on_the_frontier_tier_by_hand_is_a_lesson() -> None:
    lessons = Lessons()
    assert lessons.note(context(), rejected()) is None
    assert lessons.note(context(path="shop/other.py"), accepted("frontier", 8)) is None
    assert lessons.note(context(task="something else"), accepted("frontier", 9)) is None
    lesson = lessons.note(context(), accepted("frontier", 10))
    assert lesson is not None and lesson.rejected == ATTEMPT
    assert lessons.note(context(), accepted("frontier", 11)) is None  # used once


def test_no_lesson_when_the_small_tier_succeeds_or_the_frontier_alone_was_asked() -> None:
    lessons = Lessons()
    lessons.note(context(), rejected())
    assert lessons.note(context(), accepted("small", 3)) is None  # managed on a retry
    assert lessons.note(context(), accepted("frontier", 4)) is None
    assert lessons.for_call(3) is None and lessons.for_call(4) is None


def test_only_the_newest_lessons_are_kept() -> None:
    lessons = Lessons(limit=2)
    for call_id in (1, 2, 3):
        lessons.note(context(), accepted("frontier", call_id, ATTEMPT))
    assert [lessons.for_call(n) is not None for n in (1, 2, 3)] == [False, True, True]


def test_a_redo_of_a_small_edit_is_a_lesson_from_the_edit_the_user_did_not_want() -> None:
    lessons = Lessons()
    redone = PriorAttempt("small", "m", "return x\n", (), reason="the user asked again")
    lesson = lessons.note(context(), accepted("frontier", 5), prior=redone)
    assert lesson is not None and lesson.rejected == redone
