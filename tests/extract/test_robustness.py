"""Bad input never breaks extraction: random bytes, broken code, non-ASCII, depth, size."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from steering_index.index.extract import extract, parse_problems
from steering_index.index.languages import LANGUAGES, language_for_path
from steering_index.model import FileExtract, Span

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "extract"
FIXTURE_FILES = sorted(
    p for p in FIXTURES.rglob("*") if p.is_file() and language_for_path(p.name) is not None
)


def assert_within(result: FileExtract, size: int) -> None:
    spans: list[Span] = [s.span for s in result.symbols] + [s.name_span for s in result.symbols]
    spans += [r.span for r in result.references] + [c.span for c in result.comments]
    spans += [i.span for i in result.imports]
    for span in spans:
        assert 0 <= span.start_byte <= span.end_byte <= size


# --- non-ASCII ----------------------------------------------------------------------------


def test_spans_count_utf8_bytes_not_characters() -> None:
    source = 'label = "☕ café 🎉"; café = brew(label)\n'.encode()
    result = extract("menu.py", source, "python")
    cafe = next(s for s in result.symbols if s.name == "café")
    (call,) = [r for r in result.references if r.is_call]
    assert call.name == "brew"
    # On line 0 a column is a byte offset: past the 4-byte emoji and the 3-byte cup.
    assert call.span.start_col == call.span.start_byte == source.index(b"brew")
    assert cafe.name_span.start_col == source.index("café =".encode())
    assert call.span.start_col > len('label = "☕ café 🎉"; café = ')


def test_non_ascii_definition_names_round_trip() -> None:
    source = "def café():\n    pass\n\nclass Ñandú:\n    def 🎉(self): pass\n".encode()
    result = extract("x.py", source, "python")
    names = {s.name: s for s in result.symbols}
    assert set(names) >= {"café", "Ñandú"}
    cafe = names["café"]
    assert source[cafe.name_span.start_byte : cafe.name_span.end_byte] == "café".encode()
    assert cafe.name_span.end_col - cafe.name_span.start_col == len("café".encode()) == 5


def test_invalid_utf8_in_a_name_is_replaced_not_raised() -> None:
    result = extract("bad.py", b"def caf\xe9_menu():\n    return 1\n", "python")
    assert result.language == "python"
    assert all(isinstance(s.name, str) for s in result.symbols)


# --- syntax errors ------------------------------------------------------------------------


def test_clean_code_has_no_problems() -> None:
    assert parse_problems(b"def f(x):\n    return x\n", "python") == []
    assert extract("f.py", b"def f(x):\n    return x\n", "python").error_count == 0


def test_missing_token_is_counted_as_a_problem() -> None:
    source = b"def f(:\n    pass\n"
    problems = parse_problems(source, "python")
    assert len(problems) == 1
    assert problems[0].start_byte == problems[0].end_byte  # a MISSING node is zero-width
    assert extract("f.py", source, "python").error_count == 1


@pytest.mark.parametrize(
    ("language", "source"),
    [
        ("javascript", "function f( {\n  return ;;; }}\n"),
        ("typescript", "export class { private : }\n"),
        ("go", "package p\nfunc (\n"),
        ("rust", "fn main( { let = ; }\n"),
        ("java", "class A { void f( { } }\n"),
    ],
)
def test_broken_code_is_counted_and_still_extracted(language: str, source: str) -> None:
    result = extract("broken", source.encode(), language)
    assert result.error_count >= 1
    assert result.error_count == len(parse_problems(source.encode(), language))


# --- random and mutated input -------------------------------------------------------------


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.binary(max_size=2000), language=st.sampled_from(LANGUAGES))
def test_random_bytes_never_raise(data: bytes, language: str) -> None:
    result = extract("random", data, language)
    assert result.error_count >= 0
    assert_within(result, len(data))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    index=st.integers(min_value=0, max_value=len(FIXTURE_FILES) - 1),
    cut=st.tuples(st.floats(0, 1), st.floats(0, 0.3)),
    insert=st.sampled_from(["", "(", "{", "[", '"', "'", "/*", "\xff", "\n\t", "def", "fn <"]),
)
def test_realistic_code_with_damage_never_raises(
    index: int, cut: tuple[float, float], insert: str
) -> None:
    path = FIXTURE_FILES[index]
    data = path.read_bytes()
    start = int(cut[0] * len(data))
    end = min(len(data), start + int(cut[1] * len(data)))
    damaged = data[:start] + insert.encode("latin-1") + data[end:]
    language = language_for_path(path.name)
    assert language is not None
    result = extract(path.name, damaged, language)
    assert_within(result, len(damaged))


# --- size and depth -----------------------------------------------------------------------

NESTED = {
    "python": "x = " + "(" * 5000 + "1" + ")" * 5000 + "\n",
    "javascript": "const x = " + "[" * 5000 + "]" * 5000 + ";\n",
    "typescript": "const x = " + "{a:" * 5000 + "1" + "}" * 5000 + ";\n",
    "tsx": "const x = " + "(" * 5000 + "1" + ")" * 5000 + ";\n",
    "go": "package p\nvar x = " + "(" * 5000 + "1" + ")" * 5000 + "\n",
    "rust": "fn f() {" + "{" * 5000 + "}" * 5000 + "}\n",
    "java": "class A { int x = " + "(" * 5000 + "1" + ")" * 5000 + "; }\n",
    "csharp": "class A { int x = " + "(" * 5000 + "1" + ")" * 5000 + "; }\n",
    "ruby": "x = " + "[" * 5000 + "]" * 5000 + "\n",
    "php": "<?php\n$x = " + "(" * 5000 + "1" + ")" * 5000 + ";\n",
    "c": "int x = " + "(" * 5000 + "1" + ")" * 5000 + ";\n",
    "cpp": "int x = " + "(" * 5000 + "1" + ")" * 5000 + ";\n",
    "kotlin": "val x = " + "(" * 5000 + "1" + ")" * 5000 + "\n",
    "swift": "let x = " + "(" * 5000 + "1" + ")" * 5000 + "\n",
    "bash": "f() {" + " {" * 5000 + " :;" + " }" * 5000 + " }\n",
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_deep_nesting_does_not_crash(language: str) -> None:
    source = NESTED[language].encode()
    result = extract("deep", source, language)
    assert_within(result, len(source))
    unbalanced = source.replace(b")", b"").replace(b"}", b"").replace(b"]", b"")
    assert extract("deep", unbalanced, language).error_count >= 1


def test_a_hundred_thousand_line_file_is_extracted_whole() -> None:
    body = "    event += 1\n" * 48
    functions = [
        f"def handler_{i}(event):\n{body}    return dispatch(event)\n" for i in range(2000)
    ]
    source = "".join(functions).encode()
    result = extract("handlers.py", source, "python")
    assert source.count(b"\n") == 100_000
    assert len(result.symbols) == 2000
    assert result.symbols[-1].name == "handler_1999"
    assert result.symbols[-1].span.start_line == 99_950
    assert result.symbols[-1].span.end_line == 99_999
    assert sum(1 for r in result.references if r.name == "dispatch") == 2000
