"""Front matter and section splitting: examples plus hypothesis properties."""

from __future__ import annotations

import string

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from steering_index.model import Severity
from steering_index.rules.frontmatter import parse_front_matter
from steering_index.rules.sections import split_sections

KEYS = st.text(alphabet=string.ascii_letters, min_size=1, max_size=12)
SCALARS = st.one_of(
    st.booleans(),
    st.integers(min_value=-1000, max_value=1000),
    st.text(alphabet=string.ascii_letters + string.digits + "*/.,{}- _", max_size=30),
)
VALUES = st.one_of(SCALARS, st.lists(SCALARS, max_size=4))
BODY_LINES = st.lists(
    st.text(alphabet=string.ascii_letters + " .,`*-", max_size=40).filter(
        lambda line: line.strip() not in ("---", "...")
    ),
    max_size=8,
)


@settings(max_examples=150, deadline=None)
@given(values=st.dictionaries(KEYS, VALUES, max_size=5), body=BODY_LINES)
def test_front_matter_round_trips_what_yaml_wrote(values: dict, body: list[str]) -> None:
    block = yaml.safe_dump(values, sort_keys=False) if values else ""
    body_text = "".join(f"{line}\n" for line in body)
    parsed = parse_front_matter(f"---\n{block}---\n{body_text}", "rule.md")
    assert parsed.present and parsed.valid and not parsed.findings
    assert dict(parsed.values) == values
    assert parsed.body == body_text
    assert parsed.body_line == block.count("\n") + 3


@settings(max_examples=300, deadline=None)
@given(text=st.text(max_size=300))
def test_front_matter_never_raises_and_points_inside_the_file(text: str) -> None:
    parsed = parse_front_matter("---\n" + text, "rule.md")
    last_line = ("---\n" + text).count("\n") + 1
    for problem in parsed.findings:
        assert problem.code == "rules/invalid-front-matter"
        assert problem.severity is Severity.ERROR
        assert 1 <= problem.location.lines.first <= last_line
    assert ("---\n" + text).endswith(parsed.body)


def test_a_file_without_front_matter_is_all_body() -> None:
    parsed = parse_front_matter("# Title\n\ntext\n", "AGENTS.md")
    assert not parsed.present and parsed.body == "# Title\n\ntext\n" and parsed.body_line == 1


def test_unquoted_glob_is_read_leniently_and_reported_at_its_line() -> None:
    text = "---\ndescription: Tests\nglobs: **/*.test.ts\nalwaysApply: false\n---\nbody\n"
    parsed = parse_front_matter(text, "testing.mdc")
    assert parsed.values == {
        "description": "Tests",
        "globs": "**/*.test.ts",
        "alwaysApply": False,
    }
    assert [f.location.lines.first for f in parsed.findings] == [3]
    assert "not valid YAML" in parsed.findings[0].message
    assert not parse_front_matter(text, "testing.mdc", strict=False).findings


def test_unclosed_front_matter_keeps_the_text() -> None:
    parsed = parse_front_matter("---\ninclusion: always\n# Rules\n", "x.md")
    assert parsed.body == "---\ninclusion: always\n# Rules\n"
    assert "never closed" in parsed.findings[0].message


def test_front_matter_that_is_a_list_is_reported() -> None:
    parsed = parse_front_matter("---\n- a\n- b\n---\ntext\n", "x.md")
    assert parsed.values == {} and "key: value" in parsed.findings[0].message


# --- sections ------------------------------------------------------------------------------

TITLES = (
    st.text(alphabet=string.ascii_letters + " ", min_size=1, max_size=20)
    .map(str.strip)
    .filter(bool)
)
PARAGRAPHS = st.lists(
    st.text(alphabet=string.ascii_letters + " .,", min_size=1, max_size=40).filter(str.strip),
    min_size=0,
    max_size=3,
)


@st.composite
def documents(draw: st.DrawFn) -> tuple[str, list[tuple[str, bool]]]:
    """A markdown document and, per heading, (title, has text below it)."""
    parts: list[str] = []
    outline: list[tuple[str, bool]] = []
    for _ in range(draw(st.integers(min_value=0, max_value=5))):
        level = draw(st.integers(min_value=1, max_value=3))
        title = draw(TITLES)
        paragraphs = draw(PARAGRAPHS)
        parts.append(f"{'#' * level} {title}\n")
        if draw(st.booleans()):
            parts.append("```\n# not a heading\n```\n")
            paragraphs = [*paragraphs, "code"]
        parts.extend(f"{p.strip()}\n" for p in paragraphs)
        parts.append("\n")
        outline.append((title, bool(paragraphs)))
    return "".join(parts), outline


@settings(max_examples=200, deadline=None)
@given(doc=documents(), first_line=st.integers(min_value=1, max_value=50))
def test_sections_follow_the_headings_that_have_text(
    doc: tuple[str, list[tuple[str, bool]]], first_line: int
) -> None:
    text, outline = doc
    sections = split_sections(text, first_line, "doc")
    lines = text.splitlines()
    expected = [title for title, has_text in outline if has_text]
    if not expected and text.strip():
        expected = ["doc"]
    assert [s.title for s in sections] == expected
    previous_last = first_line - 1
    for section in sections:
        assert previous_last < section.lines.first <= section.lines.last
        previous_last = section.lines.last
        first, last = section.lines.first - first_line, section.lines.last - first_line
        assert section.text == "\n".join(lines[first : last + 1])
        assert "# not a heading" not in section.title


MARKDOWNISH = st.text(alphabet="ab #=-`~>*\n", max_size=200)


@settings(max_examples=400, deadline=None)
@given(text=st.one_of(MARKDOWNISH, st.text(alphabet=string.printable, max_size=300)))
def test_only_heading_lines_are_left_out_of_sections(text: str) -> None:
    sections = split_sections(text, 1, "doc")
    covered = {n for s in sections for n in range(s.lines.first, s.lines.last + 1)}
    heading_lines = {
        number + 1
        for token in MarkdownIt("commonmark").parse(text)
        if token.type == "heading_open" and token.map
        for number in range(*token.map)
    }
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip() and number not in covered:
            assert number in heading_lines, (number, line)


def test_text_before_the_first_heading_is_titled_by_the_document() -> None:
    sections = split_sections("Read me first.\n\n## Setup\n\nRun make.\n", 4, "AGENTS")
    assert [(s.title, s.lines.first, s.lines.last) for s in sections] == [
        ("AGENTS", 4, 4),
        ("Setup", 6, 8),
    ]
    assert sections[1].heading_path == ("Setup",)


def test_deeper_headings_stay_inside_their_section() -> None:
    sections = split_sections("## Errors\n\n#### Examples\n\n- wrap errors\n", 1, "doc")
    assert [s.title for s in sections] == ["Errors"]
    assert "#### Examples" in sections[0].text


def test_setext_heading_and_slug() -> None:
    sections = split_sections("Error handling (HTTP)\n---\n\nUse 422.\n", 1, "doc")
    assert (sections[0].title, sections[0].slug) == ("Error handling (HTTP)", "error-handling-http")


def test_lenient_tools_still_get_an_error_for_what_they_cannot_read() -> None:
    unquoted = "---\ntrigger: glob\nglobs: *.py, **/*.py\n---\nbody\n"
    parsed = parse_front_matter(unquoted, ".windsurf/rules/py.md", strict=False)
    assert (parsed.valid, parsed.findings) == (True, ())
    assert parsed.values["globs"] == "*.py, **/*.py"
    items = parse_front_matter("---\nglobs:\n  - *.ts\n  - src/**\n---\n", "a.mdc", strict=False)
    assert items.values["globs"] == ["*.ts", "src/**"] and not items.findings
    broken = parse_front_matter("---\nglobs: [src/**\n---\nbody\n", "a.mdc", strict=False)
    assert [f.code for f in broken.findings] == ["rules/invalid-front-matter"]


def test_a_quoted_line_over_equals_signs_is_no_heading() -> None:
    # `>` over `=` is a block quote and then a paragraph: CommonMark reads no setext heading
    # there, so the quote's words never become a rule's title.
    text = "Intro.\n\n> a quoted line\n=\n\nMore text.\n"
    sections = split_sections(text, 1, "doc")
    assert [(s.title, s.lines.first, s.lines.last) for s in sections] == [("doc", 1, 6)]


def test_a_heading_inside_a_quote_does_not_split_its_section() -> None:
    # Block quotes are parsed now, and what they hold is quoted text, not the document's.
    text = "## Rules\n\n> ## Quoted from the style guide\n> wrap errors\n\nUse x.\n"
    sections = split_sections(text, 1, "doc")
    assert [s.title for s in sections] == ["Rules"]
    assert "> ## Quoted from the style guide" in sections[0].text
