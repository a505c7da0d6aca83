"""Session: one workspace's engine, with every operation the editor and the terminal use.

Rules at a path, findings, hover facts, rename spans, an outline, the focused context and
its preview, and `propose_edit` (context, checks, the model ladder, the record of every
call) live here once. The language server and the `steering` CLI call this object and
convert its answers; neither runs a workflow of its own.

CPU work (loading rules, indexing, inferring conventions, extracting a buffer) runs in
worker threads; results are swapped in as whole immutable values, so a request served
while indexing runs reads a consistent snapshot of what is known so far. Settings are not
copied in: every session reads them through the `settings` callable its front end gives,
so a change made once is seen by every workspace folder.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from steering_index import rules as rules_mod
from steering_index.actions import (
    DEFAULT_TASK,
    PREVIEW_TASK,
    REDO_REASON,
    REWRITE_TASK,
    Action,
    Instruction,
    fix_task,
    instruction_comments,
    shortened,
)
from steering_index.conventions import infer as conventions_mod
from steering_index.conventions.baseline import (
    DEFAULT_BASELINE,
    Baseline,
    BaselineError,
    latent_finding,
    read_baseline,
    write_baseline,
)
from steering_index.conventions.checks import SOURCE as CONVENTIONS_SOURCE
from steering_index.conventions.checks import Suppression, is_file_level, suppression_for
from steering_index.conventions.infer import ConventionSettings
from steering_index.conventions.libraries import (
    WORKSPACE_LIBRARIES,
    LibraryTable,
    workspace_library_table,
)
from steering_index.conventions.project import NO_PROJECT, ProjectFacts
from steering_index.conventions.related import with_rules_saying_so
from steering_index.index.extract import extract
from steering_index.index.files import text_reader, workspace_exists
from steering_index.index.indexer import Indexer, IndexSettings, IndexSummary
from steering_index.index.languages import language_for_path, language_of
from steering_index.index.lines import parser_bytes, split_lines
from steering_index.index.watch import IndexWatcher, WatchError
from steering_index.llm.prompts import PriorAttempt
from steering_index.llm.tiers import LadderSettings, Models, Tier, resolve_credentials
from steering_index.llm.usage import CallTotals, totals_of
from steering_index.llm.validate import EditChecks, edit_checks_for
from steering_index.model import (
    Applicability,
    Convention,
    FileExtract,
    Finding,
    FocusedContext,
    LineRange,
    ModelCall,
    Rule,
    Span,
    Symbol,
    references_where,
)
from steering_index.retrieval.context import (
    ContextRefused,
    RetrievalSettings,
    RetrievalSources,
    build_context,
)
from steering_index.review.engine import SOURCE as REVIEW_SOURCE
from steering_index.review.engine import Finding as ReviewFinding
from steering_index.review.pipeline import (
    DocumentReview,
    ReviewSettings,
    review_cache_path,
    review_document,
)
from steering_index.review.reviewed import Reviewed
from steering_index.rules import RuleSet, most_specific_first
from steering_index.rules.findings import SOURCE as RULES_SOURCE
from steering_index.store import IndexStore, default_db_path, is_corruption
from steering_index.strategies.lessons import Lessons
from steering_index.strategies.routing import TierChoice, choose_tier

if TYPE_CHECKING:
    from steering_index.llm.client import Progress as StreamProgress
    from steering_index.llm.ladder import ActionOutcome
    from steering_index.strategies.writing import StrategyRequest, WriteOutcome

log = logging.getLogger(__name__)

__all__ = [
    "CONVENTIONS_SOURCE",
    "DEFAULT_BASELINE",
    "DEFAULT_TASK",
    "PREVIEW_TASK",
    "REDO_REASON",
    "REVIEW_SOURCE",
    "REWRITE_TASK",
    "RULES_SOURCE",
    "Action",
    "BaselineError",
    "Buffer",
    "CallTotals",
    "CodeHover",
    "ContextRefused",
    "ConventionSettings",
    "DocumentReview",
    "EditProposal",
    "EditRequest",
    "EngineSettings",
    "IndexSettings",
    "IndexSummary",
    "Instruction",
    "LadderSettings",
    "Models",
    "PriorAttempt",
    "Rename",
    "RequestPreview",
    "RetrievalSettings",
    "ReviewFinding",
    "ReviewSettings",
    "RuleHover",
    "Session",
    "Suppression",
    "Tier",
    "WatchError",
    "fix_task",
    "is_file_level",
    "most_specific_first",
    "shortened",
    "suppression_for",
    "totals_of",
]

Progress = Callable[[int, int], None]


@dataclass(frozen=True, slots=True)
class EngineSettings:
    """The engine's settings, one group per part: held once by a front end, read by every
    session."""

    ladder: LadderSettings = field(default_factory=LadderSettings)
    retrieval: RetrievalSettings = field(default_factory=RetrievalSettings)
    conventions: ConventionSettings = field(default_factory=ConventionSettings)
    index: IndexSettings = field(default_factory=IndexSettings)
    index_path: str | None = None  # None: the user's cache directory
    review: ReviewSettings = field(default_factory=ReviewSettings)


@dataclass(frozen=True, slots=True)
class Buffer:
    """An open document: its text is the truth for its file while it is open."""

    path: str
    version: int
    text: str
    extract: FileExtract | None


@dataclass(frozen=True, slots=True)
class CodeHover:
    """What hover says about a spot in a code file; the front end words it."""

    applicable: list[Applicability]  # every rule's answer for the file, in resolver order
    symbol: Symbol | None
    left_alone: str | None  # why no convention judges the symbol, when none does
    bearing: list[tuple[Convention, bool]]  # conventions judging the symbol; conforms?
    findings: list[Finding]  # findings on the cursor's line
    written_by: list[ModelCall]  # applied model edits holding the line


@dataclass(frozen=True, slots=True)
class RuleHover:
    """What hover says about a line of a steering file."""

    rule: Rule | None
    governed: list[str]  # indexed files the rule applies to
    findings: list[Finding]  # lint findings on the line


@dataclass(frozen=True, slots=True)
class EditRequest:
    """A model action on lines of a file's text (the open buffer's, or the file's)."""

    path: str
    lines: LineRange
    task: str
    text: str
    tier: Tier = Tier.SMALL
    action: Action = Action.EDIT
    prior: PriorAttempt | None = None
    # The `auto` tier: pick the tier from the task and target (`strategies/routing.py`);
    # `tier` is then ignored and the proposal says which tier and why.
    route: bool = False


@dataclass(frozen=True, slots=True)
class Rename:
    """A convention's rename of one name: the name as written and as the convention spells it."""

    name: str
    replacement: str


@dataclass(frozen=True, slots=True)
class RequestPreview:
    """The request a model would get, for a person (`text`) and for a program (`data`)."""

    text: str
    data: dict[str, Any]
    tokens: int


@dataclass(frozen=True, slots=True)
class EditProposal:
    """What `propose_edit` came to.

    status: `proposed` (`outcome.new_file_text` is the file to write), `no-key` (no model
    is set up), `refused` (no context can be built: a secret file, a range out of the
    file), `rejected` (no acceptable answer) or `error` (the model could not be reached).
    """

    status: str
    message: str
    context: FocusedContext | None = None
    outcome: ActionOutcome | None = None
    route: TierChoice | None = None  # the `auto` tier's choice and its reason


@dataclass(frozen=True, slots=True)
class Knowledge:
    """What a session knows of its folder, published whole: a request that reads it once
    sees rules, library table and conventions of one moment, never a mix."""

    ruleset: RuleSet
    # The shipped library table with the workspace's own additions; what is wrong with
    # those is said once, by the front end, and the rest stays in force.
    libraries: LibraryTable
    library_problems: tuple[str, ...] = ()
    conventions: tuple[Convention, ...] = ()
    # What the project declares (packages, runners, linter settings, written rules), read
    # with the conventions they shape.
    project: ProjectFacts = NO_PROJECT


@dataclass(frozen=True, slots=True)
class _Checked:
    """An open buffer's findings and what they were worked out from."""

    extract: FileExtract
    known: Knowledge
    settings: ConventionSettings
    content: str | None
    findings: tuple[Finding, ...]
    baseline: Baseline | None = None  # the one that left findings out (by identity)


class Session:
    """Everything the engine knows about one workspace folder."""

    def __init__(
        self,
        root: Path,
        settings: Callable[[], EngineSettings],
        rules_near: Sequence[str] | None = None,
        record_wait_s: float | None = None,
    ) -> None:
        """With `rules_near` (workspace-relative folders; `()` for the root alone), only the
        rules bearing on files there are loaded, without walking the workspace: an editor
        answers from them at once and calls `reload_rules` for the rest. Other paths are
        taken in as they are asked about (`_known_for`).

        `record_wait_s`: how long recording a model call waits for another program's
        lock on the ledger before the call is kept for later (see `record_call`); None, the
        busy timeout (30 s), for a one-shot command that cannot record later."""
        self.root = root.resolve()
        self._settings = settings
        libraries, problems = workspace_library_table(self.root)
        ruleset = rules_mod.load_rules(self.root, near=rules_near)
        self.known = Knowledge(ruleset, libraries, tuple(problems))
        self._publishing = threading.Lock()  # one writer at a time replaces `known`
        # The folders the rules were loaded for while the whole workspace's are not known
        # yet (None once they are), and the lock that orders the loads publishing rules.
        self._rules_near: frozenset[str] | None = (
            None if rules_near is None else frozenset(rules_near) | {""}
        )
        self._loading_rules = threading.Lock()
        self.store: IndexStore | None = None
        self.indexer: Indexer | None = None
        self.buffers: dict[str, Buffer] = {}
        # Findings per open buffer, for as long as its extract, its text and what the
        # session knows stand: hover and diagnostics ask for them on every request.
        self._buffer_findings: dict[str, _Checked] = {}
        self.cancel_indexing = threading.Event()
        self._idle = threading.Event()  # clear while a full build runs
        self._idle.set()
        self.watcher: IndexWatcher | None = None
        # Escalations a strategy can be learned from ("Save what worked as a strategy").
        self.lessons = Lessons()
        # Model calls the ledger could not take yet (see `record_call`), oldest first.
        self._unrecorded: list[ModelCall] = []
        self._recording = threading.Lock()
        self._record_wait_s = record_wait_s
        # The baseline as last read: (its file's mtime and size, it, why it is unusable).
        self._baseline: tuple[tuple[int, int] | None, Baseline | None, str] = (None, None, "")

    def _publish(self, change: Callable[[Knowledge], Knowledge]) -> Knowledge:
        with self._publishing:
            self.known = change(self.known)
            return self.known

    @property
    def ruleset(self) -> RuleSet:
        return self.known.ruleset

    @property
    def libraries(self) -> LibraryTable:
        return self.known.libraries

    @property
    def library_problems(self) -> list[str]:
        return list(self.known.library_problems)

    @property
    def conventions(self) -> tuple[Convention, ...]:
        return self.known.conventions

    @property
    def indexed(self) -> bool:
        """Whether the index is open and no full build is running (what is known is whole)."""
        return self.store is not None and self._idle.is_set()

    @property
    def settings(self) -> EngineSettings:
        """The front end's settings as they are now (never a copy of old ones)."""
        return self._settings()

    # --- paths ------------------------------------------------------------------------

    def relative(self, path: Path) -> str | None:
        try:
            return path.resolve().relative_to(self.root).as_posix()
        except (ValueError, OSError):
            return None

    # --- index ------------------------------------------------------------------------

    def db_path(self) -> Path:
        if self.settings.index_path:
            configured = Path(self.settings.index_path).expanduser()
            return configured if configured.is_absolute() else self.root / configured
        return default_db_path(self.root)

    def open_index(self, discard: str | None = None) -> None:
        """Open (or create) the index; runs in a worker thread."""
        self.use_store(IndexStore.open(self.db_path(), discard=discard))

    def use_store(self, store: IndexStore, indexer: Indexer | None = None) -> None:
        """Read and write `store` (an index the caller opened, or `open_index`'s)."""
        self.store = store
        self.store.replace_rules(self.ruleset.rules)  # BM25 ranks description-decided rules
        self.indexer = indexer or Indexer(self.root, self.store, self.settings.index)
        if self.indexer.reread_note is not None:
            log.info("%s", self.indexer.reread_note)

    def build_index(self, progress: Progress | None) -> IndexSummary | None:
        """Full scan (cold build or catch-up); runs in a worker thread.

        An index found damaged on the way is thrown away and built again, never trusted.
        """
        self._idle.clear()
        try:
            return self._build_index(progress)
        finally:
            self._idle.set()

    def _build_index(self, progress: Progress | None) -> IndexSummary | None:
        if self.indexer is None:
            self.open_index()
        assert self.indexer is not None and self.store is not None
        try:
            summary = self.indexer.build(progress=progress, cancel=self.cancel_indexing)
        except sqlite3.DatabaseError as exc:
            if not is_corruption(exc):
                raise
            log.warning("index damaged while building (%s); rebuilding", exc)
            self.store.close()
            self.open_index(discard=f"the index is corrupt ({exc})")
            assert self.indexer is not None
            summary = self.indexer.build(progress=progress, cancel=self.cancel_indexing)
        self.refresh_conventions()
        return summary

    def apply_changes(self, paths: set[str]) -> list[str]:
        """Re-stat changed paths from the file system; runs in a worker thread. Returns what
        is wrong with the workspace's library table if it was among them (to be shown)."""
        problems: list[str] = []
        if WORKSPACE_LIBRARIES in paths:
            table, found = workspace_library_table(self.root)
            self._publish(lambda k: replace(k, libraries=table, library_problems=tuple(found)))
            problems = found
        if self.indexer is None:
            return problems
        on_disk = {p for p in paths if p not in self.buffers}
        if on_disk:
            self.indexer.apply_changes(on_disk)
            self.refresh_conventions()
        if any(rules_mod.is_steering_file(p) for p in paths):
            self.reload_rules()
        return problems

    def convention_settings(self) -> ConventionSettings:
        return self.settings.conventions

    def refresh_conventions(self) -> None:
        if self.store is None:
            return
        store, settings = self.store, self.convention_settings()
        with self._publishing:  # inferred against the table it is then published with
            facts = conventions_mod.workspace_facts(store, self.root)
            found = conventions_mod.workspace_conventions(
                store, settings, self.libraries, project=facts
            )
            self.known = replace(self.known, conventions=tuple(found), project=facts)

    def reload_rules(self) -> None:
        """Load every steering file of the workspace (one walk of it); runs in a worker
        thread."""
        ruleset = rules_mod.load_rules(self.root)
        with self._loading_rules:
            self._rules_near = None
            self._publish(lambda k: replace(k, ruleset=ruleset))
        if self.store is not None:
            self.store.replace_rules(self.ruleset.rules)

    def _known_for(self, path: str) -> Knowledge:
        """What is known, with the rules bearing on `path` among it: while only the rules
        of some folders are loaded, those of `path`'s folder are added (a few folder
        listings, never a walk of the workspace)."""
        near = self._rules_near
        folder = path.rpartition("/")[0]
        if near is None or folder in near:
            return self.known
        with self._loading_rules:
            near = self._rules_near
            if near is not None and folder not in near:
                ruleset = rules_mod.load_rules(self.root, near=sorted(near | {folder}))
                self._rules_near = near | {folder}
                self._publish(lambda k: replace(k, ruleset=ruleset))
        return self.known

    # --- buffers ----------------------------------------------------------------------

    def update_buffer(self, path: str, version: int, text: str) -> Buffer:
        """Re-extract an open buffer; runs in a worker thread."""
        self._known_for(path)
        data = text.encode("utf-8")
        language = language_of(path, data)  # a C++ `.h` header, a script by its shebang
        file_extract: FileExtract | None = None
        if language is not None and not self.too_large(text):
            if self.indexer is not None:
                file_extract = self.indexer.update_file(path, data)
            else:
                file_extract = extract(path, data, language)
        buffer = Buffer(path=path, version=version, text=text, extract=file_extract)
        newer = self.buffers.get(path)
        if newer is not None and newer.version > version:
            return newer  # a request brought a later text up to date meanwhile
        self.buffers[path] = buffer
        if rules_mod.is_steering_file(path):
            self.reload_rules()
        return buffer

    def current_buffer(self, path: str, version: int, text: str) -> None:
        """Bring an open buffer's extract up to `text` now, not after the debounce: a request
        answers about the text it was asked about (the last extract read against newer text
        puts every name and finding in the wrong place). Runs in a worker thread."""
        self._known_for(path)
        buffer = self.buffers.get(path)
        if buffer is None or buffer.version >= version or buffer.text == text:
            return
        self.update_buffer(path, version, text)

    def too_large(self, text: str) -> bool:
        """Buffers over `maxFileBytes` are not extracted, as such files are not indexed."""
        return len(text) > self.settings.index.max_file_bytes  # characters: a cheap lower bound

    def close_buffer(self, path: str) -> None:
        """The disk is the truth again for a closed file."""
        self.buffers.pop(path, None)
        self._buffer_findings.pop(path, None)
        if self.indexer is not None:
            self.indexer.close_buffer(path)

    def extract_for(self, path: str) -> FileExtract | None:
        buffer = self.buffers.get(path)
        if buffer is not None:
            return buffer.extract
        return self.store.extract_for(path) if self.store is not None else None

    # --- answers ----------------------------------------------------------------------

    def _text_of_extract(self, path: str) -> Callable[[str], bytes | None]:
        """What the conventions read of a workspace file's text (how a file uses its private
        methods, whether its folder is a package): the open buffer `path`'s extract came
        from, else the file on disk."""
        disk = text_reader(self.root)
        buffer = self.buffers.get(path)
        if buffer is None:
            return disk
        data = buffer.text.encode("utf-8")
        return lambda wanted: data if wanted == path else disk(wanted)

    def baseline(self) -> Baseline | None:
        """The workspace's baseline (`.steering/baseline.json`): findings the team recorded
        as kept, which diagnostics leave out. Read again when the file changes; None when
        there is none, or when it cannot be read (`baseline_problem` says why)."""
        path = self.root / DEFAULT_BASELINE
        try:
            stat = path.stat()
        except OSError:
            self._baseline = (None, None, "")
            return None
        stamp = (stat.st_mtime_ns, stat.st_size)
        if self._baseline[0] != stamp:
            try:
                self._baseline = (stamp, read_baseline(path), "")
            except BaselineError as exc:
                log.warning("steering: %s", exc)
                self._baseline = (stamp, None, str(exc))
        return self._baseline[1]

    def baseline_problem(self) -> str:
        """Why the workspace's baseline cannot be used, or "" (none, or a good one)."""
        self.baseline()
        return self._baseline[2]

    def findings_for(self, path: str, content: str | None = None) -> list[Finding]:
        """Convention drift in a code file, or lint findings in a steering file. `content`
        is the file's text when the caller has it (regex-scoped rules read it)."""
        return self._findings(self._known_for(path), path, content)

    def _findings(self, known: Knowledge, path: str, content: str | None) -> list[Finding]:
        if rules_mod.is_steering_file(path):
            return [f for f in self._rule_findings(known) if f.location.path == path]
        file_extract = self.extract_for(path)
        if file_extract is None or not known.conventions:
            return []
        settings = self.convention_settings()
        if content is None and path in self.buffers:
            content = self.buffers[path].text
        baseline = self.baseline()
        # A new extract, text, knowledge or baseline (by identity), other settings: check again.
        cached = self._buffer_findings.get(path)
        if (
            cached is not None
            and cached.extract is file_extract
            and cached.known is known
            and cached.settings == settings
            and cached.content == content
            and cached.baseline is baseline
        ):
            return list(cached.findings)
        public_api = baseline is not None and baseline.public_api
        findings = self._drift(
            known,
            file_extract,
            settings,
            public_api,
            recorded=baseline.records_name if baseline is not None else None,
        )
        if baseline is not None and findings:
            data = content.encode("utf-8") if content is not None else None
            findings, _recorded = baseline.split(
                path,
                findings,
                data if data is not None else self._text_of_extract(path)(path),
                workspace_exists(self.root),
            )
        findings = self._with_rules_saying_so(known, path, findings, content)
        if path in self.buffers:  # a store read gives a new extract every time: no point
            checked = _Checked(file_extract, known, settings, content, tuple(findings), baseline)
            self._buffer_findings[path] = checked
        return list(findings)

    def _drift(
        self,
        known: Knowledge,
        file_extract: FileExtract,
        settings: ConventionSettings,
        public_api: bool,
        conventions: Sequence[Convention] | None = None,
        recorded: Callable[[str, str], bool] | None = None,
    ) -> list[Finding]:
        """Every drift finding of a code file, recorded in the baseline or not; of public
        API too with `public_api` (as for `check_file`); judged by `conventions` when given
        (a baseline's, with latent ones strong) instead of the workspace's; with `recorded`
        (a baseline's `records_name`), a name written as its class's recorded names is
        not one."""
        return conventions_mod.check_file(
            file_extract,
            known.conventions if conventions is None else conventions,
            settings,
            known.libraries,
            project=known.project,
            read=self._text_of_extract(file_extract.path),
            public_api=public_api,
            recorded=recorded,
        )

    def record_baseline(
        self, paths: Sequence[str] | None = None, progress: Progress | None = None
    ) -> tuple[Path, int]:
        """Record the drift findings there are now in the workspace's baseline, as
        `steering check --write-baseline [PATHS]` does: of `paths` only, keeping what the
        baseline holds for the other files, or of every indexed file. An open document is
        checked as it is shown. Returns the baseline's file and how many findings it holds.
        Raises `BaselineError` when the baseline to add to cannot be read, `OSError` when
        it cannot be written (the old file is then left as it was)."""
        target = self.root / DEFAULT_BASELINE
        recording = Baseline()
        if paths is not None and target.exists():
            recording = read_baseline(target)
            for path in paths:
                recording.forget(path)
        if paths is None:
            paths = [] if self.store is None else list(self.store.indexed_paths())
        settings = self.convention_settings()
        # The conventions with their latent ones strong, once each time they change.
        Strengthened = tuple[object, conventions_mod.Recording]
        strengthened: dict[int, Strengthened] = {}
        for done, path in enumerate(paths, 1):
            file_extract = None if rules_mod.is_steering_file(path) else self.extract_for(path)
            known = self._known_for(path)
            if file_extract is not None and known.conventions and self.store is not None:
                # Latent names too: those departing from a convention a majority follows,
                # or a subtree's a change could make, and those left alone for what is
                # elsewhere in the workspace. Keyed by the tuple's identity, which
                # the entry keeps alive.
                entry = strengthened.get(id(known.conventions))
                if entry is None or entry[0] is not known.conventions:
                    entry = (
                        known.conventions,
                        conventions_mod.recording_conventions(
                            self.store, list(known.conventions), settings, known.libraries,
                            known.project,
                        ),
                    )  # fmt: skip
                    strengthened[id(known.conventions)] = entry
                recorded = entry[1]
                judge = partial(self._drift, known, file_extract, settings, recording.public_api)
                read = self._text_of_extract(path)
                recording.add(
                    conventions_mod.recorded_findings(path, recorded, judge),
                    read,
                    latent_finding(recorded.latent_ids),
                    recorded.shared,
                )
                # Names no check judged, where the parser could read the file only in part.
                recording.add_unread(file_extract, read(path))
            if progress is not None:
                progress(done, len(paths))
        write_baseline(target, recording)
        self.baseline()  # read back at once: the diagnostics that follow leave them out
        return target, len(recording)

    def _with_rules_saying_so(
        self, known: Knowledge, path: str, findings: list[Finding], content: str | None
    ) -> list[Finding]:
        """Each drift finding linked to the rules applying to this file that name its
        convention; with the file's `content`, so that a regex-scoped rule is judged as
        hover judges it."""
        if not findings:
            return findings
        answers = rules_mod.applicable_rules(known.ruleset, path, content=content)
        rules = [a.rule for a in answers if a.applies]
        return with_rules_saying_so(findings, known.conventions, rules)

    def rule_findings(self) -> list[Finding]:
        return self._rule_findings(self.known)

    def _rule_findings(self, known: Knowledge) -> list[Finding]:
        if not known.ruleset.complete:
            # What reading each steering file found is known; what judges them against the
            # whole workspace (globs matching no file, drifted copies) waits for it.
            found = dict.fromkeys(known.ruleset.findings)
            return sorted(found, key=lambda f: (f.location.path, f.location.lines.first, f.code))
        if self.store is not None:
            return rules_mod.lint_rules(known.ruleset, [row.path for row in self.store.files()])
        return rules_mod.lint_rules(known.ruleset, known.ruleset.files)

    def rules_for(self, path: str, content: str | None = None) -> list[Applicability]:
        """Every rule's answer for `path`: those applying first, weakest to strongest."""
        return rules_mod.applicable_rules(self._known_for(path).ruleset, path, content=content)

    def build_context(self, path: str, lines: LineRange, task: str, text: str) -> FocusedContext:
        """The focused context for lines of a file's text; runs in a worker thread.
        Raises ContextRefused (a secret file, lines out of the file)."""
        self._known_for(path)
        return build_context(
            self.retrieval_workspace(), path, lines, task, self.settings.retrieval, text=text
        )

    def preview(self, context: FocusedContext, full: bool = True) -> RequestPreview:
        """The request the small tier would get for `context`, redacted as it would be sent."""
        from steering_index.llm.preview import context_json, context_text
        from steering_index.llm.prompts import build_request

        settings = self.settings.ladder
        model = settings.model_for(Tier.SMALL)
        minimum = settings.min_cache_tokens_for(model)
        request = build_request(context, model, settings.max_output_tokens, minimum)
        sent, redactions = request.redacted()
        return RequestPreview(
            text=context_text(context, sent, redactions, minimum, full=full),
            data=context_json(context, sent, redactions, minimum),
            tokens=sent.tokens,
        )

    def edit_checks(self, path: str) -> EditChecks:
        extract = self.extract_for(path)  # its language: a `.h` header may be C++
        language = extract.language if extract is not None else language_for_path(path)
        return edit_checks_for(path, language, self.conventions)

    async def propose_edit(
        self,
        request: EditRequest,
        on_progress: Callable[[StreamProgress], None] | None = None,
    ) -> EditProposal:
        """The one model workflow: the focused context, the checks an answer must pass, the
        ladder of tiers, every call recorded. Nothing is written: the front end applies a
        proposal its own way (a versioned editor edit, a file written if unchanged)."""
        from steering_index.llm.ladder import run_ladder
        from steering_index.llm.tiers import no_credentials_message

        settings = self.settings.ladder
        if not resolve_credentials(settings).usable:
            return EditProposal("no-key", no_credentials_message(settings))
        try:
            context = await asyncio.to_thread(
                self.build_context, request.path, request.lines, request.task, request.text
            )
        except ContextRefused as exc:
            return EditProposal("refused", str(exc))
        checks = await asyncio.to_thread(self.edit_checks, request.path)
        route = choose_tier(context) if request.route else None
        outcome = await run_ladder(
            context,
            request.text,
            settings,
            checks,
            tier=route.tier if route is not None else request.tier,
            prior=request.prior,
            recorder=self.record_call,
            on_progress=on_progress,
            action=request.action.value,
        )
        self.lessons.note(context, outcome, request.prior)
        if outcome.status == "proposed" and outcome.new_file_text is not None:
            status = "proposed"
        else:
            status = "error" if outcome.status == "error" else "rejected"
        return EditProposal(status, outcome.message, context, outcome, route)

    def record_call(self, call: ModelCall) -> int | None:
        """Record a model call in the ledger; returns its id. Blocks on the disk: the ladder
        runs it in a worker thread.

        A ledger that cannot be written now (another program holds its write lock past
        SQLite's busy timeout, the disk is full) never costs the user the answer they paid
        for: the call is kept, written ahead of the next one that can be, and None is
        returned, so the action goes on and its edit is applied all the same."""
        if self.store is None:
            return None
        with self._recording:
            self._unrecorded.append(call)
            return self._record_kept(call, self._record_wait_s)

    def _record_kept(self, call: ModelCall | None, wait_s: float | None) -> int | None:
        """Write the kept calls, oldest first; `call`'s id when it got written."""
        assert self.store is not None
        recorded: int | None = None
        while self._unrecorded:
            head = self._unrecorded[0]
            try:
                row = self.store.record_model_call(head, wait_s)
            except (sqlite3.Error, OSError) as exc:
                log.warning(
                    "%d model call(s) not recorded yet (%s); kept to record with the next",
                    len(self._unrecorded),
                    exc,
                )
                return None
            self._unrecorded.pop(0)
            if head is call:
                recorded = row
        return recorded

    async def review(self, path: str, text: str, lines: LineRange | None = None) -> DocumentReview:
        """`text` of `path` reviewed by the small reviewers the settings name: the whole
        text, or only `lines` (shown with a few lines around them; findings elsewhere are
        left out). Cached beside the index; every call is recorded in the ledger."""
        target = Reviewed(path, text) if lines is None else Reviewed.change(path, text, (lines,))
        settings = self.settings
        return await review_document(
            self.retrieval_workspace(),
            target,
            settings.review,
            settings.ladder,
            self.record_call,
            review_cache_path(self.db_path()),
        )

    def mark_applied(self, outcome: ActionOutcome, lines: LineRange) -> None:
        """Record that the accepted call's edit is in the document now, where and as what
        text (hover provenance, "Redo with the frontier model"); by the call's id."""
        if self.store is None or not outcome.calls or outcome.calls[-1].id is None:
            return
        new_lines = max(1, (outcome.new_text or "").count("\n"))
        self.store.ledger.set_outcome(
            outcome.calls[-1].id,
            "applied",
            LineRange(lines.first, lines.first + new_lines - 1),
            followed=outcome.rule_ids_followed,
            applied_text=outcome.new_text,
        )

    def model_call(self, call_id: int) -> ModelCall | None:
        return None if self.store is None else self.store.ledger.call(call_id)

    def applied_calls(self, path: str) -> list[ModelCall]:
        """The recorded calls whose edit was applied to `path`, oldest first."""
        if self.store is None:
            return []
        return [c for c in self.store.model_calls(path=path) if c.outcome == "applied"]

    def redo_candidate(self, path: str, text: str, lines: LineRange) -> ModelCall | None:
        """The newest edit a smaller model made to `path` touching `lines`, while `text`
        still holds it as it was applied: what "Redo with the frontier model" starts from."""
        return self._applied_here(path, text, lines, lambda call: call.tier != Tier.FRONTIER)

    def lesson_candidate(self, path: str, text: str, lines: LineRange) -> ModelCall | None:
        """The newest frontier edit to `path` touching `lines`, still as applied, that this
        session saw succeed where the small tier failed: what "Save what worked as a
        strategy" writes from."""

        def taught(call: ModelCall) -> bool:
            return call.id is not None and self.lessons.for_call(call.id) is not None

        return self._applied_here(path, text, lines, taught)

    def _applied_here(
        self, path: str, text: str, lines: LineRange, wanted: Callable[[ModelCall], bool]
    ) -> ModelCall | None:
        document_lines = split_lines(text, keepends=True)
        for call in reversed(self.applied_calls(path)):
            where = call.lines
            if not wanted(call) or call.applied_text is None or call.id is None:
                continue
            if where is None or where.last < lines.first or where.first > lines.last:
                continue
            applied = call.applied_text
            applied = applied if applied.endswith("\n") else applied + "\n"
            if "".join(document_lines[where.first - 1 : where.last]) == applied:
                return call
        return None

    # --- strategies -------------------------------------------------------------------

    def strategy_request(self, call_id: int) -> StrategyRequest | None:
        """The request that writes a strategy from the lesson frontier call `call_id` made;
        None when this session saw no such lesson."""
        from steering_index.strategies.writing import lesson_request

        lesson = self.lessons.for_call(call_id)
        if lesson is None:
            return None
        return lesson_request(lesson, self.settings.ladder.model_for(Tier.FRONTIER))

    def strategy_cost(self, call_id: int) -> float | None:
        """The most writing that strategy can cost (None: no lesson, or no price known)."""
        from steering_index.strategies.writing import worst_case_cost

        request = self.strategy_request(call_id)
        return None if request is None else worst_case_cost(request, self.settings.ladder)

    async def save_strategy(self, call_id: int, max_cost_usd: float) -> WriteOutcome:
        """Ask the frontier tier for a strategy from the lesson of call `call_id`, within
        `max_cost_usd` at worst, and write it as a new file for review."""
        from steering_index.strategies.writing import WriteOutcome, send_for_strategies

        request = self.strategy_request(call_id)
        if request is None:
            return WriteOutcome(
                "refused",
                "no escalation to learn from is known for that edit in this session",
            )
        settings = self.settings.ladder
        outcome = await send_for_strategies(
            request,
            self.root,
            settings,
            resolve_credentials(settings),
            max_cost_usd=max_cost_usd,
            recorder=self.record_call,
        )
        if outcome.status == "written":
            self.lessons.forget(call_id)
        return outcome

    def prior_attempt(self, call_id: int, reason: str = "") -> PriorAttempt | None:
        """Recorded call `call_id` as the attempt a redo starts from; None unless it is
        recorded here and its edit was applied."""
        call = self.model_call(call_id)
        if call is None or call.applied_text is None:
            return None
        return PriorAttempt(
            tier=call.tier,
            model=call.model,
            new_text=call.applied_text,
            problems=(),
            reason=reason or REDO_REASON,
        )

    # --- hover ------------------------------------------------------------------------

    def code_hover(self, path: str, text: str, offset: int) -> CodeHover:
        """Facts about byte `offset` of a code file's `text`; runs in a worker thread. Rules,
        conventions and findings are read from one `Knowledge`, never a mix of two."""
        known = self._known_for(path)
        line = parser_bytes(text.encode("utf-8")[:offset]).count(b"\n") + 1  # parser rows
        symbol, reason, bearing = self._conventions_at(known, path, offset)
        found = self._findings(known, path, text)
        findings = [f for f in found if f.location.lines.contains(line)]
        return CodeHover(
            applicable=rules_mod.applicable_rules(known.ruleset, path, content=text),
            symbol=symbol,
            left_alone=reason,
            bearing=bearing,
            findings=findings,
            written_by=self._written_by(path, line),
        )

    def _conventions_at(
        self, known: Knowledge, path: str, offset: int
    ) -> tuple[Symbol | None, str | None, list[tuple[Convention, bool]]]:
        file_extract = self.extract_for(path)
        # The extract's language: a `.h` header may be C++ by what it holds.
        language = file_extract.language if file_extract is not None else None
        conventions = known.conventions
        if language is None or not conventions or file_extract is None:
            return None, None, []
        # The extract already holds every definition's name span: no parsing per hover.
        symbol = next(
            (
                s
                for s in file_extract.symbols
                if s.name_span.start_byte <= offset <= s.name_span.end_byte
            ),
            None,
        )
        if symbol is None:
            return None, None, []
        # The whole extract, as the checks judge a name (its file's facts).
        read = self._text_of_extract(path)
        project = known.project
        reason = conventions_mod.left_alone(
            symbol, path, language, conventions, file_extract, read, project
        )
        if reason is not None:
            return symbol, reason, []
        bearing = conventions_mod.conventions_for_symbol(
            symbol, path, language, conventions, file_extract, read, project
        )
        return symbol, None, list(bearing)

    def _written_by(self, path: str, line: int) -> list[ModelCall]:
        if self.store is None:
            return []
        return [
            call
            for call in self.store.model_calls(path=path)
            if call.outcome == "applied" and call.lines is not None and call.lines.contains(line)
        ]

    def rule_hover(self, path: str, line: int) -> RuleHover:
        """Facts about 1-based `line` of a steering file, from one `Knowledge`."""
        known = self._known_for(path)
        rule = next(
            (
                r
                for r in known.ruleset.rules
                if path in (r.source, *r.sources) and r.lines.contains(line)
            ),
            None,
        )
        findings = [
            f
            for f in self._rule_findings(known)
            if f.location.path == path and f.location.lines.contains(line)
        ]
        governed: list[str] = []
        if rule is not None:
            files = [row.path for row in self.store.files()] if self.store is not None else []
            governed = rules_mod.files_governed(known.ruleset, rule, files)
        return RuleHover(rule, governed, findings)

    def is_steering_file(self, path: str) -> bool:
        return rules_mod.is_steering_file(path)

    def rule_titles(self) -> dict[tuple[str, int], str]:
        """Each rule's title by (file, first line): how a related location is named."""
        return {(rule.source, rule.lines.first): rule.title for rule in self.ruleset.rules}

    # --- edits without a model ----------------------------------------------------------

    def suppression(self, path: str, code: str, text: str, line: int) -> Suppression | None:
        """The comment accepting a finding with `code` on 0-based `line` of `text`."""
        language = language_of(path, text.encode("utf-8"))
        if language is None:
            return None
        return suppression_for(code, language, split_lines(text), line)

    def instructions(self, path: str, marker: str, lines: LineRange) -> list[Instruction]:
        """The instruction comments (ending with `marker`) touching `lines` of `path`."""
        file_extract = self.extract_for(path)
        if file_extract is None:
            return []
        return instruction_comments(file_extract.comments, marker, lines)

    def outline(self, path: str, text: str) -> Sequence[Symbol] | None:
        """The definitions of `text`: the open buffer's extract when it was made from this
        very text, else a fresh extract (an outline of older text would put every range in
        the wrong place). None for a file in no indexed language. Runs in a worker thread."""
        data = text.encode("utf-8")
        language = language_of(path, data)
        if language is None or self.too_large(text):
            return None
        buffer = self.buffers.get(path)
        if buffer is not None and buffer.text == text and buffer.extract is not None:
            return buffer.extract.symbols
        return extract(path, data, language).symbols

    def rename_for(self, path: str, text: str, code: str, start_byte: int) -> Rename | None:
        """The mechanical fix of the finding `code` whose name starts at byte `start_byte` of
        `text`, as the findings of this text have it now (not as a client remembers them);
        None when no such finding stands, it has no fix, or renaming is not safe."""
        finding = next(
            (
                f
                for f in self.findings_for(path, text)
                if f.code == code
                and f.replacement
                and f.location.span is not None
                and f.location.span.start_byte == start_byte
            ),
            None,
        )
        if finding is None or finding.replacement is None or finding.location.span is None:
            return None
        span = finding.location.span
        name = text.encode("utf-8")[span.start_byte : span.end_byte].decode("utf-8", "replace")
        if not self.rename_spans(path, name):
            return None  # another file refers to the name
        return Rename(name, finding.replacement)

    def rename_spans(self, path: str, name: str) -> list[Span]:
        """Where `name` occurs in `path` (definition and uses), if renaming it there is safe.

        Safe means no other indexed file mentions the name: a rename confined to this file
        cannot then break an importer. Otherwise the empty list (no quick fix is offered).
        """
        extract = self.extract_for(path)
        if extract is None or self.store is None:
            return []
        if any(other != path for other in self.store.files_referencing(name)):
            return []
        spans = [s.name_span for s in extract.symbols if s.name == name]
        spans += [r.span for r in references_where(extract.references, name.__eq__)]
        return sorted(set(spans), key=lambda span: span.start_byte)

    def retrieval_workspace(self) -> RetrievalSources:
        known = self.known
        return RetrievalSources(
            root=self.root,
            ruleset=known.ruleset,
            store=self.store,
            conventions=known.conventions,
            libraries=known.libraries,
            project=known.project,
        )

    def watch(self, on_batch: Callable[[set[str]], None], debounce_s: float) -> None:
        """Watch the folder for changes made outside the editor; `on_batch` gets the changed
        paths on the watcher's thread. Raises WatchError when watching cannot start."""
        if self.watcher is not None:
            return
        watcher = IndexWatcher(
            self.root,
            on_batch,
            debounce_s=debounce_s,
            excludes=self.settings.index.excludes,
            ignore=[self.db_path()],
        )
        watcher.start()
        self.watcher = watcher

    def close(self, close_store: bool = True, wait_s: float = 10.0) -> None:
        """Stop indexing and watching; close the index once no build is using it.

        Closing SQLite connections under a running build could crash the process, so the
        build is cancelled and waited for first. At shutdown the store is left to the
        process exit instead (`close_store=False`): committed work is already durable.
        """
        self.cancel_indexing.set()
        if self.watcher is not None:
            self.watcher.stop()
            self.watcher = None
        if self.store is not None:
            with self._recording:  # a last try for the calls kept for later
                self._record_kept(None, wait_s)
        idle = self._idle.wait(wait_s)
        if close_store and idle and self.store is not None:
            self.store.close()
