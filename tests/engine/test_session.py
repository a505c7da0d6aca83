"""The session both front ends use, on a real indexed workspace: findings linked to the rules
that name their convention (regex-scoped rules judged on the file's text, as hover judges
them), hover facts in one precedence order, and the model workflow's refusals."""

from __future__ import annotations

import asyncio
import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

import pytest

from steering_index.llm.ladder import ActionOutcome
from steering_index.llm.tiers import LadderSettings
from steering_index.model import LineRange, ModelCall
from steering_index.session import EditRequest, EngineSettings, Session
from steering_index.store import IndexStore
from tests.conventions.test_names_a_file_shows import PRIVATE_OVERRIDES
from tests.index.test_ledger import CALL
from tests.workspaces import (
    binding_with_latent_classes,
    changed_classes,
    classes_with_recorded_names,
    folder_of_its_own,
    php_with_unreadable_file,
    readable_json,
    write_tree,
)


def _module(i: int) -> str:
    return "".join(f"def compute_part_{i}_{k}(x):\n    return x + {k}\n\n\n" for k in range(4))


DRIFT = "import json\n\n\ndef computeTotal(x):\n    return json.dumps(x)\n"
# A Continue rule scoped by content: it applies to files that import json.
NAMING_RULE = """---
name: Naming
regex: "^import json"
---

- Functions are named in snake_case.
"""


@contextmanager
def _indexed(tmp_path: Path, files: dict[str, str | bytes]) -> Iterator[Session]:
    """A session on a git workspace of `files`, its index built."""
    root = write_tree(tmp_path / "ws", files)
    (root / ".git").mkdir()
    settings = EngineSettings(index_path=str(tmp_path / "index.db"))
    workspace = Session(root, lambda: settings)
    try:
        workspace.build_index(None)
        yield workspace
    finally:
        workspace.close()


@pytest.fixture
def session(tmp_path: Path) -> Iterator[Session]:
    files: dict[str, str | bytes] = {f"app/part_{i}.py": _module(i) for i in range(6)}
    files["app/drift.py"] = DRIFT
    files[".continue/rules/naming.md"] = NAMING_RULE
    with _indexed(tmp_path, files) as workspace:
        yield workspace


def test_an_open_buffers_finding_links_the_regex_scoped_rule_hover_shows(
    session: Session,
) -> None:
    session.update_buffer("app/drift.py", 1, DRIFT)
    [finding] = [f for f in session.findings_for("app/drift.py") if "computeTotal" in f.message]
    assert [loc.path for loc in finding.related if loc.path.endswith(".md")] == [
        ".continue/rules/naming.md"
    ]
    offset = DRIFT.index("computeTotal") + 2
    facts = session.code_hover("app/drift.py", DRIFT, offset)
    assert [a.rule.source for a in facts.applicable if a.applies] == [".continue/rules/naming.md"]
    assert [f.message for f in facts.findings] == [finding.message]


def test_a_file_whose_text_does_not_match_the_regex_gets_no_link(session: Session) -> None:
    text = DRIFT.replace("import json", "import os").replace("json.dumps", "os.fspath")
    session.update_buffer("app/drift.py", 2, text)
    [finding] = [f for f in session.findings_for("app/drift.py") if "computeTotal" in f.message]
    assert not [loc for loc in finding.related if loc.path.endswith(".md")]


def test_propose_edit_without_a_key_calls_no_model_and_says_what_to_set(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("ANTHROPIC_API_KEY", raising=False)
    monkeypatch.delenv("ANTHROPIC_BASE_URL", raising=False)
    root = write_tree(tmp_path / "ws", {"a.py": "def f():\n    return 1\n"})
    settings = EngineSettings(
        ladder=LadderSettings(settings_prefix="steering."), index_path=str(tmp_path / "i.db")
    )
    session = Session(root, lambda: settings)
    request = EditRequest("a.py", LineRange(1, 2), "add a docstring", "def f():\n    return 1\n")
    proposal = asyncio.run(session.propose_edit(request))
    assert proposal.status == "no-key" and proposal.outcome is None
    assert "steering.apiKey" in proposal.message


def test_propose_edit_refuses_a_secret_file_before_any_model_call(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ANTHROPIC_API_KEY", "sk-test-not-used")
    root = write_tree(tmp_path / "ws", {".env": "TOKEN=abc\n"})
    settings = EngineSettings(index_path=str(tmp_path / "i.db"))
    session = Session(root, lambda: settings)
    request = EditRequest(".env", LineRange(1, 1), "tidy", "TOKEN=abc\n")
    proposal = asyncio.run(session.propose_edit(request))
    assert proposal.status == "refused" and proposal.outcome is None


def test_every_session_reads_the_settings_as_they_are_now(tmp_path: Path) -> None:
    current = [EngineSettings(index_path="first.db")]
    sessions = [Session(write_tree(tmp_path / n, {}), lambda: current[0]) for n in "ab"]
    current[0] = EngineSettings(index_path="second.db")
    assert [s.db_path().name for s in sessions] == ["second.db", "second.db"]


def test_what_a_session_knows_is_published_whole_and_never_changed_in_place(
    tmp_path: Path,
) -> None:
    files: dict[str, str | bytes] = {f"app/part_{i}.py": _module(i) for i in range(6)}
    root = write_tree(tmp_path / "ws", files)
    settings = EngineSettings(index_path=str(tmp_path / "index.db"))
    session = Session(root, lambda: settings)
    before = session.known
    session.build_index(None)  # infers conventions
    after = session.known
    assert before.conventions == () and after.conventions != ()
    assert after.ruleset is before.ruleset  # what did not change is shared, not copied
    write_tree(root, {"AGENTS.md": "# Style\n\nsnake_case everywhere.\n"})
    session.reload_rules()
    assert session.known.conventions is after.conventions
    assert [r.source for r in session.known.ruleset.rules] == ["AGENTS.md"]
    assert after.ruleset.rules == ()
    session.close()


def _applied_call(session: Session, tier: str, text: str, lines: LineRange) -> int:
    """A model call recorded in the session's ledger and marked applied at `lines`."""
    call = ModelCall(
        started_at="2026-12-04T20:00:00Z", tier=tier, model=f"claude-{tier}", input_tokens=10,
        output_tokens=5, cache_creation_tokens=0, cache_read_tokens=0, cost_usd=0.001,
        rule_ids=(), outcome="proposed", duration_ms=100, path="app/drift.py", lines=lines,
        action="fix", task="name it in snake_case",
    )  # fmt: skip
    call_id = session.record_call(call)
    assert call_id is not None
    outcome = ActionOutcome(
        "proposed", "ok", tier, call.model, new_text=text, calls=(replace(call, id=call_id),)
    )
    session.mark_applied(outcome, lines)
    return call_id


def test_redo_starts_from_the_newest_smaller_edit_still_in_the_text(session: Session) -> None:
    edited = "def compute_total(x):\n    return json.dumps(x)\n"
    text = DRIFT.replace("def computeTotal(x):\n    return json.dumps(x)\n", edited)
    small = _applied_call(session, "small", edited, LineRange(4, 5))
    _applied_call(session, "frontier", edited, LineRange(4, 5))  # a frontier edit: no redo
    candidate = session.redo_candidate("app/drift.py", text, LineRange(5, 5))
    assert candidate is not None and candidate.id == small
    assert candidate.task == "name it in snake_case"
    prior = session.prior_attempt(small)
    assert prior is not None and (prior.tier, prior.new_text) == ("small", edited)
    # Lines the edit does not touch, or the text changed since: nothing to redo.
    assert session.redo_candidate("app/drift.py", text, LineRange(1, 2)) is None
    changed = text.replace("json.dumps(x)", "json.dumps(x, indent=2)")
    assert session.redo_candidate("app/drift.py", changed, LineRange(4, 5)) is None


def test_a_redo_of_a_call_never_applied_has_no_prior(session: Session) -> None:
    assert session.prior_attempt(12345) is None


def _methods(i: int) -> str:
    return f"class Part{i}:\n" + "".join(
        f"    def load_part_{k}(self):\n        return {k}\n\n" for k in range(4)
    )


def test_the_editor_reads_the_file_as_steering_check_does_for_private_overrides(
    tmp_path: Path,
) -> None:
    files: dict[str, str | bytes] = {f"app/part_{i}.py": _methods(i) for i in range(12)}
    files["app/agent.py"] = PRIVATE_OVERRIDES
    with _indexed(tmp_path, files) as workspace:
        # The base calls `_getEndpoint`; the classes call their own `_makeRequest` and
        # `_delayedRender`: those are drift, on disk and in an open buffer alike.
        on_disk = [f.message.split("`")[1] for f in workspace.findings_for("app/agent.py")]
        workspace.update_buffer("app/agent.py", 1, PRIVATE_OVERRIDES.replace("uri)", "target)"))
        in_buffer = [f.message.split("`")[1] for f in workspace.findings_for("app/agent.py")]
    assert on_disk == in_buffer == ["_makeRequest", "_delayedRender", "_delayedRender"]


def test_an_open_buffer_is_judged_as_public_api_only_in_a_documented_package(
    tmp_path: Path,
) -> None:
    """A package whose pydoctor reference lists every module's names: the editor, like
    `steering check`, leaves the public names of its modules alone, and only where the
    folder really is a package (the open buffer is not taken for its `__init__.py`)."""
    files: dict[str, str | bytes] = {f"pkg/part_{i}.py": _module(i) for i in range(12)}
    files["pkg/__init__.py"] = ""
    files["pkg/drift.py"] = DRIFT
    files["tools/drift.py"] = DRIFT
    files["docs/conf.py"] = 'extensions = ["pydoctor.sphinx_ext.build_apidocs"]\n'
    found = {}
    with _indexed(tmp_path, files) as workspace:
        for path in ("pkg/drift.py", "tools/drift.py"):
            workspace.update_buffer(path, 1, DRIFT)
            found[path] = [f.message.split("`")[1] for f in workspace.findings_for(path)]
        hover = workspace.code_hover("pkg/drift.py", DRIFT, DRIFT.index("computeTotal") + 2)
        told = {
            path: {i.id: i.reason for i in context.items}["naming.python.function"]
            for path in ("pkg/drift.py", "tools/drift.py")
            for context in [workspace.build_context(path, LineRange(4, 5), "a docstring", DRIFT)]
        }
    assert found == {"pkg/drift.py": [], "tools/drift.py": ["computeTotal"]}
    assert hover.left_alone is not None and "documented public API" in hover.left_alone
    # The model is told of drift only where the check reports it.
    assert "does not follow it" not in told["pkg/drift.py"]
    assert "`computeTotal` does not follow it" in told["tools/drift.py"]


def _call(task: str) -> ModelCall:
    return replace(CALL, path="app/drift.py", task=task)


def test_a_ledger_that_cannot_be_written_keeps_the_call_for_the_next_write(
    session: Session,
) -> None:
    assert session.store is not None
    ledger = session.store.ledger
    ledger.connection().execute("PRAGMA busy_timeout=50")
    # Another program holds the ledger's write lock (a second `steering` process, a backup).
    other = sqlite3.connect(ledger.db_path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        assert session.record_call(_call("first")) is None  # no error: the action goes on
    finally:
        other.execute("ROLLBACK")
        other.close()
    second = session.record_call(_call("second"))
    assert second is not None
    tasks = [c.task for c in session.store.model_calls()]
    assert tasks == ["first", "second"]
    assert [c.id for c in session.store.model_calls()][-1] == second


def test_a_call_kept_for_later_is_written_when_the_session_closes(tmp_path: Path) -> None:
    root = write_tree(tmp_path / "ws", {"app/drift.py": DRIFT})
    settings = EngineSettings(index_path=str(tmp_path / "index.db"))
    workspace = Session(root, lambda: settings, record_wait_s=0.05)
    workspace.build_index(None)
    assert workspace.store is not None
    other = sqlite3.connect(workspace.store.ledger.db_path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another program holds the ledger's write lock
    try:
        assert workspace.record_call(_call("kept")) is None
    finally:
        other.execute("ROLLBACK")
        other.close()
    workspace.close()
    with IndexStore.open(tmp_path / "index.db") as store:
        assert [c.task for c in store.model_calls()] == ["kept"]


def test_findings_a_baseline_records_are_left_out_of_the_editors_diagnostics(
    session: Session,
) -> None:
    def drifting(text: str | None = None) -> list[str]:
        if text is not None:
            session.update_buffer("app/drift.py", drifting.version, text)
            drifting.version += 1
        return [f.message.split("`")[1] for f in session.findings_for("app/drift.py")]

    drifting.version = 1  # type: ignore[attr-defined]
    assert drifting() == ["computeTotal"]
    baseline = session.root / ".steering" / "baseline.json"
    baseline.parent.mkdir()
    baseline.write_text(
        '{"version": 1, "findings": [{"path": "app/drift.py", "convention":'
        ' "convention/naming.python.function", "text": "computeTotal", "count": 1}]}\n',
        "utf-8",
    )
    # Recorded: left out, in the file on disk and in an open buffer with lines added above.
    assert drifting() == []
    assert drifting("# a note\n\n" + DRIFT + "\n\ndef sendTotal(x):\n    return x\n") == [
        "sendTotal"
    ]
    # A baseline that cannot be read hides nothing, and says why.
    baseline.write_text("{oops", "utf-8")
    assert drifting() == ["computeTotal", "sendTotal"]
    assert "not JSON" in session.baseline_problem()
    baseline.unlink()
    assert session.baseline_problem() == ""


def test_findings_recorded_for_a_file_that_moved_are_left_out(session: Session) -> None:
    # Recorded when the file was `legacy/drift.py`, which is gone: the file now at
    # `app/drift.py` keeps them.
    assert [f.message.split("`")[1] for f in session.findings_for("app/drift.py")] == [
        "computeTotal"
    ]
    baseline = session.root / ".steering" / "baseline.json"
    baseline.parent.mkdir()
    baseline.write_text(
        '{"version": 1, "findings": [{"path": "legacy/drift.py", "convention":'
        ' "convention/naming.python.function", "text": "computeTotal", "count": 1}]}\n',
        "utf-8",
    )
    assert session.findings_for("app/drift.py") == []
    (session.root / "legacy").mkdir()
    (session.root / "legacy" / "drift.py").write_text(DRIFT, "utf-8")  # it did not move
    # Still left out: a name recorded in one file is accepted in the others.
    assert session.findings_for("app/drift.py") == []
    baseline.write_text(baseline.read_text("utf-8").replace("computeTotal", "otherName"))
    assert len(session.findings_for("app/drift.py")) == 1


def test_with_a_baseline_the_editor_judges_a_new_public_name(session: Session) -> None:
    public = "__all__ = ['sendTotal']\n\n\ndef sendTotal(x):\n    return x\n"
    session.update_buffer("app/drift.py", 1, public)
    assert session.findings_for("app/drift.py") == []  # public API, left alone
    baseline = session.root / ".steering" / "baseline.json"
    baseline.parent.mkdir()
    baseline.write_text('{"version": 2, "findings": []}\n', "utf-8")
    assert [f.message.split("`")[1] for f in session.findings_for("app/drift.py")] == ["sendTotal"]
    # Recording it leaves it out; a version 1 baseline, which did not record public API,
    # leaves public API alone.
    session.record_baseline(["app/drift.py"])
    assert session.findings_for("app/drift.py") == []
    baseline.write_text('{"version": 1, "findings": []}\n', "utf-8")
    assert session.findings_for("app/drift.py") == []


def test_the_editor_records_latent_names_as_the_cli_does(tmp_path: Path) -> None:
    # 8 of 10 functions in snake_case: no finding yet, but the two camelCase ones are
    # recorded as latent, so a change that makes the convention strong leaves them out.
    files: dict[str, str | bytes] = {
        f"app/part_{i}.py": f"def load_part_{i}(x):\n    return x\n" for i in range(8)
    }
    files["app/legacy.py"] = (
        "def loadLegacy(x):\n    return x\n\n\ndef saveLegacy(x):\n    return x\n"
    )
    with _indexed(tmp_path, files) as workspace:
        assert workspace.findings_for("app/legacy.py") == []
        target, count = workspace.record_baseline()
        assert count == 0
        raw = json.loads(target.read_text("utf-8"))
        assert [(e["text"], e.get("latent")) for e in raw["findings"]] == [
            ("loadLegacy", True),
            ("saveLegacy", True),
        ]
        # Recording the file again replaces its latent names rather than adding to them.
        workspace.record_baseline(["app/legacy.py"])
        assert json.loads(target.read_text("utf-8")) == raw


def test_the_editor_records_unread_names_as_the_cli_does(tmp_path: Path) -> None:
    # A file the parser could read only in part: once a change makes it parse, the names no
    # check judged stay out of the diagnostics, as in `steering check`.
    with _indexed(tmp_path, php_with_unreadable_file("lib")) as workspace:
        target, _count = workspace.record_baseline()
        raw = json.loads(target.read_text("utf-8"))
        assert [e["unread"] for e in raw["findings"] if "unread" in e] == [
            ["Json", "_is_error", "_reduce_string", "utf162utf8"]
        ]
        workspace.update_buffer("lib/Json.php", 1, readable_json())
        assert workspace.findings_for("lib/Json.php") == []
        target.unlink()
        shown = [f.message.split("`")[1] for f in workspace.findings_for("lib/Json.php")]
        assert shown == ["_is_error", "_reduce_string"]


def test_the_editor_records_shared_names_as_latent_as_the_cli_does(tmp_path: Path) -> None:
    # `onEvent` in 3 files is a shared name, left alone; recorded as latent, it stays out
    # once one of the files goes.
    files: dict[str, str | bytes] = {
        f"app/part{i}.py": f"def load_part_{i}(x):\n    return x\n" for i in range(30)
    }
    files |= {f"app/hook{i}.py": "def onEvent(x):\n    return x\n" for i in range(3)}
    with _indexed(tmp_path, files) as workspace:
        target, count = workspace.record_baseline()
        assert count == 0
        raw = json.loads(target.read_text("utf-8"))
        assert [(e["path"], e["text"], e.get("latent")) for e in raw["findings"]] == [
            (f"app/hook{i}.py", "onEvent", True) for i in range(3)
        ]


def test_the_editor_records_every_finding_it_shows(tmp_path: Path) -> None:
    # With its latent conventions strong, `cursSet` would be a member two unrelated classes
    # define, and left alone; the editor shows it, so the baseline must record it.
    files = binding_with_latent_classes("app")
    with _indexed(tmp_path, files) as workspace:
        shown = [f.message.split("`")[1] for f in workspace.findings_for("app/binding.py")]
        assert shown == ["cursSet"]
        workspace.record_baseline()
        assert workspace.findings_for("app/binding.py") == []


def test_the_editor_leaves_out_a_name_written_as_its_class_recorded_names_are(
    tmp_path: Path,
) -> None:
    # As `steering check` does: `archiveLegacy` follows the three recorded camelCase
    # methods of its class; `oldThree` joins a class mostly in snake_case.
    with _indexed(tmp_path, classes_with_recorded_names("app")) as workspace:
        workspace.record_baseline()
        changed = changed_classes("app")
        for path in ("app/legacy.py", "app/mixed.py", "app/notes.py"):
            workspace.update_buffer(path, 2, changed[path])
        assert workspace.findings_for("app/legacy.py") == []
        assert workspace.findings_for("app/notes.py") == []
        shown = [f.message.split("`")[1] for f in workspace.findings_for("app/mixed.py")]
        assert shown == ["oldThree"]


def test_the_editor_records_the_names_a_fragile_subtree_keeps_as_latent(tmp_path: Path) -> None:
    # legacy/ names 9 of its 10 functions in camelCase, a subtree one more snake_case name
    # would dissolve: its camelCase names are the workspace's findings then.
    files = folder_of_its_own(120, 9)
    with _indexed(tmp_path, files) as workspace:
        target, count = workspace.record_baseline()
        assert count == 1  # the subtree's `keep_this`
        raw = json.loads(target.read_text("utf-8"))
        latent = [e["text"] for e in raw["findings"] if e.get("latent")]
        assert latent == [f"loadOld{i}" for i in range(9)]


def test_the_editor_records_the_names_a_would_be_subtree_makes_latent(tmp_path: Path) -> None:
    # legacy/ names 8 of its 9 functions in camelCase against the workspace's snake_case:
    # one more would make it a subtree, and its one snake_case name a finding.
    files = folder_of_its_own(80, 8)
    with _indexed(tmp_path, files) as workspace:
        assert workspace.findings_for("legacy/kept.py") == []
        target, count = workspace.record_baseline()
        assert count == 8  # the workspace's findings: legacy/'s camelCase names
        raw = json.loads(target.read_text("utf-8"))
        assert [(e["text"], e.get("latent")) for e in raw["findings"]][:1] == [("keep_this", True)]
