"""The index's fast path: packed extracts and cheaply built values equal the plain ones."""

from __future__ import annotations

import dataclasses
import pickle
from pathlib import Path

import pytest

from steering_index.index.extract import extract, extract_packed, pack
from steering_index.index.languages import language_for_path
from steering_index.model import FlatReferences, Reference, Span, Symbol, references_where
from steering_index.store import IndexStore, content_hash, encode_file

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "extract"
SOURCES = sorted(
    p for p in FIXTURES.rglob("*") if p.is_file() and language_for_path(p.name) is not None
)

# Broken Rust whose only reference is a MISSING (empty) type name.
LONE_MISSING_NAME = b"fn scale(factor: ) {}\n"
# Bash the grammar reads a command's word from the blank lines before it (rvm's
# `gem-owners.sh`): a name over three lines, which the index, keeping one name a line,
# could not read back (`steering check` stopped on rvm with a ValueError).
WORD_OVER_LINES = b"owners=(\n  rvm\n)\n\n\\typeset repo owner\necho done\n"


def _language(path: Path) -> str:
    language = language_for_path(path.name)
    assert language is not None
    return language


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.relative_to(FIXTURES).as_posix())
def test_a_packed_extract_unpacks_to_the_plain_one_and_back(source: Path) -> None:
    data = source.read_bytes()
    plain = extract(source.name, data, _language(source))
    packed = extract_packed(source.name, data, _language(source))
    assert packed.unpack() == plain
    assert pack(plain) == packed
    assert len(packed.symbols) == len(plain.symbols)
    assert len(packed.references.values) == 7 * len(plain.references)


def test_a_lone_reference_without_a_name_survives_packing() -> None:
    packed = extract_packed("src/scale.rs", LONE_MISSING_NAME, "rust")
    (reference,) = extract("src/scale.rs", LONE_MISSING_NAME, "rust").references
    assert reference.name == "" and packed.error_count > 0
    assert packed.references.unpack() == (reference,)


@pytest.mark.parametrize(
    ("path", "data"),
    [
        ("src/cache.rs", (FIXTURES / "rust" / "cache.rs").read_bytes()),
        ("src/scale.rs", LONE_MISSING_NAME),
        ("bin/gem-owners.sh", WORD_OVER_LINES),
    ],
)
def test_the_index_gives_back_the_references_it_was_handed_packed(
    tmp_path: Path, path: str, data: bytes
) -> None:
    language = _language(Path(path))
    packed = extract_packed(path, data, language)
    store = IndexStore.open(tmp_path / "index.sqlite3")
    try:
        store.put_files([encode_file(packed, len(data), 1, 1, content_hash(data), "disk")])
        stored = store.extract_for(path)
    finally:
        store.close()
    assert stored == extract(path, data, language)
    assert stored is not None and all("\n" not in r.name for r in stored.references)
    if language == "bash":
        assert [r.name for r in stored.references] == ["echo"]


def test_cheaply_built_values_behave_like_constructed_ones() -> None:
    source = b"def total(items):\n    return sum(price(i) for i in items)\n"
    result = extract("cart.py", source, "python")
    symbol = result.symbols[0]
    call = next(r for r in result.references if r.name == "price")
    rebuilt = Symbol(**{f.name: getattr(symbol, f.name) for f in dataclasses.fields(Symbol)})
    assert symbol == rebuilt and hash(symbol) == hash(rebuilt) and repr(symbol) == repr(rebuilt)
    offset = source.index(b"price")
    column = offset - source.index(b"    return")
    assert call == Reference("price", Span(offset, offset + 5, 1, column, 1, column + 5), True)
    assert pickle.loads(pickle.dumps(result)) == result
    with pytest.raises(dataclasses.FrozenInstanceError):
        call.span.start_byte = 0  # type: ignore[misc]


def test_an_unpacked_extract_builds_its_references_only_when_read() -> None:
    # An editor buffer's extract is made on every keystroke; its references stay flat until
    # something reads them, and a reader that wants a few names builds only those.
    source = FIXTURES / "python" / "billing_client.py"
    data = source.read_bytes()
    plain = extract(source.name, data, "python")
    refs = extract_packed(source.name, data, "python").unpack().references
    assert isinstance(refs, FlatReferences) and not refs.built
    assert len(refs) == len(plain.references) > 3
    name = plain.references[2].name
    wanted = tuple(r for r in plain.references if r.name == name)
    assert references_where(refs, name.__eq__) == wanted
    assert not refs.built
    # Read whole, it is the tuple of the same references, both ways round.
    assert refs == plain.references and plain.references == refs
    assert refs.built
    assert hash(refs) == hash(plain.references)
    assert refs[1] == plain.references[1] and refs[1:3] == plain.references[1:3]
    assert list(refs) == list(plain.references)
    assert pickle.loads(pickle.dumps(refs)) == plain.references
    assert references_where(refs, name.__eq__) == wanted  # from the built objects now
