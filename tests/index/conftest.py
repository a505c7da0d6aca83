"""A small workspace the indexing tests share: an inventory service with a web front end."""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path

import pytest

from steering_index.index.indexer import Indexer, IndexSettings
from steering_index.model import FileExtract
from steering_index.store import IndexStore
from steering_index.store.encoding import identifier_words, symbol_texts, unpack_imports
from tests.workspaces import write_tree

MODELS = '''\
"""Stock items and the warehouses that hold them."""

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class StockItem:
    """One product line, as the warehouse counts it."""

    sku: str
    name: str
    unit_price: Decimal


class Warehouse:
    def __init__(self, code: str) -> None:
        self.code = code
        self._levels: dict[str, int] = {}

    def receive(self, item: StockItem, quantity: int) -> None:
        """Add delivered units to the stock level."""
        self._levels[item.sku] = self._levels.get(item.sku, 0) + quantity

    def level(self, sku: str) -> int:
        return self._levels.get(sku, 0)
'''

API = '''\
"""HTTP handlers for stock queries."""

import json
import logging

from inventory.models import StockItem, Warehouse

log = logging.getLogger(__name__)


def parse_stock_request(body: bytes) -> dict:
    """Decode a stock query sent by the shop front end."""
    return json.loads(body)


def stock_level_handler(warehouse: Warehouse, body: bytes) -> str:
    request = parse_stock_request(body)
    log.info("stock query for %s", request["sku"])
    return json.dumps({"level": warehouse.level(request["sku"])})
'''

APP_JS = """\
import { fetchStock } from "./client.js";

// Renders the stock badge next to each product.
export function renderStockBadge(element, sku) {
  return fetchStock(sku).then((level) => {
    element.textContent = level > 0 ? `${level} in stock` : "sold out";
  });
}
"""

CLIENT_JS = """\
export async function fetchStock(sku) {
  const response = await fetch(`/api/stock/${sku}`);
  return (await response.json()).level;
}
"""

TEST_MODELS = """\
from inventory.models import StockItem, Warehouse


def test_receive_adds_to_level():
    item = StockItem("A-1", "Anvil", 10)
    depot = Warehouse("north")
    depot.receive(item, 3)
    assert depot.level("A-1") == 3
"""

FILES = {
    ".gitignore": "*.generated.py\n/local_settings.py\nreports/\n",
    "README.md": "# Inventory\n\nStock levels for the shop.\n",
    "src/inventory/__init__.py": "",
    "src/inventory/models.py": MODELS,
    "src/inventory/api.py": API,
    "src/inventory/schema.generated.py": "SCHEMA = {}\n",
    "local_settings.py": "DEBUG = True\n",
    "reports/weekly.py": "print('report')\n",
    "tests/test_models.py": TEST_MODELS,
    "web/app.js": APP_JS,
    "web/client.js": CLIENT_JS,
    "web/.gitignore": "fixtures/\n",
    "web/fixtures/sample.js": "export const sample = 1;\n",
    "web/node_modules/left-pad/index.js": "module.exports = function leftPad() {};\n",
    "build/lib/inventory/models.py": MODELS,
    ".venv/lib/site.py": "import os\n",
}

INDEXED = [
    "src/inventory/__init__.py",
    "src/inventory/api.py",
    "src/inventory/models.py",
    "tests/test_models.py",
    "web/app.js",
    "web/client.js",
]


def age_files(root: Path, seconds: float = 3600) -> None:
    """Backdate every file, as for a checkout made a while ago (clear of the racy window)."""
    past = time.time() - seconds
    for path in root.rglob("*"):
        if path.is_file() and not path.is_symlink():
            os.utime(path, (past, past))


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    root = tmp_path / "inventory"
    write_tree(root, dict(FILES))
    age_files(root)
    return root


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "cache" / "index.sqlite3"


def open_indexer(root: Path, db: Path, **settings: object) -> Indexer:
    options = {"workers": 1, **settings}
    return Indexer(root, IndexStore.open(db), IndexSettings(**options))  # type: ignore[arg-type]


def snapshot(store: IndexStore) -> dict[str, FileExtract | str]:
    """What the index says about every file: its extract, or why it was skipped."""
    state: dict[str, FileExtract | str] = {e.path: e for e in store.iter_extracts()}
    state.update((row.path, f"skipped: {row.problem}") for row in store.skipped_files())
    return state


def check_full_text(store: IndexStore) -> None:
    """The lookups across files agree with the files' extracts, row by row: the full-text
    index holds exactly the words of each symbol's name and docstring (compared, term by term
    and position by position, with one built afresh from the extracts), and the definitions
    and imported modules are exactly the extracts'."""
    con = sqlite3.connect(store.db_path)
    try:
        con.execute("INSERT INTO symbols_fts(symbols_fts, rank) VALUES ('integrity-check', 1)")
        con.execute(
            "CREATE VIRTUAL TABLE temp.expected USING fts5("
            "words, docstring, content='', tokenize='porter unicode61')"
        )
        names: set[tuple[str, int]] = set()
        modules: set[tuple[str, int]] = set()
        for file_id, first, symbols, imports in con.execute(
            "SELECT file_id, first_symbol, symbols, imports FROM extracts"
            " JOIN files ON files.id = extracts.file_id"
        ).fetchall():
            for n, (name, doc) in enumerate(symbol_texts(bytes(symbols))):
                con.execute(
                    "INSERT INTO temp.expected(rowid, words, docstring) VALUES (?, ?, ?)",
                    (first + n, identifier_words(name), doc),
                )
                names.add((name, first + n))
            modules.update((i.module, file_id) for i in unpack_imports(bytes(imports)))
        con.execute("CREATE VIRTUAL TABLE temp.have USING fts5vocab(main, symbols_fts, instance)")
        con.execute("CREATE VIRTUAL TABLE temp.want USING fts5vocab(temp, expected, instance)")
        instances = "SELECT term, doc, col, offset FROM temp.{} ORDER BY 1, 2, 3, 4"
        have = con.execute(instances.format("have")).fetchall()
        assert have == con.execute(instances.format("want")).fetchall()
        assert set(con.execute("SELECT name, id FROM definitions")) == names
        assert set(con.execute("SELECT module, file_id FROM imported")) == modules
    finally:
        con.close()


def fresh_snapshot(root: Path, db: Path) -> dict[str, FileExtract | str]:
    indexer = open_indexer(root, db)
    indexer.build()
    try:
        return snapshot(indexer.store)
    finally:
        indexer.store.close()
