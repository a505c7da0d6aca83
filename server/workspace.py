"""Per-workspace-folder state: rules, index, conventions, open buffers; all engine calls go here.

The LSP features stay thin by asking this object for answers. CPU work (loading rules,
indexing, inferring conventions, extracting a buffer) runs in worker threads; the results
are swapped in as whole immutable values, so a request served while indexing runs reads a
consistent snapshot of what is known so far.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from server.settings import Settings
from steering_index import rules as rules_mod
from steering_index.conventions import infer as conventions_mod
from steering_index.conventions.infer import ConventionSettings
from steering_index.conventions.libraries import WORKSPACE_LIBRARIES, workspace_library_table
from steering_index.index.extract import extract
from steering_index.index.indexer import Indexer, IndexSettings, IndexSummary
from steering_index.index.languages import language_for_path
from steering_index.index.watch import IndexWatcher
from steering_index.llm.ladder import ActionOutcome
from steering_index.llm.validate import EditChecks, edit_checks_for
from steering_index.model import (
    Convention,
    FileExtract,
    Finding,
    FocusedContext,
    LineRange,
    Location,
    ModelCall,
    Span,
    references_where,
)
from steering_index.retrieval.context import RetrievalSettings, build_context
from steering_index.retrieval.context import Workspace as RetrievalWorkspace
from steering_index.store import IndexStore, default_db_path, is_corruption

log = logging.getLogger(__name__)

MAX_RELATED_RULES = 3


def _convention_words(convention: Convention) -> tuple[str, ...]:
    """Words whose presence in a rule's text means the rule speaks of `convention`."""
    words = [convention.value]
    if convention.category == "library":
        words += [name for name, _count in convention.alternatives]
    # "absolute" alone would match too much; imports rules say "absolute import(s)".
    if convention.category == "import-style":
        words = [f"{convention.value} import"]
    return tuple(word.lower() for word in words if len(word) > 2)


Progress = Callable[[int, int], None]


@dataclass(frozen=True, slots=True)
class Buffer:
    """An open document: its text is the truth for its file while it is open."""

    path: str
    version: int
    text: str
    extract: FileExtract | None


class WorkspaceState:
    """Everything the server knows about one workspace folder."""

    def __init__(self, root: Path, settings: Settings) -> None:
        self.root = root.resolve()
        self.settings = settings
        self.ruleset = rules_mod.load_rules(self.root)
        # The shipped library table with the workspace's own additions; what is wrong with
        # those is said once, by the server, and the rest stays in force.
        self.libraries, self.library_problems = workspace_library_table(self.root)
        self.store: IndexStore | None = None
        self.indexer: Indexer | None = None
        self.conventions: tuple[Convention, ...] = ()
        # What the project declares (packages, runners, linter settings, written rules),
        # read with the conventions they shape.
        self.project_facts = conventions_mod.NO_PROJECT
        self.buffers: dict[str, Buffer] = {}
        # Findings per open buffer, for as long as its extract and the conventions stand:
        # hover and diagnostics ask for them on every request.
        self._buffer_findings: dict[str, tuple[FileExtract, object, object, list[Finding]]] = {}
        self.cancel_indexing = threading.Event()
        self._idle = threading.Event()  # clear while a full build runs
        self._idle.set()
        self._conventions_lock = threading.Lock()
        self.watcher: IndexWatcher | None = None

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
        self.store = IndexStore.open(self.db_path(), discard=discard)
        self.store.replace_rules(self.ruleset.rules)  # BM25 ranks description-decided rules
        self.indexer = Indexer(
            self.root,
            self.store,
            IndexSettings(
                excludes=self.settings.excludes,
                max_file_bytes=self.settings.max_file_bytes,
                workers=None,
            ),
        )

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
            self.libraries, self.library_problems = workspace_library_table(self.root)
            problems = self.library_problems
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
        return ConventionSettings(
            min_share=self.settings.min_share, min_count=self.settings.min_count
        )

    def refresh_conventions(self) -> None:
        if self.store is None:
            return
        with self._conventions_lock:
            facts = conventions_mod.workspace_facts(self.store, self.root)
            found = conventions_mod.workspace_conventions(
                self.store, self.convention_settings(), self.libraries, project=facts
            )
            self.project_facts = facts
            self.conventions = tuple(found)

    def reload_rules(self) -> None:
        self.ruleset = rules_mod.load_rules(self.root)
        if self.store is not None:
            self.store.replace_rules(self.ruleset.rules)

    # --- buffers ----------------------------------------------------------------------

    def update_buffer(self, path: str, version: int, text: str) -> Buffer:
        """Re-extract an open buffer; runs in a worker thread."""
        language = language_for_path(path)
        file_extract: FileExtract | None = None
        if language is not None and not self.too_large(text):
            if self.indexer is not None:
                file_extract = self.indexer.update_file(path, text)
            else:
                file_extract = extract(path, text.encode("utf-8"), language)
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
        buffer = self.buffers.get(path)
        if buffer is None or buffer.version >= version or buffer.text == text:
            return
        self.update_buffer(path, version, text)

    def too_large(self, text: str) -> bool:
        """Buffers over `maxFileBytes` are not extracted, as such files are not indexed."""
        return len(text) > self.settings.max_file_bytes  # characters: a cheap lower bound

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

    def findings_for(self, path: str) -> list[Finding]:
        """Convention drift in a code file, or lint findings in a steering file."""
        if rules_mod.is_steering_file(path):
            return [f for f in self.rule_findings() if f.location.path == path]
        file_extract = self.extract_for(path)
        if file_extract is None or not self.conventions:
            return []
        settings = self.convention_settings()
        # A new extract or rule set (by identity), other conventions or settings: check again.
        against = (self.conventions, settings, self.libraries.digest)
        cached = self._buffer_findings.get(path)
        if (
            cached is not None
            and cached[0] is file_extract
            and cached[1] is self.ruleset
            and cached[2] == against
        ):
            return list(cached[3])
        findings = conventions_mod.check_file(
            file_extract, self.conventions, settings, self.libraries, project=self.project_facts
        )
        findings = self._with_rules_saying_so(path, findings)
        if path in self.buffers:  # a store read gives a new extract every time: no point
            self._buffer_findings[path] = (file_extract, self.ruleset, against, findings)
        return list(findings)

    def _with_rules_saying_so(self, path: str, findings: list[Finding]) -> list[Finding]:
        """Point each drift finding at the applying steering rules that name the convention.

        "snake_case", "httpx", "absolute", "pytest": when a rule that applies to this file
        spells out the convention (or the library it rules out), the diagnostic's
        relatedInformation links to that rule's lines.
        """
        if not findings:
            return findings
        rules = [a.rule for a in rules_mod.applicable_rules(self.ruleset, path) if a.applies]
        by_id = {c.id: c for c in self.conventions}
        enriched = []
        for finding in findings:
            convention = by_id.get(finding.code.removeprefix("convention/"))
            words = _convention_words(convention) if convention is not None else ()
            related = tuple(
                Location(path=rule.source, lines=rule.lines)
                for rule in rules
                if any(word in rule.text.lower() for word in words)
            )[:MAX_RELATED_RULES]
            enriched.append(replace(finding, related=finding.related + related))
        return enriched

    def rule_findings(self) -> list[Finding]:
        files = [row.path for row in self.store.files()] if self.store is not None else None
        return rules_mod.lint_rules(self.ruleset, files)

    def build_context(self, path: str, lines: LineRange, task: str, text: str) -> FocusedContext:
        """The focused context for a range of an open buffer; runs in a worker thread."""
        return build_context(
            self.retrieval_workspace(),
            path,
            lines,
            task,
            RetrievalSettings(
                budget_tokens=self.settings.token_budget,
                secret_globs=self.settings.secret_globs,
                max_file_bytes=self.settings.max_file_bytes,
            ),
            text=text,
        )

    def edit_checks(self, path: str) -> EditChecks:
        return edit_checks_for(path, language_for_path(path), self.conventions)

    def record_call(self, call: ModelCall) -> int | None:
        """Record a model call in the ledger; returns its id. Blocks on the disk: the ladder
        runs it in a worker thread."""
        return None if self.store is None else self.store.record_model_call(call)

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

    def retrieval_workspace(self) -> RetrievalWorkspace:
        return RetrievalWorkspace(
            root=self.root,
            ruleset=self.ruleset,
            store=self.store,
            conventions=self.conventions,
            libraries=self.libraries,
        )

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
        idle = self._idle.wait(wait_s)
        if close_store and idle and self.store is not None:
            self.store.close()
