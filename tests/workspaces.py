"""Helpers shared by the test folders for writing small workspaces on disk."""

from __future__ import annotations

from pathlib import Path


def write_tree(root: Path, files: dict[str, str | bytes]) -> Path:
    """Write `files` (relative path -> text or bytes) under `root` and return `root`."""
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


def django_hook_test(i: int) -> str:
    """A Django test module: its `setUpTestData` is a framework hook, camelCase by decree.
    Its base is the project's own test case, so the file alone does not show the hook is
    Django's: only that it is written alike in several files."""
    return (
        "from tests.base import ServiceTestCase\n\n\n"
        f"class ServiceTests{i}(ServiceTestCase):\n"
        "    @classmethod\n"
        "    def setUpTestData(cls):\n"
        "        cls.service = None\n\n"
        f"    def test_handles_request_{i}(self):\n"
        "        assert self.service is None\n"
    )


def binding_with_latent_classes(folder: str) -> dict[str, str | bytes]:
    """Terminal.Gui's case: methods snake_case (strong), classes 60% PascalCase (a majority:
    latent), and `{folder}/binding.py` defining `cursSet` as a method of one class and as a
    class inside another. With the latent conventions strong, both depart and read as an
    interface's members, left alone; a check, judging by the conventions as they are,
    reports the method."""
    files: dict[str, str | bytes] = {
        f"{folder}/part{i}.py": f"class Part{i}:\n    def load_part(self):\n        pass\n"
        for i in range(21)
    }
    files |= {
        f"{folder}/old{i}.py": f"class old_{i}:\n    def load_old(self):\n        pass\n"
        for i in range(14)
    }
    files[f"{folder}/binding.py"] = (
        "class Curses:\n    def cursSet(self):\n        pass\n\n\n"
        "class Delegates:\n    class cursSet:\n        pass\n"
    )
    return files


def classes_with_recorded_names(folder: str) -> dict[str, str | bytes]:
    """snake_case methods, strong before and after the change `changed_classes` makes
    (146 against 8, then 14); `{folder}/legacy.py`'s class `Legacy` whose three methods are
    camelCase; `{folder}/mixed.py`'s `Mixed`, six snake_case methods and two camelCase;
    `{folder}/notes.py`, Alamofire's case: a class `Task` of two camelCase methods and a
    class `Key` of one."""
    files: dict[str, str | bytes] = {
        f"{folder}/part{i}.py": (
            f"class Part{i}:\n    def load_part(self):\n        pass\n\n"
            "    def save_part(self):\n        pass\n"
        )
        for i in range(70)
    }
    files[f"{folder}/legacy.py"] = _class("Legacy", ["loadLegacy", "saveLegacy", "dropLegacy"])
    files[f"{folder}/mixed.py"] = _class(
        "Mixed", [f"keep_{word}" for word in ("a", "b", "c", "d", "e", "f")] + ["oldOne", "oldTwo"]
    )
    files[f"{folder}/notes.py"] = _notes([])
    return files


def _notes(more: list[str]) -> str:
    return _class("Task", ["didResume", "didSuspend"]) + "\n\n" + _class("Key", ["taskKey", *more])


def changed_classes(folder: str) -> dict[str, str]:
    """The change to `classes_with_recorded_names`: a camelCase method more in `Legacy`,
    `Mixed` and `Key`, and a new class of three camelCase methods."""
    return {
        f"{folder}/notes.py": _notes(["responseData"]),
        f"{folder}/legacy.py": _class(
            "Legacy", ["loadLegacy", "saveLegacy", "dropLegacy", "archiveLegacy"]
        ),
        f"{folder}/mixed.py": _class(
            "Mixed",
            [f"keep_{word}" for word in ("a", "b", "c", "d", "e", "f")]
            + ["oldOne", "oldTwo", "oldThree"],
        ),
        f"{folder}/fresh.py": _class("Fresh", ["freshOne", "freshTwo", "freshThree"]),
    }


def _class(name: str, methods: list[str]) -> str:
    body = "\n".join(f"    def {method}(self):\n        pass\n" for method in methods)
    return f"class {name}:\n{body}"


def folder_of_its_own(parts: int, camel: int) -> dict[str, str | bytes]:
    """`parts` files of `app/`, a snake_case function each, and `legacy/`: `camel` files of a
    camelCase function each and `legacy/kept.py`, one snake_case function. With 8 of 9,
    legacy/ is a subtree one more camelCase name would make (Catch2's tests); with 9 of 10,
    one a single snake_case name more would dissolve (Castle Core's `DynamicProxy/`)."""
    files: dict[str, str | bytes] = {
        f"app/part{i}.py": f"def load_part_{i}(x):\n    return x\n" for i in range(parts)
    }
    files |= {f"legacy/old{i}.py": f"def loadOld{i}(x):\n    return x\n" for i in range(camel)}
    files["legacy/kept.py"] = "def keep_this(x):\n    return x\n"
    return files


# typecho's copy of Services_JSON: `$s{0}`, which PHP 8's grammar cannot read, leaves its
# class one parse error, so that none of its methods is a definition until it is fixed.
UNREADABLE_JSON = """<?php
class Json
{
    private static function utf162utf8($utf16)
    {
        $bytes = (ord($utf16{0}) << 8) | ord($utf16{1});

        switch (true) {
            case ((0x7F & $bytes) == $bytes):
                return chr(0x7F & $bytes);
        }
        return '';
    }

    private static function _is_error($data)
    {
        return is_object($data);
    }

    private static function _reduce_string($str)
    {
        return trim($str);
    }
}
"""


def readable_json(more: str = "") -> str:
    """`UNREADABLE_JSON` as a change to PHP 8's `$s[0]` leaves it, with the methods `more`."""
    fixed = UNREADABLE_JSON.replace("{0}", "[0]").replace("{1}", "[1]")
    return fixed.replace("\n}\n", more + "\n}\n") if more else fixed


def php_with_unreadable_file(folder: str) -> dict[str, str | bytes]:
    """Classes of camelCase methods (strong), and `{folder}/Json.php`, `UNREADABLE_JSON`."""
    files: dict[str, str | bytes] = {
        f"{folder}/Part{i}.php": (
            f"<?php\nclass Part{i}\n{{\n    public function loadPart() {{ return 1; }}\n\n"
            "    public function savePart() { return 2; }\n}\n"
        )
        for i in range(20)
    }
    files[f"{folder}/Json.php"] = UNREADABLE_JSON
    return files
