"""Workspaces with strategy files, and the shop repository and fake API of the eval tests."""

from __future__ import annotations

from pathlib import Path

from tests.eval.conftest import fake_api, shop

__all__ = ["fake_api", "shop", "strategy_text", "write_strategy"]


def strategy_text(
    title: str = "Add retry to an outbound HTTP call",
    when: str = "adding retries or backoff to a call to another service over HTTP",
    body: str = "1. Wrap the call with `shop.http.retrying`.\n2. Retry only on 5xx.\n",
    globs: str | None = None,
    extra: str = "",
) -> str:
    glob_line = f"globs: {globs}\n" if globs is not None else ""
    return (
        f"---\ntitle: {title}\nwhen: {when}\n{glob_line}written_by: claude-opus-5-5\n"
        f"written_on: 2026-12-04\nfrom: make the catalog client retry\n{extra}---\n{body}"
    )


def write_strategy(root: Path, name: str, text: str) -> Path:
    path = root / ".steering" / "strategies" / f"{name}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path
