"""Inference's per-file work in worker processes, as the indexer reads and extracts in them.

Reading a file's extract back from the index and observing it is nearly all of inference's
time, and each file's is independent of the others': worker processes (the indexer's, at
a lower priority) each take a run of consecutive files, open the index read-only, and send
back each file's votes (`votes.file_votes`) and the names it re-exports. The process that
asked counts them in the files' order, with the same tally as without workers, so the
conventions are the same; it holds the votes of a few runs at a time, never the extracts.
`steering check` uses one per core (1.37x faster at 10,000 files on two idle cores); the
server does not (on two cores busy with other work it was slower: bench/RESULTS.md).
"""

from __future__ import annotations

import itertools
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from pathlib import Path

from steering_index.conventions.libraries import LibraryTable
from steering_index.conventions.project import ProjectFacts
from steering_index.conventions.votes import Vote
from steering_index.model import FileExtract

# A file's votes, the names it re-exports, its language, the names it looks up by a string
# it builds, its path and the choices a check could observe in it (`infer.votes_of_file`).
FileVotes = tuple[list[Vote], list[str], str, list[str], str, list[tuple[str, str, bool]]]
# (extract, table, project) -> its votes: `infer.votes_of_file`; and table -> which
# references to read: `infer.reference_filter`. Passed in: inference imports this module.
VotesOf = Callable[[FileExtract, LibraryTable, ProjectFacts], FileVotes]
KeepOf = Callable[[LibraryTable], Callable[[str], bool]]
Progress = Callable[[int, int], None]

# Files a worker takes at a time: enough that sending them costs little, few enough that
# the runs in flight stay small and the last one does not leave a core idle for long.
RUN = 200
# Below this many files, starting the workers costs more than they save.
MIN_FILES = 2000


def votes_in_workers(
    db_path: Path,
    paths: Iterator[str],
    total: int,
    votes_of: VotesOf,
    keep_of: KeepOf,
    table: LibraryTable,
    project: ProjectFacts,
    workers: int,
    progress: Progress | None = None,
    run_size: int = RUN,
) -> Iterator[FileVotes]:
    """Each file's votes, in the order of `paths`, worked out by `workers` processes, each
    taking `run_size` files at a time."""
    from steering_index.index.indexer import worker_pool  # the indexer's processes

    runs = iter(lambda: list(itertools.islice(paths, run_size)), [])
    with worker_pool(workers) as pool:
        pending: deque[tuple[int, Future[list[FileVotes]]]] = deque()

        def submit(run: list[str]) -> None:
            job = (str(db_path), run, votes_of, keep_of, table, project)
            pending.append((len(run), pool.submit(_votes_of_run, *job)))

        for run in itertools.islice(runs, workers * 2):
            submit(run)
        done = 0
        while pending:
            size, job = pending.popleft()
            voted = job.result()
            following = next(runs, None)
            if following is not None:
                submit(following)
            yield from voted
            done += size
            if progress is not None:
                progress(done, total)


# A worker reads each file's row once, in order: a page cache of 2 MB instead of 16 MB (at
# 100,000 files each worker's filled up).
_WORKER_CACHE_KB = 2000
# Each worker process's read-only view of the index, opened at its first run.
_opened: dict[str, object] = {}


def _votes_of_run(
    db: str,
    paths: list[str],
    votes_of: VotesOf,
    keep_of: KeepOf,
    table: LibraryTable,
    project: ProjectFacts,
) -> list[FileVotes]:
    from steering_index.store.files import FileTables

    tables = _opened.get(db)
    if not isinstance(tables, FileTables):
        tables = _opened[db] = FileTables(Path(db))
        tables.cache_kb = _WORKER_CACHE_KB
    keep = keep_of(table)
    voted = []
    for path in paths:
        extract = tables.extract_for(path, keep)
        if extract is not None:
            voted.append(votes_of(extract, table, project))
    return voted
