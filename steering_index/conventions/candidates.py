"""Which files the first whole-workspace check must read again, once inference has read them.

A first `steering check` reads and observes every file to infer the conventions, then judges
every file against them: each file was read twice. A file can only drift where one of its
observations makes a choice that a strong convention of the same id does not accept
(`check_file` judges nothing else), so inference keeps, for each file, the distinct
(convention id, choice) pairs the check could observe there, and the check reads again only
the files where one of them departs from a strong convention: about two files in five on
bench/scale_bench.py's workspace, with the same findings.

The pairs are a superset of what the check observes. The check knows more about a file
than inference does (it reads the file's text: a private method its class is seen using is
no override, and is judged), and what it knows decides only which definitions' names are
set aside (`observe._naming`); so every definition's name counts here, set aside or not,
with every other observation (no fact of the file decides those).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from steering_index.conventions.layout import is_vendored
from steering_index.conventions.naming import conforms
from steering_index.conventions.observe import (
    DUNDER,
    MIXED_CAPS,
    VOTING_STYLES,
    Observation,
    is_generated,
    symbol_naming_key,
    voting_style,
)
from steering_index.model import Convention, FileExtract

# (convention id without its subtree, choice)
Choice = tuple[str, str]


def file_choices(extract: FileExtract, observations: Iterable[Observation]) -> list[Choice]:
    """The (convention id, choice) pairs the check could observe in the file, sorted, from
    the file's `observations` as inference made them."""
    if is_generated(extract) or is_vendored(extract.path):
        return []  # observed by neither
    found = {(obs.key.id, obs.choice) for obs in observations if obs.symbol is None}
    language = extract.language
    for symbol in extract.symbols:
        style = voting_style(symbol.name, language)
        if style != DUNDER and style in (*VOTING_STYLES, MIXED_CAPS):
            found.add((symbol_naming_key(language, symbol).id, style))
    return sorted(found)


class ObservedChoices:
    """Each file's choices (`file_choices`) as inference hands them over, each distinct set
    of them kept once (most files make the same few choices)."""

    def __init__(self) -> None:
        self.complete = False  # True once inference has read every file
        self._sets: dict[tuple[Choice, ...], int] = {}
        self._of_path: dict[str, int] = {}

    def record(self, path: str, choices: Sequence[Choice]) -> None:
        key = tuple(choices)
        self._of_path[path] = self._sets.setdefault(key, len(self._sets))

    def may_drift(self, conventions: Sequence[Convention]) -> Callable[[str], bool] | None:
        """Whether a file may drift from `conventions` (False: the check need not read it);
        None when inference did not read every file (the conventions were remembered)."""
        if not self.complete:
            return None
        accepted: dict[str, list[str]] = {}
        for conv in conventions:
            if conv.strong:
                accepted.setdefault(conv.id.split("@", 1)[0], []).append(conv.value)
        departs = [
            any(
                not conforms(choice, value)
                for key, choice in pairs
                for value in accepted.get(key, ())
            )
            for pairs in self._sets
        ]
        of_path = self._of_path
        return lambda path: path not in of_path or departs[of_path[path]]
