/**
 * Finds the command that starts the steering language server.
 *
 * Order: the `steering.server.command` setting, then `steering-lsp` on PATH, then the
 * Python interpreter selected in VS Code with `-m server`. Pure: the file-system check
 * and the environment are passed in, so tests need no editor and no real PATH.
 */
import * as path from "node:path";

export interface ServerLaunch {
  command: string;
  args: string[];
  /** Where the command came from, shown in the log so users know which server runs. */
  source: "setting" | "path" | "python";
}

export type Resolution = { ok: true; launch: ServerLaunch } | { ok: false; message: string };

export interface LookupEnvironment {
  /** The `steering.server.command` setting: program and arguments; empty means "find it". */
  configured: readonly string[];
  /** The PATH variable of the extension host. */
  pathVariable: string | undefined;
  platform: NodeJS.Platform;
  /** The interpreter the Python extension has selected, if any. */
  pythonInterpreter: string | undefined;
  isExecutableFile: (file: string) => boolean;
}

export const SERVER_EXECUTABLE = "steering-lsp";

export const INSTALL_HINT =
  "It is not published on PyPI: from a checkout of the repository, install it with " +
  "`pipx install --editable .` (puts `steering-lsp` on PATH) or `pip install -e .` into a " +
  "Python 3.11+ environment and select that environment as the Python interpreter, or run " +
  "`make install` and set `steering.server.command` to " +
  '["/path/to/checkout/.venv/bin/steering-lsp"].';

export function resolveServerCommand(env: LookupEnvironment): Resolution {
  const configured = env.configured.filter((part) => part.trim() !== "");
  if (configured.length > 0) {
    return {
      ok: true,
      launch: { command: configured[0], args: configured.slice(1), source: "setting" },
    };
  }
  const onPath = findOnPath(SERVER_EXECUTABLE, env);
  if (onPath !== undefined) {
    return { ok: true, launch: { command: onPath, args: [], source: "path" } };
  }
  if (env.pythonInterpreter && env.isExecutableFile(env.pythonInterpreter)) {
    return {
      ok: true,
      launch: { command: env.pythonInterpreter, args: ["-m", "server"], source: "python" },
    };
  }
  return {
    ok: false,
    message: `Steering: the language server \`${SERVER_EXECUTABLE}\` was not found. ${INSTALL_HINT}`,
  };
}

export function findOnPath(
  program: string,
  env: Pick<LookupEnvironment, "pathVariable" | "platform" | "isExecutableFile">,
): string | undefined {
  const windows = env.platform === "win32";
  const separator = windows ? ";" : ":";
  const suffixes = windows ? [".exe", ".cmd", ".bat", ""] : [""];
  const pathApi = windows ? path.win32 : path.posix;
  for (const folder of (env.pathVariable ?? "").split(separator)) {
    if (folder === "") {
      continue;
    }
    for (const suffix of suffixes) {
      const candidate = pathApi.join(folder, program + suffix);
      if (env.isExecutableFile(candidate)) {
        return candidate;
      }
    }
  }
  return undefined;
}
