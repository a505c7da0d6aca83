"""Hover on a name a naming convention leaves alone says so, and why, on a real indexed
workspace: a shared framework hook, a class used like a function, and drift beside them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from lsprotocol import types

from server.app import DocumentSnapshot
from server.features.hover import answer_hover
from server.settings import Settings, engine_settings
from steering_index.session import Session
from tests.workspaces import django_hook_test, write_tree


def _service(i: int) -> str:
    method = "    def handle_request_{k}(self, request):\n        return request\n\n"
    return f"class Service{i}:\n" + "".join(method.format(k=k) for k in range(4))


FUNCTIONAL = """\
class cached_property:
    def __init__(self, func):
        self.func = func

    def __get__(self, instance, cls=None):
        return self.func(instance)


class Counter:
    def count_sent(self):
        return 1

    def sentCount(self):
        return 2
"""

COPIED = """\
# Copied from https://github.com/python/cpython/blob/3.12/Lib/tokenize.py
class Untokenizer:
    def addWhitespace(self, start):
        return start
"""


@pytest.fixture
def state(tmp_path: Path) -> Iterator[Session]:
    files = {f"app/service_{i}.py": _service(i) for i in range(12)}
    files.update({f"tests/test_service_{i}.py": django_hook_test(i) for i in range(3)})
    files["app/functional.py"] = FUNCTIONAL
    files["app/_tokenize.py"] = COPIED
    files["include/limits.hpp"] = (
        "".join(f"inline constexpr int max_size_{n} = {n};\n" for n in range(30))
        + "inline constexpr bool IsContainer = false;\n"
    )
    files[".clang-tidy"] = (
        "CheckOptions:\n  readability-identifier-naming.ConstexprVariableIgnoredRegexp: 'Is.+'\n"
    )
    root = write_tree(tmp_path / "ws", files)
    (root / ".git").mkdir()
    workspace = Session(
        root, lambda: engine_settings(Settings(index_path=str(tmp_path / "index.db")))
    )
    workspace.build_index(None)
    yield workspace
    workspace.close()


def _hover(state: Session, path: str, definition: str) -> str:
    """The hover's markdown with the cursor inside the name of `definition` (`def name`)."""
    source = (state.root / path).read_text(encoding="utf-8")
    line_number, line = next((n, t) for n, t in enumerate(source.splitlines()) if definition in t)
    name = definition.split()[-1]
    position = types.Position(line=line_number, character=line.index(name) + 2)
    return answer_hover(DocumentSnapshot(state, "", path, None, source, "utf-16"), position)


def test_hover_says_a_shared_hook_is_left_alone_and_still_judges_drift(
    state: Session,
) -> None:
    text = _hover(state, "tests/test_service_1.py", "def setUpTestData")
    assert (
        "- left alone: `setUpTestData` is written this way in 3 files"
        " (a shared name such as a framework hook; `naming.python.method`)"
    ) in text.splitlines()
    assert "does not conform" not in text
    # A one-off camelCase method beside it is drift, and hover says so.
    drift = _hover(state, "app/functional.py", "def sentCount")
    assert "`sentCount` **does not conform**" in drift
    assert "left alone" not in drift
    assert "**Findings here**" in drift


def test_hover_says_a_class_used_like_a_function_is_left_alone(state: Session) -> None:
    text = _hover(state, "app/functional.py", "class cached_property")
    assert (
        "- left alone: `cached_property` is a class used like a function"
        " (a descriptor, a callable or a context manager) (`naming.python.class`)"
    ) in text.splitlines()
    assert "**Findings here**" not in text
    # A name that fits is judged as before.
    conforming = _hover(state, "app/functional.py", "def count_sent")
    assert "`count_sent` conforms: snake_case: 52 of 53 methods" in conforming
    assert "left alone" not in conforming


def test_hover_says_a_name_in_another_projects_file_is_left_alone(state: Session) -> None:
    text = _hover(state, "app/_tokenize.py", "def addWhitespace")
    assert (
        "- left alone: `addWhitespace` is in a file of another project's (its header says it"
        " is copied from https://github.com/python/cpython/blob/3.12/Lib/tokenize.py), which"
        " keeps that project's names (`naming.python.method`)"
    ) in text.splitlines()
    assert "**Findings here**" not in text


def test_hover_says_a_name_the_projects_linter_exempts_is_left_alone(state: Session) -> None:
    text = _hover(state, "include/limits.hpp", "bool IsContainer")
    assert (
        "- left alone: `IsContainer` is left alone by the project's linter setting"
        " (.clang-tidy: readability-identifier-naming.ConstexprVariableIgnoredRegexp Is.+)"
    ) in text.splitlines()
    assert "**Findings here**" not in text
