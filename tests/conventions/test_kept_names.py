"""Names a maintainer keeps on purpose are not proposed for renaming: a library's public
API in Swift and C#, definitions marked deprecated, a standard's own spelling, and names
another file of the workspace looks up by a string it builds. Real drift beside each is
still flagged."""

from __future__ import annotations

from steering_index.conventions.infer import (
    ConventionSettings,
    check_file,
    infer_conventions,
    left_alone,
)
from steering_index.conventions.layout import is_benchmark
from steering_index.model import Convention, FileExtract, Finding
from tests.conventions.conftest import extract_sources


def _run(
    files: dict[str, str], public_api: bool = False
) -> tuple[list[Convention], list[FileExtract], list[Finding]]:
    extracts = extract_sources(files)
    settings = ConventionSettings()
    conventions = infer_conventions(extracts, settings)
    findings = [
        f for one in extracts for f in check_file(one, conventions, settings, public_api=public_api)
    ]
    return conventions, extracts, findings


def _flagged(findings: list[Finding]) -> list[str]:
    return sorted(f.message.split("`")[1] for f in findings)


def _swift_store(i: int) -> str:
    return (
        f'struct Store{i} {{\n  static let defaultName = "s"\n'
        f'  let capacity{i}: Int\n  var itemCount = 0\n  private let queueLabel = "q"\n}}\n'
    )


def test_swift_public_members_of_a_public_type_are_the_librarys_api() -> None:
    files = {f"Sources/Kit/Store{i}.swift": _swift_store(i) for i in range(12)}
    files["Sources/Kit/Logger.swift"] = (
        "public class Logger {\n"
        '  public static let LOG_SUBSYSTEM = "dev.kit"\n'
        "  static let MAX_BODY_SIZE = 1024\n"
        "}\n\n"
        "struct Limits {\n  public static let MAX_ITEMS = 10\n}\n"
    )
    conventions, extracts, findings = _run(files)
    # The public constant of the public class is API; the internal one, and the public
    # member of an internal struct, are the module's own.
    assert _flagged(findings) == ["MAX_BODY_SIZE", "MAX_ITEMS"]
    logger = next(e for e in extracts if e.path.endswith("Logger.swift"))
    kept = next(s for s in logger.symbols if s.name == "LOG_SUBSYSTEM")
    why = left_alone(kept, logger.path, "swift", conventions, logger)
    assert why is not None and "visible outside its library" in why


def test_csharp_public_members_are_api_and_private_ones_are_judged() -> None:
    body = (
        "namespace Shop {{\n  public class Cart{i} {{\n"
        "    public int Count{i} {{ get; set; }}\n"
        "    private static int Total{i} {{ get; set; }}\n  }}\n}}\n"
    )
    files = {f"src/Cart{i}.cs": body.format(i=i) for i in range(20)}
    files["src/Drift.cs"] = (
        "namespace Shop {\n  public class Drift {\n"
        "    public int itemCount { get; set; }\n"
        "    protected int pageSize { get; set; }\n"
        "    private static int formatterFactory { get; set; }\n  }\n}\n"
    )
    _, _, findings = _run(files)
    assert _flagged(findings) == ["formatterFactory"]


def test_definitions_marked_deprecated_keep_their_old_names() -> None:
    ruby = "module Shop{i}\n  LIMIT_{i} = 3\n  TIMEOUT = 5\nend\n"
    kotlin = "class Cart{i} {{\n    fun addItem{i}(sku: String) {{}}\n    fun clearAll() {{}}\n}}\n"
    files = {f"lib/shop{i}.rb": ruby.format(i=i) for i in range(12)}
    files.update({f"src/main/kotlin/Cart{i}.kt": kotlin.format(i=i) for i in range(12)})
    files["lib/cascade.rb"] = (
        "module Shop\n  class Cascade\n    # deprecated, no longer used\n"
        "    NotFound = [404, {}, []]\n\n    DefaultPort = 8080\n  end\nend\n"
    )
    files["src/main/kotlin/Drift.kt"] = (
        "class Drift {\n"
        '    @Deprecated("use removeItem")\n    fun remove_item_now() {}\n\n'
        "    fun remove_item() {}\n}\n"
    )
    _, _, findings = _run(files)
    assert _flagged(findings) == ["DefaultPort", "remove_item"]


def test_swift_and_csharp_deprecation_attributes_keep_names() -> None:
    swift = "final class Player{i} {{\n  func playNext{i}() {{}}\n  func stopAll() {{}}\n}}\n"
    csharp = "namespace Shop {{\n  class Cart{i} {{\n    void AddItem{i}() {{ }}\n  }}\n}}\n"
    files = {f"Sources/Player{i}.swift": swift.format(i=i) for i in range(12)}
    files.update({f"src/Cart{i}.cs": csharp.format(i=i) for i in range(12)})
    files["Sources/Drift.swift"] = (
        "final class Drift {\n"
        '  @available(*, deprecated, message: "use playNext")\n  func play_next() {}\n\n'
        "  func play_later() {}\n}\n"
    )
    files["src/Drift.cs"] = (
        'namespace Shop {\n  class Drift {\n    [Obsolete("use AddItem")]\n'
        "    void add_item() { }\n\n    void remove_item() { }\n  }\n}\n"
    )
    _, _, findings = _run(files)
    assert _flagged(findings) == ["play_later", "remove_item"]


def test_a_standards_own_spelling_is_not_pascal_case() -> None:
    body = "<?php\nclass Format{i}\n{{\n    const RFC3164 = 0;\n    const LINE_{i} = 1;\n}}\n"
    files = {f"src/Format{i}.php": body.format(i=i) for i in range(12)}
    files["src/Syslog.php"] = (
        "<?php\nclass Syslog\n{\n    const RFC5424e = 2;\n    const DefaultPort = 514;\n}\n"
    )
    _, _, findings = _run(files)
    assert _flagged(findings) == ["DefaultPort"]


def _ruby_modules(count: int) -> dict[str, str]:
    body = "module Shop\n  module Part{i}\n    def self.run_{i}\n    end\n  end\nend\n"
    return {f"lib/shop/part{i}.rb": body.format(i=i) for i in range(count)}


def _ruby_module(name: str) -> str:
    return f"module Shop\n  module {name}\n    def self.parse(data)\n    end\n  end\nend\n"


def test_names_another_file_builds_to_look_up_are_left_alone() -> None:
    files = _ruby_modules(14)
    files["lib/shop/xml_mini.rb"] = (
        "module Shop\n  module XmlMini\n    def self.backend=(name)\n"
        '      @backend = Shop.const_get("XmlMini_#{name}")\n    end\n  end\nend\n'
    )
    for name in ("XmlMini_REXML", "XmlMini_Nokogiri", "SHOP_HELPERS"):
        files[f"lib/shop/{name.lower()}.rb"] = _ruby_module(name)
    conventions, extracts, findings = _run(files)
    assert _flagged(findings) == ["SHOP_HELPERS"]
    modules = next(c for c in conventions if c.id == "naming.ruby.module")
    assert modules.looked_up_names == ("XmlMini_Nokogiri", "XmlMini_REXML")
    rexml = next(e for e in extracts if e.path.endswith("xmlmini_rexml.rb"))
    why = left_alone(rexml.symbols[1], rexml.path, "ruby", conventions, rexml)
    assert why is not None and "builds from a string elsewhere" in why


def test_a_whole_name_looked_up_elsewhere_keeps_no_other_name() -> None:
    # `const_get("SHOP_HELPERS")` names one definition; it builds no family of names, so
    # a name that merely starts the same way elsewhere is still judged.
    files = _ruby_modules(14)
    files["lib/shop/loader.rb"] = (
        "module Shop\n  module Loader\n    def self.load\n"
        '      Shop.const_get("SHOP_HELPERS")\n    end\n  end\nend\n'
    )
    files["lib/shop/legacy.rb"] = _ruby_module("SHOP_HELPERS_OLD")
    _, _, findings = _run(files)
    assert _flagged(findings) == ["SHOP_HELPERS_OLD"]


def test_rubocop_clang_tidy_and_swiftlint_naming_suppressions_are_read() -> None:
    ruby = "module Shop{i}\n  LIMIT_{i} = 3\n  TIMEOUT = 5\nend\n"
    cpp = "int read_part_{i}(int x);\nint write_part_{i}(int x);\n"
    swift = "final class Player{i} {{\n  func playNext{i}() {{}}\n  func stopAll() {{}}\n}}\n"
    files = {f"lib/shop{i}.rb": ruby.format(i=i) for i in range(20)}
    files.update({f"src/part{i}.hpp": cpp.format(i=i) for i in range(20)})
    files.update({f"Sources/Player{i}.swift": swift.format(i=i) for i in range(20)})
    files["lib/error.rb"] = (
        "module Shop\n"
        "  Correctable = if defined?(Spell) # rubocop:disable Naming/ConstantName\n"
        "                  Spell\n                end\n"
        "  DefaultPort = 8080 # rubocop:disable Style/NumericLiterals\nend\n"
    )
    files["src/legacy.hpp"] = (
        "int GetVersion(int x); // NOLINT(readability-identifier-naming)\n"
        "// NOLINTNEXTLINE\nint GetBuild(int x);\n"
        "int GetName(int x); // NOLINT(bugprone-branch-clone)\n"
    )
    files["Sources/Drift.swift"] = (
        "final class Drift {\n"
        "  func play_next() {} // swiftlint:disable:this identifier_name\n"
        "  // swiftlint:disable:next identifier_name\n  func play_now() {}\n"
        "  func play_later() {}\n}\n"
    )
    _, _, findings = _run(files)
    assert _flagged(findings) == ["DefaultPort", "GetName", "play_later"]


def test_swift_format_ignore_swiftlint_and_nolint_stretches_are_read() -> None:
    # swift-argument-parser: `// swift-format-ignore: AlwaysUseLowerCamelCase` before a
    # struct accepts the names of its members (`a_newDefaultSyntax`); SwiftLint's
    # `disable`...`enable` and clang-tidy's NOLINTBEGIN...NOLINTEND accept the lines
    # between. A comment for another rule, and names after a stretch, are judged.
    swift = "final class Player{i} {{\n  func playNext{i}() {{}}\n  func stopAll() {{}}\n}}\n"
    cpp = "int read_part_{i}(int x);\nint write_part_{i}(int x);\n"
    files = {f"Sources/Player{i}.swift": swift.format(i=i) for i in range(40)}
    files.update({f"src/part{i}.hpp": cpp.format(i=i) for i in range(20)})
    files["Sources/Compat.swift"] = (
        "// swift-format-ignore: AlwaysUseLowerCamelCase\n"
        "private struct Arguments {\n  var a_newSyntax: Int = 0\n"
        "  func b_oldSyntax() {}\n}\n"
        "final class Drift {\n"
        "  // swift-format-ignore: NeverForceUnwrap\n  func play_soon() {}\n"
        "  func play_later() {}\n"
        "  // swiftlint:disable identifier_name\n  func play_now() {}\n"
        "  // swiftlint:enable identifier_name\n  func play_never() {}\n}\n"
    )
    files["src/legacy.hpp"] = (
        "// NOLINTBEGIN(readability-identifier-naming)\nint GetVersion(int x);\n"
        "int GetBuild(int x);\n// NOLINTEND(readability-identifier-naming)\n"
        "int GetName(int x);\n"
    )
    _, _, findings = _run(files)
    assert _flagged(findings) == ["GetName", "play_later", "play_never", "play_soon"]
    files["Sources/Whole.swift"] = (
        "// swift-format-ignore-file\nfinal class Whole {\n  func play_all() {}\n}\n"
    )
    _, _, findings = _run(files)
    assert "play_all" not in _flagged(findings)


def _csharp_pools() -> dict[str, str]:
    """80 C# files whose constants are PascalCase, for a file of drifting names to meet."""
    body = "namespace Lib;\npublic class Pool{i}\n{{\n    private const int MaxSize{i} = 1;\n}}\n"
    return {f"src/Lib/Pool{i}.cs": body.format(i=i) for i in range(80)}


def test_resharper_comments_that_accept_names_are_read() -> None:
    # StackExchange.Redis: `// ReSharper disable once InconsistentNaming`, then a StyleCop
    # `#pragma`, before `private const bool isAvailable`: the next declaration's name is
    # accepted. `disable` without `once` holds up to its `restore` (edge-js writes
    # `enable`); another inspection accepts no name.
    files = _csharp_pools()
    files["src/Lib/Delegates.cs"] = (
        "namespace Lib;\ninternal static class Delegates\n{\n"
        "    // ReSharper disable once InconsistentNaming\n"
        "#pragma warning disable SA1303\n"
        "    private const bool isAvailable = true;\n"
        "#pragma warning restore SA1303\n"
        "    private const bool otherFlag = true;\n"
        "    // ReSharper disable InconsistentNaming\n"
        "    private const int firstLimit = 1;\n"
        "    private const int secondLimit = 2;\n"
        "    // ReSharper enable InconsistentNaming\n"
        "    private const int thirdLimit = 3;\n"
        "    // ReSharper disable once UnusedMember.Local\n"
        "    private const int fourthLimit = 4;\n"
        "    // ReSharper disable All\n"
        "    private const int fifthLimit = 5;\n"
        "    // ReSharper restore All\n"
        "    private const int sixthLimit = 6;\n"
        "}\n"
    )
    _, _, findings = _run(files)
    assert _flagged(findings) == ["fourthLimit", "otherFlag", "sixthLimit", "thirdLimit"]


def test_csharp_pragmas_that_disable_a_naming_rule_are_read() -> None:
    # StackExchange.Redis: `#pragma warning disable SA1310` ... `restore SA1310` around
    # `lib_name`-style fields, and SA1300 held open while SA1303 opens and closes inside
    # it. A pragma for another warning accepts nothing; a bare `disable` accepts everything
    # up to a bare `restore`.
    files = _csharp_pools()
    files["src/Lib/Literals.cs"] = (
        "namespace Lib;\ninternal static class Literals\n{\n"
        + "".join(f"    private const int Size{i} = {i};\n" for i in range(12))
        + "#pragma warning disable SA1310, SA1311 // Field names should not contain underscore\n"
        "    private const int lib_name = 1;\n"
        "#pragma warning restore SA1310, SA1311\n"
        "    private const int lib_ver = 2;\n"
        "#pragma warning disable SA1300\n"
        "#pragma warning disable SA1303\n"
        "    private const int firstLimit = 1;\n"
        "#pragma warning restore SA1303\n"
        "    private const int secondLimit = 2;\n"
        "#pragma warning restore SA1300\n"
        "    private const int thirdLimit = 3;\n"
        "#pragma warning disable CS0649 // never assigned\n"
        "    private const int fourthLimit = 4;\n"
        "#pragma warning restore CS0649\n"
        "#pragma warning disable IDE1006\n"
        "    private const int fifthLimit = 5;\n"
        "#pragma warning restore CS0649\n"
        "    private const int sixthLimit = 6;\n"
        "#pragma warning restore IDE1006\n"
        "#pragma warning disable\n"
        "    private const int seventhLimit = 7;\n"
        "#pragma warning restore\n"
        "    private const int eighthLimit = 8;\n"
        "}\n"
    )
    _, _, findings = _run(files)
    assert _flagged(findings) == ["eighthLimit", "fourthLimit", "lib_ver", "thirdLimit"]


def test_csharp_suppress_message_attributes_of_naming_rules_are_read() -> None:
    # `[SuppressMessage("Style", "IDE1006:Naming Styles")]` on a declaration accepts its
    # name, as Java's `@SuppressWarnings("MemberName")` does; one for another rule does not.
    files = _csharp_pools()
    files["src/Lib/Native.cs"] = (
        "using System.Diagnostics.CodeAnalysis;\nnamespace Lib;\ninternal static class Native\n{\n"
        + "".join(f"    private const int Size{i} = {i};\n" for i in range(12))
        + '    [SuppressMessage("Style", "IDE1006:Naming Styles", Justification = "C")]\n'
        "    private const int lib_version = 1;\n"
        "    [System.Diagnostics.CodeAnalysis.SuppressMessage(\n"
        '        "StyleCop.CSharp.NamingRules", "SA1310:FieldNamesMustNotContainUnderscore")]\n'
        "    private const int lib_name = 2;\n"
        '    [SuppressMessage("Performance", "CA1822:Mark members as static")]\n'
        "    private const int lib_flags = 3;\n"
        "}\n"
    )
    _, _, findings = _run(files)
    assert _flagged(findings) == ["lib_flags"]


def test_c_names_a_runtime_or_windows_dictates_are_not_the_projects() -> None:
    body = "static int read_part_{i}(int x) {{ return x; }}\nint write_part_{i}(int x);\n"
    files = {f"src/part{i}.c": body.format(i=i) for i in range(20)}
    files["src/module.c"] = (
        "PyMODINIT_FUNC PyInit__native(void) { return NULL; }\n"
        "PyObject *PyErr_SetFromWindowsErrWithFilename(int e, const char *f) { return 0; }\n"
        "JNIEXPORT jint JNICALL Java_com_shop_Cart_total(JNIEnv *env) { return 0; }\n"
        "VOID CALLBACK LoadAvgCallback(PVOID counter, BOOLEAN timedOut) { }\n"
        "static int GetVersion(void) { return 1; }\n"
    )
    # A fuzz target's entry point, which libFuzzer calls by its name.
    files["fuzz/parse_fuzzer.c"] = (
        "int LLVMFuzzerTestOneInput(const unsigned char *data, unsigned long size) {\n"
        "  return 0;\n}\n"
    )
    # Fields of the project's structs are snake_case; a copy of a Windows structure
    # keeps Microsoft's spelling, however many fields it has.
    fields = "struct part_{i} {{\n  int item_count;\n  int page_size;\n}};\n"
    files.update({f"src/part_types{i}.h": fields.format(i=i) for i in range(4)})
    files["src/ntapi.h"] = (
        "typedef struct _WTS_SESSION_INFOW {\n  DWORD SessionId;\n  LPWSTR pWinStationName;\n"
        "} WTS_SESSION_INFOW, *PWTS_SESSION_INFOW;\n\n"
        "typedef struct {\n  LARGE_INTEGER IdleTime;\n  LARGE_INTEGER KernelTime;\n"
        "  LARGE_INTEGER UserTime;\n  ULONG InterruptCount;\n"
        "} _SYSTEM_PROCESSOR_PERFORMANCE_INFORMATION;\n"
    )
    files["src/kinfo.c"] = "struct kif {\n  char *buf;\n  int has_buf;\n  int BufSize;\n};\n"
    _, _, findings = _run(files)
    assert _flagged(findings) == ["BufSize", "GetVersion"]


def test_a_cpp_namespace_a_macro_names_is_not_the_projects() -> None:
    # simdjson's backends open `namespace SIMDJSON_IMPLEMENTATION`, a macro each defines to
    # its own namespace: neither judged nor voting. Another namespace out of style is judged.
    body = "namespace shop_part_{i} {{\nint read_part_{i}(int x) {{ return x; }}\n}}\n"
    files = {f"src/part{i}.cpp": body.format(i=i) for i in range(20)}
    files["src/backend.cpp"] = (
        "namespace SIMDJSON_IMPLEMENTATION {\nint read_backend(int x) { return x; }\n}\n"
        "namespace ShopCore {\nint read_shop(int x) { return x; }\n}\n"
    )
    conventions, _, findings = _run(files)
    assert _flagged(findings) == ["ShopCore"]
    (modules,) = [c for c in conventions if c.id == "naming.cpp.module"]
    assert (modules.count, modules.total) == (20, 21)


def test_a_cpp_alias_named_after_a_standard_type_stands_in_for_it() -> None:
    # jsoncpp's iterators: `using size_t = unsigned int;` beside `difference_type`.
    body = "class Part{i} {{\npublic:\n  using ItemList = int;\n  using SizeMap = int;\n}};\n"
    files = {f"src/part{i}.hpp": body.format(i=i) for i in range(10)}
    files["src/iterator.hpp"] = (
        "class ValueIterator {\npublic:\n  using size_t = unsigned int;\n"
        "  using difference_type = int;\n  using item_count = int;\n};\n"
    )
    _, _, findings = _run(files, public_api=True)
    assert _flagged(findings) == ["item_count"]


def test_a_variable_named_as_googles_constants_is_meant_as_one() -> None:
    # glog: `static bool kFailureSignalHandlerInstalled = false;` among snake_case variables.
    for language, suffix in (("cpp", "cc"), ("c", "c")):
        body = "static int items_seen_{i} = 0;\nstatic int pages_read_{i} = 0;\n"
        files = {f"src/part{i}.{suffix}": body.format(i=i) for i in range(10)}
        files[f"src/handler.{suffix}"] = (
            "static int kBacktraceAtLine = 2;\nstatic int handlerInstalled = 0;\n"
        )
        _, _, findings = _run(files)
        assert _flagged(findings) == ["handlerInstalled"], language


def test_an_embedded_frameworks_entry_points_are_named_by_it() -> None:
    # ESP-IDF calls `app_main`, FreeRTOS its application hooks, by those names: ArduinoJson's
    # camelCase C++ has an ESP-IDF build check with `extern "C" void app_main()`.
    body = "int parseValue{i}(int x) {{ return x; }}\nint writeValue{i}(int x);\n"
    files = {f"src/value{i}.cpp": body.format(i=i) for i in range(20)}
    files["extras/espidf/main/main.cpp"] = (
        'extern "C" void app_main() {\n  parseValue0(1);\n}\n'
        "void vApplicationStackOverflowHook(void *task, char *name) {}\n"
        "int read_all(int x) { return x; }\n"
    )
    c_body = "static int read_part_{i}(int x) {{ return x; }}\nint write_part_{i}(int x);\n"
    files.update({f"firmware/part{i}.c": c_body.format(i=i) for i in range(20)})
    files["firmware/hooks.c"] = (
        "void vApplicationIdleHook(void) {}\n"
        "void vApplicationGetIdleTaskMemory(void **tcb, void **stack, unsigned *size) {}\n"
        "void onIdleTick(void) {}\n"
    )
    _, _, findings = _run(files)
    assert _flagged(findings) == ["onIdleTick", "read_all"]


def test_freertos_configuration_is_named_by_the_kernel() -> None:
    # mongoose's and plog's samples: `FreeRTOSConfig.h`, the name FreeRTOS includes, with
    # the macros its kernel reads (`configASSERT(x)`, `INCLUDE_vTaskDelay`) and the port's
    # handlers mapped onto the vector table's. A macro of the sample's own is judged.
    macros = "#define PART_{i}_SIZE {i}\n#define PART_{i}_COUNT {i}\n#define PART_{i}_MIN(a) (a)\n"
    files = {f"src/part_{i}.h": macros.format(i=i) for i in range(40)}
    files["examples/rtos/FreeRTOSConfig.h"] = (
        "#define configUSE_PREEMPTION 1\n#define configCPU_CLOCK_HZ 20000000\n"
        "#define configASSERT(x) if ((x) == 0) for (;;)\n#define INCLUDE_vTaskDelay 1\n"
        "#define vPortSVCHandler SVC_Handler\n#define xPortSysTickHandler SysTick_Handler\n"
        "#define configDir 2\n#define sampleBufferSize 64\n"
    )
    files["examples/rtos/BoardConfig.h"] = "#define BOARD_LEDS 2\n"
    _, _, findings = _run(files)
    assert _flagged(findings) == ["BoardConfig.h", "configDir", "sampleBufferSize"]


def test_getopts_names_redeclared_for_a_platform_are_getopts() -> None:
    macros = "#define PART_{i}_SIZE {i}\n#define PART_{i}_COUNT {i}\n"
    files = {f"src/part{i}.h": macros.format(i=i) for i in range(20)}
    files["WIN32-Code/getopt.h"] = (
        "#define no_argument 0\n#define required_argument 1\n#define optional_argument 2\n"
        "#define max_args 3\n"
    )
    _, _, findings = _run(files)
    assert _flagged(findings) == ["max_args"]


def test_c_library_functions_written_for_a_platform_keep_their_names() -> None:
    # oatpp's Environment.cpp writes POSIX's `localtime_r` for Windows, and its connection
    # provider `inet_ntop` for old MinGW: callers use those names. A helper of its own in
    # snake_case is still drift.
    body = "namespace oatpp {{\nint readPart{i}(int x) {{ return x; }}\n}}\n"
    files = {f"src/oatpp/part{i}.cpp": body.format(i=i) for i in range(20)}
    files["src/oatpp/Environment.cpp"] = (
        "#ifdef WIN32\nstruct tm *localtime_r(time_t *clock, struct tm *result) {\n"
        "  _localtime64_s(result, clock);\n  return result;\n}\n#endif\n"
        "const char *inet_ntop(int af, const void *src, char *dst, int cnt) { return dst; }\n"
        "int read_clock(int x) { return x; }\n"
    )
    _, _, findings = _run(files)
    assert _flagged(findings) == ["read_clock"]


def test_cpp_constructors_are_named_by_their_type_and_std_mirrors_by_the_std() -> None:
    body = (
        "class Archive{i} {{\npublic:\n  Archive{i}(int flags);\n  ~Archive{i}();\n"
        "  void saveValue(int v);\n  void loadValue{i}(int v);\n}};\n"
    )
    files = {f"include/lib/archive{i}.hpp": body.format(i=i) for i in range(20)}
    files["include/lib/traits.hpp"] = (
        "template <class Base>\nstruct base_class {\n  base_class(Base const * derived);\n};\n\n"
        "//! Checks if a type is an enum\n/*! Needed over std::is_enum for wrapped types. */\n"
        "template <class T>\nclass is_enum {};\n\n"
        "class output_archive {};\n"
    )
    conventions, _, findings = _run(files)
    assert not any(c.id.startswith("naming.cpp.constructor") for c in conventions)
    assert _flagged(findings) == ["output_archive"]


def test_a_backport_under_a_namespace_aliased_to_std_is_named_as_the_standard() -> None:
    # robin-hood-hashing's C++11 compatibility: `integer_sequence` and `alignment_of` in
    # `namespace ROBIN_HOOD_STD_COMP`, which is `std` itself from C++14. Its own helpers in a
    # nested namespace, and a class of another namespace, are still the project's.
    body = "class Table{i} {{\npublic:\n  void insertValue(int v);\n}};\n"
    files = {f"src/table{i}.hpp": body.format(i=i) for i in range(50)}
    backport = (
        "namespace robin_hood {\n#if __cplusplus >= 201402L\n#define ROBIN_HOOD_STD_COMP std\n"
        "#else\nnamespace ROBIN_HOOD_STD_COMP {\n"
        "template <class T, T... Ints>\nclass integer_sequence {};\n"
        "template <class T>\nstruct alignment_of {};\n"
        "namespace detail_ {\nclass seq_impl {};\n}\n}\n#endif\n"
        "class hash_table {};\n}\n"
    )
    files["src/robin_hood.hpp"] = backport
    _, _, findings = _run(files, public_api=True)
    assert _flagged(findings) == ["hash_table", "seq_impl"]
    # A macro naming another namespace, or none, leaves it the project's own.
    for alias in ("#define ROBIN_HOOD_STD_COMP stdx\n", ""):
        files["src/robin_hood.hpp"] = backport.replace("#define ROBIN_HOOD_STD_COMP std\n", alias)
        _, _, findings = _run(files, public_api=True)
        assert _flagged(findings) == ["hash_table", "integer_sequence", "seq_impl"], alias


def test_a_c_function_named_after_the_function_it_wraps_keeps_its_name() -> None:
    body = "static int read_part_{i}(int x) {{ return x; }}\nint write_part_{i}(int x);\n"
    files = {f"src/part{i}.c": body.format(i=i) for i in range(20)}
    files["src/socks.c"] = (
        "static PVOID __GetExtendedTcpTable(ULONG family) {\n"
        "    ULONG size = 0;\n    GetExtendedTcpTable(NULL, &size, FALSE, family);\n"
        "    return __GetExtendedTcpTable(family);\n}\n\n"
        "static PVOID __GetExtendedUdpTable(ULONG family) {\n"
        "    return __GetExtendedUdpTable(family);\n}\n\n"
        "static int GetBuild(void) {\n    return 1;\n}\n\n"
        "static int __GetBuild(void) {\n    return GetBuild();\n}\n"
    )
    extracts = extract_sources(files)
    conventions = infer_conventions(extracts)
    socks = next(e for e in extracts if e.path == "src/socks.c")
    findings = check_file(socks, conventions, read=lambda path: files[path].encode())
    # The second calls only itself; the last wraps a function of the file, the project's.
    assert _flagged(findings) == ["GetBuild", "__GetBuild", "__GetExtendedUdpTable"]


def test_a_method_named_after_the_function_it_calls_plainly_wraps_it() -> None:
    # symfony/yaml's `Parser::preg_match` throws where PHP's `preg_match` returns false. A
    # method calling itself (`self::`, `$this->`) wraps nothing; in Ruby a plain call is the
    # method calling itself.
    body = "<?php\nclass Part{i}\n{{\n    public function loadPart() {{ return 1; }}\n}}\n"
    files = {f"src/Part{i}.php": body.format(i=i) for i in range(20)}
    files["src/Parser.php"] = (
        "<?php\nclass Parser\n{\n"
        "    public static function preg_match(string $p, string $s): int\n    {\n"
        "        if (false === $ret = preg_match($p, $s)) {\n"
        "            throw new ParseException('bad');\n        }\n        return $ret;\n    }\n\n"
        "    public static function read_int(string $s): int\n    {\n"
        "        return $this->read_int($s) + self::read_int($s);\n    }\n}\n"
    )
    ruby = "class Part{i}\n  def loadPart\n    1\n  end\nend\n"
    files |= {f"lib/part{i}.rb": ruby.format(i=i) for i in range(20)}
    files["lib/parser.rb"] = (
        "class Parser\n  def loadAll\n    1\n  end\n\n"
        "  def read_int(s)\n    read_int(s)\n  end\nend\n"
    )
    extracts = extract_sources(files)
    conventions = infer_conventions(extracts)
    for path, flagged in (
        ("src/Parser.php", ["read_int"]),
        ("lib/parser.rb", ["read_int"]),
    ):
        parser = next(e for e in extracts if e.path == path)
        findings = check_file(parser, conventions, read=lambda p: files[p].encode())
        assert _flagged(findings) == flagged


def test_named_constructors_of_a_file_keep_their_classes_style() -> None:
    # CLI11's `Error.hpp`: 26 static methods returning their own class, named as classes
    # are (`IncorrectConstruction::PositionalFlag`), where its other methods are snake_case.
    # A static method returning something else is a method like the others; two named
    # constructors alone in a file are no family.
    body = "class Part{i} {{\npublic:\n  void load_part() {{}}\n  void save_part() {{}}\n}};\n"
    files = {f"include/lib/part{i}.hpp": body.format(i=i) for i in range(40)}
    files["include/lib/error.hpp"] = (
        "class ParseError : public Error {\n"
        "  static ParseError MissingDash(std::string name) { return ParseError(name); }\n"
        "  static ParseError OneCharName(std::string name) { return ParseError(name); }\n"
        "  static int CountAll() { return 0; }\n};\n"
        "class RequiredError : public ParseError {\n"
        "  static RequiredError Subcommand(std::size_t n) { return RequiredError(n); }\n"
        "};\n"
    )
    files["include/lib/other.hpp"] = (
        "class Extra {\n  static Extra FromName(int n) { return Extra(); }\n"
        "  static Extra FromCode(int n) { return Extra(); }\n};\n"
    )
    _, _, findings = _run(files)
    assert _flagged(findings) == ["CountAll", "FromCode", "FromName"]


def test_cpp_variable_templates_are_named_apart_from_constants() -> None:
    # GSL's tests: traits as variable templates (`LShiftCompilesFor`, each specialization
    # a definition) in PascalCase, beside its few constants in snake_case (`test_value1`).
    traits = (
        "template <typename U, typename = void>\n"
        "static constexpr bool Shift{i}CompilesFor = false;\n"
        "template <typename U>\n"
        "static constexpr bool Shift{i}CompilesFor<U, void_t<decltype(U{{}} << 1)>> = true;\n"
    )
    files = {f"tests/shift{i}_tests.cpp": traits.format(i=i) for i in range(12)}
    files["tests/notnull_tests.cpp"] = (
        "constexpr int test_value1 = 1;\nconstexpr int test_value2 = 2;\n"
        'constexpr char failed_deathstring[] = ".*";\n'
    )
    files["tests/odd_tests.cpp"] = "template <class T>\nconstexpr bool is_odd_v = false;\n"
    conventions, _, findings = _run(files)
    values = {c.id: c.value for c in conventions}
    assert values["naming.cpp.variable-template"] == "PascalCase"
    assert _flagged(findings) == ["is_odd_v"]


def test_public_and_private_data_members_are_named_apart_in_cpp() -> None:
    body = (
        "class Archive{i} {{\nprivate:\n  int itsFlags;\n  int itsNextName{i};\n}};\n\n"
        "struct item_{i} {{\n  int item_count;\n}};\n"
    )
    files = {f"include/lib/archive{i}.hpp": body.format(i=i) for i in range(12)}
    files["include/lib/base.hpp"] = (
        "struct base_class {\n  int * base_ptr;\n};\n\n"
        "class Writer {\nprivate:\n  int write_count;\n};\n"
    )
    conventions, _, findings = _run(files)
    values = {c.id: c.value for c in conventions}
    assert values["naming.cpp.field"] == "camelCase"
    assert values["naming.cpp.public-field"] == "snake_case"
    assert _flagged(findings) == ["write_count"]


def test_csharp_static_readonly_static_and_instance_fields_are_named_apart() -> None:
    # AutoMapper's `static readonly MethodInfo MapMethod` beside `_operatorName`, serilog's
    # plain `static int Counter`: three conventions, and none judges another's fields.
    body = (
        "namespace Lib;\nclass Mapper{i}\n{{\n"
        '    private static readonly MethodInfo MapMethod{i} = typeof(Mapper{i}).GetMethod("M");\n'
        "    static readonly string[] Names{i} = [];\n"
        "    static int Counter{i};\n"
        "    private readonly string _fullName{i};\n"
        "    private int _hitCount{i};\n"
        "}}\n"
    )
    files = {f"src/Lib/Mapper{i}.cs": body.format(i=i) for i in range(12)}
    files["src/Lib/Odd.cs"] = (
        "namespace Lib;\nclass Odd\n{\n"
        "    private readonly string _operatorName;\n"
        "    static readonly MethodInfo _lookupTable = null;\n"
        "    static int _hitTotal;\n"
        "    private int Total;\n"
        "}\n"
    )
    conventions, _, findings = _run(files)
    values = {c.id: c.value for c in conventions}
    assert values["naming.csharp.static-readonly-field"] == "PascalCase"
    assert values["naming.csharp.static-field"] == "PascalCase"
    assert values["naming.csharp.field"] == "camelCase"
    assert _flagged(findings) == ["Total", "_hitTotal", "_lookupTable"]
    message = next(f.message for f in findings if "`_lookupTable`" in f.message)
    assert "static readonly fields here are PascalCase" in message


def test_csharp_internal_fields_are_named_apart_from_private_ones() -> None:
    # Polly's `internal readonly CancellationToken DefaultCancellationToken` beside its
    # private `_camelCase` fields: PascalCase like public ones, a convention of their own.
    body = (
        "namespace Lib;\npublic class Policy{i}\n{{\n"
        "    internal readonly CancellationToken DefaultToken{i} = CancellationToken.None;\n"
        "    internal int RetryCount{i};\n"
        "    private readonly string _policyKey{i};\n"
        "    private int _attempts{i};\n"
        "}}\n"
    )
    files = {f"src/Lib/Policy{i}.cs": body.format(i=i) for i in range(12)}
    files["src/Lib/Odd.cs"] = (
        "namespace Lib;\npublic class Odd\n{\n"
        "    internal int _lastCount;\n"
        "    private int Total;\n"
        "    protected internal int SharedCount;\n"
        "}\n"
    )
    conventions, _, findings = _run(files)
    values = {c.id: c.value for c in conventions}
    assert values["naming.csharp.internal-field"] == "PascalCase"
    assert values["naming.csharp.field"] == "camelCase"
    assert _flagged(findings) == ["Total", "_lastCount"]
    message = next(f.message for f in findings if "`_lastCount`" in f.message)
    assert "internal fields here are PascalCase" in message


def test_csharp_protected_fields_are_named_apart_from_public_ones() -> None:
    # NLog's protected `_matchingArgument`, `_fileTarget`, `_writeTasks` are `_camelCase`
    # like its private fields, beside 82 PascalCase public ones: a convention of their own,
    # not drift from the public fields'.
    body = (
        "namespace Lib;\npublic class Target{i}\n{{\n"
        "    public string LayoutName{i};\n"
        "    public int MaxLength{i};\n"
        "    protected readonly string _matchingArgument{i};\n"
        "    private int _attempts{i};\n"
        "}}\n"
    )
    files = {f"src/Lib/Target{i}.cs": body.format(i=i) for i in range(12)}
    files["src/Lib/Odd.cs"] = (
        "namespace Lib;\npublic class Odd\n{\n"
        "    protected int SharedCount;\n"
        "    protected internal int _lastCount;\n"
        "    public int _firstCount;\n"
        "}\n"
    )
    # Public and protected fields are API: judged where a baseline is (`public_api`).
    conventions, _, findings = _run(files, public_api=True)
    values = {c.id: c.value for c in conventions}
    assert values["naming.csharp.public-field"] == "PascalCase"
    assert values["naming.csharp.protected-field"] == "camelCase"
    # The protected `_lastCount` is named as the project's protected fields are; the
    # protected `SharedCount` is not, though public fields are named so.
    assert _flagged(findings) == ["SharedCount", "_firstCount"]
    message = next(f.message for f in findings if "`SharedCount`" in f.message)
    assert "protected fields here are camelCase" in message
    message = next(f.message for f in findings if "`_firstCount`" in f.message)
    assert "public fields here are PascalCase" in message


def test_csharp_fields_of_a_serializable_type_keep_their_names() -> None:
    # Newtonsoft.Json's `[Serializable] VersionOld` keeps .NET's `_Major` ("Do not rename
    # (binary serialization)"): the formatters write each field by its name.
    body = (
        "namespace Lib;\npublic class Store{i}\n{{\n"
        "    private readonly string _storeKey{i};\n    private int _itemCount{i};\n"
        "    private static int s_hits{i};\n}}\n"
    )
    files = {f"src/Lib/Store{i}.cs": body.format(i=i) for i in range(12)}
    files["src/Lib/VersionOld.cs"] = (
        "using System;\n\nnamespace Lib;\n\n[Serializable]\n"
        "public sealed class VersionOld\n{\n"
        "    private readonly int _Major; // Do not rename (binary serialization)\n"
        "    private readonly int _Minor;\n"
        "    private static int CreatedCount;\n"
        "}\n\n"
        "public sealed class Plain\n{\n    private readonly int _Width;\n}\n"
    )
    _, _, findings = _run(files)
    # A static field is no part of the serialized form; `Plain`, beside it, is not serialized.
    assert _flagged(findings) == ["CreatedCount", "_Width"]


def test_csharp_members_of_a_type_read_from_json_keep_the_jsons_names() -> None:
    # ShareX's uploaders: private classes that `JsonConvert.DeserializeObject<T>` fills from
    # an API's answer, their properties named as its keys (`apiUrl`, `session_token`), their
    # bases' and the types their members hold too. A class the file does not read from
    # JSON is judged; so is one MessagePack reads, by index as often as by name.
    body = (
        "namespace Lib;\npublic class Store{i}\n{{\n"
        "    public string StoreKey{i} {{ get; set; }}\n"
        "    public int ItemCount{i} {{ get; set; }}\n}}\n"
    )
    files = {f"src/Lib/Store{i}.cs": body.format(i=i) for i in range(40)}
    files["src/Lib/Uploader.cs"] = (
        "using Newtonsoft.Json;\n\nnamespace Lib;\n\npublic class Uploader\n{\n"
        "    public void Login(string body)\n    {\n"
        "        var auth = JsonConvert.DeserializeObject<Authorization>(body);\n"
        "        var token = DeserializeResponse<TokenResponse>(body);\n    }\n\n"
        "    private T DeserializeResponse<T>(string s) =>\n"
        "        JsonConvert.DeserializeObject<T>(s);\n\n"
        "    private class Allowed\n    {\n        public string bucketId { get; set; }\n    }\n\n"
        "    private class Authorization\n    {\n        public string apiUrl { get; set; }\n"
        "        public Allowed allowed { get; set; }\n    }\n\n"
        "    private class Response\n    {\n        public string new_key { get; set; }\n    }\n\n"
        "    private class TokenResponse : Response\n    {\n"
        "        public string session_token { get; set; }\n    }\n\n"
        "    private class Settings\n    {\n"
        "        public string uploadPath { get; set; }\n    }\n\n"
        "    private class Packed\n    {\n        public string packedKey { get; set; }\n    }\n\n"
        "    public void Unpack(byte[] bin) => MessagePackSerializer.Deserialize<Packed>(bin);\n"
        "}\n"
    )
    extracts = extract_sources(files)
    conventions = infer_conventions(extracts)
    uploader = next(e for e in extracts if e.path == "src/Lib/Uploader.cs")
    findings = check_file(uploader, conventions, read=lambda path: files[path].encode())
    assert _flagged(findings) == ["packedKey", "uploadPath"]


def test_vendored_code_neither_votes_nor_is_flagged() -> None:
    own = (
        "namespace lib {{\nstatic const int msb_{i}bit = 1;\nstatic const int LIMIT_{i} = 2;\n}}\n"
    )
    files = {f"include/lib/part{i}.hpp": own.format(i=i) for i in range(3)}
    vendored = (
        "namespace rapidxml {{\nconst int parse_mode_{i} = 0;\nconst int print_{i}_x = 1;\n}}\n"
    )
    files.update({f"include/lib/external/rapidxml{i}.hpp": vendored.format(i=i) for i in range(20)})
    files.update({f"include/lib/fmt/bundled/fmt{i}.hpp": vendored.format(i=i) for i in range(20)})
    files.update({f"3rd-party/eigen/eigen{i}.hpp": vendored.format(i=i) for i in range(20)})
    files["include/lib/xml.hpp"] = 'static const char * XML_ROOT_NAME = "lib";\n'
    conventions, _, findings = _run(files)
    constants = next(c for c in conventions if c.id == "naming.cpp.constant")
    assert constants.total == 7 and not constants.strong
    assert findings == []


def test_names_in_benchmarks_neither_vote_nor_are_flagged() -> None:
    # taskflow's port of PARSEC (`BlkSchlsEqEuroNoDiv`), serilog's benchmark variants.
    files = {f"src/graph{i}.cpp": f"int run_graph_{i}(int x) {{ return x; }}\n" for i in range(12)}
    ported = "float BlkSchlsEqEuroNoDiv{i}(float s) {{ return s; }}\n"
    files.update({f"benchmarks/black_scholes/bs{i}.cpp": ported.format(i=i) for i in range(20)})
    files["benchmarks/sort/omp.cpp"] = "void mergeSortRecursive(int n) { }\n"
    files["src/drift.cpp"] = "void mergeSortRecursive(int n) { }\n"
    conventions, _, findings = _run(files)
    functions = next(c for c in conventions if c.id == "naming.cpp.function")
    assert (functions.value, functions.total) == ("snake_case", 13)
    assert [f.location.path for f in findings] == ["src/drift.cpp"]
    cases = {
        "test/Serilog.PerformanceTests/Cache/CacheBenchmark_Cached.cs": True,
        "okio/jvm/jmh/src/jmh/java/ReadBenchmark.java": True,
        "Src/Newtonsoft.Json.Tests/Benchmarks/LargeJArrayBenchmarks.cs": True,
        "src/benchmark.py": False,
        "src/performance/counters.c": False,
    }
    assert {path: is_benchmark(path) for path in cases} == cases


def test_php_methods_called_by_a_name_built_in_a_string_keep_it() -> None:
    body = "<?php\nclass Client{i}\n{{\n    public function sendRequest{i}() {{}}\n}}\n"
    files = {f"src/Client{i}.php": body.format(i=i) for i in range(40)}
    files["src/StreamHandler.php"] = (
        "<?php\nclass StreamHandler\n{\n"
        "    public function createContext(array $options)\n    {\n"
        "        foreach ($options as $key => $value) {\n"
        '            $method = "add_{$key}";\n'
        "            $this->{$method}($value);\n        }\n    }\n\n"
        "    private function add_timeout($value) {}\n\n"
        "    private function add_verify($value) {}\n\n"
        "    private function parse_proxy(string $url) {}\n}\n"
    )
    _, _, findings = _run(files)
    assert _flagged(findings) == ["parse_proxy"]


def test_csharp_event_handlers_named_source_event_keep_their_names() -> None:
    body = "namespace Shop {{\n  class Cart{i} {{\n    void AddItem{i}() {{ }}\n  }}\n}}\n"
    files = {f"src/Cart{i}.cs": body.format(i=i) for i in range(40)}
    files["src/Loader.cs"] = (
        "namespace Shop {\n  class Loader {\n"
        "    void Start() {\n      AssemblyLoadContext.Default.Resolving += Assembly_Resolving;\n"
        "    }\n\n"
        "    static Assembly Assembly_Resolving(object context, object name) { return null; }\n\n"
        "    static void button_click(object sender) { }\n  }\n}\n"
    )
    extracts = extract_sources(files)
    conventions = infer_conventions(extracts)
    loader = next(e for e in extracts if e.path == "src/Loader.cs")
    findings = check_file(loader, conventions, read=lambda path: files[path].encode())
    # `button_click` is subscribed to nothing here: named as the project chose.
    assert _flagged(findings) == ["button_click"]


def test_cpp_header_names_outside_its_detail_namespace_are_the_librarys_api() -> None:
    body = (
        "#ifndef LIB_PART{i}_HPP\n#define LIB_PART{i}_HPP\n#define LIB_LIMIT_{i} 4\n"
        "namespace lib {{\nnamespace detail {{\ninline int split_part_{i}(int x) {{ return x; }}\n"
        "}}\ninline int join_part_{i}(int x) {{ return x; }}\n}}\n#endif\n"
    )
    files = {f"include/lib/part{i}.hpp": body.format(i=i) for i in range(20)}
    files["include/lib/detail/_trigger.hpp"] = (
        "#ifndef LIB_DETAIL__TRIGGER_HPP\n#define LIB_DETAIL__TRIGGER_HPP\n"
        "#define _lib_be16(x) swap16(x)\n"
        "namespace lib {\nnamespace detail {\ninline int checkParentSegments(int x) { return x; }\n"
        "}\ninline void TriggerOn(int app) { }\n}\n#endif\n"
    )
    # In a source file, not a header, nothing is the library's API.
    files["src/trigger.cpp"] = (
        "namespace lib {\nnamespace detail {\nint split_all(int x) { return x; }\n}\n"
        "void TriggerOff(int app) { }\n}\n"
    )
    _, _, findings = _run(files)
    assert _flagged(findings) == ["TriggerOff", "checkParentSegments"]


def test_kotlin_serial_version_uid_is_named_by_java_serialization() -> None:
    body = (
        "class Cart{i} {{\n    companion object {{\n"
        "        const val MAX_ITEMS_{i} = 3\n    }}\n}}\n"
    )
    files = {f"src/main/kotlin/Cart{i}.kt": body.format(i=i) for i in range(20)}
    files["src/main/kotlin/Trigger.kt"] = (
        "class Trigger : java.io.Serializable {\n    companion object {\n"
        "        private const val serialVersionUID = 1L\n"
        '        const val ProviderName = "Trigger"\n    }\n}\n'
    )
    _, _, findings = _run(files)
    assert _flagged(findings) == ["ProviderName"]


def test_kotlin_values_holding_singleton_like_objects_may_be_named_like_objects() -> None:
    body = 'package shop\n\nprivate val cartSize{i} = 3\nval cartName{i} = "c"\n'
    files = {f"src/main/kotlin/Cart{i}.kt": body.format(i=i) for i in range(60)}
    files["src/main/kotlin/Policies.kt"] = (
        "package shop\n\n"
        "internal val UseMinPolicy = MeasurePolicy { _, c ->\n    layout(1) {}\n}\n"
        "private val FakeTarget = object : TransitionTarget {\n}\n"
        "private val DefaultKey = Extras.Key<Int>(Unit)\n"
        "private val NeedRewrite = SDK_INT < 34\n"
        "private var Current = Policy()\n"
        # Standing for an object by its name (okio's deprecated upgrade path).
        "val Okio = `-DeprecatedOkio`\nval Utf8 = okio.Utf8Object\n"
        "private val Total = cartSize1 + 2\n"
    )
    _, _, findings = _run(files)
    assert _flagged(findings) == ["Current", "NeedRewrite", "Total"]


def test_compose_constants_in_pascal_case_are_named_as_compose_names_them() -> None:
    # nowinandroid's `NiaButtonDefaults.OutlinedButtonBorderWidth = 1.dp`: Compose's API
    # guidelines name constants in PascalCase. Not in a file without Compose, nor a `var`,
    # nor a class's own property.
    body = (
        'package shop\n\nprivate val cartSize{i} = 3\nval cartName{i} = "c"\n\n'
        "object Cart{i} {{\n    val itemCount{i} = 0\n    var lastSeen{i} = 0\n}}\n"
    )
    files = {f"src/main/kotlin/Cart{i}.kt": body.format(i=i) for i in range(60)}
    files["src/main/kotlin/ui/Button.kt"] = (
        "package shop.ui\n\nimport androidx.compose.ui.unit.dp\n\n"
        "object NiaButtonDefaults {\n    val OutlinedButtonBorderWidth = 1.dp\n"
        "    var CurrentAlpha = 0.5f\n}\n\n"
        "internal val TabTopPadding = 7.dp\n\n"
        "class Chip {\n    val BorderWidth = 1.dp\n}\n"
    )
    files["src/main/kotlin/Sizes.kt"] = "package shop\n\nobject Sizes {\n    val Border = 1\n}\n"
    _, _, findings = _run(files)
    assert _flagged(findings) == ["Border", "BorderWidth", "CurrentAlpha"]


def test_a_one_word_name_behind_a_prefix_of_camel_case_names_is_one_of_that_family() -> None:
    # Hyprland's Lua dispatchers: `dsp_alterZOrder`, `dsp_focusMonitor` and `dsp_exit` (the
    # prefix and one word) in a camelCase project. A snake_case name of two words behind the
    # prefix, or one word behind a prefix no other name carries, is still judged.
    body = "namespace hl {{\nint focusWindow{i}(int x) {{ return x; }}\n}}\n"
    files = {f"src/desktop/Focus{i}.cpp": body.format(i=i) for i in range(100)}
    files["src/lua/Dispatchers.cpp"] = (
        "static int dsp_alterZOrder(lua_State* L) { return 0; }\n"
        "static int dsp_focusMonitor(lua_State* L) { return 0; }\n"
        "static int dsp_exit(lua_State* L) { return 0; }\n"
        "static int dsp_kill_all(lua_State* L) { return 0; }\n"
        "static int cb_exit(lua_State* L) { return 0; }\n"
    )
    # A plugin API's entry points, which the loader looks up by their reserved names.
    files["src/plugins/PluginAPI.hpp"] = (
        'extern "C" const char* __hyprland_api_get_hash();\n'
        "const char* __hyprland_api_get_client_hash();\n"
    )
    conventions, extracts, findings = _run(files)
    assert _flagged(findings) == ["cb_exit", "dsp_kill_all"]
    dispatchers = next(e for e in extracts if e.path == "src/lua/Dispatchers.cpp")
    exit_ = next(s for s in dispatchers.symbols if s.name == "dsp_exit")
    why = left_alone(exit_, dispatchers.path, "cpp", conventions, dispatchers)
    assert why is not None and "family of camelCase names behind `dsp_`" in why


def test_c_include_guards_and_function_like_macros_keep_their_spelling() -> None:
    body = (
        "#ifndef PART{i}_H\n#define PART{i}_H\n"
        "#define LIB_LIMIT_{i} 4\n#define LIB_SIZE_{i} 8\n#endif\n"
    )
    files = {f"src/part{i}.h": body.format(i=i) for i in range(20)}
    files["src/detail/_sysdep.h"] = (
        "#ifndef LIB_DETAIL__SYSDEP_H\n#define LIB_DETAIL__SYSDEP_H\n"
        "#define _lib_be16(x) swap16(x)\n#define lib_rename rename\n"
        "#define libHeader <windows.h>\n#endif\n"
    )
    _, _, findings = _run(files)
    assert _flagged(findings) == ["libHeader"]


def test_c_api_macros_are_named_as_the_api_functions_beside_them() -> None:
    body = (
        "#define LIB_LIMIT_{i} 4\n#define LIB_SIZE_{i} 8\nint lib_part{i}(int x);\n"
        "#define LIB_MIN_{i}(a, b) ((a) < (b) ? (a) : (b))\n"
    )
    files = {f"src/part{i}.h": body.format(i=i) for i in range(40)}
    files["src/cJSON.h"] = (
        "#define cJSON_Invalid (0)\n"
        "CJSON_PUBLIC(cJSON *) cJSON_Parse(const char *value);\n"
        "#define cJSON_SetIntValue(object, number) ((object) ? (number) : (number))\n"
        "#define cJSON_ArrayForEach(e, a) for (e = a; e; e = e->next)\n"
        "#define cJSON_Raw (1 << 7)\n"
        "#define jsonSet(o) set(o)\n"
    )
    _, _, findings = _run(files)
    # A macro of a prefix no function has is judged; the API's own names, of a namespace
    # and a name in cases of their own, are composite names (`composite_name`).
    assert _flagged(findings) == ["jsonSet"]


def test_a_macro_named_as_a_definition_beside_it_and_a_suffix_is_its_companion() -> None:
    # nginx: `ngx_open_file_n`, the name of the call `ngx_open_file` makes, for its error
    # messages, among its capitals; a macro named after nothing the file defines, or a
    # sibling told apart by digits (`x86_64` beside `x86`), is judged.
    body = "#define LIB_LIMIT_{i} 4\n#define LIB_SIZE_{i} 8\nint lib_part{i}(int x);\n"
    files = {f"src/part{i}.h": body.format(i=i) for i in range(40)}
    files["src/ngx_files.h"] = (
        "#define ngx_open_file(name, mode) open((const char *) name, mode)\n"
        '#define ngx_open_file_n "open()"\n'
        "#define ngx_close_file close\n"
        '#define ngx_close_file_n "close()"\n'
        "ssize_t ngx_read_file(ngx_file_t *file, u_char *buf);\n"
        '#define ngx_read_file_n "read()"\n'
        '#define ngx_write_file_n "write()"\n'
        "#define ngx_arch_x86 3\n#define ngx_arch_x86_64 4\n"
    )
    _, _, findings = _run(files)
    assert _flagged(findings) == ["ngx_arch_x86", "ngx_arch_x86_64", "ngx_write_file_n"]


def test_cpp_copies_of_windows_and_platform_names_keep_their_spelling() -> None:
    body = (
        "struct part_{i} {{\n  int item_count;\n  int page_size;\n}};\n"
        "class reader_{i} {{\npublic:\n  int read_some(int n);\n  int read_all_{i}(int n);\n}};\n"
        "#define LIB_LIMIT_{i} 4\n#define LIB_SIZE_{i} 8\n"
        "int open_part_{i}(int n);\n"
    )
    files = {f"include/lib/part{i}.hpp": body.format(i=i) for i in range(20)}
    files["include/lib/win.hpp"] = (
        "// Emulation of Windows IO_STATUS_BLOCK structure.\n"
        "struct io_status_block {\n  long Status;\n  unsigned long Information;\n};\n\n"
        "struct file_info {\n  long FileSize;\n};\n\n"
        "class winrt_buffer {\npublic:\n  STDMETHODIMP get_Length(UINT32* value);\n"
        "  int get_Size(UINT32* value);\n};\n\n"
        "#if !defined(Protocol)\n# define Protocol cpp_Protocol\n#endif\n"
        "#define Handle cpp_Handle\n"
        'extern "C" __declspec(dllimport) int __stdcall IsDebuggerPresent();\n\n'
        "namespace sinks {\nclass msvc_sink {};\n}\n"
        'extern "C" int __stdcall OutputLine();\n\n'
        "namespace more {\nclass x_sink {};\n}\n"
    )
    extracts = extract_sources(files)
    conventions = infer_conventions(extracts)
    win = next(e for e in extracts if e.path.endswith("win.hpp"))
    findings = check_file(win, conventions, read=lambda path: files[path].encode())
    # The DLL's function is spelt as the DLL spells it; a function of the project is not.
    assert _flagged(findings) == ["FileSize", "Handle", "OutputLine"]


def test_a_compatibility_header_keeps_the_platforms_names() -> None:
    body = (
        "struct part_{i} {{\n  int item_count;\n  int page_size;\n}};\n"
        "#define LIB_LIMIT_{i} 4\n#define LIB_SIZE_{i} 8\n"
    )
    files = {f"include/lib/part{i}.hpp": body.format(i=i) for i in range(20)}
    compat = (
        "struct in6_addr_emulation {\n  union {\n    unsigned char Byte[16];\n  } u;\n};\n"
        "#define _S6_un u\n"
    )
    files["include/lib/old_win_sdk_compat.hpp"] = compat
    files["include/lib/addresses.hpp"] = compat.replace("in6_addr", "address")
    _, _, findings = _run(files)
    # `_S6_un` renames the member `u` outside the compatibility file too, and is named like
    # it (a macro alias of a lower-case name): only the member stays drift there.
    assert sorted((f.location.path, f.message.split("`")[1]) for f in findings) == [
        ("include/lib/addresses.hpp", "Byte"),
    ]


def test_a_function_defined_only_where_a_macro_is_not_stands_in_for_the_platforms() -> None:
    # libpcap's `pcap-npf.c`: stubs of Npcap's monitor-mode routines, defined where
    # `HAVE_NPCAP_PACKET_API` is not and called either way. A function defined in both
    # branches, one called only under the same condition, and one whose call is in the
    # `#else` of `#ifdef`, standing in the same way, show each case.
    body = "static int read_part_{i}(int n)\n{{\n  return n;\n}}\n"
    files = {f"src/part{i}.c": body.format(i=i) for i in range(80)}
    source = (
        "#ifndef HAVE_NPCAP_PACKET_API\n"
        "static int\nPacketSetMonitorMode(char *name, int mode)\n{\n  return 0;\n}\n"
        "static int DumpState(void)\n{\n  return 0;\n}\n"
        "#endif /* HAVE_NPCAP_PACKET_API */\n"
        "#ifdef _WIN32\nstatic int OpenAdapter(int n)\n{\n  return n;\n}\n"
        "#else\nstatic int OpenAdapter(int n)\n{\n  return -n;\n}\n#endif\n"
        "#if defined(HAVE_GETTICKS)\n#include <ticks.h>\n"
        "#else\nstatic long GetTicks(void)\n{\n  return 0;\n}\n#endif\n"
        "#if 0\nstatic int OldWay(void)\n{\n  return 0;\n}\n#endif\n"
        "int activate(char *name)\n{\n"
        "#if !defined(HAVE_NPCAP_PACKET_API)\n  DumpState();\n#endif\n"
        "  OldWay();\n"
        "  return PacketSetMonitorMode(name, 1) + OpenAdapter(1) + (int)GetTicks();\n}\n"
    )
    files["src/npf.c"] = source
    extracts = extract_sources(files)
    conventions = infer_conventions(extracts)
    npf = next(e for e in extracts if e.path == "src/npf.c")
    findings = check_file(npf, conventions, read=lambda path: files[path].encode())
    assert _flagged(findings) == ["DumpState", "OldWay", "OpenAdapter", "OpenAdapter"]
    assert _flagged(check_file(npf, conventions)) == [
        "DumpState",
        "GetTicks",
        "OldWay",
        "OpenAdapter",
        "OpenAdapter",
        "PacketSetMonitorMode",
    ]


def test_a_family_named_by_letters_whose_case_matters_keeps_its_spelling() -> None:
    # spdlog's pattern flags: `%c` and `%C` each have a formatter class named by the letter.
    body = "class reader_{i} {{\npublic:\n  int read_some(int n);\n}};\n"
    files = {f"include/lib/part{i}.hpp": body.format(i=i) for i in range(60)}
    files["include/lib/pattern.hpp"] = (
        "namespace details {\n"
        "class c_formatter {};\nclass C_formatter {};\nclass Y_formatter {};\n"
        "class D_formatter {};\n"
        "class Line_formatter {};\n"  # a word, not a flag: still the project's to name
        "}\n"
    )
    conventions, extracts, findings = _run(files)
    # `Line_formatter` is a composite name (`composite_name`), left alone as such.
    assert _flagged(findings) == []
    # Without `c_formatter`, no letter's case tells two of them apart: they are left alone
    # as composite names only (a letter, then a word).
    files["include/lib/pattern.hpp"] = files["include/lib/pattern.hpp"].replace(
        "class c_formatter {};\n", ""
    )
    alone, extracts_alone, found_alone = _run(files)
    assert _flagged(found_alone) == []
    lone = next(e for e in extracts_alone if e.path.endswith("pattern.hpp"))
    letter = next(s for s in lone.symbols if s.name == "C_formatter")
    reason = left_alone(letter, lone.path, "cpp", alone, lone)
    assert reason is not None and "parts in cases of their own" in reason
    pattern = next(e for e in extracts if e.path.endswith("pattern.hpp"))
    kept = next(s for s in pattern.symbols if s.name == "Y_formatter")
    why = left_alone(kept, pattern.path, "cpp", conventions, pattern)
    assert why is not None and "case tells it from a sibling" in why


def test_c_macros_with_parameters_are_a_naming_convention_of_their_own() -> None:
    # redis names its macros with parameters like its functions (`dictEntryNextInSlot(de)`)
    # and those without in capitals (`DICT_OK`): each is judged among its own kind.
    redis = (
        "#define DICT_OK_{i} 0\n#define DICT_ERR_{i} 1\n"
        "#define dictSlot{i}(d) ((d)->slot)\n#define dictNext{i}(d) ((d)->next)\n"
    )
    files = {f"src/dict{i}.h": redis.format(i=i) for i in range(20)}
    files["src/server.h"] = (
        "#define dictEntryNextInSlot(de) ((de)->next)\n#define maxClients 64\n"
        "#define DICT_SIZE(d) ((d)->size)\n"
    )
    conventions, _, findings = _run(files)
    by_id = {c.id: c for c in conventions}
    assert by_id["naming.c.function-macro"].value == "camelCase"
    assert by_id["naming.c.macro"].value == "UPPER_CASE"
    assert _flagged(findings) == ["DICT_SIZE", "maxClients"]
    message = next(f.message for f in findings if "DICT_SIZE" in f.message)
    assert "function-like macros here are camelCase" in message
    # Pillow writes both kinds in capitals: a mixed-case macro with parameters is drift.
    pillow = "#define CLIP_{i} 255\n#define MIN_{i}(a, b) ((a) < (b) ? (a) : (b))\n"
    files = {f"src/libImaging/part{i}.c": pillow.format(i=i) for i in range(20)}
    files["src/_imagingcms.c"] = "#define cmsMin(a, b) ((a) < (b) ? (a) : (b))\n"
    _, _, findings = _run(files)
    assert _flagged(findings) == ["cmsMin"]


def test_a_macro_defined_inside_a_functions_body_is_left_alone() -> None:
    files = {
        f"src/part{i}.c": f"#define PART_LIMIT_{i} 4\n#define PART_SIZE_{i} 8\n"
        f"#define PART_MIN_{i}(a, b) ((a) < (b) ? (a) : (b))\n"
        for i in range(20)
    }
    # htop's LinuxMachine.c: helpers a function defines and undefines, in its locals' style.
    files["src/machine.c"] = (
        "static void scan(const char* buffer, long* value) {\n"
        "   #define tryRead(label, variable) if (buffer[0] == label) { *variable = 1; }\n"
        "   tryRead('c', value);\n"
        "   #undef tryRead\n"
        "}\n"
        "#define maxItems 8\n"
    )
    conventions, extracts, findings = _run(files)
    # The file-level macro is still drift.
    assert _flagged(findings) == ["maxItems"]
    machine = next(e for e in extracts if e.path == "src/machine.c")
    local = next(s for s in machine.symbols if s.name == "tryRead")
    why = left_alone(local, machine.path, "c", conventions, machine)
    assert why == (
        "`tryRead` is a macro defined inside a function's body, a helper as local as its variables"
        " (`naming.c.function-macro`)"
    )


def test_a_bindings_names_taken_from_the_c_it_binds_are_the_cs() -> None:
    # swift-nio's socket options hold the C constant of their name, its kevent alias is
    # named after C's `timespec`, and a syscall wrapper after the C shim it calls.
    body = (
        "typealias PartIndex{i} = Int\n"
        "struct Part{i} {{\n    let itemCount = {i}\n"
        "    func readPart(at index: Int) -> Int {{ index }}\n}}\n"
    )
    files = {f"Sources/Core/Part{i}.swift": body.format(i=i) for i in range(20)}
    files["Sources/Core/Socket.swift"] = (
        "extension SocketOption {\n"
        "    public static let so_sndbuf = Self(rawValue: SO_SNDBUF)\n"
        "    public static var so_broadcast: SocketOption {\n"
        "        Self(rawValue: SO_BROADCAST)\n"
        "    }\n"
        "    public static let max_backlog = Self(rawValue: 128)\n"
        "    public static let noDelay = Self(rawValue: TCP_NODELAY)\n"
        "    public static let keepAlive = Self(rawValue: SO_KEEPALIVE)\n"
        "    public static let reuseAddress = Self(rawValue: SO_REUSEADDR)\n"
        "}\n"
        "internal typealias kevent_timespec = Darwin.timespec\n"
        "internal typealias event_time = Darwin.timespec\n"
        "enum Sys {\n"
        "    static func statfs_ftype(_ path: String) throws -> Int {\n"
        "        try call { CNIOLinux_statfs_ftype(path) }\n"
        "    }\n"
        "    static func read_all(_ path: String) -> Int { readAllParts(path) }\n"
        "    static func readAllParts(_ path: String) -> Int { 0 }\n"
        "    static func openFile(_ path: String) -> Int { 0 }\n"
        "    static func closeFile(_ fd: Int) -> Int { 0 }\n"
        "}\n"
    )
    extracts = extract_sources(files)
    conventions = infer_conventions(extracts, ConventionSettings())
    socket = next(e for e in extracts if e.path.endswith("Socket.swift"))
    # Judged as public API is with a baseline, and with the file's text to read.
    findings = check_file(
        socket, conventions, read=lambda path: files[path].encode(), public_api=True
    )
    assert _flagged(findings) == ["event_time", "max_backlog", "read_all"]


def test_kotlin_external_declarations_keep_the_names_of_what_they_bind() -> None:
    # sqldelight's binding of sql.js: an `external class` and an `external interface` spell
    # the JavaScript library's methods and constructors as it does (`create_function`, the
    # module's `Database`). A class of the project's own in the same file is judged.
    body = (
        "package shop\n\nclass Part{i} {{\n    val itemCount = {i}\n"
        "    fun readPart(index: Int): Int = index\n}}\n"
    )
    files = {f"src/main/kotlin/shop/Part{i}.kt": body.format(i=i) for i in range(20)}
    files["src/main/kotlin/shop/SqlJs.kt"] = (
        '@file:JsQualifier("SqlJs")\npackage shop\n\n'
        "open external class Database() {\n"
        "    open fun create_function(name: String, func: Function<*>)\n"
        "    open fun getRowsModified(): Number\n"
        "}\n"
        "external interface SqlJsStatic {\n"
        "    var Database: InitDatabaseJsStatic\n"
        "}\n"
        "external fun init_sql_js(config: Config): SqlJsStatic\n"
        "class Driver {\n"
        "    val Statement = 1\n"
        "    fun run_query(sql: String): Int = 0\n"
        "}\n"
    )
    conventions, extracts, findings = _run(files)
    assert _flagged(findings) == ["Statement", "run_query"]
    binding = next(e for e in extracts if e.path.endswith("SqlJs.kt"))
    method = next(s for s in binding.symbols if s.name == "create_function")
    why = left_alone(method, binding.path, "kotlin", conventions, binding)
    assert why is not None and "`external`" in why


def test_a_name_whose_spelling_in_the_convention_another_definition_has_keeps_it() -> None:
    # BenchmarkDotNet's disassembler: a cache `runtimeSpecificData` beside the nested class
    # `RuntimeSpecificData` it holds; C# allows no field of the class's name beside it.
    body = (
        "namespace Lib;\nclass Mapper{i}\n{{\n"
        "    private static readonly MethodInfo MapMethod{i} = null;\n"
        "    static readonly string[] Names{i} = [];\n"
        "    public void MapAll(int n) {{ }}\n"
        "}}\n"
    )
    files = {f"src/Lib/Mapper{i}.cs": body.format(i=i) for i in range(12)}
    files["src/Lib/Disassembler.cs"] = (
        "namespace Lib;\nclass Disassembler\n{\n"
        "    internal sealed class RuntimeSpecificData { }\n"
        "    private static readonly Dictionary<int, RuntimeSpecificData> runtimeSpecificData"
        " = new();\n"
        "    private static readonly Dictionary<int, string> stubCache = new();\n"
        "}\n"
    )
    # Methods may share a name (overloads): a camelCase method beside a PascalCase one of
    # its name is judged.
    files["src/Lib/Runner.cs"] = (
        "namespace Lib;\nclass Runner\n{\n"
        "    public void RunAll(int n) { }\n"
        "    private void runAll(string s) { }\n"
        "}\n"
    )
    # Java allows a field beside a class of its name: there the name is judged.
    java = "package lib;\nclass Mapper{i} {{\n    private static final int MAP_METHOD{i} = 1;\n}}\n"
    files |= {f"src/lib/Mapper{i}.java": java.format(i=i) for i in range(12)}
    files["src/lib/Disassembler.java"] = (
        "package lib;\nclass Disassembler {\n"
        "    static final class RuntimeData { }\n"
        "    private static final int runtimeData = 1;\n"
        "}\n"
    )
    conventions, extracts, findings = _run(files)
    assert _flagged(findings) == ["runAll", "runtimeData", "stubCache"]
    cs = next(e for e in extracts if e.path.endswith("Disassembler.cs"))
    cache = next(s for s in cs.symbols if s.name == "runtimeSpecificData")
    why = left_alone(cache, cs.path, "csharp", conventions, cs)
    assert why is not None and "named around another definition of its scope" in why


def test_a_number_after_a_number_keeps_its_underscore_without_a_word_break() -> None:
    # BenchmarkDotNet's toolchains for .NET 10 and later: `R2R10_0` beside `R2R90`, as its
    # monikers are `Net10_0` and `Net90`. The underscore separates the version's numbers.
    body = (
        "namespace Lib;\nclass Toolchain{i}\n{{\n"
        "    private static readonly Toolchain R2R8{i} = null;\n"
        "    private static readonly Toolchain NetCore{i} = null;\n"
        "}}\n"
    )
    files = {f"src/Lib/Toolchain{i}.cs": body.format(i=i) for i in range(40)}
    versions = (
        "namespace Lib;\nclass {0}\n{{\n    private static readonly Toolchain {1} = null;\n}}\n"
    )
    for name in ("R2R10_0", "Net11_0", "R2R_10"):
        files[f"src/Lib/{name}.cs"] = versions.format(name.replace("_", "") + "s", name)
    _, _, findings = _run(files)
    # Before, `R2R10_0` was UPPER_CASE and `Net11_0` mixed, as `R2R_10` still is.
    assert _flagged(findings) == ["R2R_10"]


def test_functions_behind_a_namespace_in_capitals_set_no_upper_case_convention() -> None:
    # lz4: `LZ4_isLittleEndian`, `LZ4_wildCopy8` read as UPPER_CASE (a part in capitals,
    # then camelCase), composite names that vote but are never flagged; 143 of its 145
    # functions, so "functions here are UPPER_CASE" asked its two snake_case static helpers
    # to become `READ_VARIABLE_LENGTH`. Functions are never named in capitals.
    words = ("read", "write", "copy", "count", "hash", "find", "match", "clear")
    files = {
        f"lib/lz{i}.c": "".join(f"int LZ4_{w}Block{i}(int x) {{ return x; }}\n" for w in words)
        for i in range(4)
    }
    files["lib/lz_helpers.c"] = (
        "static int read_variable_length(int x) { return x; }\n"
        "static int read_long_length_no_check(int x) { return x; }\n"
    )
    conventions, _extracts, findings = _run(files)
    functions = next(c for c in conventions if c.id == "naming.c.function")
    assert functions.value == "UPPER_CASE" and functions.count == 32
    assert not functions.strong and "namespace in capitals" in functions.overruled
    assert _flagged(findings) == []
