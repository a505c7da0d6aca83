"""`steering: ignore` comments: a team that accepts one deviation says so where it is, and
`steering check` stays usable as a CI gate. Through the real extractor, index and CLI."""

from __future__ import annotations

import argparse
from pathlib import Path

from steering_index.cli.conventions import run_check
from tests.workspaces import write_tree


def _module(i: int) -> str:
    return "".join(
        f"def handle_request_{i}_{k}(request):\n    return request\n\n\n" for k in range(3)
    )


def _check(tmp_path: Path, extra: dict[str, str], capsys) -> list[str]:
    files = {f"app/mod_{i}.py": _module(i) for i in range(20)}
    files.update(
        {
            f"web/mod{i}.ts": f"export function loadItem{i}(id: string) {{\n  return id;\n}}\n"
            for i in range(20)
        }
    )
    files.update(extra)
    root = write_tree(tmp_path / "ws", files)
    args = argparse.Namespace(
        root=str(root), db=str(tmp_path / "index.db"), paths=[], format="text"
    )
    run_check(args)
    return [line.split(": ")[0] for line in capsys.readouterr().out.splitlines()[:-1]]


DRIFT = """\
def sendCount():  # steering: ignore
    return 1


# steering: ignore-next-line[naming.python.function]
def sentCount():
    return 2


# steering: ignore-next-line[imports]  (names another convention: no effect here)
def failedCount():
    return 3


def retriedCount():
    return 4  # a comment on another line does not count: steering: ignore
"""


def test_ignore_comments_silence_the_line_they_name(tmp_path: Path, capsys) -> None:
    flagged = _check(tmp_path, {"app/legacy.py": DRIFT}, capsys)
    assert flagged == [
        "app/legacy.py:11:5",  # failedCount: the comment names another convention
        "app/legacy.py:15:5",  # retriedCount
    ]


def test_ignore_file_silences_a_whole_file_in_any_language(tmp_path: Path, capsys) -> None:
    extra = {
        "app/legacy.py": "# steering: ignore-file[naming]\n" + DRIFT,
        "web/legacy.ts": (
            "// steering: ignore-file\nexport function load_item(id: string) {\n  return id;\n}\n"
        ),
        "web/other.ts": "export function load_other(id: string) {\n  return id;\n}\n",
    }
    assert _check(tmp_path, extra, capsys) == ["web/other.ts:1:17"]
