/**
 * The extension's behaviour: starting the server, its commands, status bar and API key.
 *
 * Everything the editor provides comes in through `Dependencies` (the `vscode` API and a
 * factory for the LSP connection), so tests drive activate/deactivate with stubs and the
 * real wiring in extension.ts stays a few lines.
 */
import type * as vscode from "vscode";
import {
  acceptArgument,
  askArgument,
  describeAcceptResult,
  describeAskResult,
  describeReviewResult,
  type LspRange,
  markdownOf,
  type Report,
  requestRange,
  reviewArgument,
  SERVER_COMMANDS,
  type Tier,
} from "./actions";
import { type Candidate, commandLine, noServerMessage, type ServerLaunch, serverCandidates } from "./serverCommand";
import { initializationOptions, type SettingKey, type SteeringSettings, serverEnvironment } from "./settings";
import { isUsage, ProgressTracker, type ProgressValue, type ServerState, statusView, type Usage } from "./status";

export const API_KEY_SECRET = "steering.anthropicApiKey";

/** Commands this extension contributes (distinct from the server's `steering.ask` & co,
 * which vscode-languageclient registers under their own names). */
export const CLIENT_COMMANDS = {
  askSmall: "steering.askSmall",
  askFrontier: "steering.askFrontier",
  showRules: "steering.showRulesForFile",
  showContext: "steering.showContextForSelection",
  review: "steering.reviewWithSmallModels",
  acceptFileFindings: "steering.acceptFileFindings",
  acceptWorkspaceFindings: "steering.acceptWorkspaceFindings",
  restart: "steering.restartServer",
  setApiKey: "steering.setApiKey",
  showLog: "steering.showLog",
} as const;

export interface ServerConnection {
  start(): Promise<void>;
  stop(): Promise<void>;
  executeCommand(command: string, argument: object, token?: vscode.CancellationToken): Promise<unknown>;
  configurationChanged(): void;
}

export interface ConnectionHooks {
  /** The extension's log, which the connection writes to as well (one "Steering" output). */
  log: vscode.LogOutputChannel;
  settings(): { steering: SteeringSettings };
  onProgress(token: string | number, value: ProgressValue): void;
  onUsage(payload: unknown): void;
  /** The running server went away by itself: `reason` says how ("exited with code 1: ..."). */
  onExit(reason: string): void;
  /** The answer of a server command run from a code action, to show if it carries markdown. */
  onMarkdown(result: unknown): Promise<void>;
}

export type ConnectionFactory = (
  launch: ServerLaunch,
  env: NodeJS.ProcessEnv,
  hooks: ConnectionHooks,
) => ServerConnection;

export interface Dependencies {
  vscode: typeof vscode;
  createConnection: ConnectionFactory;
  processEnv: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
  isExecutableFile: (file: string) => boolean;
  homeDir?: string;
}

export class SteeringExtension {
  private connection: ServerConnection | undefined;
  private state: ServerState = "stopped";
  private usage: Usage | undefined;
  private readonly progress = new ProgressTracker();
  private askProgress: vscode.Progress<{ message?: string }> | undefined;
  private statusItem: vscode.StatusBarItem | undefined;
  private log: vscode.LogOutputChannel | undefined;
  /** Counts starts and stops, so a start overtaken by a restart gives its server up. */
  private generation = 0;

  constructor(
    private readonly deps: Dependencies,
    private readonly context: vscode.ExtensionContext,
  ) {}

  async activate(): Promise<void> {
    const { window, workspace, StatusBarAlignment } = this.deps.vscode;
    this.log = window.createOutputChannel("Steering", { log: true });
    this.statusItem = window.createStatusBarItem("steering.status", StatusBarAlignment.Right, 50);
    this.statusItem.name = "Steering";
    this.statusItem.command = CLIENT_COMMANDS.showLog;
    this.statusItem.show();
    this.context.subscriptions.push(this.log, this.statusItem, ...this.registerCommands());
    this.context.subscriptions.push(
      workspace.onDidChangeConfiguration((event) => this.configurationChanged(event)),
    );
    await this.startServer();
  }

  async deactivate(): Promise<void> {
    await this.stopServer();
  }

  private registerCommands(): vscode.Disposable[] {
    const { commands } = this.deps.vscode;
    const register = (id: string, run: () => unknown) => commands.registerCommand(id, run);
    return [
      register(CLIENT_COMMANDS.askSmall, () => this.ask("small")),
      register(CLIENT_COMMANDS.askFrontier, () => this.ask("frontier")),
      register(CLIENT_COMMANDS.showRules, () => this.showRules()),
      register(CLIENT_COMMANDS.showContext, () => this.showContext()),
      register(CLIENT_COMMANDS.review, () => this.review()),
      register(CLIENT_COMMANDS.acceptFileFindings, () => this.acceptFindings(false)),
      register(CLIENT_COMMANDS.acceptWorkspaceFindings, () => this.acceptFindings(true)),
      register(CLIENT_COMMANDS.restart, () => this.restartServer()),
      register(CLIENT_COMMANDS.setApiKey, () => this.setApiKey()),
      register(CLIENT_COMMANDS.showLog, () => this.log?.show(true)),
    ];
  }

  /**
   * Tries each way of starting the server in turn (see serverCandidates) and keeps the first
   * that answers initialize. When none does, one error names each and what went wrong.
   */
  async startServer(): Promise<void> {
    const generation = ++this.generation;
    const candidates = serverCandidates({
      configured: this.configuredCommand(),
      pathVariable: this.deps.processEnv.PATH ?? this.deps.processEnv.Path,
      platform: this.deps.platform,
      pythonInterpreter: await this.selectedPython(),
      isExecutableFile: this.deps.isExecutableFile,
      virtualEnv: this.deps.processEnv.VIRTUAL_ENV,
      workspaceFolders: this.deps.vscode.workspace.workspaceFolders?.map((folder) => folder.uri.fsPath),
      homeDir: this.deps.homeDir,
    });
    const apiKey = await this.context.secrets.get(API_KEY_SECRET);
    const env = serverEnvironment(this.deps.processEnv, apiKey);
    const attempts: { origin: string; outcome: string }[] = [];
    this.setState("starting");
    for (const candidate of candidates) {
      if (generation !== this.generation) {
        return;
      }
      if (candidate.launch === undefined) {
        attempts.push({ origin: candidate.origin, outcome: candidate.problem ?? "not usable" });
        this.log?.info(`Not starting the server from ${candidate.origin}: ${candidate.problem}`);
        continue;
      }
      const outcome = await this.tryStart(candidate, candidate.launch, env, generation);
      if (outcome === undefined) {
        return;
      }
      attempts.push({ origin: candidate.origin, outcome: `\`${commandLine(candidate.launch)}\` ${outcome}` });
    }
    if (generation !== this.generation) {
      return;
    }
    this.setState("failed");
    const message = noServerMessage(attempts);
    this.log?.error(message);
    void this.deps.vscode.window.showErrorMessage(message, "Show log").then((choice) => {
      if (choice === "Show log") {
        this.log?.show(true);
      }
    });
  }

  /** Starts one candidate: undefined when it runs (or a newer start took over), else why not. */
  private async tryStart(
    candidate: Candidate,
    launch: ServerLaunch,
    env: NodeJS.ProcessEnv,
    generation: number,
  ): Promise<string | undefined> {
    this.log?.info(`Starting the server from ${candidate.origin}: ${commandLine(launch)}`);
    const connection = this.deps.createConnection(launch, env, this.hooks());
    this.connection = connection;
    try {
      await connection.start();
    } catch (error) {
      if (this.connection === connection) {
        this.connection = undefined;
      }
      const outcome = errorText(error);
      this.log?.error(`The server from ${candidate.origin} did not start: ${outcome}`);
      return outcome;
    }
    if (generation !== this.generation) {
      await connection.stop().catch(() => undefined);
      return undefined;
    }
    this.log?.info(`The server is running (${commandLine(launch)}).`);
    this.setState("running");
    return undefined;
  }

  async stopServer(): Promise<void> {
    this.generation += 1;
    const connection = this.connection;
    this.connection = undefined;
    this.progress.clear();
    if (connection !== undefined) {
      try {
        await connection.stop();
      } catch {
        // A server that already died has nothing left to stop.
      }
    }
    this.setState("stopped");
  }

  async restartServer(): Promise<void> {
    await this.stopServer();
    await this.startServer();
  }

  private hooks(): ConnectionHooks {
    const log = this.log;
    if (log === undefined) {
      throw new Error("the extension is not active");
    }
    return {
      log,
      settings: () => initializationOptions((key) => this.userSetting(key)),
      onProgress: (token, value) => {
        this.progress.update(token, value);
        if (this.askProgress !== undefined && value.message !== undefined) {
          this.askProgress.report({ message: value.message });
        }
        this.refreshStatus();
      },
      onUsage: (payload) => {
        if (isUsage(payload)) {
          this.usage = payload;
          this.refreshStatus();
        }
      },
      onExit: (reason) => this.serverExited(reason),
      onMarkdown: (result) => this.openMarkdown(result),
    };
  }

  /** A server that stops by itself is reported, with the way back one click away. */
  private serverExited(reason: string): void {
    if (this.state !== "running") {
      return; // a start that failed is reported by startServer
    }
    this.connection = undefined;
    this.setState("failed");
    const message = `Steering: the server stopped unexpectedly (it ${reason}). Hover, diagnostics and actions are off until it runs again.`;
    this.log?.error(message);
    void this.deps.vscode.window.showErrorMessage(message, "Restart server", "Show log").then((choice) => {
      if (choice === "Restart server") {
        void this.restartServer();
      } else if (choice === "Show log") {
        this.log?.show(true);
      }
    });
  }

  private configuredCommand(): string[] {
    const value = this.deps.vscode.workspace.getConfiguration("steering").get<unknown>("server.command");
    if (typeof value === "string") {
      return value.trim() === "" ? [] : [value];
    }
    return Array.isArray(value) ? value.filter((part): part is string => typeof part === "string") : [];
  }

  /** The value the user set at any level; undefined when the key is at its default. */
  private userSetting(key: SettingKey): unknown {
    const inspected = this.deps.vscode.workspace.getConfiguration("steering").inspect(key);
    return inspected?.workspaceFolderValue ?? inspected?.workspaceValue ?? inspected?.globalValue;
  }

  private async selectedPython(): Promise<string | undefined> {
    const python = this.deps.vscode.extensions.getExtension("ms-python.python");
    if (python !== undefined) {
      try {
        const api = (python.isActive ? python.exports : await python.activate()) as PythonApi | undefined;
        const selected = api?.environments?.getActiveEnvironmentPath?.();
        if (selected?.path) {
          return selected.path;
        }
      } catch {
        // The Python extension's API is optional: fall back to its setting.
      }
    }
    const fallback = this.deps.vscode.workspace.getConfiguration("python").get<string>("defaultInterpreterPath");
    return fallback && fallback.trim() !== "" ? fallback : undefined;
  }

  private configurationChanged(event: vscode.ConfigurationChangeEvent): void {
    if (event.affectsConfiguration("steering.server") || event.affectsConfiguration("steering.trace")) {
      void this.restartServer();
    } else if (event.affectsConfiguration("steering")) {
      this.connection?.configurationChanged();
    }
  }

  private async ask(tier: Tier): Promise<void> {
    const { window, ProgressLocation } = this.deps.vscode;
    const target = this.editorTarget();
    if (target === undefined) {
      return;
    }
    const instruction = await window.showInputBox({
      title: `Steering: ask the ${tier} model`,
      prompt: "What should change in the selection (or the current line)?",
      placeHolder: "e.g. add a docstring and validate the quantity",
      ignoreFocusOut: true,
    });
    const argument = askArgument(target.uri, target.range, instruction ?? "", tier);
    if (argument === undefined) {
      return;
    }
    const result = await window.withProgress(
      { location: ProgressLocation.Notification, title: `Steering: asking the ${tier} model`, cancellable: true },
      async (progress, token) => {
        this.askProgress = progress;
        try {
          return await this.execute(SERVER_COMMANDS.ask, argument, token);
        } finally {
          this.askProgress = undefined;
        }
      },
    );
    if (result !== undefined) {
      this.report(describeAskResult(result));
    }
  }

  private async showRules(): Promise<void> {
    const document = this.deps.vscode.window.activeTextEditor?.document;
    if (document === undefined) {
      void this.deps.vscode.window.showInformationMessage("Steering: open a file to see the rules that apply to it.");
      return;
    }
    const result = await this.execute(SERVER_COMMANDS.showRules, { uri: document.uri.toString() });
    await this.openMarkdown(result);
  }

  private async showContext(): Promise<void> {
    const target = this.editorTarget();
    if (target === undefined) {
      return;
    }
    const instruction = await this.deps.vscode.window.showInputBox({
      title: "Steering: show context",
      prompt: "The task the context is for (optional)",
    });
    if (instruction === undefined) {
      return;
    }
    const argument = instruction.trim() === "" ? target : { ...target, instruction: instruction.trim() };
    await this.openMarkdown(await this.execute(SERVER_COMMANDS.showContext, argument));
  }

  /** "Review with small models": the selection, or the whole file when none. */
  private async review(): Promise<void> {
    const { window, ProgressLocation } = this.deps.vscode;
    const editor = window.activeTextEditor;
    if (editor === undefined) {
      void window.showInformationMessage("Steering: open a file to review it.");
      return;
    }
    const { start, end } = editor.selection;
    const argument = reviewArgument(editor.document.uri.toString(), {
      start: { line: start.line, character: start.character },
      end: { line: end.line, character: end.character },
    });
    const result = await window.withProgress(
      { location: ProgressLocation.Notification, title: "Steering: reviewing with small models", cancellable: true },
      (_progress, token) => this.execute(SERVER_COMMANDS.review, argument, token),
    );
    if (result !== undefined) {
      this.report(describeReviewResult(result));
    }
  }

  /** Records the drift findings of the file (or of its whole workspace folder) in the
   * baseline, .steering/baseline.json: diagnostics then show only drift that comes after. */
  private async acceptFindings(workspace: boolean): Promise<void> {
    const { window, ProgressLocation } = this.deps.vscode;
    const editor = window.activeTextEditor;
    if (editor === undefined) {
      void window.showInformationMessage("Steering: open a file of the workspace whose findings to accept.");
      return;
    }
    const argument = acceptArgument(editor.document.uri.toString(), workspace);
    const title = workspace ? "Steering: recording the workspace's drift findings" : "Steering: recording the file's drift findings";
    const result = await window.withProgress({ location: ProgressLocation.Notification, title }, () =>
      this.execute(SERVER_COMMANDS.acceptFindings, argument),
    );
    if (result !== undefined) {
      this.report(describeAcceptResult(result));
    }
  }

  private async setApiKey(): Promise<void> {
    const key = await this.deps.vscode.window.showInputBox({
      title: "Steering: Anthropic API key",
      prompt: "Kept in VS Code's secret storage and passed to the server; leave empty to remove it.",
      password: true,
      ignoreFocusOut: true,
    });
    if (key === undefined) {
      return;
    }
    if (key.trim() === "") {
      await this.context.secrets.delete(API_KEY_SECRET);
    } else {
      await this.context.secrets.store(API_KEY_SECRET, key.trim());
    }
    // The key travels in the server's environment, so only a new process sees it.
    await this.restartServer();
    const done = key.trim() === "" ? "removed" : "saved";
    void this.deps.vscode.window.showInformationMessage(`Steering: API key ${done}; the server was restarted.`);
  }

  private editorTarget(): { uri: string; range: LspRange } | undefined {
    const editor = this.deps.vscode.window.activeTextEditor;
    if (editor === undefined) {
      void this.deps.vscode.window.showInformationMessage("Steering: open a file and select the code first.");
      return undefined;
    }
    const selection = editor.selection;
    const lineLength = editor.document.lineAt(selection.active.line).text.length;
    const range = requestRange(
      {
        start: { line: selection.start.line, character: selection.start.character },
        end: { line: selection.end.line, character: selection.end.character },
      },
      lineLength,
    );
    return { uri: editor.document.uri.toString(), range };
  }

  private async execute(command: string, argument: object, token?: vscode.CancellationToken): Promise<unknown> {
    const connection = this.connection;
    if (connection === undefined || this.state !== "running") {
      void this.deps.vscode.window.showErrorMessage(
        'Steering: the server is not running. Run "Steering: Restart server", or see the Steering log.',
      );
      return undefined;
    }
    try {
      return await connection.executeCommand(command, argument, token);
    } catch (error) {
      if (token?.isCancellationRequested) {
        this.report({ severity: "info", text: "Steering: cancelled; nothing was changed." });
      } else {
        this.report({ severity: "error", text: `Steering: ${command} failed: ${errorText(error)}` });
      }
      return undefined;
    }
  }

  private async openMarkdown(result: unknown): Promise<void> {
    if (result === undefined) {
      return;
    }
    const markdown = markdownOf(result);
    if (markdown === undefined) {
      this.report({ severity: "error", text: "Steering: the server's answer had no markdown to show." });
      return;
    }
    const { workspace, window, ViewColumn } = this.deps.vscode;
    const document = await workspace.openTextDocument({ language: "markdown", content: markdown });
    await window.showTextDocument(document, { viewColumn: ViewColumn.Beside, preview: true });
  }

  private report(report: Report): void {
    const { window } = this.deps.vscode;
    if (report.severity === "error") {
      void window.showErrorMessage(report.text);
    } else if (report.severity === "warning") {
      void window.showWarningMessage(report.text);
    } else {
      void window.showInformationMessage(report.text);
    }
  }

  private setState(state: ServerState): void {
    this.state = state;
    if (state !== "running") {
      this.progress.clear();
    }
    this.refreshStatus();
  }

  private refreshStatus(): void {
    if (this.statusItem === undefined) {
      return;
    }
    const view = statusView(this.state, this.progress.current(), this.usage);
    this.statusItem.text = view.text;
    this.statusItem.tooltip = view.tooltip;
    // Screen readers (and the browser tests) read the state, not just the icon.
    this.statusItem.accessibilityInformation = { label: `Steering ${this.state}. ${view.tooltip}` };
  }
}

interface PythonApi {
  environments?: { getActiveEnvironmentPath?: () => { path?: string } | undefined };
}

function errorText(error: unknown): string {
  if (error instanceof Error) {
    return error.message;
  }
  return String(error);
}
