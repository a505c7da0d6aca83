"""The benchmark of drift a release brings, on two local releases (no download): what the
older release's baseline records is left out, what the newer one adds is reported."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

import pytest

from tests.bench.conftest import load_bench

WORDS = ("orders", "invoices", "carts", "refunds", "coupons", "parcels", "returns", "fees", "taxes")


@pytest.fixture(scope="module")
def drift_new() -> ModuleType:
    return load_bench("drift_new")


def _release(root: Path, extra: str) -> Path:
    for word in WORDS:
        path = root / "shop" / f"{word}.py"
        path.parent.mkdir(parents=True, exist_ok=True)
        text = (
            f"def load_{word}(path):\n    return path\n\n\ndef count_{word}(rows):\n    return 1\n"
        )
        path.write_text(text + (extra if word == "taxes" else ""), "utf-8")
    return root


def test_only_the_drift_the_newer_release_added_is_new(
    tmp_path: Path, drift_new: ModuleType
) -> None:
    older = _release(tmp_path / "old", "\n\ndef getRate(x):\n    return x\n")
    newer = _release(tmp_path / "new", "\n\n# moved down\n\ndef getRate(x):\n    return x\n\n\n"
                     "def putRate(x):\n    return x\n")  # fmt: skip
    count, new = drift_new.findings_since(older, newer)
    assert count == 2
    assert [(f.path, f.text) for f in new] == [("shop/taxes.py", "putRate")]
