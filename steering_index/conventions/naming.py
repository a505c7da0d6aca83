"""Naming styles: classify an identifier (snake_case, camelCase, ...) and rewrite it in another.

Single words are ambiguous (`run` is as much snake_case as camelCase), so they get styles of
their own (`lower`, `UPPER`) that are compatible with several conventions and never vote.
Leading and trailing underscores are decoration (Python's `_private`, `class_`), not style;
dunder names (`__init__`) are mandated by the language and have no style at all.
"""

from __future__ import annotations

import itertools
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

# Rust's raw identifiers (`r#async`) name `async`: the prefix is syntax, not style.
_DECORATION = re.compile(r"^(r#|_*)(.*?)(_*)$", re.DOTALL)
# `METHOD_TLSv11`, `SSL_OP_NO_TLSv1`, `IPv4_STYLE_HOSTNAME`, `REPORT_usmStatsWrongDigests_NUM`:
# a constant whose parts keep a protocol's, a product's or another name's own spelling. A
# leading UPPER_CASE word (or an acronym with its version, `IPv4`, `TLSv1`) makes it
# UPPER_CASE, not mixed; so does a version (`ENABLE_NS_v1`, for the namespace `v1`); a
# later part in lower case only (`FOO_bar`) is still mixed.
_UPPER_LED = re.compile(
    r"[A-Z][A-Z0-9]+(v[0-9]+)?(_([A-Z0-9][A-Za-z0-9]*|[a-z][a-z0-9]*[A-Z][A-Za-z0-9]*|v[0-9]+))+"
)
# `_cbTestKEXDH_REPLY`, `handleMSG_CHANNEL_OPEN`: camelCase words, then the UPPER_CASE name
# of a constant (a protocol message) the function is about, spelt as the constant is.
_CAMEL_AROUND_CONSTANT = re.compile(r"_*[a-z][a-zA-Z0-9]*[a-z0-9][A-Z][A-Z0-9]*(_[A-Z0-9]+)+_*")
# `RFC5424e`, `TLSv1`, `IPv6`, `X509v3`: one word of capitals and digits whose only
# lowercase letters are single ones marking a version (`v1`) or a variant after a number
# (`5424e`), as a standard spells its own name. An UPPER word, not PascalCase.
_UPPER_VARIANT = re.compile(r"[A-Z][A-Z0-9]+(?:(?:(?<=[0-9])[a-z]|v(?=[0-9]))[A-Z0-9]*)+")
# `Net10_0`, `R2R10_0`, `unzOpen2_64`, `salsa20_8`, `PRIME32_1`: a number that ends the name
# (or a part of it) right after another number. Two numbers cannot be written together, so
# the underscore between them is forced by every style (a version's `10.0`, a 64-bit
# variant, an index) and marks no word; the name's style is that of the rest.
_NUMBER_AFTER_NUMBER = re.compile(r"(?<=[0-9])_(?=[0-9]+(?:_|$))")


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
    core = _NUMBER_AFTER_NUMBER.sub("", core)
    if not core.replace("_", "").replace("-", "").isalnum():
        return MIXED
    has_upper = core != core.lower()
    has_lower = core != core.upper()
    if "-" in core:
        return KEBAB if not has_upper and "_" not in core and "--" not in core else MIXED
    if "_" in core:
        # `uv__io_t`, `uv__stream_init`: a doubled underscore marks a private namespace
        # (libuv's `uv__`) in a name of one case; beside capitals it is no style.
        if "__" in core and has_upper and has_lower:
            return MIXED
        if not has_upper:
            return SNAKE
        return UPPER_SNAKE if not has_lower or _UPPER_LED.fullmatch(core) else MIXED
    if not has_upper:
        return LOWER
    if not has_lower or _UPPER_VARIANT.fullmatch(core):
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


def camel_case_with_constant(name: str) -> bool:
    """`_cbTestKEXDH_REPLY`: camelCase words ending in the UPPER_CASE name of a constant,
    kept as the constant spells it. Styled `mixed`, but lowering the constant's name would
    lose what the name points at."""
    return _CAMEL_AROUND_CONSTANT.fullmatch(name) is not None


# Prefixes that mark how far to trust an API rather than name it (`unstable_batchedUpdates`,
# `UNSAFE_componentWillMount`, `experimental_createPersister`): the rest of the name is the
# one the project chose, in its own style.
_STABILITY_PREFIX = re.compile(
    r"(?i:experimental|unstable|unsafe|deprecated|legacy|internal)_(?=[a-zA-Z])"
)


def without_stability_prefix(name: str) -> str:
    """`experimental_createQueryPersister` -> `createQueryPersister`; other names unchanged.
    Only a prefix on a name in another style counts: `legacy_mode` is plain snake_case."""
    match = _STABILITY_PREFIX.match(name)
    if match is None:
        return name
    rest = name[match.end() :]
    return rest if "_" not in rest and rest != rest.lower() else name


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
    if prev.isdigit():
        # After a digit a hump or an acronym starts a word (`utf8String`, `SHA256HMAC`), a
        # lone capital does not (`H2O`, `Vector3D`).
        return following.islower() or following.isupper()
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


def keeps_acronyms(name: str, style: str) -> bool:
    """Whether rewriting `name` in `style` keeps its acronyms whole: not when the words
    split an uppercase run short of a real word (`METHOD_TLSv11` -> TL, Sv11; `userIDs`
    -> I, Ds), nor when camelCase or PascalCase would lower the tail of an acronym (`xAI`
    -> `XAi`). A rename that mangles a name so is no fix."""
    words = split_words(_core(name)[1])
    for before, word in itertools.pairwise(words):
        tail = word[1:]
        if before[-1:].isupper() and word[:1].isupper() and len(tail.rstrip("0123456789")) < 2:
            return False
    if style in (CAMEL, PASCAL):
        later = words if style == PASCAL else words[1:]
        return not any(sum(c.isupper() for c in w) >= 2 for w in later)
    return True


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
