"""`steering index --export FILE` and `--from FILE`: an index built once (in CI) seeds a
workspace's own, so that a fresh clone parses only the files that differ."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from steering_index.cli import main as cli
from steering_index.store import SCHEMA_VERSION, IndexStore
from tests.llm.test_commands import recorded
from tests.workspaces import write_tree

FILES = {
    "shop/__init__.py": "",
    "shop/pricing.py": (
        "def net_price(amount: int, rate: float) -> float:\n"
        '    """Price after tax."""\n'
        "    return amount * (1 + rate)\n"
    ),
    "shop/orders.py": (
        "from shop.pricing import net_price\n\n\n"
        "class Order:\n"
        "    def total(self) -> float:\n"
        "        return net_price(3, 0.2)\n"
    ),
    "web/app.ts": "export function startServer(port: number): void {}\n",
}


def _index(root: Path, db: Path, *extra: str) -> int:
    return cli.main(["index", "--root", str(root), "--db", str(db), "--quiet", *extra])


def _symbols(db: Path) -> list[tuple[str, ...]]:
    store = IndexStore.open(db)
    try:
        rows = [
            (row.path, s.name, s.kind, s.scope, s.signature or "")
            for row in store.files()
            for s in store.symbols_in(row.path)
        ]
    finally:
        store.close()
    return sorted(rows)


@pytest.fixture
def shared(tmp_path: Path) -> tuple[Path, Path]:
    """A workspace indexed and exported, as CI would: (its folder, the shared file)."""
    built = write_tree(tmp_path / "ci" / "checkout", FILES)
    shared_file = tmp_path / "shared.idx"
    assert _index(built, tmp_path / "ci.db", "--export", str(shared_file)) == 0
    return built, shared_file


def test_a_clone_elsewhere_starts_from_the_shared_index_and_parses_nothing(
    shared: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    built, shared_file = shared
    clone = tmp_path / "laptop" / "project"
    shutil.copytree(built, clone)  # new folder, new mtimes: the contents decide
    capsys.readouterr()
    assert _index(clone, tmp_path / "laptop.db", "--from", str(shared_file)) == 0
    out = capsys.readouterr().out
    assert "0 added, 0 updated, 0 removed, 4 unchanged" in out
    assert _symbols(tmp_path / "laptop.db") == _symbols(tmp_path / "ci.db")
    with IndexStore.open(tmp_path / "laptop.db") as store:
        assert store.meta("root") == str(clone.resolve())


def test_only_the_files_that_differ_from_the_shared_index_are_parsed(
    shared: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    built, shared_file = shared
    clone = tmp_path / "clone"
    shutil.copytree(built, clone)
    (clone / "shop" / "pricing.py").write_text(
        "def gross_price(amount: int) -> int:\n    return amount\n"
    )
    capsys.readouterr()
    assert _index(clone, tmp_path / "clone.db", "--from", str(shared_file)) == 0
    assert "0 added, 1 updated, 0 removed, 3 unchanged" in capsys.readouterr().out
    names = {row[1] for row in _symbols(tmp_path / "clone.db")}
    assert "gross_price" in names and "net_price" not in names


def test_the_shared_file_holds_no_path_of_the_machine_that_built_it(
    shared: tuple[Path, Path],
) -> None:
    built, shared_file = shared
    data = shared_file.read_bytes()
    assert str(built.resolve()).encode() not in data
    assert str(built.parent).encode() not in data


def test_the_model_calls_recorded_on_this_machine_are_kept(
    shared: tuple[Path, Path], tmp_path: Path
) -> None:
    built, shared_file = shared
    db = tmp_path / "mine.db"
    assert _index(built, db) == 0
    with IndexStore.open(db) as store:
        store.record_model_call(recorded("2026-11-03", "small", "claude-haiku-5-5", 0.0016))
    assert _index(built, db, "--from", str(shared_file)) == 0
    with IndexStore.open(db) as store:
        assert [call.model for call in store.model_calls()] == ["claude-haiku-5-5"]


def _unusable(shared_file: Path, tmp_path: Path) -> dict[str, Path]:
    """Files a user might pass to --from by mistake, each with what is wrong with it."""
    old = tmp_path / "old.idx"
    shutil.copy(shared_file, old)
    con = sqlite3.connect(old)
    con.execute(f"PRAGMA user_version={SCHEMA_VERSION - 1}")
    con.close()
    damaged = tmp_path / "damaged.idx"
    data = bytearray(shared_file.read_bytes())
    data[4096:12288] = b"\xff" * 8192  # the pages after the first: tables, not the header
    damaged.write_bytes(bytes(data))
    text = write_tree(tmp_path / "misc", {"notes.md": "# not an index\n"}) / "notes.md"
    return {
        "does not exist": tmp_path / "missing.idx",
        "is a folder": tmp_path / "misc",
        "not SQLite": text,
        f"this one reads schema {SCHEMA_VERSION}": old,
        "export it again": damaged,
    }


def test_an_unusable_shared_file_is_refused_and_the_index_is_left_as_it_was(
    shared: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    built, shared_file = shared
    db = tmp_path / "mine.db"
    (built / "shop" / "extra.py").write_text("def only_here() -> None: ...\n")
    assert _index(built, db) == 0
    before = _symbols(db)
    for said, path in _unusable(shared_file, tmp_path).items():
        capsys.readouterr()
        assert _index(built, db, "--from", str(path)) == 2, said
        err = capsys.readouterr().err
        assert said in err and str(path) in err, err
        assert _symbols(db) == before, said


def test_an_export_never_writes_over_an_existing_file(
    shared: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    built, shared_file = shared
    kept = shared_file.read_bytes()
    capsys.readouterr()
    assert _index(built, tmp_path / "ci.db", "--export", str(shared_file)) == 2
    assert "already exists" in capsys.readouterr().err
    assert shared_file.read_bytes() == kept
    assert _index(built, tmp_path / "ci.db", "--export", str(tmp_path / "no" / "x.idx")) == 2
    assert "does not exist" in capsys.readouterr().err


def test_from_and_rebuild_together_are_refused(
    shared: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    built, shared_file = shared
    assert _index(built, tmp_path / "x.db", "--from", str(shared_file), "--rebuild") == 2
    assert "cannot be used together" in capsys.readouterr().err


def _set_meta(index: Path, key: str, value: str) -> None:
    con = sqlite3.connect(index)
    with con:
        con.execute("UPDATE meta SET value=? WHERE key=?", (value, key))
    con.close()


def test_a_file_exported_by_another_version_is_used_with_a_note(
    shared: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    built, shared_file = shared
    _set_meta(shared_file, "shared_by", "0.0.1")
    capsys.readouterr()
    assert _index(built, tmp_path / "mine.db", "--from", str(shared_file)) == 0
    captured = capsys.readouterr()
    assert "exported by steering 0.0.1" in captured.err and "pin one version" in captured.err
    assert "4 unchanged" in captured.out
    with IndexStore.open(tmp_path / "mine.db") as store:
        assert store.meta("shared_by") is None  # the local index is this machine's own


def test_the_same_version_says_nothing_about_versions(
    shared: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    built, shared_file = shared
    capsys.readouterr()
    assert _index(built, tmp_path / "mine.db", "--from", str(shared_file)) == 0
    assert "exported by" not in capsys.readouterr().err


def test_the_conventions_inferred_in_ci_travel_with_the_shared_index(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = {f"pkg/mod_{i}.py": f"def load_item_{i}() -> int:\n    return {i}\n" for i in range(8)}
    built = write_tree(tmp_path / "ci", files)
    ci_db, shared_file = tmp_path / "ci.db", tmp_path / "shared.idx"
    assert cli.main(["conventions", "--root", str(built), "--db", str(ci_db), "--json"]) == 0
    assert _index(built, ci_db, "--export", str(shared_file)) == 0
    # Mark what CI remembered, so that a clone that inferred again would not show the mark.
    con = sqlite3.connect(shared_file)
    with con:
        (payload,) = con.execute("SELECT value FROM meta WHERE key='conventions'").fetchone()
        remembered = json.loads(payload)
        assert remembered["conventions"], "the fixture should give conventions"
        for convention in remembered["conventions"]:
            convention["total"] += 1000
        con.execute("UPDATE meta SET value=? WHERE key='conventions'", (json.dumps(remembered),))
    con.close()
    clone = tmp_path / "clone"
    shutil.copytree(built, clone)
    assert _index(clone, tmp_path / "clone.db", "--from", str(shared_file)) == 0
    capsys.readouterr()
    db = str(tmp_path / "clone.db")
    assert cli.main(["conventions", "--root", str(clone), "--db", db, "--json", "--all"]) == 0
    totals = [c["total"] for c in json.loads(capsys.readouterr().out)["conventions"]]
    assert totals and all(total > 1000 for total in totals)


def test_a_file_another_extraction_wrote_is_read_again_whole(
    shared: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Same schema, other extraction code (an older steering): its extracts are not this
    # one's, so every file is parsed again, with a note, and nothing is taken as unchanged.
    built, shared_file = shared
    _set_meta(shared_file, "extractor", "another")
    capsys.readouterr()
    assert _index(built, tmp_path / "mine.db", "--from", str(shared_file)) == 0
    captured = capsys.readouterr()
    assert "another version of steering's extraction: every file is read again" in captured.err
    assert "4 added, 0 updated, 0 removed, 0 unchanged" in captured.out
    assert _index(built, tmp_path / "mine.db") == 0
    assert "4 unchanged" in capsys.readouterr().out  # and once only
