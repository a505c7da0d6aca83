"""Scoring an answer with no model: applies and parses, names defined, conventions kept, tests.

The answer goes through the engine's own validation (`check_edit`: the answer's shape, the
range, secrets restored, the splice); then each signal is measured apart, against the
task's file before the edit: new syntax errors (tree-sitter), new undefined names (the
engine's own check, `llm/undefined.py`), new convention findings (the workspace's strong
conventions), the project's
tests when a command is given (in a scratch copy, with a timeout), and a token similarity
to the original text as a secondary signal.
"""

from __future__ import annotations

import asyncio
import contextlib
import difflib
import os
import re
import shlex
import shutil
import signal
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from steering_index.eval.tasks import EvalTask
from steering_index.llm import undefined
from steering_index.llm.client import ModelReply
from steering_index.llm.edits import splice
from steering_index.llm.validate import EditChecks, check_edit
from steering_index.model import LineRange

TESTS_PASSED = "passed"
TESTS_FAILED = "failed"
TESTS_TIMEOUT = "timeout"
TESTS_NOT_RUN = "not-run"
_TOKEN = re.compile(r"\w+|[^\w\s]")


@dataclass(frozen=True, slots=True)
class Score:
    """What an answer achieved. `passed` is the headline; `conforms` the steering signal."""

    applied: bool  # a usable replace_range answer for the target lines
    parses: bool  # no new syntax errors
    new_undefined: tuple[str, ...]
    new_findings: tuple[str, ...]
    tests: str  # passed | failed | timeout | not-run
    similarity: float  # 0..1, tokens of the changed region against the original
    problems: tuple[str, ...] = ()

    @property
    def passed(self) -> bool:
        return (
            self.applied
            and self.parses
            and not self.new_undefined
            and self.tests in (TESTS_PASSED, TESTS_NOT_RUN)
        )

    @property
    def conforms(self) -> bool:
        # A file that no longer parses cannot be checked for conventions: not conforming.
        return self.applied and self.parses and not self.new_findings


def not_applied(problems: tuple[str, ...]) -> Score:
    return Score(False, False, (), (), TESTS_NOT_RUN, 0.0, problems)


def score_reply(
    task: EvalTask, lines: LineRange, reply: ModelReply, checks: EditChecks
) -> tuple[Score, str | None]:
    """The score of `reply` on `task` (target `lines`), and the whole new file if it applies."""
    verdict = check_edit(task.file_text, lines, reply, checks)
    if verdict.answer is None or verdict.new_file_text is None:
        return not_applied(verdict.problems), None
    new_file = verdict.new_file_text
    old_bytes, new_bytes = task.file_text.encode("utf-8"), new_file.encode("utf-8")
    parses = True
    if checks.syntax_problems is not None:
        parses = len(checks.syntax_problems(new_bytes)) <= len(checks.syntax_problems(old_bytes))
    findings: list[str] = []
    if checks.findings is not None:
        before = Counter((f.code, f.message) for f in checks.findings(old_bytes))
        for finding in checks.findings(new_bytes):
            if before[(finding.code, finding.message)] > 0:
                before[(finding.code, finding.message)] -= 1
            else:
                findings.append(f"{finding.message} [{finding.code}]")
    undefined = new_undefined_names(task.language, task.file_text, new_file) if parses else ()
    similarity = similarity_to_original(task, new_file)
    score = Score(
        True, parses, undefined, tuple(findings), TESTS_NOT_RUN, similarity, verdict.problems
    )
    return score, new_file


# --- undefined names ------------------------------------------------------------------------


def new_undefined_names(language: str, before: str, after: str) -> tuple[str, ...]:
    """Names undefined after the edit that were not before: the check answers are validated
    with (Python only; () elsewhere)."""
    if language != "python":
        return ()
    return tuple(undefined.new_undefined_names(before, after))


# --- similarity -----------------------------------------------------------------------------


def similarity_to_original(task: EvalTask, new_file: str) -> float:
    """Token similarity of the changed region against what the file held originally."""
    original = splice(task.file_text, task.lines, task.expected).splitlines()
    edited = new_file.splitlines()
    start = 0
    while start < min(len(original), len(edited)) and original[start] == edited[start]:
        start += 1
    end = 0
    while (
        end < min(len(original), len(edited)) - start
        and original[len(original) - 1 - end] == edited[len(edited) - 1 - end]
    ):
        end += 1
    a = _TOKEN.findall("\n".join(original[start : len(original) - end]))
    b = _TOKEN.findall("\n".join(edited[start : len(edited) - end]))
    if not a and not b:
        return 1.0
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


# --- the project's tests --------------------------------------------------------------------


def test_command(template: str, task: EvalTask) -> str | None:
    """The command for `task` (`{test_files}` filled in); None when it names tests and the
    task has none."""
    if "{test_files}" in template and not task.test_files:
        return None
    return template.replace("{test_files}", shlex.join(task.test_files))


async def run_tests(
    root: Path, task: EvalTask, new_file: str, template: str, timeout_s: float
) -> str:
    """Run the test command in a scratch copy of `root` holding the edited file."""
    command = test_command(template, task)
    if command is None:
        return TESTS_NOT_RUN
    scratch = Path(tempfile.mkdtemp(prefix="steering-eval-"))
    try:
        copy = scratch / root.name
        await asyncio.to_thread(
            shutil.copytree, root, copy, symlinks=True, ignore=shutil.ignore_patterns(".git")
        )
        (copy / task.path).write_text(new_file, encoding="utf-8")
        return await _run(command, copy, timeout_s)
    finally:
        await asyncio.to_thread(shutil.rmtree, scratch, True)


async def _run(command: str, cwd: Path, timeout_s: float) -> str:
    process = await asyncio.create_subprocess_shell(
        command,
        cwd=cwd,
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.DEVNULL,
        start_new_session=True,  # so a timeout ends the command's children too
    )
    try:
        code = await asyncio.wait_for(process.wait(), timeout_s)
    except TimeoutError:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        await process.wait()
        return TESTS_TIMEOUT
    return TESTS_PASSED if code == 0 else TESTS_FAILED
