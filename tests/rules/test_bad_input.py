"""Bad input becomes findings with clear messages; nothing raises and the other rules still load."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from steering_index.model import Severity
from steering_index.rules import lint_rules, load_rules
from tests.rules.conftest import applied
from tests.workspaces import write_tree

GOOD_RULE = {".kiro/steering/tech.md": "# Stack\n\n- Python 3.12.\n"}


def unreadable(root: Path) -> dict[str, str]:
    ruleset = load_rules(root)
    assert applied(ruleset, "src/app.py") == ["kiro:tech#stack"], "the good rule must still load"
    return {f.location.path: f.message for f in ruleset.findings if f.code == "rules/unreadable"}


def test_binary_file(tmp_path: Path) -> None:
    write_tree(tmp_path, {**GOOD_RULE, ".kiro/steering/logo.md": b"\x89PNG\r\n\x1a\n\x00\x00\x00"})
    assert "binary" in unreadable(tmp_path)[".kiro/steering/logo.md"]


def test_invalid_utf8_names_the_line(tmp_path: Path) -> None:
    write_tree(tmp_path, {**GOOD_RULE, "AGENTS.md": b"# Rules\n\n- caf\xe9 au lait\n"})
    message = unreadable(tmp_path)["AGENTS.md"]
    assert "UTF-8" in message and "line 3" in message


def test_huge_file(tmp_path: Path) -> None:
    write_tree(tmp_path, {**GOOD_RULE, ".clinerules": "- rule\n" * 200_000})
    assert "over the limit" in unreadable(tmp_path)[".clinerules"]


def test_symlink_loop(tmp_path: Path) -> None:
    write_tree(tmp_path, GOOD_RULE)
    os.symlink("CLAUDE.md", tmp_path / "CLAUDE.md")
    (tmp_path / "src").mkdir()
    os.symlink("..", tmp_path / "src" / "parent")  # a folder loop the walk must not follow
    assert "symbolic links" in unreadable(tmp_path)["CLAUDE.md"]


def test_steering_file_linked_from_outside_the_workspace(tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere.md"
    outside.write_text("# Not ours\n")
    root = write_tree(tmp_path / "repo", GOOD_RULE)
    os.symlink(outside, root / "AGENTS.md")
    assert "outside the workspace" in unreadable(root)["AGENTS.md"]


def test_malformed_front_matter_values(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            **GOOD_RULE,
            ".cursor/rules/a.mdc": "---\nglobs: 42\nalwaysApply: maybe\n---\n- a\n",
            ".kiro/steering/b.md": "---\ninclusion: sometimes\n---\n- b\n",
            ".continue/rules/c.md": "---\nregex: '(unclosed'\n---\n- c\n",
            ".windsurf/rules/d.md": "---\ntrigger: glob\n---\n- d\n",
        },
    )
    ruleset = load_rules(tmp_path)
    messages: dict[tuple[str, str], str] = {}
    for found in lint_rules(ruleset):
        key = (found.location.path, found.code)
        messages[key] = messages.get(key, "") + found.message + "\n"
    assert "found `42`" in messages[(".cursor/rules/a.mdc", "rules/invalid-value")]
    assert "found `maybe`" in messages[(".cursor/rules/a.mdc", "rules/invalid-value")]
    assert "read as always" in messages[(".kiro/steering/b.md", "rules/invalid-value")]
    assert "regular expression" in messages[(".continue/rules/c.md", "rules/invalid-value")]
    assert "without `globs`" in messages[(".windsurf/rules/d.md", "rules/missing-key")]
    assert "kiro:b#b" in applied(ruleset, "src/app.py")


def test_cline_keeps_a_rule_with_broken_front_matter_on(tmp_path: Path) -> None:
    write_tree(tmp_path, {".clinerules/web.md": "---\npaths: [web/**\n---\n- React.\n"})
    ruleset = load_rules(tmp_path)
    assert [f.severity for f in ruleset.findings] == [Severity.ERROR]
    assert applied(ruleset, "api/main.rs") == ["cline:web#web"]


def test_missing_root_files_and_empty_workspace(tmp_path: Path) -> None:
    ruleset = load_rules(tmp_path)
    assert (ruleset.rules, ruleset.findings) == ((), ())
    assert lint_rules(ruleset) == []


STEERING_PATHS = [
    "AGENTS.md",
    "CLAUDE.md",
    "GEMINI.md",
    ".kiro/steering/x.md",
    ".kiro/specs/f/tasks.md",
    ".kiro/specs/f/requirements.md",
    ".cursor/rules/x.mdc",
    ".github/instructions/x.instructions.md",
    ".windsurf/rules/x.md",
    ".continue/rules/x.md",
    ".clinerules",
    ".claude/rules/x.md",
    ".aider.conf.yml",
]
CONTENT = st.one_of(
    st.binary(max_size=300),
    st.text(max_size=300).map(lambda t: t.encode("utf-8", "surrogatepass")),
    st.text(alphabet="-:#[]{}@*,'\"\n abfile./", max_size=200).map(str.encode),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(contents=st.lists(CONTENT, min_size=len(STEERING_PATHS), max_size=len(STEERING_PATHS)))
def test_any_bytes_in_any_steering_file_never_raise(contents: list[bytes]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        write_tree(root, dict(zip(STEERING_PATHS, contents, strict=True)))
        ruleset = load_rules(root)
        findings = lint_rules(ruleset)
        assert all(f.location.path for f in findings)
        assert not [f for f in ruleset.findings if f.code == "rules/loader-failed"]
