/** Entry point VS Code calls: wires the real editor API and language client together. */
import * as fs from "node:fs";
import * as os from "node:os";
import * as vscode from "vscode";
import { SteeringExtension } from "./controller";
import { createLanguageClientConnection } from "./languageClient";

let extension: SteeringExtension | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  extension = new SteeringExtension(
    {
      vscode,
      createConnection: createLanguageClientConnection,
      processEnv: process.env,
      platform: process.platform,
      isExecutableFile,
      homeDir: os.homedir(),
    },
    context,
  );
  await extension.activate();
}

export async function deactivate(): Promise<void> {
  await extension?.deactivate();
  extension = undefined;
}

export function isExecutableFile(file: string): boolean {
  try {
    if (!fs.statSync(file).isFile()) {
      return false;
    }
    if (process.platform !== "win32") {
      fs.accessSync(file, fs.constants.X_OK);
    }
    return true;
  } catch {
    return false;
  }
}
