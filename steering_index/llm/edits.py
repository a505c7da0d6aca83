"""Where an answer's pieces go in the file, and the file with all of them in place.

The target's new text replaces the lines the answer names; each of its `edits` is placed by
its `old_text`, which must match whole lines the request showed the model (not the target)
and not overlap another piece. Placing by text rather than by line numbers is deliberate:
a small model miscounts lines, and `first_line` only chooses between identical matches.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from steering_index.index.lines import split_lines
from steering_index.model import FocusedContext, LineRange
from steering_index.secrets import redact, restore


@dataclass(frozen=True, slots=True)
class OtherEdit:
    """One of an answer's `edits`: text the model was shown, and what replaces it."""

    old_text: str
    new_text: str
    first_line: int | None = None  # the model's hint, used only to choose between matches


def shown_lines(context: FocusedContext, file_text: str) -> frozenset[int]:
    """The lines of the target's file (1-based) that the request showed outside the target.

    An item from the same file shows the lines of its range whose text it holds (an
    outlined definition shows only some), and the blank lines among them.
    """
    lines = split_lines(file_text)
    shown: set[int] = set()
    for item in context.items:
        if item.source != context.path or item.lines is None or item.kind == "target":
            continue
        held = {line.strip() for line in split_lines(item.text)}
        for number in range(item.lines.first, min(item.lines.last, len(lines)) + 1):
            text = lines[number - 1].strip()
            # Items hold redacted text: a line with a secret was shown with its marker.
            if not text or text in held or redact(text)[0] in held:
                shown.add(number)
    return frozenset(shown - set(range(context.lines.first, context.lines.last + 1)))


def splice(file_text: str, lines: LineRange, new_text: str) -> str:
    """`file_text` with lines `first..last` (1-based, inclusive) replaced by `new_text`."""
    kept = split_lines(file_text, keepends=True)
    before, replaced, after = (
        kept[: lines.first - 1],
        kept[lines.first - 1 : lines.last],
        kept[lines.last :],
    )
    newline = "\n"
    if any(line.endswith("\r\n") for line in replaced):
        newline = "\r\n"
    elif any(line.endswith("\r") for line in replaced):
        newline = "\r"  # an old Mac file: CR alone ends its lines
    if newline != "\n":
        new_text = new_text.replace("\r\n", "\n").replace("\n", newline)
    # Keep the line structure: the replacement ends with a newline when what it replaced did
    # (or when more lines follow), so the next line is never glued on.
    ended = bool(replaced) and replaced[-1].endswith(("\n", "\r"))
    if new_text and not new_text.endswith(("\n", "\r")) and (ended or after):
        new_text += newline
    return "".join(before) + new_text + "".join(after)


def region(file_text: str, lines: LineRange) -> str:
    return "".join(split_lines(file_text, keepends=True)[lines.first - 1 : lines.last])


def locate_edits(
    file_text: str, edits: Sequence[OtherEdit], shown: frozenset[int], target: LineRange
) -> tuple[list[tuple[LineRange, str]], list[str]]:
    """Where each edit's `old_text` sits among the shown lines, and why any cannot be placed."""
    lines = [line.rstrip() for line in split_lines(file_text)]
    taken = [target]
    located: list[tuple[LineRange, str]] = []
    problems: list[str] = []
    for number, edit in enumerate(edits, 1):
        # The model saw redacted text: its old_text may hold a marker where the file has a secret.
        old_text, _unmatched = restore(edit.old_text, file_text)
        found = _place(lines, replace(edit, old_text=old_text), shown, target, number)
        if isinstance(found, str):
            problems.append(found)
            continue
        clash = next((t for t in taken if found.first <= t.last and t.first <= found.last), None)
        if clash is not None:
            problems.append(
                f"edits[{number}] (lines {found.first}-{found.last}) overlaps lines "
                f"{clash.first}-{clash.last}, which another part of the answer changes"
            )
            continue
        taken.append(found)
        located.append((found, edit.new_text))
    return located, problems


def _place(
    lines: list[str], edit: OtherEdit, shown: frozenset[int], target: LineRange, number: int
) -> LineRange | str:
    want = [line.rstrip() for line in split_lines(edit.old_text.strip("\n"))]
    size = len(want)
    starts = [i for i in range(1, len(lines) - size + 2) if lines[i - 1 : i - 1 + size] == want]
    if not starts:
        loose = [line.strip() for line in want]
        starts = [
            i
            for i in range(1, len(lines) - size + 2)
            if [line.strip() for line in lines[i - 1 : i - 1 + size]] == loose
        ]
    if not starts:
        return (
            f"edits[{number}]: old_text does not match any lines of the file; copy the lines "
            "to change exactly as they were shown, indentation included"
        )
    inside = [i for i in starts if all(k in shown for k in range(i, i + size))]
    if not inside:
        first = starts[0]
        if first <= target.last and target.first <= first + size - 1:
            return (
                f"edits[{number}]: old_text lies in the target lines {target.first}-"
                f"{target.last}; change those in new_text, not in edits"
            )
        return (
            f"edits[{number}] changes lines {first}-{first + size - 1}, which you were not "
            f"shown; only the target lines {target.first}-{target.last} (through new_text) "
            "and other lines shown to you (through edits) may change"
        )
    if len(inside) > 1:
        if edit.first_line is None:
            at = ", ".join(str(i) for i in inside[:5])
            return (
                f"edits[{number}]: old_text occurs {len(inside)} times in what you were shown "
                f"(lines {at}); give first_line to say which, or copy more lines"
            )
        hint = edit.first_line
        inside.sort(key=lambda i: abs(i - hint))
    return LineRange(inside[0], inside[0] + size - 1)


def apply_pieces(file_text: str, pieces: list[tuple[LineRange, str]]) -> tuple[str, LineRange]:
    """The file with every piece spliced in, and where the first piece (the target) lands."""
    target, target_text = pieces[0]
    moved = 0
    for where, text in pieces[1:]:
        if where.first < target.first:
            moved += len(split_lines(text)) - (where.last - where.first + 1)
    for where, text in sorted(pieces, key=lambda piece: piece[0].first, reverse=True):
        file_text = splice(file_text, where, text)
    first = target.first + moved
    return file_text, LineRange(first, first + max(1, len(split_lines(target_text))) - 1)


def shifted(before: str, after: str, lines: LineRange) -> LineRange:
    """`lines` of `before`, moved by whatever merging imports inserted above them."""
    old, new = split_lines(before), split_lines(after)
    same = 0
    while same < min(len(old), len(new)) and old[same] == new[same]:
        same += 1
    if same >= lines.first - 1:
        return lines
    delta = len(new) - len(old)
    return LineRange(lines.first + delta, lines.last + delta)
