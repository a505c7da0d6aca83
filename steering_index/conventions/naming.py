"""Naming styles: classify an identifier (snake_case, camelCase, ...) and rewrite it in another.

Single words are ambiguous (`run` is as much snake_case as camelCase), so they get styles of
their own (`lower`, `UPPER`) that are compatible with several conventions and never vote.
Leading and trailing underscores are decoration (Python's `_private`, `class_`), not style;
dunder names (`__init__`) are mandated by the language and have no style at all.
"""

from __future__ import annotations

import re
from functools import lru_cache

SNAKE = "snake_case"
CAMEL = "camelCase"
PASCAL = "PascalCase"
UPPER_SNAKE = "UPPER_CASE"
KEBAB = "kebab-case"
LOWER = "lower"  # one lowercase word: fits snake_case, camelCase, kebab-case
UPPER_WORD = "UPPER"  # one uppercase word (`URL`, `T`)
MIXED = "mixed"  # `visit_FunctionDef`, `Foo_bar`: no single style
DUNDER = "dunder"
EMPTY = "empty"

# Go spells exported names PascalCase and unexported ones camelCase: one family.
MIXED_CAPS = "MixedCaps"

# Styles that count as a vote for a convention. The ambiguous ones only ever conform.
VOTING_STYLES = frozenset({SNAKE, CAMEL, PASCAL, UPPER_SNAKE, KEBAB, MIXED})

_COMPATIBLE: dict[str, frozenset[str]] = {
    LOWER: frozenset({SNAKE, CAMEL, KEBAB, LOWER, MIXED_CAPS}),
    # An acronym or a one-letter type name (`URL`, `T`) reads as a class name too.
    UPPER_WORD: frozenset({UPPER_SNAKE, UPPER_WORD, PASCAL, MIXED_CAPS}),
}

_DECORATION = re.compile(r"^(_*)(.*?)(_*)$", re.DOTALL)


def _core(name: str) -> tuple[str, str, str]:
    """(leading underscores, the name itself, trailing underscores)."""
    match = _DECORATION.match(name)
    assert match is not None  # the pattern matches every string
    return match.group(1), match.group(2), match.group(3)


@lru_cache(maxsize=65536)  # a workspace's names repeat: django has 46,000 for 20,000 names
def naming_style(name: str) -> str:
    """The style `name` is written in; see the module docstring for the ambiguous ones."""
    if len(name) > 4 and name.startswith("__") and name.endswith("__"):
        return DUNDER
    core = _core(name)[1]
    if not core or not any(c.isalpha() for c in core):
        return EMPTY  # `_`, `$`, `$$`: no letters, no style
    if core[0].isdigit():  # `100_tool_listing` (a test file's stem), `2fa_setup`
        core = core.lstrip("0123456789_-")
        if not core or not core[0].isalpha():
            return MIXED
    elif not core[0].isalpha():
        return MIXED
    if not core.replace("_", "").replace("-", "").isalnum():
        return MIXED
    has_upper = core != core.lower()
    has_lower = core != core.upper()
    if "-" in core:
        return KEBAB if not has_upper and "_" not in core and "--" not in core else MIXED
    if "_" in core:
        if "__" in core:
            return MIXED
        if not has_upper:
            return SNAKE
        return UPPER_SNAKE if not has_lower else MIXED
    if not has_upper:
        return LOWER
    if not has_lower:
        return UPPER_WORD
    return PASCAL if core[0].isupper() else CAMEL


def snake_case_with_names(name: str) -> bool:
    """`refine_Pow`, `do_GET`, `RGS_rank`: snake_case words around the name of a class, a
    constant or an acronym, kept as it is spelt elsewhere. Styled `mixed`, but written that
    way on purpose: lowering `Pow` would lose what the name points at."""
    parts = _core(name)[1].split("_")
    if len(parts) < 2 or not all(p.isalnum() for p in parts):
        return False
    lower = [p.islower() for p in parts]
    return any(lower) and not all(lower)


def conforms(style: str, expected: str) -> bool:
    """Whether a name of `style` fits a convention whose value is `expected`."""
    if style == expected or style in (DUNDER, EMPTY):
        return True
    if expected == MIXED_CAPS and style in (CAMEL, PASCAL):
        return True
    return expected in _COMPATIBLE.get(style, frozenset())


def _starts_word(part: str, i: int) -> bool:
    """Whether a new word starts at `part[i]` (a hump, or the last capital of an acronym)."""
    char, prev = part[i], part[i - 1]
    if not char.isupper():
        return False
    following = part[i + 1] if i + 1 < len(part) else ""
    return not prev.isupper() or following.islower()


def split_words(name: str) -> list[str]:
    """The words of an identifier in any style: `parseHTTPResponse2` -> parse, HTTP, Response2.

    Works on Unicode letters (`formatÉtiquette`); digits stay with the word before them.
    """
    words: list[str] = []
    for part in re.split(r"[^\w]+|_+", name):
        current = ""
        for i, char in enumerate(part):
            if current and _starts_word(part, i):
                words.append(current)
                current = ""
            current += char
        if current:
            words.append(current)
    return words


def to_style(name: str, style: str) -> str:
    """`name` rewritten in `style`, keeping leading/trailing underscores; unchanged if unknown."""
    lead, core, trail = _core(name)
    words = split_words(core)
    if not words or style not in (SNAKE, CAMEL, PASCAL, UPPER_SNAKE, KEBAB, LOWER):
        return name
    if style == SNAKE:
        text = "_".join(w.lower() for w in words)
    elif style == UPPER_SNAKE:
        text = "_".join(w.upper() for w in words)
    elif style == KEBAB:
        text = "-".join(w.lower() for w in words)
    elif style == LOWER:
        text = "".join(w.lower() for w in words)
    elif any(w[0].isdigit() for w in words[1:]):
        return name  # `Bm25_2025` in camelCase would fuse the numbers: no safe spelling
    elif style == PASCAL:
        text = "".join(w.capitalize() for w in words)
    else:
        text = words[0].lower() + "".join(w.capitalize() for w in words[1:])
    return f"{lead}{text}{trail}"
