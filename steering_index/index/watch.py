"""Watches the workspace and hands the indexer debounced batches of changed paths.

The observer thread only records paths in a set and returns; a flusher thread waits until the
workspace has been quiet for `debounce_s` and then calls `on_batch` with everything collected.
So a branch switch that rewrites 10,000 files arrives as one batch (or a few, if it runs for
longer than `max_delay_s`), and a slow `on_batch` never holds up the observer: events that
arrive meanwhile go into the next batch. Past `max_pending` distinct paths the set collapses
into `{RESCAN_ALL}`, which tells the indexer to rescan everything, so memory stays bounded.

Reads emit `opened` and `closed_no_write` events (the indexer's own reads too), so only
events that can change content are subscribed to. Paths in excluded folders, files no
grammar knows, and the index's own files are dropped on arrival.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

import pathspec
from watchdog.events import (
    DirDeletedEvent,
    DirMovedEvent,
    FileClosedEvent,
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileSystemEvent,
    FileSystemEventHandler,
)
from watchdog.observers import Observer

from steering_index.conventions.libraries import WORKSPACE_LIBRARIES
from steering_index.index.languages import has_no_suffix, language_for_path
from steering_index.index.walk import DEFAULT_EXCLUDED_DIRS
from steering_index.rules import is_steering_file

RESCAN_ALL = ""  # the workspace root itself: everything may have changed
_EVENTS = [
    FileCreatedEvent,
    FileModifiedEvent,
    FileDeletedEvent,
    FileMovedEvent,
    FileClosedEvent,
    # A folder moved or deleted as a whole may not report each file inside it.
    DirMovedEvent,
    DirDeletedEvent,
]
_MEANINGFUL_NAMES = (".gitignore",)

log = logging.getLogger(__name__)


class WatchError(Exception):
    """The watcher could not start (e.g. the inotify watch limit); the message says why."""


class _Collector(FileSystemEventHandler):
    def __init__(self, watcher: IndexWatcher) -> None:
        self._watcher = watcher

    def on_any_event(self, event: FileSystemEvent) -> None:
        paths = [event.src_path]
        if event.dest_path:
            paths.append(event.dest_path)
        self._watcher._record(
            [p.decode() if isinstance(p, bytes) else p for p in paths], event.is_directory
        )


class IndexWatcher:
    """Calls `on_batch(paths)` on its own thread with relative paths that changed."""

    def __init__(
        self,
        root: Path,
        on_batch: Callable[[set[str]], object],
        debounce_s: float = 0.3,
        excludes: Sequence[str] = (),
        ignore: Iterable[Path] = (),
        max_pending: int = 50_000,
        max_delay_s: float = 10.0,
    ) -> None:
        self.root = root.resolve()
        self.on_batch = on_batch
        self.debounce_s = debounce_s
        self.max_pending = max_pending
        self.max_delay_s = max_delay_s
        self._excludes = pathspec.GitIgnoreSpec.from_lines(excludes)
        self._ignore = {str(p) for p in ignore}
        self._pending: set[str] = set()
        self._first_at = 0.0
        self._last_at = 0.0
        self._cond = threading.Condition()
        self._stopping = False
        self._observer: Observer | None = None  # type: ignore[valid-type]
        self._flusher: threading.Thread | None = None
        self.batches = 0  # how many batches were handed over (for status displays)
        self._busy = False

    def start(self) -> None:
        """Start watching; raises WatchError with a clear message when that is impossible."""
        observer = Observer()
        observer.schedule(_Collector(self), str(self.root), recursive=True, event_filter=_EVENTS)
        try:
            observer.start()
        except OSError as exc:
            raise WatchError(
                f"cannot watch {self.root}: {exc.strerror or exc}"
                " (on Linux, raise fs.inotify.max_user_watches)"
            ) from exc
        self._observer = observer
        self._flusher = threading.Thread(target=self._flush_loop, name="index-watch", daemon=True)
        self._flusher.start()

    def stop(self) -> None:
        """Stop watching; pending changes are dropped (the next full scan catches them)."""
        with self._cond:
            self._stopping = True
            self._cond.notify_all()
        if self._observer is not None:
            self._observer.stop()
            self._observer.join()
        if self._flusher is not None and self._flusher is not threading.current_thread():
            self._flusher.join()

    @property
    def idle(self) -> bool:
        """True when no change is waiting and no batch is being handled."""
        with self._cond:
            return not self._pending and not self._busy

    def _relevant(self, path: str, is_directory: bool) -> str | None:
        if path in self._ignore or any(path.startswith(i + "-") for i in self._ignore):
            return None
        try:
            rel = Path(path).relative_to(self.root).as_posix()
        except ValueError:
            return None
        if rel == ".":
            return RESCAN_ALL
        parts = rel.split("/")
        if any(part in DEFAULT_EXCLUDED_DIRS for part in parts[:-1]):
            return None
        if is_directory:
            return None if parts[-1] in DEFAULT_EXCLUDED_DIRS else rel
        meaningful = (
            parts[-1] in _MEANINGFUL_NAMES or rel == WORKSPACE_LIBRARIES or is_steering_file(rel)
        )
        if not meaningful and language_for_path(rel) is None and not has_no_suffix(rel):
            return None  # a file without a suffix may be a script: the indexer reads its shebang
        return None if self._excludes.match_file(rel) else rel

    def _record(self, paths: list[str], is_directory: bool) -> None:
        """Runs on the observer thread: must stay quick and never block on indexing."""
        relevant = [r for p in paths if (r := self._relevant(p, is_directory)) is not None]
        if not relevant:
            return
        with self._cond:
            now = time.monotonic()
            if not self._pending:
                self._first_at = now
            self._last_at = now
            if RESCAN_ALL not in self._pending:
                self._pending.update(relevant)
                if len(self._pending) > self.max_pending:
                    self._pending = {RESCAN_ALL}
            self._cond.notify_all()

    def _next_batch(self) -> set[str] | None:
        """Wait for changes, then for quiet; None when stopping."""
        with self._cond:
            while not self._pending and not self._stopping:
                self._cond.wait()
            while not self._stopping:
                due = min(self._last_at + self.debounce_s, self._first_at + self.max_delay_s)
                wait = due - time.monotonic()
                if wait <= 0:
                    break
                self._cond.wait(wait)
            if self._stopping:
                return None
            batch, self._pending = self._pending, set()
            self._busy = True
            return batch

    def _flush_loop(self) -> None:
        while (batch := self._next_batch()) is not None:
            self.batches += 1
            try:
                self.on_batch(batch)
            except Exception:  # one bad batch must not end the watching
                log.exception("indexing a batch of %d changed paths failed", len(batch))
            finally:
                with self._cond:
                    self._busy = False
