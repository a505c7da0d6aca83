"""`#[[file:]]` and `@path` expansion: inlined, kept inside the workspace, cycles reported."""

from __future__ import annotations

import os
from pathlib import Path

from steering_index.rules import load_rules
from steering_index.rules.references import Syntax, expand_references, references_in
from tests.rules.conftest import codes, load_fixture
from tests.workspaces import write_tree


def test_kiro_reference_inlines_the_live_file_fenced() -> None:
    ruleset = load_fixture("kiro")
    rule = next(r for r in ruleset.rules if r.id == "kiro:api-conventions#api-conventions")
    assert "#[[file:" not in rule.text
    assert "```yaml\nopenapi: 3.1.0" in rule.text
    assert "api/openapi.yaml" in ruleset.referenced


def test_claude_imports_follow_two_hops_and_keep_the_sentence() -> None:
    ruleset = load_fixture("claude")
    workflow = next(r for r in ruleset.rules if r.id == "claude:claude#workflow")
    assert "- See @docs/testing.md for how we write tests." in workflow.text
    assert "One test module per source module" in workflow.text
    assert "never hit the network in tests" in workflow.text  # docs/fixtures.md, second hop
    assert ruleset.referenced == {"docs/testing.md", "docs/fixtures.md"}


def test_decorators_and_code_spans_are_not_imports() -> None:
    text = "Use `@./a.md` and @dataclass, mail me@example.com, see @types/node.\n"
    assert references_in(text, Syntax.AT_PATH) == []
    fenced = "```\n@./b.md\n```\n@./c.md\n"
    assert [ref for _, _, ref in references_in(fenced, Syntax.AT_PATH)] == ["./c.md"]


def test_gemini_import_alone_on_its_line_is_replaced() -> None:
    rule = load_fixture("gemini").rules[0]
    assert "@./docs/architecture.md" not in rule.text
    assert "`cmd/resize` parses flags" in rule.text
    assert "`@./not-an-import.md`" in rule.text


def test_import_cycle_is_reported_not_followed(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "CLAUDE.md": "# Rules\n\n@docs/a.md\n",
            "docs/a.md": "A rules\n@b.md\n",
            "docs/b.md": "B rules\n@a.md\n",
        },
    )
    ruleset = load_rules(tmp_path)
    cycle = [f for f in ruleset.findings if f.code == "rules/import-cycle"]
    assert len(cycle) == 1
    assert (cycle[0].location.path, cycle[0].location.lines.first) == ("docs/b.md", 2)
    assert "docs/a.md -> docs/b.md -> docs/a.md" in cycle[0].message
    text = ruleset.rules[0].text
    assert text.count("A rules") == 1 and text.count("B rules") == 1


def test_self_import_is_a_cycle(tmp_path: Path) -> None:
    write_tree(tmp_path, {"GEMINI.md": "# Me\n\n@./GEMINI.md\n"})
    assert codes(load_rules(tmp_path).findings) == ["rules/import-cycle"]


def test_imports_stop_after_five_hops(tmp_path: Path) -> None:
    files = {"CLAUDE.md": "# Chain\n\n@d/1.md\n"}
    for hop in range(1, 8):
        files[f"d/{hop}.md"] = f"level {hop}\n@{hop + 1}.md\n"
    files["d/8.md"] = "level 8\n"
    ruleset = load_rules(write_tree(tmp_path, files))
    too_deep = [f for f in ruleset.findings if f.code == "rules/import-too-deep"]
    assert [(f.location.path, f.location.lines.first) for f in too_deep] == [("d/5.md", 2)]
    text = ruleset.rules[0].text
    assert "level 5" in text and "level 6" not in text


def test_reference_outside_the_workspace_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "secret.md"
    outside.write_text("do not include me\n")
    root = write_tree(
        tmp_path / "repo",
        {
            ".kiro/steering/api.md": "# API\n\n#[[file:../secret.md]]\n",
            "CLAUDE.md": f"# Notes\n\n@{outside}\n@../secret.md\n",
        },
    )
    (root / "docs").mkdir()
    os.symlink(outside, root / "docs" / "linked.md")
    (root / "GEMINI.md").write_text("# G\n\n@./docs/linked.md\n")
    ruleset = load_rules(root)
    escapes = [f for f in ruleset.findings if f.code == "rules/reference-outside-workspace"]
    assert sorted((f.location.path, f.location.lines.first) for f in escapes) == [
        (".kiro/steering/api.md", 3),
        ("CLAUDE.md", 3),
        ("CLAUDE.md", 4),
        ("GEMINI.md", 3),
    ]
    assert all("do not include me" not in r.text for r in ruleset.rules)


def test_broken_reference_is_reported_and_left_as_written(tmp_path: Path) -> None:
    write_tree(tmp_path, {".kiro/steering/api.md": "# API\n\nSee #[[file:api/missing.yaml]].\n"})
    ruleset = load_rules(tmp_path)
    (broken,) = ruleset.findings
    assert broken.code == "rules/broken-reference"
    assert (broken.location.path, broken.location.lines.first) == (".kiro/steering/api.md", 3)
    assert "#[[file:api/missing.yaml]]" in ruleset.rules[0].text


def test_expansion_of_text_without_references_is_the_text(tmp_path: Path) -> None:
    expansion = expand_references("plain text\n", "AGENTS.md", 1, tmp_path, Syntax.AT_PATH)
    assert (expansion.text, expansion.findings, expansion.files) == ("plain text\n", (), ())
