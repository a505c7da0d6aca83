/**
 * End to end: the library the extension's client is built on starts the real Python
 * server over stdio, the way the extension does when the selected interpreter is the
 * repository's virtualenv, and drives hover, code actions and the steering commands on a
 * copy of examples/shop.
 */
import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { pathToFileURL } from "node:url";
import {
  ApplyWorkspaceEditRequest,
  type ClientCapabilities,
  CodeActionRequest,
  ConfigurationRequest,
  createProtocolConnection,
  ExecuteCommandRequest,
  ExitNotification,
  HoverRequest,
  InitializedNotification,
  InitializeRequest,
  type InitializeParams,
  type InitializeResult,
  type ProtocolConnection,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
} from "vscode-languageserver-protocol/node";
import { SERVER_COMMANDS } from "../../actions";
import { resolveServerCommand } from "../../serverCommand";
import { initializationOptions } from "../../settings";

const REPO = path.resolve(__dirname, "..", "..", "..", "..", "..");
const PYTHON = process.env.STEERING_PYTHON ?? path.join(REPO, ".venv", "bin", "python");
const ORDERS = path.join("src", "shop", "api", "orders.py");
const TOKEN_BUDGET = 4000;
const userSettings: Record<string, unknown> = { tokenBudget: TOKEN_BUDGET, diagnosticSeverity: "warning" };
const settings = initializationOptions((key) => userSettings[key]);

interface Session {
  process: ChildProcess;
  connection: ProtocolConnection;
  initialized: InitializeResult;
  workspace: string;
  stderr: string[];
  appliedEdits: unknown[];
}

async function startSession(): Promise<Session> {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "steering-vscode-e2e-"));
  const workspace = path.join(scratch, "shop");
  fs.cpSync(path.join(REPO, "examples", "shop"), workspace, { recursive: true });
  // No steering-lsp on PATH: the extension falls back to the selected interpreter.
  const resolution = resolveServerCommand({
    configured: [],
    pathVariable: "",
    platform: process.platform,
    pythonInterpreter: PYTHON,
    isExecutableFile: (file) => fs.existsSync(file),
  });
  assert.ok(resolution.ok, `no Python at ${PYTHON}; set STEERING_PYTHON`);
  const env: NodeJS.ProcessEnv = { ...process.env, PYTHONPATH: REPO, XDG_CACHE_HOME: path.join(scratch, "cache") };
  delete env.ANTHROPIC_API_KEY;
  delete env.ANTHROPIC_BASE_URL;
  const child = spawn(resolution.launch.command, resolution.launch.args, { cwd: REPO, env, stdio: "pipe" });
  const stderr: string[] = [];
  child.stderr?.on("data", (chunk: Buffer) => stderr.push(chunk.toString()));
  const connection = createProtocolConnection(
    new StreamMessageReader(child.stdout!),
    new StreamMessageWriter(child.stdin!),
  );
  const appliedEdits: unknown[] = [];
  answerServerRequests(connection, appliedEdits);
  connection.listen();
  const rootUri = pathToFileURL(workspace).toString();
  const params: InitializeParams = {
    processId: process.pid,
    clientInfo: { name: "Visual Studio Code", version: "1.91.0" },
    rootUri,
    workspaceFolders: [{ uri: rootUri, name: "shop" }],
    capabilities: CLIENT_CAPABILITIES,
    initializationOptions: settings,
  };
  // A server that dies during start-up must fail the test, not leave it waiting.
  const died = new Promise<never>((_, reject) =>
    child.once("exit", (code) =>
      reject(new Error(`the server exited (code ${code}) during start-up:\n${stderr.join("").slice(-3000)}`)),
    ),
  );
  const initialized = await Promise.race([connection.sendRequest(InitializeRequest.type, params), died]);
  await connection.sendNotification(InitializedNotification.type, {});
  return { process: child, connection, initialized, workspace, stderr, appliedEdits };
}

/** Requests a server may send that a client like VS Code accepts without doing more. */
const ACCEPTED_REQUESTS = [
  "window/workDoneProgress/create",
  "client/registerCapability",
  "client/unregisterCapability",
  "window/showMessageRequest",
  "window/showDocument",
  "workspace/diagnostic/refresh",
  "workspace/codeLens/refresh",
  "workspace/inlayHint/refresh",
  "workspace/semanticTokens/refresh",
];

function answerServerRequests(connection: ProtocolConnection, appliedEdits: unknown[]): void {
  connection.onRequest(ConfigurationRequest.type, (params) => params.items.map(() => settings.steering));
  connection.onRequest(ApplyWorkspaceEditRequest.type, (params) => {
    appliedEdits.push(params);
    return { applied: false, failureReason: "the e2e test applies nothing" };
  });
  for (const method of ACCEPTED_REQUESTS) {
    connection.onRequest(method, () => null);
  }
}

async function stopSession(session: Session): Promise<void> {
  const alreadyExited = session.process.exitCode !== null || session.process.signalCode !== null;
  const exited = alreadyExited
    ? Promise.resolve()
    : new Promise<void>((resolve) => session.process.once("exit", () => resolve()));
  // Armed first, so that a server that neither answers nor exits cannot hang the suite.
  const timer = setTimeout(() => session.process.kill("SIGKILL"), 10_000);
  try {
    // A server that dies instead of answering must not leave the shutdown request pending.
    await Promise.race([session.connection.sendRequest(ShutdownRequest.type), exited]);
    await session.connection.sendNotification(ExitNotification.type);
  } catch {
    // A server that already died needs no shutdown; the kill above makes sure.
  }
  await exited;
  clearTimeout(timer);
  assert.equal(session.process.signalCode, null, "the server had to be killed: it did not exit on shutdown/exit");
  session.connection.dispose();
  fs.rmSync(path.dirname(session.workspace), { recursive: true, force: true });
}

const CLIENT_CAPABILITIES: ClientCapabilities = {
  general: { positionEncodings: ["utf-16"] },
  window: { workDoneProgress: true, showMessage: {}, showDocument: { support: true } },
  workspace: {
    applyEdit: true,
    configuration: true,
    workspaceFolders: true,
    workspaceEdit: { documentChanges: true },
    didChangeConfiguration: { dynamicRegistration: true },
    didChangeWatchedFiles: { dynamicRegistration: true },
    executeCommand: {},
  },
  textDocument: {
    synchronization: { didSave: true, dynamicRegistration: true },
    hover: { contentFormat: ["markdown", "plaintext"] },
    publishDiagnostics: { relatedInformation: true },
    diagnostic: { dynamicRegistration: true, relatedDocumentSupport: false },
    codeAction: {
      codeActionLiteralSupport: {
        codeActionKind: { valueSet: ["", "quickfix", "refactor", "refactor.rewrite", "source"] },
      },
      dataSupport: true,
      resolveSupport: { properties: ["edit"] },
    },
  },
};

interface Rule {
  id: string;
  title: string;
  source: string;
  lines: number[];
  applies: boolean;
  reason: string;
}

describe("the real server driven over stdio", { timeout: 60_000 }, () => {
  let session: Session;
  let uri: string;
  let lines: string[];
  let handlerLine: number;

  before(async () => {
    session = await startSession();
    const file = path.join(session.workspace, ORDERS);
    const text = fs.readFileSync(file, "utf8");
    uri = pathToFileURL(file).toString();
    lines = text.split("\n");
    handlerLine = lines.findIndex((line) => line.startsWith("def create_order_handler"));
    await session.connection.sendNotification("textDocument/didOpen", {
      textDocument: { uri, languageId: "python", version: 1, text },
    });
  });

  after(async () => {
    if (session !== undefined) {
      await stopSession(session);
    }
  });

  function handlerRange() {
    const end = lines.findIndex((line, index) => index > handlerLine && line.startsWith("    return "));
    return { start: { line: handlerLine, character: 0 }, end: { line: end, character: lines[end].length } };
  }

  function failureContext(): string {
    return `\nserver stderr:\n${session.stderr.join("").slice(-3000)}`;
  }

  it("advertises hover, code actions and the steering commands", () => {
    const capabilities = session.initialized.capabilities;
    assert.ok(capabilities.hoverProvider, failureContext());
    assert.ok(capabilities.codeActionProvider);
    const commands = capabilities.executeCommandProvider?.commands ?? [];
    for (const command of Object.values(SERVER_COMMANDS)) {
      assert.ok(commands.includes(command), `${command} missing from ${JSON.stringify(commands)}`);
    }
  });

  it("hovers with the API handler rule from src/shop/api/AGENTS.md", async () => {
    const hover = await session.connection.sendRequest(HoverRequest.type, {
      textDocument: { uri },
      position: { line: handlerLine, character: "def ".length + 3 },
    });
    assert.ok(hover !== null, `no hover on create_order_handler${failureContext()}`);
    const contents = hover.contents as { kind: string; value: string };
    assert.equal(contents.kind, "markdown");
    assert.match(contents.value, /Handler shape/);
    assert.match(contents.value, /api\/AGENTS\.md/);
  });

  it("lists code actions for the handler without calling a model", async () => {
    const actions = await session.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri },
      range: handlerRange(),
      context: { diagnostics: [], triggerKind: 1 },
    });
    assert.ok(actions !== null && actions.length > 0, `no code actions${failureContext()}`);
    const advertised = session.initialized.capabilities.executeCommandProvider?.commands ?? [];
    for (const action of actions) {
      assert.ok("kind" in action && typeof action.kind === "string", JSON.stringify(action));
      assert.match(action.kind ?? "", /^(quickfix|refactor\.rewrite|source)/);
      const command = typeof action.command === "object" ? action.command.command : undefined;
      if (command !== undefined) {
        assert.ok(advertised.includes(command), `${command} is not an advertised command`);
      }
    }
  });

  it("shows which rules apply to the file and why", async () => {
    const result = (await session.connection.sendRequest(ExecuteCommandRequest.type, {
      command: SERVER_COMMANDS.showRules,
      arguments: [{ uri }],
    })) as { markdown: string; rules: Rule[] };
    assert.match(result.markdown, /Handler shape/);
    const handlerRule = result.rules.find(
      (rule) => rule.source.endsWith("src/shop/api/AGENTS.md") && /Handler shape/.test(rule.title),
    );
    assert.ok(handlerRule, `no Handler shape rule in ${JSON.stringify(result.rules.map((rule) => rule.title))}`);
    assert.equal(handlerRule.applies, true);
    assert.ok(handlerRule.reason.length > 0);
    const [first, last] = handlerRule.lines;
    assert.ok(first >= 1 && first <= last, `bad line range ${handlerRule.lines}`);
    const typescriptRule = result.rules.find((rule) => rule.source.endsWith("web-typescript.mdc"));
    assert.ok(typescriptRule === undefined || !typescriptRule.applies, "a web/**/*.ts rule applies to a .py file");
  });

  it("builds the focused context within the configured token budget, without a key", async () => {
    const result = (await session.connection.sendRequest(ExecuteCommandRequest.type, {
      command: SERVER_COMMANDS.showContext,
      arguments: [{ uri, range: handlerRange(), instruction: "validate the payment token" }],
    })) as { markdown: string; tokens: number };
    assert.match(result.markdown, /create_order_handler/);
    assert.ok(result.tokens > 0 && result.tokens <= TOKEN_BUDGET, `tokens: ${result.tokens}`);
  });

  it("refuses to ask a model without an API key and changes nothing", async () => {
    const result = (await session.connection.sendRequest(ExecuteCommandRequest.type, {
      command: SERVER_COMMANDS.ask,
      arguments: [{ uri, range: handlerRange(), instruction: "validate the payment token", tier: "small" }],
    })) as { status: string; message: string };
    assert.equal(result.status, "no-key");
    assert.match(result.message, /key/i);
    assert.deepEqual(session.appliedEdits, []);
  });
});
