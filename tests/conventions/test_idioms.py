"""Idioms a maintainer would name: import aliases, a required first import, private modules,
Go's `Err...` variables and parallel tests, assertion libraries, test layout. Each is
inferred with the same evidence and thresholds as the other conventions, and a file that
breaks a strong one is drift."""

from __future__ import annotations

from steering_index.conventions.infer import ConventionSettings, check_file, infer_conventions
from steering_index.conventions.report import conventions_text
from steering_index.model import Convention, Finding
from tests.conventions.conftest import extract_sources

_extracts = extract_sources


def _run(files: dict[str, str]) -> tuple[dict[str, Convention], list[Finding]]:
    extracts = _extracts(files)
    settings = ConventionSettings()
    conventions = infer_conventions(extracts, settings)
    findings = [f for one in extracts for f in check_file(one, conventions, settings)]
    return {c.id: c for c in conventions}, findings


def _where(findings: list[Finding], prefix: str) -> list[str]:
    return [f.location.path for f in findings if f.code.startswith(f"convention/{prefix}")]


MODULE = """\
from __future__ import annotations

import typing as t


def load_{i}(value: t.Any) -> t.Any:
    return value
"""

DRIFTING = """\
from typing import Any


def load_other(value: Any) -> Any:
    return value
"""


def test_a_file_without_the_future_import_or_the_alias_most_files_use_is_drift() -> None:
    files = {f"pkg/_mod{i}.py": MODULE.format(i=i) for i in range(10)}
    files["pkg/_other.py"] = DRIFTING
    conventions, findings = _run(files)
    future = conventions["idioms.python.future-annotations"]
    assert (future.value, future.count, future.total, future.strong) == (
        "from __future__ import annotations",
        10,
        11,
        True,
    )
    alias = conventions["idioms.python.import-alias.typing"]
    assert (alias.value, alias.count, alias.strong) == ("import typing as t", 10, True)
    assert _where(findings, "idioms.python.future-annotations") == ["pkg/_other.py"]
    (alias_finding,) = [f for f in findings if "import-alias" in f.code]
    assert alias_finding.location.path == "pkg/_other.py"
    assert "`import typing as t`" in alias_finding.message
    assert "Idioms:" in conventions_text(list(conventions.values()))


def test_the_absence_of_an_idiom_is_no_idiom() -> None:
    files = {f"pkg/mod{i}.py": DRIFTING.replace("other", str(i)) for i in range(10)}
    files["pkg/mod_new.py"] = MODULE.format(i=99)
    conventions, findings = _run(files)
    # Most files lack the future import and use `from typing import`: nothing to enforce.
    assert "idioms.python.future-annotations" not in conventions
    assert "idioms.python.import-alias.typing" not in conventions
    assert [f.code for f in findings if "idioms" in f.code] == []


def test_private_modules_of_a_package() -> None:
    files = {f"pkg/_part{i}.py": f"def part_{i}():\n    pass\n" for i in range(10)}
    files["pkg/public.py"] = "def shown():\n    pass\n"
    files["tests/test_part.py"] = "def test_part():\n    pass\n"  # tests are not modules
    files["pkg/__init__.py"] = "from ._part0 import part_0\n"
    conventions, findings = _run(files)
    privacy = conventions["idioms.python.module-privacy"]
    assert (privacy.value, privacy.count, privacy.total) == ("private (_name.py)", 10, 11)
    assert _where(findings, "idioms.python.module-privacy") == ["pkg/public.py"]


GO_ERRORS = """\
package store

import "errors"

var Err{i}Missing = errors.New("missing")
"""

GO_TEST = """\
package store

import (
\t"testing"

\t"github.com/stretchr/testify/require"
)

func TestLoad{i}(t *testing.T) {{
\tt.Parallel()
\trequire.NoError(t, nil)
}}
"""

GO_SERIAL = """\
package store

import (
\t"testing"

\t"github.com/stretchr/testify/assert"
)

func TestSerial(t *testing.T) {
\tassert.NoError(t, nil)
}
"""


def test_go_error_variables_parallel_tests_and_testify_flavour() -> None:
    files = {f"store/err{i}.go": GO_ERRORS.format(i=i) for i in range(10)}
    files["store/odd.go"] = 'package store\n\nimport "fmt"\n\nvar missingThing = fmt.Errorf("x")\n'
    files.update({f"store/load{i}_test.go": GO_TEST.format(i=i) for i in range(10)})
    files["store/serial_test.go"] = GO_SERIAL
    # A file whose tests set the environment cannot run them in parallel: it does not vote.
    files["store/env_test.go"] = (
        'package store\n\nimport "testing"\n\n'
        'func TestEnv(t *testing.T) {\n\tt.Setenv("A", "b")\n}\n'
    )
    conventions, findings = _run(files)
    assert conventions["idioms.go.error-variables"].value == "Err prefix"
    assert conventions["idioms.go.test-parallel"].evidence.startswith("t.Parallel(): 10 of 11")
    assert "files" in conventions["idioms.go.test-parallel"].evidence
    assert conventions["library.go.assertions"].value == "require"
    assert _where(findings, "idioms.go.error-variables") == ["store/odd.go"]
    assert _where(findings, "idioms.go.test-parallel") == ["store/serial_test.go"]
    assert _where(findings, "library.go.assertions") == ["store/serial_test.go"]
    assert conventions["tests.go.layout"].value == "beside-code"


TRUTH = """\
package shop;

import static com.google.common.truth.Truth.assertThat;

import org.junit.Test;

public class Cart{i}Test {{
    @Test
    public void adds() {{ assertThat(1).isEqualTo(1); }}
}}
"""

JUNIT_ASSERT = """\
package shop;

import org.junit.Assert;
import org.junit.Test;

public class OldTest {
    @Test
    public void adds() { Assert.assertEquals(1, 1); }
}
"""


def test_java_assertion_library_and_test_layout() -> None:
    files = {f"src/test/java/shop/Cart{i}Test.java": TRUTH.format(i=i) for i in range(10)}
    files["src/test/java/shop/OldTest.java"] = JUNIT_ASSERT
    conventions, findings = _run(files)
    assert conventions["library.java.assertions"].value == "truth"
    assert _where(findings, "library.java.assertions") == ["src/test/java/shop/OldTest.java"]
    assert conventions["tests.java.layout"].value == "tests-folder"


def test_rust_unit_tests_live_in_inline_modules() -> None:
    source = "pub fn f{i}() {{}}\n\n#[cfg(test)]\nmod tests {{\n    #[test]\n    fn t() {{}}\n}}\n"
    files = {f"src/m{i}.rs": source.format(i=i) for i in range(6)}
    files["tests/api.rs"] = "#[test]\nfn api() {}\n"  # integration tests: another kind
    conventions, findings = _run(files)
    layout = conventions["tests.rust.layout"]
    assert (layout.value, layout.count, layout.total) == ("inline-module", 6, 6)
    assert findings == []


def test_junits_assert_throws_goes_with_any_assertion_library() -> None:
    files = {f"src/test/java/shop/Cart{i}Test.java": TRUTH.format(i=i) for i in range(10)}
    throws = JUNIT_ASSERT.replace(
        "import org.junit.Assert;", "import static org.junit.Assert.assertThrows;"
    )
    files.update({f"src/test/java/shop/Throws{i}Test.java": throws for i in range(5)})
    files["src/test/java/shop/OldTest.java"] = JUNIT_ASSERT
    conventions, findings = _run(files)
    assert conventions["library.java.assertions"].evidence.startswith("truth: 10 of 11")
    (finding,) = [f for f in findings if "assertions" in f.code]
    assert finding.message.startswith("`org.junit.Assert` means junit-assert")


SHIM = """\
from pkg._mod0 import load_0 as load

__all__ = ["load"]
"""


def test_a_re_export_shim_neither_votes_nor_misses_the_future_import() -> None:
    files = {f"pkg/_mod{i}.py": MODULE.format(i=i) for i in range(9)}
    files["pkg/_shim.py"] = SHIM
    files["pkg/_other.py"] = DRIFTING
    conventions, findings = _run(files)
    future = conventions["idioms.python.future-annotations"]
    assert (future.count, future.total) == (9, 10)
    assert _where(findings, "idioms.python.future-annotations") == ["pkg/_other.py"]


FALLBACK_INIT = """\
from pkg._mod0 import load_0

try:
    from pkg._cli import main
except ImportError:

    def main() -> None:
        raise SystemExit("install the cli extra")
"""


def test_a_module_whose_only_definition_is_a_fallback_stub_does_not_count() -> None:
    files = {f"pkg/_mod{i}.py": MODULE.format(i=i) for i in range(9)}
    files["pkg/__init__.py"] = FALLBACK_INIT
    files["pkg/_other.py"] = DRIFTING
    conventions, findings = _run(files)
    future = conventions["idioms.python.future-annotations"]
    assert (future.count, future.total) == (9, 10)
    assert _where(findings, "idioms.python.future-annotations") == ["pkg/_other.py"]


def test_dotnet_test_projects_named_with_a_word_after_tests() -> None:
    # Humanizer kept its tests in `src/Humanizer.Tests.Shared/`, a test project whose name
    # goes on after `Tests`; a newcomer's test put in the sibling `src/Humanizer.Tests/` was
    # told that tests here live beside the code. Both folders hold tests.
    test = (
        "using Xunit;\n\npublic class {name}Tests\n{{\n"
        "    [Fact]\n    public void Works() {{ }}\n}}\n"
    )
    code = "public class {name}\n{{\n    public int Count {{ get; set; }}\n}}\n"
    files = {f"src/Humanizer/Thing{i}.cs": code.format(name=f"Thing{i}") for i in range(12)}
    for i in range(12):
        files[f"src/Humanizer.Tests.Shared/Thing{i}Tests.cs"] = test.format(name=f"Thing{i}")
    files["src/Humanizer.Tests/Localisation/es/DateTests.cs"] = test.format(name="Date")
    conventions, findings = _run(files)
    assert conventions["tests.csharp.layout"].value == "tests-folder"
    assert _where(findings, "tests.csharp.layout") == []
