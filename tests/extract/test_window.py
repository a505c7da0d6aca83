"""Re-extracting only around an edit in a Python buffer gives exactly what a full extraction
of the same text gives, whatever the edits (random, on real-shaped modules)."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from steering_index.index.buffers import BufferTrees, _edit
from steering_index.index.extract import extract_packed
from steering_index.index.languages import cached_parser
from steering_index.index.window import reextract

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
SOURCES = [FIXTURES / "window" / "ledger.py", FIXTURES / "extract" / "python" / "billing_client.py"]

# Mostly what keeps a module valid while someone types: lines, methods, classes, imports,
# module attributes, docstrings, comments; a few that break it for a while.
SNIPPETS = [
    b"",
    b"\n",
    b"x",
    b"    ",
    b"# note\n",
    b"    # note\n",
    b"    value = 1\n",
    b"    def extra(self):\n        return os.path.exists(self)\n",
    b"def helper(a):\n    return os.sep.join(a)\n",
    b"class Inner:\n    pass\n",
    b'    """More about it."""\n',
    b"import shutil\n",
    b"NAME = 'n'; other = 2\n",
    b"@property\n",
    b"        return shutil.which(a)\n",
    b"__all__ = ['load']\n",
    b"(",
    b"'''",
]

edits = st.lists(
    st.tuples(
        st.floats(min_value=0.0, max_value=1.0),  # where, as a share of the file
        st.integers(min_value=0, max_value=30),  # how many bytes to delete
        st.sampled_from(SNIPPETS),  # what to insert
        st.booleans(),  # snap the position to the start of its line
    ),
    min_size=1,
    max_size=8,
)


def _apply(data: bytes, where: float, delete: int, insert: bytes, at_line: bool) -> bytes:
    at = int(where * len(data))
    if at_line:
        at = data.rfind(b"\n", 0, at) + 1
    return data[:at] + insert + data[at + delete :]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(source=st.sampled_from(SOURCES), changes=edits)
# Typing a comment line inside `from typing import Any` at its last letter: the import then
# ends exactly where the edit starts, and was once left out of the window.
@example(source=SOURCES[1], changes=[(0.5, 22, b"", False), (0.09375, 0, b"# note\n", False)])
# A statement typed above the module docstring: the string is no docstring any more.
@example(source=SOURCES[0], changes=[(0.0, 0, b"# note\n", False), (0.0, 0, b"x", False)])
def test_a_buffer_re_extracted_around_its_edits_equals_a_full_extraction(
    source: Path, changes: list[tuple[float, int, bytes, bool]]
) -> None:
    trees = BufferTrees()
    data = source.read_bytes()
    trees.extract("buffer", "pkg/mod.py", data, "python")
    for where, delete, insert, at_line in changes:
        data = _apply(data, where, delete, insert, at_line)
        got = trees.extract("buffer", "pkg/mod.py", data, "python")
        assert got == extract_packed("pkg/mod.py", data, "python")


def _reextracted(old: bytes, new: bytes) -> object:
    """`reextract` straight, for an edit of `old` into `new`."""
    parser = cached_parser("python")
    old_tree = parser.parse(old)
    previous = extract_packed("m.py", old, "python", old_tree)
    edit = _edit(old_tree, old, new)
    tree = parser.parse(new, old_tree)
    return reextract("m.py", new, tree, old, old_tree, previous, edit)


def test_a_method_edited_in_a_class_is_re_extracted_alone() -> None:
    old = (FIXTURES / "window" / "ledger.py").read_bytes()
    new = old.replace(b"return sum(self.entries", b"return 0 + sum(self.entries")
    assert _reextracted(old, new) == extract_packed("m.py", new, "python")


def test_what_the_window_cannot_do_is_left_to_a_full_extraction() -> None:
    old = (FIXTURES / "window" / "ledger.py").read_bytes()
    # `__all__` decides whether every module-level name is exported.
    listed = old.replace(b"DEFAULT_PATH =", b"__all__ = ['load']\nDEFAULT_PATH =")
    assert _reextracted(old, listed) is None
    # Broken code: error recovery is left to a fresh parse.
    broken = old.replace(b"def total(self, account):", b"def total(self, account:")
    assert _reextracted(old, broken) is None


def test_a_buffer_that_changes_language_or_path_is_extracted_afresh() -> None:
    trees = BufferTrees()
    python = b"def price(item):\n    return item.cost\n"
    trees.extract("buffer", "a.py", python, "python")
    # The same text under a .js name, then under another Python path.
    assert trees.extract("buffer", "a.js", python, "javascript") == extract_packed(
        "a.js", python, "javascript"
    )
    trees.extract("buffer", "a.py", python, "python")
    assert trees.extract("buffer", "b.py", python, "python") == extract_packed(
        "b.py", python, "python"
    )


def test_new_module_level_names_are_judged_against_an_unchanged_all() -> None:
    old = (FIXTURES / "window" / "ledger.py").read_bytes()
    old = old.replace(b"DEFAULT_PATH =", b"__all__ = ['Ledger', 'load']\nDEFAULT_PATH =")
    new = old + b"\n\ndef loader(path):\n    return load(path)\n"
    got = _reextracted(old, new)
    assert got is not None and got == extract_packed("m.py", new, "python")
    exported = {row[0]: row[3] for row in got.symbols if not row[2]}  # module level
    assert (exported["loader"], exported["load"], exported["audit"]) == (False, True, False)
