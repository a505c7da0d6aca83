"""What the index stores of a file's references and comments: each name once, compressed,
and read back exactly as extracted."""

from __future__ import annotations

import json
import zlib
from array import array
from itertools import pairwise
from pathlib import Path

from steering_index.index.extract import extract, extract_packed
from steering_index.store import IndexStore
from steering_index.store.encoding import (
    content_hash,
    encode_file,
    pack_references,
    unpack_references,
)

# Many uses of few names, non-ASCII text, a comment on every other line: as real code is.
SOURCE = "\n".join(
    [
        "# café 🚀: prices in one place",
        "import os.path",
        "",
        *(
            f"def total_{n}(items):  # ünïcode {n}\n"
            f"    found = sum(item.price * os.path.sep.count('x') for item in items)\n"
            f"    return found + total_{n - 1}(items)"
            for n in range(1, 60)
        ),
    ]
)


def _stored(store: IndexStore, path: str) -> tuple[str, bytes, bytes]:
    row = (
        store.connection()
        .execute(
            "SELECT ref_names, ref_spans, comments FROM files"
            " JOIN extracts ON extracts.file_id = files.id WHERE path=?",
            (path,),
        )
        .fetchone()
    )
    return str(row[0]), bytes(row[1]), bytes(row[2])


def test_references_and_comments_read_back_exactly_and_take_a_fraction_of_their_size(
    tmp_path: Path,
) -> None:
    store = IndexStore.open(tmp_path / "index.db")
    data = SOURCE.encode()
    packed = extract_packed("shop/prices.py", data, "python")
    store.put_files([encode_file(packed, len(data), 1, 1, content_hash(data), "disk")])
    assert store.extract_for("shop/prices.py") == extract("shop/prices.py", data, "python")
    names, spans, comments = _stored(store, "shop/prices.py")
    flat_names = packed.references.names
    assert len(names.split("\n")) == len(set(flat_names.split("\n"))) < 70
    assert "sum" in names.split("\n") and store.files_referencing("sum") == ["shop/prices.py"]
    as_extracted = len(flat_names.encode()) + len(packed.references.values.tobytes())
    assert len(names.encode()) + len(spans) < as_extracted / 4
    comments_json = json.dumps(packed.comments, separators=(",", ":"), ensure_ascii=False)
    assert len(comments) < len(comments_json.encode()) / 2


def test_packing_keeps_every_reference_in_order() -> None:
    for source in ("", "f()", "x = \n", "a.b(c, d)\nc.d = a\n" * 3):
        packed = extract_packed("m.py", source.encode(), "python")
        names, values = packed.references.names, packed.references.values
        assert unpack_references(*pack_references(names, values)) == (
            names if len(values) else "",
            values,
        )


def test_unpacking_with_a_filter_keeps_what_it_keeps_in_order() -> None:
    source = "a.b(c, d)\nc.d = a\nprint(a.b)\n" * 3
    packed = extract_packed("m.py", source.encode(), "python")
    names, values = packed.references.names, packed.references.values
    keep = {"a.b", "print"}.__contains__
    kept = [
        (name, tuple(values[7 * i : 7 * i + 7]))
        for i, name in enumerate(names.split("\n"))
        if keep(name)
    ]
    flat, only = unpack_references(*pack_references(names, values), keep)
    spans = [tuple(only[7 * i : 7 * i + 7]) for i in range(len(only) // 7)]
    assert list(zip(flat.split("\n"), spans, strict=True)) == kept
    assert unpack_references(*pack_references(names, values), lambda name: False) == (
        "",
        only[:0],
    )


def test_symbols_and_imports_read_back_exactly_and_take_a_fraction_of_a_row_apiece(
    tmp_path: Path,
) -> None:
    store = IndexStore.open(tmp_path / "index.db")
    documented = "\n".join(
        f"def handle_{n}(request, *, retries=3) -> None:\n"
        f'    """Handle request {n}: validate it, then pass it on. Ünïcode 🚀."""\n'
        for n in range(80)
    )
    text = f"import os.path\nfrom shop import prices as p, taxes\n\n{documented}"
    data = text.encode()
    packed = extract_packed("shop/handlers.py", data, "python")
    encoded = encode_file(packed, len(data), 1, 1, content_hash(data), "disk")
    store.put_files([encoded])
    expected = extract("shop/handlers.py", data, "python")
    assert store.symbols_in("shop/handlers.py") == list(expected.symbols)
    assert store.imports_in("shop/handlers.py") == list(expected.imports)
    assert [p for p, _ in store.find_definitions("handle_41")] == ["shop/handlers.py"]
    # A row apiece, as JSON, against what is stored: the names, docstrings and spans of
    # eighty similar definitions compress to a small part of it.
    as_rows = json.dumps(packed.symbols, ensure_ascii=False).encode()
    assert len(encoded.symbols) < len(as_rows) / 5


def _as_rows(names: str, values: array[int]) -> bytes:
    """The layout schema 11 stored: a reference a row of eight ints (its name's number
    first), each column as differences from the row before, compressed as they lie."""
    each = names.split("\n")
    number = {name: i for i, name in enumerate(sorted(set(each)))}
    rows = [[number[name], *values[7 * n : 7 * n + 7]] for n, name in enumerate(each)]
    steps = [rows[0]] + [[b - a for a, b in zip(x, y, strict=True)] for x, y in pairwise(rows)]
    return zlib.compress(array("i", [v for row in steps for v in row]).tobytes())


def test_references_are_stored_as_columns_in_under_half_the_room_of_rows() -> None:
    """A span's ints are small and alike down a column: stored a column at a time, with
    their bytes regrouped, they take far less room than as rows."""
    packed = extract_packed("shop/prices.py", SOURCE.encode(), "python")
    names, values = packed.references.names, packed.references.values
    _, spans = pack_references(names, values)
    assert len(spans) < len(_as_rows(names, values)) / 2
