"""A first whole-workspace check reads again only the files that may drift, once inference
has read them all; its findings are those of a check that reads every file."""

from __future__ import annotations

from pathlib import Path

import pytest

from steering_index.cli import main as cli
from steering_index.cli.conventions import file_findings
from steering_index.conventions.candidates import ObservedChoices
from steering_index.conventions.infer import may_drift, workspace_conventions, workspace_facts
from steering_index.conventions.libraries import library_table
from steering_index.index.files import text_reader
from steering_index.index.indexer import Indexer
from steering_index.store import IndexStore
from tests.conventions.test_names_a_file_shows import PRIVATE_OVERRIDES, _snake_python
from tests.workspaces import write_tree


def _workspace(root: Path) -> dict[str, str]:
    files = _snake_python(24)
    # Found only by reading the file's text: `_makeRequest` is the class's own helper, no
    # override of the external base's, so the check judges a name inference set aside.
    files["app/agent.py"] = PRIVATE_OVERRIDES
    files["app/jobs.py"] = "def runJob():\n    return 1\n\n\ndef stop_job():\n    return 2\n"
    files["app/quiet.py"] = "def sendMail():  # steering: ignore\n    return 1\n"
    # A folder with a naming of its own: its files follow the convention that governs them
    # there, and the project's other files are not held to it.
    for i in range(12):
        files[f"legacy/old_{i}.py"] = (
            f"def loadThing{i}():\n    return 1\n\n\ndef saveThing{i}():\n    return 2\n"
        )
    write_tree(root, {".git/HEAD": "ref: refs/heads/main\n", **files})
    return files


def _findings(store: IndexStore, root: Path, observed: ObservedChoices | None) -> tuple:
    table = library_table()
    facts = workspace_facts(store, root)
    conventions = workspace_conventions(
        store, table=table, project=facts, observed=observed, workers=1
    )
    drifting = may_drift(observed, conventions) if observed is not None else None
    read = text_reader(root)
    found = list(
        file_findings(store, [""], conventions, table, project=facts, read=read, drifts=drifting)
    )
    flagged = sorted((f.location.path, f.message.split("`")[1]) for one, _ in found for f in one)
    silenced = sorted(f.location.path for _, quiet in found for f in quiet)
    return flagged, silenced, len(found)


def test_a_first_check_reads_again_only_the_files_that_may_drift(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    _workspace(root)
    with IndexStore.open(tmp_path / "index.db") as store:
        Indexer(root, store).build()
        observed = ObservedChoices()
        first = _findings(store, root, observed)
        assert observed.complete
        # Remembered now: nothing observed, so the check reads every file.
        again = ObservedChoices()
        remembered = _findings(store, root, again)
        assert not again.complete and may_drift(again, []) is None
        files = store.counts()[0]
    flagged, silenced, read_first = first
    assert (flagged, silenced) == remembered[:2]
    assert ("app/agent.py", "_makeRequest") in flagged
    assert ("app/jobs.py", "runJob") in flagged
    assert silenced == ["app/quiet.py"]
    # The 36 modules that follow the conventions governing them are not read again.
    assert remembered[2] == files
    assert read_first == 3


def test_steering_check_reports_the_same_first_and_when_remembered(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("STEERING_CACHE_DIR", str(tmp_path / "cache"))
    root = tmp_path / "ws"
    _workspace(root)
    assert cli.main(["check", "--root", str(root), "--format", "jsonl"]) == 1
    first = capsys.readouterr().out
    assert cli.main(["check", "--root", str(root), "--format", "jsonl"]) == 1
    assert capsys.readouterr().out == first
    assert '"silenced": true' in first and "_makeRequest" in first
