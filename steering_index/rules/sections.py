"""Markdown rule documents split into sections at their headings (levels 1-3).

markdown-it-py finds the headings, so a `# comment` inside a code fence is not mistaken for
one. Deeper headings (`####`) stay inside their section: they are usually sub-points of
one rule. Text before the first heading becomes a section titled after the document; a
heading with nothing under it (a title followed straight by `##` headings) is not a rule
of its own but still names the path of the sections below it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from markdown_it import MarkdownIt

from steering_index.model import LineRange

SPLIT_LEVEL = 3
# Only the block rules that decide what is a heading: ATX and setext headings, and the two
# kinds of code block that can hide a `#` line. Inline parsing is not needed for splitting.
# Block quotes are parsed so that a quoted line is never read as a heading's text (`>` over
# `=` is a quote and a paragraph, not a setext heading); headings inside them do not split.
_PARSER = MarkdownIt("zero").enable(["heading", "lheading", "fence", "code", "blockquote"])
_NON_SLUG = re.compile(r"[^a-z0-9]+")


@dataclass(frozen=True, slots=True)
class Section:
    """One section of a document; `lines` are 1-based lines of the whole file."""

    title: str
    slug: str
    level: int  # 0 for text before the first heading
    heading_path: tuple[str, ...]
    text: str
    lines: LineRange


@dataclass(frozen=True, slots=True)
class _Heading:
    index: int  # 0-based line in the body
    end: int  # first line after the heading (a setext heading spans two)
    level: int
    title: str


def slugify(title: str) -> str:
    """`Error handling (HTTP)` -> `error-handling-http`; never empty."""
    return _NON_SLUG.sub("-", title.lower()).strip("-") or "section"


def split_sections(body: str, first_line: int, title: str) -> list[Section]:
    """Sections of `body`, whose first line is line `first_line` of its file."""
    lines = body.splitlines()
    headings = _headings(body)
    starts = [h.index for h in headings]
    chunks: list[tuple[_Heading | None, int, int]] = []
    if not starts or starts[0] > 0:
        chunks.append((None, 0, starts[0] if starts else len(lines)))
    for position, heading in enumerate(headings):
        end = starts[position + 1] if position + 1 < len(starts) else len(lines)
        chunks.append((heading, heading.index, end))
    sections: list[Section] = []
    path: list[tuple[int, str]] = []
    for chunk_heading, start, end in chunks:
        if chunk_heading is not None:
            path = [(lvl, t) for lvl, t in path if lvl < chunk_heading.level]
            path.append((chunk_heading.level, chunk_heading.title))
        section = _section(lines, chunk_heading, start, end, first_line, title, path)
        if section is not None:
            sections.append(section)
    if not sections and body.strip():
        whole = _section(lines, None, 0, len(lines), first_line, title, [])
        sections = [whole] if whole else []
    return sections


def whole_document(body: str, first_line: int, title: str) -> list[Section]:
    """`body` as one section titled `title` (none when it holds no text)."""
    whole = _section(body.splitlines(), None, 0, len(body.splitlines()), first_line, title, [])
    return [whole] if whole is not None else []


def _headings(body: str) -> list[_Heading]:
    tokens = _PARSER.parse(body)
    found: list[_Heading] = []
    for position, token in enumerate(tokens):
        if token.type != "heading_open" or token.map is None or token.level > 0:
            continue
        level = int(token.tag[1:])
        if level > SPLIT_LEVEL:
            continue
        inline = tokens[position + 1] if position + 1 < len(tokens) else None
        text = inline.content.strip() if inline is not None else ""
        found.append(_Heading(token.map[0], token.map[1], level, text))
    return found


def _section(
    lines: list[str],
    heading: _Heading | None,
    start: int,
    end: int,
    first_line: int,
    title: str,
    path: list[tuple[int, str]],
) -> Section | None:
    """The section for lines [start, end), or None when it holds no text beyond its heading."""
    while end > start and not lines[end - 1].strip():
        end -= 1
    content_start = heading.end if heading is not None else start
    if not any(line.strip() for line in lines[content_start:end]):
        return None
    while heading is None and not lines[start].strip():
        start += 1
    section_title = heading.title if heading is not None else title
    return Section(
        title=section_title,
        slug=slugify(section_title),
        level=heading.level if heading is not None else 0,
        heading_path=tuple(t for _, t in path) if heading is not None else (title,),
        text="\n".join(lines[start:end]),
        lines=LineRange(first_line + start, first_line + end - 1),
    )
