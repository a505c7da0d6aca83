"""The workspace's store: the index (a cache of files, symbols and rules) and the ledger of
model calls (the user's record, kept across rebuilds), each its own SQLite file.

Modules, one per table group: `index` (opening, schema, `IndexStore`), `files`, `symbols`,
`rules`, `ledger`; `encoding` turns extracts into rows and back, `database` holds the
connection and transaction handling they share. Callers import from here.
"""

from steering_index.store.database import StoreError, is_corruption
from steering_index.store.encoding import (
    EncodedFile,
    Row,
    content_hash,
    encode_file,
    fts_query,
    identifier_words,
)
from steering_index.store.files import FileRow
from steering_index.store.index import CACHE_DIR_ENV, SCHEMA_VERSION, IndexStore, default_db_path
from steering_index.store.ledger import LEDGER_VERSION, Ledger, ledger_path

__all__ = [
    "CACHE_DIR_ENV",
    "LEDGER_VERSION",
    "SCHEMA_VERSION",
    "EncodedFile",
    "FileRow",
    "IndexStore",
    "Ledger",
    "Row",
    "StoreError",
    "content_hash",
    "default_db_path",
    "encode_file",
    "fts_query",
    "identifier_words",
    "is_corruption",
    "ledger_path",
]
