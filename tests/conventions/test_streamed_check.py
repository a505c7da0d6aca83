"""`steering check` over a whole workspace writes each file's findings as it checks it:
JSON and SARIF written in pieces are the documents they would write whole, JSON lines carry
a finding a line, no file's findings outlive it, and a large check says how far it has got
on stderr."""

from __future__ import annotations

import gc
import io
import json
import weakref
from collections.abc import Iterator
from dataclasses import fields, replace
from pathlib import Path

import jsonschema

from steering_index.cli.conventions import run_check
from steering_index.conventions.report import FindingsOutput, dumps, finding_json, sarif_log
from steering_index.model import Convention, Finding, LineRange, Location, Span
from tests.conventions.test_commands import SCHEMA, check
from tests.workspaces import write_tree


def _finding(path: str, line: int, message: str) -> Finding:
    span = Span(0, 4, line, 2, line, 6)
    return Finding(
        code="convention/naming.python.function",
        message=message,
        location=Location(path, LineRange(line + 1, line + 1), span),
    )


ROOT_URI = "file:///srv/shop/"
TEXTS = {
    "a.py": b"x = 1\n\n\ndef fetchData():\n    pass\n",
    "b/c.py": "def étéData():  # café 🚀\n    pass\n".encode(),
}
NAMING = Convention(
    id="naming.python.function",
    category="naming",
    language="python",
    subject="function",
    value="snake_case",
    count=24,
    total=25,
    evidence="snake_case: 24 of 25 functions",
    strong=True,
)


def _read(path: str) -> bytes | None:
    return TEXTS.get(path)


def _streamed(fmt: str, files: list[tuple[list[Finding], list[Finding]]]) -> str:
    stream = io.StringIO()
    output = FindingsOutput(fmt, stream, [NAMING], _read, ROOT_URI)
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


def test_sarif_written_in_pieces_is_the_whole_log() -> None:
    a = replace(_finding("a.py", 3, "`fetchData` is camelCase"), replacement="fetch_data")
    b = _finding("b/c.py", 0, 'café 🚀 "quoted"\nnext')
    other = replace(_finding("b/c.py", 1, "other"), code="convention/imports.python.style")
    quiet = _finding("a.py", 0, "silenced")
    gone = _finding("gone.py", 2, "a file that cannot be read any more")
    cases: list[list[tuple[list[Finding], list[Finding]]]] = [
        [],
        [([], [])],
        [([], [quiet])],
        [([a], [])],
        [([a], [quiet]), ([b, other], []), ([], []), ([gone], [])],
    ]
    for files in cases:
        findings = [f for found, _ in files for f in found]
        silenced = [f for _, q in files for f in q]
        whole = sarif_log(findings, [NAMING], _read, ROOT_URI, silenced)
        streamed = _streamed("sarif", files)
        assert streamed == dumps(whole)
        jsonschema.Draft4Validator(SCHEMA).validate(json.loads(streamed))


class _Watched(Finding):
    """A finding a test can hold a weak reference to."""

    __slots__ = ("__weakref__",)


def _checked(
    files: list[list[Finding]], alive: list[weakref.ref], most: list[int]
) -> Iterator[list[Finding]]:
    """Each file's findings in turn, as the check hands them out, noting before each file
    how many findings of the files before it are still held."""
    for found in files:
        gc.collect()
        most[0] = max(most[0], sum(ref() is not None for ref in alive))
        copies = [
            _Watched(**{f.name: getattr(one, f.name) for f in fields(Finding)}) for one in found
        ]
        alive.extend(weakref.ref(copy) for copy in copies)
        yield copies
        del copies


def test_no_files_findings_are_held_once_the_next_file_comes() -> None:
    files = [
        [_finding(path, line, f"finding {n}") for line in range(3)]
        for n, path in enumerate(["a.py", "b/c.py", "gone.py"] * 4)
    ]
    for fmt in ("text", "json", "jsonl", "sarif"):
        alive: list[weakref.ref] = []
        most = [0]
        stream = io.StringIO()
        output = FindingsOutput(fmt, stream, [NAMING], _read, ROOT_URI)
        for found in _checked(files, alive, most):
            output.add(found)
            del found  # as the check does: nothing of a file outlives its turn
        output.finish()
        assert len(alive) == 36 and output.count == 36
        assert most[0] == 0, f"{fmt}: {most[0]} findings of earlier files still held"
        flat = [f for found in files for f in found]
        if fmt == "sarif":
            assert stream.getvalue() == dumps(sarif_log(flat, [NAMING], _read, ROOT_URI))


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
