"""Inference streams: one file held at a time, votes tallied per folder, and the conventions
that come out are those of the whole-list inference it replaced.

`_whole_list` below is that earlier inference, kept here as the reference: it holds every
observation of every file and decides with plain list filters.
"""

from __future__ import annotations

import gc
import weakref
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import fields, replace
from pathlib import Path

from steering_index.conventions import infer
from steering_index.conventions.idioms import IDIOM_CATEGORY, is_positive
from steering_index.conventions.infer import ConventionSettings, infer_conventions
from steering_index.conventions.layout import folders
from steering_index.conventions.libraries import library_table
from steering_index.conventions.naming import MIXED, conforms
from steering_index.conventions.observe import ConventionKey, Observation, observe
from steering_index.conventions.project import NO_PROJECT, ProjectFacts, project_facts
from steering_index.conventions.votes import VoteTally
from steering_index.index.extract import extract
from steering_index.index.languages import language_for_path
from steering_index.model import Convention, FileExtract
from tests.workspaces import write_tree

# --- the reference: every observation in one list ------------------------------------------


def _under(path: str, folder: str) -> bool:
    return not folder or path.startswith(folder + "/")


def _within(scope: str, folder: str) -> bool:
    return scope == folder or _under(scope, folder)


def _inside(obs: Observation, folder: str) -> bool:
    return _under(obs.path, folder) and (obs.target is None or _within(obs.target, folder))


def _ranked(observations: list[Observation]) -> list[tuple[str, int]]:
    counts = Counter(o.choice for o in observations)
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def _strong(observations: list[Observation], settings: ConventionSettings, least: int) -> bool:
    ranked = _ranked(observations)
    if not ranked or ranked[0][0] == MIXED:
        return False
    return ranked[0][1] >= least and ranked[0][1] / len(observations) >= settings.min_share


def _one(
    key: ConventionKey,
    observations: list[Observation],
    scope: str,
    settings: ConventionSettings,
    reexported: frozenset[str],
) -> Convention | None:
    ranked = _ranked(observations)
    if not ranked or ranked[0][0] == MIXED:
        return None
    against = [o for o in observations if o.symbol and not conforms(o.choice, ranked[0][0])]
    files: dict[str, set[str]] = defaultdict(set)
    for obs in against:
        files[obs.text].add(obs.path)
    shared = sorted(
        ((n, len(p)) for n, p in files.items() if len(p) >= settings.shared_name_min_files),
        key=lambda item: (-item[1], item[0]),
    )
    public = sorted({o.text for o in against if o.text in reexported})
    names = {n for n, _ in shared} | set(public)
    observations = [o for o in observations if o.symbol is None or o.text not in names]
    ranked = _ranked(observations)
    if not ranked or ranked[0][0] == MIXED:
        return None
    value, count = ranked[0]
    paths = ["/".join(folders(o.path)) for o in observations]
    folder = scope or infer._common_folder(paths)
    where = f" under {folder}/" if folder else ""
    least = settings.subtree_min_count if scope else settings.min_count
    return Convention(
        id=f"{key.id}@{scope}" if scope else key.id,
        category=key.category,
        language=key.language,
        subject=key.subject,
        value=value,
        count=count,
        total=len(observations),
        scope=scope,
        evidence=infer._describe(key, value, count, len(observations), where),
        strong=_strong(observations, settings, least),
        alternatives=tuple(ranked[1:]),
        shared_names=tuple(shared),
        public_names=tuple(public),
    )


def _subtrees(
    observations: list[Observation], settings: ConventionSettings, base: str
) -> list[str]:
    overall = _ranked(observations)
    if not overall:
        return []
    by_folder: dict[str, list[Observation]] = defaultdict(list)
    skip = len(base.split("/")) if base else 0
    for obs in observations:
        parts = folders(obs.path)
        for depth in range(skip + 1, len(parts) + 1):
            folder = "/".join(parts[:depth])
            if obs.target is not None and not _within(obs.target, folder):
                break
            by_folder[folder].append(obs)
    claimed: list[str] = []
    for folder in sorted(by_folder, key=lambda f: (f.count("/"), f)):
        if any(_under(folder, c) for c in claimed):
            continue
        mine = by_folder[folder]
        if _ranked(mine)[0][0] != overall[0][0] and _strong(
            mine, settings, settings.subtree_min_count
        ):
            claimed.append(folder)
    return claimed


def _scoped(
    key: ConventionKey,
    observations: list[Observation],
    scope: str,
    settings: ConventionSettings,
    reexported: frozenset[str],
) -> list[Convention]:
    subtrees = _subtrees(observations, settings, scope) if settings.subtrees else []
    rest = [o for o in observations if not any(_inside(o, s) for s in subtrees)]
    found = [_one(key, rest, scope, settings, reexported)]
    for folder in subtrees:
        inside = [o for o in observations if _inside(o, folder)]
        found.append(_one(key, inside, folder, settings, reexported))
    return [c for c in found if c is not None]


def _whole_list(
    extracts: list[FileExtract], settings: ConventionSettings, project: ProjectFacts
) -> list[Convention]:
    table = library_table()
    by_key: dict[ConventionKey, list[Observation]] = defaultdict(list)
    for one in extracts:
        for obs in observe(one, table, project=project):
            if obs.votes:
                by_key[obs.key].append(obs)
    reexported = frozenset(n for one in extracts for n in infer._reexported_names(one))
    packages = project.package_folders()
    found: list[Convention] = []
    for key in sorted(by_key, key=lambda k: k.id):
        observations = by_key[key]
        if key.category == IDIOM_CATEGORY and not any(is_positive(o.choice) for o in observations):
            continue
        public = reexported if (key.category, key.language) == ("naming", "python") else frozenset()
        own: dict[str, list[Observation]] = defaultdict(list)
        rest: list[Observation] = []
        for obs in observations:
            home = next((p for p in reversed(packages) if _inside(obs, p)), "")
            (own[home] if home else rest).append(obs)
        mine: list[Convention] = []
        pooled = _one(key, observations, "", settings, public) if packages else None
        for package in packages:
            if len(own[package]) >= settings.subtree_min_count:
                theirs = _scoped(key, own[package], package, settings, public)
                top = next((c for c in theirs if c.scope == package), None)
                follows = key.category == "naming" and pooled is not None and pooled.strong
                follows = follows and top is not None
                if not (follows and top.value == pooled.value):  # type: ignore[union-attr]
                    mine.extend(theirs)
                    continue
            rest.extend(own[package])
        if len(rest) >= settings.min_count or not mine:
            leftover = _scoped(key, rest, "", settings, public)
            if mine:
                leftover = [c if c.scope else infer._held_by_all(c, pooled) for c in leftover]
            mine[:0] = leftover
        else:
            mine[:0] = [pooled] if pooled is not None else []
        for conv in mine:
            if conv.category == IDIOM_CATEGORY and not is_positive(conv.value):
                if not conv.scope:
                    continue
                conv = replace(conv, strong=False)
            found.append(conv)
    return infer.overrule_declared(found, project)


# --- a workspace with every case: packages, subtrees, shared and re-exported names ---------


def _monorepo() -> dict[str, str]:
    files = {"pyproject.toml": "[project]\nname = 'ws'\n"}
    files["packages/api/pyproject.toml"] = "[project]\nname = 'api'\n"
    files["packages/web/package.json"] = '{"name": "web"}\n'
    for n in range(12):
        files[f"packages/api/api/svc_{n}.py"] = (
            f"from api.core import base\nimport httpx\n\n\nclass Service{n}:\n"
            f"    def handle_request(self):\n        return base\n\n"
            f"    def close_service(self):\n        return base\n\n"
            f"    def setUpTestData(self):\n        pass\n\n\ndef make_service_{n}():\n"
            f"    return Service{n}()\n"
        )
    files["packages/api/api/core.py"] = "base = 1\n\n\ndef fetchAll():\n    return base\n"
    files["packages/api/api/__init__.py"] = "from .core import fetchAll\n"
    files["packages/api/api/odd.py"] = "from .core import base\nimport requests\n"
    for n in range(7):
        files[f"packages/api/api/legacy/old_{n}.py"] = (
            f"from .helpers import x\n\n\ndef loadThing{n}():\n    return x\n"
        )
    files["packages/api/api/legacy/helpers.py"] = "x = 1\n"
    for n in range(6):
        files[f"packages/web/src/view_{n}.ts"] = (
            f"import {{ a }} from './util'\nexport function renderView{n}() {{ return a }}\n"
        )
    files["packages/web/src/util.ts"] = "export const a = 1\nexport function do_it() {}\n"
    for n in range(6):
        files[f"tests/test_{n}.py"] = "import pytest\n\n\ndef test_it():\n    assert True\n"
    return files


def _extracts(root: Path, files: dict[str, str]) -> tuple[list[FileExtract], ProjectFacts]:
    write_tree(root, dict[str, str | bytes](files))
    extracts = [
        extract(path, text.encode(), language)
        for path, text in sorted(files.items())
        if (language := language_for_path(path)) is not None
    ]
    return extracts, project_facts(root, ((e.path, e.language) for e in extracts))


def test_streamed_inference_equals_the_whole_list_one(
    tmp_path: Path, pyshop: list[FileExtract], tsshop: list[FileExtract]
) -> None:
    extracts, facts = _extracts(tmp_path / "ws", _monorepo())
    settings = ConventionSettings()
    streamed = infer_conventions(iter(extracts), settings, project=facts)
    assert streamed == _whole_list(extracts, settings, facts)
    ids = {c.id for c in streamed}
    # The workspace exercises what the tally must keep apart: packages, a subtree of a
    # package, a shared name and a re-exported one.
    assert {"naming.python.function@packages/api/api/legacy", "naming.python.method"} <= ids
    methods = next(c for c in streamed if c.id.startswith("naming.python.method"))
    assert methods.shared_names == (("setUpTestData", 12),)
    assert any(c.public_names == ("fetchAll",) for c in streamed)
    for fixture in (pyshop, tsshop, pyshop + tsshop):
        for each in (settings, ConventionSettings(shared_name_min_files=2, subtrees=False)):
            assert infer_conventions(iter(fixture), each) == _whole_list(fixture, each, NO_PROJECT)


class _Watched(FileExtract):
    """An extract a test can hold a weak reference to."""

    __slots__ = ("__weakref__",)


def _watched(extracts: list[FileExtract], alive: list[weakref.ref], most: list[int]) -> Iterator:
    """Each extract in turn, noting before each how many handed out earlier are still held."""
    for one in extracts:
        gc.collect()
        most[0] = max(most[0], sum(ref() is not None for ref in alive))
        copy = _Watched(**{f.name: getattr(one, f.name) for f in fields(FileExtract)})
        alive.append(weakref.ref(copy))
        yield copy
        del copy


def test_inference_holds_one_file_at_a_time(pyshop: list[FileExtract]) -> None:
    alive: list[weakref.ref] = []
    most = [0]
    many = [replace(one, path=f"copy{n}/{one.path}") for n in range(5) for one in pyshop]
    found = infer_conventions(_watched(many, alive, most))
    assert len(alive) == len(many) == 100
    assert most[0] <= 1  # at most the file being counted, never the ones before it
    assert found == infer_conventions(many)


def test_votes_are_held_per_folder_not_per_file() -> None:
    table = library_table()
    source = "def make_thing():\n    return 1\n\n\ndef other_thing():\n    return 2\n"
    with VoteTally() as few, VoteTally() as many:
        for n in range(10):
            few.add(observe(extract(f"pkg/m{n}.py", source.encode(), "python"), table))
        for n in range(500):
            many.add(observe(extract(f"pkg/m{n}.py", source.encode(), "python"), table))
        assert many.files == 500
        assert {k: len(v) for k, v in many.cells.items()} == {
            k: len(v) for k, v in few.cells.items()
        }


def test_inference_in_worker_processes_equals_the_inference_in_one(tmp_path: Path) -> None:
    from steering_index.conventions.infer import (
        conventions_of_votes,
        reference_filter,
        votes_of_file,
        workspace_conventions,
    )
    from steering_index.conventions.workers import votes_in_workers
    from steering_index.index.indexer import Indexer
    from steering_index.store import IndexStore

    root = tmp_path / "ws"
    files = _monorepo()
    write_tree(root, {".git/HEAD": "ref: refs/heads/main\n", **files})
    table = library_table()
    with IndexStore.open(tmp_path / "index.db") as store:
        Indexer(root, store).build()
        project = infer.workspace_facts(store, root)
        alone = infer_conventions(
            store.iter_extracts(reference_filter(table)), table=table, project=project
        )
        assert alone and any(c.scope for c in alone) and any(c.shared_names for c in alone)
        told: list[tuple[int, int]] = []
        voted = votes_in_workers(
            store.db_path, store.indexed_paths(), store.counts()[0], votes_of_file,
            reference_filter, table, project, workers=2, progress=lambda *n: told.append(n),
            run_size=3,  # many runs, shared by both workers, counted back in order
        )  # fmt: skip
        assert conventions_of_votes(voted, project=project) == alone
        assert told[-1] == (store.counts()[0],) * 2 and len(told) > 2
        # And as `steering check` and the server ask for them.
        found = workspace_conventions(store, table=table, project=project, workers=2, min_files=0)
        assert found == alone
