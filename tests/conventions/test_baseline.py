"""The baseline: findings a team recorded as kept are left out of `steering check` and of
the editor's diagnostics, and only drift that came after is reported. Recorded by what a
finding flags, not where, so edits elsewhere in a file keep it recorded."""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

import pytest

from steering_index.cli.conventions import run_check
from steering_index.conventions.baseline import (
    DEFAULT_BASELINE,
    Baseline,
    BaselineError,
    finding_key,
    read_baseline,
    write_baseline,
)
from steering_index.model import Finding, LineRange, Location, Span
from tests.workspaces import (
    binding_with_latent_classes,
    changed_classes,
    classes_with_recorded_names,
    folder_of_its_own,
    php_with_unreadable_file,
    readable_json,
    write_tree,
)


def check(root: Path, *paths: str, **options: object) -> argparse.Namespace:
    db = str(root.parent / f"{root.name}.db")
    return argparse.Namespace(root=str(root), db=db, paths=list(paths), format="text", **options)


def _finding(path: str, line: int, col: int, name: str, code: str) -> Finding:
    span = Span(0, 0, line, col, line, col + len(name))
    return Finding(code, f"`{name}` drifts", Location(path, LineRange(line + 1, line + 1), span))


def test_a_finding_is_recorded_by_its_convention_and_the_text_it_flags() -> None:
    data = b"def loadTaxes():\n    pass\n"
    scoped = _finding("shop/taxes.py", 0, 4, "loadTaxes", "convention/naming.python.function@shop")
    assert finding_key(scoped, data) == ("convention/naming.python.function", "loadTaxes")
    # Lines added above do not change what it flags.
    moved = _finding("shop/taxes.py", 3, 4, "loadTaxes", "convention/naming.python.function")
    assert finding_key(moved, b"\n\n\n" + data) == finding_key(scoped, data)


def test_a_name_recorded_once_is_kept_however_often_it_is_flagged() -> None:
    """A second definition of a kept name (another branch of a macro, an overload) is no
    new choice of name; a library used once more than recorded is new."""
    data = b"def getA():\n    pass\ndef getA():\n    pass\n"
    first = _finding("m.py", 0, 4, "getA", "convention/naming.python.function")
    second = _finding("m.py", 2, 4, "getA", "convention/naming.python.function")
    baseline = Baseline()
    baseline.add([first], lambda _path: data)
    new, recorded = baseline.split("m.py", [first, second], data)
    assert (new, recorded) == ([], [first, second])
    other = _finding("other.py", 0, 4, "getB", "convention/naming.python.function")
    assert baseline.split("other.py", [other], b"def getB():\n") == ([other], [])
    library = "convention/libraries.python.http-client"
    used = _finding("m.py", 0, 4, "getA", library)
    again = _finding("m.py", 2, 4, "getA", library)
    baseline.add([used], lambda _path: data)
    assert baseline.split("m.py", [used, again], data) == ([again], [used])


def test_a_name_recorded_before_its_convention_was_split_off_stays_recorded() -> None:
    """C#'s protected fields voted with its public ones; a baseline written then recorded
    NLog's `_fileTarget` as a public field. Judged now as a protected field, it is still
    the name the team kept; a new protected name is not."""
    data = b"class A {\n    protected FileTarget _fileTarget;\n    protected int Extra;\n}\n"
    old = _finding("A.cs", 1, 25, "_fileTarget", "convention/naming.csharp.public-field")
    baseline = Baseline()
    baseline.add([old], lambda _path: data)
    now = _finding("A.cs", 1, 25, "_fileTarget", "convention/naming.csharp.protected-field")
    extra = _finding("A.cs", 2, 18, "Extra", "convention/naming.csharp.protected-field")
    assert baseline.split("A.cs", [now, extra], data) == ([extra], [now])
    assert baseline.matched == 1
    # Not the other way: a public field's name is no protected field's.
    split = Baseline()
    split.add([now], lambda _path: data)
    assert split.split("A.cs", [old], data) == ([old], [])


def test_a_macro_recorded_before_macros_with_parameters_were_split_off_stays_recorded() -> None:
    """C's macros with parameters voted with those without; a baseline written then
    recorded redis's `dictEntryNextInSlot` as a macro, and still holds it."""
    data = b"#define dictEntryNextInSlot(de) ((de)->next)\n#define dictNew(d) (d)\n"
    old = _finding("dict.h", 0, 8, "dictEntryNextInSlot", "convention/naming.c.macro")
    baseline = Baseline()
    baseline.add([old], lambda _path: data)
    now = _finding("dict.h", 0, 8, "dictEntryNextInSlot", "convention/naming.c.function-macro")
    extra = _finding("dict.h", 1, 8, "dictNew", "convention/naming.c.function-macro")
    assert baseline.split("dict.h", [now, extra], data) == ([extra], [now])


def test_a_template_recorded_before_templates_were_named_apart_stays_recorded() -> None:
    """Blade views voted with PHP's other files; a baseline written then recorded
    `profile_page.blade.php` under the files' naming, and still holds it."""
    path = "resources/views/profile_page.blade.php"
    old = Finding("convention/files.php.naming", "drifts", Location(path, LineRange(1, 1)))
    baseline = Baseline()
    baseline.add([old], lambda _path: b"<div></div>\n")
    now = Finding("convention/files.php.template-naming", "drifts", Location(path, LineRange(1, 1)))
    other = Location("resources/views/other_page.blade.php", LineRange(1, 1))
    extra = Finding("convention/files.php.template-naming", "drifts", other)
    assert baseline.split(path, [now], b"<div></div>\n") == ([], [now])
    assert baseline.split(other.path, [extra], b"<p></p>\n") == ([extra], [])


def test_a_name_recorded_in_one_file_is_recorded_in_every_other() -> None:
    """A theme that copies another theme's `icon_start` follows what the team kept: the
    name recorded in one file is not new in another, under the same convention only."""
    data = b"icon_start=1\nicon_end=2\n"
    code = "convention/naming.bash.variable"
    kept = _finding("themes/cupcake.sh", 0, 0, "icon_start", code)
    baseline = Baseline()
    baseline.add([kept], lambda _path: data)
    copied = _finding("themes/lambda.sh", 0, 0, "icon_start", code)
    other = _finding("themes/lambda.sh", 1, 0, "icon_end", code)
    as_function = _finding(
        "themes/lambda.sh", 0, 0, "icon_start", "convention/naming.bash.function"
    )
    assert baseline.split("themes/lambda.sh", [copied, other, as_function], data) == (
        [other, as_function],
        [copied],
    )
    # Flagged twice in the file that records it once: both are kept.
    again = _finding("themes/cupcake.sh", 1, 0, "icon_start", code)
    twice = b"icon_start=1\nicon_start=2\n"
    assert baseline.split("themes/cupcake.sh", [kept, again], twice) == ([], [kept, again])
    # A file written into the baseline later is counted again.
    baseline.add([copied], lambda _path: data)
    assert baseline.files_recording()[(code, "icon_start")] == 2
    # A library recorded in one file is what that file still uses: new in another.
    library = "convention/libraries.java.test-framework"
    old = _finding("src/OldTest.java", 0, 0, "icon_start", library)
    baseline.add([old], lambda _path: data)
    copy = _finding("src/NewTest.java", 0, 0, "icon_start", library)
    assert baseline.split("src/NewTest.java", [copy], data) == ([copy], [])


def test_a_moved_file_keeps_what_was_recorded_for_it() -> None:
    baseline = Baseline()
    for path in ("app/models.py", "app/views.py", "lib/views.py", "old/util.py"):
        baseline.by_path[path] = Counter({("convention/naming.python.function", "getA"): 1})
    gone = {"app/models.py", "app/views.py", "lib/views.py"}

    def exists(path: str) -> bool:
        return path not in gone

    # Moved under a new top folder: its old path is gone, and ends most like the new one.
    assert baseline.moved_from("src/app/models.py", exists) == "app/models.py"
    assert baseline.moved_from("src/app/views.py", exists) == "app/views.py"
    # Two gone files of that name, as like it as each other: which one moved is not known.
    assert baseline.moved_from("web/views.py", exists) is None
    # A recorded file that still exists did not move; a known file is not a move.
    assert baseline.moved_from("new/util.py", exists) is None
    assert baseline.moved_from("old/util.py", exists) is None
    # What the moved file recorded (a name no other file records) stays recorded.
    baseline.by_path["app/models.py"] = Counter({("convention/naming.python.function", "getM"): 1})
    data = b"def getM():\n    pass\n"
    finding = _finding("src/app/models.py", 0, 4, "getM", "convention/naming.python.function")
    assert baseline.split("src/app/models.py", [finding], data, exists) == ([], [finding])
    # The move carries what it recorded: a name kept there is kept however often it is
    # flagged, as in the file it moved from.
    twice = _finding("src/app/models.py", 2, 4, "getM", "convention/naming.python.function")
    both = data + b"def getM():\n"
    split = baseline.split("src/app/models.py", [finding, twice], both, exists)
    assert split == ([], [finding, twice])


def test_the_file_reads_back_as_written_sorted_one_entry_a_line(tmp_path: Path) -> None:
    baseline = Baseline()
    baseline.by_path["b.py"] = Counter({("convention/naming.python.function", "getX"): 2})
    baseline.by_path["a.py"] = Counter({("convention/files.python.naming", "a.py"): 1})
    path = tmp_path / ".steering" / "baseline.json"
    write_baseline(path, baseline)
    text = path.read_text("utf-8")
    assert text.splitlines()[3].startswith('    {"path": "a.py"')
    assert json.loads(text)["version"] == 2
    assert read_baseline(path).by_path == baseline.by_path
    assert len(read_baseline(path)) == 3
    assert [p.name for p in path.parent.iterdir()] == ["baseline.json"]  # no temporary left
    # A file's unread names: one line after its findings, in a version 3 file, not counted.
    baseline.unread["b.py"] = frozenset({"get_y", "getZ"})
    write_baseline(path, baseline)
    text = path.read_text("utf-8")
    assert text.splitlines()[-3] == '    {"path": "b.py", "unread": ["getZ", "get_y"]}'
    assert json.loads(text)["version"] == 3
    assert read_baseline(path).unread == baseline.unread
    assert len(read_baseline(path)) == 3


@pytest.mark.parametrize(
    ("text", "says"),
    [
        (None, "no such baseline; write one with `steering check --write-baseline`"),
        ("{oops", ":1: not JSON"),
        ('{"version": 7, "findings": []}', "not a baseline of version 1"),
        ('{"version": 1, "findings": {}}', '"findings" must be a list'),
        ('{"version": 1, "findings": [{"path": "a.py"}]}', 'finding 1 needs "path"'),
        ('{"version": 1, "findings": [{"path": 1, "convention": "c", "text": "t"}]}', "wrong type"),
        (
            '{"version": 2, "findings": [{"path": "a", "convention": "c", "text": "t",'
            ' "latent": 1}]}',
            "wrong type",
        ),
        ('{"version": 3, "findings": [{"path": "a", "unread": "f"}]}', '"unread", a list'),
    ],
)
def test_a_bad_baseline_says_what_is_wrong_and_what_to_do(
    tmp_path: Path, text: str | None, says: str
) -> None:
    path = tmp_path / "baseline.json"
    if text is not None:
        path.write_text(text, "utf-8")
    with pytest.raises(BaselineError) as caught:
        read_baseline(path)
    assert says in str(caught.value)


def test_check_with_a_baseline_reports_only_drift_that_came_after(workspace, capsys) -> None:
    root = workspace("pyshop")
    assert run_check(check(root, write_baseline=True)) == 0
    # legacy/'s six camelCase functions, a subtree two deleted files would dissolve, are
    # recorded as latent names: not counted.
    assert "recorded 3 findings (and 6 names not reported yet" in capsys.readouterr().err
    assert len(read_baseline(root / DEFAULT_BASELINE)) == 3
    # Recorded: the same check now reports nothing, and says what it left out.
    assert run_check(check(root)) == 0
    captured = capsys.readouterr()
    assert captured.out == "0 findings\n"
    assert "3 findings recorded in" in captured.err
    # A new name in the wrong style is reported; the recorded ones stay out, though lines
    # were added above them.
    pricing = root / "shop" / "pricing.py"
    pricing.write_text(
        "\n\n" + pricing.read_text("utf-8") + "\n\ndef applyCoupon(p):\n    return p\n"
    )
    assert run_check(check(root)) == 1
    out = capsys.readouterr().out.splitlines()
    assert [line.split(": ", 1)[0] for line in out[:-1]] == ["shop/pricing.py:28:5"]
    assert "`applyCoupon`" in out[0] and out[-1] == "1 finding"
    # A recorded finding that is fixed is said to be gone, with how to drop it.
    shipping = root / "shop" / "shipping.py"
    original = shipping.read_text("utf-8")
    shipping.write_text(original.replace("from .orders import", "from shop.orders import"))
    run_check(check(root))
    err = capsys.readouterr().err
    assert "2 findings recorded in" in err and "1 finding recorded in" in err
    assert "no longer found (fixed, or renamed); `steering check --write-baseline` drops" in err
    shipping.write_text(original)
    # --no-baseline shows every finding again.
    assert run_check(check(root, no_baseline=True)) == 1
    assert capsys.readouterr().out.splitlines()[-1] == "4 findings"


def test_check_follows_a_file_moved_to_another_folder(workspace, capsys) -> None:
    root = workspace("pyshop")
    assert run_check(check(root, write_baseline=True)) == 0
    moved = root / "src" / "shop"
    moved.parent.mkdir()
    (root / "shop").rename(moved)
    capsys.readouterr()
    assert run_check(check(root)) == 0
    captured = capsys.readouterr()
    assert captured.out == "0 findings\n"
    assert "3 findings recorded in" in captured.err and "no longer found" not in captured.err


def test_recording_some_paths_keeps_what_the_baseline_holds_for_the_others(
    workspace, capsys
) -> None:
    root = workspace("pyshop")
    assert run_check(check(root, write_baseline=True)) == 0
    pricing = root / "shop" / "pricing.py"
    pricing.write_text(pricing.read_text("utf-8") + "\n\ndef applyCoupon(p):\n    return p\n")
    assert run_check(check(root, str(pricing), write_baseline=True)) == 0
    recorded = read_baseline(root / DEFAULT_BASELINE)
    assert sorted(recorded.by_path) == ["shop/pricing.py", "shop/shipping.py"]
    assert len(recorded) == 4
    capsys.readouterr()
    assert run_check(check(root)) == 0


def test_names_the_parser_could_not_read_when_recorded_stay_recorded_once_it_can(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # typecho: a newcomer's change of `$s{0}` to `$s[0]` made Services_JSON parse, and its
    # old snake_case methods, which no check had judged, came out as the newcomer's.
    root = write_tree(tmp_path / "ws", php_with_unreadable_file("lib"))
    assert run_check(check(root, write_baseline=True)) == 0
    raw = json.loads((root / DEFAULT_BASELINE).read_text("utf-8"))
    assert raw["version"] == 3
    assert {
        "path": "lib/Json.php",
        "unread": ["Json", "_is_error", "_reduce_string", "utf162utf8"],
    } in raw["findings"]
    capsys.readouterr()
    json_php = root / "lib" / "Json.php"
    json_php.write_text(readable_json(), "utf-8")
    assert run_check(check(root, no_baseline=True)) == 1  # they are drift, now it parses
    assert "`_is_error` is snake_case" in capsys.readouterr().out
    assert run_check(check(root)) == 0
    assert "no longer found" not in capsys.readouterr().err
    # Unread names hold in their own file only: another file's `_is_error` is new.
    (root / "lib" / "Other.php").write_text(
        "<?php\nclass Other\n{\n    public function loadOther() { return 1; }\n\n"
        "    public function _is_error() { return 2; }\n}\n",
        "utf-8",
    )
    assert run_check(check(root)) == 1
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 2 and out[0].startswith("lib/Other.php:6:21") and "`_is_error`" in out[0]
    (root / "lib" / "Other.php").unlink()
    # Recorded again, the file that now parses has nothing unread; its names are findings.
    assert run_check(check(root, str(json_php), write_baseline=True)) == 0
    raw = json.loads((root / DEFAULT_BASELINE).read_text("utf-8"))
    assert raw["version"] == 2 and all("unread" not in e for e in raw["findings"])
    assert {e["text"] for e in raw["findings"]} == {"_is_error", "_reduce_string"}


def test_a_named_baseline_that_is_missing_or_broken_exits_2(workspace, capsys) -> None:
    root = workspace("pyshop")
    assert run_check(check(root, baseline=str(root / "kept.json"))) == 2
    assert "kept.json: no such baseline" in capsys.readouterr().err
    (root / DEFAULT_BASELINE).parent.mkdir()
    (root / DEFAULT_BASELINE).write_text("[]", "utf-8")
    assert run_check(check(root)) == 2
    assert "not a baseline of version 1" in capsys.readouterr().err


def _public_module(i: int, extra: str = "") -> str:
    names = [f"load_{i}", f"save_{i}", *([extra] if extra else [])]
    body = "".join(f"def {n}(x):\n    return x\n\n\n" for n in names)
    return f"__all__ = {names!r}\n\n\n{body}"


def test_with_a_baseline_a_new_public_name_is_judged(tmp_path: Path, capsys) -> None:
    # Public API is left alone without a baseline (renaming it breaks its users). With one,
    # the public names there are recorded, and a new one is reported: the time to get it
    # right is before anyone uses it.
    files = {f"shop/m{i}.py": _public_module(i) for i in range(8)}
    files["shop/old.py"] = _public_module(8, "loadLegacy")
    root = write_tree(tmp_path / "ws", files)
    (root / ".git").mkdir()
    assert run_check(check(root)) == 0  # the public `loadLegacy` is left alone
    assert run_check(check(root, write_baseline=True)) == 0
    assert "recorded 1 finding in" in capsys.readouterr().err
    (root / "shop" / "new.py").write_text(_public_module(9, "saveDraft"), "utf-8")
    assert run_check(check(root)) == 1
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 2 and "`saveDraft`" in out[0], out
    assert run_check(check(root, no_baseline=True)) == 0
    # A version 1 baseline did not record public API: with one, it is left alone as then.
    (root / DEFAULT_BASELINE).write_text('{"version": 1, "findings": []}\n', "utf-8")
    capsys.readouterr()
    assert run_check(check(root)) == 0
    # Re-recording one file on top of it keeps it a version 1 baseline.
    assert run_check(check(root, str(root / "shop" / "new.py"), write_baseline=True)) == 0
    assert json.loads((root / DEFAULT_BASELINE).read_text("utf-8"))["version"] == 1


def test_a_change_that_makes_a_convention_strong_brings_no_findings_in_other_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Newtonsoft.Json: a commit added camelCase fields, the convention crossed 90%, and
    # `_Phone` in a file the commit never touched became new drift. Such names are
    # recorded as latent while most of the code follows the convention.
    files = {f"shop/part{i}.py": f"def load_part_{i}():\n    pass\n" for i in range(8)}
    files["shop/legacy.py"] = "def loadLegacy():\n    pass\n\n\ndef saveLegacy():\n    pass\n"
    root = write_tree(tmp_path / "ws", files)
    assert run_check(check(root)) == 0  # 8 of 10: not strong, nothing reported
    capsys.readouterr()
    assert run_check(check(root, write_baseline=True)) == 0
    err = capsys.readouterr().err
    assert "recorded 0 findings (and 2 names not reported yet that a change elsewhere" in err
    raw = json.loads((root / DEFAULT_BASELINE).read_text("utf-8"))
    assert [(e["path"], e["text"], e.get("latent")) for e in raw["findings"]] == [
        ("shop/legacy.py", "loadLegacy", True),
        ("shop/legacy.py", "saveLegacy", True),
    ]
    # Recording that file again replaces what it held, latent names too.
    legacy = str(root / "shop" / "legacy.py")
    assert run_check(check(root, legacy, write_baseline=True)) == 0
    again = json.loads((root / DEFAULT_BASELINE).read_text("utf-8"))
    assert again == raw
    capsys.readouterr()
    # The change: twenty more functions in the convention's style, and one that is not.
    (root / "shop" / "more.py").write_text(
        "".join(f"def add_more_{i}():\n    pass\n\n\n" for i in range(20))
        + "def addMoreLater():\n    pass\n"
    )
    assert run_check(check(root)) == 1
    captured = capsys.readouterr()
    assert [line.split(": ", 1)[0] for line in captured.out.splitlines()[:-1]] == [
        "shop/more.py:81:5"
    ]
    assert "2 findings recorded in" in captured.err and "left out" in captured.err
    assert "no longer found" not in captured.err
    # Without the baseline, the old names are findings now.
    assert run_check(check(root, no_baseline=True)) == 1
    assert capsys.readouterr().out.splitlines()[-1] == "3 findings"


def test_a_change_that_ends_a_shared_name_brings_no_findings_in_the_files_it_kept(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # xournalpp: three files named a GObject struct's member `parent_class` against the
    # project's camelCase, a name so shared it was left alone; a commit deleted one of the
    # files, and the name became new drift in the two it never touched. A baseline
    # records the names a convention leaves alone as shared, as latent names.
    files = {f"shop/part{i}.py": f"def load_part_{i}():\n    pass\n" for i in range(30)}
    files |= {f"shop/hook{i}.py": "def onEvent():\n    pass\n" for i in range(3)}
    root = write_tree(tmp_path / "ws", files)
    assert run_check(check(root)) == 0  # `onEvent` is in 3 files: a shared name
    capsys.readouterr()
    assert run_check(check(root, write_baseline=True)) == 0
    assert "recorded 0 findings (and 3 names not reported yet" in capsys.readouterr().err
    raw = json.loads((root / DEFAULT_BASELINE).read_text("utf-8"))
    assert [(e["path"], e["text"], e.get("latent")) for e in raw["findings"]] == [
        (f"shop/hook{i}.py", "onEvent", True) for i in range(3)
    ]
    # The change: one of the three files goes, and a new file brings a name of its own.
    (root / "shop" / "hook2.py").unlink()
    (root / "shop" / "late.py").write_text("def loadLate():\n    pass\n")
    assert run_check(check(root)) == 1
    captured = capsys.readouterr()
    assert [line.split(": ", 1)[0] for line in captured.out.splitlines()[:-1]] == [
        "shop/late.py:1:5"
    ]
    assert "no longer found" not in captured.err
    # Without the baseline, the name left in two files is drift now.
    assert run_check(check(root, no_baseline=True)) == 1
    out = capsys.readouterr().out
    assert "shop/hook0.py:1:5" in out and "shop/hook1.py:1:5" in out


def test_every_finding_a_check_reports_is_recorded(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Terminal.Gui: a baseline judged the curses bindings with its latent conventions strong,
    # which made `curs_set` a member two unrelated classes define (a method and a delegate),
    # left alone; a check, judging by the conventions as they are, reported it after every
    # commit (`binding_with_latent_classes`).
    files = binding_with_latent_classes("shop")
    root = write_tree(tmp_path / "ws", files)
    assert run_check(check(root, no_baseline=True)) == 1
    assert "shop/binding.py:2:9" in capsys.readouterr().out  # the method
    assert run_check(check(root, write_baseline=True)) == 0
    raw = json.loads((root / DEFAULT_BASELINE).read_text("utf-8"))
    assert ("shop/binding.py", "cursSet", None) in {
        (e["path"], e["text"], e.get("latent")) for e in raw["findings"]
    }
    capsys.readouterr()
    assert run_check(check(root)) == 0  # nothing new
    assert "no longer found" not in capsys.readouterr().err


def test_a_change_that_gives_a_folder_a_convention_of_its_own_brings_no_findings_elsewhere(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Catch2: its tests named 8 of 9 types in snake_case against the project's PascalCase;
    # a commit adding one more made the tests a subtree of their own (9 of 10), and the
    # one PascalCase type there, in a file the commit never touched, became new drift.
    # A baseline records the names departing from a folder's majority as latent names.
    files = folder_of_its_own(80, 8)
    root = write_tree(tmp_path / "ws", files)
    capsys.readouterr()
    assert run_check(check(root, write_baseline=True)) == 0
    raw = json.loads((root / DEFAULT_BASELINE).read_text("utf-8"))
    recorded = {(e["path"], e["text"], e.get("latent", False)) for e in raw["findings"]}
    assert ("legacy/kept.py", "keep_this", True) in recorded
    assert ("legacy/old0.py", "loadOld0", False) in recorded  # the workspace's finding
    assert len(recorded) == 9
    capsys.readouterr()
    # The change: one more camelCase function in legacy/ (9 of 10, a subtree), and one
    # in app/, which is new drift.
    (root / "legacy" / "old8.py").write_text("def loadOld8():\n    pass\n")
    (root / "app" / "late.py").write_text("def loadLate():\n    pass\n")
    assert run_check(check(root)) == 1
    captured = capsys.readouterr()
    assert [line.split(": ", 1)[0] for line in captured.out.splitlines()[:-1]] == [
        "app/late.py:1:5"
    ]
    # Without the baseline, `keep_this` is the subtree's finding now.
    assert run_check(check(root, no_baseline=True)) == 1
    assert "legacy/kept.py:1:5" in capsys.readouterr().out


def test_a_name_written_as_its_class_recorded_names_are_is_not_new_drift(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # `archiveLegacy` follows the three recorded camelCase methods of its class; Alamofire's
    # new notification key `responseData`, in a class with one recorded name, the three
    # recorded in its file. A name joining a class mostly in snake_case (`oldThree`), and
    # a class written anew in camelCase, are still reported.
    root = write_tree(tmp_path / "ws", classes_with_recorded_names("shop"))
    assert run_check(check(root, write_baseline=True)) == 0
    raw = json.loads((root / DEFAULT_BASELINE).read_text("utf-8"))
    assert sorted(e["text"] for e in raw["findings"]) == [
        "didResume", "didSuspend", "dropLegacy", "loadLegacy", "oldOne", "oldTwo",
        "saveLegacy", "taskKey",
    ]  # fmt: skip
    write_tree(root, dict(changed_classes("shop")))
    capsys.readouterr()
    assert run_check(check(root)) == 1
    out = capsys.readouterr().out.splitlines()
    assert [line.split("`")[1] for line in out[:-1]] == [
        "freshOne", "freshTwo", "freshThree", "oldThree",
    ]  # fmt: skip
    # Without the baseline, every camelCase name is drift, these two too.
    assert run_check(check(root, no_baseline=True)) == 1
    out = capsys.readouterr().out
    assert "`archiveLegacy`" in out and "`responseData`" in out


def test_a_change_that_dissolves_a_fragile_subtree_brings_no_findings_in_its_other_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Castle Core: `DynamicProxy/` named 9 of its 10 `static readonly` fields in camelCase
    # against the project's PascalCase, a subtree at the threshold's edge; a commit adding
    # four PascalCase ones dissolved it, and two names of an untouched file fell under the
    # project's convention. A baseline records the names a subtree a small change could
    # dissolve keeps from the convention around it, as latent ones.
    files = folder_of_its_own(120, 9)
    root = write_tree(tmp_path / "ws", files)
    assert run_check(check(root, no_baseline=True)) == 1
    assert capsys.readouterr().out.splitlines()[-1] == "1 finding"  # the subtree's `keep_this`
    assert run_check(check(root, write_baseline=True)) == 0
    raw = json.loads((root / DEFAULT_BASELINE).read_text("utf-8"))
    recorded = {(e["path"], e["text"], e.get("latent", False)) for e in raw["findings"]}
    assert ("legacy/kept.py", "keep_this", False) in recorded
    assert ("legacy/old0.py", "loadOld0", True) in recorded  # kept from the workspace's
    assert len(recorded) == 10
    capsys.readouterr()
    # The change: four snake_case functions in legacy/ (9 of 14: no subtree), one camelCase
    # in app/, which is new drift.
    (root / "legacy" / "more.py").write_text(
        "".join(f"def add_more_{i}():\n    pass\n\n\n" for i in range(4))
    )
    (root / "app" / "late.py").write_text("def loadLate():\n    pass\n")
    assert run_check(check(root)) == 1
    captured = capsys.readouterr()
    assert [line.split(": ", 1)[0] for line in captured.out.splitlines()[:-1]] == [
        "app/late.py:1:5"
    ]
    assert "no longer found" in captured.err  # `keep_this`, which departed from the subtree
    # Without the baseline, legacy/'s camelCase names are the workspace's findings now.
    assert run_check(check(root, no_baseline=True)) == 1
    assert capsys.readouterr().out.splitlines()[-1] == "10 findings"


def test_a_change_that_tips_the_whole_code_brings_no_findings_in_other_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # sml: the code outside its packages named 187 of 200 structs in snake_case, but all
    # the code only 204 of 227 (89.9%), so the convention was not enforced. A commit adding
    # snake_case structs tipped all the code to 90.5%, and seven examples' PascalCase states,
    # in files it never touched, became new drift. A convention not enforced only because
    # all the code follows it less strongly is recorded with, as one a majority follows.
    files = {f"app/part{i}.py": f"def load_part_{i}():\n    pass\n" for i in range(18)}
    files["app/legacy.py"] = "def loadLegacy():\n    pass\n"
    files["tools/pyproject.toml"] = '[project]\nname = "tools"\nversion = "1"\n'
    files |= {f"tools/t{i}.py": f"def run_tool_{i}():\n    pass\n" for i in range(5)}
    files["tools/old.py"] = "def runOld():\n    pass\n\n\ndef runOlder():\n    pass\n"
    root = write_tree(tmp_path / "ws", files)
    assert run_check(check(root)) == 0  # 23 of 26 in all the code: not enforced
    capsys.readouterr()
    assert run_check(check(root, write_baseline=True)) == 0
    raw = json.loads((root / DEFAULT_BASELINE).read_text("utf-8"))
    assert {(e["path"], e["text"], e.get("latent")) for e in raw["findings"]} == {
        ("app/legacy.py", "loadLegacy", True),
        ("tools/old.py", "runOld", True),
        ("tools/old.py", "runOlder", True),
    }
    capsys.readouterr()
    # The change: twenty more functions in the convention's style (43 of 47 in all the
    # code), and one that is not.
    (root / "app" / "more.py").write_text(
        "".join(f"def add_more_{i}():\n    pass\n\n\n" for i in range(20))
        + "def addMoreLater():\n    pass\n"
    )
    assert run_check(check(root)) == 1
    captured = capsys.readouterr()
    assert [line.split(": ", 1)[0] for line in captured.out.splitlines()[:-1]] == [
        "app/more.py:81:5"
    ]
    # Without the baseline, the old names are findings now.
    assert run_check(check(root, no_baseline=True)) == 1
    assert capsys.readouterr().out.splitlines()[-1] == "4 findings"
