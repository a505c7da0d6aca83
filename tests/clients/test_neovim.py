"""Headless Neovim 0.7+ drives the real server through clients/neovim: hover, code actions,
:SteeringAsk and :SteeringReview against the fake Messages API, and :SteeringRules.

The driver (nvim_driver.lua) acts like a user and writes what it saw as JSON; the
assertions live here. Without nvim the test skips, except under CI, where it fails.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
PLUGIN = REPO / "clients" / "neovim"
XDG_KINDS = ("CONFIG", "DATA", "STATE", "CACHE")
DRIVER = Path(__file__).with_name("nvim_driver.lua")
SHOP = REPO / "examples" / "shop"
ORDERS = Path("src", "shop", "api", "orders.py")
NEW_DOCSTRING = '    """Charge the card, then record the order and reserve its stock."""'


def nvim_or_skip() -> str:
    nvim = shutil.which("nvim")
    if nvim is None:
        if os.environ.get("CI"):
            pytest.fail("nvim is missing and CI must run the editor tests: apt-get install neovim")
        pytest.skip("nvim is not installed")
    return nvim


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    shop = tmp_path / "shop"
    shutil.copytree(SHOP, shop)
    return shop


@pytest.fixture
def fake_api(tmp_path: Path) -> Iterator[str]:
    """The fake Messages API in its own process, scripted to rewrite one docstring."""
    lines = (SHOP / ORDERS).read_text(encoding="utf-8").splitlines()
    docstring_line = next(i for i, line in enumerate(lines, 1) if "Check stock, charge" in line)
    reply = {
        "type": "tool_use",
        "input": {
            "first_line": docstring_line,
            "last_line": docstring_line,
            "new_text": NEW_DOCSTRING + "\n",
            "rule_ids": [],
            "summary": "Reworded the docstring.",
        },
    }
    with scripted_api(tmp_path, [reply, reply]) as url:
        yield url


@contextmanager
def scripted_api(tmp_path: Path, replies: list[dict[str, object]]) -> Iterator[str]:
    """The fake Messages API in its own process, playing `replies`; yields its base URL."""
    script = tmp_path / "replies.json"
    script.write_text(json.dumps({"replies": replies}), encoding="utf-8")
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.fakeapi", "--port", "0", "--script", str(script)],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        first_line = process.stdout.readline() if process.stdout else ""
        if not first_line.startswith("listening on "):
            _, err = process.communicate(timeout=5)
            pytest.fail(f"the fake Messages API did not start: {first_line!r} {err}")
        yield first_line.removeprefix("listening on ").strip()
    finally:
        process.terminate()
        process.wait(timeout=5)


def run_nvim(tmp_path: Path, params: dict[str, object], env: dict[str, str] | None = None) -> dict:
    nvim = nvim_or_skip()
    out = tmp_path / "result.json"
    params_file = tmp_path / "params.json"
    params_file.write_text(json.dumps({"plugin_dir": str(PLUGIN), **params, "out": str(out)}))
    home = tmp_path / "nvim-home"
    child_env = {
        **os.environ,
        **{f"XDG_{kind}_HOME": str(home / kind.lower()) for kind in XDG_KINDS},
        "STEERING_TEST_PARAMS": str(params_file),
        "PYTHONPATH": str(REPO),
        **(env or {}),
    }
    for name in ("ANTHROPIC_API_KEY", "ANTHROPIC_BASE_URL"):
        if env is None or name not in env:
            child_env.pop(name, None)
    completed = subprocess.run(
        [nvim, "--headless", "--clean", "-i", "NONE", "-c", f"luafile {DRIVER}"],
        env=child_env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=90,
    )
    assert out.exists(), f"nvim wrote no results (exit {completed.returncode}): {completed.stderr}"
    return json.loads(out.read_text(encoding="utf-8"))


def messages(results: dict) -> str:
    return "\n".join(note["message"] for note in results["notifications"])


def test_plugin_explains_a_missing_server_and_keeps_working(
    tmp_path: Path, workspace: Path
) -> None:
    results = run_nvim(
        tmp_path,
        {
            "scenario": "no-server",
            "cmd": ["steering-lsp-not-installed-here"],
            "settings": {},
            "file": str(workspace / ORDERS),
        },
    )
    assert results["errors"] == []
    assert all(results["commands"].values()), results["commands"]
    shown = messages(results)
    assert "cannot run `steering-lsp-not-installed-here`" in shown
    # The server is not on PyPI: the way that works, from this very checkout.
    assert "pip install steering-lsp" not in shown
    assert f"`make install` in {REPO}" in shown
    assert f"{REPO}/.venv/bin/steering-lsp" in shown
    assert f"`pipx install --editable {REPO}`" in shown
    assert results["described"].startswith("no key; set ANTHROPIC_API_KEY"), results["described"]
    assert "no steering server is attached to this buffer" in messages(results)
    assert results["attached"] is False


def test_steering_lsp_off_path_is_found_in_the_plugins_checkout(
    tmp_path: Path, workspace: Path
) -> None:
    # A checkout after `make demo`: the server is in its .venv, which is not on PATH.
    checkout = tmp_path / "steering"
    shutil.copytree(PLUGIN, checkout / "clients" / "neovim")
    (checkout / "pyproject.toml").write_text('[project]\nname = "steering"\n')
    server = checkout / ".venv" / "bin" / "steering-lsp"
    server.parent.mkdir(parents=True)
    server.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m server "$@"\n')
    server.chmod(0o755)
    path = os.pathsep.join(
        d
        for d in os.environ.get("PATH", "").split(os.pathsep)
        if not (Path(d) / "steering-lsp").exists()
    )
    results = run_nvim(
        tmp_path,
        {
            "scenario": "startup",
            "plugin_dir": str(checkout / "clients" / "neovim"),
            "cmd": ["steering-lsp"],
            "file": str(workspace / ORDERS),
        },
        env={"PATH": path, "XDG_CACHE_HOME": str(tmp_path / "cache")},
    )
    assert results["attached"], (results["errors"], messages(results))
    assert results["notifications"] == []


def test_the_no_key_answer_is_said_once_prefixed(tmp_path: Path, workspace: Path) -> None:
    lines = (workspace / ORDERS).read_text(encoding="utf-8").splitlines()
    handler_line = next(i for i, line in enumerate(lines, 1) if line.startswith("def create_order"))
    results = run_nvim(
        tmp_path,
        {
            "scenario": "editing",
            "cmd": [sys.executable, "-m", "server"],
            "settings": {},
            "file": str(workspace / ORDERS),
            "hover_line": handler_line,
            "ask_line": handler_line + 1,
            "instruction": "say in the docstring that the card is charged first",
        },
        env={"XDG_CACHE_HOME": str(tmp_path / "cache")},
    )
    assert results["attached"], results["errors"]
    answer = results["askAnswer"]
    assert answer.startswith("Steering: no model key is configured. Set ANTHROPIC_API_KEY"), answer
    assert "set ANTHROPIC_API_KEY in the environment Neovim starts the server with" in answer
    # Said once: the plugin shows the answer, so the server does not show it as well.
    assert not [m for m in results["serverMessages"] if "no model key" in m], results
    assert results["lineAfterAsk"] == results["lineBeforeAsk"]


def test_the_minimal_set_up_starts_without_a_warning(tmp_path: Path, workspace: Path) -> None:
    results = run_nvim(
        tmp_path,
        {
            "scenario": "startup",
            "cmd": [sys.executable, "-m", "server"],
            "file": str(workspace / ORDERS),
        },
        env={"XDG_CACHE_HOME": str(tmp_path / "cache")},
    )
    assert results["attached"], results["errors"]
    assert results.get("progressEnded"), "indexing never reported its end"
    # An empty section goes out as an object, not as the `[]` of an empty Lua table.
    assert json.loads(results["initOptions"]) == {"steering": {}}
    assert results["serverMessages"] == []
    assert results["notifications"] == []


def test_the_workspace_root_follows_the_cli_rule(tmp_path: Path) -> None:
    """A sub-project with its own .kiro/steering is its own workspace, as `steering` says,
    while a nested AGENTS.md does not split it; the roots agree with the CLI's."""
    from steering_index.index.workspace_root import decide_root

    repo = tmp_path / "repo"
    shop = repo / "examples" / "shop"
    shutil.copytree(SHOP, shop)
    (repo / ".git").mkdir()
    (shop / "src" / "shop" / "api" / "AGENTS.md").write_text("# API\n\nKeep handlers thin.\n")
    file = shop / ORDERS
    results = run_nvim(
        tmp_path,
        {"scenario": "startup", "cmd": [sys.executable, "-m", "server"], "file": str(file)},
        env={"XDG_CACHE_HOME": str(tmp_path / "cache")},
    )
    assert results["attached"], results["errors"]
    assert Path(results["rootDir"]) == shop
    assert decide_root(None, [str(file)]).root == shop


def test_the_plugins_root_markers_are_the_clis(tmp_path: Path) -> None:
    from steering_index.rules.steering_files import root_only_markers
    from steering_index.index.workspace_root import PROJECT_MARKERS, REPOSITORY_MARKERS

    nvim = nvim_or_skip()
    out = tmp_path / "markers.json"
    lua = (
        f"vim.opt.runtimepath:prepend({json.dumps(str(PLUGIN))}); "
        "local steering = require('steering'); steering.setup({ cmd = { 'true' } }); "
        "local markers = vim.fn.json_encode(steering.config().root_markers); "
        f"vim.fn.writefile({{ markers }}, {json.dumps(str(out))})"
    )
    subprocess.run(
        [nvim, "--headless", "--clean", "-i", "NONE", "-c", f"lua {lua}", "-c", "qall!"],
        env={**os.environ, **{f"XDG_{k}_HOME": str(tmp_path / k.lower()) for k in XDG_KINDS}},
        capture_output=True,
        timeout=60,
        check=False,
    )
    groups = json.loads(out.read_text(encoding="utf-8"))
    assert set(groups[0]) == set(REPOSITORY_MARKERS) | set(root_only_markers())
    assert groups[1] == list(PROJECT_MARKERS)


def test_neovim_hover_code_actions_ask_and_rules(
    tmp_path: Path, workspace: Path, fake_api: str
) -> None:
    lines = (workspace / ORDERS).read_text(encoding="utf-8").splitlines()
    handler_line = next(i for i, line in enumerate(lines, 1) if line.startswith("def create_order"))
    results = run_nvim(
        tmp_path,
        {
            "scenario": "editing",
            "cmd": [sys.executable, "-m", "server"],
            "settings": {"steering": {"baseUrl": fake_api, "maxRetries": 0}},
            "file": str(workspace / ORDERS),
            "hover_line": handler_line,
            "ask_line": handler_line + 1,
            "instruction": "say in the docstring that the card is charged first",
        },
        env={"ANTHROPIC_API_KEY": "sk-ant-test-neovim", "XDG_CACHE_HOME": str(tmp_path / "cache")},
    )
    assert results["attached"], results["errors"]
    assert results["errors"] == [], results["errors"]
    advertised = set(results["executeCommands"])
    assert {"steering.ask", "steering.showRules", "steering.showContext"} <= advertised

    assert "Handler shape" in results["hover"]
    assert "AGENTS.md" in results["hover"]

    assert results["codeActions"], "no code actions on the handler"
    for action in results["codeActions"]:
        assert action["kind"].split(".")[0] in {"quickfix", "refactor", "source"}, action

    assert results["lineAfterAsk"] == NEW_DOCSTRING, (results.get("askAnswer"), messages(results))
    assert results["lineBeforeAsk"] != NEW_DOCSTRING
    # The edit is in the buffer, not yet on disk: the user decides when to save.
    assert NEW_DOCSTRING not in (workspace / ORDERS).read_text(encoding="utf-8")

    assert results["rulesBufferName"].startswith("steering://rules/")
    assert "Handler shape" in results["rulesBuffer"]


def test_steering_context_covers_the_whole_method_around_the_cursor(
    tmp_path: Path, workspace: Path
) -> None:
    models = Path("src", "shop", "models.py")
    lines = (workspace / models).read_text(encoding="utf-8").splitlines()
    header = next(i for i, line in enumerate(lines, 1) if "def subtotal" in line)
    # @property, the header and the body: the cursor on the body's line.
    first, last = header - 1, header + 1
    assert lines[first - 1].strip() == "@property" and "return" in lines[last - 1]
    results = run_nvim(
        tmp_path,
        {
            "scenario": "context",
            "cmd": [sys.executable, "-m", "server"],
            "settings": {},
            "file": str(workspace / models),
            "context_line": last,
        },
        env={"XDG_CACHE_HOME": str(tmp_path / "cache")},
    )
    assert results["attached"], results["errors"]
    assert results["errors"] == [], results["errors"]
    (sent,) = results["sentCommands"]
    assert sent["command"] == "steering.showContext"
    target = sent["arguments"][0]["range"]
    assert (target["start"]["line"] + 1, target["end"]["line"] + 1) == (first, last)
    assert results["contextBufferName"].startswith("steering://context/")
    assert f"Request for src/shop/models.py lines {first}-{last}," in results["contextBuffer"]


def test_steering_review_on_a_range_shows_the_findings_as_diagnostics(
    tmp_path: Path, workspace: Path
) -> None:
    lines = (workspace / ORDERS).read_text(encoding="utf-8").splitlines()
    handler = next(i for i, line in enumerate(lines, 1) if line.startswith("def create_order"))
    finding = {
        "first_line": handler + 1,
        "last_line": handler + 1,
        "severity": "medium",
        "message": "the docstring says nothing about refunds",
    }
    replies = [
        {"match": "the rules reviewer", "name": "report_findings", "input": {"findings": [finding]}}
    ]
    with scripted_api(tmp_path, replies) as url:
        results = run_nvim(
            tmp_path,
            {
                "scenario": "review",
                "cmd": [sys.executable, "-m", "server"],
                "settings": {"steering": {"baseUrl": url, "maxRetries": 0, "reviewers": ["rules"]}},
                "file": str(workspace / ORDERS),
                "review_lines": [handler, handler + 2],
            },
            env={"ANTHROPIC_API_KEY": "sk-ant-test-neovim", "XDG_CACHE_HOME": str(tmp_path / "c")},
        )
    assert results["attached"], results["errors"]
    assert results["errors"] == [], results["errors"]
    (sent,) = results["sentCommands"]
    assert sent["command"] == "steering.review"
    target = sent["arguments"][0]["range"]
    assert (target["start"]["line"] + 1, target["end"]["line"] + 1) == (handler, handler + 2)
    assert "Steering: review: 1 finding(s)" in results["reviewAnswer"], messages(results)
    (diagnostic,) = results["reviewDiagnostics"]
    assert diagnostic["lnum"] + 1 == handler + 1
    assert "the docstring says nothing about refunds" in diagnostic["message"]


def test_steering_accept_findings_records_them_and_clears_the_diagnostics(
    tmp_path: Path, workspace: Path
) -> None:
    (workspace / ".git").mkdir()
    results = run_nvim(
        tmp_path,
        {
            "scenario": "accept",
            "cmd": [sys.executable, "-m", "server"],
            "settings": {"steering": {}},
            "file": str(workspace / "src" / "shop" / "pricing.py"),
        },
        env={"XDG_CACHE_HOME": str(tmp_path / "c")},
    )
    assert results["attached"], results["errors"]
    assert results["errors"] == [], results["errors"]
    assert results["commands"]["SteeringAcceptFindings"]
    assert any("computeDiscount" in m for m in results["driftBefore"]), results["driftBefore"]
    (sent,) = results["sentCommands"]
    assert sent["command"] == "steering.acceptFindings"
    assert "workspace" not in sent["arguments"][0]
    assert (
        "Steering: the baseline .steering/baseline.json of shop holds 1 finding"
        in (results["acceptAnswer"])
    ), messages(results)
    assert results["driftAfter"] == []
    recorded = json.loads((workspace / ".steering" / "baseline.json").read_text("utf-8"))
    assert [(e["path"], e["text"]) for e in recorded["findings"]] == [
        ("src/shop/pricing.py", "computeDiscount")
    ]


def test_a_script_without_a_suffix_gets_its_drift_in_neovim(tmp_path: Path) -> None:
    # Neovim types `libexec/tool-drift` as `sh` by its shebang; the server reads it as Bash
    # by the same line, among scripts that have no suffix either (rbenv's layout).
    root = tmp_path / "tool"
    (root / ".git").mkdir(parents=True)
    (root / "libexec").mkdir()
    for n in range(6):
        steps = "".join(f"step{n}_part_{k}() {{\n  echo {k}\n}}\n" for k in range(4))
        (root / "libexec" / f"tool-step{n}").write_text("#!/usr/bin/env bash\n" + steps)
    script = root / "libexec" / "tool-drift"
    script.write_text("#!/usr/bin/env bash\nrunDriftStep() {\n  echo 1\n}\n")
    results = run_nvim(
        tmp_path,
        {
            "scenario": "accept",
            "cmd": [sys.executable, "-m", "server"],
            "settings": {"steering": {}},
            "file": str(script),
        },
        env={"XDG_CACHE_HOME": str(tmp_path / "c")},
    )
    assert results["attached"], results["errors"]
    assert results["errors"] == [], results["errors"]
    assert any("runDriftStep" in m for m in results["driftBefore"]), results["driftBefore"]
    assert results["driftAfter"] == []
    recorded = json.loads((root / ".steering" / "baseline.json").read_text("utf-8"))
    assert [(e["path"], e["text"]) for e in recorded["findings"]] == [
        ("libexec/tool-drift", "runDriftStep")
    ]
