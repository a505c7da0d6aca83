"""A package that publishes a reference of every module's public names (pydoctor,
sphinx-autoapi) documents each of them as API: a style finding that asks to rename one asks
for a break. Private names, nested functions, methods, modules outside a package, private
modules and tests are still judged, and so is every name of a package without such a
reference (an application's public functions are nobody else's)."""

from __future__ import annotations

from pathlib import Path

from steering_index.conventions.infer import check_file, infer_conventions, left_alone
from tests.conventions.test_project_facts import _workspace

CAMEL_MODULE = """\
def loadItem{i}():
    pass


def readItem{i}():
    pass


class Store{i}:
    def saveItem(self):
        pass
"""

# A module of a camelCase project with snake_case names at its top level, some public, one
# private, one nested, one a method. `__all__` lists none of them.
MIXED = """\
__all__ = ["encodeName"]


def encodeName(name):
    return name


def modified_base64(text):
    return text


class wx_runner:
    def run_once(self):
        pass


def _split_words(text):
    def join_back(words):
        return words

    return join_back(text.split())
"""


EVERYTHING = ["modified_base64", "wx_runner", "run_once", "_split_words", "join_back"]
JUDGED = ["run_once", "_split_words", "join_back"]
PYDOCTOR_CONF = (
    'extensions = [\n    "sphinx.ext.intersphinx",\n    "pydoctor.sphinx_ext.build_apidocs",\n]\n'
)


def _camel_package(folder: str, init: bool = True) -> dict[str, str]:
    files = {"pyproject.toml": "[project]\nname = 'pkg'\n"}
    files.update({f"{folder}/m{i}.py": CAMEL_MODULE.format(i=i) for i in range(24)})
    if init:
        files[f"{folder}/__init__.py"] = ""
    return files


def _flagged(root: Path, files: dict[str, str], path: str) -> list[str]:
    extracts, project = _workspace(root, files)
    conventions = infer_conventions(extracts, project=project)
    read = {p: text.encode() for p, text in files.items()}.get
    [one] = [e for e in extracts if e.path == path]
    found = check_file(one, conventions, project=project, read=read)
    return [f.message.split("`")[1] for f in found]


def test_public_names_of_a_module_a_reference_documents_are_not_renamed(tmp_path: Path) -> None:
    files = _camel_package("pkg")
    files["pkg/codec.py"] = MIXED
    files["docs/conf.py"] = PYDOCTOR_CONF
    assert _flagged(tmp_path / "a", files, "pkg/codec.py") == JUDGED
    # The same from pyproject's pydoctor table, or sphinx-autoapi's extension.
    files.pop("docs/conf.py")
    files["pyproject.toml"] += "\n[tool.pydoctor]\nproject-name = 'pkg'\n"
    assert _flagged(tmp_path / "b", files, "pkg/codec.py") == JUDGED
    files["pyproject.toml"] = "[project]\nname = 'pkg'\n"
    files["docs/source/conf.py"] = (
        "extensions = ['autoapi.extension']\nautoapi_dirs = ['../../pkg']\n"
    )
    assert _flagged(tmp_path / "c", files, "pkg/codec.py") == JUDGED


def test_without_a_reference_of_every_module_the_names_are_judged(tmp_path: Path) -> None:
    files = _camel_package("pkg")
    files["pkg/codec.py"] = MIXED
    assert _flagged(tmp_path / "a", files, "pkg/codec.py") == EVERYTHING
    # Sphinx's autodoc documents only the names its pages list.
    files["docs/conf.py"] = 'extensions = ["sphinx.ext.autodoc"]\n'
    assert _flagged(tmp_path / "b", files, "pkg/codec.py") == EVERYTHING


def test_outside_a_package_or_in_a_private_module_the_names_are_judged(tmp_path: Path) -> None:
    # A folder without `__init__.py` is no package anyone imports from.
    loose = _camel_package("tools", init=False)
    loose["tools/codec.py"] = MIXED
    loose["docs/conf.py"] = PYDOCTOR_CONF
    assert _flagged(tmp_path / "a", loose, "tools/codec.py") == EVERYTHING
    # A private module (`_codec.py`) is the package's own business.
    private = _camel_package("pkg")
    private["pkg/_codec.py"] = MIXED
    private["docs/conf.py"] = PYDOCTOR_CONF
    assert _flagged(tmp_path / "b", private, "pkg/_codec.py") == EVERYTHING
    # Tests are no API either.
    tests = _camel_package("pkg")
    tests["pkg/tests/__init__.py"] = ""
    tests["pkg/tests/helpers.py"] = MIXED
    tests["docs/conf.py"] = PYDOCTOR_CONF
    assert _flagged(tmp_path / "c", tests, "pkg/tests/helpers.py") == EVERYTHING


def test_hover_says_which_reference_documents_the_name(tmp_path: Path) -> None:
    files = _camel_package("pkg")
    files["pkg/codec.py"] = MIXED
    files["docs/conf.py"] = PYDOCTOR_CONF
    extracts, project = _workspace(tmp_path, files)
    conventions = infer_conventions(extracts, project=project)
    [codec] = [e for e in extracts if e.path == "pkg/codec.py"]
    read = {p: text.encode() for p, text in files.items()}.get
    by_name = {s.name: s for s in codec.symbols}

    def why(name: str) -> str | None:
        return left_alone(by_name[name], codec.path, "python", conventions, codec, read, project)

    assert why("modified_base64") == (
        "`modified_base64` is documented public API (pydoctor in docs/conf.py lists every"
        " module's public names) (`naming.python.function`)"
    )
    assert why("_split_words") is None
    assert project.packages[0].api_reference == "pydoctor in docs/conf.py"


def test_a_name_a_package_of_a_monorepo_re_exports_is_public_api(tmp_path: Path) -> None:
    """`packages/shop/shop/__init__.py` imports from `shop.legacy` by its absolute path:
    the package's own top is counted from its manifest's folder, not the workspace's."""
    files = {"pyproject.toml": "[project]\nname = 'ws'\n"}
    files["packages/shop/pyproject.toml"] = "[project]\nname = 'shop'\n"
    files.update({f"packages/shop/shop/m{i}.py": CAMEL_MODULE.format(i=i) for i in range(24)})
    files["packages/shop/shop/__init__.py"] = "from shop.legacy import fetch_rows\n"
    files["packages/shop/shop/legacy.py"] = (
        "def fetch_rows():\n    pass\n\n\ndef load_rows():\n    pass\n"
    )
    assert _flagged(tmp_path, files, "packages/shop/shop/legacy.py") == ["load_rows"]
