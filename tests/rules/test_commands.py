"""`steering rules` and `steering lint-rules` through the CLI's own argument parsing."""

from __future__ import annotations

import argparse
import json
import shutil
from pathlib import Path

import pytest

from steering_index.cli import main as cli
from tests.rules.conftest import EXAMPLE_SHOP, FIXTURES


def run(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="steering")
    cli._rules_parsers(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return args.handler(args)


def test_rules_json_lists_every_rule_with_the_documented_fields(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert run(["rules", "--root", str(EXAMPLE_SHOP), "--json"]) == 0
    rules = json.loads(capsys.readouterr().out)
    assert len(rules) == 38
    for rule in rules:
        assert {"id", "source", "lines", "format", "scope", "applies", "reason"} <= rule.keys()
        assert not Path(rule["source"]).is_absolute()
        assert 1 <= rule["lines"][0] <= rule["lines"][1]
    by_id = {r["id"]: r for r in rules}
    manual = by_id["kiro:release-checklist#release-checklist"]
    assert (manual["scope"], manual["applies"]) == ("manual", False)
    assert "asked for by name" in manual["reason"]
    api = by_id["kiro:api-style#error-handling"]
    assert (api["scope"], api["applies"], api["lines"]) == ("glob", True, [8, 12])


def test_rules_for_a_path_say_why(capsys: pytest.CaptureFixture[str]) -> None:
    path = EXAMPLE_SHOP / "src" / "shop" / "api" / "cart.py"
    assert run(["rules", str(path), "--root", str(EXAMPLE_SHOP), "--json"]) == 0
    answers = {a["id"]: a for a in json.loads(capsys.readouterr().out)}
    nested = answers["agents:agents@src/shop/api#handler-shape"]
    assert nested["applies"] and nested["reason"].startswith("nearest AGENTS.md for this folder")
    web = answers["cursor:web-typescript#naming"]
    assert (web["applies"], web["reason"]) == (False, "glob `web/**/*.ts` did not match")


def test_rules_text_groups_answers(capsys: pytest.CaptureFixture[str]) -> None:
    root = FIXTURES / "kiro"
    assert run(["rules", str(root / "src/lib/db.ts"), "--root", str(root)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Rules for src/lib/db.ts")
    applies, rest = out.split("Candidates", 1)
    assert "kiro:tech#technology-stack" in applies and "kiro:deploy#deploying" not in applies
    assert "kiro:security-review#security-review" in rest.split("Does not apply", 1)[0]


def test_root_defaults_to_the_nearest_folder_with_git(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "repo"
    shutil.copytree(FIXTURES / "agents", root, symlinks=True)
    (root / ".git").mkdir()
    monkeypatch.chdir(root / "services" / "billing")
    assert run(["rules", "invoice.go", "--json"]) == 0
    applied = [a["id"] for a in json.loads(capsys.readouterr().out) if a["applies"]]
    assert applied[-1] == "agents:agents@services/billing#money"
    assert applied[0] == "agents:agents#monorepo-guide"


def test_path_outside_the_root_and_a_missing_root_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "x.py").write_text("x = 1\n", encoding="utf-8")
    assert run(["rules", str(tmp_path / "x.py"), "--root", str(FIXTURES / "kiro")]) == 2
    assert "outside the workspace" in capsys.readouterr().err
    assert run(["rules", str(tmp_path / "no" / "such.py"), "--root", str(FIXTURES / "kiro")]) == 2
    assert "such.py does not exist" in capsys.readouterr().err
    assert run(["lint-rules", "--root", str(tmp_path / "missing")]) == 2
    assert "not a folder" in capsys.readouterr().err


def test_lint_rules_exit_codes_and_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["lint-rules", "--root", str(FIXTURES / "mixed")]) == 0
    assert "no problems" in capsys.readouterr().err
    assert run(["lint-rules", "--root", str(EXAMPLE_SHOP), "--json"]) == 1
    (finding,) = json.loads(capsys.readouterr().out)
    assert finding["code"] == "rules/drifted-copy"
    assert (finding["path"], finding["line"], finding["severity"]) == ("CLAUDE.md", 9, "warning")
    assert finding["related"] == [{"path": "AGENTS.md", "line": 9}]


def test_lint_text_shows_place_and_fix(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rule = tmp_path / ".cursor" / "rules" / "style.mdc"
    rule.parent.mkdir(parents=True)
    rule.write_text('---\nalwaysApply: "true"\n---\n- Tabs.\n')
    assert run(["lint-rules", "--root", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert out.startswith(".cursor/rules/style.mdc:2: warning:")
    assert "[rules/string-boolean]" in out and "fix: alwaysApply: true" in out


def test_rules_mentions_problems_on_stderr(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "AGENTS.md").write_bytes(b"\xff\xfe broken")
    assert run(["rules", "--root", str(tmp_path)]) == 0
    assert "run `steering lint-rules`" in capsys.readouterr().err


def test_the_steering_entry_point_dispatches_to_these_handlers(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert cli.main(["lint-rules", "--root", str(EXAMPLE_SHOP)]) == 1
    assert "[rules/drifted-copy]" in capsys.readouterr().out
