"""Property: any sequence of edits, deletes and renames, told to the indexer incrementally,
leaves the same index as a fresh build of the final workspace."""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tests.index.conftest import check_full_text, fresh_snapshot, open_indexer, snapshot

PATHS = (
    "app/orders.py",
    "app/payments.py",
    "app/util/money.py",
    "app/util/__init__.py",
    "web/cart.js",
    "web/cart.ts",
    "build/orders.py",  # excluded: a build output folder
    "notes.txt",  # no grammar: never indexed
)
CONTENTS = (
    b"def place_order(cart):\n    return cart\n",
    b"def place_order(cart):\n    return None\n",  # same size as the line above
    b'class Payment:\n    """A card payment."""\n\n    def refund(self):\n        pass\n',
    # The same with a line above it (spans move), a method renamed, one appended.
    b"# payments\n"
    b'class Payment:\n    """A card payment."""\n\n    def refund(self):\n        pass\n',
    b'class Payment:\n    """A card payment."""\n\n    def void(self):\n        pass\n',
    b'class Payment:\n    """A card payment."""\n\n    def refund(self):\n        pass\n'
    b"\n\ndef capture(payment):\n    return payment\n",
    b"import decimal\n\nCENTS = decimal.Decimal('0.01')\n",
    b"export function addToCart(item) {\n  return [item];\n}\n",
    b"def broken(:\n",
    b"\x00\x01binary\x02",
    "PRICE = 'caf\u00e9'\n".encode(),
    b"",
)


@dataclass(frozen=True)
class Write:
    path: str
    content: bytes


@dataclass(frozen=True)
class Delete:
    path: str


@dataclass(frozen=True)
class Rename:
    old: str
    new: str


@dataclass(frozen=True)
class EditBuffer:
    """An editor opens the file, types, then closes it without saving."""

    path: str
    content: bytes


paths = st.sampled_from(PATHS)
operations = st.one_of(
    st.builds(Write, paths, st.sampled_from(CONTENTS)),
    st.builds(Delete, paths),
    st.builds(Rename, paths, paths),
    st.builds(EditBuffer, paths, st.sampled_from(CONTENTS)),
)
# How the indexer hears about the changes: after each one, all at the end, or by a full scan.
telling = st.sampled_from(["each", "batch", "scan", "api"])


def apply(root: Path, op: object) -> list[str]:
    """Perform `op` on disk; the paths it touched."""
    if isinstance(op, Write):
        target = root / op.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(op.content)
        return [op.path]
    if isinstance(op, Delete):
        (root / op.path).unlink(missing_ok=True)
        return [op.path]
    if isinstance(op, Rename) and (root / op.old).exists():
        (root / op.new).parent.mkdir(parents=True, exist_ok=True)
        os.replace(root / op.old, root / op.new)
        return [op.old, op.new]
    return []


def tell(indexer: object, op: object, touched: list[str], how: str) -> None:
    if how == "api" and isinstance(op, Rename) and touched:
        indexer.rename_file(op.old, op.new)  # type: ignore[attr-defined]
    elif how == "api" and isinstance(op, Delete):
        indexer.remove_file(op.path)  # type: ignore[attr-defined]
    elif how in ("each", "api"):
        indexer.apply_changes(touched)  # type: ignore[attr-defined]


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(
    start=st.lists(st.builds(Write, paths, st.sampled_from(CONTENTS)), max_size=6),
    ops=st.lists(operations, min_size=1, max_size=10),
    how=telling,
)
# Two files without a definition share the id their runs would start at; one then grows a
# run there, and the other, growing next, was given the same ids (their full-text rows
# collided).
@example(
    start=[],
    ops=[
        Write("app/payments.py", CONTENTS[7]),
        Write("app/orders.py", CONTENTS[7]),
        Write("app/payments.py", CONTENTS[2]),
        Write("app/orders.py", CONTENTS[2]),
        Write("app/orders.py", CONTENTS[0]),
    ],
    how="each",
)
def test_incremental_updates_equal_a_fresh_build(
    start: list[Write], ops: list[object], how: str
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "shop"
        root.mkdir()
        for op in start:
            apply(root, op)
        indexer = open_indexer(root, Path(tmp) / "incremental.db")
        indexer.build()
        pending: set[str] = set()
        for op in ops:
            if isinstance(op, EditBuffer):
                indexer.update_file(op.path, op.content)
                indexer.close_buffer(op.path)
                continue
            touched = apply(root, op)
            pending.update(touched)
            tell(indexer, op, touched, how)
        if how == "batch":
            indexer.apply_changes(pending)
        elif how == "scan":
            indexer.build()
        assert snapshot(indexer.store) == fresh_snapshot(root, Path(tmp) / "fresh.db")
        check_full_text(indexer.store)
        indexer.store.close()
