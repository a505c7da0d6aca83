"""Rule globs compiled once, matched the way each tool matches them.

All formats get `**` across folders, `{a,b}` braces and dot-files. Cursor, Windsurf and
Continue also match a slash-less pattern (`*.ts`) against the file name at any depth,
which is how their users write globs and how those tools behave; Kiro, Copilot, Claude
and Cline match every pattern against the whole workspace-relative path.
"""

from __future__ import annotations

from dataclasses import dataclass

from wcmatch import glob

from steering_index.model import RuleFormat

BASE_FLAGS = glob.GLOBSTAR | glob.BRACE | glob.DOTGLOB
BASENAME_FORMATS = frozenset({RuleFormat.CURSOR, RuleFormat.WINDSURF, RuleFormat.CONTINUE})


@dataclass(frozen=True, slots=True)
class GlobMatcher:
    """Each glob as written, beside its compiled form (None when it cannot be compiled)."""

    patterns: tuple[tuple[str, glob.WcMatcher | None], ...]

    def first_match(self, path: str) -> str | None:
        """The first glob (as written) that matches `path`, if any."""
        for written, compiled in self.patterns:
            if compiled is not None and compiled.match(path):
                return written
        return None

    def broken(self) -> tuple[str, ...]:
        return tuple(written for written, compiled in self.patterns if compiled is None)


def compile_globs(globs: tuple[str, ...], fmt: RuleFormat) -> GlobMatcher:
    flags = BASE_FLAGS | (glob.MATCHBASE if fmt in BASENAME_FORMATS else 0)
    compiled: list[tuple[str, glob.WcMatcher | None]] = []
    for written in globs:
        try:
            matcher = glob.compile(normalised_glob(written), flags=flags)
        except Exception:  # wcmatch raises several types for patterns it cannot expand
            matcher = None
        compiled.append((written, matcher))
    return GlobMatcher(tuple(compiled))


def normalised_glob(pattern: str) -> str:
    """`./src/**` and `/src/**` both mean `src/**` relative to the rule's folder."""
    pattern = pattern.strip()
    while pattern.startswith("./"):
        pattern = pattern[2:]
    return pattern.lstrip("/") or pattern
