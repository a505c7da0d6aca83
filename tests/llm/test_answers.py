"""What an answer may carry besides the target's new text: a plan, imports, edits to other
lines it was shown; and what the tool's schema asks for. Through the real SDK and the
fake Messages API, like the other ladder tests."""

from __future__ import annotations

from dataclasses import replace

from steering_index.llm.edits import shown_lines
from steering_index.llm.ladder import run_ladder
from steering_index.llm.prompts import FRONTIER_TOOL, REPLACE_RANGE_TOOL, PriorAttempt
from steering_index.llm.tiers import LadderSettings, Tier
from steering_index.llm.validate import edit_checks_for
from steering_index.model import ContextItem, FocusedContext, LineRange
from tests.fakeapi import FakeMessagesAPI
from tests.llm.conftest import GOOD_TEXT, INVOICES, NEIGHBOUR, answer, snake_case_convention

CHECKS = edit_checks_for(INVOICES, "python", [snake_case_convention()])
LATE_FEE = "def late_fee(total: Decimal, days_late: int) -> Decimal:\n"  # line 16, shown
DOC = '    """The late fee: two percent of the total per started month."""\n'  # 17, shown


def test_the_tool_asks_for_a_plan_before_the_code_and_the_frontier_for_a_self_check() -> None:
    small = list(REPLACE_RANGE_TOOL["input_schema"]["properties"])
    assert small[0] == "plan"
    assert small.index("plan") < small.index("new_text")
    assert {"imports", "edits"} <= set(small) and "self_check" not in small
    frontier = list(FRONTIER_TOOL["input_schema"]["properties"])
    assert frontier[:2] == ["plan", "self_check"]
    edit = FRONTIER_TOOL["input_schema"]["properties"]["edits"]["items"]
    assert edit["required"] == ["old_text", "new_text"]


async def test_an_answer_adds_an_import_and_edits_a_line_it_was_shown_in_one_go(
    fake_api: FakeMessagesAPI, settings: LadderSettings, context: FocusedContext, file_text: str
) -> None:
    reworded = DOC.replace("two percent", "2%")
    fake_api.script([answer(edits=[{"old_text": DOC, "new_text": reworded}])])
    outcome = await run_ladder(context, file_text, settings, CHECKS)
    assert outcome.status == "proposed", outcome.problems
    assert "1 import(s) merged, 1 other place(s) edited" in outcome.message
    new_file = outcome.new_file_text or ""
    assert new_file.startswith(
        '"""Invoices: totals, late fees and the payment provider link."""\n\n'
        "from decimal import Decimal\n\n"
        "from billing.models import InvoiceLine\n\n"
        'PROVIDER_URL = "'
    )
    assert GOOD_TEXT in new_file and LATE_FEE + reworded in new_file and DOC not in new_file
    # The import moved the target down by two lines.
    assert outcome.new_lines == LineRange(11, 11 + GOOD_TEXT.count("\n") - 1)
    assert len(fake_api.requests) == 1


async def test_an_answer_without_a_plan_is_still_accepted(
    fake_api: FakeMessagesAPI, settings: LadderSettings, context: FocusedContext, file_text: str
) -> None:
    reply = answer()
    del reply["input"]["plan"]
    fake_api.script([reply])
    outcome = await run_ladder(context, file_text, settings, CHECKS)
    assert outcome.status == "proposed", outcome.problems


async def test_an_undefined_name_is_sent_back_and_the_repaired_answer_is_proposed(
    fake_api: FakeMessagesAPI, settings: LadderSettings, context: FocusedContext, file_text: str
) -> None:
    fake_api.script([answer(imports=()), answer()])
    outcome = await run_ladder(context, file_text, settings, CHECKS)
    assert outcome.status == "proposed", outcome.problems
    assert [c.outcome for c in outcome.calls] == ["rejected", "proposed"]
    feedback = fake_api.requests[1].body["messages"][2]["content"][0]["content"]
    assert "uses `InvoiceLine`, which is not defined, imported or built in" in feedback
    assert "add the import to `imports`" in feedback
    assert "from billing.models import InvoiceLine\n" in (outcome.new_file_text or "")


async def test_edits_outside_what_was_shown_are_refused_with_the_reason(
    fake_api: FakeMessagesAPI, settings: LadderSettings, context: FocusedContext, file_text: str
) -> None:
    months = "    months = (days_late + 29) // 30\n"  # line 18: in late_fee, never shown
    blind = answer(edits=[{"old_text": months, "new_text": months.replace("29", "30")}])
    inside = answer(edits=[{"old_text": '    total = Decimal("0")\n', "new_text": "x\n"}])
    invented = answer(edits=[{"old_text": "def nowhere():\n", "new_text": "x\n"}])
    fake_api.script([blind, inside, invented, invented])
    outcome = await run_ladder(context, file_text, settings, CHECKS)
    first = outcome.calls
    assert [c.outcome for c in first] == ["rejected", "rejected"]
    assert outcome.status == "rejected" and outcome.new_file_text is None
    feedback = fake_api.requests[1].body["messages"][2]["content"][0]["content"]
    assert "edits[1] changes lines 18-18, which you were not shown" in feedback
    assert "edits[1]: old_text lies in the target lines 9-13" in outcome.problems[0]
    outcome = await run_ladder(context, file_text, settings, CHECKS)
    assert "old_text does not match any lines of the file" in outcome.problems[0]


async def test_the_frontier_tier_gets_the_self_check_field(
    fake_api: FakeMessagesAPI, settings: LadderSettings, context: FocusedContext, file_text: str
) -> None:
    reply = answer()
    reply["input"] = {"self_check": "InvoiceLine needs an import.", **reply["input"]}
    fake_api.script([reply])
    prior = PriorAttempt("small", "claude-haiku-5-5", GOOD_TEXT, ("x",))
    outcome = await run_ladder(
        context, file_text, settings, CHECKS, tier=Tier.FRONTIER, prior=prior
    )
    assert outcome.status == "proposed", outcome.problems
    tool = fake_api.requests[0].body["tools"][0]
    assert list(tool["input_schema"]["properties"])[:2] == ["plan", "self_check"]


def test_the_lines_shown_are_those_a_same_file_item_holds(file_text: str) -> None:
    outline = ContextItem(
        kind="enclosing",
        id="x",
        title="x",
        text="def late_fee(total: Decimal, days_late: int) -> Decimal:\n    ...\n",
        reason="",
        tokens=1,
        stable=False,
        source=INVOICES,
        lines=LineRange(15, 19),
    )
    other_file = replace(NEIGHBOUR, source="src/billing/other.py")
    context = FocusedContext(
        INVOICES, LineRange(9, 13), "python", "t", "", (outline, other_file), (), 1, 1
    )
    # Line 15 is blank, 16 is held; the body lines 17-19 were outlined away.
    assert shown_lines(context, file_text) == frozenset({15, 16})


async def test_an_edit_to_a_shown_line_with_a_secret_keeps_the_secret(
    fake_api: FakeMessagesAPI, settings: LadderSettings, context: FocusedContext, file_text: str
) -> None:
    url = 'PROVIDER_URL = "https://billing:Sup3rS3cretPass@payments.internal/v2"\n'
    assert url in file_text  # line 5
    seen = url.replace("Sup3rS3cretPass", "[REDACTED:password]")
    # Retrieval redacts what it puts in an item; the line still counts as shown.
    shown = replace(NEIGHBOUR, id="url", text=seen, lines=LineRange(5, 5))
    edit = {"old_text": seen, "new_text": seen.replace("/v2", "/v3")}
    fake_api.script([answer(edits=[edit])])
    outcome = await run_ladder(
        replace(context, items=(*context.items, shown)), file_text, settings, CHECKS
    )
    assert "Sup3rS3cretPass" not in fake_api.requests[0].text
    assert outcome.status == "proposed", outcome.problems
    assert url.replace("/v2", "/v3") in (outcome.new_file_text or "")


async def test_text_written_before_the_tool_call_does_not_stop_the_answer_being_read(
    fake_api: FakeMessagesAPI, settings: LadderSettings, context: FocusedContext, file_text: str
) -> None:
    reply = answer(text="Plan: add the hints, then import InvoiceLine.")
    del reply["input"]["plan"]
    fake_api.script([reply])
    outcome = await run_ladder(context, file_text, settings, CHECKS)
    assert outcome.status == "proposed", outcome.problems
    assert outcome.new_text == GOOD_TEXT
    assert outcome.plan == "Plan: add the hints, then import InvoiceLine."


async def test_an_edit_repeating_the_line_next_to_it_is_refused(
    fake_api: FakeMessagesAPI, settings: LadderSettings, context: FocusedContext, file_text: str
) -> None:
    # old_text is the docstring (line 17); the new text also repeats the def line above it.
    spill = {"old_text": DOC, "new_text": LATE_FEE + DOC.replace("two percent", "2%")}
    fake_api.script([answer(edits=[spill]), answer(edits=[spill])])
    outcome = await run_ladder(context, file_text, settings, CHECKS)
    assert outcome.status != "proposed"
    assert (
        "the new text of edits[1] repeats line 16, which lies before the lines it replaces"
        in outcome.problems
    )


async def test_the_frontier_sees_the_imports_and_edits_of_the_attempt_it_redoes(
    fake_api: FakeMessagesAPI, settings: LadderSettings, context: FocusedContext, file_text: str
) -> None:
    # The small tier twice writes a name it does not import, with an edit to a shown line.
    reworded = {"old_text": DOC, "new_text": DOC.replace("two percent", "2%")}
    bad = answer(imports=("from billing.lines import Line",), edits=[reworded])
    fake_api.script([bad, bad, answer()])
    outcome = await run_ladder(context, file_text, replace(settings, auto_escalate=True), CHECKS)
    assert outcome.status == "proposed" and outcome.tier == "frontier", outcome.message
    user = fake_api.requests[2].body["messages"][0]["content"][0]["text"]
    assert "<rejected_import>from billing.lines import Line</rejected_import>" in user
    assert "<rejected_edit>" in user and "2% of the total" in user
    assert "`InvoiceLine`, which is not defined" in user
