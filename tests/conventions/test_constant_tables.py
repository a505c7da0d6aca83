"""C names a scalar constant as it would a macro (`PORT`) and a table as it would a variable
(`static const struct eventop epollops = {...}`): the two are conventions of their own, so
neither is judged by the other's style. C++ judges its tables with its other constants. And a
C++ class standing in for a standard asynchronous or thread type keeps that type's member
names (`wait_for`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from steering_index.conventions.infer import check_file, infer_conventions
from steering_index.conventions.language_data import language_facts
from steering_index.conventions.observe import is_table
from steering_index.model import Span, Symbol
from tests.conventions.test_project_facts import _flagged, _workspace

_AT = Span(0, 0, 0, 0, 0, 0)


@pytest.mark.parametrize(
    ("language", "name", "signature", "table"),
    [
        ("c", "epollops", 'const struct eventop epollops = {"epoll", epoll_init}', True),
        ("c", "ops", "extern const struct eventop ops", True),
        ("c", "CHUNKS", 'static char const* const CHUNKS[] = {"funny", "bwv 1052"}', True),
        ("c", "uri_chars", "static const char uri_chars[256] = {/* 0 */ 0, 0}", True),
        ("c", "MESSAGE", 'static const char MESSAGE[] = "Hello, World!\\n"', False),
        ("c", "help", "extern const char help[]", False),
        ("c", "PORT", "static const unsigned short PORT = 9995", False),
        ("c", "limits", "static const int limits = {…", True),
        ("c", "val", "static const struct value val = {1, 2}", True),
        ("c", "op", "static const int op = OP_NONE", False),
    ],
)
def test_a_table_is_told_from_one_value(
    language: str, name: str, signature: str, table: bool
) -> None:
    symbol = Symbol(name, "constant", _AT, _AT, "", True, None, signature)
    types = language_facts(language).table_types
    assert types is not None
    assert is_table(symbol, types) is table


def _c_workspace(extra: str) -> dict[str, str]:
    """Thirty backends, each with its operations table in snake_case, and three scalar
    constants in capitals, as libevent has them."""
    files = {
        f"src/backend{n}.c": (
            "struct eventop { const char *name; int (*init)(void); };\n"
            f"static int backend{n}_init(void) {{ return {n}; }}\n"
            f'const struct eventop backend{n}_ops = {{"backend{n}", backend{n}_init}};\n'
        )
        for n in range(30)
    }
    for n, name in enumerate(("PARALLELISM", "N_REQUESTS", "MAX_FRAME")):
        files[f"test/bench{n}.c"] = f"static const int {name} = {n + 1};\n"
    files["src/new.c"] = extra
    return files


def test_c_scalars_in_capitals_are_not_judged_by_the_tables(tmp_path: Path) -> None:
    extra = (
        "struct eventop { const char *name; int (*init)(void); };\n"
        "static const int TIMEOUT_MS = 5;\n"
        'static const char *const phrases[] = {"OK", "Created"};\n'
        'const struct eventop NewOps = {"new", 0};\n'
    )
    extracts, facts = _workspace(tmp_path / "ws", _c_workspace(extra))
    # Only the table named otherwise than the tables: the capitals were never drift.
    assert _flagged(extracts, facts) == [("src/new.c", "naming.c.constant-table")]
    conventions = infer_conventions(extracts, project=facts)
    table = next(c for c in conventions if c.id == "naming.c.constant-table")
    assert (table.value, table.count, table.total) == ("snake_case", 30, 31)
    new = next(e for e in extracts if e.path == "src/new.c")
    (finding,) = check_file(new, conventions, project=facts)
    assert "`NewOps` is PascalCase; constant tables here are snake_case" in finding.message


def test_cpp_tables_are_judged_with_the_other_constants(tmp_path: Path) -> None:
    files = {
        f"include/codes{n}.hpp": "".join(
            f"constexpr long HTTP_CODE_{n}_{k} = {100 * n + k};\n" for k in range(4)
        )
        + f'static const char* const MONTH_NAMES_{n}[] = {{"Jan", "Feb"}};\n'
        for n in range(10)
    }
    files["src/error.cpp"] = (
        "#include <map>\n#include <string>\n"
        'static const std::map<int, std::string> errorNames{{1, "one"}, {2, "two"}};\n'
    )
    extracts, facts = _workspace(tmp_path / "ws", files)
    assert language_facts("cpp").table_types is None
    assert _flagged(extracts, facts) == [("src/error.cpp", "naming.cpp.constant")]


def test_a_wrapper_of_a_std_future_keeps_its_member_names(tmp_path: Path) -> None:
    files = {
        f"include/part{n}.hpp": (
            f"class Part{n} {{\n  public:\n    int GetValue{n}();\n"
            f"    void SetValue{n}(int v);\n}};\n"
        )
        for n in range(20)
    }
    files["include/async_wrapper.hpp"] = (
        "#include <future>\n"
        "template <typename T>\nclass AsyncWrapper {\n  public:\n"
        "    T get();\n"
        "    bool valid() const;\n"
        "    template <class R, class P>\n"
        "    std::future_status wait_for(const std::chrono::duration<R, P>& d) const;\n"
        "    template <class C, class D>\n"
        "    std::future_status wait_until(const std::chrono::time_point<C, D>& t) const;\n"
        "    bool isCancelled() const;\n"
        "};\n"
    )
    extracts, facts = _workspace(tmp_path / "ws", files)
    conventions = infer_conventions(extracts, project=facts)
    wrapper = next(e for e in extracts if e.path == "include/async_wrapper.hpp")
    flagged = [f.message.split("`")[1] for f in check_file(wrapper, conventions, project=facts)]
    assert flagged == ["isCancelled"]
