"""Kiro specs: `requirements.md`, `design.md` and `tasks.md` of a feature, parsed into items.

Requirements are "Requirement N" headings whose numbered acceptance criteria become items
`N.M` (written in EARS: "WHEN ... THE SYSTEM SHALL ..."). Tasks are checklist lines
(`- [ ] 2.1 Title`) with the `_Requirements: 1.1, 1.2_` links written under them. Design
sections are items named by their heading slug. A task can then be handed to a model
together with the exact criteria it implements.
"""

from __future__ import annotations

import re

from steering_index.model import LineRange, SpecItem
from steering_index.rules.sections import split_sections

_REQUIREMENT = re.compile(r"^(#{1,6})\s*Requirement\s+(\d+)\b[:.\s-]*(.*)$", re.IGNORECASE)
_HEADING = re.compile(r"^(#{1,6})\s")
_CRITERION = re.compile(r"^\s{0,3}(\d+)[.)]\s+(.*)$")
_TASK = re.compile(r"^(\s*)[-*+]\s+\[([ xX~-])\]\s+(?:(\d+(?:\.\d+)*)\.?\s+)?(.*)$")
_LINKS = re.compile(r"_?Requirements?\s*:\s*([^_\n]*)_?", re.IGNORECASE)
_NUMBER = re.compile(r"\d+(?:\.\d+)*")


def parse_requirements(feature: str, source: str, text: str) -> list[SpecItem]:
    """Requirement items and their acceptance criteria."""
    lines = text.splitlines()
    items: list[SpecItem] = []
    for start, end, number, heading in _requirement_blocks(lines):
        block = lines[start:end]
        title = f"Requirement {number}" + (f": {heading}" if heading else "")
        items.append(
            SpecItem(
                feature=feature,
                kind="requirement",
                number=number,
                title=title,
                text="\n".join(block).rstrip(),
                source=source,
                lines=LineRange(start + 1, start + _last_text_line(block)),
            )
        )
        items.extend(_criteria(feature, source, number, lines, start, end))
    return items


def _requirement_blocks(lines: list[str]) -> list[tuple[int, int, str, str]]:
    """(start, end, number, heading text) of each "Requirement N" section."""
    blocks: list[tuple[int, int, str, str]] = []
    open_block: tuple[int, int, str, str] | None = None  # start, level, number, heading
    for index, line in enumerate(lines):
        match = _REQUIREMENT.match(line)
        heading = _HEADING.match(line)
        if open_block and heading and (match or len(heading.group(1)) <= open_block[1]):
            blocks.append((open_block[0], index, open_block[2], open_block[3]))
            open_block = None
        if match:
            open_block = (index, len(match.group(1)), match.group(2), match.group(3).strip())
    if open_block:
        blocks.append((open_block[0], len(lines), open_block[2], open_block[3]))
    return blocks


def _criteria(
    feature: str, source: str, number: str, lines: list[str], start: int, end: int
) -> list[SpecItem]:
    items: list[SpecItem] = []
    for index in range(start, end):
        match = _CRITERION.match(lines[index])
        if not match:
            continue
        criterion = match.group(2).strip()
        items.append(
            SpecItem(
                feature=feature,
                kind="criterion",
                number=f"{number}.{match.group(1)}",
                title=criterion,
                text=criterion,
                source=source,
                lines=LineRange(index + 1, index + 1),
            )
        )
    return items


def parse_tasks(feature: str, source: str, text: str) -> list[SpecItem]:
    """Checklist tasks with their requirement links and done state."""
    lines = text.splitlines()
    starts = [i for i, line in enumerate(lines) if _TASK.match(line)]
    items: list[SpecItem] = []
    for position, start in enumerate(starts):
        end = starts[position + 1] if position + 1 < len(starts) else len(lines)
        match = _TASK.match(lines[start])
        assert match is not None  # `starts` holds only task lines
        block = lines[start:end]
        items.append(
            SpecItem(
                feature=feature,
                kind="task",
                number=match.group(3) or str(position + 1),
                title=match.group(4).strip(),
                text="\n".join(block).rstrip(),
                source=source,
                lines=LineRange(start + 1, start + _last_text_line(block)),
                requirements=_links(block[1:]),
                done=match.group(2) in "xX",
            )
        )
    return items


def _links(detail_lines: list[str]) -> tuple[str, ...]:
    numbers: list[str] = []
    for line in detail_lines:
        match = _LINKS.search(line)
        if match:
            numbers.extend(_NUMBER.findall(match.group(1)))
    return tuple(dict.fromkeys(numbers))


def _last_text_line(block: list[str]) -> int:
    """1-based offset of the last non-blank line in `block` (at least 1)."""
    for offset in range(len(block), 0, -1):
        if block[offset - 1].strip():
            return offset
    return 1


def parse_design(feature: str, source: str, text: str) -> list[SpecItem]:
    """Design sections as items, numbered by their heading slug."""
    return [
        SpecItem(
            feature=feature,
            kind="design",
            number=section.slug,
            title=section.title,
            text=section.text,
            source=source,
            lines=section.lines,
        )
        for section in split_sections(text, 1, f"{feature} design")
    ]
