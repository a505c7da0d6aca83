"""Conventions in C#, Ruby, PHP, C, C++, Kotlin, Swift and Bash: what each language or its
frameworks dictate is neither counted nor flagged, while real drift next to it still is.

Each workspace is small and written for the test, with one name that breaks the project's
style planted beside the names the language fixes."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from steering_index.cli.conventions import run_check
from steering_index.conventions.infer import (
    ConventionSettings,
    check_file,
    infer_conventions,
    left_alone,
)
from steering_index.conventions.layout import in_test_folder, is_test_file
from steering_index.conventions.layout import test_file_pattern as pattern_of
from steering_index.conventions.report import convention_json, conventions_text
from steering_index.model import Convention, FileExtract, Finding
from tests.conventions.conftest import extract_sources
from tests.workspaces import write_tree


def _run(files: dict[str, str]) -> tuple[dict[str, Convention], list[Finding]]:
    extracts: list[FileExtract] = extract_sources(files)
    settings = ConventionSettings()
    conventions = infer_conventions(extracts, settings)
    findings = [f for one in extracts for f in check_file(one, conventions, settings)]
    return {c.id: c for c in conventions}, findings


def _flagged(findings: list[Finding]) -> list[str]:
    return sorted(f.message.split("`")[1] for f in findings)


def _ruby_service(i: int) -> str:
    return (
        f"class Service{i}\n"
        "  def valid?\n    true\n  end\n\n"
        "  def save!\n    persist_record\n  end\n\n"
        "  def name=(value)\n    @name = value\n  end\n\n"
        f"  def load_record_{i}\n    nil\n  end\n\n"
        "  def persist_record\n    nil\n  end\n"
        "end\n"
    )


def test_ruby_predicate_bang_and_setter_methods_are_snake_case() -> None:
    files = {f"lib/service{i}.rb": _ruby_service(i) for i in range(12)}
    files["lib/drift.rb"] = (
        "class Drift\n  def sendMail\n    nil\n  end\n\n  def isReady?\n    true\n  end\n\n"
        "  def ready_now?\n    true\n  end\nend\n"
    )
    conventions, findings = _run(files)
    assert conventions["naming.ruby.method"].value == "snake_case"
    assert _flagged(findings) == ["isReady?", "sendMail"]
    renames = sorted(f.replacement for f in findings if f.replacement)
    assert renames == ["is_ready?", "send_mail"]


def _csharp_class(i: int) -> str:
    return (
        f"namespace Shop {{\n  public class Cart{i} {{\n"
        f"    public int Count{i} {{ get; set; }}\n"
        f"    public void AddItem{i}(string sku) {{ }}\n"
        f"    public decimal ComputeTotal{i}() {{ return 0m; }}\n"
        "  }\n}\n"
    )


def test_csharp_test_names_may_read_as_sentences_and_methods_are_pascal_case() -> None:
    files = {f"src/Cart{i}.cs": _csharp_class(i) for i in range(12)}
    files["src/Drift.cs"] = (
        # `public` in an `internal` class: not the library's API, so judged.
        "namespace Shop {\n  internal class Drift {\n    public void computeTotal() { }\n  }\n}\n"
    )
    files["tests/CartTests.cs"] = (
        "using Xunit;\nnamespace Shop.Tests {\n  public class CartTests {\n"
        "    [Fact]\n    public void Total_WithTax_AddsRate() { }\n"
        "    [Fact]\n    public void adds_an_item() { }\n  }\n}\n"
    )
    conventions, findings = _run(files)
    assert conventions["naming.csharp.method"].value == "PascalCase"
    assert conventions["naming.csharp.property"].value == "PascalCase"
    assert _flagged(findings) == ["computeTotal"]


def test_cpp_operators_and_destructors_are_not_names_the_project_chose() -> None:
    body = "class Buffer{i} {{\npublic:\n  void push_back_{i}(int value);\n  int size_now();\n}};\n"
    files = {f"src/buffer{i}.hpp": body.format(i=i) for i in range(12)}
    # Fewer files than make a shared name (a hook written alike across the project).
    files["src/span.hpp"] = (
        "class Span {\npublic:\n  ~Span();\n  bool operator==(const Span& other) const;\n"
        "  Span& operator+=(int n);\n  int length_now();\n};\n"
    )
    files["src/drift.hpp"] = "class Drift {\npublic:\n  void pushBack(int value);\n};\n"
    conventions, findings = _run(files)
    assert conventions["naming.cpp.method"].value == "snake_case"
    assert _flagged(findings) == ["pushBack"]


def test_php_magic_methods_keep_their_names_in_a_snake_case_project() -> None:
    body = (
        "<?php\nclass Invoice{i}\n{{\n"
        "    public function __toString(): string {{ return ''; }}\n"
        "    public static function __callStatic($name, $args) {{ return null; }}\n"
        "    public function find_by_id_{i}(int $id) {{ return null; }}\n"
        "    public function save_all(): void {{}}\n}}\n"
    )
    files = {f"src/Invoice{i}.php": body.format(i=i) for i in range(12)}
    files["src/Drift.php"] = "<?php\nclass Drift\n{\n    public function loadAll() {}\n}\n"
    conventions, findings = _run(files)
    assert conventions["naming.php.method"].value == "snake_case"
    assert _flagged(findings) == ["loadAll"]


def test_php_stream_wrapper_methods_are_named_by_php() -> None:
    # PhpSpreadsheet's `ChainedBlockStream`, registered with `stream_wrapper_register`:
    # PHP calls `stream_open`, `stream_read`, `url_stat` by those names.
    body = "<?php\nclass Sheet{i}\n{{\n    public function loadRows{i}() {{}}\n}}\n"
    files = {f"src/Sheet{i}.php": body.format(i=i) for i in range(30)}
    files["src/OLE/ChainedBlockStream.php"] = (
        "<?php\nclass ChainedBlockStream\n{\n"
        "    public function stream_open($path, $mode, $options, &$opened) { return true; }\n"
        "    public function stream_read($count) { return ''; }\n"
        "    public function url_stat($path, $flags) { return []; }\n"
        "    public function read_block($count) { return ''; }\n}\n"
    )
    # One such name among a class's own methods is the class's choice (monolog's
    # `StreamHandler` with a `stream_write` helper would be judged).
    files["src/StreamHandler.php"] = (
        "<?php\nclass StreamHandler\n{\n"
        "    protected function stream_write($stream, $record) {}\n}\n"
    )
    conventions, findings = _run(files)
    assert conventions["naming.php.method"].value == "camelCase"
    assert _flagged(findings) == ["read_block", "stream_write"]


def test_kotlin_backtick_test_names_are_not_flagged() -> None:
    body = "class Cart{i} {{\n    fun addItem{i}(sku: String) {{}}\n    fun clearAll() {{}}\n}}\n"
    files = {f"src/main/kotlin/Cart{i}.kt": body.format(i=i) for i in range(12)}
    files["src/test/kotlin/CartTest.kt"] = (
        "import org.junit.jupiter.api.Test\n\nclass CartTest {\n"
        "    @Test\n    fun `adds an item to an empty cart`() {}\n}\n"
    )
    files["src/main/kotlin/Drift.kt"] = "class Drift {\n    fun remove_item() {}\n}\n"
    conventions, findings = _run(files)
    assert conventions["naming.kotlin.method"].value == "camelCase"
    assert _flagged(findings) == ["remove_item"]


def test_c_test_file_names_are_a_project_choice() -> None:
    files = {f"src/ring{i}.c": f"int ring_push_{i}(int x) {{ return x; }}\n" for i in range(12)}
    files.update({f"tests/test_ring{i}.c": f"void test_push_{i}(void) {{ }}\n" for i in range(12)})
    files["tests/queue_test.c"] = "void test_queue(void) { }\n"
    conventions, findings = _run(files)
    assert conventions["tests.c.file-naming"].value == "test_*.c"
    assert [f.location.path for f in findings] == ["tests/queue_test.c"]


def test_framework_test_file_names_come_from_the_language_data() -> None:
    assert pattern_of("spec/models/cart_spec.rb", "ruby") == "*_spec.rb"
    assert pattern_of("Tests/CartTests.cs", "csharp") == "*Tests.cs"
    assert pattern_of("tests/InvoiceTest.php", "php") == "*Test.php"
    assert pattern_of("CartTests.swift", "swift") == "*Tests.swift"
    assert pattern_of("src/cart.rb", "ruby") is None
    # Carbon's `Test` trait: a file named only by the pattern's fixed part tests nothing.
    assert pattern_of("src/Carbon/Traits/Test.php", "php") is None
    assert pattern_of("src/Carbon/Traits/Tests.cs", "csharp") is None


def test_ruby_constants_holding_classes_are_named_like_classes() -> None:
    body = "module Shop{i}\n  LIMIT_{i} = 3\n  TIMEOUT = 5\n  NAMES = %w[a b]\nend\n"
    files = {f"lib/shop{i}.rb": body.format(i=i) for i in range(12)}
    files["lib/aliases.rb"] = (
        "module Shop\n  File = Files\n  NotFound = Errors::NotFound\n"
        "  Info = Struct.new(:a, :b)\n  Unset = Object.new\n  App = lambda { |env| env }\n"
        "  DefaultPort = 8080\n"
        # sidekiq's class made by a factory, then reopened.
        "  CompatClient = RedisClient::Decorator.create(CompatMethods)\n"
        # brew's Sorbet types: an alias and a generic's member.
        "  SourceOptions = T.type_alias { T::Hash[Symbol, String] }\n"
        "  Elem = type_member { { fixed: String } }\nend\n"
    )
    conventions, findings = _run(files)
    assert conventions["naming.ruby.constant"].value == "UPPER_CASE"
    assert _flagged(findings) == ["DefaultPort"]


def test_csharp_interop_structs_copy_the_c_names() -> None:
    body = "namespace Native {{\n  public struct Handle{i} {{\n    public int Value;\n  }}\n}}\n"
    files = {f"src/Handle{i}.cs": body.format(i=i) for i in range(30)}
    # Its fields too (pythonnet's `PyMethodDef.ml_name`, CPython's); not a plain struct's.
    files["src/Buffer.cs"] = (
        "using System.Runtime.InteropServices;\nnamespace Native {\n"
        "  [StructLayout(LayoutKind.Sequential)]\n  internal struct Py_buffer {\n"
        "    public int len;\n    public int ml_flags;\n  }\n\n"
        "  internal struct byte_span {\n    public int span_len;\n  }\n}\n"
    )
    conventions, findings = _run(files)
    assert conventions["naming.csharp.struct"].value == "PascalCase"
    assert _flagged(findings) == ["byte_span", "span_len"]


def test_shell_script_names_are_commands_not_a_style() -> None:
    files = {f"modules/hook-{i}.sh": "run_hook() {\n  :\n}\n" for i in range(12)}
    files["modules/lvm_scan.sh"] = "scan_all() {\n  :\n}\n"
    conventions, findings = _run(files)
    assert not any(c.startswith("files.bash") for c in conventions)
    assert findings == []


def test_shell_variables_take_capitals_or_snake_case_but_not_camel_case() -> None:
    # oh-my-bash: `OSH_THEME`, `THEME_CLOCK_COLOR` beside its own `_omb_grep_options`.
    body = 'THEME_COLOR_{i}="red"\nPROMPT_CHAR_{i}=">"\n\nshow_prompt_{i}() {{\n  :\n}}\n'
    files = {f"themes/theme{i}.sh": body.format(i=i) for i in range(12)}
    files["lib/grep.sh"] = '_omb_grep_options="--color"\ngrepColorMode=auto\n'
    conventions, findings = _run(files)
    assert conventions["naming.bash.variable"].value == "UPPER_CASE"
    assert _flagged(findings) == ["grepColorMode"]
    grep = next(e for e in extract_sources(files) if e.path == "lib/grep.sh")
    own = next(s for s in grep.symbols if s.name == "_omb_grep_options")
    why = left_alone(own, grep.path, "bash", list(conventions.values()), grep)
    assert why is not None and "a shell variable" in why


def test_types_behind_a_librarys_prefix_keep_it() -> None:
    # assimp's C API names its types behind `ai` (`aiScene`, `aiMesh`) among its PascalCase
    # classes; a new one so named is the API's too. A camelCase type without the prefix is
    # drift, and so are the `my...` types of tests: `my` is a word, not a library.
    body = "struct Loader{i} {{\n  int count;\n}};\nclass Importer{i} {{\n}};\n"
    files = {f"code/loader{i}.hpp": body.format(i=i) for i in range(100)}
    api = ("Scene", "Mesh", "Node", "Face", "Bone", "Material", "Texture", "Camera", "Light")
    for name in api:
        files[f"code/api_{name.lower()}.hpp"] = f"struct ai{name} {{\n}};\n"
    files["code/skeleton.hpp"] = "struct aiSkeleton {\n};\n"
    files["code/stray.hpp"] = "struct vertexData {\n};\n"
    mine = ("Widget", "Gadget", "Tool", "Part", "Thing", "Piece", "Item", "Unit")
    files["code/mine_test.hpp"] = "".join(f"struct my{name} {{\n}};\n" for name in mine)
    conventions, findings = _run(files)
    struct = conventions["naming.cpp.struct"]
    assert struct.prefixes == ("ai",) and struct.value == "PascalCase"
    assert struct.total == 109  # the `ai` types do not vote; the tests' `my` ones do
    flagged = _flagged(findings)
    assert flagged == sorted(["vertexData", *(f"my{name}" for name in mine)])
    extracts = {e.path: e for e in extract_sources(files)}
    skeleton = extracts["code/skeleton.hpp"]
    why = left_alone(
        skeleton.symbols[0], skeleton.path, "cpp", list(conventions.values()), skeleton
    )
    assert why is not None and "named behind `ai`" in why
    assert convention_json(struct)["prefixes"] == ["ai"]
    assert "names behind a prefix of their own: `ai`" in conventions_text([struct])


def test_functions_behind_a_modules_prefix_keep_it() -> None:
    # raylib names its functions PascalCase (`InitWindow`); its rlgl module names its own
    # behind `rl` (`rlPushMatrix`), a new one so named is rlgl's too. A
    # camelCase function without the prefix is drift, and so is a family behind a word
    # (`myDraw`): `my` is no library's prefix.
    files = {
        f"src/module{i}.c": f"void InitWindow{i}(void) {{}}\nvoid CloseWindow{i}(void) {{}}\n"
        for i in range(100)
    }
    rlgl = ("PushMatrix", "PopMatrix", "LoadIdentity", "Translatef", "Rotatef", "Scalef")
    rlgl += ("Begin", "End", "Vertex2f", "Vertex3f")
    files["src/rlgl.h"] = "".join(f"void rl{name}(void) {{}}\n" for name in rlgl)
    files["src/extra.c"] = "void rlColor4ub(void) {}\nvoid loadThing(void) {}\n"
    mine = ("Setup", "Check", "Reset", "Draw", "Load", "Save", "Open", "Close")
    files["src/mine.c"] = "".join(f"void my{name}(void) {{}}\n" for name in mine)
    conventions, findings = _run(files)
    function = conventions["naming.c.function"]
    assert function.prefixes == ("rl",) and function.value == "PascalCase"
    assert _flagged(findings) == sorted(["loadThing", *(f"my{name}" for name in mine)])


def test_shunit2s_hooks_in_a_test_script_are_named_by_the_framework() -> None:
    # git-ftp's tests: shUnit2 calls `oneTimeSetUp`, `setUp` and `tearDown` by name, and the
    # script's own assertions are named as shUnit2's (`assertRemoteFileExists`). A script's
    # other camelCase helper, and camelCase functions outside the tests, are judged.
    files = {f"lib/step{i}.sh": f"run_step_{i}() {{\n  :\n}}\n" for i in range(30)}
    files["tests/git-ftp-test.sh"] = (
        "oneTimeSetUp() {\n  :\n}\n\nsetUp() {\n  :\n}\n\ntearDown() {\n  :\n}\n\n"
        "makeRemote() {\n  :\n}\n\ntest_pushes() {\n  :\n}\n\n"
        "assertRemoteFileExists() {\n  :\n}\n"
    )
    files["lib/setup.sh"] = "setUp() {\n  :\n}\n\nassertReady() {\n  :\n}\n"
    conventions, findings = _run(files)
    assert conventions["naming.bash.function"].value == "snake_case"
    assert _flagged(findings) == ["assertReady", "makeRemote", "setUp"]
    assert [f.location.path for f in findings if f.message.startswith("`setUp`")] == [
        "lib/setup.sh"
    ]


def test_a_prompt_themes_palette_of_terminal_escapes_keeps_its_colour_tables_names() -> None:
    # Bash-it's rana theme: `Bla='\e[0;30m'`, `BRed='\e[1;31m'` as the copied colour table
    # names them; atomic's glyphs by their bytes. A name that holds anything else is judged.
    body = 'THEME_COLOR_{i}="red"\nPROMPT_CHAR_{i}=">"\n'
    files = {f"themes/theme{i}.sh": body.format(i=i) for i in range(40)}
    files["themes/rana.theme.bash"] = (
        "RCol='\\e[0m' # Text Reset\nBla='\\e[0;30m'\nBRed=$'\\033[1;31m'\n"
        'Line="\\342\\224\\200"\nPromptChar="$"\n'
    )
    conventions, findings = _run(files)
    assert conventions["naming.bash.variable"].value == "UPPER_CASE"
    assert _flagged(findings) == ["PromptChar"]


def test_a_swift_extension_file_is_named_after_the_type_it_extends() -> None:
    body = "struct Zip{i} {{\n    let count{i}: Int\n}}\n"
    files = {f"Sources/Rx/ZipPart{i}.swift": body.format(i=i) for i in range(12)}
    files["Sources/Rx/Zip+Collection.swift"] = "extension Zip0 {\n}\n"
    # Named after a C type it extends, and after a generated one.
    files["Sources/Rx/simd_float+toDoubleArray.swift"] = "extension simd_float {\n}\n"
    files["Sources/Rx/Variant_NullType_Double+AutoReset.swift"] = "extension Zip1 {\n}\n"
    files["Sources/Rx/zip_helpers.swift"] = "struct ZipHelper {\n}\n"
    # SwiftPM's manifest for a tools version, and a script named as the command it is.
    files["Package@swift-5.9.swift"] = 'let package = Package(name: "Rx")\n'
    files["scripts/validate-headers.swift"] = 'let root = "."\n'
    conventions, findings = _run(files)
    assert conventions["files.swift.naming"].value == "PascalCase"
    assert [f.location.path for f in findings] == ["Sources/Rx/zip_helpers.swift"]


def test_a_gemspec_is_named_after_its_gem() -> None:
    files = {f"lib/rack/part_{i}.rb": f"module Rack\n  PART_{i} = 1\nend\n" for i in range(12)}
    files["rack-attack.gemspec"] = 'Gem::Specification.new do |spec|\n  spec.name = "x"\nend\n'
    files["lib/rack/throttle-helpers.rb"] = "module Rack\n  HELPERS = 1\nend\n"
    files["benchmark/parse-include-tag-params.rb"] = "TIMES = 10\n"
    conventions, findings = _run(files)
    assert conventions["files.ruby.naming"].value == "snake_case"
    assert [f.location.path for f in findings] == ["lib/rack/throttle-helpers.rb"]


def test_a_ruby_require_by_path_is_not_judged_as_an_import_style() -> None:
    # `require "rack/session/dalli"` in rack loads a file the dalli gem adds to rack's
    # folder: a path does not show whether the file is the project's own.
    body = 'require_relative "helpers"\nrequire "json"\n\nmodule Shop\n  VALUE_{i} = 1\nend\n'
    files = {f"lib/shop/part{i}.rb": body.format(i=i) for i in range(12)}
    files["lib/shop/odd.rb"] = 'require "shop/session/dalli"\n\nmodule Shop\n  ODD = 1\nend\n'
    conventions, findings = _run(files)
    assert not any(c.startswith("imports.ruby") for c in conventions)
    assert findings == []


def test_cpp_aliases_built_from_template_parameters_take_their_style() -> None:
    body = (
        "template <class Key, class T>\nstruct table_{i} {{\n"
        "  using row_key = Key;\n  using cell_value = T;\n  using slot_count = unsigned;\n}};\n"
    )
    files = {f"include/lib/table{i}.hpp": body.format(i=i) for i in range(12)}
    files["include/lib/map.hpp"] = (
        "template <class Key, class Allocator>\nstruct ordered {\n"
        "  using Container = std::vector<Key, Allocator>;\n  using Count = unsigned;\n};\n"
    )
    conventions, findings = _run(files)
    assert conventions["naming.cpp.type"].value == "snake_case"
    assert _flagged(findings) == ["Count"]


def test_cpp_aliases_named_after_the_type_they_alias_take_its_style() -> None:
    """imgui's `typedef stbrp_node stbrp_node_im;` in a project of PascalCase types; an
    alias named otherwise (`typedef unsigned int stb_uint;`) is still judged."""
    body = "using Score{i} = int;\nusing Weight{i} = double;\n"
    files = {f"src/widget{i}.hpp": body.format(i=i) for i in range(12)}
    files["src/rect_pack.hpp"] = (
        "struct stbrp_node;\ntypedef stbrp_node stbrp_node_im;\n"
        "typedef ns::stbrp_rect stbrp_rect_im;\nusing node_ref = node;\n"
        "typedef unsigned int stb_uint;\n"
    )
    conventions, findings = _run(files)
    assert conventions["naming.cpp.type"].value == "PascalCase"
    assert _flagged(findings) == ["stb_uint"]


def test_c_functions_named_like_the_macros_beside_them_are_left_alone() -> None:
    """libevent's `EVLOCK_TRY_LOCK_` among its `EVLOCK_LOCK` macros, a trailing underscore
    and all."""
    body = "int ev_run_{i}(int x) {{ return x; }}\nint ev_stop_{i}(int x) {{ return x; }}\n"
    files = {f"src/ev{i}.c": body.format(i=i) for i in range(12)}
    files["src/lock.h"] = (
        "static inline int EVLOCK_TRY_LOCK_(void *lock) { return 0; }\n"
        "static inline int EvlockRelease(void *lock) { return 0; }\n"
    )
    _, findings = _run(files)
    assert _flagged(findings) == ["EvlockRelease"]


def test_cpp_std_protocol_names_and_accessors_named_after_their_member_are_left_alone() -> None:
    body = (
        "class Queue{i} {{\npublic:\n  void PushItem(int value);\n  int CountItems() const;\n"
        "  bool IsEmpty() const;\n}};\n"
    )
    files = {f"src/queue{i}.hpp": body.format(i=i) for i in range(12)}
    # A container that models the standard library's protocols, in their style
    # (`grow_by` with them), and Google-style accessors named after the member they expose;
    # one method of another class drifts.
    files["src/ring.hpp"] = (
        "class Ring {\npublic:\n  using const_iterator = const int*;\n"
        "  const_iterator begin() const;\n  void push_back(int value);\n"
        "  int capacity() const { return capacity_; }\n"
        "  void set_capacity(int n) { capacity_ = n; }\n  void grow_by(int n);\n"
        "private:\n  int capacity_;\n};\n"
        "class Pool {\npublic:\n  int size() const { return size_; }\n  void shrink_by(int n);\n"
        "private:\n  int size_;\n};\n"
    )
    conventions, findings = _run(files)
    assert conventions["naming.cpp.method"].value == "PascalCase"
    assert _flagged(findings) == ["shrink_by"]


def test_cpp_getters_of_a_member_marked_google_style_are_left_alone() -> None:
    # From googletest: getters defined away from the member they read (`UnitTest::
    # random_seed()` in gtest.cc returns `impl_->random_seed()`), or computing from it
    # (`has_edits()` returns `adds_ || removes_`). Google's style names them like variables
    # beside PascalCase methods. A snake_case method doing more, or a getter of no member
    # marked `x_`, is still drift.
    body = (
        "class Queue{i} {{\npublic:\n  void PushItem(int value);\n  int CountItems() const;\n"
        "  bool IsEmpty() const;\n}};\n"
    )
    files = {f"src/queue{i}.hpp": body.format(i=i) for i in range(30)}
    files["src/unit.cc"] = (
        "int UnitTest::random_seed() const { return impl_->random_seed(); }\n\n"
        "const TestCase* UnitTest::current_case() const\n    LOCK_EXCLUDED_(mutex_) {\n"
        "  return impl_->current_case();\n}\n\n"
        "int UnitTest::failed_count() const {\n  MutexLock lock(&mutex_);\n"
        "  return impl_->failed_count();\n}\n\n"
        "int UnitTest::total_count() const { return Count(); }\n\n"
        "void UnitTest::run_all(int times) { return impl_->RunAll(times); }\n"
    )
    # Where the file names accessors after their members (`adds()`), a getter computing
    # from members is one of them; a lone one where it does not (rapidjson's `IsInt()`
    # beside `data_`, renamed `is_int`) is drift.
    files["src/edits.hpp"] = (
        "class Edits {\npublic:\n  bool has_edits() const { return adds_ || removes_; }\n"
        "  int adds() const { return adds_; }\n"
        "  void Add(int n);\nprivate:\n  int adds_;\n  int removes_;\n};\n"
    )
    # Two getters so named in one file are the file's way (googletest's FloatingPoint).
    files["src/float.hpp"] = (
        "class FloatingPoint {\npublic:\n"
        "  Bits exponent_bits() const { return kExponentMask & u_.bits_; }\n"
        "  Bits fraction_bits() const { return kFractionMask & u_.bits_; }\n"
        "private:\n  Data u_;\n};\n"
    )
    files["src/value.hpp"] = (
        "class Value {\npublic:\n  bool IsTrue() const { return data_.flags == 1; }\n"
        "  bool is_int() const { return (data_.flags & 2) != 0; }\n"
        "private:\n  Data data_;\n};\n"
    )
    extracts = extract_sources(files)
    conventions = infer_conventions(extracts, ConventionSettings())
    read = lambda path: files[path].encode()  # noqa: E731
    findings = [f for one in extracts for f in check_file(one, conventions, read=read)]
    assert _flagged(findings) == ["failed_count", "is_int", "run_all", "total_count"]
    unread = [f for one in extracts for f in check_file(one, conventions)]
    assert len(_flagged(unread)) == 9  # the getters are seen in the file's text


def test_cpp_specializations_keep_their_templates_name_and_their_constructors() -> None:
    # From oneTBB: the constructors of `struct Wrapper<T[N]>` were read as free functions
    # named `Wrapper` in a snake_case library, since the specialization was not a scope.
    # A specialization of another library's template (`formatter<Money>`) is named by it.
    body = (
        "struct ring_{i} {{\n  int push_item(int value);\n  int pop_item();\n}};\n"
        "int ring_size_{i}() {{ return 0; }}\n"
    )
    files = {f"src/ring{i}.hpp": body.format(i=i) for i in range(30)}
    files["src/wrap.hpp"] = (
        "template <typename T>\nstruct Wrapper {\n  explicit Wrapper(const T& v) { }\n};\n"
        "template <typename T, size_t N>\nstruct Wrapper<T[N]> {\n"
        "  explicit Wrapper(const T (&v)[N]) { }\n  ~Wrapper() { }\n"
        "  int copyItems() const;\n};\n"
        "namespace fmt {\ntemplate <>\nstruct formatter<Money> {\n"
        "  auto format(const Money& m) const;\n};\n}\n"
    )
    conventions, findings = _run(files)
    assert conventions["naming.cpp.struct"].value == "snake_case"
    assert _flagged(findings) == ["Wrapper", "copyItems"]


def test_a_projects_own_traits_in_snake_case_vote_for_its_snake_case_structs() -> None:
    # A library's own traits spelt as the standard library spells its traits (`is_packed`,
    # `packer_t`) are its choice of snake_case, unlike the names std's protocols look up.
    body = (
        "template <class T> struct is_packed_{i} {{}};\n"
        "template <class T> struct packer_{i}_t {{}};\n"
    )
    files = {f"include/pack/traits{i}.hpp": body.format(i=i) for i in range(8)}
    files["include/pack/tuple.hpp"] = "template <class T>\nstruct StdTupleAsArray {};\n"
    conventions, findings = _run(files)
    assert conventions["naming.cpp.struct"].value == "snake_case"
    assert _flagged(findings) == ["StdTupleAsArray"]


def test_kotlin_multiplatform_tests_compose_locals_and_wasm_imports_keep_their_names() -> None:
    # From trying coil and okio: a platform's test file (`SvgDecoderTest.android.kt`) in a
    # test source set, test data named after what it exercises (`SHA256_empty`), Compose's
    # `LocalX` keys (one annotated, one typed as one by an `expect val`), and a function
    # Kotlin/Wasm imports from the host under the host's name.
    body = (
        "val defaultSize{i} = 1\n\nfun loadCache{i}() {{}}\n\n"
        "class Cache{i} {{\n    val hitCount{i} = 0\n    fun readEntry{i}(key: String) {{}}\n}}\n"
    )
    files = {f"core/src/commonMain/kotlin/Cache{i}.kt": body.format(i=i) for i in range(30)}
    files["core/src/androidInstrumentedTest/kotlin/SvgDecoderTest.android.kt"] = (
        "class SvgDecoderTest {\n    @Test\n    fun scaleToDensity_true() {}\n}\n"
    )
    files["core/src/commonTest/kotlin/HashingTest.kt"] = (
        "class HashingTest {\n    companion object {\n"
        '        val SHA256_empty = "e3b0".decodeHex()\n'
        "        val webp_VP8L = byteArrayOf(0x2f)\n    }\n}\n"
    )
    files["compose/src/commonMain/kotlin/Locals.kt"] = (
        "@ExperimentalCoilApi\nval LocalPreviewHandler = staticCompositionLocalOf {\n"
        "    Handler.Default\n}\n\n"
        "expect val LocalPlatformContext: ProvidableCompositionLocal<PlatformContext>\n\n"
        "val LocalCount = 3\n"
    )
    files["wasm/src/wasmWasiMain/kotlin/Clock.kt"] = (
        "import kotlin.wasm.WasmImport\n\n"
        '@WasmImport("wasi_snapshot_preview1", "clock_time_get")\n'
        "internal external fun clock_time_get(id: Int): Int\n\n"
        "internal fun read_clock(): Int = clock_time_get(0)\n"
    )
    conventions, findings = _run(files)
    assert conventions["naming.kotlin.method"].value == "camelCase"
    assert _flagged(findings) == ["LocalCount", "read_clock"]


def test_gradle_scripts_and_properties_keep_the_names_gradle_gives_them() -> None:
    # From trying koin: precompiled or applied script plugins named by their plugin id in
    # kebab-case, and a build script's property delegated to a project property, named as
    # `gradle.properties` names it.
    words = [
        "Apple",
        "Berry",
        "Cherry",
        "Date",
        "Elder",
        "Fig",
        "Grape",
        "Hazel",
        "Iris",
        "Juniper",
        "Kiwi",
        "Lemon",
        "Mango",
        "Nutmeg",
        "Olive",
        "Peach",
        "Quince",
        "Radish",
        "Sage",
        "Thyme",
    ]
    body = "val defaultSize{i} = 1\n\nfun readEntry{i}() {{}}\n"
    files = {f"core/src/main/kotlin/{w}Helpers.kt": body.format(i=i) for i, w in enumerate(words)}
    files["gradle/publish-android.gradle.kts"] = "val publishedVersion = 1\n"
    files["sample/build.gradle.kts"] = (
        "val koin_compose_version : String by project\n"
        'val NDK_VERSION by extra(project.properties["NDK_VERSION"] as? String ?: "26")\n'
        "val compose_version = 2\n"
    )
    files["core/src/main/kotlin/cache-helpers.kt"] = "val cacheHelpers = 1\n"
    _, findings = _run(files)
    assert _flagged(findings) == ["cache-helpers.kt", "compose_version"]


def test_test_folders_by_a_name_of_their_own() -> None:
    assert is_test_file("src/Newtonsoft.Json.Tests/TestObjects/AATestClass.cs", "csharp")
    assert is_test_file("src/UnitTests/Bug/MapFromClosureBug.cs", "csharp")
    assert is_test_file("coil-core/src/jsCommonTest/kotlin/ImageSize.kt", "kotlin")
    assert is_test_file("Tests/AlamofireTests/SessionHelpers.swift", "swift")
    # An Xcode UI test target (swift-composable-architecture's integration tests).
    assert is_test_file("Integration/IntegrationUITests/Internal/BaseTests.swift", "swift")
    assert is_test_file("okio-testing-support/src/commonMain/kotlin/Fakes.kt", "kotlin")
    # .NET test projects with a word after `Tests` (Humanizer's shared and UWP test projects)
    assert is_test_file("src/Humanizer.Tests.Shared/Bytes/Creating.cs", "csharp")
    assert is_test_file("src/Humanizer.Tests.Uwp/UnitTestApp.xaml.cs", "csharp")
    assert is_test_file("src/Foo.IntegrationTests.Common/Fixture.cs", "csharp")
    assert pattern_of("src/androidTest/SvgDecoderTest.android.kt", "kotlin") == "*Test.*.kt"
    assert not is_test_file("Sources/ABTest/Variant.swift", "swift")
    assert not is_test_file("Sources/RxTest/TestScheduler.swift", "swift")
    assert not is_test_file("RxTest/RxTest.swift", "swift")  # the module's main file
    assert is_test_file("Sources/RxTest/RxTests.swift", "swift")
    assert not is_test_file("src/latest-release/Notes.kt", "kotlin")
    # Gradle's test source sets of a build variant, and of test fixtures; its main source
    # sets hold code whatever a file's name (a build plugin that configures tests).
    assert is_test_file("app/src/testDemo/kotlin/ui/NiaAppStateTest.kt", "kotlin")
    assert in_test_folder("app/src/testDemo/kotlin/ui/NiaAppStateTest.kt")
    assert in_test_folder("core/src/androidTestProd/java/DaoTest.java")
    assert in_test_folder("lib/src/testFixtures/kotlin/Fakes.kt")
    assert not is_test_file("build-logic/src/main/kotlin/AndroidInstrumentedTests.kt", "kotlin")
    assert not is_test_file("agent/src/jvmMain/kotlin/ClassTransformationSpec.kt", "kotlin")
    assert not is_test_file("core/src/main/java/org/x/LoadTest.java", "java")
    assert not in_test_folder("src/main/kotlin/testable/Probe.kt")
    assert not is_test_file("docs/openapi-spec/Client.cs", "csharp")


def test_test_helpers_named_after_their_case_and_xcode_bridging_headers() -> None:
    # taskflow's `data_pipeline_3P_SPS` (three pipes: serial, parallel, serial) in its
    # tests; Kingfisher's `KingfisherTests-Bridging-Header.h`, named by Xcode.
    files = {f"src/ring{i}.cpp": f"int ring_push_{i}(int x) {{ return x; }}\n" for i in range(30)}
    files.update({f"src/ring_part{i}.h": "int ring_size(void);\n" for i in range(12)})
    files.update({f"src/ring_buffer{i}.cpp": f"class RingBuffer{i} {{ }};\n" for i in range(12)})
    files["tests/test_pipelines.cpp"] = (
        "void data_pipeline_3P_SPS(int n) { }\nvoid runPipeline(int n) { }\n"
        # A case and its variants (`1P`: one pipe; `S`: serial), and RxSwift's `_a`, `_b`.
        "void pipeline_1P_S_DeferPreviousToken(int n) { }\n"
        "void pipeline_2P_SS_264VideoFormat(int n) { }\n"
        "class ExtendClassViewDelegateProxy_a { };\nvoid check_Pipeline(int n) { }\n"
        # A member's prefix is no variant's code.
        "void m_refCount(int n) { }\n"
    )
    files["Tests/AppTests/AppTests-Bridging-Header.h"] = '#import "Nocilla.h"\n'
    conventions, findings = _run(files)
    assert conventions["naming.cpp.function"].value == "snake_case"
    assert conventions["files.c.naming"].value == "snake_case"
    # `check_Pipeline` is a composite name (`composite_name`); `m_refCount` a short prefix
    # before a camelCase name, judged.
    assert _flagged(findings) == ["m_refCount", "runPipeline"]


def test_compat_files_named_after_the_platform_function_they_supply() -> None:
    # From tmux: `compat/explicit_bzero.c` defines `explicit_bzero` where the platform lacks
    # it, in a project whose files are kebab-case. A compat file named otherwise, or a file
    # outside compat named after its function, is still the project's to name.
    files = {
        f"cmd-{name}.c": f"int cmd_{name.replace('-', '_')}(void) {{ return 0; }}\n"
        for name in ("attach-session", "kill-pane", "new-window", "send-keys", "split-window")
    }
    files.update(
        {f"window-{i}-mode.c": f"int window_mode_{i}(void) {{ return 0; }}\n" for i in range(40)}
    )
    files["compat/explicit_bzero.c"] = "void\nexplicit_bzero(void *buf, size_t len)\n{\n}\n"
    files["compat/clock_gettime.c"] = "int\nclock_gettime(int clock, void *ts)\n{\n  return 0;\n}\n"
    files["compat/tree_fill.c"] = "int\nfill_tree(void)\n{\n  return 0;\n}\n"
    files["format_draw.c"] = "int\nformat_draw(void)\n{\n  return 0;\n}\n"
    conventions, findings = _run(files)
    assert conventions["files.c.naming"].value == "kebab-case"
    assert _flagged(findings) == ["format_draw.c", "tree_fill.c"]


def test_a_file_run_as_a_command_is_named_as_one() -> None:
    # From Humanizer: .NET file-based apps in tools/ (`#!/usr/bin/env dotnet run`) are
    # named as commands are typed, in kebab-case, among PascalCase files. Without the
    # shebang, or without the file's text, the name is the project's to style.
    body = "public class Thing{i}\n{{\n    public int Count {{ get; }}\n}}\n"
    files = {f"src/Lib/ThingParts{i}.cs": body.format(i=i) for i in range(30)}
    files["tools/locale-probe.cs"] = (
        '#!/usr/bin/env dotnet run\nusing System;\n\nConsole.WriteLine("probe");\n'
    )
    files["tools/compare-probes.cs"] = 'using System;\n\nConsole.WriteLine("compare");\n'
    extracts = extract_sources(files)
    conventions = infer_conventions(extracts, ConventionSettings())
    read = lambda path: files[path].encode()  # noqa: E731
    findings = [f for one in extracts for f in check_file(one, conventions, read=read)]
    assert {c.id: c.value for c in conventions}["files.csharp.naming"] == "PascalCase"
    assert _flagged(findings) == ["compare-probes.cs"]
    unread = [f for one in extracts for f in check_file(one, conventions)]
    assert _flagged(unread) == ["compare-probes.cs", "locale-probe.cs"]


def test_a_program_file_named_with_a_hyphen_is_named_as_its_command() -> None:
    # From polybar: `src/polybar-msg.cpp` defines `main` and is built as the command
    # `polybar-msg`, among snake_case files. A hyphenated file without `main` is judged.
    body = "namespace bar {{\nint draw_part_{i}(int x) {{ return x; }}\n}}\n"
    files = {f"src/parts/draw_part{i}.cpp": body.format(i=i) for i in range(30)}
    files["src/polybar-msg.cpp"] = "int main(int argc, char** argv) {\n  return 0;\n}\n"
    files["src/ipc-client.cpp"] = "namespace bar {\nint send_message(int x) { return x; }\n}\n"
    conventions, findings = _run(files)
    assert conventions["files.cpp.naming"].value == "snake_case"
    assert _flagged(findings) == ["ipc-client.cpp"]


def test_files_of_the_code_hosts_settings_are_not_judged_by_file_naming() -> None:
    # From factory_bot: `.github/REPRODUCTION_SCRIPT.rb`, a bug report's template named
    # as GitHub names its files (`ISSUE_TEMPLATE`), among snake_case files.
    words = ["cart", "order", "price", "stock", "bill", "coupon", "refund", "ship", "audit"]
    body = "module Shop\n  def load_{w}\n  end\nend\n"
    files = {f"lib/shop/{w}_store.rb": body.format(w=w) for w in words}
    files[".github/REPRODUCTION_SCRIPT.rb"] = "require 'bundler/inline'\n"
    files["lib/shop/TAX_TABLE.rb"] = "module Shop\n  def load_tax\n  end\nend\n"
    conventions, findings = _run(files)
    assert conventions["files.ruby.naming"].value == "snake_case"
    assert _flagged(findings) == ["TAX_TABLE.rb"]


def test_googletest_fixtures_and_death_test_suites_keep_googletests_names() -> None:
    # From entt, a snake_case library: its fixtures name googletest suites, which googletest
    # asks to have no underscore, and a death test suite is named `*DeathTest` as its guide
    # asks. A class that is no fixture is still judged.
    body = "class ring_{i} {{\n  int push_item(int value);\n}};\nusing ring_{i}_t = ring_{i};\n"
    files = {f"src/ring{i}.hpp": body.format(i=i) for i in range(30)}
    files["test/meta_context.cpp"] = (
        "class MetaContext: public ::testing::Test {\n  void SetUp() override { }\n};\n"
        "template<typename Type>\nstruct BasicHandle\n    : testing::TestWithParam<Type> {};\n"
        "template<typename Type>\nusing BasicHandleDeathTest = BasicHandle<Type>;\n"
        "class ContextCopy {};\n"
        "TEST_F(MetaContext, Resolve) {\n  ASSERT_TRUE(true);\n}\n"
    )
    conventions, findings = _run(files)
    assert conventions["naming.cpp.class"].value == "snake_case"
    assert _flagged(findings) == ["ContextCopy"]


def test_a_file_named_like_a_test_beside_the_code_is_one_only_if_it_imports_its_framework() -> None:
    # Twig's `src/TwigTest.php` is the class of a template test (`is defined`), and Quick's
    # `Sources/Quick/StopTest.swift` an error type: neither imports a test framework. A
    # test beside the code that does import one is still told where tests live.
    php_test = "<?php\nnamespace Shop\\Tests;\nuse PHPUnit\\Framework\\TestCase;\n"
    files = {
        f"tests/Cart{i}Test.php": php_test + f"class Cart{i}Test extends TestCase {{ }}\n"
        for i in range(30)
    }
    files.update({f"src/Cart{i}.php": f"<?php\nclass Cart{i} {{ }}\n" for i in range(12)})
    files["src/TwigTest.php"] = "<?php\nnamespace Twig;\nclass TwigTest { }\n"
    files["src/InvoiceTest.php"] = php_test + "class InvoiceTest extends TestCase { }\n"
    swift_test = "import XCTest\nfinal class Cart{i}Tests: XCTestCase {{ }}\n"
    files.update({f"Tests/Cart{i}Tests.swift": swift_test.format(i=i) for i in range(30)})
    files.update({f"Sources/Cart{i}.swift": f"struct Cart{i} {{ }}\n" for i in range(12)})
    files["Sources/StopTest.swift"] = "public struct StopTest: Error { }\n"
    files["Sources/OrderTests.swift"] = "import XCTest\nfinal class OrderTests: XCTestCase { }\n"
    conventions, findings = _run(files)
    assert conventions["tests.php.layout"].value == "tests-folder"
    assert conventions["tests.swift.layout"].value == "tests-folder"
    layout = sorted(f.location.path for f in findings if ".layout" in f.code)
    assert layout == ["Sources/OrderTests.swift", "src/InvoiceTest.php"]


def test_a_csharp_file_named_like_a_test_beside_the_code_is_one_only_if_it_marks_tests() -> None:
    # refit's sample `ModelForTest.cs` is a model and NSubstitute's `GetCallSpec.cs` a
    # call's specification: neither marks a test (a test project's global usings import
    # the framework, so the imports show nothing). A marked test beside the code is still
    # told where tests live.
    test = (
        "namespace Shop.Tests;\npublic class Cart{i}Tests\n{{\n"
        "    [Fact]\n    public void Adds() {{ }}\n}}\n"
    )
    files = {f"tests/Cart{i}Tests.cs": test.format(i=i) for i in range(30)}
    files.update(
        {f"src/Cart{i}.cs": f"namespace Shop;\npublic class Cart{i} {{ }}\n" for i in range(12)}
    )
    files["src/ModelForTest.cs"] = "namespace Shop;\npublic class ModelForTest { }\n"
    files["src/GetCallSpec.cs"] = "namespace Shop;\npublic class GetCallSpec { }\n"
    files["src/OrderTest.cs"] = (
        "namespace Shop;\npublic class OrderTest\n{\n    [Test]\n    public void Totals() { }\n}\n"
    )
    conventions, findings = _run(files)
    assert conventions["tests.csharp.layout"].value == "tests-folder"
    layout = sorted(f.location.path for f in findings if ".layout" in f.code)
    assert layout == ["src/OrderTest.cs"]


def test_a_csharp_file_named_after_a_generic_type_keeps_its_arity() -> None:
    # .NET names a generic type by its arity (`Mock`1`), and StyleCop a file by its type
    # parameters (`Meta{T}.cs`): BenchmarkDotNet's `CharacteristicObject`1.cs` is PascalCase.
    body = "namespace Shop;\npublic class Cart{i} {{ }}\n"
    files = {f"src/CartParts{i}.cs": body.format(i=i) for i in range(20)}
    files["src/CharacteristicObject`1.cs"] = (
        "namespace Shop;\npublic class CharacteristicObject<T> { }\n"
    )
    files["src/Meta{T}.cs"] = "namespace Shop;\npublic class Meta<T> { }\n"
    files["src/Json_Reader`1.cs"] = "namespace Shop;\npublic class JsonReader<T> { }\n"
    _, findings = _run(files)
    named = sorted(f.location.path for f in findings if "files.csharp.naming" in f.code)
    assert named == ["src/Json_Reader`1.cs"]


def test_a_ruby_file_named_like_a_test_beside_the_code_is_one_only_if_it_holds_tests(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """sidekiq's `lib/sidekiq/test_api.rb` is its testing API for users: it calls neither
    `describe` nor `test` and defines no `test_*` method. A spec or a minitest case beside
    the code is still told where tests live, read from an index as from the files."""
    files = {
        f"test/cart{i}_test.rb": f'require "helper"\ndescribe Cart{i} do\n  it "adds" do\n'
        "  end\nend\n"
        for i in range(30)
    }
    files.update({f"lib/shop/cart{i}.rb": f"class Cart{i}\nend\n" for i in range(12)})
    files["lib/shop/test_api.rb"] = (
        "module Shop\n  class Testing\n    def fake!\n    end\n  end\nend\n"
    )
    files["lib/shop/order_spec.rb"] = 'describe Order do\n  it "totals" do\n  end\nend\n'
    files["lib/shop/test_invoice.rb"] = (
        "class TestInvoice < Minitest::Test\n  def test_total\n  end\nend\n"
    )
    conventions, findings = _run(files)
    assert conventions["tests.ruby.layout"].value == "tests-folder"
    layout = sorted(f.location.path for f in findings if ".layout" in f.code)
    assert layout == ["lib/shop/order_spec.rb", "lib/shop/test_invoice.rb"]
    # Through an index, which keeps only the references the conventions read.
    root = write_tree(tmp_path / "ws", dict(files))
    args = argparse.Namespace(
        root=str(root), db=str(tmp_path / "index.db"), paths=[], format="text"
    )
    assert run_check(args) == 1
    out = capsys.readouterr().out.splitlines()
    assert sorted(line.split(":")[0] for line in out[:-1]) == layout


def test_a_cpp_class_defined_outside_the_one_declaring_it_holds_fields() -> None:
    # From leveldb: `struct Table::Rep { const char* filter_data; }` was read as file-level
    # declarations, and the pointer to const as a constant among `kCamelCase` constants.
    # A specialization of a namespaced template keeps the template's name.
    body = (
        "namespace db {{\nconst int kMaxLevel{i} = 7;\nstruct Range{i} {{ int start_key; }};\n}}\n"
    )
    files = {f"db/range{i}.hpp": body.format(i=i) for i in range(30)}
    files["table/table.cc"] = (
        "namespace db {\nstruct Table::Rep {\n  ~Rep() { }\n  const char* filter_data;\n"
        "  int block_count;\n};\n}\n"
        "template <>\nstruct fmt::formatter<db::Range0> {\n  auto format(int x) const;\n};\n"
    )
    conventions, findings = _run(files)
    assert conventions["naming.cpp.constant"].value == "camelCase"
    assert conventions["naming.cpp.struct"].value == "PascalCase"
    assert _flagged(findings) == []


def test_a_c_pointer_to_const_set_later_is_a_variable() -> None:
    """libevent's `const char *cur_test_name = NULL;` is a pointer the code sets later, not a
    constant; `const char *const` and a pointer to a string literal are constants, and so is
    a file's static null pointer the file never sets (json-c's sentinel
    `kObjectEndIterValue`). A global another file may set, and a local, stay variables."""
    src = (
        "static const char *a = NULL;\nconst char *b;\nconst char *g = 0, *h = NULL;\n"
        'const char *const c = "x";\nconst char *d = "x";\nconst char *e[] = {"a"};\n'
        "const int k = 3;\nstatic const void *kEnd = NULL;\nstatic const char *s = NULL;\n"
        "const char *shared = NULL;\n"
        "void run(struct t *p) {\n  a = p->name;\n  g = h = a;\n"
        "  p->s = a;\n  if (kEnd == p) return;\n  const char *local = NULL;\n  use(local);\n}\n"
    )
    (extract,) = extract_sources({"src/names.c": src})
    kinds = {s.name: s.kind for s in extract.symbols}
    variables = {n for n, k in kinds.items() if k == "variable"}
    assert variables == {"a", "b", "g", "h", "shared"} | ({"local"} & set(kinds))
    assert {n for n, k in kinds.items() if k == "constant"} == {"c", "d", "e", "k", "kEnd", "s"}


def test_a_rename_keeps_the_hungarian_marker_the_conventions_names_carry() -> None:
    # Hyprland's enums are `eState`-like (its `.clang-tidy` says `EnumPrefix: e`), leveldb's
    # constants `kMaxLevel`: `State` is to be `eState`, not `state`; `block_size`
    # `kBlockSize`. Where the names carry no one marker, the rename has none.
    body = (
        "enum eMode{i} {{ MODE_A{i} }};\nconst int kMaxLevel{i} = 7;\n"
        "int sendCount{i} = 0;\nint recvCount{i} = 0;\n"
    )
    files = {f"src/part{i}.cpp": body.format(i=i) for i in range(30)}
    files["src/grab.cpp"] = (
        "enum State { STATE_A };\nconst int block_size = 4;\nint retry_count = 0;\n"
    )
    conventions, findings = _run(files)
    assert conventions["naming.cpp.enum"].marker == "e"
    assert conventions["naming.cpp.constant"].marker == "k"
    assert conventions["naming.cpp.variable"].marker == ""
    renames = sorted(f.message.rsplit("rename to ", 1)[-1] for f in findings)
    assert renames == ["`eState`", "`kBlockSize`", "`retryCount`"]


def test_php_templates_are_named_apart_from_the_code() -> None:
    # Blade views are kebab-case, as `view('user-card')` names them (livewire's 33 of 34
    # PHP files to vote on a name); a script beside them is named as scripts are.
    views = ["user-card", "order-list", "nav-bar", "side-menu", "page-footer", "login-form"]
    views += ["cart-summary", "sign-up", "help-page", "error-page"]
    files = {f"resources/views/{v}.blade.php": "<div>{{ $title }}</div>\n" for v in views}
    files["resources/views/profile_page.blade.php"] = "<div>{{ $name }}</div>\n"
    files["test_unified_scripts.php"] = "<?php\nrequire 'vendor/autoload.php';\n"
    conventions, findings = _run(files)
    templates = conventions["files.php.template-naming"]
    assert (templates.value, templates.count, templates.total) == ("kebab-case", 10, 11)
    assert conventions["files.php.naming"].total == 1  # the script, judged with scripts
    [finding] = [f for f in findings if f.code.startswith("convention/files.")]
    assert finding.location.path == "resources/views/profile_page.blade.php"
    assert "templates here are kebab-case (kebab-case: 10 of 11 templates" in finding.message
