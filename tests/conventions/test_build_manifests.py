"""The build manifests of the JVM, .NET, PHP, Ruby and Swift ecosystems make packages, and
what they depend on is the package's choice; a package that follows the workspace's
convention is judged by it, and small packages set no rule the whole code does not hold."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from steering_index.cli.conventions import run_conventions
from steering_index.conventions.infer import infer_conventions
from steering_index.conventions.manifests import version_catalog
from steering_index.conventions.project import project_facts
from tests.conventions.test_project_facts import _flagged, _workspace
from tests.workspaces import write_tree

CATALOG = """[versions]
moshi = "1.15.2"

[libraries]
square-moshi-kotlin = { module = "com.squareup.moshi:moshi-kotlin", version.ref = "moshi" }
kotlinx-serialization-json = "org.jetbrains.kotlinx:kotlinx-serialization-json:1.6.0"
"""

MANIFESTS = {
    "jvm/pom.xml": """<project xmlns="http://maven.apache.org/POM/4.0.0">
  <artifactId>app</artifactId>
  <dependencies>
    <dependency>
      <groupId>com.google.code.gson</groupId>
      <artifactId>gson</artifactId>
      <version>2.10</version>
    </dependency>
  </dependencies>
</project>
""",
    "gradle/build.gradle.kts": """plugins { kotlin("jvm") }
dependencies {
    implementation(libs.square.moshi.kotlin)
    testImplementation(libs.kotlinx.serialization.json)
    implementation("com.squareup.retrofit2:retrofit:2.11.0")
    implementation(project(":core"))
}
""",
    "groovy/build.gradle": """dependencies {
    implementation group: 'io.ktor', name: 'ktor-client-core', version: '2.3.0'
    testImplementation 'io.mockk:mockk:1.13.8'
}
""",
    "php/composer.json": '{"require": {"guzzlehttp/guzzle": "^7"}, "require-dev": '
    '{"phpunit/phpunit": "^10"}}',
    "gem/rack-thing.gemspec": """Gem::Specification.new do |spec|
  spec.add_dependency "faraday", ">= 1"
  spec.add_development_dependency('rspec')
end
""",
    "app/Gemfile": 'source "https://rubygems.org"\ngem "httparty"\n',
    "net/Lib.csproj": """<Project Sdk="Microsoft.NET.Sdk">
  <ItemGroup>
    <PackageReference Include="Newtonsoft.Json" Version="13.0.3" />
  </ItemGroup>
</Project>
""",
    "swift/Package.swift": """let package = Package(
    name: "Net",
    dependencies: [
        .package(url: "https://github.com/Alamofire/Alamofire.git", from: "5.8.0"),
        .package(name: "Logs", url: "https://github.com/apple/swift-log", from: "1.0.0"),
    ],
    targets: [.target(name: "Net", dependencies: [.product(name: "Moya", package: "Moya")])]
)
""",
}


def test_each_build_manifest_makes_a_package_and_says_what_it_depends_on(
    tmp_path: Path,
) -> None:
    root = tmp_path / "ws"
    write_tree(root, {"gradle/libs.versions.toml": CATALOG, **MANIFESTS})
    files = [(f"{folder}/src/x.txt", "text") for folder in (m.split("/")[0] for m in MANIFESTS)]
    facts = project_facts(root, files)
    assert facts.package_folders() == [
        "app",
        "gem",
        "gradle",
        "groovy",
        "jvm",
        "net",
        "php",
        "swift",
    ]

    def declares(folder: str, library: str) -> bool:
        package = facts.package_of(f"{folder}/src/x.txt")
        assert package is not None and package.folder == folder
        return package.declares(library)

    assert declares("jvm", "gson") and not declares("jvm", "moshi")
    # Version-catalog accessors are read through the root's catalog; a part of a library
    # (`kotlinx-serialization-json`, `moshi-kotlin`) declares it.
    assert declares("gradle", "moshi") and declares("gradle", "kotlinx.serialization")
    assert declares("gradle", "retrofit") and not declares("gradle", "core")
    assert declares("groovy", "ktor-client") and declares("groovy", "mockk")
    assert declares("php", "guzzle") and declares("php", "phpunit")
    assert declares("gem", "faraday") and declares("gem", "rspec")
    assert declares("app", "httparty") and not declares("app", "faraday")
    assert declares("net", "Newtonsoft.Json") and not declares("net", "System.Text.Json")
    assert declares("swift", "Alamofire") and declares("swift", "swift-log")
    assert declares("swift", "Moya")


def test_a_bad_or_missing_catalog_or_manifest_reads_as_nothing(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "gradle/libs.versions.toml": "[libraries\nbroken",
            "php/composer.json": "{not json",
            "mod/build.gradle.kts": b"\xff\xfe implementation(libs.foo)\n",
        },
    )
    assert version_catalog(tmp_path) == {}
    facts = project_facts(tmp_path, [("php/a.php", "php"), ("mod/A.kt", "kotlin")])
    assert facts.package_folders() == ["mod", "php"]
    assert all(not p.dependencies for p in facts.packages)


def _kotlin_modules(loose: int) -> dict[str, str]:
    """A Gradle build of three modules whose constants are UPPER_CASE; `small` has 16, of
    which `loose` are camelCase."""
    files = {"settings.gradle.kts": 'include(":core", ":net", ":small")\n'}
    for module, count in (("core", 40), ("net", 30)):
        files[f"{module}/build.gradle.kts"] = "dependencies {}\n"
        for n in range(count):
            files[f"{module}/src/main/kotlin/Limits{n}.kt"] = (
                f"const val MAX_SIZE_{n} = {n}\nconst val MIN_SIZE_{n} = {n}\n"
            )
    files["small/build.gradle.kts"] = "dependencies {}\n"
    for n in range(16 - loose):
        files[f"small/src/main/kotlin/Keys{n}.kt"] = f"const val KEY_NAME_{n} = {n}\n"
    for n in range(loose):
        files[f"small/src/test/kotlin/Odd{n}.kt"] = f"const val viewModelKey{n} = {n}\n"
    return files


def test_a_module_that_follows_the_workspace_loosely_is_judged_by_it(tmp_path: Path) -> None:
    extracts, facts = _workspace(tmp_path / "ws", _kotlin_modules(loose=2))
    assert facts.package_folders() == ["core", "net", "small"]
    # 14 of 16 in `small` alone would be too loose to be a rule of its own, and would leave
    # its two camelCase constants alone; the workspace's 154 of 156 judges them.
    assert _flagged(extracts, facts) == [
        ("small/src/test/kotlin/Odd0.kt", "naming.kotlin.constant"),
        ("small/src/test/kotlin/Odd1.kt", "naming.kotlin.constant"),
    ]
    ids = {c.id for c in infer_conventions(extracts, project=facts)}
    assert "naming.kotlin.constant@small" not in ids


def test_a_module_that_differs_keeps_its_own_conventions(tmp_path: Path) -> None:
    files = _kotlin_modules(loose=0)
    for n in range(20):
        files[f"legacy/src/Old{n}.kt"] = f"const val oldLimit{n} = {n}\n"
    files["legacy/src/Odd.kt"] = "const val ODD_LIMIT = 1\n"
    files["legacy/build.gradle"] = "dependencies {}\n"
    extracts, facts = _workspace(tmp_path / "ws", files)
    found = {c.id: c for c in infer_conventions(extracts, project=facts)}
    legacy = found["naming.kotlin.constant@legacy"]
    assert (legacy.value, legacy.strong) == ("camelCase", True)
    assert _flagged(extracts, facts) == [("legacy/src/Odd.kt", "naming.kotlin.constant")]


def test_small_packages_set_no_rule_the_whole_code_does_not_hold(tmp_path: Path) -> None:
    # `app` mixes PascalCase file names with Kotlin's `-Name.kt` files of top-level
    # functions: a convention of its own, weak. The rest of the code is three small modules
    # of PascalCase files and one `-MainCommon.kt`: 9 of 10 alone, 24 of 40 with `app`'s.
    files = {"app/build.gradle.kts": "dependencies {}\n"}
    for n in range(15):
        files[f"app/src/Client{n}Api.kt"] = f"fun call{n}() = {n}\n"
        files[f"app/src/-Util{n}Jvm.kt"] = f"fun util{n}() = {n}\n"
    for module in ("cli", "tls", "sse"):
        files[f"{module}/build.gradle.kts"] = "dependencies {}\n"
        for n in range(3):
            files[f"{module}/src/{module.title()}Part{n}.kt"] = f"fun part{n}() = {n}\n"
    files["cli/src/-MainCommon.kt"] = "fun commonMain() = 1\n"
    extracts, facts = _workspace(tmp_path / "ws", files)
    found = {c.id: c for c in infer_conventions(extracts, project=facts)}
    rest = found["files.kotlin.naming"]
    assert (rest.value, rest.strong) == ("PascalCase", False)
    assert "in all the code" in rest.overruled
    assert not [c for _, c in _flagged(extracts, facts) if c.startswith("files.")]


def test_a_library_a_gradle_module_declares_is_its_choice(tmp_path: Path) -> None:
    files = {"gradle/libs.versions.toml": CATALOG}
    files["app/build.gradle.kts"] = "dependencies { implementation(libs.square.moshi.kotlin) }\n"
    for n in range(30):
        files[f"app/src/Model{n}.kt"] = f"import com.squareup.moshi.Json\n\nclass Model{n}\n"
    files["wire/build.gradle.kts"] = (
        "dependencies { testImplementation(libs.kotlinx.serialization.json) }\n"
    )
    files["wire/src/Data.kt"] = "import kotlinx.serialization.json.Json\n\nclass Data\n"
    files["other/build.gradle.kts"] = "dependencies {}\n"
    files["other/src/Thing.kt"] = "import kotlinx.serialization.json.Json\n\nclass Thing\n"
    extracts, facts = _workspace(tmp_path / "ws", files)
    # `wire` declares kotlinx.serialization; `other` uses it without declaring it.
    assert [(p, c) for p, c in _flagged(extracts, facts) if c.startswith("library.")] == [
        ("other/src/Thing.kt", "library.kotlin.json")
    ]


def test_a_library_is_declared_by_the_package_names_the_table_gives_it(tmp_path: Path) -> None:
    # JUnit 5 is the project's runner; one Maven module keeps JUnit 4 and says so in its
    # pom (`junit`), another has JUnit 4 tests and declares only JUnit 5's engine, which is
    # not JUnit 4 though its name begins like it.
    files = {"pom.xml": "<project><artifactId>root</artifactId></project>\n"}
    files["core/pom.xml"] = "<project><artifactId>core</artifactId></project>\n"
    for n in range(20):
        files[f"core/src/test/java/CaseTest{n}.java"] = (
            f"import org.junit.jupiter.api.Test;\n\nclass CaseTest{n} {{\n"
            "  @Test\n  void works() {}\n}\n"
        )
    pom = "<project><dependencies><dependency><groupId>{g}</groupId><artifactId>{a}</artifactId>"
    pom += "</dependency></dependencies></project>\n"
    for module, group, artifact in (
        ("legacy", "junit", "junit"),
        ("jupiter", "org.junit.jupiter", "junit-jupiter-engine"),
    ):
        files[f"{module}/pom.xml"] = pom.format(g=group, a=artifact)
        files[f"{module}/src/test/java/OldTest.java"] = (
            "import org.junit.Test;\n\npublic class OldTest {\n"
            "  @Test\n  public void works() {}\n}\n"
        )
    extracts, facts = _workspace(tmp_path / "ws", files)
    assert [(p, c) for p, c in _flagged(extracts, facts) if c.startswith("library.")] == [
        ("jupiter/src/test/java/OldTest.java", "library.java.test-framework")
    ]


def test_steering_conventions_lists_the_packages_and_what_they_declare(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "ws"
    files = {"gradle/libs.versions.toml": CATALOG, **_kotlin_modules(loose=0)}
    files["net/build.gradle.kts"] = "dependencies { implementation(libs.square.moshi.kotlin) }\n"
    _workspace(root, files)
    (root / ".git").mkdir()
    args = argparse.Namespace(root=str(root), db=str(tmp_path / "i.db"), json=False)
    assert run_conventions(args) == 0
    assert capsys.readouterr().out.endswith(
        "Packages (a library they declare is their choice; their code may differ):\n"
        "  - core/ (build.gradle.kts; 0 dependencies)\n"
        "  - net/ (build.gradle.kts; 1 dependency)\n"
        "  - small/ (build.gradle.kts; 0 dependencies)\n"
    )
    args.json = True
    assert run_conventions(args) == 0
    listed = json.loads(capsys.readouterr().out)["packages"]
    assert listed[1] == {
        "folder": "net",
        "manifests": ["build.gradle.kts"],
        "dependencies": ["moshi-kotlin"],
    }


def test_a_multiplatform_modules_common_tests_choose_no_test_framework(tmp_path: Path) -> None:
    # koin-core: its commonTest must use kotlin.test (JUnit runs on the JVM only); its
    # jvmTest mixes JUnit and kotlin.test. Only the JVM tests show a choice, and they
    # show none.
    files = {"core/build.gradle.kts": "kotlin { jvm() }\n"}
    for n in range(30):
        files[f"core/src/commonTest/kotlin/Case{n}Test.kt"] = (
            f"import kotlin.test.Test\n\nclass Case{n}Test {{\n  @Test\n  fun works() {{}}\n}}\n"
        )
    for n in range(3):
        files[f"core/src/jvmTest/kotlin/Jvm{n}Test.kt"] = (
            f"import org.junit.Test\n\nclass Jvm{n}Test {{\n  @Test\n  fun works() {{}}\n}}\n"
        )
        files[f"core/src/jvmTest/kotlin/Both{n}Test.kt"] = (
            f"import kotlin.test.Test\n\nclass Both{n}Test {{\n  @Test\n  fun works() {{}}\n}}\n"
        )
    extracts, facts = _workspace(tmp_path / "ws", files)
    assert _flagged(extracts, facts) == []
    # The same tests outside a common source set show kotlin.test chosen, 33 of 36.
    moved = {k.replace("/commonTest/", "/test/"): v for k, v in files.items()}
    extracts, facts = _workspace(tmp_path / "jvm", moved)
    assert [p for p, c in _flagged(extracts, facts) if "test-framework" in c] == [
        f"core/src/jvmTest/kotlin/Jvm{n}Test.kt" for n in range(3)
    ]


@pytest.mark.parametrize(
    ("library", "module", "flagged"),
    [("junit4", "org.junit", False), ("kotest", "io.kotest.core.spec.style", True)],
)
def test_common_tests_are_judged_only_by_a_library_of_every_platform(
    tmp_path: Path, library: str, module: str, flagged: bool
) -> None:
    # kotlin-logging: its JVM tests all use JUnit 4, and a newcomer's first common test
    # uses kotlin.test, as common code must: JUnit does not compile there. Where the JVM
    # tests use kotest, which serves every platform, the common test had a choice.
    files = {"build.gradle.kts": "kotlin { jvm() }\n"}
    for n in range(15):
        files[f"src/jvmTest/kotlin/mu/Jvm{n}Test.kt"] = (
            f"import {module}.Test\n\nclass Jvm{n}Test {{\n  @Test\n  fun works() {{}}\n}}\n"
        )
    files["src/commonTest/kotlin/mu/internal/MessageInvokerTest.kt"] = (
        "import kotlin.test.Test\n\nclass MessageInvokerTest {\n  @Test\n  fun works() {}\n}\n"
    )
    extracts, facts = _workspace(tmp_path / "ws", files)
    found = [p for p, c in _flagged(extracts, facts) if "test-framework" in c]
    expected = ["src/commonTest/kotlin/mu/internal/MessageInvokerTest.kt"] if flagged else []
    assert found == expected, library


@pytest.mark.parametrize(("remote", "flagged"), [("pestphp/pest", False), ("acme/shop", True)])
def test_a_project_using_itself_makes_no_choice_among_libraries(
    tmp_path: Path, remote: str, flagged: bool
) -> None:
    # pest's own tests: pest tests that import PHPUnit's exception to assert a failure, and
    # one importing pest's arch plugin. In pest's repository, pest is the project itself.
    files = {".git/config": f'[remote "origin"]\n\turl = https://github.com/{remote}.git\n'}
    for n in range(20):
        files[f"tests/Features/Expect/toBe{n}.php"] = (
            "<?php\n\nuse PHPUnit\\Framework\\ExpectationFailedException;\n\n"
            f"test('to be {n}')->throws(ExpectationFailedException::class);\n"
        )
    files["tests/Features/Expect/toBeInvokable.php"] = (
        "<?php\n\nuse Pest\\Arch\\Exceptions\\ArchExpectationFailedException;\n\n"
        "test('invokable')->throws(ArchExpectationFailedException::class);\n"
    )
    extracts, facts = _workspace(tmp_path / "ws", files)
    found = [(p, c) for p, c in _flagged(extracts, facts) if c.startswith("library.")]
    expected = [("tests/Features/Expect/toBeInvokable.php", "library.php.test-framework")]
    assert found == (expected if flagged else [])
