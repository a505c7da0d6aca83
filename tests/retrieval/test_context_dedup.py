"""Rule text reaches the model once, and only the conventions that bear on the edit come."""

from __future__ import annotations

from pathlib import Path

from steering_index.index.indexer import Indexer
from steering_index.model import FocusedContext, LineRange
from steering_index.retrieval.context import build_context, workspace_for
from steering_index.store import IndexStore
from tests.workspaces import write_tree

AGENTS = """# Guidelines

## Testing

- Run the suite with `make test` before every commit, and keep it green.
- Async tests use anyio, never asyncio directly in a test body.

## Errors

- Catch specific exceptions; a bare `except Exception` needs a comment saying why.
"""

EXTRA = "Names of tests say what they check, in full words, never test_1 or test_it."


def _context(root: Path, tmp: Path, path: str, task: str) -> FocusedContext:
    store = IndexStore.open(tmp / "index.sqlite3")
    try:
        Indexer(root, store).build()
        return build_context(workspace_for(root, store), path, LineRange(1, 2), task)
    finally:
        store.close()


def _all_text(context: FocusedContext) -> str:
    return "\n".join(item.text for item in context.items)


def test_claude_md_importing_agents_md_is_sent_once(tmp_path: Path) -> None:
    root = write_tree(
        tmp_path / "ws",
        {"AGENTS.md": AGENTS, "CLAUDE.md": "@AGENTS.md\n", "app.py": "def run():\n    pass\n"},
    )
    context = _context(root, tmp_path, "app.py", "handle a timeout")
    left_out = {item.id: item.reason for item in context.omitted}
    claude = [rule_id for rule_id in left_out if rule_id.startswith("claude:")]
    assert claude, left_out  # the CLAUDE.md rule is still listed, for provenance
    assert _all_text(context).count("keep it green") == 1
    assert _all_text(context).count("bare `except Exception`") == 1
    why = left_out[claude[0]]
    assert why.startswith("not sent: a copy of rules agents:agents#testing")
    assert "agents:agents#errors" in why


def test_a_copy_with_an_extra_paragraph_sends_only_that_paragraph(tmp_path: Path) -> None:
    claude = AGENTS.replace("## Errors\n", f"## Test names\n\n{EXTRA}\n\n## Errors\n")
    root = write_tree(
        tmp_path / "ws",
        {"AGENTS.md": AGENTS, "CLAUDE.md": claude, "app.py": "def run():\n    pass\n"},
    )
    context = _context(root, tmp_path, "app.py", "handle a timeout")
    texts = {item.id: item.text for item in context.items if item.kind == "rule"}
    assert _all_text(context).count("keep it green") == 1
    assert _all_text(context).count(EXTRA) == 1
    names = texts["claude:claude#test-names"]
    assert names.startswith("## Test names") and EXTRA in names
    assert "claude:claude#testing" not in texts  # a copy: listed as not sent, with whose
    assert any(i.id == "claude:claude#testing" for i in context.omitted)


def test_fenced_code_is_never_split_by_deduplication(tmp_path: Path) -> None:
    fence = "```python\nimport anyio\n\n\nasync def main():\n    await anyio.sleep(1)\n```"
    agents = f"# Guide\n\n## Example\n\n{fence}\n"
    nested = f"# Pkg\n\n## Example\n\nLike the root, with one more line:\n\n{fence}\n"
    root = write_tree(
        tmp_path / "ws",
        {"AGENTS.md": agents, "pkg/AGENTS.md": nested, "pkg/mod.py": "def run():\n    pass\n"},
    )
    context = _context(root, tmp_path, "pkg/mod.py", "add a retry")
    assert _all_text(context).count("await anyio.sleep(1)") == 1
    for item in context.items:
        assert item.text.count("```") % 2 == 0, item.text


LIBRARY_WS = {
    **{f"pkg/dates_{n}.py": "import datetime\n\n\ndef today():\n    pass\n" for n in range(6)},
    "pkg/plain.py": "def add(a, b):\n    return a + b\n",
    "pkg/stamp.py": "import datetime\n\n\ndef stamp():\n    pass\n",
    **{f"tests/test_{n}.py": "import pytest\n\n\ndef test_it():\n    pass\n" for n in range(6)},
}


def _conventions(context: FocusedContext) -> set[str]:
    return {item.id for item in context.items if item.kind == "convention"}


def test_library_conventions_come_only_when_the_edit_touches_their_job(tmp_path: Path) -> None:
    root = write_tree(tmp_path / "ws", LIBRARY_WS)
    plain = _context(root, tmp_path / "a", "pkg/plain.py", "return the sum of three numbers")
    assert "library.python.dates" not in _conventions(plain)
    assert "naming.python.function" in _conventions(plain)  # names bear on any code written
    asked = _context(root, tmp_path / "b", "pkg/plain.py", "add the current date to the result")
    assert "library.python.dates" in _conventions(asked)
    using = _context(root, tmp_path / "c", "pkg/stamp.py", "return a string")
    assert "library.python.dates" in _conventions(using)


def test_test_layout_conventions_come_for_test_files_and_test_tasks(tmp_path: Path) -> None:
    root = write_tree(tmp_path / "ws", LIBRARY_WS)
    code = _context(root, tmp_path / "a", "pkg/plain.py", "return the sum of three numbers")
    assert not {c for c in _conventions(code) if c.startswith("tests.")}
    test = _context(root, tmp_path / "b", "tests/test_1.py", "check a negative input")
    assert "tests.python.layout" in _conventions(test)
    asked = _context(root, tmp_path / "c", "pkg/plain.py", "add tests for add")
    assert "tests.python.layout" in _conventions(asked)


def test_a_rule_asked_for_by_name_does_not_repeat_scope_rule_text(tmp_path: Path) -> None:
    repeated = "- Run the suite with `make test` before every commit, and keep it green."
    manual = (
        "---\ninclusion: manual\n---\n# Release\n\n"
        f"{repeated}\n\nTag the release as vX.Y.Z and push the tag.\n"
    )
    root = write_tree(
        tmp_path / "ws",
        {
            "AGENTS.md": AGENTS.replace(
                "- Run the suite with `make test` before every commit, and keep it green.\n"
                "- Async tests use anyio, never asyncio directly in a test body.\n",
                f"{repeated}\n",
            ),
            ".kiro/steering/release.md": manual,
            "app.py": "def run():\n    pass\n",
        },
    )
    context = _context(root, tmp_path, "app.py", "cut a release, see #release")
    texts = {item.id: item.text for item in context.items if item.kind == "rule"}
    release = next(text for rule_id, text in texts.items() if rule_id.startswith("kiro:release"))
    assert "Tag the release as vX.Y.Z" in release
    assert "(same text as rule agents:agents#testing)" in release
    assert _all_text(context).count("keep it green") == 1


def test_a_copy_that_changed_one_bullet_sends_that_bullet_only(tmp_path: Path) -> None:
    drifted = AGENTS.replace(
        "- Async tests use anyio, never asyncio directly in a test body.",
        "- Async tests use trio through anyio's pytest plugin.",
    )
    root = write_tree(
        tmp_path / "ws",
        {"AGENTS.md": AGENTS, "CLAUDE.md": drifted, "app.py": "def run():\n    pass\n"},
    )
    context = _context(root, tmp_path, "app.py", "handle a timeout")
    texts = {item.id: item.text for item in context.items if item.kind == "rule"}
    assert texts["claude:claude#testing"] == (
        "## Testing\n\n(same text as rule agents:agents#testing)\n\n"
        "- Async tests use trio through anyio's pytest plugin."
    )
    assert "never asyncio directly" in texts["agents:agents#testing"]  # both versions reach it


def test_a_heading_glued_to_its_first_line_keeps_that_line(tmp_path: Path) -> None:
    nested = (
        "# Pkg\n\n## Errors\n- Wrap driver errors in StoreError and keep the cause.\n"
        "- Run the suite with `make test` before every commit, and keep it green.\n"
    )
    root = write_tree(
        tmp_path / "ws",
        {"AGENTS.md": AGENTS, "pkg/AGENTS.md": nested, "pkg/mod.py": "def run():\n    pass\n"},
    )
    context = _context(root, tmp_path, "pkg/mod.py", "add a retry")
    errors = next(i.text for i in context.items if i.id == "agents:agents@pkg#errors")
    assert errors == (
        "## Errors\n\n- Wrap driver errors in StoreError and keep the cause.\n\n"
        "(same text as rule agents:agents#testing)"
    )
