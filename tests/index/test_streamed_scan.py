"""A scan walks the disk and the index side by side, in path order, holding neither: what a
start with nothing changed holds does not grow with the number of files."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

from steering_index.index.indexer import side_by_side
from steering_index.index.walk import scan_workspace, workspace_files
from steering_index.store import FileRow
from tests.index.conftest import age_files, open_indexer
from tests.workspaces import write_tree

# Names whose order as paths differs from their order as folder entries: "a.py" < "a/..." <
# "a_b.py" as strings, though the folder "a" sorts before "a.py" by its name alone.
TRICKY = {
    "a.py": "A = 1\n",
    "a/b.py": "B = 1\n",
    "a/b/c.py": "C = 1\n",
    "a-b.py": "D = 1\n",
    "a_b.py": "E = 1\n",
    "A.py": "F = 1\n",
    "café/été.py": "G = 1\n",
    "caf/x.py": "H = 1\n",
    "z/🚀.py": "I = 1\n",
}


def test_the_walk_yields_paths_in_the_order_the_index_sorts_them(tmp_path: Path) -> None:
    write_tree(tmp_path, TRICKY)
    walked = list(workspace_files(tmp_path))
    assert sorted(walked) == sorted(TRICKY)
    assert walked == sorted(walked)
    # SQLite orders by UTF-8 bytes; so do these.
    assert walked == sorted(walked, key=lambda p: p.encode("utf-8"))


def test_a_scan_after_moves_and_deletions_in_every_place_matches_a_fresh_build(
    tmp_path: Path,
) -> None:
    root = tmp_path / "ws"
    write_tree(root, TRICKY)
    age_files(root)
    indexer = open_indexer(root, tmp_path / "index.db")
    indexer.build()
    (root / "a/b/c.py").unlink()
    (root / "a.py").unlink()
    write_tree(root, {"a/b/d.py": "D2 = 2\n", "0.py": "Z = 0\n", "zz.py": "Y = 1\n"})
    summary = indexer.build()
    assert (summary.added, summary.removed) == (3, 2)
    expected = sorted(set(TRICKY) - {"a/b/c.py", "a.py"} | {"a/b/d.py", "0.py", "zz.py"})
    assert [row.path for row in indexer.store.files()] == expected
    assert indexer.build().unchanged == len(expected)


def _row(path: str) -> FileRow:
    return FileRow(path, "python", 1, 1, "", "disk", 0, 0)


def test_side_by_side_pairs_each_path_once_and_survives_a_disordered_side(tmp_path: Path) -> None:
    write_tree(tmp_path, {"b.py": "", "c.py": "", "d/e.py": ""})
    entries = list(scan_workspace(tmp_path))
    rows = [_row("a.py"), _row("c.py"), _row("d/e.py"), _row("f.py")]
    pairs = [(e.path if e else None, r.path if r else None) for e, r in side_by_side(entries, rows)]
    assert pairs == [
        (None, "a.py"),
        ("b.py", None),
        ("c.py", "c.py"),
        ("d/e.py", "d/e.py"),
        (None, "f.py"),
    ]
    # Out of order, a path comes out on each side (forgotten, then indexed again): never lost.
    shuffled = [(e, r) for e, r in side_by_side(reversed(entries), rows)]
    seen = {e.path for e, _ in shuffled if e} | {r.path for _, r in shuffled if r}
    assert seen == {"a.py", "b.py", "c.py", "d/e.py", "f.py"}


def _peak_of_a_scan_with_nothing_changed(tmp_path: Path, folders: int) -> tuple[int, int]:
    """(files, peak bytes Python allocated) for a start that finds every file as indexed."""
    root = tmp_path / f"ws-{folders}"
    write_tree(
        root,
        {
            f"pkg_{f:03}/module_{n:02}.py": f"VALUE_{n} = {n}\n"
            for f in range(folders)
            for n in range(40)
        },
    )
    age_files(root)
    first = open_indexer(root, tmp_path / f"index-{folders}.db")
    first.build()
    first.store.close()
    indexer = open_indexer(root, tmp_path / f"index-{folders}.db")
    tracemalloc.start()
    try:
        summary = indexer.build()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
        indexer.store.close()
    assert summary.unchanged == summary.scanned == folders * 40
    return summary.scanned, peak


def test_a_start_with_nothing_changed_holds_no_list_of_the_files(tmp_path: Path) -> None:
    small_files, small_peak = _peak_of_a_scan_with_nothing_changed(tmp_path, 5)
    large_files, large_peak = _peak_of_a_scan_with_nothing_changed(tmp_path, 60)
    # Holding each file's row and walk entry costs several hundred bytes a file (over 1 MB
    # more for the larger tree); what grows here is a little per folder (its .gitignore
    # verdicts), not per file.
    per_file = (large_peak - small_peak) / (large_files - small_files)
    assert per_file < 60, f"{per_file:.0f} bytes more at peak for each file scanned"
