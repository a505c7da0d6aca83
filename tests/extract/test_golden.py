"""Golden extraction tests: each fixture under tests/fixtures/extract has its expected output.

The expected output sits next to the fixture as `<file>.golden.json`. After a deliberate
change to extraction, regenerate them with

    UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/extract -q -p no:cacheprovider

and review the diff by eye before committing: a golden file is a claim about what is right.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from steering_index.index.extract import extract
from steering_index.index.languages import language_for_path
from steering_index.model import FileExtract, Span

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "extract"
SOURCES = sorted(
    p for p in FIXTURES.rglob("*") if p.is_file() and language_for_path(p.name) is not None
)


def _span(span: Span) -> list[int]:
    return [
        span.start_byte,
        span.end_byte,
        span.start_line,
        span.start_col,
        span.end_line,
        span.end_col,
    ]


def as_golden(result: FileExtract) -> dict[str, Any]:
    """A readable, stable rendering: one entry per line where possible, lines 1-based."""
    return {
        "language": result.language,
        "error_count": result.error_count,
        "symbols": [
            {
                "kind": s.kind,
                "name": s.name,
                "scope": s.scope,
                "exported": s.exported,
                "lines": [s.span.start_line + 1, s.span.end_line + 1],
                "signature": s.signature,
                "docstring": s.docstring,
                "span": _span(s.span),
                "name_span": _span(s.name_span),
            }
            for s in result.symbols
        ],
        "imports": [
            {
                "module": i.module,
                "names": list(i.names),
                "alias": i.alias,
                "relative": i.relative,
                "line": i.span.start_line + 1,
            }
            for i in result.imports
        ],
        "references": [
            f"{r.span.start_line + 1}:{r.span.start_col} {'call' if r.is_call else 'ref'} {r.name}"
            for r in result.references
        ],
        "comments": [f"{c.span.start_line + 1}: {c.text}" for c in result.comments],
    }


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.relative_to(FIXTURES).as_posix())
def test_extraction_matches_golden(source: Path) -> None:
    relative = source.relative_to(FIXTURES).as_posix()
    language = language_for_path(relative)
    assert language is not None
    actual = as_golden(extract(relative, source.read_bytes(), language))
    golden = source.with_name(source.name + ".golden.json")
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(json.dumps(actual, indent=2, ensure_ascii=False) + "\n", "utf-8")
    assert golden.exists(), f"no golden file for {relative}; run with UPDATE_GOLDEN=1"
    assert actual == json.loads(golden.read_text("utf-8"))


def test_every_language_has_a_fixture() -> None:
    from steering_index.index.languages import LANGUAGES

    covered = {language_for_path(p.name) for p in SOURCES}
    assert covered == set(LANGUAGES)


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.relative_to(FIXTURES).as_posix())
def test_spans_point_at_the_names_they_claim(source: Path) -> None:
    """Independent of the goldens: byte offsets and (line, column) agree with the file."""
    data = source.read_bytes()
    language = language_for_path(source.name)
    assert language is not None
    result = extract(source.name, data, language)
    line_starts = [0] + [i + 1 for i, byte in enumerate(data) if byte == 0x0A]

    def check(span: Span, text: str) -> None:
        assert data[span.start_byte : span.end_byte].decode() == text
        assert line_starts[span.start_line] + span.start_col == span.start_byte
        assert line_starts[span.end_line] + span.end_col == span.end_byte

    for symbol in result.symbols:
        check(symbol.name_span, symbol.name)
        assert symbol.span.start_byte <= symbol.name_span.start_byte < symbol.span.end_byte
    for reference in result.references:
        check(reference.span, reference.name)
    for comment in result.comments:
        assert (
            data[comment.span.start_byte : comment.span.end_byte].decode().startswith(comment.text)
        )
    assert result.error_count == 0
