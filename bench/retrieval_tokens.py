"""Error of `estimate_tokens` against an offline reference tokenizer, per language.

The reference is the Claude tokenizer that the `anthropic` SDK shipped up to its 0.3x
releases (`anthropic/tokenizer.json`, here from anthropic 0.34.2), loaded with the
`tokenizers` package. Both wheels are fetched with `pip download --no-deps` into
bench/.cache/tokref and unpacked there; nothing is installed into the environment.
Caveat: that tokenizer predates Claude 3, and newer models count differently.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import zipfile
from collections import defaultdict
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
CACHE = BENCH / ".cache" / "tokref"
SDK = "anthropic==0.34.2"
CORPUS_DIRS = ("examples", "tests/fixtures", "steering_index", "bench/.cache/sympy-1.14.0/sympy")
SUFFIXES = {
    ".py": "python", ".ts": "typescript", ".js": "javascript", ".go": "go", ".rs": "rust",
    ".java": "java", ".md": "markdown", ".mdc": "markdown",
}  # fmt: skip
PER_LANGUAGE = 80

sys.path.insert(0, str(REPO))

from steering_index.tokens import estimate_tokens  # noqa: E402


def _reference() -> Any:
    CACHE.mkdir(parents=True, exist_ok=True)
    vocab = CACHE / "tokenizer.json"
    package = CACHE / "site"
    if not vocab.exists() or not package.exists():
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--no-deps", "-d", str(CACHE), SDK,
             "tokenizers"],
            check=True,
        )  # fmt: skip
        for wheel in CACHE.glob("*.whl"):
            with zipfile.ZipFile(wheel) as archive:
                if wheel.name.startswith("anthropic-"):
                    vocab.write_bytes(archive.read("anthropic/tokenizer.json"))
                else:
                    archive.extractall(package)
    sys.path.insert(0, str(package))
    from tokenizers import Tokenizer

    return Tokenizer.from_file(str(vocab))


def _corpus() -> dict[str, list[str]]:
    found: dict[str, list[str]] = defaultdict(list)
    for folder in CORPUS_DIRS:
        for path in sorted((REPO / folder).rglob("*")):
            language = SUFFIXES.get(path.suffix)
            if language is None or not path.is_file() or len(found[language]) >= PER_LANGUAGE:
                continue
            try:
                text = path.read_text("utf-8")
            except (OSError, UnicodeDecodeError):
                continue
            if 100 < len(text) < 100_000:
                found[language].append(text)
    return found


def token_report() -> list[str]:
    """Markdown lines: per-language mean and worst per-file error, and error on the total."""
    tokenizer = _reference()
    rows = [
        "### Token estimate",
        "",
        f"`estimate_tokens` against the Claude tokenizer shipped in {SDK} (pre-Claude-3; newer "
        "models count differently, so budgets are approximate). Files from examples/, "
        f"tests/fixtures/, steering_index/ and sympy, up to {PER_LANGUAGE} per language.",
        "",
        "| language | files | mean abs. error per file | worst file | error on the total |",
        "|---|---:|---:|---:|---:|",
    ]
    for language, texts in sorted(_corpus().items()):
        real = [len(tokenizer.encode(t).ids) for t in texts]
        ours = [estimate_tokens(t) for t in texts]
        errors = [abs(o - r) / r for o, r in zip(ours, real, strict=True) if r]
        total = (sum(ours) - sum(real)) / sum(real)
        rows.append(
            f"| {language} | {len(texts)} | {100 * statistics.mean(errors):.1f}% | "
            f"{100 * max(errors):.0f}% | {100 * total:+.1f}% |"
        )
    return rows


if __name__ == "__main__":
    print("\n".join(token_report()))
