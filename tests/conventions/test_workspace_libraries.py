"""A workspace's own additions to the library table (`.steering/libraries.toml`): its
wrapper beside requests and httpx, or a job the shipped table lacks. A bad file is named and
skipped, never fatal, and the shipped table stays in force."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from steering_index.cli.conventions import run_check, run_conventions
from steering_index.conventions.libraries import (
    WORKSPACE_LIBRARIES,
    library_table,
    workspace_library_table,
)
from steering_index.session import EngineSettings, Session
from tests.workspaces import write_tree

ACME = """\
[python.http-client]
acme_http = ["acme.http"]

[python.task-queue]
celery = ["celery"]
rq = ["rq"]
"""


def _service(i: int, module: str) -> str:
    return f"from {module} import get\n\n\ndef fetch_{i}(url):\n    return get(url)\n"


def _workspace(tmp_path: Path, table: str | bytes | None) -> Path:
    files: dict[str, str | bytes] = {
        f"app/service_{i}.py": _service(i, "acme.http") for i in range(10)
    }
    files["app/legacy.py"] = _service(99, "requests")
    if table is not None:
        files[WORKSPACE_LIBRARIES] = table
    return write_tree(tmp_path / "ws", files)


def _args(root: Path, **extra: object) -> argparse.Namespace:
    return argparse.Namespace(root=str(root), db=str(root.parent / "index.db"), **extra)


def _jobs(root: Path) -> dict[str, list[str]]:
    table, _ = workspace_library_table(root)
    return {g.job: [c.name for c in g.choices] for g in table.for_language("python")}


def test_the_workspace_table_adds_libraries_and_jobs_to_the_shipped_one(tmp_path: Path) -> None:
    root = _workspace(tmp_path, ACME)
    jobs = _jobs(root)
    assert jobs["http-client"][-1] == "acme_http"
    assert {"requests", "httpx"} <= set(jobs["http-client"])
    assert jobs["task-queue"] == ["celery", "rq"]
    assert jobs["logging"] == _jobs(tmp_path)["logging"]  # the rest as shipped
    assert workspace_library_table(root)[0].digest != library_table().digest
    assert workspace_library_table(tmp_path) == (library_table(), [])  # no file: shipped


def test_steering_check_finds_the_library_the_workspace_named(tmp_path: Path, capsys) -> None:
    root = _workspace(tmp_path, ACME)
    assert run_check(_args(root, paths=[], format="text")) == 1
    captured = capsys.readouterr()
    assert captured.err == ""
    lines = captured.out.splitlines()
    assert lines[0].startswith("app/legacy.py:1:1: convention/library.python.http-client ")
    assert "this project's http client library is acme_http (acme_http: 10 of 11" in lines[0]
    assert lines[-1] == "1 finding"
    # Without the file, acme.http is no http client: nothing to compare requests with.
    (root / WORKSPACE_LIBRARIES).unlink()
    assert run_check(_args(root, paths=[], format="text")) == 0


def test_a_table_that_is_not_toml_is_named_and_the_shipped_one_used(tmp_path: Path, capsys) -> None:
    root = _workspace(tmp_path, "[python.http-client\nacme_http = ['acme.http']\n")
    table, problems = workspace_library_table(root)
    assert table == library_table()
    assert len(problems) == 1
    assert problems[0].startswith(".steering/libraries.toml: not valid TOML (")
    assert "line 1" in problems[0] and problems[0].endswith("; not used")
    assert run_conventions(_args(root, json=True, all=False)) == 0
    captured = capsys.readouterr()
    assert captured.err == f"steering conventions: warning: {problems[0]}\n"
    ids = {c["id"] for c in json.loads(captured.out)["conventions"]}
    assert "library.python.http-client" not in ids


def test_entries_of_the_wrong_shape_are_named_and_the_rest_kept(tmp_path: Path) -> None:
    root = _workspace(
        tmp_path,
        '[python.http-client]\nacme_http = "acme.http"\nacme_async = ["acme.aio"]\n'
        "[python.solo]\nonly = ['one']\n"
        "[python.cache]\nredis = { modules = ['redis'], exclude = ['redis.x'] }\n"
        "memcache = ['pymemcache']\n",
    )
    table, problems = workspace_library_table(root)
    assert problems == [
        ".steering/libraries.toml: python.cache.redis: must be a list of module names, or a"
        " table of `modules`, `except`, `calls`, `succeeds`, `serves`, `needed_for`,"
        " `packages` and `platforms` lists; skipped",
        ".steering/libraries.toml: python.cache: one library is no choice; name two or more;"
        " skipped",
        ".steering/libraries.toml: python.http-client.acme_http: must be a list of module"
        " names, or a table of `modules`, `except`, `calls`, `succeeds`, `serves`,"
        " `needed_for`, `packages` and `platforms` lists; skipped",
        ".steering/libraries.toml: python.solo: one library is no choice; name two or more;"
        " skipped",
    ]
    jobs = {g.job: [c.name for c in g.choices] for g in table.for_language("python")}
    assert "acme_async" in jobs["http-client"] and "acme_http" not in jobs["http-client"]
    assert "solo" not in jobs and "cache" not in jobs


def test_a_binary_table_is_named(tmp_path: Path) -> None:
    root = _workspace(tmp_path, b"\x00\x01binary")
    table, problems = workspace_library_table(root)
    assert table == library_table()
    assert problems == [
        ".steering/libraries.toml: binary file (contains NUL bytes); skipped; not used"
    ]


def test_a_session_takes_a_changed_table_and_says_what_is_wrong(tmp_path: Path) -> None:
    root = _workspace(tmp_path, None)
    (root / ".git").mkdir()
    settings = EngineSettings(index_path=str(tmp_path / "index.db"))
    state = Session(root, lambda: settings)
    try:
        state.build_index(None)
        assert state.library_problems == []
        assert state.findings_for("app/legacy.py") == []
        write_tree(root, {WORKSPACE_LIBRARIES: ACME})
        assert state.apply_changes({WORKSPACE_LIBRARIES}) == []
        codes = [f.code for f in state.findings_for("app/legacy.py")]
        assert codes == ["convention/library.python.http-client"]
        write_tree(root, {WORKSPACE_LIBRARIES: "not = [valid"})
        problems = state.apply_changes({WORKSPACE_LIBRARIES})
        assert len(problems) == 1 and "not valid TOML" in problems[0]
        assert state.findings_for("app/legacy.py") == []  # the shipped table again
    finally:
        state.close()
