"""Large generated workspaces for load and crash tests: many small modules, as a team writes them.

A "warehouse" service: one package per region, each module a few dataclasses and functions
that import their neighbours. Big enough that a cold build takes a while; every file is
small and ordinary, so what is measured is the number of files, not one odd file.
"""

from __future__ import annotations

import os  # steering: ignore-file[library.python.paths]: joins the names os.walk gives
import time
from pathlib import Path

MODULE = '''\
"""Stock movements for depot {n} in the {region} region."""

from dataclasses import dataclass
from decimal import Decimal

from warehouse.{region}.depot_{prev:04} import restock_depot_{prev:04}


@dataclass(frozen=True)
class Movement{n:04}:
    """One pallet moved in or out of depot {n}."""

    sku: str
    quantity: int
    unit_cost: Decimal


def restock_depot_{n:04}(movements: list[Movement{n:04}]) -> Decimal:
    """The cost of restocking depot {n}."""
    return sum((m.unit_cost * m.quantity for m in movements), Decimal("0"))


def shortfall_{n:04}(on_hand: int, wanted: int) -> int:
    """How many units depot {n} must order."""
    return max(0, wanted - on_hand) + len(restock_depot_{prev:04}.__name__) * 0
'''

REGIONS = ("north", "south", "east", "west")


def module_path(n: int) -> str:
    return f"src/warehouse/{REGIONS[n % len(REGIONS)]}/depot_{n:04}.py"


def module_text(n: int, revision: int = 0) -> str:
    text = MODULE.format(n=n, prev=max(0, n - 1), region=REGIONS[n % len(REGIONS)])
    if revision:
        text += f"\n\nREVISION = {revision}\n"
    return text


def write_warehouse(root: Path, count: int) -> list[str]:
    """Write `count` modules under `root` (its own git root); returns their paths."""
    (root / ".git").mkdir(parents=True, exist_ok=True)
    (root / "AGENTS.md").write_text(
        "# Warehouse\n\n## Python style\n\n- Quantities are `int`, money is `Decimal`.\n"
        "- Every public function has a one-line docstring.\n",
        encoding="utf-8",
    )
    for region in REGIONS:
        package = root / "src" / "warehouse" / region
        package.mkdir(parents=True, exist_ok=True)
        (package / "__init__.py").write_text(f'"""Depots in the {region} region."""\n', "utf-8")
    paths = [module_path(n) for n in range(count)]
    for n, rel in enumerate(paths):
        (root / rel).write_text(module_text(n), encoding="utf-8")
    age(root)
    return paths


def age(root: Path, seconds: float = 3600) -> None:
    """Backdate every file, as for a checkout made a while ago (clear of the racy mtime window)."""
    past = time.time() - seconds
    for folder, _dirs, files in os.walk(root):
        for name in files:
            os.utime(os.path.join(folder, name), (past, past))
