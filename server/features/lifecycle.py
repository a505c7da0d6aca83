"""initialize, initialized, shutdown, configuration, workspace folders and watched files.

On `initialized` every workspace folder gets a session knowing the rules at its root, found
without walking the folder, so that requests are answered at once whatever its size (the
rules of an open file's folders are added as it is asked about). Then, in the background,
every steering file of the folder is loaded, and the index is opened and brought up to date
with work-done progress. Requests are answered all along from what is known. File watching
uses the client's `didChangeWatchedFiles` when it offers dynamic registration, else our own
watcher, never both.
"""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

from lsprotocol import types
from pygls.uris import to_fs_path

from server.app import ClientFeatures, SteeringServer
from server.features.diagnostics import refresh_open_documents
from server.features.progress import start_progress
from server.settings import parse_settings
from steering_index.session import IndexSummary, Session, WatchError

log = logging.getLogger(__name__)
WATCHER_ID = "steering-watched-files"


def register(server: SteeringServer) -> None:
    server.feature(types.INITIALIZE)(initialize)
    server.feature(types.INITIALIZED)(initialized)
    server.feature(types.SHUTDOWN)(shutdown)
    server.feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)(did_change_configuration)
    server.feature(types.WORKSPACE_DID_CHANGE_WORKSPACE_FOLDERS)(did_change_folders)
    server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)(did_change_watched_files)


def initialize(ls: SteeringServer, params: types.InitializeParams) -> None:
    """Settings from initializationOptions; problems are shown once the client is ready."""
    ls.client = ClientFeatures.of(params.capabilities)
    ls.settings, problems = parse_settings(params.initialization_options)
    ls.pending_messages.extend(problems)


def _folder_roots(ls: SteeringServer) -> list[Path]:
    roots = []
    for folder in ls.workspace.folders.values():
        path = to_fs_path(folder.uri)
        if path:
            roots.append(Path(path))
    if not roots and ls.workspace.root_path:
        roots.append(Path(ls.workspace.root_path))
    return roots


async def initialized(ls: SteeringServer, params: types.InitializedParams) -> None:
    states = [await add_folder(ls, root) for root in _folder_roots(ls)]
    ls.ready.set()
    await pull_configuration(ls)
    for message in ls.pending_messages:
        ls.tell(f"steering: {message}")
    ls.pending_messages.clear()
    for state in states:
        ls.spawn(start_folder(ls, state))
    if _client_watches(ls):
        await _register_client_watcher(ls)


async def add_folder(ls: SteeringServer, root: Path) -> Session:
    """Register a folder with the rules at its root (fast); the rest comes later."""
    existing = ls.folders.get(root.resolve())
    if existing is not None:
        return existing
    state = await asyncio.to_thread(ls.new_session, root)
    ls.folders[state.root] = state
    return state


async def pull_configuration(ls: SteeringServer) -> None:
    """Ask the client for the `steering` section when it supports workspace/configuration."""
    if not ls.client.configuration:
        return
    try:
        values = await ls.workspace_configuration_async(
            types.ConfigurationParams(items=[types.ConfigurationItem(section="steering")])
        )
    except Exception as exc:  # a client that fails this request must not stop the server
        log.warning("workspace/configuration failed: %s", exc)
        return
    if values and values[0] is not None:
        ls.settings, problems = parse_settings({"steering": values[0]}, base=ls.settings)
        for message in problems:
            ls.tell(f"steering: {message}")


async def start_folder(ls: SteeringServer, state: Session) -> None:
    """Load every steering file, open the index and bring it up to date, with work-done
    progress."""
    root = state.root
    for problem in state.library_problems:
        ls.tell(f"steering: {problem}")
    baseline_problem = state.baseline_problem()
    if baseline_problem:
        ls.tell(f"steering: {baseline_problem}; diagnostics show every finding until it is fixed")
    await asyncio.to_thread(state.reload_rules)
    rules = state.ruleset
    ls.log_info(
        f"steering: rules of {root.name} loaded: {len(rules.rules)} sections from"
        f" {len({r.source for r in rules.rules})} files"
    )
    try:
        await asyncio.to_thread(state.open_index)
    except Exception as exc:
        ls.tell(f"steering: cannot open the index for {root.name}: {exc}", error=True)
        return
    if state.store is not None and state.store.rebuilt_reason:
        ls.log_info(f"steering: index rebuilt for {root.name}: {state.store.rebuilt_reason}")
    if state.store is not None and state.store.ledger_notice:
        ls.tell(f"steering: {state.store.ledger_notice}")
    await refresh_open_documents(ls)  # rules are known now; conventions come after indexing
    summary = await _index_with_progress(ls, state)
    if summary is not None:
        ls.log_info(
            f"steering: indexed {root.name}: {summary.added} added, {summary.updated} updated,"
            f" {summary.removed} removed, {summary.unchanged} unchanged,"
            f" {summary.skipped_total} skipped in {summary.seconds:.1f} s"
        )
    await asyncio.to_thread(state.reload_rules)
    await refresh_open_documents(ls)
    if not _client_watches(ls) and ls.settings.file_watching in ("auto", "server"):
        _start_own_watcher(ls, state)


async def _index_with_progress(ls: SteeringServer, state: Session) -> IndexSummary | None:
    progress = await start_progress(
        ls, "index", f"Indexing {state.root.name}", on_cancel=state.cancel_indexing.set
    )
    try:
        summary = await asyncio.to_thread(state.build_index, progress.report)
    except Exception as exc:
        ls.tell(f"steering: indexing {state.root.name} failed: {exc}", error=True)
        summary = None
    progress.end()
    return summary


def _client_watches(ls: SteeringServer) -> bool:
    if ls.settings.file_watching in ("server", "off"):
        return False
    return ls.client.watches_files


async def _register_client_watcher(ls: SteeringServer) -> None:
    options = types.DidChangeWatchedFilesRegistrationOptions(
        watchers=[types.FileSystemWatcher(glob_pattern="**/*")]
    )
    registration = types.Registration(
        id=WATCHER_ID, method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES, register_options=options
    )
    try:
        await ls.client_register_capability_async(
            types.RegistrationParams(registrations=[registration])
        )
    except Exception as exc:
        log.warning("client refused file watching (%s); using our own watcher", exc)
        for state in ls.folders.values():
            _start_own_watcher(ls, state)


def _start_own_watcher(ls: SteeringServer, state: Session) -> None:
    loop = asyncio.get_running_loop()

    def on_batch(paths: set[str]) -> None:
        # Runs on the watcher's thread: hand the batch to the event loop.
        loop.call_soon_threadsafe(lambda: ls.spawn(_apply_batch(ls, state, paths)))

    try:
        state.watch(on_batch, debounce_s=max(0.05, ls.settings.debounce_ms / 1000))
    except WatchError as exc:
        ls.tell(f"steering: {exc}; changes made outside the editor will need a restart")


async def _apply_batch(ls: SteeringServer, state: Session, paths: set[str]) -> None:
    for problem in await asyncio.to_thread(state.apply_changes, paths):
        ls.tell(f"steering: {problem}")
    await refresh_open_documents(ls)


async def did_change_watched_files(
    ls: SteeringServer, params: types.DidChangeWatchedFilesParams
) -> None:
    batches: dict[Path, set[str]] = {}
    for change in params.changes:
        found = ls.folder_for(change.uri)
        if found is not None:
            batches.setdefault(found[0].root, set()).add(found[1])
    for root, paths in batches.items():
        await _apply_batch(ls, ls.folders[root], paths)


async def did_change_configuration(
    ls: SteeringServer, params: types.DidChangeConfigurationParams
) -> None:
    if params.settings:
        ls.settings, problems = parse_settings(params.settings, base=ls.settings)
        for message in problems:
            ls.tell(f"steering: {message}")
    else:
        await pull_configuration(ls)
    for state in ls.folders.values():
        await asyncio.to_thread(state.refresh_conventions)
    await refresh_open_documents(ls)


async def did_change_folders(
    ls: SteeringServer, params: types.DidChangeWorkspaceFoldersParams
) -> None:
    for folder in params.event.removed:
        path = to_fs_path(folder.uri)
        state = ls.folders.pop(Path(path).resolve(), None) if path else None
        if state is not None:
            await asyncio.to_thread(state.close)
    for folder in params.event.added:
        path = to_fs_path(folder.uri)
        if path:
            state = await add_folder(ls, Path(path))
            ls.spawn(start_folder(ls, state))


async def shutdown(ls: SteeringServer, params: None) -> None:
    ls.stopping = True
    ls.debouncer.cancel_all()
    for state in ls.folders.values():
        await asyncio.to_thread(state.close, close_store=False, wait_s=5.0)
