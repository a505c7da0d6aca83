"""What goes into a focused context, and why: rules, conventions, spec items, code."""

from __future__ import annotations

from pathlib import Path

from steering_index.index.indexer import Indexer
from steering_index.model import FocusedContext, LineRange
from steering_index.retrieval.context import RetrievalSources, build_context, workspace_for
from steering_index.rules import applicable_rules
from steering_index.store import IndexStore
from tests.workspaces import write_tree

ORDERS = "src/shop/api/orders.py"
HANDLER = LineRange(15, 33)  # create_order_handler, decorator included


def by_id(context: FocusedContext) -> dict[str, str]:
    return {item.id: item.reason for item in context.items}


def kinds(context: FocusedContext, kind: str) -> list[str]:
    return [item.id for item in context.items if item.kind == kind]


def test_every_rule_that_applies_is_sent_or_listed_with_why(shop: RetrievalSources) -> None:
    context = build_context(shop, ORDERS, HANDLER, "return 409 when the cart is empty")
    applying = [a.rule.id for a in applicable_rules(shop.ruleset, ORDERS) if a.applies]
    reasons = by_id(context)
    left_out = {item.id: item.reason for item in context.omitted}
    assert applying and set(applying) <= set(reasons) | set(left_out)
    assert reasons["kiro:api-style#error-handling"].startswith(
        "applies: glob `src/shop/api/**/*.py` matched; ranked "
    )
    assert "nearest AGENTS.md" in reasons["agents:agents@src/shop/api#handler-shape"]
    assert left_out["agents:agents#setup-and-commands"].startswith("not sent: a process section")
    # A glob rule for the storefront does not apply to a Python handler.
    assert not any(rule_id.startswith("cursor:web-typescript") for rule_id in reasons)


def test_identical_sections_are_sent_once_and_still_listed(shop: RetrievalSources) -> None:
    context = build_context(shop, ORDERS, HANDLER, "tidy up")
    texts = {item.id: item.text for item in context.items}
    left_out = {item.id: item.reason for item in context.omitted}
    # CLAUDE.md repeats AGENTS.md's "Database" section word for word: listed, not sent.
    assert "transaction(conn)" in texts["agents:agents#database"]
    assert "claude:claude#database" not in texts
    assert left_out["claude:claude#database"].startswith(
        "not sent: a copy of rule agents:agents#database"
    )


def test_manual_rule_comes_in_only_when_named(shop: RetrievalSources) -> None:
    plain = build_context(shop, ORDERS, HANDLER, "prepare the release notes")
    named = build_context(shop, ORDERS, HANDLER, "prepare the release, see #release-checklist")
    assert "kiro:release-checklist#release-checklist" not in by_id(plain)
    reason = by_id(named)["kiro:release-checklist#release-checklist"]
    assert reason == "asked for by name (#release-checklist)"


def test_description_rule_is_ranked_in_by_the_task(ledger: RetrievalSources) -> None:
    task = "write a schema migration that adds a currency column to the postings table"
    context = build_context(ledger, "src/ledger/db.py", LineRange(19, 22), task)
    reasons = by_id(context)
    assert reasons["cursor:migrations#migrations"].startswith("BM25 matches it to the task")
    assert "cursor:month-end#month-end-close" not in reasons
    unrelated = build_context(ledger, "src/ledger/db.py", LineRange(19, 22), "rename a variable")
    assert "cursor:migrations#migrations" not in by_id(unrelated)


def test_conventions_bearing_on_the_target_come_with_their_evidence(shop: RetrievalSources) -> None:
    context = build_context(shop, ORDERS, HANDLER, "split the handler in two")
    conventions = {i.id: i for i in context.items if i.kind == "convention"}
    naming = conventions["naming.python.function"]
    assert naming.reason.startswith("convention bearing on a function: snake_case (")
    assert "snake_case" in naming.text and " of " in naming.text
    assert "naming.typescript.function" not in conventions


def test_kiro_spec_items_named_in_the_task(shop: RetrievalSources) -> None:
    context = build_context(shop, ORDERS, HANDLER, "implement task 2.1 of the checkout spec")
    reasons = by_id(context)
    assert reasons["spec:checkout/task/2.1"] == "Kiro spec task 2.1 named in the task"
    # Task 2.1 cites requirements 1.1, 1.2 and 3.1: their criteria come along.
    cited = {"spec:checkout/criterion/1.1", "spec:checkout/criterion/1.2"}
    assert cited <= set(reasons)
    other = build_context(shop, ORDERS, HANDLER, "make sure requirement 3.2 holds")
    assert kinds(other, "spec") == ["spec:checkout/criterion/3.2"]
    assert kinds(build_context(shop, ORDERS, HANDLER, "add logging"), "spec") == []


def test_enclosing_definition_is_sent_without_repeating_the_target(
    ledger: RetrievalSources,
) -> None:
    context = build_context(
        ledger, "src/ledger/entries.py", LineRange(12, 13), "use a clearer error"
    )
    enclosing = next(i for i in context.items if i.kind == "enclosing")
    assert enclosing.id == "src/ledger/entries.py::post_entry"
    assert enclosing.lines == LineRange(10, 17)
    assert "def post_entry(" in enclosing.text
    assert "... (target lines 12-13, below)" in enclosing.text
    assert "raise Unbalanced" not in enclosing.text  # line 13 is the target's
    assert "raise Unbalanced(entry_id)" in context.target_text


def test_signatures_of_the_local_modules_the_target_uses(ledger: RetrievalSources) -> None:
    context = build_context(ledger, "src/ledger/entries.py", LineRange(10, 17), "log each line")
    signatures = {i.source: i for i in context.items if i.kind == "signature"}
    assert set(signatures) == {"src/ledger/db.py", "src/ledger/accounts.py"}
    outlines = {i.source for i in context.items if i.kind == "outline"}
    assert outlines == {"src/ledger/errors.py"}  # the classes it raises, outlined
    db = signatures["src/ledger/db.py"]
    assert "def insert_posting(conn: sqlite3.Connection, entry_id: int" in db.text
    assert "def fetch_account" not in db.text  # not used by the target
    assert db.reason.startswith("signature of ledger.db used by the target (")


def test_closest_examples_share_folder_kind_and_imports(ledger: RetrievalSources) -> None:
    path = "src/ledger/reports/activity.py"
    context = build_context(ledger, path, LineRange(15, 17), "write the month-end summary")
    examples = [i for i in context.items if i.kind == "example"]
    assert [e.id for e in examples] == [
        "src/ledger/reports/trial_balance.py::trial_balance",
        "src/ledger/reports/activity.py::activity",
    ]
    first = examples[0].reason
    assert first.startswith("closest example: same folder, same kind (function), shares imports")
    assert "ledger.db" in first
    assert examples[0].text.startswith("def trial_balance(")


def test_the_open_buffer_wins_over_the_disk(ledger: RetrievalSources) -> None:
    disk = (ledger.root / "src/ledger/errors.py").read_text(encoding="utf-8")
    buffer = disk + '\n\nclass ClosedPeriod(LedgerError):\n    """The month is closed."""\n'
    last = len(buffer.splitlines())
    context = build_context(
        ledger, "src/ledger/errors.py", LineRange(last - 1, last), "docstring", text=buffer
    )
    assert "class ClosedPeriod(LedgerError):" in context.target_text


def test_a_class_used_like_a_function_is_not_sent_as_drift(tmp_path: Path) -> None:
    # The check leaves `cached_value` alone (it is a descriptor, used like a function); the
    # model must not be told otherwise. Its `__get__` lies outside the lines being edited.
    files = {f"app/model_{i}.py": f"class Model{i}:\n    pass\n" for i in range(10)}
    files["app/cache.py"] = (
        "class cached_value:\n"
        "    def __init__(self, func):\n"
        "        self.func = func\n\n"
        "    def __get__(self, instance, owner=None):\n"
        "        return self.func(instance)\n\n\n"
        "class plain_record:\n"
        "    pass\n"
    )
    descriptor, record = _naming_told(
        tmp_path, files, "naming.python.class", ("app/cache.py", 1, 3), ("app/cache.py", 9, 10)
    )
    assert "does not follow it" not in descriptor
    assert "`plain_record` does not follow it" in record


def _naming_told(
    tmp_path: Path, files: dict[str, str], naming: str, *edits: tuple[str, int, int]
) -> list[str]:
    """What the model is told of the convention `naming` for each edit (path, first, last)
    to add a docstring, in a workspace of `files` indexed as the editor indexes it."""
    tree: dict[str, str | bytes] = dict(files)
    root = write_tree(tmp_path / "ws", tree)
    store = IndexStore.open(tmp_path / "index.db")
    Indexer(root, store).build()
    workspace = workspace_for(root, store)
    try:
        contexts = [
            build_context(workspace, path, LineRange(first, last), "add a docstring")
            for path, first, last in edits
        ]
    finally:
        store.close()
    return [{i.id: i.reason for i in context.items}[naming] for context in contexts]


def test_documented_public_api_is_not_sent_as_drift(tmp_path: Path) -> None:
    # A package whose pydoctor reference lists every module's public names: the check leaves
    # `computeTotal` alone there, so the model must not be told it breaks the convention;
    # outside the package (no reference) the same name is drift, and the model is told so.
    files = {
        f"pkg/part_{i}.py": "".join(f"def part_{i}_{k}(x):\n    return x\n\n\n" for k in range(4))
        for i in range(12)
    }
    drift = "def computeTotal(x):\n    return x\n"
    files |= {"pkg/__init__.py": "", "pkg/drift.py": drift, "tools/drift.py": drift}
    files["docs/conf.py"] = 'extensions = ["pydoctor.sphinx_ext.build_apidocs"]\n'
    documented, tool = _naming_told(
        tmp_path, files, "naming.python.function", ("pkg/drift.py", 1, 2), ("tools/drift.py", 1, 2)
    )
    assert "does not follow it" not in documented
    assert "`computeTotal` does not follow it" in tool


def test_import_styles_that_agree_are_sent_as_one_item(shop: RetrievalSources) -> None:
    context = build_context(shop, ORDERS, HANDLER, "split the handler in two")
    imports = [i for i in context.items if i.kind == "convention" and "import" in i.id]
    assert [i.id for i in imports] == ["imports.python.style"]
    assert imports[0].text.startswith(
        "absolute: imports of the project's own modules, within the file's own package ("
    )
    assert ") and outside it (" in imports[0].text


def test_import_styles_that_differ_are_sent_apart(tmp_path: Path) -> None:
    files = {
        f"proj/server/part_{i}.py": f"from .part_{(i + 1) % 10} import run_{(i + 1) % 10}\n"
        f"from proj.client.part_{i} import call_{i}\n\n\n"
        f"def run_{i}():\n    return call_{i}()\n"
        for i in range(10)
    }
    root = write_tree(tmp_path / "ws", files)
    store = IndexStore.open(tmp_path / "index.db")
    Indexer(root, store).build()
    try:
        context = build_context(
            workspace_for(root, store), "proj/server/part_1.py", None, "add a docstring"
        )
    finally:
        store.close()
    imports = {i.id: i.text for i in context.items if i.kind == "convention" and "import" in i.id}
    assert sorted(imports) == ["imports.python.style", "imports.python.style.outside"]
    assert imports["imports.python.style"].startswith("relative: 10 of 10")
    assert imports["imports.python.style.outside"].startswith("absolute: 10 of 10")
