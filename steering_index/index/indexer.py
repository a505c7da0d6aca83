"""Keeps the index in step with the workspace: parallel cold build, scans, editor buffers.

Change detection compares each file's size and mtime with the index; only when they differ is
the file read, and then its content hash decides whether it must be extracted again (a
`touch` or a branch switch back and forth re-extracts nothing). A file written within
`RACY_NS` of the moment it was checked is re-hashed on the next scan, because coarse
file-system clocks can give two quick writes of the same size the same mtime.

Reading and extracting happen in worker processes (`workers`, default one per core), in
chunks; the results come back as ready-to-write rows and are committed in batches, so a
`kill -9` loses at most one batch and the next scan resumes where the build stopped.

An editor buffer is the truth for its file while it is open: `update_file` indexes the
buffer's text and marks the row as coming from a buffer (size -1), scans leave that file
alone, and `close_buffer` hands it back to the disk. After a restart no buffer is open, and
the size -1 makes the next scan compare the disk's content with the buffer's hash. The last
parse tree of each open buffer is kept (a few dozen at most), so that a change is reparsed
incrementally rather than from scratch.
"""

from __future__ import annotations

import itertools
import multiprocessing
import os  # steering: ignore-file[library.python.paths]: plain string paths in hot loops
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from contextlib import nullcontext, suppress
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from steering_index.index.buffers import BufferTrees
from steering_index.index.extract import extract_packed
from steering_index.index.extractor import EXTRACTOR_META, extractor_digest
from steering_index.index.files import DEFAULT_MAX_BYTES, ReadProblem, WorkspaceReader
from steering_index.index.languages import (
    has_no_suffix,
    language_for_path,
    language_of,
    language_on_disk,
    same_file_language,
)
from steering_index.index.walk import IgnoreRules, WalkEntry, counts_as_own_file, scan_workspace
from steering_index.model import FileExtract
from steering_index.store import EncodedFile, FileRow, IndexStore, content_hash, encode_file

RACY_NS = 2_000_000_000
# Below this many files to read, starting worker processes costs more than it saves.
_INLINE_LIMIT = 48
_IGNORE_FILES = (".gitignore", ".git/info/exclude")
# Write-ahead-log checkpoints: looked at every so many buffer updates (off the editor's
# path), and done once the log holds this much.
_CHECKPOINT_EVERY = 50
_CHECKPOINT_WAL_BYTES = 8 << 20

Progress = Callable[[int, int], None]


@dataclass(frozen=True, slots=True)
class IndexSettings:
    """What to index and how hard to work at it."""

    excludes: tuple[str, ...] = ()  # gitignore-style patterns, relative to the root
    max_file_bytes: int = DEFAULT_MAX_BYTES
    workers: int | None = None  # processes for reading and extracting; None: one per core
    commit_every: int = 256  # files per write transaction


@dataclass(frozen=True, slots=True)
class IndexSummary:
    """What one build or update did."""

    scanned: int = 0
    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    skipped: tuple[tuple[str, int], ...] = ()  # (reason, files), e.g. ("binary", 2)
    seconds: float = 0.0
    cancelled: bool = False
    problems: tuple[tuple[str, str], ...] = field(default=())  # (path, message), a sample

    @property
    def skipped_total(self) -> int:
        return sum(count for _, count in self.skipped)


@dataclass(frozen=True, slots=True)
class _Task:
    path: str
    language: str
    known_hash: str | None  # None: the index has never seen this file
    size: int
    mtime_ns: int


@dataclass(frozen=True, slots=True)
class _Outcome:
    task: _Task
    encoded: EncodedFile | None = None  # new content, or a record of why it was skipped
    touched: tuple[int, int, int] | None = None  # same content: (size, mtime_ns, checked_ns)
    gone: bool = False  # vanished between the walk and the read


def _problem_record(task: _Task, problem: ReadProblem, checked_ns: int) -> EncodedFile:
    return EncodedFile(
        path=task.path,
        language=task.language,
        size=task.size,
        mtime_ns=task.mtime_ns,
        checked_ns=checked_ns,
        hash="",
        origin="disk",
        problem=problem.kind,
        problem_message=problem.message,
    )


def _index_one(root: str, reader: WorkspaceReader, task: _Task) -> _Outcome:
    checked_ns = time.time_ns()
    read = reader.read(os.path.join(root, task.path))
    if isinstance(read, ReadProblem):
        if read.kind == "missing":
            return _Outcome(task, gone=True)
        return _Outcome(task, encoded=_problem_record(task, read, checked_ns))
    digest = content_hash(read.data)
    if digest == task.known_hash:
        return _Outcome(task, touched=(read.size, read.mtime_ns, checked_ns))
    try:
        language = language_of(task.path, read.data) or task.language  # a C++ `.h` header
        found = extract_packed(task.path, read.data, language)
    except Exception as exc:  # a grammar or query bug must not stop the whole build
        problem = ReadProblem("extract-failed", f"extraction failed: {exc}")
        return _Outcome(task, encoded=_problem_record(task, problem, checked_ns))
    encoded = encode_file(found, read.size, read.mtime_ns, checked_ns, digest, "disk")
    return _Outcome(task, encoded=encoded)


def _index_chunk(root: str, max_bytes: int, tasks: Sequence[_Task]) -> list[_Outcome]:
    """Worker entry point: read, hash and extract a chunk of files."""
    reader = WorkspaceReader(Path(root), max_bytes)  # one per chunk: it trusts what it resolved
    return [_index_one(root, reader, task) for task in tasks]


# Worker processes run this much nicer than the process that starts them: a cold build keeps
# every core busy for seconds, and the editor and the language server must not wait for it
# (on an otherwise idle machine a lower priority costs nothing).
WORKER_NICENESS = 10


def worker_pool(workers: int) -> ProcessPoolExecutor:
    """The processes that read and extract, at a lower scheduling priority."""
    return ProcessPoolExecutor(workers, mp_context=_pool_context(), initializer=_lower_priority)


def _lower_priority() -> None:
    with suppress(AttributeError, OSError):  # os.nice is POSIX only
        os.nice(WORKER_NICENESS)


def _pool_context() -> multiprocessing.context.BaseContext:
    # Forking a process that runs threads (the LSP server, the watcher) can copy held locks;
    # a fork server forks from a clean process that has already imported the extractor.
    if sys.platform == "win32":
        return multiprocessing.get_context("spawn")
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload([__name__])
    return ctx


def normalize_path(path: str | os.PathLike[str], root: Path) -> str | None:
    """A path (absolute, or relative to `root`) as a clean relative POSIX path; None if outside."""
    candidate = Path(path)
    if candidate.is_absolute():
        try:
            candidate = candidate.relative_to(root)
        except ValueError:
            return None
    parts = PurePosixPath(candidate.as_posix()).parts
    if ".." in parts:
        return None
    return "/".join(p for p in parts if p != ".")


class Indexer:
    """Builds and updates the index of one workspace. Safe to call from several threads."""

    def __init__(self, root: Path, store: IndexStore, settings: IndexSettings | None = None):
        self.root = root.resolve()
        self.store = store
        self.settings = settings or IndexSettings()
        self._rules = IgnoreRules(self.root, self.settings.excludes)
        self._run_lock = threading.Lock()  # one build or batch at a time
        self._buffer_lock = threading.Lock()
        self._buffers: set[str] = set()
        self._trees = BufferTrees()  # each open buffer's last tree, for incremental reparses
        self._buffer_writes = 0
        self.reread_note: str | None = None
        if store.meta("root") != str(self.root):
            # An index made for another folder (a reused --db) would mix two projects.
            store.clear_files()
            store.set_meta("root", str(self.root))
        if store.meta(EXTRACTOR_META) != extractor_digest():
            # Extracts another steering made: every file is read again on the next build.
            if store.has_files():
                store.clear_files()
                self.reread_note = (
                    "this index was written by another version of steering's extraction:"
                    " every file is read again"
                )
            store.set_meta(EXTRACTOR_META, extractor_digest())

    @property
    def workers(self) -> int:
        return max(1, self.settings.workers or os.cpu_count() or 1)

    # --- full and partial scans ----------------------------------------------------------

    def build(
        self, progress: Progress | None = None, cancel: threading.Event | None = None
    ) -> IndexSummary:
        """Scan the whole workspace and bring the index up to date with it."""
        started = time.perf_counter()
        with self._run_lock:
            self._rules = IgnoreRules(self.root, self.settings.excludes)
            problems: list[tuple[str, str]] = []
            entries = scan_workspace(
                self.root,
                self._rules,
                self.settings.max_file_bytes,
                on_problem=lambda path, msg: problems.append((path, msg)),
            )
            # Neither the walk nor the index's rows are held: both come in path order and are
            # compared side by side, so a scan that finds nothing changed keeps no list of files.
            with nullcontext() if self.store.has_files() else self.store.bulk_load():
                rows = self.store.iter_file_rows()
                summary = self._sync(entries, rows, progress, cancel, started, problems)
        self.store.checkpoint()
        return summary

    def apply_changes(
        self, paths: Iterable[str | os.PathLike[str]], cancel: threading.Event | None = None
    ) -> IndexSummary:
        """Re-check the given paths (files or folders; created, changed or deleted)."""
        started = time.perf_counter()
        rels = {rel for p in paths if (rel := normalize_path(p, self.root)) is not None}
        if any(rel == "" or rel.endswith(_IGNORE_FILES) for rel in rels):
            return self.build(cancel=cancel)
        with self._run_lock:
            entries: dict[str, WalkEntry] = {}
            known: dict[str, FileRow] = {}
            for rel in sorted(rels):
                entries.update((entry.path, entry) for entry in self._entries_at(rel))
                known.update((row.path, row) for row in self.store.file_rows(under=rel))
                if (row := self.store.file(rel)) is not None:
                    known[rel] = row
            summary = self._sync(
                [entries[path] for path in sorted(entries)],
                [known[path] for path in sorted(known)],
                None,
                cancel,
                started,
                [],
            )
        # Off the caller's thread: a checkpoint syncs the file, tens of milliseconds now and
        # then that a file saved in the editor should not wait for.
        self.store.checkpoint_in_background(min_wal_bytes=_CHECKPOINT_WAL_BYTES)
        return summary

    def _entries_at(self, rel: str) -> list[WalkEntry]:
        full = self.root / rel
        if full.is_dir() and not full.is_symlink():
            return list(scan_workspace(self.root, self._rules, self.settings.max_file_bytes, rel))
        if (language_for_path(rel) is None and not has_no_suffix(rel)) or self._rules.excluded(rel):
            return []
        try:
            if full.is_symlink() and not counts_as_own_file(self.root, self._rules, str(full)):
                return []
            stat = full.stat()
        except OSError:
            return []
        if not full.is_file():
            return []
        language = language_on_disk(rel, str(full))  # a script without a suffix: its shebang
        if language is None:
            return []
        too_large = stat.st_size > self.settings.max_file_bytes
        return [WalkEntry(rel, language, stat.st_size, stat.st_mtime_ns, too_large)]

    def _sync(
        self,
        entries: Iterable[WalkEntry],
        rows: Iterable[FileRow],
        progress: Progress | None,
        cancel: threading.Event | None,
        started: float,
        problems: list[tuple[str, str]],
    ) -> IndexSummary:
        """Make the index match `entries` for every path in `rows` or `entries` (each in path
        order)."""
        tasks, gone, tally = self._plan(entries, rows)
        with self._buffer_lock:
            stale = [path for path in gone if path not in self._buffers]
        tally.removed += self.store.remove_files(stale)
        cancelled = self._run(tasks, tally, progress, cancel, problems)
        return IndexSummary(
            scanned=tally.scanned,
            added=tally.added,
            updated=tally.updated,
            removed=tally.removed,
            unchanged=tally.unchanged,
            skipped=tuple(sorted(tally.skipped.items())),
            seconds=time.perf_counter() - started,
            cancelled=cancelled,
            problems=tuple(problems[:20]),
        )

    def _plan(
        self, entries: Iterable[WalkEntry], rows: Iterable[FileRow]
    ) -> tuple[list[_Task], list[str], _Tally]:
        """Split the scanned files into those to read and those the index already has, and
        list the indexed paths no longer found (or now too large)."""
        tasks: list[_Task] = []
        gone: list[str] = []
        tally = _Tally()
        now = time.time_ns()
        for entry, row in side_by_side(entries, rows):
            if entry is None or entry.too_large:
                if row is not None:
                    gone.append(row.path)
                row = None
            if entry is None:
                continue
            tally.scanned += 1
            if entry.too_large:
                tally.skipped["too-large"] += 1
            elif entry.path in self._buffers:
                tally.unchanged += 1
            elif row is not None and _same_state(row, entry, now):
                if row.problem:
                    tally.skipped[row.problem] += 1
                else:
                    tally.unchanged += 1
            else:
                same_language = row is not None and same_file_language(
                    entry.path, entry.language, row.language
                )
                known_hash = row.hash if row is not None and same_language else None
                tasks.append(
                    _Task(entry.path, entry.language, known_hash, entry.size, entry.mtime_ns)
                )
        return tasks, gone, tally

    # --- running the reads and extractions -----------------------------------------------

    def _run(
        self,
        tasks: list[_Task],
        tally: _Tally,
        progress: Progress | None,
        cancel: threading.Event | None,
        problems: list[tuple[str, str]],
    ) -> bool:
        """Read and extract `tasks`, committing in batches; True when cancelled."""
        if not tasks:
            return False
        batch: list[_Outcome] = []
        done = 0
        results = self._results(tasks)
        try:
            for outcomes in results:
                batch.extend(outcomes)
                done += len(outcomes)
                if len(batch) >= self.settings.commit_every:
                    self._commit(batch, tally, problems)
                    batch = []
                if progress is not None:
                    progress(done, len(tasks))
                if cancel is not None and cancel.is_set():
                    return True
        finally:
            results.close()
            self._commit(batch, tally, problems)
        return False

    def _chunks(self, tasks: list[_Task]) -> list[list[_Task]]:
        # Small chunks balance the load (file sizes vary a lot) while keeping IPC cheap.
        size = max(1, min(32, len(tasks) // (self.workers * 8)))
        return [tasks[i : i + size] for i in range(0, len(tasks), size)]

    def _results(self, tasks: list[_Task]) -> Generator[list[_Outcome], None, None]:
        """Outcomes chunk by chunk, from worker processes when the work is worth it."""
        root, limit = str(self.root), self.settings.max_file_bytes
        chunks = self._chunks(tasks)
        if self.workers == 1 or len(tasks) < _INLINE_LIMIT:
            for chunk in chunks:
                yield _index_chunk(root, limit, chunk)
            return
        pool = worker_pool(self.workers)
        pending = iter(chunks)
        inflight: dict[Future[list[_Outcome]], list[_Task]] = {}
        try:
            # A bounded number of chunks in flight keeps memory flat on huge workspaces.
            for chunk in itertools.islice(pending, self.workers * 4):
                inflight[pool.submit(_index_chunk, root, limit, chunk)] = chunk
            broken = False
            while inflight:
                finished, _ = wait(inflight, return_when=FIRST_COMPLETED)
                for future in finished:
                    chunk = inflight.pop(future)
                    try:
                        outcomes = future.result()
                    except BrokenProcessPool:
                        # A worker died (out of memory, a crash in a grammar): finish here.
                        broken = True
                        outcomes = _index_chunk(root, limit, chunk)
                    yield outcomes
                    if not broken and (following := next(pending, None)) is not None:
                        inflight[pool.submit(_index_chunk, root, limit, following)] = following
            for chunk in pending:  # left over only when the pool broke
                yield _index_chunk(root, limit, chunk)
        finally:
            pool.shutdown(wait=False, cancel_futures=True)

    def _commit(
        self, outcomes: list[_Outcome], tally: _Tally, problems: list[tuple[str, str]]
    ) -> None:
        if not outcomes:
            return
        with self._buffer_lock:
            # A buffer opened while the build ran is newer than what the build read.
            live = [o for o in outcomes if o.task.path not in self._buffers]
            encoded = [o.encoded for o in live if o.encoded is not None]
            touched = [(o.task.path, *o.touched) for o in live if o.touched is not None]
            gone = [o.task.path for o in live if o.gone]
            self.store.put_files(encoded)
            self.store.touch_files(touched)
            tally.removed += self.store.remove_files(gone)
        for outcome in live:
            record = outcome.encoded
            if outcome.touched is not None:
                tally.unchanged += 1
            elif record is not None and record.problem is not None:
                tally.skipped[record.problem] += 1
                problems.append((record.path, record.problem_message or record.problem))
            elif record is not None and outcome.task.known_hash is None:
                tally.added += 1
            elif record is not None:
                tally.updated += 1

    # --- single files, from the editor or the watcher --------------------------------------

    def update_file(self, path: str | os.PathLike[str], text: str | bytes) -> FileExtract | None:
        """Index an open editor buffer's text for `path`; None when the file is not indexed."""
        rel = normalize_path(path, self.root)
        data = text.encode("utf-8") if isinstance(text, str) else text
        language = language_of(rel, data) if rel else None  # a C++ `.h`, a script's shebang
        if rel is None or language is None or self._rules.excluded(rel):
            return None
        if len(data) > self.settings.max_file_bytes:
            self._trees.forget(rel)
            return None  # as on disk: too large to extract (seconds of parsing per keystroke)
        try:
            found = self._trees.extract(rel, rel, data, language)
        except Exception:
            self._trees.forget(rel)
            return None
        encoded = encode_file(found, -1, -1, 0, content_hash(data), "buffer")
        with self._buffer_lock:
            self._buffers.add(rel)
            self.store.put_files([encoded])
            self._buffer_writes += 1
            if self._buffer_writes % _CHECKPOINT_EVERY == 0:
                self.store.checkpoint_in_background(min_wal_bytes=_CHECKPOINT_WAL_BYTES)
        return found.unpack()

    def close_buffer(self, path: str | os.PathLike[str]) -> IndexSummary:
        """The editor closed `path`: its file on disk is the truth again."""
        rel = normalize_path(path, self.root)
        if rel is None:
            return IndexSummary()
        with self._buffer_lock:
            self._buffers.discard(rel)
        self._trees.forget(rel)
        return self.apply_changes([rel])

    def remove_file(self, path: str | os.PathLike[str]) -> bool:
        """Forget `path` (deleted, or no longer wanted); False when it was not indexed."""
        rel = normalize_path(path, self.root)
        if rel is None:
            return False
        self._trees.forget(rel)
        with self._run_lock, self._buffer_lock:
            self._buffers.discard(rel)
            return self.store.remove_files([rel]) > 0

    def rename_file(self, old: str | os.PathLike[str], new: str | os.PathLike[str]) -> None:
        """`old` was renamed to `new`: keep its entry when the content can be trusted."""
        src, dst = normalize_path(old, self.root), normalize_path(new, self.root)
        if src is None or dst is None:
            self.apply_changes([old, new])
            return
        row = self.store.file(src)
        self._trees.forget(src)
        with self._buffer_lock:
            moved_buffer = src in self._buffers
            self._buffers.discard(src)
        keep = (
            row is not None
            and row.problem is None
            and same_file_language(dst, language_for_path(dst), row.language)
            and not self._rules.excluded(dst)
        )
        if keep:
            with self._run_lock:
                self.store.rename_file(src, dst)
            if moved_buffer:
                with self._buffer_lock:
                    self._buffers.add(dst)
        # Confirms the moved entry against the disk by stat alone, or indexes `new` afresh.
        self.apply_changes([src, dst])


@dataclass(slots=True)
class _Tally:
    """Running counts of one scan (private; becomes an IndexSummary)."""

    scanned: int = 0
    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    skipped: Counter[str] = field(default_factory=Counter)


def side_by_side(
    entries: Iterable[WalkEntry], rows: Iterable[FileRow]
) -> Iterator[tuple[WalkEntry | None, FileRow | None]]:
    """Each scanned file with the index's row of the same path, or None on the side that
    lacks it; both sides in path order, one item of each held at a time.

    Were an order ever to disagree, a path would come out twice, once on each side: the scan
    then forgets the row and extracts the file again, which costs time but stays correct.
    """
    taken = iter(rows)
    row = next(taken, None)
    for entry in entries:
        while row is not None and row.path < entry.path:
            yield None, row
            row = next(taken, None)
        if row is not None and row.path == entry.path:
            yield entry, row
            row = next(taken, None)
        else:
            yield entry, None
    while row is not None:
        yield None, row
        row = next(taken, None)


def _same_state(row: FileRow, entry: WalkEntry, now_ns: int) -> bool:
    """Size, mtime and grammar agree, and the mtime is old enough to be trusted."""
    return (
        row.size == entry.size
        and row.mtime_ns == entry.mtime_ns
        and same_file_language(entry.path, entry.language, row.language)
        and entry.mtime_ns < row.checked_ns - RACY_NS
        and entry.mtime_ns < now_ns
    )
