"""Which files the first whole-workspace check must read again, once inference has read them.

A first `steering check` reads and observes every file to infer the conventions, then judges
every file against them: each file was read twice. A file can only drift where one of its
observations makes a choice that a strong convention of the same id does not accept
where the convention governing the file is strong (`check_file` judges nothing else), so
inference keeps, for each file, the distinct (convention id, choice) pairs the check could
observe there, and the check reads again only the files where one of them departs from the
strong convention that governs it (`infer.may_drift`), with the same findings.

The pairs are a superset of what the check observes. The check knows more about a file
than inference does (it reads the file's text: a private method its class is seen using is
no override, and is judged), and what it knows decides only which definitions' names are
set aside (`observe._naming`); so every definition's name counts here, set aside or not,
with every other observation (no fact of the file decides those).
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable

from steering_index.conventions.layout import is_benchmark, is_test_data, is_vendored
from steering_index.conventions.observe import (
    DUNDER,
    MIXED_CAPS,
    VOTING_STYLES,
    Observation,
    is_generated,
    symbol_naming_key,
    voting_style,
)
from steering_index.model import FileExtract

# (convention id without its subtree, choice, whether it is an import's: an import style
# governs only imports that stay inside its subtree, so the check asks where it points)
Choice = tuple[str, str, bool]


def file_choices(extract: FileExtract, observations: Iterable[Observation]) -> list[Choice]:
    """The choices the check could observe in the file (see `Choice`), sorted, from the
    file's `observations` as inference made them."""
    if is_generated(extract) or is_vendored(extract.path) or is_test_data(extract.path):
        return []  # observed by neither
    found = {
        (obs.key.id, obs.choice, obs.target is not None)
        for obs in observations
        if obs.symbol is None
    }
    language = extract.language
    if is_benchmark(extract.path):
        return sorted(found)  # a benchmark's names are not observed
    for symbol in extract.symbols:
        style = voting_style(symbol.name, language)
        if style != DUNDER and style in (*VOTING_STYLES, MIXED_CAPS):
            found.add((symbol_naming_key(language, symbol).id, style, False))
    return sorted(found)


class ObservedChoices:
    """Each file's choices (`file_choices`) as inference hands them over, in the order it
    reads the files (the index's path order, which the check follows too). Each distinct
    set of choices is kept once (most files make the same few choices), and a file as a
    hash of its path and the number of its set: at 100,000 files a dictionary by path held
    30 MB, these arrays 1.2 MB."""

    def __init__(self) -> None:
        self.complete = False  # True once inference has read every file
        self._numbers: dict[frozenset[Choice], int] = {}
        self._sets: list[frozenset[Choice]] = []
        self._hashes = array("q")  # each file's path's `hash`, in the order recorded
        self._of_file = array("I")  # the number of each file's set, in the same order
        self._next = 0  # where the file after the last one asked about is

    def record(self, path: str, choices: Iterable[Choice]) -> None:
        key = frozenset(choices)
        number = self._numbers.get(key)
        if number is None:
            number = self._numbers[key] = len(self._sets)
            self._sets.append(key)
        self._hashes.append(hash(path))
        self._of_file.append(number)

    def choices_of(self, path: str) -> frozenset[Choice] | None:
        """The choices recorded for `path`, or None when none were (inference did not read
        it). Files are best asked about in the order they were recorded: each is then
        found where the last one was left (others cost a search of those after it)."""
        wanted = hash(path)
        hashes = self._hashes
        for at in range(self._next, len(hashes)):
            if hashes[at] == wanted:
                self._next = at + 1
                return self._sets[self._of_file[at]]
        return None
