"""`steering review --staged` and `--diff REF` on a real git repository: changed lines only."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from steering_index.cli.main import main
from steering_index.model import LineRange
from steering_index.review.changes import hunk_lines
from steering_index.review.reviewed import Reviewed
from tests.fakeapi import FakeMessagesAPI

INVOICES = "src/billing/invoices.py"
FEES = "src/billing/fees.py"
CHARGES = "src/billing/charges.py"
ADDED = (
    "\n\ndef refund(total):\n"
    "    return float(total)\n"  # invoices.py line 23
)
FEES_TEXT = "".join(f"RATE_{n} = {n}\n" for n in range(1, 31))


def _git(root: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=True)
    return done.stdout


@pytest.fixture
def repo(billing: Path) -> Path:
    """The billing workspace committed, then: invoices.py grown by a function, fees.py
    renamed to charges.py with one line changed, logo.png changed, old.py deleted."""
    root = billing
    (root / FEES).write_text(FEES_TEXT)
    (root / "src/billing/old.py").write_text("OLD = 1\n")
    (root / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00binary")
    _git(root, "init", "-q")
    _git(root, "config", "user.email", "dev@example.com")
    _git(root, "config", "user.name", "Dev")
    _git(root, "add", "-A")
    _git(root, "commit", "-qm", "start")
    with (root / INVOICES).open("a") as handle:
        handle.write(ADDED)
    _git(root, "mv", FEES, CHARGES)
    (root / CHARGES).write_text(FEES_TEXT.replace("RATE_15 = 15", "RATE_15 = 0.15"))
    (root / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00other")
    _git(root, "rm", "-q", "src/billing/old.py")
    return root


def _reply(path: str, findings: list[dict[str, object]]) -> dict[str, object]:
    return {
        "match": f'path=\\"{path}\\"',
        "name": "report_findings",
        "input": {"findings": findings},
    }


def _finding(line: int, message: str) -> dict[str, object]:
    return {"first_line": line, "last_line": line, "severity": "medium", "message": message}


def _review(root: Path, *extra: str) -> int:
    db = str(root.parent / "index.db")
    return main(["review", "--root", str(root), "--db", db, "--reviewers", "rules", *extra])


def test_staged_reviews_the_changed_lines_of_each_changed_text_file(
    repo: Path, fake_api: FakeMessagesAPI, capsys: pytest.CaptureFixture[str]
) -> None:
    _git(repo, "add", "-A")
    # Not staged: must not be what is reviewed.
    (repo / INVOICES).write_text((repo / INVOICES).read_text() + "UNSTAGED = 1\n")
    fake_api.script(
        [
            _reply(
                INVOICES,
                [
                    _finding(23, "money as float"),  # a changed line: kept
                    _finding(18, "context line"),  # shown as context only: left out
                    _finding(9, "never shown"),  # outside what was shown: rejected
                ],
            ),
            _reply(CHARGES, [_finding(15, "a rate as a float")]),
        ]
    )
    code = _review(repo, "--staged", "--format", "json")
    out = capsys.readouterr()
    assert code == 0, out.err
    by_path = {
        path: next(r for r in fake_api.requests if f'path=\\"{path}\\"' in r.text)
        for path in (INVOICES, CHARGES)
    }
    assert len(fake_api.requests) == 2  # neither the deleted nor the binary file was sent
    invoices = by_path[INVOICES].text
    assert "return float(total)" in invoices and "Only lines 20-23 changed" in invoices
    assert "def invoice_total" not in invoices  # line 9: far from the change
    assert "UNSTAGED" not in invoices
    charges = by_path[CHARGES].text
    assert "RATE_15 = 0.15" in charges and "Only lines 15-15 changed" in charges
    assert "RATE_1 = 1\\n" not in charges and "RATE_30" not in charges
    findings = json.loads(out.out)["findings"]
    assert [(f["path"], f["first_line"], f["message"]) for f in findings] == [
        (CHARGES, 15, "a rate as a float"),
        (INVOICES, 23, "money as float"),
    ]
    assert "1 finding(s) on unchanged lines left out" in out.err
    assert "lines 9-9 are not in the reviewed text (17-23)" in out.err
    assert "src/billing/old.py: deleted; nothing to review" in out.err
    assert "logo.png: binary; skipped" in out.err


def test_diff_ref_reviews_the_working_tree_changes_since_the_ref_limited_to_named_files(
    repo: Path, fake_api: FakeMessagesAPI, capsys: pytest.CaptureFixture[str]
) -> None:
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "change")
    (repo / INVOICES).write_text((repo / INVOICES).read_text() + "LATER = 1\n")
    fake_api.script([_reply(INVOICES, [_finding(24, "a new constant")])])
    code = _review(repo, "--diff", "HEAD~1", INVOICES)
    out = capsys.readouterr()
    assert code == 0, out.err
    (request,) = fake_api.requests  # only the named file
    assert "LATER = 1" in request.text and "Only lines 20-24 changed" in request.text
    assert f"{INVOICES}:24-24: medium a new constant (rules)" in out.out


def test_a_pure_rename_has_nothing_to_review(
    repo: Path, fake_api: FakeMessagesAPI, capsys: pytest.CaptureFixture[str]
) -> None:
    _git(repo, "checkout", "-q", "--", ".")
    _git(repo, "reset", "-q", "--hard")
    _git(repo, "mv", FEES, CHARGES)
    assert _review(repo, "--staged") == 0
    out = capsys.readouterr()
    assert f"{CHARGES}: renamed from {FEES} with its text unchanged" in out.err
    assert "no changed lines to review" in out.out
    assert fake_api.requests == []


def test_a_bad_ref_or_no_repository_is_a_clear_error_with_exit_code_2(
    repo: Path, tmp_path: Path, fake_api: FakeMessagesAPI, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _review(repo, "--diff", "no-such-branch") == 2
    assert "'no-such-branch' is not a commit, branch or tag" in capsys.readouterr().err
    assert _review(repo, "--diff=--output=x") == 2
    assert "looks like an option" in capsys.readouterr().err
    plain = tmp_path / "plain"
    plain.mkdir()
    assert _review(plain, "--staged") == 2
    assert "cannot find the git repository" in capsys.readouterr().err
    assert fake_api.requests == []


def test_hunks_of_a_zero_context_patch_and_the_lines_shown_around_them() -> None:
    patch = "@@ -3 +3 @@\n-a\n+b\n@@ -10,2 +9,0 @@\n-x\n-y\n@@ -0,0 +20,2 @@\n+n\n+m\n"
    assert hunk_lines(patch, 30) == (LineRange(3, 3), LineRange(9, 10), LineRange(20, 21))
    text = "".join(f"line {n}\n" for n in range(1, 31))
    reviewed = Reviewed.change("a.py", text, hunk_lines(patch, 30), context=2)
    assert reviewed.shown == (LineRange(1, 5), LineRange(7, 12), LineRange(18, 23))
    numbered = reviewed.numbered()
    assert "    5  line 5\n  ...\n    7  line 7\n" in numbered
    assert "   12  line 12\n  ...\n   18  line 18\n" in numbered
    assert numbered.endswith("   23  line 23\n  ...\n")
    assert reviewed.shows(18, 23) and not reviewed.shows(12, 18)
    assert reviewed.touches_change(8, 9) and not reviewed.touches_change(11, 12)


def test_lines_are_numbered_as_the_editor_counts_them() -> None:
    # A form feed or U+2028 is no line break for an editor or a parser.
    reviewed = Reviewed("a.py", "x = 1\x0c\ny = '\u2028'\nz = 3\n")
    assert "    2  y = '\u2028'\n    3  z = 3\n" in reviewed.numbered()
    assert reviewed.views() == (LineRange(1, 3),)
