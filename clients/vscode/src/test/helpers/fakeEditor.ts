/**
 * A small stand-in for the parts of the `vscode` API the extension uses, recording what
 * the extension shows so tests can assert on it, plus a scripted server connection.
 */
import type * as vscode from "vscode";
import type { ConnectionHooks, Dependencies, ServerConnection } from "../../controller";
import type { ServerLaunch } from "../../serverCommand";

export interface Shown {
  level: "error" | "warning" | "info";
  text: string;
}

export interface FakeDocument {
  uri: { toString(): string };
  lines: string[];
}

export class FakeEditor {
  readonly shown: Shown[] = [];
  readonly inputAnswers: (string | undefined)[] = [];
  readonly inputPrompts: { password?: boolean; title?: string }[] = [];
  readonly commands = new Map<string, () => unknown>();
  readonly openedDocuments: { language?: string; content?: string }[] = [];
  readonly userSettings = new Map<string, unknown>();
  readonly secrets = new Map<string, string>();
  readonly statusItem = {
    text: "",
    tooltip: "" as string | undefined,
    command: "" as unknown,
    visible: false,
    label: "" as string | undefined,
  };
  readonly logLines: string[] = [];
  /** The buttons the user picks on the next messages, in order (undefined: dismissed). */
  readonly messageChoices: (string | undefined)[] = [];
  logShown = 0;
  activeEditor: { document: FakeDocument; selection: FakeSelection } | undefined;
  private configListener: ((event: vscode.ConfigurationChangeEvent) => void) | undefined;

  api(): typeof vscode {
    const editor = this;
    const fake = {
      StatusBarAlignment: { Left: 1, Right: 2 },
      ProgressLocation: { SourceControl: 1, Window: 10, Notification: 15 },
      ViewColumn: { Active: -1, Beside: -2 },
      window: {
        createStatusBarItem: () => ({
          set text(value: string) {
            editor.statusItem.text = value;
          },
          get text() {
            return editor.statusItem.text;
          },
          set tooltip(value: string | undefined) {
            editor.statusItem.tooltip = value;
          },
          set command(value: unknown) {
            editor.statusItem.command = value;
          },
          set name(_value: string) {},
          set accessibilityInformation(value: { label: string } | undefined) {
            editor.statusItem.label = value?.label;
          },
          show: () => {
            editor.statusItem.visible = true;
          },
          dispose: () => {
            editor.statusItem.visible = false;
          },
        }),
        createOutputChannel: () => {
          const write = (level: string) => (text: string) => void editor.logLines.push(`${level} ${text}`);
          return {
            info: write("info"),
            warn: write("warn"),
            error: write("error"),
            appendLine: write("line"),
            show: () => void (editor.logShown += 1),
            dispose: () => undefined,
          };
        },
        showErrorMessage: async (text: string) => {
          editor.shown.push({ level: "error", text });
          return editor.messageChoices.shift();
        },
        showWarningMessage: async (text: string) => void editor.shown.push({ level: "warning", text }),
        showInformationMessage: async (text: string) => void editor.shown.push({ level: "info", text }),
        showInputBox: async (options: { password?: boolean; title?: string }) => {
          editor.inputPrompts.push(options);
          return editor.inputAnswers.shift();
        },
        withProgress: async (_options: unknown, task: (progress: unknown, token: unknown) => Promise<unknown>) =>
          task({ report: () => undefined }, { isCancellationRequested: false, onCancellationRequested: () => ({}) }),
        get activeTextEditor() {
          if (editor.activeEditor === undefined) {
            return undefined;
          }
          const { document, selection } = editor.activeEditor;
          return {
            selection,
            document: { uri: document.uri, lineAt: (line: number) => ({ text: document.lines[line] }) },
          };
        },
        showTextDocument: async (document: unknown) => document,
      },
      workspace: {
        getConfiguration: (section: string) => ({
          get: (key: string) => editor.userSettings.get(`${section}.${key}`),
          inspect: (key: string) => {
            const value = editor.userSettings.get(`${section}.${key}`);
            return value === undefined ? { key } : { key, globalValue: value };
          },
        }),
        onDidChangeConfiguration: (listener: (event: vscode.ConfigurationChangeEvent) => void) => {
          editor.configListener = listener;
          return { dispose: () => (editor.configListener = undefined) };
        },
        openTextDocument: async (options: { language?: string; content?: string }) => {
          editor.openedDocuments.push(options);
          return options;
        },
      },
      commands: {
        registerCommand: (id: string, run: () => unknown) => {
          editor.commands.set(id, run);
          return { dispose: () => editor.commands.delete(id) };
        },
      },
      extensions: { getExtension: () => undefined },
    };
    return fake as unknown as typeof vscode;
  }

  context(): vscode.ExtensionContext {
    const secrets = this.secrets;
    const context = {
      subscriptions: [] as { dispose(): unknown }[],
      secrets: {
        get: async (key: string) => secrets.get(key),
        store: async (key: string, value: string) => void secrets.set(key, value),
        delete: async (key: string) => void secrets.delete(key),
      },
    };
    return context as unknown as vscode.ExtensionContext;
  }

  changeSettings(...changedSections: string[]): void {
    this.configListener?.({
      affectsConfiguration: (section: string) =>
        changedSections.some((changed) => changed === section || changed.startsWith(`${section}.`)),
    });
  }

  async run(command: string): Promise<void> {
    const handler = this.commands.get(command);
    if (handler === undefined) {
      throw new Error(`command ${command} is not registered`);
    }
    await handler();
  }
}

export interface FakeSelection {
  start: { line: number; character: number };
  end: { line: number; character: number };
  active: { line: number; character: number };
}

export function cursorAt(line: number, character: number): FakeSelection {
  const position = { line, character };
  return { start: position, end: position, active: position };
}

export interface StartedServer {
  launch: ServerLaunch;
  env: NodeJS.ProcessEnv;
  hooks: ConnectionHooks;
  stopped: boolean;
  configurationChanges: number;
  executed: { command: string; argument: object }[];
}

/** Records each server the extension starts; answers commands from a script. */
export class FakeServers {
  readonly started: StartedServer[] = [];
  /** Every start fails with this error. */
  startError: Error | undefined;
  /** The next starts fail with these, one each. */
  readonly startErrors: Error[] = [];
  /** Starts wait for releaseStarts(). */
  holdStarts = false;
  private readonly held: (() => void)[] = [];

  releaseStarts(): void {
    this.holdStarts = false;
    for (const release of this.held.splice(0)) {
      release();
    }
  }
  readonly answers = new Map<string, unknown>();

  factory(): Dependencies["createConnection"] {
    return (launch, env, hooks) => {
      const server: StartedServer = { launch, env, hooks, stopped: false, configurationChanges: 0, executed: [] };
      this.started.push(server);
      const connection: ServerConnection = {
        start: async () => {
          if (this.holdStarts) {
            await new Promise<void>((resolve) => this.held.push(resolve));
          }
          const error = this.startErrors.shift() ?? this.startError;
          if (error !== undefined) {
            throw error;
          }
        },
        stop: async () => {
          server.stopped = true;
        },
        executeCommand: async (command, argument) => {
          server.executed.push({ command, argument });
          return this.answers.get(command);
        },
        configurationChanged: () => {
          server.configurationChanges += 1;
        },
      };
      return connection;
    };
  }

  get last(): StartedServer {
    const last = this.started[this.started.length - 1];
    if (last === undefined) {
      throw new Error("no server was started");
    }
    return last;
  }
}
