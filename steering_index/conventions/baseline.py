"""A baseline: the drift findings a team has seen and chosen to keep, recorded once, so that
`steering check` and the editor report only drift that came after.

A mature codebase's departures from its own conventions were reviewed and merged; most are
deliberate (a name mirroring another API, public API users depend on). A team adopting the
check records them (`steering check --write-baseline`) and commits the file; from then on,
what is reported is what changes bring.

A finding is recorded by what it is, not by where it is: its convention (without a folder
scope, which moves as the code does), its file, and the text it flags (a name, or the file
name for a file-level finding), with a count for a name flagged more than once in a file
(a name of a naming convention is kept however often it is flagged: a second definition of
a kept name, an overload or another branch of a macro, is no new choice of name).
Editing a file, moving code within it or adding lines above keeps its findings recorded;
renaming the name makes them new. A file moved to another folder under the same name keeps
them too: a file the baseline does not know takes the findings recorded for a file of its
name that no longer exists, the one whose folders are most like its own (`src/app/x.py`
for `app/x.py`), when one is; renaming the file makes them new. A name recorded in one file
is accepted in every other under the same naming convention: a theme that copies another's
`icon_start` follows what the team kept. A library or an import is not: a new test that
asserts with JUnit where the project moved to Truth is reported, though an older test's
JUnit import is recorded. A check with a baseline does not report a new name written as
the recorded names of its class are (`infer.RECORDED_SIBLINGS_MIN`, `records_name`). The
file is JSON, sorted, one entry a line, so that its diffs
read in review.

Names that depart from a convention most of the code follows, but not enough of it for the
check to report them, are recorded too, marked `"latent": true`: a change that makes the
convention strong (adding names in its style) would otherwise bring findings in files it
never touched. So are the names departing from a folder's own style that most of its code
follows against the workspace's (`infer.would_be_subtrees`): a change that makes the folder
a subtree of its own would otherwise bring findings in its other files. So are the names a
subtree a small change could dissolve keeps from the convention around it
(`infer.fragile_subtrees`), which would otherwise become findings in files that change
never touched. So are the names a
convention leaves alone for what is elsewhere in the workspace (`infer.unshared`: a name
written alike in several files, one looked up by a string): a change that deletes one of
those files would otherwise bring findings in the others. They are no findings: not
counted, never said to be gone.

A file the parser could read only in part has names no check judged: typecho's copy of
Services_JSON, written with `$s{0}`, which PHP 8's grammar cannot read, held no method until
a newcomer's change to `$s[0]` made it parse, and its old names came out as the newcomer's.
So the baseline records, for such a file, the names a definition keyword introduces in the
parts the parser could not read (`extract.unread_names`), as `"unread"`: in that file (or
the one it was moved to), a name of a naming convention among them is recorded. They are
no findings either.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from steering_index.index.extract import unread_names
from steering_index.model import FileExtract, Finding

if TYPE_CHECKING:
    from steering_index.store import IndexStore

# Where a workspace keeps its baseline, relative to its root.
DEFAULT_BASELINE = ".steering/baseline.json"
# Version 2 records public API's findings too (a check with a baseline judges public API:
# the names there are recorded, a new one is reported). A version 1 file did not record
# them, so a check with one leaves public API alone, as it did when it was written.
_VERSION = 2
# Version 3 records the names the parser could not read (`Baseline.unread`), which a
# version 2 reader would take for malformed findings; one without them is written as 2.
_UNREAD_VERSION = 3
_READ_VERSIONS = (1, 2, 3)

Key = tuple[str, str]  # (convention without its scope, flagged text)
# The conventions whose recorded names hold in every file. A library or an import recorded
# in one file is what the code still uses there, not what a new file should copy.
_NAMING = "convention/naming."
# Conventions split from another: a baseline written before the split recorded their names
# under the other (C#'s protected fields voted with its public ones, C's and C++'s macros
# with parameters with those without, C++'s variable templates with its constants), and
# still holds them.
_SPLIT_FROM = {
    "convention/naming.csharp.protected-field": "convention/naming.csharp.public-field",
    "convention/naming.c.function-macro": "convention/naming.c.macro",
    "convention/naming.cpp.function-macro": "convention/naming.cpp.macro",
    "convention/naming.cpp.variable-template": "convention/naming.cpp.constant",
    "convention/files.php.template-naming": "convention/files.php.naming",
}


def latent_finding(latent_ids: frozenset[str]) -> Callable[[Finding], bool]:
    """Whether a finding is a latent name: its convention is one of `latent_ids` (the ids
    `infer.with_latent` made strong)."""
    return lambda finding: finding.code.partition("/")[2] in latent_ids


class BaselineError(ValueError):
    """A baseline file that cannot be read as one; the message says what to do."""


def flagged_text(finding: Finding, data: bytes | None) -> str:
    """What a finding flags: the text of the first line of its span in `data` (the file's
    bytes), or the file's name for a finding about the whole file or unreadable text."""
    return _flagged(finding, _lines(data))


def _flagged(finding: Finding, lines: list[bytes] | None) -> str:
    """`flagged_text` from the file's lines, split once for all its findings."""
    span = finding.location.span
    if span is None or lines is None:
        return finding.location.path.rpartition("/")[2]
    line = lines[span.start_line] if span.start_line < len(lines) else b""
    end = span.end_col if span.end_line == span.start_line else len(line)
    return line[span.start_col : end].decode("utf-8", "replace").strip()


def finding_key(finding: Finding, data: bytes | None) -> Key:
    """What a baseline records of a finding (see the module docstring)."""
    return _key(finding, _lines(data))


def _key(finding: Finding, lines: list[bytes] | None) -> Key:
    return finding.code.split("@", 1)[0], _flagged(finding, lines)


def _lines(data: bytes | None) -> list[bytes] | None:
    return None if data is None else data.split(b"\n")


@dataclass
class Baseline:
    """Recorded findings by file: each key with how many times it was flagged there. Beside
    them, `latent`: the names that depart from a convention a majority of the code follows
    but that is not yet strong, which no check reports yet. They are left out the same way
    once a change makes that convention strong, but are not findings: not counted, and
    never said to be gone."""

    by_path: dict[str, Counter[Key]] = field(default_factory=dict)
    latent: dict[str, Counter[Key]] = field(default_factory=dict)
    # By file, the names of definitions the parser could not read (see the module).
    unread: dict[str, frozenset[str]] = field(default_factory=dict)
    # Whether it records the findings of public API (see `_VERSION`): then a check with it
    # judges public API, whose new names it reports.
    public_api: bool = True
    # How many files record each key (`files_recording`), built when first asked for.
    _files: Counter[Key] | None = field(default=None, repr=False, compare=False)
    # How many findings `split` has matched with ones their file records (not latent names):
    # the recorded findings still found, so the others are gone.
    matched: int = field(default=0, repr=False, compare=False)

    def __len__(self) -> int:
        return sum(sum(keys.values()) for keys in self.by_path.values())

    def count_where(self, selected: Callable[[str], bool]) -> int:
        """How many findings are recorded for the files `selected` takes."""
        return sum(sum(keys.values()) for path, keys in self.by_path.items() if selected(path))

    def add(
        self,
        findings: Iterable[Finding],
        read: Callable[[str], bytes | None],
        latent: Callable[[Finding], bool] | None = None,
        latent_keys: frozenset[Key] = frozenset(),
    ) -> None:
        """Record `findings` (of any files), reading each file's text once; those `latent`
        picks, and those whose key is one of `latent_keys`, go to `latent` (see the
        class)."""
        by_path: dict[str, list[Finding]] = {}
        for finding in findings:
            by_path.setdefault(finding.location.path, []).append(finding)
        for path, found in by_path.items():
            lines = _lines(read(path))
            for finding in found:
                key = _key(finding, lines)
                hidden = key in latent_keys or (latent is not None and latent(finding))
                kind = self.latent if hidden else self.by_path
                kind.setdefault(path, Counter())[key] += 1
        self._files = None

    def add_unread(self, extract: FileExtract, data: bytes | None) -> None:
        """Record the names of definitions the parser could not read in the file `extract`
        is of, from its text `data` (nothing for a file that parsed cleanly)."""
        if extract.error_count == 0 or data is None:
            return
        found = frozenset(symbol.name for symbol in extract.symbols)
        names = unread_names(data, extract.language, found)
        if names:
            self.unread[extract.path] = names
        else:
            self.unread.pop(extract.path, None)

    def add_unread_of(
        self,
        store: IndexStore,
        read: Callable[[str], bytes | None],
        selected: Callable[[str], bool] = lambda path: True,
    ) -> None:
        """`add_unread` for each indexed file `selected` takes that the parser could read
        only in part (the others have nothing to record)."""
        for row in store.files():
            if row.error_count and selected(row.path):
                extract = store.extract_for(row.path)
                if extract is not None:
                    self.add_unread(extract, read(row.path))

    def forget(self, path: str) -> None:
        """Drop what is recorded for `path`, to record it again."""
        for recorded in (self.by_path, self.latent, self.unread):
            recorded.pop(path, None)
        self._files = None

    def files_recording(self) -> Counter[Key]:
        """How many files record each (convention, text)."""
        if self._files is None:
            self._files = Counter(
                key
                for recorded in (self.by_path, self.latent)
                for keys in recorded.values()
                for key, count in keys.items()
                if count
            )
        return self._files

    def records_name(self, code: str, text: str) -> bool:
        """Whether a name `text` of the naming convention of the finding code `code` is
        recorded (in any file, as `split` accepts it), latent or not."""
        convention = code.split("@", 1)[0]
        if not convention.startswith(_NAMING):
            return False
        files = self.files_recording()
        former = _SPLIT_FROM.get(convention)
        return bool(files[(convention, text)] or (former and files[(former, text)]))

    def moved_from(self, path: str, exists: Callable[[str], bool]) -> str | None:
        """The recorded file `path` (one the baseline does not know) was moved from: of
        the recorded files of the same name that no longer exist (`exists` says), the one
        whose path ends most like `path`'s, when no other ends as much like it."""
        if path in self.by_path or path in self.latent or path in self.unread:
            return None
        name = path.rpartition("/")[2]
        known = self.by_path.keys() | self.latent.keys() | self.unread.keys()
        gone = [p for p in known if p.rpartition("/")[2] == name and not exists(p)]
        if not gone:
            return None
        parts = path.split("/")
        likeness = sorted(((_common_tail(parts, p.split("/")), p) for p in gone), reverse=True)
        if len(likeness) > 1 and likeness[0][0] == likeness[1][0]:
            return None  # as like one as another: which moved here is not known
        return likeness[0][1]

    def split(
        self,
        path: str,
        findings: list[Finding],
        data: bytes | None,
        exists: Callable[[str], bool] | None = None,
    ) -> tuple[list[Finding], list[Finding]]:
        """(new, recorded): `path`'s findings the baseline does not hold, and those it does.
        A name of a naming convention recorded in any file is recorded wherever it is
        flagged, as often as it is: a second definition of a kept name (another branch of a
        macro, an overload) is no new choice of name. Other findings are recorded as many
        times as the file records them: a library used once more is new. With
        `exists` (whether a workspace file exists), a file the baseline does not know is
        matched with the one it was moved from (`moved_from`). A finding of a convention
        split from another since (`_SPLIT_FROM`) is matched under the other too. Each
        finding matched with one the file records (not a latent name) adds one to
        `matched`. A name of a naming convention the parser could not read in the file
        when the baseline was written (`unread`) is recorded there."""
        if not findings or not (self.by_path or self.latent or self.unread):
            return findings, []
        source: str | None = path
        known = path in self.by_path or path in self.latent or path in self.unread
        if not known and exists is not None:
            source = self.moved_from(path, exists)
        own = Counter(self.by_path.get(source, ())) if source is not None else Counter()
        latent = Counter(self.latent.get(source, ())) if source is not None else Counter()
        unread = self.unread.get(source, frozenset()) if source is not None else frozenset()
        files = self.files_recording()
        lines = _lines(data)
        new: list[Finding] = []
        recorded: list[Finding] = []
        for finding in findings:
            key = _key(finding, lines)
            former = _SPLIT_FROM.get(key[0])
            if former is not None and not (own[key] or latent[key] or files[key]):
                key = (former, key[1])  # recorded before its convention was split off
            if own[key] > 0:
                own[key] -= 1
                self.matched += 1
                recorded.append(finding)
            elif latent[key] > 0:
                latent[key] -= 1
                recorded.append(finding)
            elif key[0].startswith(_NAMING) and (files[key] or key[1] in unread):
                # A name recorded in any file, this one too; or one the parser could not
                # read here when the baseline was written.
                recorded.append(finding)
            else:
                new.append(finding)
        return new, recorded

    def to_json(self) -> str:
        entries: list[dict[str, object]] = sorted(
            (
                {"path": path, "convention": code, "text": text, "count": count}
                | ({"latent": True} if recorded is self.latent else {})
                for recorded in (self.by_path, self.latent)
                for path, keys in recorded.items()
                for (code, text), count in keys.items()
                if count > 0
            ),
            key=lambda e: (e["path"], e["convention"], e["text"], "latent" in e),
        )
        # One line a file for its unread names, after its findings.
        entries += [
            {"path": path, "unread": sorted(names)}
            for path, names in sorted(self.unread.items())
            if names
        ]
        entries.sort(key=lambda e: (str(e["path"]), "unread" in e))
        lines = ",\n".join("    " + json.dumps(e, ensure_ascii=False) for e in entries)
        body = f"[\n{lines}\n  ]" if entries else "[]"
        # One that added files to a version 1 baseline stays one: its other files lack them.
        version = 1 if not self.public_api else _UNREAD_VERSION if self.unread else _VERSION
        return f'{{\n  "version": {version},\n  "findings": {body}\n}}\n'


def _common_tail(one: list[str], other: list[str]) -> int:
    """How many path parts `one` and `other` end with in common."""
    n = 0
    while n < min(len(one), len(other)) and one[-1 - n] == other[-1 - n]:
        n += 1
    return n


def read_baseline(path: Path) -> Baseline:
    """The baseline in `path`. Raises `BaselineError` for a file that is not one."""
    try:
        raw = path.read_text("utf-8")
    except FileNotFoundError:
        raise BaselineError(
            f"{path}: no such baseline; write one with `steering check --write-baseline`"
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise BaselineError(f"{path}: cannot read the baseline ({exc})") from None
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise BaselineError(
            f"{path}:{exc.lineno}: not JSON ({exc.msg}); write it again with"
            " `steering check --write-baseline`"
        ) from None
    if not isinstance(data, dict) or data.get("version") not in _READ_VERSIONS:
        raise BaselineError(
            f"{path}: not a baseline of version {' or '.join(map(str, _READ_VERSIONS))};"
            " write it again with `steering check --write-baseline`"
        )
    baseline = Baseline(public_api=data["version"] >= 2)
    entries = data.get("findings")
    if not isinstance(entries, list):
        raise BaselineError(f'{path}: "findings" must be a list')
    for n, entry in enumerate(entries, 1):
        if isinstance(entry, dict) and "unread" in entry:
            where, names = entry.get("path"), entry["unread"]
            if not isinstance(where, str) or not (
                isinstance(names, list) and all(isinstance(x, str) for x in names)
            ):
                raise BaselineError(
                    f'{path}: finding {n} needs "path" and "unread", a list of names'
                )
            baseline.unread[where] = baseline.unread.get(where, frozenset()) | frozenset(names)
            continue
        try:
            where, code, text = entry["path"], entry["convention"], entry["text"]
            count = entry.get("count", 1)
            latent = entry.get("latent", False)
        except (KeyError, TypeError, AttributeError):
            raise BaselineError(
                f'{path}: finding {n} needs "path", "convention" and "text"'
            ) from None
        if (
            not all(isinstance(v, str) for v in (where, code, text))
            or not isinstance(count, int)
            or not isinstance(latent, bool)
        ):
            raise BaselineError(f"{path}: finding {n} has a value of the wrong type")
        recorded = baseline.latent if latent else baseline.by_path
        recorded.setdefault(where, Counter())[(code, text)] += max(count, 0)
    return baseline


def write_baseline(path: Path, baseline: Baseline) -> None:
    """Write `baseline` to `path` whole or not at all (a crash leaves the old file)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".baseline-", suffix=".json", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(baseline.to_json())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
