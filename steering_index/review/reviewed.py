"""What one review looks at: a file's text, the lines of it shown, and the lines changed.

A whole file shows every line and every line is under review. A change (`--staged`, `--diff`)
or an editor selection shows the changed lines with a few lines of context around each, and
only findings that touch a changed line are kept; the context is there to be understood,
not reviewed.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from steering_index.index.lines import split_lines
from steering_index.model import LineRange

# Lines of unchanged text shown around each change, so a reviewer sees what it fits into.
CONTEXT_LINES = 3


@dataclass(frozen=True, slots=True)
class Reviewed:
    path: str
    text: str
    shown: tuple[LineRange, ...] = ()  # empty: the whole text
    changed: tuple[LineRange, ...] = ()  # empty: every shown line is under review

    @classmethod
    def change(
        cls, path: str, text: str, changed: tuple[LineRange, ...], context: int = CONTEXT_LINES
    ) -> Reviewed:
        """The changed lines of `text` with `context` lines around each."""
        count = len(split_lines(text))
        kept = tuple(
            LineRange(max(1, r.first), min(count, r.last)) for r in changed if r.first <= count
        )
        return cls(path, text, windows(kept, count, context), kept)

    @property
    def lines(self) -> list[str]:
        return split_lines(self.text, keepends=True)

    def views(self) -> tuple[LineRange, ...]:
        """The ranges of lines shown; the whole text when nothing narrower was asked for."""
        if self.shown:
            return self.shown
        count = len(split_lines(self.text))
        return (LineRange(1, count),) if count else ()

    def numbered(self) -> str:
        """The lines shown, each with its number; `...` where lines are left out."""
        lines, out = self.lines, list[str]()
        for view in self.views():
            if out or view.first > 1:
                out.append("  ...\n")
            out += [f"{n:>5}  {lines[n - 1]}" for n in range(view.first, view.last + 1)]
            if not out[-1].endswith("\n"):
                out[-1] += "\n"
        if self.views() and self.views()[-1].last < len(lines):
            out.append("  ...\n")
        return "".join(out)

    def describe_views(self) -> str:
        return ", ".join(f"{v.first}-{v.last}" for v in self.views()) or "none"

    def shows(self, first: int, last: int) -> bool:
        """Whether lines `first`-`last` all lie in one shown range."""
        return any(v.first <= first <= last <= v.last for v in self.views())

    def touches_change(self, first: int, last: int) -> bool:
        """Whether lines `first`-`last` include a changed line (any line when all changed)."""
        return not self.changed or any(c.first <= last and first <= c.last for c in self.changed)

    def digest(self) -> str:
        """A hash of what is reviewed: the text and the ranges shown and changed."""
        ranges = ";".join(
            f"{r.first}-{r.last}" for r in (*self.shown, LineRange(0, 0), *self.changed)
        )
        return hashlib.sha256(f"{ranges}\0{self.text}".encode()).hexdigest()


def windows(
    changed: tuple[LineRange, ...], line_count: int, context: int = CONTEXT_LINES
) -> tuple[LineRange, ...]:
    """The changed ranges widened by `context` lines each side, overlapping ones joined."""
    joined: list[LineRange] = []
    for r in sorted(changed, key=lambda r: r.first):
        first, last = max(1, r.first - context), min(line_count, r.last + context)
        if joined and first <= joined[-1].last + 1:
            joined[-1] = LineRange(joined[-1].first, max(joined[-1].last, last))
        else:
            joined.append(LineRange(first, last))
    return tuple(joined)
