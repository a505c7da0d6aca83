"""The curated library table: loading, matching imports to libraries, and bad entries."""

from __future__ import annotations

from importlib import resources

from steering_index.conventions.infer import check_file, infer_conventions
from steering_index.conventions.libraries import (
    LibraryTable,
    library_table,
    library_uses,
    parse_library_table,
)
from steering_index.index.extract import extract_packed
from steering_index.model import FileExtract, FlatReferences, Import, Reference, Span
from tests.conventions.conftest import extract_sources

AT = Span(0, 10, 0, 0, 0, 10)


def uses(language: str, *imports: Import, references: tuple[Reference, ...] = ()) -> set:
    extract = FileExtract("app/x", language, imports=imports, references=references)
    return {(u.job, u.choice) for u in library_uses(extract, library_table())}


def imp(module: str, *names: str) -> Import:
    return Import(module, names, None, False, AT)


def test_the_shipped_table_covers_the_usual_alternatives() -> None:
    table = library_table()
    jobs = {g.job: {c.name for c in g.choices} for g in table.for_language("python")}
    assert {"requests", "httpx", "aiohttp", "urllib3"} <= jobs["http-client"]
    assert {"argparse", "click", "typer"} <= jobs["cli"]
    assert {"os.path", "pathlib"} <= jobs["paths"]
    ts = {g.job: {c.name for c in g.choices} for g in table.for_language("typescript")}
    assert {"axios", "fetch", "got"} <= ts["http-client"]
    assert {"moment", "dayjs", "date-fns"} <= ts["dates"]


def test_submodules_and_from_imports_count_as_the_library() -> None:
    assert uses("python", imp("requests.adapters")) == {("http-client", "requests")}
    assert uses("python", imp("os", "path")) == {("paths", "os.path")}
    assert uses("python", imp("pathlib", "Path")) == {("paths", "pathlib")}
    assert uses("python", imp("os")) == set()


def test_pytest_suites_using_unittest_mock_are_not_unittest() -> None:
    assert uses("python", imp("unittest", "mock")) == set()
    assert uses("python", imp("unittest.mock", "patch")) == set()
    assert uses("python", imp("unittest", "TestCase")) == {("test-framework", "unittest")}


def test_urllib3_retry_and_exceptions_beside_another_client_are_not_urllib3() -> None:
    # requests' retries are configured with urllib3's Retry; botocore lets its errors through
    assert uses("python", imp("urllib3.util.retry", "Retry")) == set()
    assert uses("python", imp("urllib3.util", "Retry")) == set()
    assert uses("python", imp("urllib3", "exceptions")) == set()
    assert uses("python", imp("urllib3.exceptions", "ReadTimeoutError")) == set()
    assert uses("python", imp("urllib3", "PoolManager")) == {("http-client", "urllib3")}


def test_hamcrest_beside_espresso_is_espressos_matchers_not_an_assertion_choice() -> None:
    # From leakcanary's instrumented tests: Espresso's `onView` takes Hamcrest matchers,
    # which AssertJ, the project's assertion library, cannot stand in for.
    espresso = imp("androidx.test.espresso.Espresso.onView")
    for language in ("kotlin", "java"):
        assert uses(language, imp("org.hamcrest.Matchers.containsString")) == {
            ("assertions", "hamcrest")
        }
        assert uses(language, espresso, imp("org.hamcrest.Matchers.containsString")) == set()
    # A module that only starts like a served one is not it.
    assert uses("kotlin", imp("androidx.test.espressoish"), imp("org.hamcrest.Matcher")) == {
        ("assertions", "hamcrest")
    }


def test_xctest_in_a_ui_test_is_needed_not_chosen() -> None:
    # swift-composable-architecture's UI tests drive the app through `XCUIApplication`,
    # which swift-testing, its test framework elsewhere, cannot.
    xctest = imp("XCTest")
    assert uses("swift", xctest) == {("test-framework", "XCTest")}
    app = (Reference("XCUIApplication", AT, True),)
    assert uses("swift", xctest, references=app) == set()
    assert uses("swift", xctest, references=(Reference("XCTestCase", AT, False),)) == {
        ("test-framework", "XCTest")
    }


def test_the_longest_matching_name_wins() -> None:
    assert uses("java", imp("org.junit.jupiter.api.Test")) == {("test-framework", "junit5")}
    assert uses("java", imp("org.junit.Test")) == {("test-framework", "junit4")}
    assert uses("go", imp("log/slog")) == {("logging", "slog")}


def test_a_global_fetch_call_counts_unless_fetch_is_defined_or_imported() -> None:
    call = (Reference("fetch", AT, True),)
    assert uses("typescript", references=call) == {("http-client", "fetch")}
    assert uses("typescript", imp("./api", "fetch"), references=call) == set()


def test_relative_imports_are_never_libraries() -> None:
    local = Import("./axios", ("default",), "axios", True, AT)
    assert uses("typescript", local) == set()


def test_entries_of_the_wrong_shape_are_skipped() -> None:
    table = parse_library_table(
        """
        aliases = { kotlin = "java", broken = 3 }
        [python.http-client]
        requests = ["requests"]
        httpx = 42
        [python.json]
        json = ["json"]
        orjson = { modules = ["orjson"] }
        [python.lonely]
        only = ["one"]
        """
    )
    jobs = {g.job: [c.name for c in g.choices] for g in table.for_language("python")}
    # http-client keeps one valid choice only, so it is no choice at all; lonely likewise.
    assert jobs == {"json": ["json", "orjson"]}
    assert table.aliases == {"kotlin": "java"}


def test_library_calls_are_found_without_building_every_reference() -> None:
    source = b"import os\n\nos.path.join('a', 'b')\nfetch_rows(1)\nprint(open('x'))\n"
    found = extract_packed("app/x.py", source, "python").unpack()
    assert isinstance(found.references, FlatReferences)
    assert {(u.job, u.choice) for u in library_uses(found, library_table())} == {
        ("paths", "os.path")
    }
    assert not found.references.built
    code = b"const rows = await fetch('/rows');\nrender(rows);\n"
    found = extract_packed("web/x.ts", code, "typescript").unpack()
    assert {(u.job, u.choice) for u in library_uses(found, library_table())} == {
        ("http-client", "fetch")
    }
    assert isinstance(found.references, FlatReferences) and not found.references.built


def _path_findings(files: dict[str, str]) -> list[str]:
    extracts = extract_sources(files)
    conventions = infer_conventions(extracts)
    return [f.location.path for one in extracts for f in check_file(one, conventions)]


def test_a_library_used_beside_the_conventions_own_in_one_file_is_interop() -> None:
    files = {
        f"app/m{i}.py": f"from pathlib import Path\n\n\ndef load_{i}():\n    return Path('x')\n"
        for i in range(20)
    }
    files["app/root.py"] = (
        "import os.path\nfrom pathlib import Path\n\n\ndef root():\n    return Path(os.path.sep)\n"
    )
    files["app/old.py"] = "import os.path\n\n\ndef old():\n    return os.path.join('a', 'b')\n"
    assert _path_findings(files) == ["app/old.py"]


def _files_using(library: str, odd: str, path: str, body: str) -> dict[str, str]:
    """Twenty files written with `library` and one, `Odd`, with `odd`; `path` and `body`
    are formats of the file's `name` (`Case3`, `Odd`) and of its `library`."""
    files = {
        path.format(name=f"Case{i}"): body.format(name=f"Case{i}", library=library)
        for i in range(20)
    }
    files[path.format(name="Odd")] = body.format(name="Odd", library=odd)
    return files


def _swift_tests(framework: str, odd: str) -> dict[str, str]:
    body = "import {library}\n\nfinal class {name}Tests {{\n}}\n"
    return _files_using(framework, odd, "Tests/{name}Tests.swift", body)


def _library_findings(
    files: dict[str, str], job: str = "test-framework", table: LibraryTable | None = None
) -> list:
    """(path, code) of the findings about the library chosen for `job`."""
    extracts = extract_sources(files)
    conventions = infer_conventions(extracts, table=table)
    return [
        (f.location.path, f.code)
        for one in extracts
        for f in check_file(one, conventions, table=table)
        if f.code.endswith(f".{job}")
    ]


def _csharp_json(library: str, odd: str) -> dict[str, str]:
    body = "using {library};\n\nnamespace Shop;\n\npublic class {name}\n{{\n}}\n"
    return _files_using(library, odd, "{name}.cs", body)


def test_a_file_moving_to_the_successor_library_is_no_drift_going_back_is() -> None:
    # Alamofire's newcomer wrote its new test with swift-testing beside 32 XCTest files;
    # the maintainers followed. The other way round stays drift.
    assert _library_findings(_swift_tests("XCTest", "Testing")) == []
    back = _library_findings(_swift_tests("Testing", "XCTest"))
    assert [path for path, _code in back] == ["Tests/OddTests.swift"]
    # Ocelot's sample service configured ASP.NET Core's own serializer beside 25 files of
    # Newtonsoft.Json; the project was moving to it.
    assert _library_findings(_csharp_json("Newtonsoft.Json", "System.Text.Json"), "json") == []
    back = _library_findings(_csharp_json("System.Text.Json", "Newtonsoft.Json"), "json")
    assert [path for path, _code in back] == ["Odd.cs"]
    table = library_table()
    assert table.succeeds("csharp", "json", "System.Text.Json", "Newtonsoft.Json")
    assert table.succeeds("swift", "test-framework", "swift-testing", "XCTest")
    assert not table.succeeds("swift", "test-framework", "XCTest", "swift-testing")
    assert table.succeeds("java", "test-framework", "junit5", "junit4")
    assert table.succeeds("kotlin", "test-framework", "junit5", "junit4")


def test_a_team_that_keeps_the_older_library_names_the_successor_without_succeeds() -> None:
    shipped = (resources.files("steering_index") / "data/libraries.toml").read_text("utf-8")
    problems: list[str] = []
    kept = parse_library_table(
        shipped.replace('succeeds = ["XCTest"]', 'succeeds = ["XCTestt"]'), problems
    )
    assert problems == [
        "swift.test-framework.swift-testing: succeeds `XCTestt`, which is not a library of"
        " swift.test-framework"
    ]
    plain = parse_library_table(shipped.replace(', succeeds = ["XCTest"]', ""))
    found = _library_findings(_swift_tests("XCTest", "Testing"), table=plain)
    assert [path for path, _code in found] == ["Tests/OddTests.swift"]
    assert not kept.succeeds("swift", "test-framework", "swift-testing", "XCTest")
