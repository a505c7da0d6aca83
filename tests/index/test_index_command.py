"""`steering index`: progress, summary, exit codes; and the shared up-to-date index opener."""

from __future__ import annotations

import io
import sqlite3
from pathlib import Path

import pytest

from steering_index.cli.index import ProgressReporter, open_workspace_index
from steering_index.cli.main import main
from steering_index.store import default_db_path
from tests.workspaces import write_tree


@pytest.fixture(autouse=True)
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    cache = tmp_path / "user-cache"
    monkeypatch.setenv("STEERING_CACHE_DIR", str(cache))
    return cache


def test_index_builds_into_the_cache_and_summarises(
    workspace: Path, cache_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_tree(workspace, {"src/inventory/logo.py": b"\x89PNG\x00\x00"})
    assert main(["index", "--root", str(workspace), "--workers", "1"]) == 0
    out, err = capsys.readouterr()
    assert "6 added" in out
    assert "index holds 6 files and" in out
    assert "skipped: 1 binary" in out
    assert "src/inventory/logo.py: binary file" in out
    assert str(default_db_path(workspace)) in out
    assert default_db_path(workspace).is_relative_to(cache_dir)
    assert not any(p.suffix == ".sqlite3" for p in workspace.rglob("*"))
    assert "indexing: 7/7 files" in err  # not a terminal: plain lines, no redrawn bar


def test_a_second_run_reports_everything_unchanged(
    workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["index", "--root", str(workspace), "--quiet"])
    capsys.readouterr()
    assert main(["index", "--root", str(workspace), "--quiet"]) == 0
    out, err = capsys.readouterr()
    assert "0 added, 0 updated, 0 removed, 6 unchanged" in out
    assert err == ""


def test_rebuild_starts_from_nothing(workspace: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main(["index", "--root", str(workspace), "--quiet"])
    main(["index", "--root", str(workspace), "--quiet", "--rebuild"])
    assert "6 added" in capsys.readouterr().out


def test_a_corrupt_index_is_rebuilt_with_a_note(
    workspace: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "mine.sqlite3"
    db.write_bytes(b"\x00garbage" * 512)
    assert main(["index", "--root", str(workspace), "--db", str(db), "--quiet"]) == 0
    out, err = capsys.readouterr()
    assert "corrupt" in err and "built it anew" in err
    assert "6 added" in out


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--workers", "0"], "--workers must be at least 1"),
        (["--db", "/dev/null/index.sqlite3"], "cannot use the index"),
    ],
)
def test_bad_options_are_clear_errors(
    workspace: Path, extra: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["index", "--root", str(workspace), *extra]) == 2
    assert message in capsys.readouterr().err


def test_a_missing_root_is_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["index", "--root", str(tmp_path / "nope")]) == 2
    assert "is not a folder" in capsys.readouterr().err


def test_other_commands_get_an_up_to_date_index(workspace: Path) -> None:
    store, indexer = open_workspace_index(workspace, None)
    try:
        assert store.find_definitions("Warehouse")
        (workspace / "src/inventory/orders.py").write_text("def place_order(): ...\n")
    finally:
        store.close()
    store, indexer = open_workspace_index(workspace, None)
    try:
        assert store.find_definitions("place_order")
        assert indexer.root == workspace.resolve()
    finally:
        store.close()


def test_damage_deep_inside_the_index_is_met_and_repaired(
    workspace: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "index.sqlite3"
    main(["index", "--root", str(workspace), "--db", str(db), "--quiet"])
    con = sqlite3.connect(db)
    page_size = con.execute("PRAGMA page_size").fetchone()[0]
    [root_page] = con.execute("SELECT rootpage FROM sqlite_master WHERE name='extracts'").fetchone()
    con.close()
    with db.open("r+b") as damaged:  # a bad disk block in the middle of the extracts
        damaged.seek((root_page - 1) * page_size)
        damaged.write(b"\xff" * page_size)
    (workspace / "src/inventory/api.py").write_text("def ship_order(order):\n    return order\n")
    capsys.readouterr()

    assert main(["index", "--root", str(workspace), "--db", str(db), "--quiet"]) == 0
    out, err = capsys.readouterr()
    assert "the index is corrupt" in err
    assert "6 added" in out
    store, _ = open_workspace_index(workspace, str(db))
    with store:
        assert store.find_definitions("ship_order")
        assert store.find_definitions("Warehouse")


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_on_a_terminal_the_bar_is_redrawn_in_place_and_ends_with_a_newline() -> None:
    screen = Terminal()
    reporter = ProgressReporter(screen)
    for done in range(0, 101, 10):
        reporter(done, 100)
    reporter.finish()
    drawn = screen.getvalue()
    assert drawn.startswith("\rindexing [")
    assert "\n" not in drawn[:-1]  # one line, rewritten
    assert drawn.endswith("] 100/100 files\n")
    assert "[" + "#" * 30 + "]" in drawn
