"""A name whose spelling in the convention's style is a keyword of its language
(`Namespace` among snake_case namespaces: `namespace`) was named around the keyword: it is
not flagged, and no rename into a keyword is offered."""

from __future__ import annotations

from pathlib import Path

import pytest

from steering_index.conventions.checks import named_around_keyword, safe_rename
from steering_index.conventions.infer import infer_conventions, left_alone
from tests.conventions.test_project_facts import _flagged, _workspace


@pytest.mark.parametrize(
    ("name", "style", "language"),
    [
        ("Namespace", "snake_case", "cpp"),
        ("Template", "snake_case", "cpp"),
        ("Object", "camelCase", "kotlin"),
        ("Fun", "camelCase", "kotlin"),
        ("End", "snake_case", "ruby"),
        ("Module", "snake_case", "ruby"),
        ("Protocol", "camelCase", "swift"),
        ("Namespace", "camelCase", "csharp"),
        ("Trait", "camelCase", "php"),
        ("Done", "snake_case", "bash"),
        ("Class", "snake_case", "python"),
        ("Default", "camelCase", "java"),
    ],
)
def test_no_rename_into_a_keyword(name: str, style: str, language: str) -> None:
    assert named_around_keyword(name, style, language)
    assert safe_rename(name, style, set(), language) is None


@pytest.mark.parametrize(
    ("name", "style", "language", "renamed"),
    [
        # A keyword of another language is a name like any other here.
        ("Namespace", "snake_case", "ruby", "namespace"),
        ("Fun", "snake_case", "cpp", "fun"),
        ("End", "camelCase", "kotlin", "end"),
        ("MyStuff", "snake_case", "cpp", "my_stuff"),
    ],
)
def test_a_word_that_is_no_keyword_of_the_language_is_renamed(
    name: str, style: str, language: str, renamed: str
) -> None:
    assert not named_around_keyword(name, style, language)
    assert safe_rename(name, style, set(), language) == renamed


def test_a_namespace_named_around_the_keyword_is_not_flagged(tmp_path: Path) -> None:
    files = {
        f"src/part{n}.cpp": f"namespace lib_part{n} {{\nint value_{n}() {{ return {n}; }}\n}}\n"
        for n in range(30)
    }
    files["test/test_flags.cpp"] = (
        "namespace Namespace {\nint numbers() { return 1; }\n}\n"
        "namespace MyStuff {\nint more() { return 2; }\n}\n"
    )
    extracts, facts = _workspace(tmp_path / "ws", files)
    assert _flagged(extracts, facts) == [("test/test_flags.cpp", "naming.cpp.module")]
    # Hover says why.
    conventions = infer_conventions(extracts, project=facts)
    test = next(e for e in extracts if e.path == "test/test_flags.cpp")
    named = {s.name: s for s in test.symbols}
    why = left_alone(named["Namespace"], test.path, "cpp", conventions, test, project=facts)
    assert why == (
        "`Namespace` is named around a keyword: in the convention's style it would be one"
        " (`naming.cpp.module`)"
    )
    assert left_alone(named["MyStuff"], test.path, "cpp", conventions, test, project=facts) is None


def test_a_keyword_of_another_language_is_judged_but_not_renamed_into() -> None:
    # `match` is Rust's keyword, not TypeScript's: `Match` among camelCase methods is drift,
    # though the rename into `match` is not offered.
    assert not named_around_keyword("Match", "camelCase", "typescript")
    assert named_around_keyword("Match", "snake_case", "rust")
    assert safe_rename("Match", "camelCase", set(), "typescript") is None
    # JavaScript's own words are known (`Default`), as Go's (`Func`) and Java's (`Native`).
    assert named_around_keyword("Default", "camelCase", "javascript")
    assert named_around_keyword("Func", "camelCase", "go")
    assert named_around_keyword("Native", "camelCase", "java")
