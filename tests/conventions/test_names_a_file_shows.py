"""Names the file itself shows are not the project's choice: overrides of an interface the
project does not own, generated code, mirrors of a C API, React components and hooks,
public API, names a linter was told to accept, tests. Each case is planted beside real
drift of the same kind, which must still be found."""

from __future__ import annotations

from steering_index.conventions.checks import safe_rename
from steering_index.conventions.infer import (
    ConventionSettings,
    check_file,
    conventions_for_symbol,
    infer_conventions,
    left_alone,
)
from steering_index.conventions.layout import file_naming_subject, is_test_file
from steering_index.conventions.naming import MIXED, SNAKE, UPPER_SNAKE, naming_style
from steering_index.index.extract import extract
from tests.conventions.conftest import extract_sources

_extracts = extract_sources


def _flagged(files: dict[str, str]) -> list[tuple[str, str]]:
    """(path, the name in the message) of every finding, in path order."""
    extracts = _extracts(files)
    settings = ConventionSettings()
    conventions = infer_conventions(extracts, settings)
    return [
        (f.location.path, f.message.split("`")[1])
        for one in extracts
        for f in check_file(one, conventions, settings)
    ]


def _snake_python(n: int) -> dict[str, str]:
    """`n` modules of a snake_case project: a class, two methods and three functions each."""
    return {
        f"app/mod_{i}.py": (
            f"class Service{i}:\n"
            "    def load_item(self):\n        return 1\n\n"
            "    def save_item(self):\n        return 2\n\n\n"
            f"def make_service_{i}():\n    return Service{i}()\n\n\n"
            "def read_item():\n    return 1\n\n\n"
            "def write_item():\n    return 1\n"
        )
        for i in range(n)
    }


DRIFT = "class Counter:\n    def sentCount(self):\n        return 1\n"


# --- overrides of an interface the project does not own ------------------------------------

PROTOCOL = """\
from twisted.protocols import basic
from zope.interface import implementer

from app.interfaces import ILocal


class Echo(basic.LineReceiver):
    def lineReceived(self, line):
        self.sendLine(line)


class LoudEcho(Echo):
    def connectionMade(self):
        pass

    def _shoutLine(self, line):
        pass


@implementer(IBodyProducer)
class Producer:
    def pauseProducing(self):
        pass


class Local(ILocal):
    def localCamel(self):
        pass
"""

SUPER_CALL = """\
class Base:
    pass


class Child(Base):
    def setValue(self, value):
        super().setValue(value)
"""


def test_methods_an_external_base_or_interface_names_are_left_alone() -> None:
    files = _snake_python(15)
    files["app/proto.py"] = PROTOCOL
    files["app/child.py"] = SUPER_CALL
    files["app/counter.py"] = DRIFT
    # The camelCase method of a class whose base is the project's own is still drift.
    assert _flagged(files) == [
        ("app/counter.py", "sentCount"),
        ("app/proto.py", "_shoutLine"),
        ("app/proto.py", "localCamel"),
    ]


JAVA_CLASS = """\
package shop;

class Cart{i} {{
    void addItem() {{}}
    void removeItem() {{}}
}}
"""

JAVA_OVERRIDE = """\
package shop;

class Listener extends Base {
    @Override
    public void on_event() {}

    public void other_event() {}
}
"""


def test_a_java_override_is_left_alone() -> None:
    files = {f"src/shop/Cart{i}.java": JAVA_CLASS.format(i=i) for i in range(10)}
    files["src/shop/Listener.java"] = JAVA_OVERRIDE
    assert _flagged(files) == [("src/shop/Listener.java", "other_event")]


PHP_CLASS = """\
<?php
namespace Shop;

class Cart{i}
{{
    public function addItem() {{}}
    public function removeItem() {{}}
}}
"""

PHP_STREAM = """\
<?php
namespace Shop;

use Psr\\Http\\Message\\StreamInterface;

class Stream implements StreamInterface
{
    public function get_contents() {}

    private function read_chunk() {}

    private static function next_chunk() {}
}
"""


def test_a_php_method_in_another_style_overrides_nothing() -> None:
    # PHP's libraries name their methods in camelCase (PSR-1): a snake_case method cannot be
    # a copy of the interface's, public or private, and is judged.
    files = {f"src/Cart{i}.php": PHP_CLASS.format(i=i) for i in range(30)}
    files["src/Stream.php"] = PHP_STREAM
    assert _flagged(files) == [
        ("src/Stream.php", "get_contents"),
        ("src/Stream.php", "read_chunk"),
        ("src/Stream.php", "next_chunk"),
    ]


TEST_BASE = """\
<?php
namespace Shop;

use PHPUnit\\Framework\\Attributes\\Test;
use PHPUnit\\Framework\\TestCase;

abstract class CartReaderTestCase extends TestCase
{
    #[Test]
    #[DataProvider('provideCarts')]
    public function it_can_select_a_specific_fragment(string $expression): void {}

    public function build_cart(): void {}
}
"""


def test_a_method_marked_as_a_test_may_read_as_a_sentence_anywhere() -> None:
    # league/csv's abstract test base lives in `src/`: its `#[Test]` methods are tests, a
    # helper beside them is judged.
    files = {f"src/Cart{i}.php": PHP_CLASS.format(i=i) for i in range(30)}
    files["src/CartReaderTestCase.php"] = TEST_BASE
    assert _flagged(files) == [("src/CartReaderTestCase.php", "build_cart")]


# --- generated code --------------------------------------------------------------------------

OPENAPI = '''\
# coding: utf-8

"""
    Petstore API

    The version of the OpenAPI document: 1.0.0
    Generated by OpenAPI Generator (https://openapi-generator.tech)

    Do not edit the class manually.
"""


class PetApi:
    def getPetById(self):
        return 1

    def addPet(self):
        return 2

    def deletePet(self):
        return 3

    def updatePet(self):
        return 4

    def findPets(self):
        return 5
'''


def test_a_module_docstring_that_says_generated_keeps_the_file_out() -> None:
    files = _snake_python(12)
    files["app/pet_api.py"] = OPENAPI
    files["app/counter.py"] = DRIFT
    assert _flagged(files) == [("app/counter.py", "sentCount")]
    # Its five camelCase methods do not vote: the method convention is the project's.
    conventions = {c.id: c for c in infer_conventions(_extracts(files))}
    methods = conventions["naming.python.method"]
    assert (methods.value, methods.total) == (SNAKE, 25)


def test_a_generated_file_name_keeps_the_file_out() -> None:
    files = _snake_python(12)
    files["app/proto/pet_pb2.py"] = "class Pet:\n    def getName(self):\n        return 1\n"
    files["app/counter.py"] = DRIFT
    assert _flagged(files) == [("app/counter.py", "sentCount")]


def test_a_visual_studio_designer_file_is_generated() -> None:
    # A WinForms designer writes `Form1.Designer.cs` and names its controls (`button1`, `textBox1`);
    # ArchiSteamFarm's newcomer GUI project had its fields counted from two of them. Its
    # comments may be in the developer's language ("Erforderliche Designervariable").
    part = (
        "namespace Shop;\ninternal class Part{i}\n{{\n"
        "    private int Count{i};\n    private int Size{i};\n}}\n"
    )
    files = {f"src/Shop/Part{i}.cs": part.format(i=i) for i in range(12)}
    designer = (
        "namespace Gui\n{\n    partial class Form1\n    {\n"
        "        /// <summary>Erforderliche Designervariable.</summary>\n"
        "        private System.Windows.Forms.Button okButton;\n"
        "        private System.Windows.Forms.TextBox nameBox;\n    }\n}\n"
    )
    files["src/Gui/Form1.Designer.cs"] = designer
    assert _flagged(files) == []
    del files["src/Gui/Form1.Designer.cs"]
    files["src/Gui/Form1.Controls.cs"] = designer
    assert _flagged(files) == [
        ("src/Gui/Form1.Controls.cs", "okButton"),
        ("src/Gui/Form1.Controls.cs", "nameBox"),
    ]


# --- names copied from a C API ---------------------------------------------------------------

WIN32 = """\
import ctypes
from ctypes import Structure, wintypes

STD_OUTPUT_HANDLE = -11


class COORD(Structure):
    _fields_ = [("X", wintypes.SHORT), ("Y", wintypes.SHORT)]


class CONSOLE_SCREEN_BUFFER_INFO(Structure):
    pass


def GetConsoleMode(handle):
    return ctypes.windll.kernel32.GetConsoleMode(handle)


class helper_class:
    pass
"""


def test_ctypes_structures_and_the_names_beside_them_are_left_alone() -> None:
    files = _snake_python(12)
    files["app/win32.py"] = WIN32
    files["app/other.py"] = "class bad_class:\n    pass\n"
    assert _flagged(files) == [("app/other.py", "bad_class")]


def test_no_rename_mangles_an_acronym_or_splits_an_uppercase_run() -> None:
    assert safe_rename("xAI", "PascalCase", set(), "typescript") is None  # not `XAi`
    assert safe_rename("METHOD_TLSv11", SNAKE, set(), "python") is None  # not `method_tl_sv11`
    assert safe_rename("userIDs", SNAKE, set(), "python") is None  # not `user_i_ds`
    assert safe_rename("parse_URL", "camelCase", set(), "python") is None  # not `parseUrl`
    # Acronyms lowered whole, and plain humps, still get their rename.
    assert safe_rename("HTTPClient", SNAKE, set(), "python") == "http_client"
    assert safe_rename("getUserId", SNAKE, set(), "python") == "get_user_id"


# --- public API, linters' suppressions -------------------------------------------------------

PUBLIC = """\
__all__ = ["parseValue"]


def parseValue(text):
    return text


def helperValue(text):
    return text
"""

SUPPRESSED = """\
def setUpModule():  # noqa: N802
    pass


def fetchRows():  # pylint: disable=invalid-name
    pass


def loadRows():  # noqa: E501
    pass
"""


def test_public_api_and_linter_suppressions_are_not_flagged() -> None:
    files = _snake_python(12)
    files["app/api.py"] = PUBLIC
    files["app/legacy.py"] = SUPPRESSED
    assert _flagged(files) == [("app/api.py", "helperValue"), ("app/legacy.py", "loadRows")]


ESLINT = """\
// eslint-disable-next-line @typescript-eslint/naming-convention
export function load_rows() {}

export function save_rows() {} // eslint-disable-line no-console
"""


def _camel_ts(n: int) -> dict[str, str]:
    return {
        f"src/lib/mod{i}.ts": f"export function load{i}A() {{}}\nexport function save{i}A() {{}}\n"
        for i in range(n)
    }


def test_an_eslint_naming_suppression_counts_and_another_rule_does_not() -> None:
    files = _camel_ts(12)
    files["src/lib/rows.ts"] = ESLINT
    assert _flagged(files) == [("src/lib/rows.ts", "save_rows")]


RUST = """\
pub fn read_one() {}
pub fn write_one() {}
pub fn load_one() {}
pub fn save_one() {}
pub fn find_one() {}
pub fn read_item() {}
pub fn write_item() {}
pub fn load_item() {}
pub fn save_item() {}
pub fn find_item() {}

#[allow(non_snake_case)]
pub fn GetVersion() {}

pub fn BadName() {}

pub fn r#match() {}
"""


def test_rust_allow_attribute_and_raw_identifiers() -> None:
    files = {"src/lib.rs": RUST}
    assert _flagged(files) == [("src/lib.rs", "BadName")]
    assert naming_style("r#async") == naming_style("async")


# --- React: components, hooks, test files ----------------------------------------------------


def _kebab_files(n: int) -> dict[str, str]:
    return {f"src/util/load-part-{i}.ts": f"export const part{i} = {i}\n" for i in range(n)}


def test_a_hook_file_is_a_plain_file_and_a_component_file_is_one() -> None:
    hook = extract("src/useCopy.tsx", b"export function useCopy() { return 1 }\n", "tsx").symbols
    button = extract(
        "src/button.tsx", b"export function Button() { return <b /> }\n", "tsx"
    ).symbols
    assert file_naming_subject("src/useCopy.tsx", "tsx", hook) == "file"
    assert file_naming_subject("src/button.tsx", "tsx", button) == "component-file"


def test_capitalised_functions_that_render_are_components_not_misnamed() -> None:
    files = _camel_ts(12)
    files["src/lib/view.js"] = (
        "import React from 'react'\n\nexport function Card() { return null }\n"
    )
    files["src/lib/typed.ts"] = "export function Badge(): JSX.Element { return null }\n"
    files["src/lib/plain.ts"] = "export function BadHelper() {}\n"
    assert _flagged(files) == [("src/lib/plain.ts", "BadHelper")]


def test_a_sites_components_importing_its_react_framework_are_components() -> None:
    # detekt's Docusaurus site: `website/src/components/ConfigurationFile.js` renders with
    # `@docusaurus/Link`. A capitalised function of a plain script is still judged.
    files = {
        f"website/src/util/part{i}.js": f"export function loadPart{i}() {{ return {i} }}\n"
        for i in range(12)
    }
    files["website/src/components/ConfigurationFile.js"] = (
        'import Link from "@docusaurus/Link";\n\n'
        'export function DefaultConfigurationFile() { return <Link href="x">x</Link>; }\n'
    )
    files["website/src/util/plain.js"] = "export function BadHelper() {}\n"
    assert _flagged(files) == [("website/src/util/plain.js", "BadHelper")]


def test_runner_specific_test_files_are_tests_and_do_not_vote_on_naming() -> None:
    assert is_test_file("core/util.vitest.ts", "typescript")
    assert is_test_file("e2e/login.e2e.ts", "typescript")
    files = {f"src/m{i}.test.ts": "export const a = 1\n" for i in range(12)}
    files["src/x.vitest.ts"] = "export const a = 1\n"
    files["src/y.spec.ts"] = "export const a = 1\n"
    assert _flagged(files) == [("src/y.spec.ts", "y.spec.ts")]


# --- tests and parsing details ---------------------------------------------------------------

UNITTEST = """\
import unittest


class Test_Parser(unittest.TestCase):
    def testParsesEmpty(self):
        pass


def helperCamel():
    pass
"""

TWISTED_STYLE = """\
def loadItem{i}():
    pass


def saveItem{i}():
    pass
"""


def test_test_classes_and_unittest_style_tests_are_test_names() -> None:
    files = _snake_python(12)
    files["tests/test_parser.py"] = UNITTEST
    assert _flagged(files) == [("tests/test_parser.py", "helperCamel")]
    # In a camelCase project, a snake_case test is not drift either.
    camel = {f"lib/m{i}.py": TWISTED_STYLE.format(i=i) for i in range(12)}
    camel["lib/test/test_m.py"] = "def test_loads_item():\n    pass\n"
    camel["lib/m9.py"] = "def load_other():\n    pass\n"
    assert _flagged(camel) == [("lib/m9.py", "load_other")]


def test_a_type_assertion_inside_a_test_is_no_project_type() -> None:
    files = {
        f"src/types{i}.ts": f"export type OrderItem{i} = {{ id: number }}\n" for i in range(12)
    }
    files["src/app.test.ts"] = (
        "describe('types', () => {\n  type verifyShape = Expect<Equal<A, B>>\n})\n"
        "type wrong_type = number\n"
    )
    assert _flagged(files) == [("src/app.test.ts", "wrong_type")]


def test_a_leading_upper_case_word_makes_a_constant() -> None:
    assert naming_style("METHOD_TLSv11") == UPPER_SNAKE
    # Another name kept in its own spelling inside a constant's (an SNMP MIB object's).
    assert naming_style("REPORT_usmStatsWrongDigests_NUM") == UPPER_SNAKE
    assert naming_style("REPORT_wrong_NUM") == MIXED
    module = extract("app/tls.py", b"METHOD_TLSv11 = 5\nmethod_Tls = 6\n", "python")
    assert [s.kind for s in module.symbols] == ["constant", "variable"]


DYNAMIC = """\
class Shell:
    def run(self, verb):
        return getattr(self, "do_" + verb)()

    def do_listItems(self):
        return 1

    def showItems(self):
        return 2


def _build(name):
    return globals()["_%s_Function" % name]


def _Sum_Function():
    return 0
"""


def test_names_looked_up_by_a_built_string_are_left_alone() -> None:
    files = _snake_python(12)
    files["app/shell.py"] = DYNAMIC
    assert _flagged(files) == [("app/shell.py", "showItems")]


def test_a_class_named_as_the_brand_its_body_spells_is_left_alone() -> None:
    files = {f"src/p{i}.ts": f"export class Provider{i} {{ run() {{}} }}\n" for i in range(12)}
    files["src/xai.ts"] = 'export class xAI {\n  static providerName = "xAI"\n}\n'
    files["src/other.ts"] = 'export class openThing {\n  static label = "Open thing"\n}\n'
    assert _flagged(files) == [("src/other.ts", "openThing")]


def test_a_value_named_after_the_qualified_name_its_string_gives_is_left_alone() -> None:
    # detekt's `CoroutineClassIds`: each `ClassId` named as the class it identifies. A value
    # named like a plain key, and one whose string names something else, are judged.
    files = {
        f"src/Part{i}.kt": f"object Part{i} {{\n    val itemCount{i} = {i}\n}}\n" for i in range(40)
    }
    files["src/Ids.kt"] = (
        "object CoroutineClassIds {\n"
        '    val Flow: ClassId = ClassId.fromString("kotlinx/coroutines/flow/Flow")\n'
        '    val CoroutineScope = FqName("kotlinx.coroutines.CoroutineScope")\n'
        '    val user_name = prefs.getString("user_name")\n'
        '    val Channel = ClassId.fromString("kotlinx/coroutines/channels/SendChannel")\n'
        "}\n"
    )
    assert _flagged(files) == [("src/Ids.kt", "user_name"), ("src/Ids.kt", "Channel")]


def test_names_a_package_re_exports_are_public_api_and_never_renamed() -> None:
    files = _snake_python(12)
    files["app/__init__.py"] = "from .legacy import fetchRows\n"
    files["app/legacy.py"] = "def fetchRows():\n    pass\n\n\ndef loadRows():\n    pass\n"
    assert _flagged(files) == [("app/legacy.py", "loadRows")]
    conventions = {c.id: c for c in infer_conventions(_extracts(files))}
    assert conventions["naming.python.function"].public_names == ("fetchRows",)


def test_hover_says_why_a_name_is_left_alone_given_the_files_extract() -> None:
    files = _snake_python(12)
    files["app/proto.py"] = PROTOCOL
    files["app/api.py"] = PUBLIC
    extracts = {e.path: e for e in _extracts(files)}
    conventions = infer_conventions(extracts.values())
    proto, api = extracts["app/proto.py"], extracts["app/api.py"]
    line = next(s for s in proto.symbols if s.name == "lineReceived")
    reason = left_alone(line, proto.path, "python", conventions, proto)
    assert reason is not None and "override" in reason
    assert conventions_for_symbol(line, proto.path, "python", conventions, proto) == []
    listed = next(s for s in api.symbols if s.name == "parseValue")
    reason = left_alone(listed, api.path, "python", conventions, api)
    assert reason is not None and "__all__" in reason


JAVA_SUPPRESSED = """\
package shop;

class Legacy {
    @SuppressWarnings("checkstyle:MethodName")
    public void load_all() {}

    @SuppressWarnings("unchecked")
    public void save_all() {}
}
"""


def test_a_java_naming_warning_suppressed_counts_and_another_does_not() -> None:
    files = {f"src/shop/Cart{i}.java": JAVA_CLASS.format(i=i) for i in range(10)}
    files["src/shop/Legacy.java"] = JAVA_SUPPRESSED
    assert _flagged(files) == [("src/shop/Legacy.java", "save_all")]


def test_a_file_named_after_what_it_declares_or_tests_is_not_flagged() -> None:
    files = {
        f"src/lib/rowLoader{w}{n}.ts": f"export function load{w}{n}Rows() {{}}\n"
        for w in ("One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine", "Ten")
        for n in ("A", "B")
    }
    files["src/lib/HandledError.ts"] = "export class HandledError extends Error {}\n"
    files["src/lib/CustomMatchers.d.ts"] = "export interface CustomMatchers { toBeOk(): void }\n"
    files["src/lib/IsRestoring.ts"] = "export const IsRestoring = createContext(false)\n"
    files["src/lib/RowSaver.ts"] = "export function saveRows() {}\n"
    files["src/lib/Tuple.test-d.ts"] = "import { Tuple } from './tuple'\nTuple()\n"
    files["src/lib/useRows-empty.test.ts"] = "import { useRows } from './rows'\nuseRows()\n"
    files["src/lib/Other-case.test.ts"] = "import { useRows } from './rows'\nuseRows()\n"
    flagged = [path for path, _ in _flagged(files)]
    assert flagged == ["src/lib/Other-case.test.ts", "src/lib/RowSaver.ts"]


# --- names that mirror what they are about -----------------------------------------------------

TEST_CLASSES = """\
from twisted.trial import unittest


class PCP_ConsumerInterfaceTests(unittest.TestCase):
    pass


class HTTP1_0Tests(unittest.TestCase):
    pass


class fake_socket:
    pass
"""


def test_a_test_class_named_after_a_protocol_or_an_acronym_is_a_test_name() -> None:
    files = _snake_python(12)
    files["tests/test_pcp.py"] = TEST_CLASSES
    assert _flagged(files) == [("tests/test_pcp.py", "fake_socket")]


CONSTANT_NAMES = """\
import re

IPv4_STYLE_HOSTNAME = re.compile(r"^[0-9.]*$")


def NO_CALLBACK(*args, **kwargs):
    raise RuntimeError("never called")


def _cbTestKEXDH_REPLY(self, packet):
    pass


def fetchAll():
    pass
"""


def test_names_in_capitals_or_around_a_constant_are_not_drift() -> None:
    files = _snake_python(12)
    files["app/tls.py"] = CONSTANT_NAMES
    # camelCase around a constant (`KEXDH_REPLY`) is mixed, not camelCase: left alone in a
    # snake_case project too, which drift `fetchAll` still is.
    assert _flagged(files) == [("app/tls.py", "fetchAll")]


def test_a_file_named_after_a_dunder_a_private_module_or_an_acronym_is_not_drift() -> None:
    files = {f"tests/test_part_{i}.py": "def test_a():\n    pass\n" for i in range(12)}
    files["tests/test_scrapy__getattr__.py"] = "def test_b():\n    pass\n"
    files["tests/test_web__responses.py"] = "def test_c():\n    pass\n"
    files["tests/reflect_helper_IE.py"] = "__import__('idonotexist')\n"
    files["tests/test_OtherThing.py"] = "def test_d():\n    pass\n"
    assert _flagged(files) == [("tests/test_OtherThing.py", "test_OtherThing.py")]


VENDORED = '''\
"""
Tokenization help for Python programs.
vendored from https://github.com/python/cpython/blob/main/Lib/tokenize.py
"""


def read_or_stop():
    pass


def find_cookie():
    pass
'''


def test_a_vendored_module_keeps_its_source_conventions() -> None:
    camel = {f"lib/m{i}.py": TWISTED_STYLE.format(i=i) for i in range(12)}
    camel["lib/_tokenize.py"] = VENDORED
    camel["lib/m9.py"] = "def load_other():\n    pass\n"
    assert _flagged(camel) == [("lib/m9.py", "load_other")]


MIRRORS = '''\
from twisted.web import client


class MockDNSResolver:
    """
    Implements twisted.internet.interfaces.IResolver partially
    """

    def lookupAllRecords(self, name):
        return name

    def _setUp(self, parser):
        self.parser = parser


class Other:
    def lookupSome(self, name):
        return name


def getPage(url):
    """Adapted version of twisted.web.client.getPage"""
    return client.get(url)


def getOther(url):
    """Adapted from getPage."""
    return url


def fetchPage(url):
    """Like self.fetchPage in the client, for tests."""
    return url
'''


def test_names_a_docstring_says_are_another_apis_are_left_alone() -> None:
    files = _snake_python(12)
    files["tests/mockserver.py"] = MIRRORS
    assert _flagged(files) == [
        ("tests/mockserver.py", "lookupSome"),
        ("tests/mockserver.py", "getOther"),
        ("tests/mockserver.py", "fetchPage"),
    ]


PRIVATE_OVERRIDES = """\
from twisted.web.client import Agent


class TunnelingAgent(Agent):
    def _getEndpoint(self, uri):
        return uri

    def _makeRequest(self, uri):
        return uri

    def request(self, uri):
        return self._makeRequest(uri)


class ProxyAgent(Agent):
    def request(self, uri):
        return self._getEndpoint(uri)


class Partial(Agent):
    def render(self, request):
        self.defer(self._delayedRender, request)

    def _delayedRender(self, request):
        return request


class Drop(Partial):
    def _delayedRender(self, request):
        return None
"""


def _flagged_reading(files: dict[str, str]) -> list[tuple[str, str]]:
    """`_flagged`, with the files' text at hand as `steering check` has it."""
    extracts = _extracts(files)
    conventions = infer_conventions(extracts)
    read = {path: text.encode() for path, text in files.items()}.get
    return [
        (f.location.path, f.message.split("`")[1])
        for one in extracts
        for f in check_file(one, conventions, read=read)
    ]


def test_a_private_method_its_class_never_uses_overrides_the_external_base() -> None:
    files = _snake_python(24)
    files["app/agent.py"] = PRIVATE_OVERRIDES
    # The base calls `_getEndpoint`; the class calls its own `_makeRequest` and
    # `_delayedRender` (the override in `Drop` renames with its base's).
    expected = [
        ("app/agent.py", "_makeRequest"),
        ("app/agent.py", "_delayedRender"),
        ("app/agent.py", "_delayedRender"),
    ]
    assert _flagged_reading(files) == expected
    # Without the text, a private method is taken for the class's own helper.
    assert _flagged(files) == [("app/agent.py", "_getEndpoint"), *expected]


def test_a_name_looked_up_by_a_built_string_may_be_a_class() -> None:
    files = _snake_python(12)
    files["app/xpath.py"] = (
        'def _make(name):\n    return globals()["_%s_Function" % name]\n\n\n'
        "class _not_Function:\n    pass\n\n\nclass other_thing:\n    pass\n"
    )
    assert _flagged(files) == [("app/xpath.py", "other_thing")]


def test_names_a_package_init_defines_are_its_public_api() -> None:
    files = _snake_python(24)
    files["app/__init__.py"] = "class version_info:\n    pass\n"
    files["app/util.py"] = "class object_ref:\n    pass\n"
    assert _flagged(files) == [("app/util.py", "object_ref")]


# --- JavaScript and TypeScript marks -------------------------------------------------------------

MARKED = """\
export class $ZodType { run() {} }
export function $constructor() {}
export class Schema {
  "~validate"(value) { return value }
}
export function experimental_createPersister() {}
export declare const dataTagSymbol: unique symbol
export type dataTagSymbol = typeof dataTagSymbol
export function load_rows() {}
"""


def test_marked_names_stability_prefixes_and_types_named_after_values() -> None:
    files = _camel_ts(12)
    files |= {f"src/lib/t{i}.ts": f"export type Row{i} = {{ id: number }}\n" for i in range(12)}
    files |= {f"src/lib/c{i}.ts": f"export class Loader{i} {{}}\n" for i in range(12)}
    files["src/lib/core.ts"] = MARKED
    assert _flagged(files) == [("src/lib/core.ts", "load_rows")]


PROXY_TESTS = """\
from twisted.trial import unittest


class ProducerTest:
    proxyClass = None

    def setUp(self):
        self.proxy = self.proxyClass()


class PullProducerTests(ProducerTest, unittest.TestCase):
    class proxyClass(Proxy):
        streaming = False


class OtherTests(unittest.TestCase):
    class helperClass(Proxy):
        streaming = True


class PullTests(unittest.TestCase):
    class proxyClass(Proxy):
        streaming = True

    def setUp(self):
        self.proxy = self.proxyClass()


class LoaderTests(unittest.TestCase):
    class from_path(Proxy):
        def test_loads(self):
            return Loader.from_path("key")
"""


def test_a_nested_class_its_class_uses_as_an_attribute_is_named_as_one() -> None:
    files = _snake_python(40)
    files["tests/test_proxy.py"] = PROXY_TESTS
    # A nested class named after the method it tests is no attribute of its class.
    assert _flagged_reading(files) == [
        ("tests/test_proxy.py", "helperClass"),
        ("tests/test_proxy.py", "from_path"),
    ]


def test_a_class_used_like_a_function_may_take_a_camel_case_projects_function_style() -> None:
    camel = {f"lib/m{i}.py": TWISTED_STYLE.format(i=i) for i in range(12)}
    camel |= {f"lib/c{i}.py": f"class Service{i}:\n    pass\n" for i in range(12)}
    camel["lib/tap.py"] = (
        "class makeTelnetProtocol:\n    def __call__(self):\n        return 1\n\n\n"
        "class otherThing:\n    pass\n"
    )
    assert _flagged(camel) == [("lib/tap.py", "otherThing")]


PATCHED = """\
import pdb


def fix_pdb():
    def doStop(self, arg):
        return 1

    def helperStop(self):
        return 2

    pdb.Pdb.doStop = doStop
    return helperStop
"""


def test_a_nested_function_bound_to_an_attribute_of_its_name_is_that_objects() -> None:
    files = _snake_python(12)
    files["app/debug.py"] = PATCHED
    assert _flagged_reading(files) == [("app/debug.py", "helperStop")]


def test_hover_agrees_with_the_check_on_private_overrides_and_javascript_values() -> None:
    files = _snake_python(24)
    files["app/agent.py"] = PRIVATE_OVERRIDES
    extracts = {e.path: e for e in _extracts(files)}
    conventions = infer_conventions(extracts.values())
    agent = extracts["app/agent.py"]
    read = {"app/agent.py": PRIVATE_OVERRIDES.encode()}.get
    endpoint = next(s for s in agent.symbols if s.name == "_getEndpoint")
    reason = left_alone(endpoint, agent.path, "python", conventions, agent, read)
    assert reason is not None and "override" in reason
    assert conventions_for_symbol(endpoint, agent.path, "python", conventions, agent, read) == []
    helper = next(s for s in agent.symbols if s.name == "_makeRequest")
    assert left_alone(helper, agent.path, "python", conventions, agent, read) is None

    ts = {f"src/m{n}.ts": f"export const cartSlice{n} = createSlice({n})\n" for n in range(30)}
    ts["src/books.ts"] = "export const TheHobbit = deepFreeze({ id: 'th' })\n"
    ts_extracts = {e.path: e for e in _extracts(ts)}
    ts_conventions = infer_conventions(ts_extracts.values())
    books = ts_extracts["src/books.ts"]
    [hobbit] = books.symbols
    reason = left_alone(hobbit, books.path, "typescript", ts_conventions, books)
    assert reason is not None and "camelCase or PascalCase" in reason
    [(_, fits)] = conventions_for_symbol(hobbit, books.path, "typescript", ts_conventions, books)
    assert fits


KOTLIN_SUPPRESSED = """\
package shop

@SuppressWarnings("Detekt.ClassNaming")
class lifecycleAwareLazy<out T>(val owner: Any)

@Suppress("FunctionName", "DEPRECATION")
fun _fragmentArgs(): Any? = null

@Suppress("NAME_SHADOWING", "RemoveRedundantQualifierName")
fun load_all() {}
"""

KOTLIN_FILE_SUPPRESSED = """\
@file:Suppress("FunctionName")

package shop

fun MavericksViewModel() {}

fun Loader() {}
"""


def test_kotlin_naming_suppressions_count_for_a_definition_or_a_whole_file() -> None:
    # mavericks: `@SuppressWarnings("Detekt.ClassNaming")` on `lifecycleAwareLazy`,
    # `@file:Suppress("FunctionName")` over its factory functions. The compiler's
    # `NAME_SHADOWING` and IntelliJ's `RemoveRedundantQualifierName` are no naming checks.
    body = (
        "package shop\n\nclass Cart{i} {{\n    fun addItem{i}() {{}}\n}}\n\n"
        "fun loadCart{i}() {{}}\n"
    )
    files = {f"src/main/kotlin/shop/Cart{i}.kt": body.format(i=i) for i in range(30)}
    files["src/main/kotlin/shop/Lazy.kt"] = KOTLIN_SUPPRESSED
    files["src/main/kotlin/shop/Factories.kt"] = KOTLIN_FILE_SUPPRESSED
    assert _flagged(files) == [("src/main/kotlin/shop/Lazy.kt", "load_all")]
