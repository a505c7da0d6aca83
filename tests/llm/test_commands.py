"""`steering context`, `steering ask` and `steering usage` as a user runs them."""

from __future__ import annotations

import argparse
import json
import shutil
import socket
import threading
import time
from pathlib import Path

import pytest

from steering_index.cli import main as cli
from steering_index.llm import commands
from steering_index.model import LineRange, ModelCall
from steering_index.store import IndexStore
from tests.fakeapi import FakeMessagesAPI


def ask_args(root: Path, target: str, **extra: object) -> argparse.Namespace:
    values = {
        "target": target,
        "task": "add a docstring and type hints",
        "root": str(root),
        "db": str(root.parent / "index.db"),
        "budget": None,
        "tier": "small",
        "diff": False,
        "apply": False,
        "json": False,
        **extra,
    }
    return argparse.Namespace(**values)


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("src/a.py", ("src/a.py", None)),
        ("src/a.py:3-9", ("src/a.py", LineRange(3, 9))),
        ("src/a.py:7", ("src/a.py", LineRange(7, 7))),
    ],
)
def test_targets_name_a_file_and_optional_lines(
    target: str, expected: tuple[str, LineRange | None]
) -> None:
    assert commands.parse_target(target) == expected


@pytest.mark.parametrize("target", ["src/a.py:0-3", "src/a.py:9-3"])
def test_impossible_line_ranges_are_refused(target: str) -> None:
    with pytest.raises(commands.InputError, match="1-based"):
        commands.parse_target(target)


def test_ask_without_key_or_url_says_how_to_configure_one(
    billing: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("ANTHROPIC_API_KEY", raising=False)
    monkeypatch.delenv("ANTHROPIC_BASE_URL", raising=False)
    code = commands.run_ask(ask_args(billing, str(billing / "src/billing/invoices.py:9-13")))
    assert code == 2
    err = capsys.readouterr().err
    assert "set the ANTHROPIC_API_KEY environment variable" in err and "ANTHROPIC_BASE_URL" in err
    assert "steering.apiKey" not in err and "setting" not in err  # the CLI has no settings


def test_secret_files_are_never_read_for_a_request(
    billing: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (billing / ".env").write_text("STRIPE_KEY=sk_live_abc\n", encoding="utf-8")
    code = commands.run_context(ask_args(billing, str(billing / ".env")))
    assert code == 2
    assert ".env looks like a secret file" in capsys.readouterr().err


def test_lines_past_the_end_of_the_file_are_refused(
    billing: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = commands.run_context(ask_args(billing, str(billing / "src/billing/invoices.py:18-40")))
    assert code == 2
    assert "has 19 lines" in capsys.readouterr().err


def recorded(day: str, tier: str, model: str, cost: float) -> ModelCall:
    return ModelCall(
        started_at=f"{day}T09:30:00+00:00",
        tier=tier,
        model=model,
        input_tokens=12_000,
        output_tokens=800,
        cache_creation_tokens=0,
        cache_read_tokens=4_000,
        cost_usd=cost,
        rule_ids=("agents:python-style",),
        outcome="proposed",
        duration_ms=1500,
        path="src/billing/invoices.py",
        lines=LineRange(9, 13),
        action="ask",
    )


def test_usage_shows_days_tiers_and_the_saving(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "index.db"
    with IndexStore.open(db) as store:
        store.record_model_call(recorded("2026-11-03", "small", "claude-haiku-5-5", 0.0016))
        store.record_model_call(recorded("2026-11-03", "small", "claude-haiku-5-5", 0.0016))
        store.record_model_call(recorded("2026-11-04", "frontier", "claude-opus-5-5", 0.0656))
    args = argparse.Namespace(root=str(tmp_path), db=str(db), json=False)
    assert commands.run_usage(args) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[1].split()[:3] == ["2026-11-03", "small", "2"]
    assert lines[2].split()[:3] == ["2026-11-04", "frontier", "1"]
    assert lines[3].startswith("total")
    # Each call at Opus 5.5's list price: 12,000 x $4 + 800 x $20 + 4,000 cached x $0.20 per
    # million = $0.0648; three of them, less the $0.0688 recorded, saves $0.1256.
    assert "saving against running everything on the frontier tier: $0.1256 (65%)" in out

    assert commands.run_usage(argparse.Namespace(root=str(tmp_path), db=str(db), json=True)) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["total"]["calls"] == 3
    assert data["saving_usd"] == pytest.approx(0.1256)


def test_usage_without_an_index_says_nothing_was_recorded(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = argparse.Namespace(root=str(tmp_path), db=str(tmp_path / "none.db"), json=False)
    assert commands.run_usage(args) == 0
    assert "no model calls recorded yet" in capsys.readouterr().out


# --- end to end on the examples/shop workspace ---------------------------------------------

SHOP = Path(__file__).resolve().parents[2] / "examples" / "shop"
PRICING = "src/shop/pricing.py"
# computeDiscount: the one function that breaks the snake_case convention.
DISCOUNT = "27-34"


@pytest.fixture
def shop(tmp_path: Path) -> Path:
    root = tmp_path / "shop"
    shutil.copytree(SHOP, root, ignore=shutil.ignore_patterns("node_modules", "__pycache__"))
    return root


def run_cli(command: str, shop: Path, target: str, *extra: str) -> int:
    """`steering COMMAND TARGET --task ... --root SHOP --db ...` as a user types it."""
    db = str(shop.parent / "index.db")
    return cli.main(
        [command, target, "--task", "rename to snake_case", "--root", str(shop), "--db", db, *extra]
    )


def test_context_prints_the_request_and_why_each_item_is_in_it(
    shop: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = run_cli("context", shop, f"{shop / PRICING}:{DISCOUNT}")
    assert code == 0
    out = capsys.readouterr().out
    assert out.startswith(f"Request for {PRICING} lines 27-34, model claude-haiku-5-5")
    assert "agents:agents#python-style (AGENTS.md:" in out
    assert "naming.python.function" in out and "snake_case" in out
    assert "=== system[1] rules ===" in out
    assert "def computeDiscount(cart: Cart) -> Decimal:" in out
    assert "Task: rename to snake_case" in out
    assert "replace_range (forced by tool_choice): plan, first_line, last_line, new_text" in out


def test_context_json_is_the_exact_request(shop: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = run_cli("context", shop, f"{shop / PRICING}:{DISCOUNT}", "--json")
    assert code == 0
    data = json.loads(capsys.readouterr().out)
    request = data["request"]
    assert request["tool_choice"] == {"type": "tool", "name": "replace_range"}
    assert request["model"] == "claude-haiku-5-5"
    assert data["lines"] == [27, 34]
    ids = {item["id"] for item in data["items"]}
    assert "naming.python.function" in ids
    assert all(item["reason"] for item in data["items"])
    assert data["estimated_input_tokens"] > data["stable_prefix_tokens"] > 0


def test_context_never_sends_what_is_in_dot_env(
    shop: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    secret = "sk_live_" + "4eC39HqLyjWDarjtT1zdp7dc"
    (shop / ".env").write_text(f"STRIPE_SECRET_KEY={secret}\n", encoding="utf-8")
    config = shop / "src/shop/config.py"
    config.write_text(
        config.read_text(encoding="utf-8") + f'\nFALLBACK_STRIPE_KEY = "{secret}"\n',
        encoding="utf-8",
    )
    code = run_cli("context", shop, str(config))
    assert code == 0
    out = capsys.readouterr().out
    assert secret not in out
    assert "[REDACTED:" in out


def shop_answer(new_text: str, last_line: int = 40, **more: object) -> dict:
    return {
        "input": {
            "plan": "Rename the function and every use of it.",
            "first_line": 27,
            "last_line": last_line,
            "new_text": new_text,
            "rule_ids": ["agents:agents#python-style", "naming.python.function"],
            **more,
        },
        "usage": {"input_tokens": 2400, "output_tokens": 120},
    }


# The definition and, below it, its one caller (lines 27-40): a rename must change both,
# or the file is left using a name it no longer defines.
RENAME = "27-40"
RENAMED_DEFINITION = (
    "def compute_discount(cart: Cart) -> Decimal:\n"
    '    """The discount for a cart: the best of its coupon and the bulk discount."""\n'
    "    subtotal = cart_subtotal(cart)\n"
    '    rate = COUPONS.get(cart.coupon or "", Decimal("0"))\n'
    "    quantity = sum(item.quantity for item in cart.items)\n"
    "    if quantity >= BULK_THRESHOLD:\n"
    "        rate = max(rate, BULK_DISCOUNT)\n"
    "    return round_money(subtotal * rate)\n"
)
RENAMED = (
    RENAMED_DEFINITION + "\n\n"
    "def cart_total(cart: Cart) -> Decimal:\n"
    '    """What the customer pays: subtotal minus discount, plus tax."""\n'
    "    net = cart_subtotal(cart) - compute_discount(cart)\n"
    "    return round_money(net * (1 + TAX_RATE))\n"
)


@pytest.fixture
def api_env(fake_api: FakeMessagesAPI, monkeypatch: pytest.MonkeyPatch) -> FakeMessagesAPI:
    monkeypatch.setenv("ANTHROPIC_API_KEY", "test-key")
    monkeypatch.setenv("ANTHROPIC_BASE_URL", fake_api.url)
    return fake_api


def test_ask_prints_a_diff_and_records_the_call(
    shop: Path, api_env: FakeMessagesAPI, capsys: pytest.CaptureFixture[str]
) -> None:
    api_env.script([shop_answer(RENAMED)])
    db = shop.parent / "index.db"
    before = (shop / PRICING).read_text(encoding="utf-8")
    code = run_cli("ask", shop, f"{shop / PRICING}:{RENAME}")
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert f"--- a/{PRICING}" in captured.out
    assert "-def computeDiscount(cart: Cart) -> Decimal:" in captured.out
    assert "+def compute_discount(cart: Cart) -> Decimal:" in captured.out
    assert (shop / PRICING).read_text(encoding="utf-8") == before  # a diff writes nothing
    assert "small tier (claude-haiku-5-5) proposed an edit" in captured.err
    assert "plan: Rename the function and every use of it." in captured.err
    with IndexStore.open(db) as store:
        calls = store.model_calls()
    assert [(c.tier, c.outcome, c.input_tokens) for c in calls] == [("small", "proposed", 2400)]
    assert "agents:agents#python-style" in calls[0].rule_ids


def test_ask_apply_writes_the_edit(
    shop: Path, api_env: FakeMessagesAPI, capsys: pytest.CaptureFixture[str]
) -> None:
    api_env.script([shop_answer(RENAMED)])
    code = run_cli("ask", shop, f"{shop / PRICING}:{RENAME}", "--apply")
    assert code == 0, capsys.readouterr().err
    text = (shop / PRICING).read_text(encoding="utf-8")
    assert "def compute_discount(cart: Cart) -> Decimal:" in text
    assert "def computeDiscount" not in text
    assert "def cart_total(cart: Cart) -> Decimal:" in text


def test_ask_apply_refuses_when_the_file_changed_meanwhile(
    shop: Path, api_env: FakeMessagesAPI, capsys: pytest.CaptureFixture[str]
) -> None:
    api_env.script([{**shop_answer(RENAMED), "delay_s": 1.0}])
    target = shop / PRICING

    def edit_meanwhile() -> None:
        # Once the request is in, the fake API holds its answer for a second: edit then.
        deadline = time.monotonic() + 20
        while not api_env.requests and time.monotonic() < deadline:
            time.sleep(0.01)
        target.write_text(target.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")

    editor = threading.Thread(target=edit_meanwhile)
    editor.start()
    code = run_cli("ask", shop, f"{target}:{RENAME}", "--apply")
    editor.join()
    assert code == 1
    assert "changed on disk while the model worked; nothing was written" in capsys.readouterr().err
    assert "def computeDiscount" in target.read_text(encoding="utf-8")


def test_ask_reports_a_rejected_edit_and_applies_nothing(
    shop: Path, api_env: FakeMessagesAPI, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = RENAMED.replace("-> Decimal:", "-> Decimal")
    api_env.script([shop_answer(broken), shop_answer(broken)])
    before = (shop / PRICING).read_text(encoding="utf-8")
    code = run_cli("ask", shop, f"{shop / PRICING}:{RENAME}", "--apply")
    assert code == 1
    err = capsys.readouterr().err
    assert "rejected twice" in err and "does not parse" in err
    assert (shop / PRICING).read_text(encoding="utf-8") == before


LOGGED = RENAMED_DEFINITION.replace(
    "    return round_money(subtotal * rate)\n",
    '    logging.getLogger(__name__).debug("discount rate %s", rate)\n'
    "    return round_money(subtotal * rate)\n",
)
CALLER = "    net = cart_subtotal(cart) - computeDiscount(cart)\n"


def test_ask_repairs_a_rename_that_breaks_a_caller_then_writes_import_and_caller_at_once(
    shop: Path, api_env: FakeMessagesAPI, capsys: pytest.CaptureFixture[str]
) -> None:
    # First answer: renames the definition (lines 27-34) and logs, but forgets the caller
    # on line 39, which it was not shown. The repair turn quotes that line; the second
    # answer updates it through `edits`, and its import lands in the import block.
    imports = ["import logging"]
    first = shop_answer(LOGGED, 34, imports=imports)
    fixed = shop_answer(
        LOGGED,
        34,
        imports=imports,
        edits=[
            {"old_text": CALLER, "new_text": CALLER.replace("computeDiscount", "compute_discount")}
        ],
    )
    api_env.script([first, fixed])
    code = run_cli("ask", shop, f"{shop / PRICING}:{DISCOUNT}", "--apply")
    err = capsys.readouterr().err
    assert code == 0, err
    feedback = api_env.requests[1].body["messages"][2]["content"][0]["content"]
    assert "`computeDiscount`" in feedback and "not defined, imported or built in" in feedback
    assert "line 39: net = cart_subtotal(cart) - computeDiscount(cart)" in feedback
    text = (shop / PRICING).read_text(encoding="utf-8")
    assert text.startswith(
        '"""Cart totals, coupons and tax. Money is Decimal, rounded half-up to cents."""\n\n'
        "import logging\n"
        "from decimal import ROUND_HALF_UP, Decimal\n\n"
        "from shop.models import Cart\n"
    )
    assert "def compute_discount(cart: Cart) -> Decimal:" in text
    assert "    net = cart_subtotal(cart) - compute_discount(cart)\n" in text
    assert "computeDiscount" not in text
    assert text.count("import logging") == 1
    with IndexStore.open(shop.parent / "index.db") as store:
        calls = store.model_calls()
    assert [c.outcome for c in calls] == ["rejected", "proposed"]


def test_ask_applies_an_answer_that_replaces_part_of_the_target(
    shop: Path, api_env: FakeMessagesAPI, capsys: pytest.CaptureFixture[str]
) -> None:
    # The target is the whole function (27-34); the answer changes only lines 32-33.
    part = shop_answer(
        "    if quantity > BULK_THRESHOLD:\n        rate = max(rate, BULK_DISCOUNT)\n"
    )
    part["input"].update(first_line=32, last_line=33)
    api_env.script([part])
    code = run_cli("ask", shop, f"{shop / PRICING}:{DISCOUNT}", "--apply")
    assert code == 0, capsys.readouterr().err
    text = (shop / PRICING).read_text(encoding="utf-8")
    assert "    if quantity > BULK_THRESHOLD:\n        rate = max(rate, BULK_DISCOUNT)\n" in text
    assert "def computeDiscount(cart: Cart) -> Decimal:" in text


def test_ask_rejects_an_edit_to_lines_the_model_was_not_shown(
    shop: Path, api_env: FakeMessagesAPI, capsys: pytest.CaptureFixture[str]
) -> None:
    renamed_caller = CALLER.replace("computeDiscount", "compute_discount")
    blind = shop_answer(
        RENAMED_DEFINITION, 34, edits=[{"old_text": CALLER, "new_text": renamed_caller}]
    )
    api_env.script([blind, blind])
    before = (shop / PRICING).read_text(encoding="utf-8")
    code = run_cli("ask", shop, f"{shop / PRICING}:{DISCOUNT}", "--apply")
    err = capsys.readouterr().err
    assert code == 1
    assert "edits[1] changes lines 39-39, which you were not shown" in err
    assert "did not follow the edit format" in err
    assert "escalat" not in err and "frontier" not in err
    assert (shop / PRICING).read_text(encoding="utf-8") == before


def test_context_outside_a_git_checkout_sees_the_root_rules(
    shop: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # An unpacked source archive: no .git anywhere; the user runs at the project's top.
    monkeypatch.chdir(shop)
    db = str(shop.parent / "index.db")
    code = cli.main(["context", f"{PRICING}:{DISCOUNT}", "--task", "tidy", "--db", db, "--json"])
    assert code == 0
    data = json.loads(capsys.readouterr().out)
    ids = {item["id"] for item in data["items"]}
    assert "agents:agents#python-style" in ids  # from the root AGENTS.md
    assert data["path"] == PRICING


def test_an_attempt_that_reached_no_api_is_not_counted_as_a_call(
    billing: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # closed once the probe is: nothing listens there
    monkeypatch.setenv("ANTHROPIC_BASE_URL", f"http://127.0.0.1:{port}")
    monkeypatch.setenv("ANTHROPIC_API_KEY", "k")
    db = str(billing.parent / "index.db")
    target = str(billing / "src/billing/invoices.py:9-13")
    assert cli.main(["ask", target, "--task", "tidy", "--root", str(billing), "--db", db]) == 1
    err = capsys.readouterr().err
    assert "0 call(s), 0 tokens in" in err
    assert "(from the ANTHROPIC_BASE_URL environment variable)" in err
    assert "steering.baseUrl" not in err
    assert cli.main(["usage", "--root", str(billing), "--db", db, "--json"]) == 0
    usage = json.loads(capsys.readouterr().out)
    assert (usage["total"]["calls"], usage["unreached_attempts"]) == (0, 1)
    assert cli.main(["usage", "--root", str(billing), "--db", db]) == 0
    assert "1 attempt(s) got no response" in capsys.readouterr().out
