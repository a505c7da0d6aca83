"""Drift is a name that departs from what is around it. A numbered family of names in one
file (`V5_2`, `V6_0`, ...) or of files in one folder (`ISO8859_4Encoding.h`, ...) follows a
naming of its own, and a name a file defines in several unrelated classes is the member of
an interface they implement: none of it is drift. A lone odd name still is."""

from __future__ import annotations

from pathlib import Path

from steering_index.conventions.infer import (
    ConventionSettings,
    check_file,
    infer_conventions,
    left_alone,
)
from steering_index.conventions.layout import is_test_data, is_vendored
from steering_index.conventions.project import ProjectFacts, project_facts
from steering_index.index.languages import language_for_path
from steering_index.model import Convention, FileExtract, Finding
from tests.conventions.conftest import extract_sources
from tests.workspaces import write_tree


def _flagged(tmp_path: Path, files: dict[str, str]) -> list[str]:
    root = write_tree(tmp_path / "ws", dict(files))
    extracts = _code_of(files)
    project = project_facts(root, [(e.path, e.language) for e in extracts])
    settings = ConventionSettings()
    conventions = infer_conventions(extracts, settings, project=project)
    found: list[Finding] = []
    for one in extracts:
        found += check_file(one, conventions, settings, project=project)
    return sorted(f.message.split("`")[1] for f in found)


def _code_of(files: dict[str, str]) -> list[FileExtract]:
    """The extracts of `files`' code (not of a grammar beside it)."""
    return extract_sources({p: text for p, text in files.items() if language_for_path(p)})


def _inferred(
    tmp_path: Path, files: dict[str, str]
) -> tuple[list[FileExtract], ProjectFacts, list[Convention]]:
    """The extracts of `files`' code, written to a workspace, its facts and conventions."""
    root = write_tree(tmp_path / "ws", dict(files))
    extracts = _code_of(files)
    project = project_facts(root, [(e.path, e.language) for e in extracts])
    return extracts, project, infer_conventions(extracts, ConventionSettings(), project=project)


def _cpp_class(i: int) -> str:
    return (
        f"namespace app {{\nclass Widget{i} {{\npublic:\n"
        f"    void drawFrame{i}();\n    void resizeTo{i}(int width);\n"
        f"    int countItems{i}();\n}};\n}}\n"
    )


def test_an_interface_member_two_classes_implement_is_not_drift(tmp_path: Path) -> None:
    files = {f"src/widget{i}.hpp": _cpp_class(i) for i in range(40)}
    # Two traits classes implement `std::char_traits`' members; `eq_int_type` is one.
    traits = "".join(
        f"struct UTF{bits}Traits {{\n    static bool eq_int_type(int a, int b);\n"
        "    static int toIntType(char c);\n};\n"
        for bits in (16, 32)
    )
    files["src/utf_string.hpp"] = (
        f"namespace app {{\n{traits}class Buffer {{\npublic:\n    void flush_all();\n}};\n}}\n"
    )
    assert _flagged(tmp_path, files) == ["flush_all"]


def test_a_numbered_family_of_names_in_one_file_is_not_drift(tmp_path: Path) -> None:
    files = {
        f"src/Service{i}.php": f"<?php\nnamespace Shop;\n\nclass Service{i}\n{{\n}}\n"
        for i in range(40)
    }
    # Versions a loader builds the names of (`"V" . str_replace(".", "_", $version)`).
    files["src/Compatibility.php"] = (
        "<?php\nnamespace Shop;\n\nclass V6_0\n{\n}\n\nclass V5_2 extends V6_0\n{\n}\n\n"
        "class V5_1 extends V5_2\n{\n}\n\nclass legacy_shim\n{\n}\n\n"
        + "".join(f"class Step{n}\n{{\n}}\n\n" for n in "ABCDE")
    )
    assert _flagged(tmp_path, files) == ["legacy_shim"]


def test_a_numbered_family_of_files_named_like_their_class_is_not_drift(tmp_path: Path) -> None:
    files = {
        f"src/Crypt/Hash{name}.php": f"<?php\nnamespace Crypt;\n\nclass Hash{name}\n{{\n}}\n"
        for name in [chr(ord("A") + n) + part for n in range(26) for part in ("lpha", "eta")]
    }
    for bits in ("160", "192", "224", "256"):
        name = f"brainpoolP{bits}r1"
        files[f"src/Crypt/Curves/{name}.php"] = (
            f"<?php\nnamespace Crypt\\Curves;\n\nclass {name}\n{{\n}}\n"
        )
    files["src/Crypt/Curves/curve_helper.php"] = (
        "<?php\nnamespace Crypt\\Curves;\n\nclass curve_helper\n{\n}\n"
    )
    assert _flagged(tmp_path, files) == ["curve_helper"]


def test_a_deps_folder_is_vendored_code(tmp_path: Path) -> None:
    files = {f"src/widget{i}.hpp": _cpp_class(i) for i in range(12)}
    files["src/deps/double-conversion/bignum.hpp"] = (
        "namespace double_conversion {\nclass bignum {\npublic:\n    void assign_uint16();\n};\n}\n"
    )
    assert _flagged(tmp_path, files) == []


def test_hover_says_why_a_numbered_family_is_left_alone(tmp_path: Path) -> None:
    files = {
        f"src/Crypt/Hash{n}.php": f"<?php\nnamespace Crypt;\n\nclass Hash{n}\n{{\n}}\n"
        for n in [chr(ord("A") + k) + part for k in range(26) for part in ("lpha", "eta")]
    }
    for bits in ("160", "192", "224"):
        files[f"src/Crypt/Curves/brainpoolP{bits}r1.php"] = (
            f"<?php\nnamespace Crypt\\Curves;\n\nclass brainpoolP{bits}r1\n{{\n}}\n"
        )
    extracts, project, conventions = _inferred(tmp_path, files)
    curve = next(e for e in extracts if e.path.endswith("brainpoolP192r1.php"))
    [symbol] = [s for s in curve.symbols if s.kind == "class"]
    reason = left_alone(symbol, curve.path, "php", conventions, curve, None, project)
    assert reason is not None and "numbered family" in reason and "brainpoolP#r#" in reason


def test_hover_says_why_a_family_or_an_interface_member_in_a_file_is_left_alone() -> None:
    files = {f"src/widget{i}.hpp": _cpp_class(i) for i in range(40)}
    traits = "".join(
        f"struct UTF{bits}Traits {{\n    static bool eq_int_type(int a, int b);\n}};\n"
        for bits in (16, 32)
    )
    files["src/utf_string.hpp"] = f"namespace app {{\n{traits}}}\n"
    # (`V4_0`, `V5_0` are PascalCase now: a number after a number breaks no word.)
    files["src/versions.hpp"] = "".join(f"class Rev_{n} {{}};\n" for n in (4, 5, 6))
    extracts = extract_sources(files)
    conventions = infer_conventions(extracts, ConventionSettings())
    reasons = {}
    for path, name in (("src/utf_string.hpp", "eq_int_type"), ("src/versions.hpp", "Rev_5")):
        extract = next(e for e in extracts if e.path == path)
        symbol = next(s for s in extract.symbols if s.name == name)
        reasons[name] = left_alone(symbol, path, "cpp", conventions, extract)
    assert "a member 2 unrelated classes of this file define" in (reasons["eq_int_type"] or "")
    assert "numbered family of 3 names in this file (`Rev_#`)" in (reasons["Rev_5"] or "")


def _pascal_cpp_class(i: int) -> str:
    return (
        f"struct Window{i}\n{{\n    int FrameCount{i};\n    float BorderSize{i};\n"
        f"    bool IsVisible{i};\n    void DrawFrame{i}();\n    void ResizeTo{i}(int w);\n}};\n"
    )


def test_a_family_behind_a_type_prefix_is_not_drift(tmp_path: Path) -> None:
    """imgui names its fields PascalCase; its Direct3D backends keep the Hungarian prefixes
    of Microsoft's samples (`pTexture`, `pVertexShader`). Three names behind one letter, the
    rest PascalCase, are a family of the file; a lone camelCase field is still drift, and
    so are two names behind one letter."""
    files = {f"src/window{i}.hpp": _pascal_cpp_class(i) for i in range(40)}
    files["src/impl_dx11.cpp"] = (
        "struct ImplDX11_Data\n{\n    Device* pDevice;\n    Shader* pVertexShader;\n"
        "    Shader* pPixelShader;\n    Buffer* pVertexConstantBuffer;\n"
        "    int VertexBufferSize;\n    int frameIndex;\n};\n"
    )
    files["src/impl_gl.cpp"] = (
        "struct ImplGL_Data\n{\n    int bFirst;\n    int bSecond;\n    int Third;\n};\n"
    )
    assert _flagged(tmp_path, files) == ["bFirst", "bSecond", "frameIndex"]
    extracts = extract_sources(files)
    conventions = infer_conventions(extracts, ConventionSettings())
    dx11 = next(e for e in extracts if e.path == "src/impl_dx11.cpp")
    symbol = next(s for s in dx11.symbols if s.name == "pPixelShader")
    reason = left_alone(symbol, dx11.path, "cpp", conventions, dx11) or ""
    assert "family of 4 names in this file behind the type prefix `p`" in reason


def test_a_container_class_names_its_methods_in_the_standard_style(tmp_path: Path) -> None:
    """imgui's `ImVector` defines `push_back`, `size` and `clear` as std::vector does, and
    its own `find_erase_unsorted` in their style: no drift where methods are PascalCase. A
    class with one container method only is no container, nor is one whose other methods
    are mostly in another style."""
    files = {f"src/window{i}.hpp": _pascal_cpp_class(i) for i in range(40)}
    files["src/vector.hpp"] = (
        "template<typename T>\nstruct Vector\n{\n    int Size;\n"
        "    void push_back(const T& v);\n    int size() const;\n    void clear();\n"
        "    void find_erase_unsorted(const T& v);\n    int size_in_bytes() const;\n};\n"
        "struct Stack\n{\n    void push_back(int v);\n    int peek_top();\n};\n"
        # jsoncpp's `Value` offers `size` and `begin` beside methods of its own style.
        "class Value\n{\n    int size() const;\n    void clear();\n    bool IsNull() const;\n"
        "    int AsInt() const;\n    bool is_valid_index(int i) const;\n};\n"
    )
    assert _flagged(tmp_path, files) == ["is_valid_index", "peek_top"]
    extracts = extract_sources(files)
    conventions = infer_conventions(extracts, ConventionSettings())
    vector = next(e for e in extracts if e.path == "src/vector.hpp")
    symbol = next(s for s in vector.symbols if s.name == "size_in_bytes")
    reason = left_alone(symbol, vector.path, "cpp", conventions, vector) or ""
    assert "models a standard container (it defines `clear`, `push_back`, `size`)" in reason


def test_a_file_named_after_another_projects_release_is_vendored_code(tmp_path: Path) -> None:
    # flipper copies jQuery 3.6.0 whole into `lib/flipper/ui/public/js/`; its PascalCase
    # constructors are jQuery's names, and they do not vote either.
    files = {
        f"public/js/panel{i}.js": f"function renderPanel{i}() {{}}\nfunction hidePanel{i}() {{}}\n"
        for i in range(40)
    }
    files["public/js/jquery-3.6.0.slim.js"] = "function Sizzle() {}\nfunction DOMEval() {}\n"
    files["public/js/Stray.js"] = "function MakeWidget() {}\n"
    assert _flagged(tmp_path, files) == ["MakeWidget"]
    # Without the release in its name, the same file is the project's own.
    renamed = {p.replace("jquery-3.6.0.slim", "jquery_slim"): t for p, t in files.items()}
    assert _flagged(tmp_path / "own", renamed) == ["DOMEval", "MakeWidget", "Sizzle"]


def test_a_folder_named_after_another_projects_release_is_vendored_code(tmp_path: Path) -> None:
    # git-ftp unpacks shUnit2 2.1.6 into `tests/`; its `which` script's `showAll` is
    # shUnit2's name.
    files = {
        f"lib/step{i}.sh": f"#!/bin/bash\nrun_step_{i}() {{ :; }}\nclean_step_{i}() {{ :; }}\n"
        for i in range(20)
    }
    files["tests/shunit2-2.1.6/bin/gen_test_results.sh"] = "#!/bin/sh\nshowAll() { :; }\n"
    files["lib/stray.sh"] = "#!/bin/bash\nmakeStray() { :; }\n"
    assert _flagged(tmp_path, files) == ["makeStray"]
    renamed = {p.replace("shunit2-2.1.6", "shunit2"): t for p, t in files.items()}
    assert _flagged(tmp_path / "own", renamed) == ["makeStray", "showAll"]
    assert is_vendored("3rd-party/eigen-3.3.7/Eigen/Core")
    assert not is_vendored("src/api-v2/handler.go")
    assert not is_vendored("Sources/Package@swift-5.9/Module.swift")


def test_a_name_holding_a_version_of_the_projects_own_is_not_a_release() -> None:
    assert is_vendored("lib/flipper/ui/public/js/jquery-3.6.0.slim.js")
    assert is_vendored("static/d3.v7.2.js")
    # Swift's version-specific manifests and PromiseKit's spec-numbered tests.
    assert not is_vendored("Package@swift-5.9.swift")
    assert not is_vendored("Tests/A+/2.3.1.swift")
    assert not is_vendored("src/python3.11.py")
    assert not is_vendored("src/utf-8.c")


def test_input_data_for_tests_keeps_the_names_of_its_cases(tmp_path: Path) -> None:
    # KSP's `integration-tests/src/test/resources/`: a sample project its incremental build
    # compiles (`val MyTopProp1`); ktlint's holds Kotlin written wrong on purpose.
    files = {
        f"core/src/main/kotlin/Store{i}.kt": f"package core\n\nval storeCount{i} = 1\n"
        for i in range(20)
    }
    files["integration-tests/src/test/resources/l1/src/main/kotlin/p1/TopProp1.kt"] = (
        "package p1\n\nval MyTopProp1 = 0\n"
    )
    files["test-utils/testData/api/Odd.kt"] = "package api\n\nval My_Odd_Name = 0\n"
    files["core/src/main/resources/Shipped.kt"] = "package core\n\nval ShippedCount = 0\n"
    files["core/src/main/kotlin/Stray.kt"] = "package core\n\nval StrayCount = 0\n"
    # A main source set's resources are shipped with the code, and judged with it.
    assert _flagged(tmp_path, files) == ["ShippedCount", "StrayCount"]


def test_a_test_data_folder_is_told_from_a_folder_of_tests() -> None:
    assert is_test_data("integration-tests/src/test/resources/l1/TopProp1.kt")
    assert is_test_data("app/src/androidTest/resources/Sample.kt")
    assert is_test_data("test-utils/testData/api/Odd.kt")
    assert is_test_data("gin/testdata/protoexample/any.go")
    assert not is_test_data("core/src/test/kotlin/StoreTest.kt")
    assert not is_test_data("core/src/main/resources/Shipped.kt")
    assert not is_test_data("resources/views/Page.php")


def test_the_inline_half_of_a_header_is_named_after_the_header(tmp_path: Path) -> None:
    # CLI11 splits `App.hpp` and puts its inline definitions in `impl/App_inl.hpp`; Google's
    # style writes `logging-inl.h`. The mark says which half the file is, not a word of it.
    files = {
        f"include/lib/Widget{i}.hpp": f"namespace lib {{\nclass Widget{i} {{}};\n}}\n"
        for i in range(30)
    }
    files["include/lib/impl/App_inl.hpp"] = "namespace lib {\ninline void run() {}\n}\n"
    files["include/lib/impl/Options-inl.hpp"] = "namespace lib {\ninline void parse() {}\n}\n"
    files["include/lib/impl/Stray_helpers.hpp"] = "namespace lib {\ninline void help() {}\n}\n"
    assert _flagged(tmp_path, files) == ["Stray_helpers.hpp"]
    # The inline half of a snake_case C header votes with the header's name.
    c_files = {
        f"src/buffer_{i}.c": f"int buffer_size_{i}(void) {{ return {i}; }}\n" for i in range(30)
    }
    c_files["src/ring_buffer-inl.h"] = "static inline int ring_next(int i) { return i + 1; }\n"
    c_files["src/RingBuffer.h"] = "int ring_count(void);\n"
    assert _flagged(tmp_path / "c", c_files) == ["RingBuffer.h"]


def test_a_file_named_after_the_file_beside_it_and_a_hyphen_keeps_that_name(
    tmp_path: Path,
) -> None:
    # spdlog's `details/tcp_client-windows.h` is the Windows build of `tcp_client.h` beside
    # it: the name is that file's, and what follows the hyphen says which variant it is.
    files = {f"include/log/details/sink_{i}.h": f"int sink_write_{i}(int fd);\n" for i in range(30)}
    files["include/log/details/tcp_client.h"] = "int tcp_connect(int port);\n"
    files["include/log/details/tcp_client-windows.h"] = "int tcp_connect(int port);\n"
    files["include/log/details/udp-sender.h"] = "int udp_send(int port);\n"
    # Beside a file of its name only: one in another folder does not make it a variant.
    files["include/log/sinks/tcp_client-posix.h"] = "int tcp_open(int port);\n"
    assert _flagged(tmp_path, files) == ["tcp_client-posix.h", "udp-sender.h"]
    # A kebab-case name beside its first word's file is of the kebab-case style, and judged.
    files["include/log/details/tcp-windows.h"] = "int tcp_close(int port);\n"
    files["include/log/details/tcp.h"] = "int tcp_open(int port);\n"
    flagged = ["tcp-windows.h", "tcp_client-posix.h", "udp-sender.h"]
    assert _flagged(tmp_path / "kebab", files) == flagged


_PEG = """# Parsing Expression Grammar (PEG)
Grammar <- Spacing Definition+ EndOfFile
Definition <- Identifier LEFTARROW Expression
Expression <- Sequence (SLASH Sequence)*
Identifier <- IdentStart IdentCont* Spacing
IdentStart <- [a-zA-Z_]
EndOfFile <- !.
"""


def _peg_workspace(grammar: str | None, transcribed: tuple[str, ...]) -> dict[str, str]:
    words = ("any", "one", "seq", "star", "plus", "opt", "until", "must", "not_at", "at")
    files = {
        f"include/peg/{a}_{b}.hpp": f"namespace peg {{\nstruct {a}_{b} {{}};\n}}\n"
        for a in words
        for b in ("rule", "match", "action", "control", "input", "state")
    }
    files["include/peg/peg.hpp"] = (
        "namespace peg::grammar {\n"
        + "".join(f"struct {name} {{}};\n" for name in transcribed)
        + "struct Stray {};\n}\n"
    )
    files["src/example/peg2cpp.cpp"] = "namespace example {\nstruct converter {};\n}\n"
    if grammar is not None:
        files["src/example/peg.peg"] = grammar
    return files


def test_names_of_a_grammar_the_workspace_holds_are_not_drift_where_a_file_transcribes_it(
    tmp_path: Path,
) -> None:
    # PEGTL: a newcomer transcribed the PEG paper's grammar, `peg.peg` beside its example,
    # into structs named as its rules (`Grammar`, `IdentStart`, `EndOfFile`) among 921
    # snake_case structs. The maintainers kept the names through later clean-ups.
    names = ("Grammar", "Definition", "IdentStart", "EndOfFile")
    assert _flagged(tmp_path / "a", _peg_workspace(_PEG, names)) == ["Stray"]
    # Without the grammar, they are drift.
    assert _flagged(tmp_path / "b", _peg_workspace(None, names)) == sorted([*names, "Stray"])
    # Two names that happen to be a grammar's rules are no transcription.
    assert _flagged(tmp_path / "c", _peg_workspace(_PEG, names[:2])) == [
        "Definition",
        "Grammar",
        "Stray",
    ]


def test_hover_says_a_name_is_a_rule_of_the_grammar_its_file_transcribes(tmp_path: Path) -> None:
    files = _peg_workspace(_PEG, ("Grammar", "Definition", "IdentStart"))
    extracts, project, conventions = _inferred(tmp_path, files)
    peg = next(e for e in extracts if e.path.endswith("peg/peg.hpp"))
    [symbol] = [s for s in peg.symbols if s.name == "IdentStart"]
    reason = left_alone(symbol, peg.path, "cpp", conventions, peg, None, project)
    assert reason is not None and "rule of the grammar `src/example/peg.peg`" in reason
    [stray] = [s for s in peg.symbols if s.name == "Stray"]
    assert left_alone(stray, peg.path, "cpp", conventions, peg, None, project) is None
