/**
 * The extension in a real VS Code (code-server), as a user meets it: the packaged .vsix
 * installed with `code-server --install-extension`, `steering-lsp` from the virtual
 * environment that is active where code-server starts, a copy of examples/shop as the
 * folder, and model calls answered by the fake Messages API over 127.0.0.1.
 *
 * The steps share one workbench and run in order; each waits for what a user would see.
 * Run through tests/clients/test_vscode_browser.py, which sets the STEERING_* variables.
 */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as net from "node:net";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import {
  descendants,
  env,
  launchChromium,
  startProcess,
  stopProcess,
  TIMEOUT,
  Workbench,
} from "./workbench.mjs";

const SMALL = "claude-haiku-5-5";
const FRONTIER = "claude-opus-5-5";
const API_KEY = "sk-browser-test-key";
const FIXED_DEF = "def compute_discount(cart: Cart) -> Decimal:";

const work = env("STEERING_WORK");
const repo = env("STEERING_REPO");
const codeServer = env("STEERING_CODE_SERVER");
const serverBin = env("STEERING_SERVER_BIN");
const shop = path.join(work, "shop");
const userData = path.join(work, "vscode-user");
const settingsFile = path.join(userData, "User", "settings.json");
// Machine-scoped settings (steering.server.command) come from the server side's settings in
// code-server, as in any remote window: VS Code ignores them in the browser's user settings.
const machineSettingsFile = path.join(userData, "Machine", "settings.json");
let apiUrl;
let fakeApi;
let vscode;
let browser;
let workbench;
/** Set once the first step saw the server run: later steps need it and skip without it. */
let started = false;

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

function writeMachineSettings(settings) {
  fs.mkdirSync(path.dirname(machineSettingsFile), { recursive: true });
  fs.writeFileSync(machineSettingsFile, JSON.stringify(settings, null, 2));
}

function pricingLine(prefix) {
  const lines = fs.readFileSync(path.join(shop, "src", "shop", "pricing.py"), "utf8").split("\n");
  return lines.findIndex((line) => line.startsWith(prefix)) + 1;
}

function writeSettings(extra = {}) {
  fs.mkdirSync(path.dirname(settingsFile), { recursive: true });
  const settings = {
    "workbench.startupEditor": "none",
    "security.workspace.trust.enabled": false,
    "telemetry.telemetryLevel": "off",
    "update.mode": "none",
    "extensions.autoCheckUpdates": false,
    "extensions.autoUpdate": false,
    "workbench.enableExperiments": false,
    "workbench.tips.enabled": false,
    "chat.disableAIFeatures": true,
    "workbench.secondarySideBar.defaultVisibility": "hidden",
    "git.enabled": false,
    "editor.minimap.enabled": false,
    "steering.baseUrl": apiUrl,
    "steering.maxRetries": 0,
    ...extra,
  };
  fs.writeFileSync(settingsFile, JSON.stringify(settings, null, 2));
}

/** What code-server and the server it starts get: the venv active, nothing reaching out. */
function editorEnvironment() {
  const base = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith("ANTHROPIC_")));
  return {
    ...base,
    // As after `source .venv/bin/activate` in the terminal that starts the editor.
    VIRTUAL_ENV: path.dirname(serverBin),
    PATH: `${serverBin}${path.delimiter}${process.env.PATH}`,
    STEERING_CACHE_DIR: path.join(work, "steering-cache"),
    XDG_CONFIG_HOME: path.join(work, "config"),
    XDG_DATA_HOME: path.join(work, "data"),
  };
}

async function fakeApiCall(method, route, body) {
  const response = await fetch(`${apiUrl}${route}`, {
    method,
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  assert.equal(response.status, 200, `${method} ${route}`);
  return response.json();
}

/** The steering-lsp processes code-server started. */
function serverProcesses() {
  return descendants(vscode.child.pid).filter((row) => row.args.includes("steering-lsp"));
}

before(async () => {
  fs.cpSync(path.join(repo, "examples", "shop"), shop, { recursive: true });
  fs.mkdirSync(path.join(shop, ".git")); // its own workspace root, as a real checkout is
  fakeApi = await startProcess(
    env("STEERING_PYTHON"),
    ["-m", "tests.fakeapi", "--port", "0"],
    { cwd: repo, env: { ...process.env, PYTHONPATH: repo } },
    /listening on (http:\/\/127\.0\.0\.1:\d+)/,
    "the fake Messages API",
  );
  apiUrl = fakeApi.match[1];
  writeSettings();
  const extensions = path.join(work, "vscode-extensions");
  await startProcess(
    codeServer,
    ["--install-extension", env("STEERING_VSIX"), "--extensions-dir", extensions, "--user-data-dir", userData],
    { env: editorEnvironment() },
    /successfully installed/,
    "installing the .vsix",
  );
  const port = await freePort();
  vscode = await startProcess(
    codeServer,
    [
      "--bind-addr", `127.0.0.1:${port}`,
      "--auth", "none",
      "--extensions-dir", extensions,
      "--user-data-dir", userData,
      "--disable-telemetry",
      "--disable-update-check",
      "--disable-workspace-trust",
      shop,
    ],
    { env: editorEnvironment(), detached: true },
    /HTTP server listening on/,
    "code-server",
  );
  browser = await launchChromium(env("STEERING_CHROMIUM"), path.join(work, "chromium-profile"));
  const page = await browser.newPage();
  // Every label the Steering status item shows, from the first paint on.
  await page.evaluateOnNewDocument(() => {
    window.steeringLabels = [];
    new MutationObserver(() => {
      for (const node of document.querySelectorAll(".part.statusbar [aria-label]")) {
        const label = node.getAttribute("aria-label");
        if (/^Steering /.test(label) && window.steeringLabels.at(-1) !== label) {
          window.steeringLabels.push(label);
        }
      }
    }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ["aria-label"] });
  });
  workbench = new Workbench(page, env("STEERING_SCREENSHOTS"), path.join(work, "failures"));
  await workbench.open(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(shop)}`);
});

after(async () => {
  await browser?.close();
  if (vscode !== undefined) {
    // code-server and everything it started (extension host, steering-lsp) share a group.
    try {
      process.kill(-vscode.child.pid, "SIGTERM");
    } catch {
      // already gone
    }
  }
  await stopProcess(fakeApi?.child);
});

describe("Steering in VS Code", { timeout: 20 * TIMEOUT }, () => {
  it("starts the server found in the active virtual environment: the status bar reaches running", async (t) => {
    const first = await workbench.waitForStatus(/^Steering (running|failed)/, "the status bar saying the server runs");
    const shown = (await workbench.notifications()).join("\n");
    assert.match(first, /^Steering running/, `the extension could not start the server:\n${shown}`);
    const labels = await workbench.page.evaluate(() => window.steeringLabels);
    t.diagnostic(`status bar labels: ${JSON.stringify(labels)}`);
    assert.ok(!labels.some((label) => /^Steering failed/.test(label)), labels.join("\n"));
    // Indexing progress shows while the index is built.
    await workbench.until(
      () => window.steeringLabels.some((label) => /^Steering running\. Steering: Indexing shop/.test(label)),
      undefined,
      "indexing progress in the status bar",
    );
    started = true;
    assert.equal(serverProcesses().length, 1);
  });

  it("hover on a handler in orders.py shows the rule from src/shop/api/AGENTS.md and why", async (t) => {
    if (!started) {
      return t.skip("the server never ran (see the first step)");
    }
    await workbench.openFile("src/shop/api/orders.py");
    const hover = await workbench.hoverWord("create_order_handler", "src/shop/api/AGENTS.md");
    assert.match(hover, /Handler shape/);
    assert.match(hover, /applies|nearest AGENTS\.md/i);
    await workbench.shot("hover");
    await workbench.page.keyboard.press("Escape");
  });

  it("shows the planted drift in the Problems panel and offers its fixes in the light-bulb menu", async (t) => {
    if (!started) {
      return t.skip("the server never ran (see the first step)");
    }
    await workbench.openFile("src/shop/pricing.py");
    await workbench.press("Control", "Shift", "M");
    await workbench.until(
      () => {
        const panel = document.querySelector(".markers-panel");
        return panel !== null && panel.innerText.includes("computeDiscount") && panel.innerText.includes("snake_case");
      },
      undefined,
      "the computeDiscount drift in the Problems panel",
    );
    await workbench.shot("problems");
    await workbench.press("Control", "j"); // the panel closes, the editor gets the room
    await workbench.goToLine(pricingLine("def computeDiscount"));
    await workbench.clickWord("computeDiscount");
    const titles = await workbench.codeActionMenu("Show the context that would be sent");
    const joined = titles.join("\n");
    assert.ok(joined.includes("Accept here: add `steering: ignore[naming.python.function]`"), joined);
    assert.ok(joined.includes(`Fix with ${SMALL}`), joined);
    assert.ok(joined.includes(`Fix with ${FRONTIER}`), joined);
    await workbench.shot("code-actions");
    assert.match(joined, /Show the context that would be sent/);
  });

  it('"Show the context that would be sent" opens the request', async (t) => {
    if (!started) {
      return t.skip("the server never ran (see the first step)");
    }
    await workbench.pickCodeAction("Show the context that would be sent");
    const text = await workbench.waitForEditorText(
      "(text) => text.includes('Request for src/shop/pricing.py') && text.includes('Why each item is in it')",
      "the context preview",
    );
    assert.match(text, new RegExp(`model ${SMALL}`));
    await workbench.shot("context");
  });

  it('"Steering: Set API key" stores the key and restarts the server with it', async (t) => {
    if (!started) {
      return t.skip("the server never ran (see the first step)");
    }
    const before = serverProcesses().map((row) => row.pid);
    await workbench.runCommand("Steering: Set API key");
    await workbench.answerInputBox("Steering: Anthropic API key", API_KEY);
    await workbench.waitForNotification(/API key saved; the server was restarted/, "the key-saved message");
    await workbench.waitForStatus(/^Steering running/, "the server running again");
    const after = serverProcesses().map((row) => row.pid);
    assert.equal(after.length, 1);
    assert.notDeepEqual(after, before);
  });

  it("a model fix against the fake Messages API is applied to the document and undone with Ctrl+Z", async (t) => {
    if (!started) {
      return t.skip("the server never ran (see the first step)");
    }
    await workbench.openFile("src/shop/pricing.py");
    const defLine = pricingLine("def computeDiscount");
    // The first answer renames the definition only, leaving its caller (line 39, which the
    // model was not shown) on a name that no longer exists: the repair turn quotes that
    // line, and the second answer updates it through `edits`.
    const renameOnly = {
      plan: "Rename the function.",
      first_line: defLine,
      last_line: defLine,
      new_text: `${FIXED_DEF}\n`,
      rule_ids: [],
      summary: "Renamed to the project's snake_case.",
    };
    const caller = "    net = cart_subtotal(cart) - computeDiscount(cart)\n";
    const withCaller = {
      ...renameOnly,
      plan: "Rename the function and its caller on line 39.",
      edits: [{ old_text: caller, new_text: caller.replace("computeDiscount", "compute_discount") }],
    };
    await fakeApiCall("POST", "/_fake/script", {
      replies: [
        { type: "tool_use", input: renameOnly },
        { type: "tool_use", input: withCaller },
      ],
    });
    await workbench.goToLine(defLine);
    await workbench.clickWord("computeDiscount");
    await workbench.codeActionMenu(`Fix with ${SMALL}`);
    await workbench.pickCodeAction(`Fix with ${SMALL}`);
    await workbench.waitForEditorText(
      `(text) => text.includes(${JSON.stringify(FIXED_DEF)}) && !text.includes("def computeDiscount")`,
      "the model's fix in the editor",
    );
    const [request] = (await fakeApiCall("GET", "/_fake/requests")).filter((r) => r.path.startsWith("/v1/messages"));
    assert.equal(request.headers.authorization, `Bearer ${API_KEY}`);
    assert.equal(request.body.model, SMALL);
    // The bill in the status bar: tokens and cost of the session.
    const label = await workbench.waitForStatus(/tokens in.*\$\d/s, "the session's tokens and cost");
    assert.match(label, new RegExp(`Last call: ${SMALL}`));
    const statusBar = await workbench.page.$(".part.statusbar");
    const box = await statusBar.boundingBox();
    await workbench.shot("status-bar", { x: box.x + box.width - 640, y: box.y - 4, width: 640, height: box.height + 4 });

    await workbench.clickWord("compute_discount");
    await workbench.press("Control", "z");
    await workbench.waitForEditorText(
      `(text) => text.includes("def computeDiscount(cart: Cart) -> Decimal:") && !text.includes(${JSON.stringify(FIXED_DEF)})`,
      "the original line back after Ctrl+Z",
    );
  });

  it('"Accept this file\'s drift findings" records them in the baseline and clears the Problems panel', async (t) => {
    if (!started) {
      return t.skip("the server never ran (see the first step)");
    }
    await workbench.openFile("src/shop/pricing.py");
    await workbench.clearNotifications();
    await workbench.runCommand("Steering: Accept this file's drift findings (record them in the baseline)");
    await workbench.waitForNotification(
      /the baseline \.steering\/baseline\.json of \S+ holds 1 finding now \(src\/shop\/pricing\.py recorded\)/,
      "the baseline written",
    );
    await workbench.press("Control", "Shift", "M");
    await workbench.until(
      () => {
        const panel = document.querySelector(".markers-panel");
        return panel !== null && !panel.innerText.includes("computeDiscount");
      },
      undefined,
      "the computeDiscount drift gone from the Problems panel",
    );
    await workbench.press("Control", "j");
  });

  it('"Steering: Restart server" starts a new server', async (t) => {
    if (!started) {
      return t.skip("the server never ran (see the first step)");
    }
    const before = serverProcesses().map((row) => row.pid);
    await workbench.runCommand("Steering: Restart server");
    await waitForNewServer(before);
    await workbench.waitForStatus(/^Steering running/, "the server running after the restart");
  });

  it("a server that crashes is reported, and the notification's Restart brings it back", async (t) => {
    if (!started) {
      return t.skip("the server never ran (see the first step)");
    }
    const [crashing] = serverProcesses();
    process.kill(crashing.pid, "SIGKILL");
    await workbench.waitForNotification(/server stopped unexpectedly \(it was killed by SIGKILL\)/, "the crash report");
    await workbench.waitForStatus(/^Steering failed/, "the status bar saying the server is not running");
    await workbench.shot("crash");
    await workbench.clickNotificationButton(/server stopped unexpectedly/, "Restart server");
    await waitForNewServer([crashing.pid]);
    await workbench.waitForStatus(/^Steering running/, "the server running after the crash");
  });

  it("a server command that cannot start is named in an error, with what failed", async (t) => {
    if (!started) {
      return t.skip("the server never ran (see the first step)");
    }
    await workbench.clearNotifications();
    writeMachineSettings({ "steering.server.command": ["/nonexistent/steering-lsp", "--log-level", "INFO"] });
    const shown = await workbench.waitForNotification(/language server did not start/, "the start failure");
    assert.match(shown, /steering\.server\.command/);
    assert.match(shown, /\/nonexistent\/steering-lsp --log-level INFO/);
    assert.match(shown, /could not be run: spawn \/nonexistent\/steering-lsp ENOENT/);
    await workbench.waitForStatus(/^Steering failed/, "the status bar saying the server is not running");
    await workbench.shot("start-failure");

    writeMachineSettings({});
    await workbench.waitForStatus(/^Steering running/, "the server running once the setting is removed");
  });
});

async function waitForNewServer(previous) {
  const deadline = Date.now() + TIMEOUT;
  while (Date.now() < deadline) {
    const current = serverProcesses().map((row) => row.pid);
    if (current.length === 1 && !previous.includes(current[0])) {
      return current[0];
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`no new steering-lsp process within ${TIMEOUT / 1000}s (had ${previous})`);
}
