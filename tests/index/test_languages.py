"""A `.h` header is C or C++ by what it holds: C++ projects name their headers `.h` as often
as `.hpp` (spdlog, POCO, RapidJSON), and read as C their classes and namespaces are lost."""

from __future__ import annotations

from pathlib import Path

import pytest

from steering_index.conventions.infer import workspace_conventions
from steering_index.index.indexer import Indexer
from steering_index.index.languages import language_of
from steering_index.store import IndexStore
from tests.workspaces import write_tree

LOGGER_H = """#pragma once
#include <string>

namespace spd {
class logger {
public:
    explicit logger(std::string name);
    void flush_now();
    void set_level(int level);
private:
    std::string name_;
};
}  // namespace spd
"""

RING_H = """#ifndef RING_H
#define RING_H
#ifdef __cplusplus
extern "C" {
#endif
/* A ring of bytes; the class of its slots is fixed. */
struct ring_buffer { int size; };
int ring_push(struct ring_buffer *ring, const void *bytes, int n);
#ifdef __cplusplus
}
#endif
#endif
"""


@pytest.mark.parametrize(
    ("path", "text", "language"),
    [
        ("include/logger.h", LOGGER_H, "cpp"),
        ("include/ring.h", RING_H, "c"),
        ("include/Base.H", "template <typename T> struct box { T value; };\n", "cpp"),
        ("include/api.h", "using namespace std;\n", "cpp"),
        ("src/ring.c", "class_t *class_new(void);\n", "c"),
        ("src/logger.hpp", "int plain(void);\n", "cpp"),
    ],
)
def test_a_header_is_read_in_the_language_it_is_written_in(
    path: str, text: str, language: str
) -> None:
    assert language_of(path, text.encode()) == language


def test_a_cplusplus_header_votes_with_its_sources_and_is_indexed_once(tmp_path: Path) -> None:
    files: dict[str, str | bytes] = {"include/logger.h": LOGGER_H, "include/ring.h": RING_H}
    for n in range(6):
        files[f"src/part_{n}.cpp"] = (
            f"namespace spd {{\nclass part_{n} {{\npublic:\n    void run_step_{n}();\n}};\n}}\n"
        )
    root = write_tree(tmp_path / "ws", files)
    with IndexStore.open(tmp_path / "index.db") as store:
        first = Indexer(root, store).build()
        again = Indexer(root, store).build()
        header = store.extract_for("include/logger.h")
        conventions = {c.id: c for c in workspace_conventions(store)}
    assert header is not None and header.language == "cpp"
    assert [(s.kind, s.name) for s in header.symbols if s.kind in ("class", "method")] == [
        ("class", "logger"),
        ("method", "flush_now"),
        ("method", "set_level"),
    ]
    # The header's methods count with the sources' (8 = 6 in sources + 2 in the header).
    assert conventions["naming.cpp.method"].total == 8
    assert (first.added, again.unchanged, again.updated) == (8, 8, 0)
