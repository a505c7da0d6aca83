"""An index built once and shared: written out as one self-contained file (in CI, say), and
read in to seed a workspace's own index, so that a fresh clone has its files hashed instead of
parsed.

What travels: the files with their extracts, the lookups across them, the rules and the
remembered conventions.
What does not: the absolute folder the index was built for (the importing side sets its own)
and the ledger of model calls, which is a separate file and stays on each machine.

A shared file is checked before it replaces anything: it must be an index of this schema
version that SQLite reads whole (`quick_check`). It is copied in with SQLite's backup API,
under the destination's own locks, so a server that has the index open meanwhile reads either
the old pages or the new ones, never a mix. The paths inside are relative to the workspace, so
the scan that follows the import finds the same files, reads and hashes them (their mtimes are
new) and parses only those whose content differs.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from steering_index import __version__
from steering_index.store.database import StoreError, make_private
from steering_index.store.index import SCHEMA_VERSION, IndexStore

_SQLITE_HEADER = b"SQLite format 3\x00"
_LOCAL_ONLY_META = ("root",)  # what describes one machine, not the code


_WRITTEN_BY = "shared_by"  # meta key: the steering version that exported the file


@dataclass(frozen=True, slots=True)
class SharedIndex:
    """What a shared index file holds, as read when it is checked."""

    path: Path
    files: int
    symbols: int
    written_by: str | None  # the steering version that exported it

    def version_note(self) -> str | None:
        """What to tell the user when another steering version exported the file."""
        if self.written_by in (None, __version__):
            return None
        return (
            f"the shared index was exported by steering {self.written_by}, this is {__version__}:"
            " where their extraction differs, every file is read again, so pin one version in CI"
            " and editors"
        )


def export_index(store: IndexStore, dest: Path) -> SharedIndex:
    """Write `store` (brought up to date by the caller) to `dest` as one compact file.

    `dest` must not exist: a shared index is never written over something else. The copy
    leaves out what is local to this machine (the folder's absolute path).
    """
    if dest.exists() or dest.is_symlink():
        raise StoreError(f"{dest} already exists; remove it or choose another file")
    if not dest.parent.is_dir():
        raise StoreError(f"cannot write {dest}: the folder {dest.parent} does not exist")
    partial = dest.with_name(dest.name + ".partial")
    partial.unlink(missing_ok=True)
    try:
        store.connection().execute("VACUUM INTO ?", (str(partial),))
        con = sqlite3.connect(partial)
        try:
            with con:
                con.executemany(
                    "DELETE FROM meta WHERE key=?", [(key,) for key in _LOCAL_ONLY_META]
                )
                con.execute(
                    "INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)",
                    (_WRITTEN_BY, __version__),
                )
            con.execute("VACUUM")
        finally:
            con.close()
        partial.replace(dest)
    except (OSError, sqlite3.Error) as exc:
        partial.unlink(missing_ok=True)
        raise StoreError(f"cannot write the shared index to {dest}: {exc}") from exc
    return inspect_shared(dest)


def inspect_shared(path: Path) -> SharedIndex:
    """Check that `path` is a whole index this version can use; StoreError says why not."""
    try:
        with path.open("rb") as handle:
            header = handle.read(len(_SQLITE_HEADER))
    except FileNotFoundError:
        raise StoreError(f"the shared index {path} does not exist") from None
    except IsADirectoryError:
        raise StoreError(f"{path} is a folder, not a shared index file") from None
    except OSError as exc:
        raise StoreError(f"cannot read the shared index {path}: {exc.strerror or exc}") from exc
    if header != _SQLITE_HEADER:
        raise StoreError(
            f"{path} is not an index file (not SQLite); make one with `steering index --export`"
        )
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise StoreError(f"cannot open the shared index {path}: {exc}") from exc
    try:
        version = int(con.execute("PRAGMA user_version").fetchone()[0])
        if version != SCHEMA_VERSION:
            raise StoreError(
                f"{path} was written by a version of steering with index schema {version}; "
                f"this one reads schema {SCHEMA_VERSION}: export it again with this version"
            )
        problems = [row[0] for row in con.execute("PRAGMA quick_check")]
        if problems != ["ok"]:
            raise StoreError(f"{path} is damaged ({'; '.join(problems[:3])}); export it again")
        files = int(con.execute("SELECT count(*) FROM files").fetchone()[0])
        symbols = int(con.execute("SELECT coalesce(sum(symbol_count), 0) FROM files").fetchone()[0])
        row = con.execute("SELECT value FROM meta WHERE key=?", (_WRITTEN_BY,)).fetchone()
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{path} cannot be read as an index ({exc}); export it again") from exc
    finally:
        con.close()
    return SharedIndex(path, files, symbols, None if row is None else str(row[0]))


def import_index(source: Path, store: IndexStore, root: Path) -> SharedIndex:
    """Replace what `store` holds by the shared index at `source`, made to describe `root`.

    The store's ledger is another file and is not touched. When `source` cannot be used,
    StoreError says why and the store is left as it was.
    """
    shared = inspect_shared(source)
    try:
        src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        try:
            with store.writer_turn() as con:  # the store's own writers queue behind the copy
                src.backup(con)
        finally:
            src.close()
        with store.write() as con:
            con.execute("DELETE FROM meta WHERE key=?", (_WRITTEN_BY,))
            con.execute(
                "INSERT OR REPLACE INTO meta(key, value) VALUES ('root', ?)", (str(root.resolve()),)
            )
    except sqlite3.Error as exc:
        raise StoreError(
            f"cannot read the shared index {source} into {store.db_path}: {exc}"
        ) from exc
    make_private(store.db_path)
    return shared
