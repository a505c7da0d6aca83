"""Merging an answer's imports into a file, and finding names an edit leaves undefined."""

from __future__ import annotations

import pytest

from steering_index.llm.imports import ImportProblem, merge_imports
from steering_index.llm.undefined import new_undefined_names, undefined_names

MODULE = (
    '"""Cart totals."""\n'
    "\n"
    "from __future__ import annotations\n"
    "\n"
    "import os\n"
    "from decimal import ROUND_HALF_UP, Decimal\n"
    "\n"
    "from shop.models import Cart\n"
    "\n"
    "from .db import transaction\n"
    "\n"
    "TAX = 1\n"
)


def merged(*statements: str, text: str = MODULE, language: str = "python") -> str:
    return merge_imports(text, language, list(statements))


def test_an_import_the_file_has_is_not_added_twice() -> None:
    assert merged("import os", "from decimal import Decimal", "from shop.models import Cart") == (
        MODULE
    )
    once = merged("import json", "import json")
    assert once.count("import json\n") == 1
    # Idempotent: merging again changes nothing.
    assert merged("import json", text=once) == once


def test_a_name_joins_the_statement_that_imports_from_its_module_in_its_order() -> None:
    text = merged("from decimal import ROUND_DOWN", "from decimal import localcontext")
    assert "from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal, localcontext\n" in text
    assert text.count("from decimal") == 1
    unsorted = merged("from a import beta", text="from a import zed, alpha\n")
    assert unsorted == "from a import zed, alpha, beta\n"


def test_a_parenthesised_import_gets_one_more_line() -> None:
    text = "from a import (\n    x,\n    y,\n)\n\nX = x\n"
    assert merged("from a import b", text=text) == (
        "from a import (\n    b,\n    x,\n    y,\n)\n\nX = x\n"
    )


def test_a_file_writing_one_name_per_statement_keeps_that_style() -> None:
    text = "from a import x  # noqa: F401\nfrom a import y\n"
    assert merged("from a import b", text=text) == text + "from a import b\n"


def test_a_merged_line_that_grows_too_long_is_wrapped() -> None:
    names = ", ".join(f"name_{n:02}" for n in range(9))
    text = merged(
        "from package.module import zzz_last", text=f"from package.module import {names}\n"
    )
    assert text.startswith("from package.module import (\n    name_00,\n")
    assert text.endswith("    zzz_last,\n)\n")


@pytest.mark.parametrize(
    ("statement", "after", "before"),
    [
        ("import json", "from __future__ import annotations\n\n", "import os\n"),
        ("from typing import Any", "from decimal import ROUND_HALF_UP, Decimal\n", "\nfrom shop"),
        ("import requests", "from decimal import ROUND_HALF_UP, Decimal\n\n", "from shop.models"),
        ("from .cache import lru", "\n", "from .db import transaction\n"),
    ],
    ids=["stdlib-sorted", "stdlib-last", "third-party", "relative"],
)
def test_a_new_statement_goes_into_its_group_in_order(
    statement: str, after: str, before: str
) -> None:
    text = merged(statement)
    assert after + statement + "\n" + before in text
    assert merged(statement, text=text) == text


def test_a_new_group_is_set_apart_by_a_blank_line() -> None:
    text = merged("import requests", text='"""Doc."""\n\nimport os\n\nX = 1\n')
    assert text == '"""Doc."""\n\nimport os\n\nimport requests\n\nX = 1\n'
    first = merged("import os", text='"""Doc."""\n\nimport requests\n\nX = 1\n')
    assert first == '"""Doc."""\n\nimport os\n\nimport requests\n\nX = 1\n'


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("x = 1\n", "import os\n\nx = 1\n"),
        ("", "import os\n"),
        ('"""Doc."""\nx = 1\n', '"""Doc."""\n\nimport os\n\nx = 1\n'),
        (
            "#!/usr/bin/env python\n# -*- coding: utf-8 -*-\nx = 1\n",
            "#!/usr/bin/env python\n# -*- coding: utf-8 -*-\n\nimport os\n\nx = 1\n",
        ),
        (
            '#!/usr/bin/env python\n"""Doc\n\nmore."""\n\n\ndef f():\n    pass\n',
            '#!/usr/bin/env python\n"""Doc\n\nmore."""\n\nimport os\n\ndef f():\n    pass\n',
        ),
        (
            '"""Doc."""\nfrom __future__ import annotations\n\nx = 1\n',
            '"""Doc."""\nfrom __future__ import annotations\n\nimport os\n\nx = 1\n',
        ),
    ],
    ids=["code only", "empty", "docstring", "shebang and coding", "multi-line docstring", "future"],
)
def test_a_file_without_imports_gets_them_after_its_header(text: str, expected: str) -> None:
    assert merged("import os", text=text) == expected


def test_a_windows_file_keeps_its_line_endings() -> None:
    crlf = MODULE.replace("\n", "\r\n")
    assert merged("import json", text=crlf) == merged("import json").replace("\n", "\r\n")


def test_an_import_with_an_alias_is_its_own_binding() -> None:
    text = merged("import numpy as np", text="import numpy\n")
    assert text == "import numpy\nimport numpy as np\n"


@pytest.mark.parametrize(
    "statement", ["os", "from os import *", "x = 1", "import"], ids=["bare", "star", "code", "cut"]
)
def test_what_is_not_an_import_is_refused_with_a_reason(statement: str) -> None:
    with pytest.raises(ImportProblem, match="not"):
        merged(statement)


def test_a_file_that_does_not_parse_cannot_take_imports() -> None:
    with pytest.raises(ImportProblem, match="does not parse"):
        merged("import os", text="def f(:\n")


def test_other_languages() -> None:
    ts = 'import { a } from "x";\nimport b from "y";\n\nconst z = 1;\n'
    assert merged('import { c } from "q"', text=ts, language="typescript") == ts.replace(
        'from "y";\n', 'from "y";\nimport { c } from "q"\n'
    )
    assert merged('import b from "y";', text=ts, language="typescript") == ts
    go = 'package main\n\nimport (\n\t"fmt"\n\t"os"\n\n\t"example.com/x"\n)\n'
    assert merged('import "errors"', '"strings"', text=go, language="go") == (
        'package main\n\nimport (\n\t"errors"\n\t"fmt"\n\t"os"\n\t"strings"\n\n'
        '\t"example.com/x"\n)\n'
    )
    assert merged('import "fmt"', text=go, language="go") == go
    assert merged('import "os"', text="package main\n\nfunc main() {}\n", language="go") == (
        'package main\n\nimport "os"\n\nfunc main() {}\n'
    )
    java = "package a.b;\n\nimport java.util.Map;\n\nclass X {}\n"
    assert merged("import java.util.List;", text=java, language="java") == java.replace(
        "Map;\n", "Map;\nimport java.util.List;\n"
    )
    rust = "use std::io;\n\nfn main() {}\n"
    assert merged("use std::fs;", text=rust, language="rust") == rust.replace(
        "io;\n", "io;\nuse std::fs;\n"
    )
    with pytest.raises(ImportProblem, match="not a Java import"):
        merged("import java.util.List", text=java, language="java")


def test_a_named_js_import_joins_the_files_import_from_that_module() -> None:
    ts = 'import { a, d } from "x";\nimport b from "y";\n\nconst z = 1;\n'
    assert merged('import { c, a } from "x";', text=ts, language="typescript") == ts.replace(
        "{ a, d }", "{ a, c, d }"
    )
    assert merged('import { a } from "x";', text=ts, language="typescript") == ts


def test_a_language_without_import_support_says_so() -> None:
    with pytest.raises(ImportProblem, match="cannot be added to ruby files"):
        merged("require 'json'", text="x = 1\n", language="ruby")
    assert merged(text="x = 1\n", language="ruby") == "x = 1\n"


def test_undefined_names_are_those_used_but_never_bound() -> None:
    text = (
        "import os\nfrom a import b as c\n\n"
        "def f(x, *args, key=None, **kw):\n"
        "    with open(x) as handle:\n"
        "        for line in handle:\n"
        "            if (n := len(line)) > 1:\n"
        "                pass\n"
        "    try:\n        pass\n    except ValueError as error:\n        print(error)\n"
        "    return [y for y in args], os, c, n, kw, key, missing, __file__\n"
        "class K:\n    attr = f\n"
    )
    assert undefined_names(text) == {"missing"}
    assert undefined_names("from a import *\nprint(anything)\n") is None
    assert undefined_names("def f(:\n") is None


def test_only_names_an_edit_newly_leaves_undefined_count() -> None:
    before = "def f():\n    return legacy()\n\ndef g():\n    return f()\n"
    renamed = before.replace("def f()", "def renamed()")
    assert new_undefined_names(before, renamed) == ["f"]
    uses_new = before.replace("return f()", "return f() + timedelta(1)")
    assert new_undefined_names(before, uses_new) == ["timedelta"]  # `legacy` was there before
    assert new_undefined_names(before, "def f(:\n") == []  # the syntax check reports that
