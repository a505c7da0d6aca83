"""`steering conventions` and `steering check`: inferred conventions, and drift from strong ones.

Both read an up-to-date index of the workspace (built or refreshed first). `check` exits 1
when it has findings, so it can gate CI and pre-commit; 2 means the input was bad (a path
outside the workspace, a missing path, an unusable index).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from steering_index.cli.index import ProgressReporter, workspace_index
from steering_index.conventions.baseline import (
    DEFAULT_BASELINE,
    Baseline,
    BaselineError,
    latent_finding,
    read_baseline,
    write_baseline,
)
from steering_index.conventions.candidates import ObservedChoices
from steering_index.conventions.infer import (
    DEFAULT_SETTINGS,
    ConventionSettings,
    Progress,
    Recording,
    check_file,
    language_rule,
    may_drift,
    recorded_findings,
    recording_conventions,
    reference_filter,
    under_would_be,
    workspace_conventions,
    workspace_facts,
)
from steering_index.conventions.libraries import LibraryTable, workspace_library_table
from steering_index.conventions.linters import DeclaredStyle, NamingExemption
from steering_index.conventions.project import NO_PROJECT, PackageFacts, ProjectFacts
from steering_index.conventions.report import (
    FindingsOutput,
    ReadBytes,
    convention_json,
    conventions_text,
    dumps,
)
from steering_index.index.files import relative_posix, text_reader, workspace_exists
from steering_index.index.workspace_root import RootRefused, announced_root, located
from steering_index.model import Convention, Finding

if TYPE_CHECKING:
    from steering_index.store import IndexStore

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_BAD_INPUT = 2
# A check of this many files or more shows its progress on stderr.
_PROGRESS_FILES = 200


class InputError(Exception):
    """A problem with what the user asked for; the message is shown as is."""


def _root(args: argparse.Namespace, command: str, paths: list[str] | None = None) -> Path:
    try:
        return announced_root(command, getattr(args, "root", None), paths or [])
    except RootRefused as exc:
        raise InputError(str(exc)) from exc


def _thresholds(args: argparse.Namespace) -> ConventionSettings:
    """`--min-share` and `--min-count` (absent from a namespace built by hand: defaults)."""
    return replace(
        DEFAULT_SETTINGS,
        min_share=getattr(args, "min_share", None) or DEFAULT_SETTINGS.min_share,
        min_count=getattr(args, "min_count", None) or DEFAULT_SETTINGS.min_count,
    )


def workspace_libraries(root: Path, command: str) -> LibraryTable:
    """The library table for `root`, after saying on stderr what is wrong with the
    workspace's own additions (a bad one is skipped, never fatal)."""
    table, problems = workspace_library_table(root)
    for problem in problems:
        print(f"steering {command}: warning: {problem}", file=sys.stderr)
    return table


def run_conventions(args: argparse.Namespace) -> int:
    """Print the conventions (strong ones, or all with --all) as text or JSON."""
    try:
        root = _root(args, "conventions")
        table = workspace_libraries(root, "conventions")
        with workspace_index(root, getattr(args, "db", None), InputError) as store:
            facts = workspace_facts(store, root)
            conventions = workspace_conventions(store, _thresholds(args), table, project=facts)
    except InputError as exc:
        print(f"steering conventions: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    if not getattr(args, "all", False):
        # Conflicts with what the project wrote down are listed: they are what to settle.
        conventions = [
            c for c in conventions if (c.strong or c.overruled) and language_rule(c) is None
        ]
    settings = facts.every_linter_setting()
    exempt = [e for s in settings for e in s.exempt]
    declared = [d for s in settings for d in s.declared]
    packages = [p for p in facts.packages if p.folder]
    if getattr(args, "json", False):
        sys.stdout.write(
            dumps(
                {
                    "conventions": [convention_json(c) for c in conventions],
                    "exemptions": [
                        {"source": e.source, "conventions": list(e.conventions)} for e in exempt
                    ],
                    "declared": [
                        {"source": d.source, "style": d.value, "conventions": list(d.conventions)}
                        for d in declared
                    ],
                    "packages": [
                        {
                            "folder": p.folder,
                            "manifests": list(p.manifests),
                            "dependencies": sorted(p.dependencies),
                        }
                        for p in packages
                    ],
                }
            )
        )
    else:
        sys.stdout.write(conventions_text(conventions))
        sys.stdout.write(_exemptions_text(exempt))
        sys.stdout.write(_declared_text(declared))
        sys.stdout.write(_packages_text(packages))
    return EXIT_OK


def _packages_text(packages: Sequence[PackageFacts]) -> str:
    """The packages below the root, one a line: where the conventions may differ."""
    if not packages:
        return ""
    lines = ["", "Packages (a library they declare is their choice; their code may differ):"]
    for package in packages:
        count = len(package.dependencies)
        declared = f"{count} dependenc{'y' if count == 1 else 'ies'}"
        lines.append(f"  - {package.folder}/ ({', '.join(package.manifests)}; {declared})")
    return "\n".join(lines) + "\n"


def _exemptions_text(exempt: Sequence[NamingExemption]) -> str:
    """The names and files the project's linter settings leave alone, one setting a line."""
    lines = [(e.source, e.conventions) for e in exempt]
    return _settings_text("Left alone by the project's linter settings:", lines)


def _declared_text(declared: Sequence[DeclaredStyle]) -> str:
    """The naming styles the project's linter settings declare, one setting a line: what
    the conventions were compared with."""
    lines = [(f"{d.source}: {d.value}", d.conventions) for d in declared]
    return _settings_text("Styles the project's linter settings declare:", lines)


def _settings_text(title: str, settings: Sequence[tuple[str, tuple[str, ...]]]) -> str:
    """A list under `title` of linter settings, each with the kinds of the conventions it
    bears on (`cpp.constant`); "" for none."""
    if not settings:
        return ""
    lines = ["", title]
    for said, conventions in settings:
        kinds = sorted({c.split(".", 1)[1] for c in conventions})
        lines.append(f"  - {said} ({', '.join(kinds)})")
    return "\n".join(lines) + "\n"


def _selection(root: Path, paths: list[str]) -> list[str]:
    """Workspace-relative POSIX prefixes for the PATHS given ("" = everything)."""
    if not paths:
        return [""]
    selected = []
    for raw in paths:
        path = Path(raw).expanduser()
        path = (path if path.is_absolute() else Path.cwd() / path).resolve()
        rel = relative_posix(path, root)
        if rel is None:
            raise InputError(f"{raw}: outside the workspace {root}")
        if not path.exists():
            raise InputError(f"{raw}: no such file or folder")
        selected.append("" if rel == "." else rel)
    return selected


def _changed_selection(args: argparse.Namespace, root: Path, selection: list[str]) -> list[str]:
    """The files of `selection` changed since `--diff REF` (or staged, `--staged`)."""
    from steering_index.review.changes import ChangesError, changed_paths

    diff, staged = getattr(args, "diff", None), bool(getattr(args, "staged", False))
    if diff and staged:
        raise InputError("--diff REF and --staged: use one of them")
    # git runs in the workspace root: pathspecs are relative to it, taken literally.
    specs = [f":(literal){s}" for s in selection] if selection != [""] else None
    try:
        return changed_paths(root, staged, diff, specs)
    except ChangesError as exc:
        raise InputError(str(exc)) from None


def _nothing_changed(args: argparse.Namespace) -> str:
    staged = getattr(args, "staged", False)
    return "no file is staged" if staged else f"no file changed since {args.diff}"


def _selected(path: str, selection: list[str]) -> bool:
    return any(not s or path == s or path.startswith(s + "/") for s in selection)


def _sort_key(finding: Finding) -> tuple[str, int, int, str]:
    span = finding.location.span
    return (
        finding.location.path,
        finding.location.lines.first,
        span.start_col if span else 0,
        finding.code,
    )


def file_findings(
    store: IndexStore,
    selection: list[str],
    conventions: list[Convention],
    table: LibraryTable | None = None,
    settings: ConventionSettings = DEFAULT_SETTINGS,
    project: ProjectFacts = NO_PROJECT,
    progress: Progress | None = None,
    read: ReadBytes | None = None,
    drifts: Callable[[str], bool] | None = None,
    public_api: bool = False,
    recording: Recording | None = None,
    recorded: Callable[[str, str], bool] | None = None,
) -> Iterator[tuple[list[Finding], list[Finding]]]:
    """For each selected file in path order, one at a time: its findings and those its
    `steering: ignore` comments silence, each sorted. `progress` hears (files, of files);
    `read` gives a file's bytes by path (to see which private methods a file uses). A file
    `drifts` says cannot drift is not read (`conventions.candidates`). `public_api` is as
    for `check_file`. With `recording` (for a baseline), the findings are those it records
    (`recorded_findings`), and `conventions` is not used; a file under one of its would-be
    or fragile subtrees is read whatever `drifts` says. `recorded` is as for `check_file` (a
    baseline's `records_name`), when checking with one."""
    keep = reference_filter(table)
    files = _selected_count(store, selection) if progress is not None else 0
    paths = (path for path in store.indexed_paths() if _selected(path, selection))
    would_be = [*recording.would_be, *recording.fragile] if recording is not None else []
    for done, path in enumerate(paths, 1):
        skip = drifts is not None and not drifts(path) and not under_would_be(path, would_be)
        extract = None if skip else store.extract_for(path, keep)
        if extract is not None:
            quiet: list[Finding] = []
            judge = partial(
                check_file, settings=settings, table=table, project=project, read=read,
                public_api=public_api,
            )  # fmt: skip
            if recording is None:
                found = judge(extract, conventions, silenced=quiet, recorded=recorded)
            else:
                found = recorded_findings(path, recording, partial(judge, extract))
            yield sorted(found, key=_sort_key), sorted(quiet, key=_sort_key)
        if progress is not None:
            progress(done, files)


def _either(
    one: Callable[[str], bool] | None, other: Callable[[str], bool] | None
) -> Callable[[str], bool] | None:
    """Whether a file may drift by `one` or by `other` (None: every file may)."""
    if one is None or other is None:
        return None
    return lambda path: one(path) or other(path)


def _selected_count(store: IndexStore, selection: list[str]) -> int:
    return sum(1 for path in store.indexed_paths() if _selected(path, selection))


def workspace_findings(
    store: IndexStore,
    selection: list[str],
    table: LibraryTable | None = None,
    settings: ConventionSettings = DEFAULT_SETTINGS,
    root: Path | None = None,
    public_api: bool = False,
    recording: bool = False,
    recorded: Callable[[str, str], bool] | None = None,
) -> tuple[list[Finding], list[Finding], list[Convention]]:
    """Findings for the selected files, judged against conventions inferred from all of them
    (remembered in the index: checking a few files reads only those), and the findings that
    `steering: ignore` comments silence. With the workspace's `root`, what the project
    declares there (its packages, runners, linter settings, written rules) counts too.
    `public_api` is as for `check_file`; with `recording`, the findings are those a
    baseline records, latent names too (`with_latent`); `recorded` is as for `check_file`
    (a baseline's `records_name`), to check as with that baseline."""
    facts = workspace_facts(store, root) if root is not None else NO_PROJECT
    conventions = workspace_conventions(store, settings, table, project=facts)
    strengthened = (
        recording_conventions(store, conventions, settings, table, facts) if recording else None
    )
    read = text_reader(root) if root is not None else None
    findings: list[Finding] = []
    silenced: list[Finding] = []
    for found, quiet in file_findings(
        store, selection, conventions, table, settings, facts, read=read,
        public_api=public_api, recording=strengthened, recorded=recorded,
    ):  # fmt: skip
        findings.extend(found)
        silenced.extend(quiet)
    return findings, silenced, conventions


def _reporter(label: str, files: int) -> ProgressReporter | None:
    """Progress on stderr for a pass over `files` files, if there are enough to wait for. A
    bar redrawn on the terminal that also shows the findings would garble them: lines then."""
    if files < _PROGRESS_FILES:
        return None
    reporter = ProgressReporter(sys.stderr, label)
    reporter.tty = reporter.tty and not sys.stdout.isatty()
    return reporter


def _findings(count: int) -> str:
    return f"{count} finding" if count == 1 else f"{count} findings"


def _baselines(
    args: argparse.Namespace, root: Path, selection: list[str]
) -> tuple[Path, Baseline | None, Baseline | None]:
    """(the baseline's file, the baseline to leave out, the baseline to record into). The
    file is `--baseline` (relative to the current folder) or the workspace's default, read
    when it exists or was named. Recording the findings of some files only keeps what the
    file holds for the others."""
    given = getattr(args, "baseline", None)
    path = Path(given).expanduser().absolute() if given else root / DEFAULT_BASELINE
    if getattr(args, "write_baseline", False):
        recording = Baseline()
        if selection != [""] and path.exists():
            recording = read_baseline(path)
            known = recording.by_path.keys() | recording.latent.keys() | recording.unread.keys()
            for recorded in [p for p in known if _selected(p, selection)]:
                recording.forget(recorded)
        return path, None, recording
    if getattr(args, "no_baseline", False) or not (given or path.exists()):
        return path, None, None
    return path, read_baseline(path), None


def run_check(args: argparse.Namespace) -> int:
    """Report drift from strong conventions, each file's findings written as it is checked;
    exit 1 when there is any."""
    fmt = getattr(args, "format", "text") or "text"
    try:
        given = getattr(args, "root", None)
        paths = [located(raw, given) for raw in getattr(args, "paths", None) or []]
        root = _root(args, "check", paths)
        selection = _selection(root, paths)
        if getattr(args, "diff", None) or getattr(args, "staged", False):
            selection = _changed_selection(args, root, selection)
            if not selection:
                print(f"steering check: {_nothing_changed(args)}; nothing to check",
                      file=sys.stderr)  # fmt: skip
                return EXIT_OK
        baseline_path, baseline, recording = _baselines(args, root, selection)
        table = workspace_libraries(root, "check")
        settings = _thresholds(args)
        with workspace_index(root, getattr(args, "db", None), InputError) as store:
            facts = workspace_facts(store, root)
            files = _selected_count(store, selection)
            inferring = _reporter("inferring conventions", store.counts()[0])
            workers = max(1, getattr(args, "workers", None) or os.cpu_count() or 1)
            observed = ObservedChoices()
            conventions = workspace_conventions(
                store, settings, table, facts, inferring, workers=workers, observed=observed
            )
            if inferring is not None:
                inferring.finish()
            how: Recording | None = None
            drifting = may_drift(observed, conventions)
            if recording is not None:
                # Names departing from a convention a majority follows, strong or not yet,
                # and those left alone for what is elsewhere in the workspace, beside every
                # finding the check reports.
                how = recording_conventions(store, conventions, settings, table, facts, workers)
                drifting = _either(drifting, may_drift(observed, how.conventions))
            read = text_reader(root)
            exists = workspace_exists(root)
            output = FindingsOutput(fmt, sys.stdout, conventions, read, root.as_uri() + "/")
            checking = _reporter("checking", files)
            kept = 0
            # With a baseline, public API is judged: its names are recorded, a new one is not.
            judged_by = recording if recording is not None else baseline
            public_api = judged_by is not None and judged_by.public_api
            latent = latent_finding(how.latent_ids) if how is not None else None
            for found, quiet in file_findings(
                store,
                selection,
                conventions,
                table,
                settings,
                facts,
                checking,
                read,
                drifting,
                public_api,
                how,
                baseline.records_name if baseline is not None else None,
            ):
                if recording is not None and how is not None:
                    recording.add(found, read, latent, how.shared)
                    continue
                if baseline is not None and found:
                    path = found[0].location.path
                    found, recorded = baseline.split(path, found, read(path), exists)
                    kept += len(recorded)
                output.add(found, quiet)
                del found, quiet  # not held while the next file is checked
            if checking is not None:
                checking.finish()
            if recording is not None:
                # Names no check judged, in files the parser could read only in part.
                recording.add_unread_of(store, read, lambda path: _selected(path, selection))
        if recording is not None:
            try:
                write_baseline(baseline_path, recording)
            except OSError as exc:
                raise InputError(f"cannot write the baseline {baseline_path}: {exc}") from None
            latent_names = sum(sum(keys.values()) for keys in recording.latent.values())
            beside = (
                f" (and {latent_names} names not reported yet that a change elsewhere could"
                " make findings: they depart from a convention most of the code follows but"
                " not enough of it, follow a folder's own style a few names could undo, or"
                " are left alone as names several files share)"
                if latent_names
                else ""
            )
            print(
                f"steering check: recorded {_findings(len(recording))}{beside} in"
                f" {baseline_path}; commit it, and later checks report only new drift",
                file=sys.stderr,
            )
            return EXIT_OK
    except (InputError, BaselineError) as exc:
        print(f"steering check: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    output.finish()
    if kept:
        print(
            f"steering check: {_findings(kept)} recorded in {baseline_path} left out"
            " (--no-baseline shows them)",
            file=sys.stderr,
        )
    if (
        baseline is not None
        and (
            gone := baseline.count_where(lambda path: _selected(path, selection)) - baseline.matched
        )
        > 0
    ):
        print(
            f"steering check: {_findings(gone)} recorded in {baseline_path} no longer"
            " found (fixed, or renamed); `steering check --write-baseline` drops them",
            file=sys.stderr,
        )
    return EXIT_FINDINGS if output.count else EXIT_OK
