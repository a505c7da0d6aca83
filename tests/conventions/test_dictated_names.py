"""Names the code does not choose: a framework's hooks, generated files, names that embed a
class's name, class aliases. Run on real projects (django, sympy), `steering check` flagged
hundreds of these; a drift check that cries wolf gets switched off. Each test plants the case
next to real drift, which must still be found."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from steering_index.cli.conventions import run_check, run_conventions
from steering_index.conventions.infer import (
    ConventionSettings,
    check_file,
    conventions_for_symbol,
    infer_conventions,
)
from steering_index.conventions.naming import snake_case_with_names
from steering_index.conventions.observe import composite_name
from steering_index.index.extract import extract
from steering_index.model import Convention, FileExtract, Finding
from tests.workspaces import django_hook_test, write_tree


def _extracts(files: dict[str, str]) -> list[FileExtract]:
    return [extract(path, text.encode(), "python") for path, text in sorted(files.items())]


def _by_id(conventions: list[Convention]) -> dict[str, Convention]:
    return {c.id: c for c in conventions}


def _flagged(
    extracts: list[FileExtract], settings: ConventionSettings | None = None
) -> list[tuple[str, str]]:
    """(path, the name or module in the message) of every finding, in path order."""
    settings = settings or ConventionSettings()
    conventions = infer_conventions(extracts, settings)
    found: list[Finding] = []
    for one in extracts:
        found.extend(check_file(one, conventions, settings))
    return [(f.location.path, f.message.split("`")[1]) for f in found]


def _snake_module(i: int) -> str:
    method = "    def handle_request_{k}(self, request):\n        return request\n\n"
    return (
        f"class Service{i}:\n"
        + "".join(method.format(k=k) for k in range(4))
        + f"\ndef make_service_{i}(config):\n    return Service{i}()\n"
    )


DRIFT = """\
class Counter:
    def count_sent(self):
        return 1

    def sentCount(self):
        return 2
"""


def test_a_hook_defined_alike_in_many_files_is_left_alone_and_listed() -> None:
    files = {f"app/service_{i}.py": _snake_module(i) for i in range(12)}
    files.update({f"tests/test_service_{i}.py": django_hook_test(i) for i in range(3)})
    files["app/counter.py"] = DRIFT
    extracts = _extracts(files)
    # Only the one-off camelCase method is drift; the framework's hook is not.
    assert _flagged(extracts) == [("app/counter.py", "sentCount")]
    methods = _by_id(infer_conventions(extracts))["naming.python.method"]
    assert methods.shared_names == (("setUpTestData", 3),)
    # The hook does not vote either: 48 handlers, count_sent, sentCount; three tests.
    assert (methods.value, methods.count, methods.total) == ("snake_case", 52, 53)
    hook = next(s for s in extracts[-1].symbols if s.name == "setUpTestData")
    assert conventions_for_symbol(hook, extracts[-1].path, "python", [methods]) == []
    # Below the configured number of files, the hook is a name like any other.
    strict = ConventionSettings(shared_name_min_files=4)
    assert sorted(_flagged(extracts, strict)) == [
        ("app/counter.py", "sentCount"),
        *[(f"tests/test_service_{i}.py", "setUpTestData") for i in range(3)],
    ]


def test_a_subtree_that_repeats_its_own_style_keeps_its_own_convention() -> None:
    files = {f"app/service_{i}.py": _snake_module(i) for i in range(12)}
    legacy = "def getName(item):\n    return item\n\n\ndef setName(item, name):\n    return name\n"
    files.update({f"app/legacy/mod_{i}.py": legacy for i in range(5)})
    files["app/legacy/odd.py"] = "def get_name_odd(item):\n    return item\n"
    conventions = _by_id(infer_conventions(_extracts(files)))
    sub = conventions["naming.python.function@app/legacy"]
    assert (sub.value, sub.count, sub.total, sub.shared_names) == ("camelCase", 10, 11, ())
    assert conventions["naming.python.function"].shared_names == ()
    assert _flagged(_extracts(files)) == [("app/legacy/odd.py", "get_name_odd")]


def test_snake_case_around_a_class_or_acronym_name() -> None:
    for name in ("refine_Pow", "visit_FunctionDef", "do_GET", "_get_FIELD_display", "RGS_rank"):
        assert snake_case_with_names(name), name
    for name in ("sentCount", "send_mail", "Foo", "a__B", "x_y", "HTTP_OK"):
        assert not snake_case_with_names(name), name


def test_names_that_embed_other_names_and_unittest_vocabulary_are_left_alone() -> None:
    embedded = (
        "def refine_Pow(expr):\n    return expr\n\n\n"
        "def skipUnlessDBFeature(*features):\n    return features\n\n\n"
        "def assertRedirectsTo(response, url):\n    return response, url\n\n\n"
        "def Maybe(model):\n    return model\n\n\n"
        "class Handler:\n    def do_GET(self):\n        return 1\n\n"
        "    def ClientSession(self):\n        return 1\n\n"
        "    def isEnabledFor(self, level):\n        return True\n\n"
        "    def sendCount(self):\n        return 2\n\n\n"
        "class bad_name:\n    pass\n"
    )
    tests = (
        "def test_FreeGroup__init__():\n    assert True\n\n\n"
        "def test_redirect_POST():\n    assert True\n"
    )
    files = {f"pkg/mod_{i}.py": _snake_module(i) for i in range(12)}
    files["pkg/rules.py"] = embedded
    files["pkg/tests/test_groups.py"] = tests
    files["pkg/helpers.py"] = "def testXy():\n    return 1\n"  # not a test file: drift
    assert sorted(_flagged(_extracts(files))) == [
        ("pkg/helpers.py", "testXy"),
        ("pkg/rules.py", "bad_name"),
        ("pkg/rules.py", "sendCount"),
    ]


def test_a_name_bound_to_a_class_or_a_type_is_not_a_misnamed_variable() -> None:
    aliases = (
        "from collections import namedtuple\n\n"
        "UserModel = get_user_model()\n"
        'FieldInfo = namedtuple(\n    "FieldInfo", ["name"]\n)\n'
        "SafeText = SafeString\n"
        "Handler: TypeAlias = (\n    Callable[[int], int] | None\n)\n"
        'Outcome: typing.TypeAlias = "Result | None"\n'
        'T_Response = TypeVar("T_Response")\n'
        "Payload = (\n    Request | Response\n)\n"
        "FieldTypes = {\n    1: int,\n}\n"
        "Choices = (1, 2)\n"
    )
    files = {
        f"app/settings_{i}.py": "".join(f"default_value_{k} = make_value({k})\n" for k in range(4))
        for i in range(5)
    }
    files["app/aliases.py"] = aliases
    # `Choices = (1, 2)` is a literal: a constant. The signature does not show what the
    # multi-line `FieldTypes = {` holds, so it is judged as a variable.
    assert _flagged(_extracts(files)) == [("app/aliases.py", "FieldTypes")]


def _unittest_project(extra: dict[str, str]) -> dict[str, str]:
    files = {
        f"tests/test_case_{i}.py": (
            f"import unittest\n\n\nclass Case{i}(unittest.TestCase):\n"
            "    def test_it(self):\n        self.assertTrue(True)\n"
        )
        for i in range(10)
    }
    files.update(extra)
    return files


def test_pytest_is_not_read_into_helpers_data_or_files_pytest_would_not_collect() -> None:
    not_pytest = {
        # data named test_*
        "tests/test_data.py": "test_data = [1, 2]\n",
        # a helper beside unittest classes
        "tests/test_utils.py": (
            "from django.test import SimpleTestCase\n\n\n"
            "def test_mutation(raises=True):\n    return raises\n\n\n"
            "class MutationTests(SimpleTestCase):\n    pass\n"
        ),
        # a file pytest does not collect
        "tests/tasks/tasks.py": "def test_context(context):\n    return context\n",
    }
    assert _flagged(_extracts(_unittest_project(not_pytest))) == []
    real = {"tests/test_plain.py": "def test_adds():\n    assert 1 + 1 == 2\n"}
    assert _flagged(_extracts(_unittest_project(real))) == [("tests/test_plain.py", "test_adds")]


GENERATED = """\
# Code generated by parsegen from Grammar.g4. DO NOT EDIT.
class GrammarParser:
    def getRuleIndex(self):
        return 0

    def enterRule(self, listener):
        return listener
"""


def test_a_generated_file_neither_votes_nor_is_flagged() -> None:
    files = {f"pkg/mod_{i}.py": _snake_module(i) for i in range(6)}
    files["pkg/parser.py"] = GENERATED
    assert _flagged(_extracts(files)) == []
    # The same code without its header is drift, twice.
    files["pkg/parser.py"] = GENERATED.split("\n", 1)[1]
    assert _flagged(_extracts(files)) == [
        ("pkg/parser.py", "getRuleIndex"),
        ("pkg/parser.py", "enterRule"),
    ]
    # A mention further down is not a header.
    files["pkg/parser.py"] = GENERATED.split("\n", 1)[1] + "\n" * 12 + "# generated by hand\n"
    assert len(_flagged(_extracts(files))) == 2


def _args(root: Path, **extra: object) -> argparse.Namespace:
    return argparse.Namespace(root=str(root), db=str(root.parent / "index.db"), **extra)


def test_the_commands_say_which_names_were_left_alone(tmp_path: Path, capsys) -> None:
    files = {f"app/service_{i}.py": _snake_module(i) for i in range(6)}
    files.update({f"tests/test_service_{i}.py": django_hook_test(i) for i in range(3)})
    files["app/counter.py"] = DRIFT
    root = write_tree(tmp_path / "ws", files)
    assert run_conventions(_args(root, json=False, all=False)) == 0
    text = capsys.readouterr().out
    assert "left alone: setUpTestData (in 3 files)" in text
    assert run_conventions(_args(root, json=True, all=False)) == 0
    listed = {c["id"]: c for c in json.loads(capsys.readouterr().out)["conventions"]}
    assert listed["naming.python.method"]["shared_names"] == [{"name": "setUpTestData", "files": 3}]
    assert run_check(_args(root, paths=[], format="text")) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("app/counter.py:5:9: convention/naming.python.method ")
    assert out[-1] == "1 finding"


def test_only_imports_that_could_be_written_either_way_judge_the_style() -> None:
    # The package imports itself relatively; tests and a top-level script can only import it
    # absolutely, which says nothing about its style. On the old count, their 13 absolute
    # imports made "absolute: 13 of 13" the workspace's style, and the package an exception.
    files = {
        f"pkg/mod_{i}.py": f"from .mod_{(i + 1) % 10} import helper_{(i + 1) % 10}\n\n\n"
        f"def helper_{i}():\n    return helper_{(i + 1) % 10}\n"
        for i in range(10)
    }
    files.update(
        {
            f"tests/test_mod_{i}.py": f"from pkg.mod_{i % 10} import helper_{i % 10}\n"
            for i in range(12)
        }
    )
    files["manage.py"] = "from pkg.mod_0 import helper_0\n"
    # A package's __init__ re-exports relatively, whatever the modules do.
    files["pkg/__init__.py"] = "from .mod_0 import helper_0\nfrom .mod_1 import helper_1\n"
    files["pkg/odd.py"] = "from pkg.mod_2 import helper_2\n"
    conventions = _by_id(infer_conventions(_extracts(files)))
    style = conventions["imports.python.style"]
    assert (style.value, style.count, style.total) == ("relative", 10, 11)
    assert _flagged(_extracts(files)) == [("pkg/odd.py", "pkg.mod_2")]


FUNCTION_LIKE = """\
class cached_property:
    def __init__(self, func):
        self.func = func

    def __get__(self, instance, cls=None):
        return self.func(instance)


class warn_about_renamed_method:
    def __call__(self, func):
        return func


class TestContextDecorator:
    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        return False


class override_settings(TestContextDecorator):
    def enable(self):
        return None


class modify_settings(override_settings):
    pass


class async_timeout:
    async def __aenter__(self):
        return self


class Registry:
    class lazy_lookup:
        def __get__(self, instance, cls=None):
            return instance


class plain_record:
    def __init__(self, value):
        self.value = value


class cached_rows(dict):
    def __getitem__(self, key):
        return key
"""


def _models_module(i: int) -> str:
    return "".join(f"class Model{i}x{k}:\n    name = {k}\n\n\n" for k in range(8))


def test_a_snake_case_class_used_like_a_function_is_left_alone() -> None:
    # A descriptor, a decorator class, context managers (one by inheritance within the
    # file), a nested descriptor: named like the functions they stand in for.
    files = {f"app/models_{i}.py": _models_module(i) for i in range(12)}
    files["app/functional.py"] = FUNCTION_LIKE
    extracts = _extracts(files)
    # A snake_case class that is only a class (data, a dict subclass) is still drift.
    assert _flagged(extracts) == [
        ("app/functional.py", "plain_record"),
        ("app/functional.py", "cached_rows"),
    ]
    classes = _by_id(infer_conventions(extracts))["naming.python.class"]
    # They do not vote either: 96 models, TestContextDecorator, Registry; the two drifts.
    assert (classes.value, classes.count, classes.total) == ("PascalCase", 98, 100)
    functional = extracts[0]
    assert functional.path == "app/functional.py"
    descriptor = next(s for s in functional.symbols if s.name == "cached_property")
    assert conventions_for_symbol(descriptor, functional.path, "python", [classes], []) == [
        (classes, False)
    ]
    symbols = list(functional.symbols)
    assert conventions_for_symbol(descriptor, functional.path, "python", [classes], symbols) == []


SENTINELS = """\
NotSet = object()
Missing = _MissingType()
Undefined: Final = UndefinedType()
Unset = ...  # the default of optional arguments
MaxRetries = 3
DefaultName = "x"
Nothing = None
"""

SENTINEL_STUB = """\
class _PartialFactory:
    def __getitem__(self, model: type[T]) -> type[T]: ...

Partial: _PartialFactory
MaxSize: int
Limit: Final = 3
"""


def _settings_module(i: int) -> str:
    return "".join(f"default_value_{k} = make_value({i}, {k})\n" for k in range(5))


def test_a_singleton_or_a_literal_constant_named_like_a_class_is_left_alone() -> None:
    files = {f"app/settings_{i}.py": _settings_module(i) for i in range(16)}
    files["app/sentinels.py"] = SENTINELS
    files["app/partial.pyi"] = SENTINEL_STUB
    # Module-level names bound to a literal are constants, whatever their case; a bare
    # annotation binds nothing and is still drift.
    assert _flagged(_extracts(files)) == [("app/partial.pyi", "MaxSize")]


def test_the_check_command_leaves_function_like_classes_and_sentinels_alone(
    tmp_path: Path, capsys
) -> None:
    files = {f"app/models_{i}.py": _models_module(i) for i in range(12)}
    files.update({f"app/settings_{i}.py": _settings_module(i) for i in range(16)})
    files["app/functional.py"] = FUNCTION_LIKE
    files["app/sentinels.py"] = SENTINELS
    root = write_tree(tmp_path / "ws", files)
    assert run_check(_args(root, paths=[], format="json")) == 1
    found = json.loads(capsys.readouterr().out)["findings"]
    flagged = sorted((f["path"], f["message"].split("`")[1]) for f in found)
    assert flagged == [
        ("app/functional.py", "cached_rows"),
        ("app/functional.py", "plain_record"),
    ]


def test_composite_names_are_parts_in_cases_of_their_own() -> None:
    composite = (
        "CloseCircuit_NeedsLock",
        "Retry_V8",
        "AntiPattern_Retry",
        "cJSON_Parse",
        "Helper_ThrowException",
        "_omb_theme_developer__readCpuLoad",
        "Cms_Min",
    )
    for name in composite:
        assert composite_name(name, "csharp"), name
    # A short prefix before a name of one style is judged by that name; names of one style
    # are no composite names.
    for name in ("m_refCount", "k_maxValue", "_s_lastSeen", "sendCount", "send_count", "HTTP_OK"):
        assert not composite_name(name, "cpp"), name
    # A name read as UPPER_CASE with a word in lower case behind a part in capitals is one
    # (leveldb's test hooks and its cache's list operations, lz4's fields); capitals with
    # a version's or a variant's letter are not.
    for name in ("TEST_CompactRange", "LRU_Remove", "LZ4_dictStream", "SSL_doHandshake"):
        assert composite_name(name, "cpp"), name
    for name in ("METHOD_TLSv11", "SSL_OP_NO_TLSv1", "IPv4_STYLE_HOSTNAME", "ENABLE_NS_v1"):
        assert not composite_name(name, "cpp"), name
