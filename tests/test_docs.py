"""The model ids the READMEs and the VS Code settings show are the ones the code defaults to."""

from __future__ import annotations

import json
import re
from pathlib import Path

from steering_index.llm.tiers import Models

ROOT = Path(__file__).resolve().parent.parent
MODEL_ID = re.compile(r"\bclaude-[a-z]+-\d+-\d+\b")


def test_readmes_name_only_the_default_model_ids() -> None:
    defaults = {Models().small, Models().middle, Models().frontier}
    for readme in (ROOT / "README.md", *sorted((ROOT / "clients").glob("*/README.md"))):
        named = set(MODEL_ID.findall(readme.read_text(encoding="utf-8")))
        assert named <= defaults, f"{readme.relative_to(ROOT)}: {sorted(named - defaults)}"


def test_the_vscode_settings_default_to_the_same_model_ids() -> None:
    package = json.loads((ROOT / "clients/vscode/package.json").read_text(encoding="utf-8"))
    properties = package["contributes"]["configuration"]["properties"]
    defaults = {
        key.rsplit(".", 1)[-1]: value["default"]
        for key, value in properties.items()
        if key.startswith("steering.models.")
    }
    assert defaults == {
        "small": Models().small,
        "middle": Models().middle,
        "frontier": Models().frontier,
    }
