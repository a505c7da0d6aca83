/**
 * The LSP connection to the server, built on vscode-languageclient.
 *
 * The extension spawns the server itself, so a failure can say what happened to the
 * process (could not be run, exited with code N, its last lines of stderr) instead of the
 * library's "couldn't create connection". A server that dies later is reported through
 * `hooks.onExit`, not restarted behind the user's back. Work-done progress is taken over
 * from the library's default (a notification per token) so it can feed the status bar;
 * `$/steering/usage` feeds it too. `steering.showContext` and `steering.showRules` run from
 * a code action open their markdown like the extension's own commands do.
 */
import * as vscode from "vscode";
import {
  CloseAction,
  type CloseHandlerResult,
  DidChangeConfigurationNotification,
  ErrorAction,
  type ErrorHandlerResult,
  ExecuteCommandRequest,
  LanguageClient,
  type LanguageClientOptions,
  RevealOutputChannelOn,
  WorkDoneProgress,
  WorkDoneProgressCreateRequest,
} from "vscode-languageclient/node";
import { SERVER_COMMANDS } from "./actions";
import type { ConnectionHooks, ServerConnection } from "./controller";
import type { ServerLaunch } from "./serverCommand";
import { ServerProcess } from "./serverProcess";
import type { ProgressValue } from "./status";

export const USAGE_NOTIFICATION = "$/steering/usage";

/** The library's own notifications are left out while starting: the extension says more. */
class SteeringLanguageClient extends LanguageClient {
  quiet = true;

  override error(message: string, data?: unknown, showNotification: boolean | "force" = true): void {
    super.error(message, data, this.quiet ? false : showNotification);
  }
}

export function createLanguageClientConnection(
  launch: ServerLaunch,
  env: NodeJS.ProcessEnv,
  hooks: ConnectionHooks,
): ServerConnection {
  let serverProcess: ServerProcess | undefined;
  let errors = 0;
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ scheme: "file" }],
    initializationOptions: () => hooks.settings(),
    outputChannel: hooks.log,
    revealOutputChannelOn: RevealOutputChannelOn.Never,
    initializationFailedHandler: () => false,
    errorHandler: {
      error: (): ErrorHandlerResult => {
        errors += 1;
        return { action: errors <= 3 ? ErrorAction.Continue : ErrorAction.Shutdown, handled: true };
      },
      closed: async (): Promise<CloseHandlerResult> => {
        await settle(serverProcess);
        hooks.onExit(serverProcess?.describeExit() || "closed the connection");
        return { action: CloseAction.DoNotRestart, handled: true };
      },
    },
    middleware: {
      workspace: {
        configuration: (params) =>
          params.items.map((item) =>
            item.section === undefined || item.section === "steering" ? hooks.settings().steering : null,
          ),
      },
      executeCommand: async (command, args, next) => {
        const result = await next(command, args);
        if (command === SERVER_COMMANDS.showContext || command === SERVER_COMMANDS.showRules) {
          await hooks.onMarkdown(result);
        }
        return result;
      },
      provideCodeActions: async (document, range, context, token, next) =>
        visibleInQuickFixMenu(await next(document, range, context, token)),
    },
  };
  const serverOptions = () => {
    serverProcess = new ServerProcess(launch, env);
    return serverProcess.start();
  };
  const client = new SteeringLanguageClient("steering", "Steering", serverOptions, clientOptions);
  client.onNotification(USAGE_NOTIFICATION, (payload: unknown) => hooks.onUsage(payload));
  return {
    async start() {
      try {
        await client.start();
      } catch (error) {
        await settle(serverProcess);
        const exited = serverProcess?.describeExit();
        throw new Error(exited || `did not answer initialize: ${errorText(error)}`);
      }
      client.quiet = false;
      // Registered after start so it replaces the library's own handler for this request.
      client.onRequest(WorkDoneProgressCreateRequest.type, ({ token }) => {
        client.onProgress(WorkDoneProgress.type, token, (value) => hooks.onProgress(token, value as ProgressValue));
      });
    },
    async stop() {
      client.quiet = true;
      if (client.isRunning()) {
        await client.stop(2000);
      }
    },
    executeCommand(command: string, argument: object, token?: vscode.CancellationToken) {
      return client.sendRequest(ExecuteCommandRequest.type, { command, arguments: [argument] }, token);
    },
    configurationChanged() {
      void client.sendNotification(DidChangeConfigurationNotification.type, { settings: hooks.settings() });
    },
  };
}

/**
 * VS Code leaves `source` actions out of the light-bulb menu. The context preview belongs
 * next to the model actions it previews, so it is shown there as a refactoring.
 */
function visibleInQuickFixMenu(
  actions: (vscode.Command | vscode.CodeAction)[] | null | undefined,
): (vscode.Command | vscode.CodeAction)[] | null | undefined {
  for (const action of actions ?? []) {
    if (action instanceof vscode.CodeAction && isContextPreview(action) && action.kind?.value === "source") {
      action.kind = vscode.CodeActionKind.Refactor.append("steering").append("context");
    }
  }
  return actions;
}

function isContextPreview(action: vscode.CodeAction): boolean {
  return action.command?.command === SERVER_COMMANDS.showContext;
}

/** Gives a process whose connection closed a moment to report its exit code and last words. */
async function settle(serverProcess: ServerProcess | undefined): Promise<void> {
  if (serverProcess !== undefined) {
    await Promise.race([serverProcess.exited, new Promise((resolve) => setTimeout(resolve, 1000))]);
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
