"""Run the reliability tests and render their figures into bench/RELIABILITY.md.

    .venv/bin/python bench/reliability.py            # run tests/reliability, write the table
    .venv/bin/python bench/reliability.py --from F   # render from an existing JSON-lines file

Each case of tests/reliability appends one JSON line (group, case, survived, skipped,
reason, data_lost) when RELIABILITY_REPORT names a file; see tests/reliability/conftest.py.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
OUTPUT = REPO / "bench" / "RELIABILITY.md"
COMMAND = "python bench/reliability.py"
TEST_COMMAND = "python -m pytest tests/reliability -p no:cacheprovider"
FILES = {
    "model API faults": "tests/reliability/test_api_faults.py",
    "bad input": "tests/reliability/test_bad_input.py",
    "load": "tests/reliability/test_load.py",
    "crash consistency": "tests/reliability/test_crash.py",
    "security": "tests/reliability/test_security.py tests/reliability/test_secret_scan.py",
    "unusual traffic": (
        "tests/reliability/test_unusual_traffic.py tests/reliability/test_raw_protocol.py"
    ),
}


@dataclass(frozen=True, slots=True)
class Case:
    group: str
    case: str
    survived: bool
    skipped: bool
    reason: str
    data_lost: int


def read_cases(path: Path) -> list[Case]:
    cases = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            cases.append(
                Case(
                    group=str(row["group"]),
                    case=str(row["case"]),
                    survived=bool(row["survived"]),
                    skipped=bool(row["skipped"]),
                    reason=str(row.get("reason") or ""),
                    data_lost=int(row.get("data_lost") or 0),
                )
            )
    return cases


def run_tests(report: Path) -> int:
    env = {**os.environ, "RELIABILITY_REPORT": str(report)}
    command = [sys.executable, "-m", "pytest", "tests/reliability", "-q", "-p", "no:cacheprovider"]
    return subprocess.run(command, cwd=REPO, env=env).returncode


def render(cases: Sequence[Case]) -> str:
    groups = list(dict.fromkeys(c.group for c in cases))
    lines = [
        "# Reliability and security figures",
        "",
        f"Produced by `{COMMAND}` on {datetime.now(UTC):%Y-%m-%d}; it runs `{TEST_COMMAND}`",
        "with `RELIABILITY_REPORT` set, and every case records whether the server (or the",
        "indexer) survived it and how much data it lost. The same tests run in the normal",
        "suite. *Survived* means the case's test passed: a clear message, nothing applied",
        "unless asked for, and the next request answered.",
        "",
        "| group | tried | survived | failed | not provokable | data lost | reproduce |",
        "| --- | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for group in groups:
        mine = [c for c in cases if c.group == group]
        tried = [c for c in mine if not c.skipped]
        survived = sum(c.survived for c in tried)
        lost = sum(c.data_lost for c in mine)
        where = FILES.get(group, "tests/reliability")
        lines.append(
            f"| {group} | {len(tried)} | {survived} | {len(tried) - survived} | "
            f"{len(mine) - len(tried)} | {lost} | `python -m pytest {where}` |"
        )
    total = [c for c in cases if not c.skipped]
    lines.append(
        f"| **all** | {len(total)} | {sum(c.survived for c in total)} | "
        f"{sum(not c.survived for c in total)} | {len(cases) - len(total)} | "
        f"{sum(c.data_lost for c in cases)} | `{COMMAND}` |"
    )
    lines += ["", "## Cases", ""]
    for group in groups:
        lines += [f"### {group}", ""]
        for c in (c for c in cases if c.group == group):
            mark = "not provokable" if c.skipped else ("survived" if c.survived else "FAILED")
            note = f": {c.reason}" if c.skipped and c.reason else ""
            loss = f", {c.data_lost} lost" if c.data_lost else ""
            lines.append(f"- `{c.case}`: {mark}{loss}{note}")
        lines.append("")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--from", dest="source", help="render from this JSON-lines file")
    parser.add_argument("--output", default=str(OUTPUT), help="where to write the table")
    args = parser.parse_args(argv)
    status = 0
    if args.source:
        cases = read_cases(Path(args.source))
    else:
        with tempfile.TemporaryDirectory() as folder:
            report = Path(folder) / "cases.jsonl"
            report.touch()
            status = run_tests(report)
            cases = read_cases(report)
    if not cases:
        print("no reliability cases were recorded", file=sys.stderr)
        return 2
    Path(args.output).write_text(render(cases) + "\n", encoding="utf-8")
    print(f"wrote {args.output}: {len(cases)} cases")
    return status


if __name__ == "__main__":
    sys.exit(main())
