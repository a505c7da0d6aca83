"""Which extraction wrote an index: a digest of the code, the queries and the grammars that
turn a file into its extract. An index written by other extraction code (an older steering)
holds extracts this one would not make, so its files are read again."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from functools import cache
from importlib import metadata
from pathlib import Path

EXTRACTOR_META = "extractor"  # meta key: the digest of the extraction that wrote the index
_PACKAGE = Path(__file__).resolve().parent


def source_digest(sources: Iterable[Path], extra: Iterable[str] = ()) -> str:
    """A digest of files (their paths relative to their grandparent folder, and their bytes)
    and of `extra` strings."""
    digest = hashlib.blake2b(digest_size=16)
    for source in sources:
        digest.update(source.relative_to(source.parent.parent).as_posix().encode())
        digest.update(source.read_bytes())
    for text in extra:
        digest.update(text.encode())
    return digest.hexdigest()


@cache
def extractor_digest() -> str:
    """This extraction's digest (`extraction_digest` of this package)."""
    return extraction_digest(_PACKAGE)


def extraction_digest(package: Path) -> str:
    """An extraction: the index package's modules and queries, and the versions of
    tree-sitter and of every grammar installed."""
    sources = sorted([*package.glob("*.py"), *package.glob("queries/*.scm")])
    grammars = sorted(
        f"{dist.metadata['Name']}=={dist.version}"
        for dist in metadata.distributions()
        if (dist.metadata["Name"] or "").lower().replace("_", "-").startswith("tree-sitter")
    )
    return source_digest(sources, grammars)
