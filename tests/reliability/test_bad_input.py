"""Bad input at the system level: random rule files, random source in every language, huge
files, and files that cannot be read. Nothing crashes, nothing hangs, every problem is named.

The parsers' own properties are in tests/rules and tests/extract; here the same kinds of
input go through whole workspaces: `load_rules` + `lint_rules`, the indexer, and the server.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from steering_index import rules as rules_mod
from steering_index.index.indexer import Indexer, IndexSettings
from steering_index.store import IndexStore
from tests.reliability.conftest import DataLoss
from tests.reliability.editor import close_editor, launch_editor

RELIABILITY_GROUP = "bad input"
REPO = Path(__file__).resolve().parents[2]
SUFFIXES = (".py", ".js", ".jsx", ".ts", ".tsx", ".go", ".rs", ".java")
OUTSIDE = "Text from outside the workspace that must never be expanded"

FRAGMENTS = st.sampled_from(
    [
        "---\n",
        "description: Billing rules\n",
        "globs: src/**/*.py\n",
        'globs: ["[", "**/*.{ts,"]\n',
        "alwaysApply: maybe\n",
        "inclusion: fileMatch\nfileMatchPattern: 42\n",
        ": : :\n",
        "key: [unclosed\n",
        "# Heading\n",
        "## Money\n",
        "###### deep\n",
        "- Use Decimal.\n",
        "```\n",
        "#[[file:../outside.md]]\n",
        "#[[file:/etc/passwd]]\n",
        "#[[file:docs/missing.md]]\n",
        "@../outside.md\n",
        "@/etc/passwd\n",
        "@AGENTS.md\n",
        "\ufeff",
        "caf\u00e9 \U0001f600\n",
        "\x00\n",
    ]
)
RULE_FILES = (
    "AGENTS.md",
    "CLAUDE.md",
    ".cursor/rules/billing.mdc",
    ".kiro/steering/billing.md",
    ".github/instructions/py.instructions.md",
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    texts=st.lists(
        st.lists(FRAGMENTS | st.text(max_size=40), max_size=12).map("".join),
        min_size=len(RULE_FILES),
        max_size=len(RULE_FILES),
    ),
    junk=st.binary(max_size=64),
)
def test_random_rule_files_load_and_lint_without_crashing(
    tmp_path_factory: pytest.TempPathFactory, texts: list[str], junk: bytes
) -> None:
    base = tmp_path_factory.mktemp("rules")
    (base / "outside.md").write_text(OUTSIDE, encoding="utf-8")
    root = base / "billing"
    (root / ".git").mkdir(parents=True)
    for rel, text in zip(RULE_FILES, texts, strict=True):
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(text.encode("utf-8", "surrogatepass") + junk)
    ruleset = rules_mod.load_rules(root)
    findings = rules_mod.lint_rules(ruleset, None)
    assert all(OUTSIDE not in rule.text for rule in ruleset.rules)
    assert all(not Path(rule.source).is_absolute() for rule in ruleset.rules)
    assert all(f.message for f in findings)
    rules_mod.applicable_rules(ruleset, "src/billing/invoices.py")


def _indexer(root: Path, db: Path, **options: object) -> Indexer:
    return Indexer(root, IndexStore.open(db), IndexSettings(workers=1, **options))  # type: ignore[arg-type]


NESTED = {
    ".py": "x = " + "[" * 3000 + "]" * 3000 + "\n",
    ".js": "const x = " + "(" * 3000 + ")" * 3000 + ";\n",
    ".go": "package p\nvar x = " + "(" * 3000 + "1" + ")" * 3000 + "\n",
    ".rs": "fn f() {" + "{" * 3000 + "}" * 3000 + "}\n",
    ".java": "class A { int x = " + "(" * 3000 + "1" + ")" * 3000 + "; }\n",
    ".ts": "type T = " + "Array<" * 2000 + "number" + ">" * 2000 + ";\n",
}


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(contents=st.lists(st.binary(max_size=512), min_size=len(SUFFIXES), max_size=len(SUFFIXES)))
def test_random_bytes_in_every_language_are_indexed_or_named(
    tmp_path_factory: pytest.TempPathFactory, contents: list[bytes]
) -> None:
    root = tmp_path_factory.mktemp("random")
    for suffix, data in zip(SUFFIXES, contents, strict=True):
        (root / f"module{suffix}").write_bytes(data)
        (root / f"bad_utf8{suffix}").write_bytes(b"x = '\xff\xfe\xc3\x28'\n" + data)
    for suffix, text in NESTED.items():
        (root / f"nested{suffix}").write_text(text, encoding="utf-8")
    indexer = _indexer(root, root / ".cache" / "index.sqlite3")
    try:
        indexer.build()
        rows = {row.path: row for row in indexer.store.file_rows()}
    finally:
        indexer.store.close()
    expected = {f"module{s}" for s in SUFFIXES} | {f"bad_utf8{s}" for s in SUFFIXES}
    expected |= {f"nested{s}" for s in NESTED}
    assert set(rows) == expected
    assert all(row.problem is None or row.problem_message for row in rows.values())


def _huge_files(root: Path) -> dict[str, str]:
    """A 50 MB generated table and a 100,000-line module; returns path -> first line."""
    (root / ".git").mkdir(parents=True, exist_ok=True)
    (root / "src").mkdir(exist_ok=True)
    row = "    ('SKU-%07d', 'Anvil, cast iron, 20 kg', 1999, 'warehouse-north'),\n"
    with open(root / "src" / "catalogue_table.py", "w", encoding="utf-8") as out:
        out.write("CATALOGUE = [\n")
        for n in range(50 * 1024 * 1024 // len(row) + 1):
            out.write(row % n)
        out.write("]\n")
    lines = [f"def rate_{n}(amount):\n    return amount * {n}\n" for n in range(50_000)]
    (root / "src" / "rates.py").write_text("".join(lines), encoding="utf-8")
    (root / "src" / "small.py").write_text('def ok():\n    """Fine."""\n', encoding="utf-8")
    return {"src/catalogue_table.py": "CATALOGUE", "src/rates.py": "def rate_0"}


@pytest.mark.slow
def test_a_50_mb_file_and_a_100000_line_file_through_the_indexer(tmp_path: Path) -> None:
    root = tmp_path / "catalogue"
    _huge_files(root)
    assert (root / "src/catalogue_table.py").stat().st_size >= 50 * 1024 * 1024
    assert (root / "src/rates.py").read_text().count("\n") == 100_000
    indexer = _indexer(root, tmp_path / "index.sqlite3", max_file_bytes=10_000_000)
    try:
        summary = indexer.build()
        table = indexer.store.file("src/catalogue_table.py")
        rates = indexer.store.symbols_in("src/rates.py")
    finally:
        indexer.store.close()
    assert table is None  # skipped for its size, and the summary says so
    assert dict(summary.skipped).get("too-large") == 1, summary
    assert len(rates) == 50_000


@pytest.mark.slow
async def test_the_server_survives_opening_huge_buffers(tmp_path: Path) -> None:
    root = tmp_path / "catalogue"
    _huge_files(root)
    editor = await launch_editor(root, tmp_path / "cache", {"fileWatching": "off"})
    try:
        for rel in ("src/catalogue_table.py", "src/rates.py"):
            editor.open(rel)
        uri = editor.open("src/small.py")
        hover = await editor.hover(uri, 0, 5)
        assert hover is None or hover.contents is not None
        big = editor.uri("src/rates.py")
        answer = await editor.hover(big, 99_998, 5)
        assert answer is None or answer.contents is not None
        assert editor.client._server is not None and editor.client._server.returncode is None
    finally:
        await close_editor(editor)


def test_files_that_cannot_be_read_do_not_block_or_crash_the_index(
    tmp_path: Path, data_loss: DataLoss
) -> None:
    root = tmp_path / "ledger"
    (root / "src").mkdir(parents=True)
    (root / "src" / "good.py").write_text('def ok():\n    """Fine."""\n', encoding="utf-8")
    os.mkfifo(root / "src" / "pipe.py")  # reading it would block forever
    (root / "src" / "folder.py").mkdir()  # a directory where a file is expected
    (root / "src" / "dangling.py").symlink_to(root / "src" / "gone.py")
    (root / "src" / "loop_a.py").symlink_to(root / "src" / "loop_b.py")
    (root / "src" / "loop_b.py").symlink_to(root / "src" / "loop_a.py")
    command = [sys.executable, "-m", "steering_index.cli.main", "index", "--root", str(root)]
    command += ["--db", str(tmp_path / "index.sqlite3"), "--workers", "1", "--quiet"]
    run = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert "Traceback" not in run.stderr
    with IndexStore.open(tmp_path / "index.sqlite3") as store:
        indexed = [row.path for row in store.files()]
    data_loss.record(0 if indexed == ["src/good.py"] else 1)
    assert indexed == ["src/good.py"]


def test_a_file_without_read_permission_is_named_not_fatal(tmp_path: Path) -> None:
    root = tmp_path / "ledger"
    (root / "src").mkdir(parents=True)
    (root / "src" / "good.py").write_text('def ok():\n    """Fine."""\n', encoding="utf-8")
    secret = root / "src" / "locked.py"
    secret.write_text("def hidden():\n    pass\n", encoding="utf-8")
    secret.chmod(0)
    try:
        with open(secret, "rb"):
            readable = True
    except PermissionError:
        readable = False
    if readable:
        pytest.skip(
            "running as root, where chmod 000 does not stop reads "
            "(the FIFO, folder and symlink cases cover the other unreadable files)"
        )
    indexer = _indexer(root, tmp_path / "index.sqlite3")
    try:
        indexer.build()
        row = indexer.store.file("src/locked.py")
        good = indexer.store.file("src/good.py")
    finally:
        indexer.store.close()
    assert good is not None and good.problem is None
    assert row is not None and row.problem == "unreadable" and row.problem_message
