"""The C and C++ repairs ablation, on a tiny local corpus (no download): it counts what the
repairs recover against the files as written, and leaves the shipped extractor in place."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

import pytest

from steering_index.index import extract as extract_module
from tests.bench.conftest import load_bench
from tests.workspaces import write_tree


@pytest.fixture(scope="module")
def c_repairs() -> ModuleType:
    return load_bench("c_repairs")


HEADER = (
    "G_BEGIN_DECLS\n\n"
    "GLIB_AVAILABLE_IN_ALL\nGType g_widget_get_type (void) G_GNUC_CONST;\n\n"
    "GLIB_AVAILABLE_IN_ALL\nvoid g_widget_free (GWidget *widget);\n\n"
    "G_END_DECLS\n"
)
CLEAN = "int ring_capacity(const struct ring *r);\n"


def test_the_ablation_counts_what_the_repairs_recover(
    tmp_path: Path, c_repairs: ModuleType
) -> None:
    root = write_tree(
        tmp_path / "corpus",
        {"gwidget.h": HEADER, "ring.h": CLEAN, "copy/ring.h": CLEAN, "notes.txt": "G_BEGIN_DECLS"},
    )
    files = c_repairs.c_family_files([("local", root)])
    assert sorted(path for path, _, _ in files) == ["local/copy/ring.h", "local/gwidget.h"]
    shipped = extract_module._repaired
    tally = c_repairs.measure(files, 1, lambda path: path.split("/", 1)[0])
    assert extract_module._repaired is shipped
    assert tally.files == 2
    assert tally.broken == [1, 0]
    assert tally.errors[0] > 0 and tally.errors[1] == 0
    assert tally.definitions[1] == 3  # ring_capacity and the two glib functions
    assert tally.definitions[0] < 3
    assert tally.found == 3 - tally.definitions[0] and tally.lost == 0
    assert all(
        line.startswith("local/gwidget.h: function `g_widget_") for line in tally.examples["found"]
    )
    lines = c_repairs.section(tally, ["local"], 1, ["- Machine: test"])
    assert "| files with parse errors | 1 | 0 |" in lines
    errors_as_written = tally.errors[0]
    assert f"| local | {errors_as_written:,} | 0 | {tally.definitions[0]:,} | 3 |" in lines


def test_the_csharp_ablation_counts_what_reading_a_broken_conditional_recovers(
    tmp_path: Path, c_repairs: ModuleType
) -> None:
    logger = (
        "namespace Lib;\n\npublic interface ILogger\n{\n    void Write(string message)\n"
        "#if FEATURE_DEFAULT_INTERFACE\n    {\n        Sink(message);\n    }\n#else\n    ;\n"
        "#endif\n\n    bool IsEnabled(int level);\n}\n"
    )
    root = write_tree(tmp_path / "clone", {"src/ILogger.cs": logger, "src/gwidget.h": HEADER})
    family = c_repairs.FAMILIES["csharp"]
    files = c_repairs.c_family_files([("clone", root)], family)
    assert [path for path, _, _ in files] == ["clone/src/ILogger.cs"]
    tally = c_repairs.measure(files, 1, lambda path: path.split("/", 1)[0])
    assert tally.broken == [1, 0] and tally.errors[0] > 0
    assert tally.definitions[1] == 3  # the interface, Write and IsEnabled
    lines = c_repairs.section(
        tally, [], 1, ["- Machine: test"], family, "Every C# file under clone"
    )
    assert lines[0] == "## C# repairs: the index with and without them"
    assert "`--language csharp`" not in lines[2] and "--language csharp`" in lines[2]
    assert "(`without_broken_conditionals`)" in lines[2]
