"""Votes counted as files stream past, so inferring conventions holds one file at a time.

Every vote is counted in a cell (the folder of its file, the folder of what it imports, its
choice): a workspace has far fewer folders than files, and what inference decides about
subtrees, packages and dominant choices needs no more. The names of definitions, which
a convention may set aside (`ConventionSettings.shared_name_min_files`, re-exported public
API, names looked up by a string built elsewhere), are spooled to a private temporary
SQLite file and asked about with a query per scope.
"""

from __future__ import annotations

import re
import sqlite3
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Sequence
from types import TracebackType
from typing import TypeVar

from steering_index.conventions.observe import ConventionKey, Observation

# (folder of the file, folder of what it imports or None, choice)
Cell = tuple[str, str | None, str]
Votes = Counter[Cell]
# One vote as the tally counts it: its convention, its cell, and the name of the definition
# that casts it (None for an import or a file); small enough to send between processes.
Vote = tuple[ConventionKey, Cell, str | None]

_T = TypeVar("_T")

# Names waiting to be written to the spool: a few thousand rows a statement.
_BATCH = 5000


class VoteTally:
    """Per convention, the votes of every file added, as cells; definitions' names spooled.

    Use it as a context manager: the spool is deleted when it closes."""

    def __init__(self) -> None:
        self.cells: dict[ConventionKey, Votes] = defaultdict(Counter)
        self.files = 0
        # "" opens a private temporary database on disk, removed when it is closed.
        self._db = sqlite3.connect("")
        self._db.execute(
            "CREATE TABLE votes(key INTEGER, folder INTEGER, choice INTEGER, name TEXT,"
            " file INTEGER)"
        )
        self._db.execute("CREATE TABLE picked_folder(id INTEGER PRIMARY KEY)")
        self._db.execute("CREATE TABLE picked_name(name TEXT PRIMARY KEY)")
        self._keys: dict[ConventionKey, int] = {}
        self._folders: dict[str, int] = {}
        self._choices: dict[str, int] = {}
        self._pending: list[tuple[int, int, int, str, int]] = []
        self._indexed = False

    def __enter__(self) -> VoteTally:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self._db.close()

    def add(self, observations: Iterable[Observation]) -> None:
        """Count one file's observations (those that vote)."""
        self.add_votes(file_votes(observations))

    def add_votes(self, votes: Iterable[Vote]) -> None:
        """Count one file's votes (`file_votes`)."""
        self.files += 1
        for key, cell, name in votes:
            self.cells[key][cell] += 1
            if name is not None:
                row = (
                    _numbered(self._keys, key),
                    _numbered(self._folders, cell[0]),
                    _numbered(self._choices, cell[2]),
                    name,
                    self.files,
                )
                self._pending.append(row)
        if len(self._pending) >= _BATCH:
            self._flush()

    def _flush(self) -> None:
        with self._db:
            self._db.executemany("INSERT INTO votes VALUES (?,?,?,?,?)", self._pending)
        self._pending.clear()

    def _ready(self, key: ConventionKey, folders: Iterable[str]) -> int:
        """Write what is pending, index the spool once, and pick `folders` for a query."""
        if self._pending:
            self._flush()
        if not self._indexed:
            self._db.execute("CREATE INDEX votes_by_folder ON votes(key, folder)")
            self._indexed = True
        with self._db:
            self._db.execute("DELETE FROM picked_folder")
            self._db.executemany(
                "INSERT OR IGNORE INTO picked_folder VALUES (?)",
                ((self._folders[f],) for f in folders if f in self._folders),
            )
        return self._keys.get(key, -1)

    def _choice_ids(self, choices: Iterable[str]) -> str:
        ids = [str(self._choices[c]) for c in choices if c in self._choices]
        return ",".join(ids) or "-1"

    def shared_names(
        self, key: ConventionKey, folders: Iterable[str], choices: Iterable[str], min_files: int
    ) -> list[tuple[str, int]]:
        """Names of definitions in `folders` voting one of `choices` in `min_files` files or
        more, with how many files."""
        key_id = self._ready(key, folders)
        rows = self._db.execute(
            "SELECT v.name, count(DISTINCT v.file) FROM votes v"
            " JOIN picked_folder p ON p.id = v.folder"
            f" WHERE v.key = ? AND v.choice IN ({self._choice_ids(choices)})"
            " GROUP BY v.name HAVING count(DISTINCT v.file) >= ?",
            (key_id, min_files),
        )
        return [(str(name), int(files)) for name, files in rows]

    def names_among(
        self,
        key: ConventionKey,
        folders: Iterable[str],
        choices: Iterable[str],
        names: Collection[str],
    ) -> set[str]:
        """Which of `names` a definition in `folders` voting one of `choices` has."""
        key_id = self._ready(key, folders)
        self._pick_names(names)
        rows = self._db.execute(
            "SELECT DISTINCT v.name FROM votes v JOIN picked_folder p ON p.id = v.folder"
            " JOIN picked_name n ON n.name = v.name"
            f" WHERE v.key = ? AND v.choice IN ({self._choice_ids(choices)})",
            (key_id,),
        )
        return {str(name) for (name,) in rows}

    def names_matching(
        self,
        key: ConventionKey,
        folders: Iterable[str],
        choices: Iterable[str],
        patterns: Sequence[re.Pattern[str]],
    ) -> set[str]:
        """Names of definitions in `folders` voting one of `choices` that one of `patterns`
        matches whole (the names written against a convention are few)."""
        if not patterns:
            return set()
        key_id = self._ready(key, folders)
        rows = self._db.execute(
            "SELECT DISTINCT v.name FROM votes v JOIN picked_folder p ON p.id = v.folder"
            f" WHERE v.key = ? AND v.choice IN ({self._choice_ids(choices)})",
            (key_id,),
        )
        return {str(n) for (n,) in rows if any(p.fullmatch(str(n)) for p in patterns)}

    def leading_letters(
        self, key: ConventionKey, folders: Iterable[str], choice: str
    ) -> tuple[Counter[str], int]:
        """Of the names of definitions in `folders` voting `choice`: how many begin with
        each lower-case letter followed by a capital (`k` of `kMaxLevel`), or with an
        underscore followed by a lower-case letter (counted under `_`: `_itemCount`), and
        how many there are."""
        key_id = self._ready(key, folders)
        rows = self._db.execute(
            "SELECT CASE WHEN substr(v.name, 1, 1) BETWEEN 'a' AND 'z'"
            " AND substr(v.name, 2, 1) BETWEEN 'A' AND 'Z' THEN substr(v.name, 1, 1)"
            " WHEN substr(v.name, 1, 1) = '_' AND substr(v.name, 2, 1) BETWEEN 'a' AND 'z'"
            " THEN '_' END,"
            " count(*) FROM votes v JOIN picked_folder p ON p.id = v.folder"
            f" WHERE v.key = ? AND v.choice IN ({self._choice_ids([choice])}) GROUP BY 1",
            (key_id,),
        )
        letters: Counter[str] = Counter()
        total = 0
        for letter, n in rows:
            total += int(n)
            if letter is not None:
                letters[str(letter)] += int(n)
        return letters, total

    def votes_of_names(
        self, key: ConventionKey, folders: Iterable[str], names: Collection[str]
    ) -> Votes:
        """The votes of the definitions in `folders` named one of `names`, as cells."""
        key_id = self._ready(key, folders)
        self._pick_names(names)
        folder_of = {i: f for f, i in self._folders.items()}
        choice_of = {i: c for c, i in self._choices.items()}
        rows = self._db.execute(
            "SELECT v.folder, v.choice, count(*) FROM votes v"
            " JOIN picked_folder p ON p.id = v.folder JOIN picked_name n ON n.name = v.name"
            " WHERE v.key = ? GROUP BY v.folder, v.choice",
            (key_id,),
        )
        return Counter({(str(folder_of[f]), None, str(choice_of[c])): int(n) for f, c, n in rows})

    def _pick_names(self, names: Collection[str]) -> None:
        with self._db:
            self._db.execute("DELETE FROM picked_name")
            self._db.executemany(
                "INSERT OR IGNORE INTO picked_name VALUES (?)", ((n,) for n in names)
            )


def file_votes(observations: Iterable[Observation]) -> list[Vote]:
    """What the tally counts of one file's observations: those that vote."""
    return [
        (
            obs.key,
            (obs.path.rpartition("/")[0], obs.target, obs.choice),
            obs.text if obs.symbol is not None else None,
        )
        for obs in observations
        if obs.votes
    ]


def _numbered(numbers: dict[_T, int], value: _T) -> int:
    """`value`'s number in `numbers`, given the next one the first time it is seen."""
    return numbers.setdefault(value, len(numbers))
