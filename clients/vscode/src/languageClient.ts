/**
 * The LSP connection to the server, built on vscode-languageclient.
 *
 * Work-done progress is taken over from the library's default (a notification per
 * token) so it can feed the status bar; `$/steering/usage` feeds it too.
 */
import * as vscode from "vscode";
import {
  DidChangeConfigurationNotification,
  ExecuteCommandRequest,
  LanguageClient,
  type LanguageClientOptions,
  RevealOutputChannelOn,
  type ServerOptions,
  TransportKind,
  WorkDoneProgress,
  WorkDoneProgressCreateRequest,
} from "vscode-languageclient/node";
import type { ConnectionHooks, ServerConnection } from "./controller";
import type { ServerLaunch } from "./serverCommand";
import type { ProgressValue } from "./status";

export const USAGE_NOTIFICATION = "$/steering/usage";

export function createLanguageClientConnection(
  launch: ServerLaunch,
  env: NodeJS.ProcessEnv,
  hooks: ConnectionHooks,
): ServerConnection {
  const serverOptions: ServerOptions = {
    command: launch.command,
    args: launch.args,
    transport: TransportKind.stdio,
    options: { env },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ scheme: "file" }],
    initializationOptions: () => hooks.settings(),
    outputChannelName: "Steering",
    revealOutputChannelOn: RevealOutputChannelOn.Never,
    middleware: {
      workspace: {
        configuration: (params) =>
          params.items.map((item) =>
            item.section === undefined || item.section === "steering" ? hooks.settings().steering : null,
          ),
      },
    },
  };
  const client = new LanguageClient("steering", "Steering", serverOptions, clientOptions);
  client.onNotification(USAGE_NOTIFICATION, (payload: unknown) => hooks.onUsage(payload));
  return {
    async start() {
      await client.start();
      client.outputChannel.appendLine(`Steering server: ${[launch.command, ...launch.args].join(" ")} (${launch.source})`);
      // Registered after start so it replaces the library's own handler for this request.
      client.onRequest(WorkDoneProgressCreateRequest.type, ({ token }) => {
        client.onProgress(WorkDoneProgress.type, token, (value) => hooks.onProgress(token, value as ProgressValue));
      });
    },
    async stop() {
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
    showLog() {
      client.outputChannel.show(true);
    },
  };
}
