"""`steering check` over a whole workspace writes each file's findings as it checks it:
JSON written in pieces is the document it would write whole, JSON lines carry a finding a
line, and a large check says how far it has got on stderr."""

from __future__ import annotations

import io
import json
from pathlib import Path

from steering_index.cli.conventions import run_check
from steering_index.conventions.report import FindingsOutput, dumps, finding_json
from steering_index.model import Finding, LineRange, Location, Span
from tests.conventions.test_commands import check
from tests.workspaces import write_tree


def _finding(path: str, line: int, message: str) -> Finding:
    span = Span(0, 4, line, 2, line, 6)
    return Finding(
        code="convention/naming.python.function",
        message=message,
        location=Location(path, LineRange(line + 1, line + 1), span),
    )


def _streamed(fmt: str, files: list[tuple[list[Finding], list[Finding]]]) -> str:
    stream = io.StringIO()
    output = FindingsOutput(fmt, stream)
    for found, quiet in files:
        output.add(found, quiet)
    output.finish()
    return stream.getvalue()


def test_json_written_in_pieces_is_the_whole_document() -> None:
    a = _finding("a.py", 3, '`fetchData` is camelCase, café 🚀 "quoted"\nnext')
    b = _finding("b/c.py", 0, "second")
    quiet = _finding("b/c.py", 9, "silenced")
    cases: list[list[tuple[list[Finding], list[Finding]]]] = [
        [],
        [([], [])],
        [([a], [])],
        [([a], []), ([], [quiet]), ([b], [])],
    ]
    for files in cases:
        findings = [f for found, _ in files for f in found]
        silenced = [f for _, q in files for f in q]
        whole = {
            "positions": json.loads(_streamed("json", []))["positions"],
            "findings": [finding_json(f) for f in findings],
            "count": len(findings),
            "silenced": [finding_json(f) for f in silenced],
        }
        assert _streamed("json", files) == dumps(whole)


def test_json_lines_carry_one_finding_a_line() -> None:
    a, b, quiet = _finding("a.py", 3, "one"), _finding("b.py", 1, "two"), _finding("b.py", 2, "q")
    lines = _streamed("jsonl", [([a], []), ([b], [quiet])]).splitlines()
    assert [json.loads(line) for line in lines] == [
        finding_json(a),
        finding_json(b),
        {**finding_json(quiet), "silenced": True},
    ]
    assert _streamed("jsonl", []) == ""


def test_each_files_findings_are_written_before_the_next_file_is_checked() -> None:
    stream = io.StringIO()
    output = FindingsOutput("text", stream)
    output.add([_finding("a.py", 3, "one")])
    assert stream.getvalue() == "a.py:4:3: convention/naming.python.function one\n"
    output.finish()
    assert stream.getvalue().endswith("\n1 finding\n")


def _big_workspace(root: Path, files: int) -> Path:
    tree: dict[str, str | bytes] = {".git/HEAD": "ref: refs/heads/main\n"}
    for n in range(files):
        tree[f"pkg/m{n}.py"] = f"def make_thing_{n}():\n    return {n}\n"
    tree["pkg/odd.py"] = "def makeThing():\n    return 0\n"
    return write_tree(root, tree)


def test_a_whole_workspace_check_reports_progress_and_streams_json_lines(
    tmp_path: Path, capsys
) -> None:
    root = _big_workspace(tmp_path / "ws", 250)
    assert run_check(check(root, fmt="jsonl")) == 1
    out, err = capsys.readouterr()
    (line,) = out.splitlines()
    assert json.loads(line)["path"] == "pkg/odd.py"
    assert "inferring conventions: 251/251 files" in err
    assert "checking: 251/251 files" in err
    # Remembered now: a second check reads no file to infer, and says so by saying nothing.
    assert run_check(check(root, fmt="json")) == 1
    out, err = capsys.readouterr()
    assert json.loads(out)["count"] == 1
    assert "inferring" not in err and "checking: 251/251 files" in err


def test_a_check_of_a_few_files_stays_quiet_on_stderr(tmp_path: Path, capsys) -> None:
    root = _big_workspace(tmp_path / "ws", 250)
    run_check(check(root))
    capsys.readouterr()
    assert run_check(check(root, str(root / "pkg" / "odd.py"))) == 1
    assert capsys.readouterr().err == ""
