"""Names a project keeps on purpose against its own style: stand-ins named after the API a
comment says they replace (brace lists spelt out), `test_` functions outside the test
folders, names built from a template and looked up, files a build script names."""

from __future__ import annotations

from pathlib import Path

from tests.conventions.test_names_a_file_shows import _flagged
from tests.conventions.test_project_facts import _flagged as _project_flagged
from tests.conventions.test_project_facts import _workspace

CAMEL_MODULE = """\
def loadItem{i}():
    pass


class Store{i}:
    def saveItem(self):
        pass

    def readItem(self):
        pass
"""

STAND_INS = """\
def checkValues(values):
    # Helpers.  Decimal.is_{qnan,snan,signed}() are new in 2.6.
    def is_qnan(decimal):
        return "NaN" in str(decimal)

    def is_snan(decimal):
        return "sNaN" in str(decimal)

    def is_signed(decimal):
        return "-" in str(decimal)

    def read_values():
        return values

    return [is_qnan(v) or is_snan(v) or is_signed(v) for v in read_values()]


class Cart:
    # Cart.total_price is cached: see below.
    def total_price(self):
        return 0
"""


def _camel_project() -> dict[str, str]:
    return {f"lib/m{i}.py": CAMEL_MODULE.format(i=i) for i in range(24)}


def test_functions_named_after_the_api_a_comment_names_them_for_are_not_drift() -> None:
    files = _camel_project()
    files["lib/amp.py"] = STAND_INS
    # `read_values` is not in the comment, and a class's own name is no foreign API: both
    # stay drift.
    assert _flagged(files) == [("lib/amp.py", "read_values"), ("lib/amp.py", "total_price")]


def test_a_comment_after_the_definition_or_in_another_body_names_no_stand_in() -> None:
    files = _camel_project()
    files["lib/late.py"] = (
        "def is_qnan(decimal):\n    return False\n\n\n"
        "# Decimal.is_qnan is the standard one; this is ours.\n"
        "def loadOther():\n    pass\n\n\n"
        "def helperOne():\n"
        "    # Decimal.{is_snan,is_signed} below\n"
        "    pass\n\n\n"
        "def is_snan(decimal):\n    return False\n"
    )
    assert _flagged(files) == [("lib/late.py", "is_qnan"), ("lib/late.py", "is_snan")]


def test_a_test_function_outside_the_test_folders_keeps_pytest_s_prefix() -> None:
    files = _camel_project()
    files["docs/examples/task.py"] = (
        "def test_performance(benchmark):\n    pass\n\n\n"
        "def run_task():\n    pass\n\n\n"
        "class Task:\n    def test_method(self):\n        pass\n"
    )
    # pytest collects module-level `test_` functions; `run_task` is drift, and a method is
    # collected only from a test class, which `Task` is not.
    assert _flagged(files) == [
        ("docs/examples/task.py", "run_task"),
        ("docs/examples/task.py", "test_method"),
    ]


def test_a_name_built_from_a_template_in_a_variable_and_looked_up_is_not_drift() -> None:
    files = _camel_project()
    files["lib/xpath.py"] = (
        "def makeFunction(fname):\n"
        '    klassname = "_%s_Function" % fname\n'
        "    return globals()[klassname]()\n\n\n"
        "class _not_Function:\n    pass\n\n\n"
        "class _text_Function:\n    pass\n\n\n"
        "class other_thing:\n    pass\n"
    )
    for i in range(24):  # classes to have a convention: PascalCase
        files[f"lib/m{i}.py"] += f"\n\nclass Holder{i}:\n    pass\n"
    assert _flagged(files) == [("lib/xpath.py", "other_thing")]


def test_a_file_its_build_script_names_keeps_its_name(tmp_path: Path) -> None:
    files = {f"app/part_{i}.py": "def load():\n    pass\n" for i in range(24)}
    files["examples/Browser/setup.py"] = (
        "from setuptools import setup\n\nsetup(app=['Twistzilla.py'], name='Twistzilla')\n"
    )
    files["examples/Browser/Twistzilla.py"] = "def load():\n    pass\n"
    files["examples/Browser/OtherTool.py"] = "def load():\n    pass\n"
    extracts, facts = _workspace(tmp_path / "ws", files)
    assert [path for path, code in _project_flagged(extracts, facts) if "files." in code] == [
        "examples/Browser/OtherTool.py"
    ]


def test_a_gem_s_file_of_its_own_name_keeps_its_name(tmp_path: Path) -> None:
    # dry-validation: `lib/dry-validation.rb` loads `lib/dry/validation.rb`, so that
    # `require "dry-validation"` and `Bundler.require` find the gem by its name.
    files = {f"lib/dry/validation/part_{i}.rb": "def load\nend\n" for i in range(24)}
    files["dry-validation.gemspec"] = 'Gem::Specification.new do |spec|\n  spec.name = "x"\nend\n'
    files["lib/dry-validation.rb"] = 'require "dry/validation"\n'
    files["lib/dry/other-thing.rb"] = "def load\nend\n"
    extracts, facts = _workspace(tmp_path / "ws", files)
    flagged = [path for path, code in _project_flagged(extracts, facts) if "files." in code]
    assert flagged == ["lib/dry/other-thing.rb"]
    # Without the gemspec, the file is named as any other.
    del files["dry-validation.gemspec"]
    extracts, facts = _workspace(tmp_path / "bare", files)
    flagged = [path for path, code in _project_flagged(extracts, facts) if "files." in code]
    assert flagged == ["lib/dry-validation.rb", "lib/dry/other-thing.rb"]
