"""The drift recall benchmark, on tiny local workspaces (no download): a name renamed into
another style is caught where the check judges it, and missed, with the check's reason,
where an exemption leaves it alone."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

import pytest

from tests.bench.conftest import load_bench
from tests.workspaces import write_tree


@pytest.fixture(scope="module")
def drift_recall() -> ModuleType:
    return load_bench("drift_recall")


WORDS = ("orders", "invoices", "carts", "refunds", "coupons", "parcels", "returns", "taxes")


def _module(i: int) -> str:
    word = WORDS[i]
    return (
        f"def load_{word}(path):\n    return read_lines(path)\n\n\n"
        f"def count_{word}(rows):\n    return len(rows)\n"
    )


def _public_modules() -> dict[str, str | bytes]:
    """The modules of `_module`, each listing its functions in `__all__`."""
    return {
        f"shop/orders_{i}.py": f'__all__ = ["load_{w}", "count_{w}"]\n\n\n' + _module(i)
        for i, w in enumerate(WORDS)
    }


def test_a_renamed_function_is_caught_in_a_snake_case_project(
    tmp_path: Path, drift_recall: ModuleType
) -> None:
    root = write_tree(tmp_path, {f"shop/orders_{i}.py": _module(i) for i in range(8)})
    trials = drift_recall.recall_on("shop", root, 5, 23)
    assert len(trials) == 5
    assert all(t.caught for t in trials), trials
    verb, noun = trials[0].name.split("_")
    assert trials[0].renamed == f"{verb}{noun.title()}"


def test_a_name_an_exemption_leaves_alone_is_a_miss_with_the_checks_reason(
    tmp_path: Path, drift_recall: ModuleType
) -> None:
    # Each module lists its functions in `__all__`, its public API: renaming one breaks its
    # users, so the check leaves a new camelCase name there alone, and the benchmark says so.
    root = write_tree(tmp_path, _public_modules())
    trials = drift_recall.recall_on("shop", root, 4, 23)
    assert trials and not any(t.caught for t in trials)
    assert all("public API" in t.passed_because for t in trials), trials


def _php_class(i: int) -> str:
    word = WORDS[i].title()
    return (
        f"<?php\nnamespace Shop;\n\nclass {word}Store\n{{\n"
        f"    private $loaded{word} = [];\n    private $cached{word} = [];\n\n"
        f"    public function load{word}() {{ return $this->loaded{word}; }}\n"
        f"    public function cache{word}() {{ return $this->cached{word}; }}\n}}\n"
    )


def test_a_php_property_is_renamed_with_its_sigil(tmp_path: Path, drift_recall: ModuleType) -> None:
    # `private $loadedOrders` is renamed with its uses (`$this->loadedOrders`): each drawn
    # property is a real trial, and caught.
    root = write_tree(tmp_path, {f"src/Store{i}.php": _php_class(i) for i in range(8)})
    trials = drift_recall.recall_on("shop", root, 16, 23)
    properties = [t for t in trials if t.kind == "property"]
    assert properties, trials
    assert all(t.caught for t in properties), properties
    text = (root / properties[0].path).read_text()
    assert f"${properties[0].name}" in text  # the workspace itself is left as it was


def _kotlin_screen(i: int) -> str:
    word = WORDS[i].title()
    return (
        "package shop\n\nimport androidx.fragment.app.Fragment\n\n"
        f"class {word}Screen : Fragment() {{\n"
        "    override fun onStart() {}\n    override fun onStop() {}\n"
        f"    fun show{word}() {{}}\n    fun hide{word}() {{}}\n}}\n"
    )


def test_a_method_marked_override_is_not_drawn(tmp_path: Path, drift_recall: ModuleType) -> None:
    # Renaming `override fun onStart` would break the override, not drift from the project's
    # naming: only the screens' own methods are trials.
    root = write_tree(tmp_path, {f"src/Screen{i}.kt": _kotlin_screen(i) for i in range(8)})
    trials = drift_recall.recall_on("shop", root, 40, 23)
    methods = {t.name[:4] for t in trials if t.kind == "method"}
    assert methods == {"show", "hide"}, trials


def test_with_a_baseline_a_renamed_public_name_is_caught(
    tmp_path: Path, drift_recall: ModuleType
) -> None:
    root = write_tree(tmp_path, _public_modules())
    trials = drift_recall.recall_on("shop", root, 4, 23, public_api=True)
    assert trials and all(t.caught for t in trials), trials


def test_with_a_baseline_only_the_edit_is_reported(
    tmp_path: Path, drift_recall: ModuleType
) -> None:
    # A file that already drifts: its old finding is recorded, so after the edit only the
    # renamed name is reported there.
    files = _public_modules()
    files["shop/legacy.py"] = (
        "def loadLegacy(x):\n    return x\n\n\ndef save_legacy(x):\n    return x\n"
    )
    root = write_tree(tmp_path, files)
    trials = drift_recall.recall_on("shop", root, 17, 23, public_api=True)
    edited = [t for t in trials if t.path == "shop/legacy.py"]
    assert edited and all(t.caught and t.others == () for t in edited), edited
    trials = drift_recall.recall_on("shop", root, 17, 23)
    assert all(t.others == () for t in trials)
