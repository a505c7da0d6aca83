"""The benchmark of drift a newcomer's first commit brings, on a local git history (no
download): only the first commit of each author is taken, bots and merges left out, and
only what the commit adds past a baseline of its parent is reported."""

from __future__ import annotations

import dataclasses
import json
import subprocess
from collections import Counter
from pathlib import Path
from types import ModuleType

import pytest

from steering_index.conventions.provenance import project_names
from tests.bench.conftest import load_bench

WORDS = ("orders", "invoices", "carts", "refunds", "coupons", "parcels", "returns", "fees",
         "stores", "users", "prices", "stocks", "events", "notes")  # fmt: skip


@pytest.fixture(scope="module")
def newcomers() -> ModuleType:
    return load_bench("drift_newcomers")


def _commit(work: Path, author: str, message: str, files: dict[str, str]) -> str:
    for name, text in files.items():
        (work / name).parent.mkdir(parents=True, exist_ok=True)
        (work / name).write_text(text, "utf-8")
    env = ["-c", f"user.name={author}", "-c", f"user.email={author.split()[0].lower()}@x.org"]
    subprocess.run(["git", "-C", str(work), "add", "-A"], check=True)
    subprocess.run(["git", "-C", str(work), *env, "commit", "-qm", message], check=True)
    out = subprocess.run(["git", "-C", str(work), "rev-parse", "HEAD"], capture_output=True,
                         text=True, check=True)  # fmt: skip
    return out.stdout.strip()


def _module(word: str) -> str:
    return f"def load_{word}(path):\n    return path\n\n\ndef count_{word}(rows):\n    return 1\n"


@pytest.fixture
def history(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    work = tmp_path / "work"
    subprocess.run(["git", "init", "-q", str(work)], check=True)
    shas = {}
    shas["founder"] = _commit(
        work,
        "Ada Founder",
        "start",
        {f"shop/{w}.py": _module(w) for w in WORDS} | {"shop/old.py": "def getOld(x):\n  pass\n"},
    )
    shas["bot"] = _commit(work, "dependabot[bot]", "bump", {"shop/bump.py": "def bumpIt():\n  1\n"})
    shas["docs"] = _commit(work, "Dee Docs", "docs only", {"README.md": "# shop\n"})
    shas["newcomer"] = _commit(
        work,
        "Nia Newcomer",
        "add taxes",
        {"shop/taxes.py": _module("taxes") + "\n\ndef sumTaxes(rows):\n    return 0\n"},
    )
    shas["again"] = _commit(
        work, "Nia Newcomer", "more", {"shop/more.py": "def moreThings():\n    return 0\n"}
    )
    shas["founder-again"] = _commit(
        work, "Ada Founder", "later", {"shop/later.py": "def laterOn():\n    return 0\n"}
    )
    shas["kim"] = _commit(work, "Kim Late", "fees", {"shop/kim.py": _module("kims")})
    return work / ".git", shas


def test_the_first_commits_of_authors_are_taken_and_checked_past_their_parent(
    history: tuple[Path, dict[str, str]], newcomers: ModuleType
) -> None:
    git_dir, shas = history
    repo = newcomers.Repository("someone/shop", shas["kim"], (".py",), "Python")
    commits = newcomers.newcomer_commits(git_dir, repo, 10)
    # Newest first; the root commit (no parent to record), the bot, the docs-only commit and
    # each author's later commits left out.
    assert [c.sha for c in commits] == [shas["kim"], shas["newcomer"]]
    assert commits[1].touched == ("shop/taxes.py",)
    assert newcomers.newcomer_commits(git_dir, repo, 1) == commits[:1]
    assert newcomers.check_commit(git_dir, commits[0]).findings == []
    earlier = newcomers.Repository("someone/shop", shas["founder-again"], (".py",), "Python")
    assert newcomers.newcomer_commits(git_dir, earlier, 10) == commits[1:]
    outcome = newcomers.check_commit(git_dir, commits[1])
    # The founder's `getOld` and the bot's `bumpIt` were there before: only the newcomer's.
    assert [(f.path, f.text) for f in outcome.findings] == [("shop/taxes.py", "sumTaxes")]
    assert "def sumTaxes" in outcome.contexts[outcome.findings[0].id]
    finding = outcome.findings[0]
    # Changed by the head when the file holds the name as a word fewer times than the
    # commit left it (so a mention elsewhere in the file does not hide a rename), or is gone.
    sha = commits[1].sha
    assert not newcomers.changed_by(git_dir, shas["kim"], sha, finding)
    work = git_dir.parent
    fixed = _module("taxes") + "\n\ndef sum_taxes(rows):\n    return sumTaxesX\n"
    head = _commit(work, "Ada Founder", "fix", {"shop/taxes.py": fixed})
    assert newcomers.changed_by(git_dir, head, sha, finding)
    subprocess.run(["git", "-C", str(work), "rm", "-q", "shop/taxes.py"], check=True)
    assert newcomers.changed_by(git_dir, _commit(work, "Ada Founder", "rm", {}), sha, finding)
    as_file = dataclasses.replace(finding, text="taxes.py")
    assert not newcomers.changed_by(git_dir, head, sha, as_file)


def test_scripts_without_a_suffix_are_a_language_where_the_repository_says_so(
    tmp_path: Path, newcomers: ModuleType
) -> None:
    work = tmp_path / "work"
    subprocess.run(["git", "init", "-q", str(work)], check=True)
    steps = "".join(f"step_{w}() {{\n  echo {w}\n}}\n" for w in WORDS)
    _commit(work, "Ada Founder", "start", {"libexec/tool-run": "#!/usr/bin/env bash\n" + steps})
    script = _commit(
        work, "Nia Newcomer", "add", {"libexec/tool-add": "#!/bin/sh\naddIt() {\n  :\n}\n"}
    )
    _commit(work, "Dee Docs", "notes", {"NOTES": "addIt adds\n", "docs/a.md": "# a\n"})
    git_dir = work / ".git"
    head = subprocess.run(["git", "-C", str(work), "rev-parse", "HEAD"], capture_output=True,
                          text=True, check=True).stdout.strip()  # fmt: skip
    scripts = newcomers.Repository("someone/tool", head, (".sh", ""), "Bash")
    # A file without a suffix counts when its shebang names a language (not `NOTES`).
    assert [(c.sha, c.touched) for c in newcomers.newcomer_commits(git_dir, scripts, 10)] == [
        (script, ("libexec/tool-add",))
    ]
    by_suffix = newcomers.Repository("someone/tool", head, (".sh",), "Bash")
    assert newcomers.newcomer_commits(git_dir, by_suffix, 10) == []


def test_a_commit_importing_the_first_code_is_no_newcomer_s(
    tmp_path: Path, newcomers: ModuleType
) -> None:
    # koel: its creator's "Big Bang", under a second name, on a parent holding only a
    # licence and a README, met no conventions to follow.
    work = tmp_path / "work"
    subprocess.run(["git", "init", "-q", str(work)], check=True)
    _commit(work, "Ada Founder", "start", {"README.md": "# shop\n", "LICENSE": "MIT\n"})
    _commit(work, "Phan Second", "big bang", {f"shop/{w}.py": _module(w) for w in WORDS})
    late = _commit(work, "Nia Newcomer", "taxes", {"shop/taxes.py": _module("taxes")})
    repo = newcomers.Repository("someone/shop", late, (".py",), "Python")
    git_dir = work / ".git"
    assert [c.sha for c in newcomers.newcomer_commits(git_dir, repo, 10)] == [late]
    assert not newcomers.holds_code(git_dir, f"{late}~2", repo)
    assert newcomers.holds_code(git_dir, f"{late}^", repo)


def test_a_clone_is_found_as_a_mirror_or_a_working_copy(
    tmp_path: Path, history: tuple[Path, dict[str, str]], newcomers: ModuleType,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    git_dir, _shas = history
    repo = newcomers.REPOSITORIES[0]
    monkeypatch.delenv("STEERING_BENCH_GIT", raising=False)
    assert newcomers.clone_of(repo, {}) is None
    assert newcomers.clone_of(repo, {repo.slug: git_dir.parent}) == git_dir
    assert newcomers.clone_of(repo, {repo.slug: git_dir}) == git_dir
    monkeypatch.setenv("STEERING_BENCH_GIT", str(tmp_path))
    assert newcomers.clone_of(repo, {}) is None
    (tmp_path / repo.slug.replace("/", "+")).symlink_to(git_dir.parent)
    assert newcomers.clone_of(repo, {}).resolve() == git_dir.resolve()


def test_a_blob_the_clone_lacks_is_left_out_of_the_tree_written(
    tmp_path: Path, history: tuple[Path, dict[str, str]], newcomers: ModuleType
) -> None:
    git_dir, shas = history
    where = f"{shas['kim']}:README.md"
    blob = subprocess.run(["git", "--git-dir", str(git_dir), "rev-parse", where],
                          capture_output=True, text=True, check=True).stdout.strip()  # fmt: skip
    (git_dir / "objects" / blob[:2] / blob[2:]).unlink()
    tree = newcomers.export(git_dir, shas["kim"], tmp_path / "tree")
    assert not (tree / "README.md").exists()
    assert (tree / "shop" / "kim.py").read_text("utf-8") == _module("kims")
    assert len(list(tree.rglob("*.py"))) == len(WORDS) + 6


def test_a_tree_written_names_its_origin_as_a_clone_does(
    tmp_path: Path, history: tuple[Path, dict[str, str]], newcomers: ModuleType
) -> None:
    # A copied file's header giving its own project's address (`See github.com/kr/okjson`)
    # tells it from the project's own code only where the project's names are known.
    git_dir, shas = history
    bare = newcomers.export(git_dir, shas["kim"], tmp_path / "bare")
    assert project_names(bare) == frozenset()
    tree = newcomers.export(git_dir, shas["kim"], tmp_path / "tree", "https://github.com/acme/shop")
    assert project_names(tree) == {"acme", "shop"}
    assert sorted(p.name for p in tree.iterdir()) == sorted(
        [".git", *(p.name for p in bare.iterdir())]
    )


def test_a_run_s_findings_are_counted_again_with_the_labels_written_after_it(
    newcomers: ModuleType,
) -> None:
    # `--tabulate JSON` counts the findings a run wrote (`--json`) with the labels of today,
    # as the run counts its own: by verdict, and in the files the commit touched.
    commit = newcomers.Commit("c0ffee", "Nia Newcomer", ("shop/taxes.py",))
    entries = [
        {"id": "a1", "path": "shop/taxes.py", "changed_by_head": True},
        {"id": "b2", "path": "shop/other.py", "changed_by_head": False},
    ]
    counts: Counter[str] = Counter()
    newcomers._tally(counts, commit, entries, {"a1": {"verdict": "accept"}})
    assert counts == Counter(
        {"with": 1, "with accept": 1, "new": 2, "accept": 1, "unlabelled": 1,
         "touched": 1, "touched accept": 1, "changed": 1}
    )  # fmt: skip
    newcomers._tally(counts, commit, [], {})
    assert counts["with"] == 1 and counts["new"] == 2


def test_a_tabulation_counts_only_the_repositories_the_run_checked(
    history: tuple[Path, dict[str, str]],
    newcomers: ModuleType,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # A run of one repository (`--repo`) writes its findings; tabulating that file must not
    # count the other repositories as checked and clean, nor write RESULTS.md so.
    git_dir, shas = history
    shop = newcomers.Repository("someone/shop", shas["kim"], (".py",), "Python")
    quiet = newcomers.Repository("someone/quiet", shas["kim"], (".rb",), "Ruby")
    monkeypatch.setattr(newcomers, "REPOSITORIES", (shop, quiet))
    written: list[str] = []
    monkeypatch.setattr(newcomers, "write_section", lambda name, lines: written.append(name))
    clones = ["--git", f"someone/shop={git_dir}", "--git", f"someone/quiet={git_dir}"]

    def run(*args: str) -> str:
        monkeypatch.setattr("sys.argv", ["drift_newcomers.py", *clones, *args])
        assert newcomers.main() == 0
        return capsys.readouterr().err

    one = tmp_path / "one.json"
    run("--no-write", "--json", str(one), "--repo", "someone/quiet")
    # Checked, with no finding (no Ruby commit at all): an empty list, not a missing key.
    assert json.loads(one.read_text("utf-8")) == {"someone/quiet": []}
    err = run("--tabulate", str(one))
    assert (
        "someone/shop: not in" in err and "RESULTS.md left alone: not counted: someone/shop" in err
    )
    assert written == []
    both = tmp_path / "both.json"
    run("--no-write", "--json", str(both))
    assert [e["text"] for e in json.loads(both.read_text("utf-8"))["someone/shop"]] == ["sumTaxes"]
    run("--tabulate", str(both))
    assert written == ["drift-newcomers"]


def test_a_run_stopped_midway_keeps_the_findings_of_the_repositories_it_finished(
    history: tuple[Path, dict[str, str]],
    newcomers: ModuleType,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A run over large repositories takes hours: the file is written after each one, so a
    # run that stops (here, on a clone that lacks the pinned commit) keeps what it checked.
    git_dir, shas = history
    shop = newcomers.Repository("someone/shop", shas["kim"], (".py",), "Python")
    gone = newcomers.Repository("someone/gone", "0" * 40, (".py",), "Python")
    monkeypatch.setattr(newcomers, "REPOSITORIES", (shop, gone))
    out = tmp_path / "run.json"
    clones = ["--git", f"someone/shop={git_dir}", "--git", f"someone/gone={git_dir}"]
    monkeypatch.setattr(
        "sys.argv", ["drift_newcomers.py", *clones, "--no-write", "--json", str(out)]
    )
    with pytest.raises(subprocess.CalledProcessError):
        newcomers.main()
    assert [e["text"] for e in json.loads(out.read_text("utf-8"))["someone/shop"]] == ["sumTaxes"]
    assert not out.with_name("run.json.partial").exists()


def test_an_author_name_that_is_not_utf8_does_not_stop_the_run(
    history: tuple[Path, dict[str, str]], newcomers: ModuleType
) -> None:
    # composer's history holds an author's name in Latin-1 bytes, which git gives as they are
    # (`git commit` would convert them now: the commit object is written by hand).
    git_dir, shas = history
    work = git_dir.parent
    (work / "shop" / "latin.py").write_text(_module("latins"), "utf-8")
    subprocess.run(["git", "-C", str(work), "add", "-A"], check=True)
    tree = newcomers.git(git_dir, "write-tree").strip()
    who = b"Fran\xe7ois Latin <fl@x.org> 1700000000 +0000"
    body = b"tree %s\nparent %s\nauthor %s\ncommitter %s\n\nlatin\n" % (
        tree.encode(),
        shas["kim"].encode(),
        who,
        who,
    )
    made = subprocess.run(
        ["git", "--git-dir", str(git_dir), "hash-object", "-w", "-t", "commit", "--stdin"],
        input=body, capture_output=True, check=True,
    )  # fmt: skip
    head = made.stdout.decode().strip()
    repo = newcomers.Repository("someone/shop", head, (".py",), "Python")
    [latest, *_] = newcomers.newcomer_commits(git_dir, repo, 10)
    assert latest.sha == head and latest.author == "Fran\ufffdois Latin"


def test_an_author_name_holding_a_line_break_of_unicode_is_one_line(
    history: tuple[Path, dict[str, str]], newcomers: ModuleType
) -> None:
    # phpstan-src's history holds a name mangled into mojibake with U+0085 (NEXT LINE) in
    # it; git ends each commit's line with "\n" only.
    git_dir, _shas = history
    work = git_dir.parent
    (work / "shop" / "mangled.py").write_text(_module("mangles"), "utf-8")
    subprocess.run(["git", "-C", str(work), "add", "-A"], check=True)
    subprocess.run(
        ["git", "-C", str(work), "commit", "-qm", "mangled",
         "--author", "Josef K\u00c3\u0085ozil <jk@x.org>"],
        check=True,
    )  # fmt: skip
    head = newcomers.git(git_dir, "rev-parse", "HEAD").strip()
    repo = newcomers.Repository("someone/shop", head, (".py",), "Python")
    [latest, *_] = newcomers.newcomer_commits(git_dir, repo, 10)
    assert latest.sha == head and latest.author == "Josef K\u00c3\u0085ozil"
