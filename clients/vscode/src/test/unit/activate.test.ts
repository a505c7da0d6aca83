import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";
import { API_KEY_SECRET, SteeringExtension } from "../../controller";
import { cursorAt, FakeEditor, FakeServers } from "../helpers/fakeEditor";

const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "..", "package.json"), "utf8"));
const SERVER_ON_PATH = "/opt/devhome/.local/bin/steering-lsp";

function setUp(options: { executables?: string[]; env?: NodeJS.ProcessEnv } = {}) {
  const editor = new FakeEditor();
  const servers = new FakeServers();
  const context = editor.context();
  const executables = options.executables ?? [SERVER_ON_PATH];
  const extension = new SteeringExtension(
    {
      vscode: editor.api(),
      createConnection: servers.factory(),
      processEnv: options.env ?? { PATH: "/usr/bin:/opt/devhome/.local/bin" },
      platform: "linux",
      isExecutableFile: (file) => executables.includes(file),
    },
    context,
  );
  return { editor, servers, context, extension };
}

describe("activate and deactivate", () => {
  it("starts steering-lsp from PATH and registers every command the manifest declares", async () => {
    const { editor, servers, extension, context } = setUp();
    await extension.activate();

    assert.equal(servers.started.length, 1);
    assert.deepEqual(servers.last.launch, { command: SERVER_ON_PATH, args: [], source: "path" });
    const declared = manifest.contributes.commands.map((command: { command: string }) => command.command);
    assert.deepEqual([...editor.commands.keys()].sort(), [...declared].sort());
    assert.ok(editor.statusItem.visible);
    assert.equal(editor.statusItem.text, "$(checklist) Steering");
    assert.equal(editor.shown.length, 0);

    await extension.deactivate();
    assert.ok(servers.last.stopped);
    assert.equal(editor.statusItem.text, "$(circle-slash) Steering");
    for (const disposable of context.subscriptions) {
      disposable.dispose();
    }
    assert.equal(editor.commands.size, 0);
  });

  it("says how to install the server when it cannot be found, and keeps the editor usable", async () => {
    const { editor, servers, extension } = setUp({ executables: [] });
    await extension.activate();

    assert.equal(servers.started.length, 0);
    assert.equal(editor.shown[0].level, "error");
    assert.match(editor.shown[0].text, /`steering-lsp` on PATH: not in any folder of PATH \(\/usr\/bin:/);
    assert.match(editor.shown[0].text, /pipx install --editable \./);
    assert.equal(editor.statusItem.text, "$(error) Steering");

    editor.activeEditor = { document: { uri: { toString: () => "file:///w/a.py" }, lines: ["x = 1"] }, selection: cursorAt(0, 0) };
    await editor.run("steering.showRulesForFile");
    assert.match(editor.shown[1].text, /server is not running/);
  });

  it("reports a server that fails to start instead of throwing, naming each command tried", async () => {
    const { editor, servers, extension } = setUp();
    servers.startError = new Error("exited with code 1: ModuleNotFoundError: No module named 'pygls'");
    await extension.activate();

    assert.equal(editor.shown.length, 1);
    assert.equal(editor.shown[0].level, "error");
    assert.match(editor.shown[0].text, /did not start/);
    assert.match(
      editor.shown[0].text,
      /\(1\) `steering-lsp` on PATH: `\/opt\/devhome\/\.local\/bin\/steering-lsp` exited with code 1: ModuleNotFoundError/,
    );
    assert.match(editor.shown[0].text, /\(5\) the selected Python interpreter: no interpreter is selected/);
    assert.equal(editor.statusItem.text, "$(error) Steering");
    assert.match(editor.statusItem.label ?? "", /Steering failed/);
    assert.ok(editor.logLines.some((line) => line.startsWith("error") && line.includes("No module named 'pygls'")));
  });

  it("falls back to the selected Python interpreter when steering-lsp on PATH does not start", async () => {
    const { editor, servers, extension } = setUp({ executables: [SERVER_ON_PATH, "/srv/venv/bin/python"] });
    editor.userSettings.set("python.defaultInterpreterPath", "/srv/venv/bin/python");
    servers.startErrors.push(new Error("exited with code 127: bad interpreter"));
    await extension.activate();

    assert.deepEqual(
      servers.started.map((server) => server.launch.command),
      [SERVER_ON_PATH, "/srv/venv/bin/python"],
    );
    assert.deepEqual(servers.last.launch.args, ["-m", "server"]);
    assert.equal(editor.shown.length, 0);
    assert.equal(editor.statusItem.text, "$(checklist) Steering");
  });

  it("reports a server that stops by itself, and offers a restart", async () => {
    const { editor, servers, extension } = setUp();
    await extension.activate();
    editor.messageChoices.push("Restart server");

    servers.last.hooks.onExit("was killed by SIGKILL");
    await new Promise((resolve) => setImmediate(resolve));

    assert.equal(editor.shown[0].level, "error");
    assert.match(editor.shown[0].text, /stopped unexpectedly \(it was killed by SIGKILL\)/);
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(servers.started.length, 2);
    assert.equal(editor.statusItem.text, "$(checklist) Steering");
  });

  it("shows the log from the status bar even when no server ever started", async () => {
    const { editor, extension } = setUp({ executables: [] });
    await extension.activate();
    await editor.run("steering.showLog");
    assert.equal(editor.logShown, 1);
  });

  it("gives up a start that a restart overtook, leaving one server running", async () => {
    const { servers, extension } = setUp();
    servers.holdStarts = true;
    const activating = extension.activate();
    await new Promise((resolve) => setImmediate(resolve));
    const restarting = extension.restartServer();
    await new Promise((resolve) => setImmediate(resolve));
    servers.releaseStarts();
    await Promise.all([activating, restarting]);

    assert.equal(servers.started.length, 2);
    assert.ok(servers.started[0].stopped);
    assert.ok(!servers.started[1].stopped);
  });

  it("uses the configured command and sends only the settings the user changed", async () => {
    const { editor, servers, extension } = setUp();
    editor.userSettings.set("steering.server.command", ["/opt/venv/bin/python", "-m", "server"]);
    editor.userSettings.set("steering.models.frontier", "claude-opus-4-1");
    editor.userSettings.set("steering.tokenBudget", 3000);
    await extension.activate();

    assert.deepEqual(servers.last.launch.args, ["-m", "server"]);
    assert.deepEqual(servers.last.hooks.settings(), {
      steering: { models: { frontier: "claude-opus-4-1" }, tokenBudget: 3000 },
    });
  });
});

describe("API key", () => {
  it("stores the key in secret storage and restarts the server with it in the environment", async () => {
    const { editor, servers, extension } = setUp();
    await extension.activate();
    assert.equal(servers.last.env.ANTHROPIC_API_KEY, undefined);

    editor.inputAnswers.push("sk-ant-test-key");
    await editor.run("steering.setApiKey");

    assert.equal(editor.inputPrompts[0].password, true);
    assert.equal(editor.secrets.get(API_KEY_SECRET), "sk-ant-test-key");
    assert.equal(servers.started.length, 2);
    assert.ok(servers.started[0].stopped);
    assert.equal(servers.last.env.ANTHROPIC_API_KEY, "sk-ant-test-key");
    assert.ok(!JSON.stringify(servers.last.hooks.settings()).includes("sk-ant"));
  });

  it("removes the key when the input is left empty", async () => {
    const { editor, servers, extension } = setUp();
    editor.secrets.set(API_KEY_SECRET, "old-key");
    await extension.activate();
    assert.equal(servers.last.env.ANTHROPIC_API_KEY, "old-key");

    editor.inputAnswers.push("");
    await editor.run("steering.setApiKey");
    assert.equal(editor.secrets.has(API_KEY_SECRET), false);
    assert.equal(servers.last.env.ANTHROPIC_API_KEY, undefined);
  });
});

describe("commands", () => {
  const document = {
    uri: { toString: () => "file:///shop/src/shop/api/orders.py" },
    lines: ["import uuid", "", "def create_order_handler(request):"],
  };

  it("asks the small model on the current line when nothing is selected", async () => {
    const { editor, servers, extension } = setUp();
    await extension.activate();
    servers.answers.set("steering.ask", { status: "applied", message: "Added a docstring.", model: "claude-haiku-5-5" });
    editor.activeEditor = { document, selection: cursorAt(2, 6) };
    editor.inputAnswers.push("add a docstring");

    await editor.run("steering.askSmall");

    assert.deepEqual(servers.last.executed, [
      {
        command: "steering.ask",
        argument: {
          uri: "file:///shop/src/shop/api/orders.py",
          range: { start: { line: 2, character: 0 }, end: { line: 2, character: 34 } },
          instruction: "add a docstring",
          tier: "small",
        },
      },
    ]);
    assert.deepEqual(editor.shown, [{ level: "info", text: "Steering: Added a docstring. (claude-haiku-5-5)" }]);
  });

  it("sends nothing when the instruction box is dismissed", async () => {
    const { editor, servers, extension } = setUp();
    await extension.activate();
    editor.activeEditor = { document, selection: cursorAt(0, 0) };
    editor.inputAnswers.push(undefined);
    await editor.run("steering.askFrontier");
    assert.deepEqual(servers.last.executed, []);
  });

  it("opens the rules for the file as a markdown document", async () => {
    const { editor, servers, extension } = setUp();
    await extension.activate();
    servers.answers.set("steering.showRules", { markdown: "## Handler shape\n...", rules: [] });
    editor.activeEditor = { document, selection: cursorAt(0, 0) };

    await editor.run("steering.showRulesForFile");

    assert.deepEqual(servers.last.executed[0].argument, { uri: "file:///shop/src/shop/api/orders.py" });
    assert.deepEqual(editor.openedDocuments, [{ language: "markdown", content: "## Handler shape\n..." }]);
  });

  it("passes the optional task to show context", async () => {
    const { editor, servers, extension } = setUp();
    await extension.activate();
    servers.answers.set("steering.showContext", { markdown: "# Context", request: {}, tokens: 812 });
    editor.activeEditor = { document, selection: cursorAt(2, 0) };
    editor.inputAnswers.push("validate the cart");

    await editor.run("steering.showContextForSelection");

    assert.equal((servers.last.executed[0].argument as { instruction?: string }).instruction, "validate the cart");
    assert.equal(editor.openedDocuments[0].content, "# Context");
  });

  it("reviews the selection, or the whole file with nothing selected, and reports the answer", async () => {
    const { editor, servers, extension } = setUp();
    await extension.activate();
    servers.answers.set("steering.review", { status: "reviewed", message: "2 finding(s)", findings: 2 });
    const selected = { start: { line: 0, character: 0 }, end: { line: 2, character: 5 }, active: { line: 2, character: 5 } };
    editor.activeEditor = { document, selection: selected };
    await editor.run("steering.reviewWithSmallModels");
    editor.activeEditor = { document, selection: cursorAt(1, 0) };
    await editor.run("steering.reviewWithSmallModels");

    assert.deepEqual(
      servers.last.executed.map((e) => e.argument),
      [
        { uri: "file:///shop/src/shop/api/orders.py", range: { start: selected.start, end: selected.end } },
        { uri: "file:///shop/src/shop/api/orders.py" },
      ],
    );
    assert.deepEqual(editor.shown[0], {
      level: "info",
      text: "Steering: review: 2 finding(s) See the Problems panel.",
    });
  });

  it("records the file's or the workspace's drift findings in the baseline and reports the answer", async () => {
    const { editor, servers, extension } = setUp();
    await extension.activate();
    const message = "the baseline .steering/baseline.json of shop holds 1 finding now";
    servers.answers.set("steering.acceptFindings", { status: "recorded", message, findings: 1 });
    editor.activeEditor = { document, selection: cursorAt(1, 0) };
    await editor.run("steering.acceptFileFindings");
    await editor.run("steering.acceptWorkspaceFindings");
    servers.answers.set("steering.acceptFindings", { status: "error", message: "x is still being indexed" });
    await editor.run("steering.acceptFileFindings");

    assert.deepEqual(
      servers.last.executed.map((e) => [e.command, e.argument]),
      [
        ["steering.acceptFindings", { uri: "file:///shop/src/shop/api/orders.py" }],
        ["steering.acceptFindings", { uri: "file:///shop/src/shop/api/orders.py", workspace: true }],
        ["steering.acceptFindings", { uri: "file:///shop/src/shop/api/orders.py" }],
      ],
    );
    assert.deepEqual(editor.shown, [
      { level: "info", text: `Steering: ${message}` },
      { level: "info", text: `Steering: ${message}` },
      { level: "error", text: "Steering: x is still being indexed" },
    ]);
  });

  it("opens the markdown of a server command run from a code action", async () => {
    const { editor, servers, extension } = setUp();
    await extension.activate();
    await servers.last.hooks.onMarkdown({ markdown: "# The request", request: {}, tokens: 640 });
    await servers.last.hooks.onMarkdown({ status: "applied", message: "done" });
    assert.deepEqual(editor.openedDocuments, [{ language: "markdown", content: "# The request" }]);
  });
});

describe("status bar and settings changes", () => {
  it("shows indexing progress, then the session's usage", async () => {
    const { editor, servers, extension } = setUp();
    await extension.activate();
    const { hooks } = servers.last;

    hooks.onProgress("index-1", { kind: "begin", title: "Indexing shop", percentage: 10 });
    assert.equal(editor.statusItem.text, "$(sync~spin) Indexing shop 10%");
    hooks.onProgress("index-1", { kind: "end" });
    hooks.onUsage({ sessionInputTokens: 2400, sessionOutputTokens: 100, sessionCostUsd: 0.0031 });
    assert.equal(editor.statusItem.text, "$(checklist) Steering 2.5k tok $0.0031");
  });

  it("forwards setting changes to the running server and restarts for a new command", async () => {
    const { editor, servers, extension } = setUp();
    await extension.activate();

    editor.changeSettings("steering.tokenBudget");
    assert.equal(servers.last.configurationChanges, 1);
    assert.equal(servers.started.length, 1);

    editor.changeSettings("steering.server.command");
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(servers.started.length, 2);
  });
});
