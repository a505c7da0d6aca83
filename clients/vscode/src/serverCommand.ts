/**
 * Finds the commands that may start the steering language server, in the order to try them.
 *
 * The `steering.server.command` setting, when set, is the only one. Otherwise:
 * `steering-lsp` on PATH; in the virtual environment VS Code was started from
 * (VIRTUAL_ENV); in a `.venv` or `venv` of a workspace folder; in pipx's folder
 * (~/.local/bin); and the Python interpreter selected in VS Code with `-m server`.
 *
 * PATH alone is not enough: VS Code's extension host (in code-server and remote set-ups
 * always, on the desktop when not started from a shell) takes PATH from the user's login
 * shell, so an activated virtual environment's `bin/` is not on it even when `steering-lsp`
 * runs fine in the terminal VS Code was started from. VIRTUAL_ENV survives.
 *
 * Pure: the file-system check and the environment are passed in, so tests need no editor
 * and no real PATH.
 */
import * as path from "node:path";

export interface ServerLaunch {
  command: string;
  args: string[];
  /** Where the command came from, shown in the log so users know which server runs. */
  source: "setting" | "path" | "virtualenv" | "workspace" | "pipx" | "python";
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
  /** VIRTUAL_ENV of the extension host: the environment active where VS Code was started. */
  virtualEnv?: string;
  /** The workspace folders' paths on disk. */
  workspaceFolders?: readonly string[];
  /** The user's home folder (pipx installs into ~/.local/bin). */
  homeDir?: string;
}

export const SERVER_EXECUTABLE = "steering-lsp";

export const INSTALL_HINT =
  "It is not published on PyPI: from a checkout of the repository, install it with " +
  "`pipx install --editable .` (puts `steering-lsp` on PATH) or `pip install -e .` into a " +
  "Python 3.11+ environment and select that environment as the Python interpreter, or run " +
  "`make install` and set `steering.server.command` to " +
  '["/path/to/checkout/.venv/bin/steering-lsp"].';

/** One way of starting the server, and why it cannot be used when it cannot. */
export interface Candidate {
  /** Where it comes from, for messages: "the steering.server.command setting". */
  origin: string;
  launch?: ServerLaunch;
  /** Why there is nothing to start from this origin (then `launch` is undefined). */
  problem?: string;
}

/**
 * The ways to start the server, in the order they are tried. A configured command is the
 * only candidate: the user chose it, and silently starting another server would hide
 * that it is broken.
 */
export function serverCandidates(env: LookupEnvironment): Candidate[] {
  const configured = env.configured.filter((part) => part.trim() !== "");
  if (configured.length > 0) {
    return [
      {
        origin: "the `steering.server.command` setting",
        launch: { command: configured[0], args: configured.slice(1), source: "setting" },
      },
    ];
  }
  return [
    onPathCandidate(env),
    executableIn(env, "the virtual environment VS Code was started from (VIRTUAL_ENV)", "virtualenv",
      env.virtualEnv ? [venvBin(env, env.virtualEnv)] : [], "VIRTUAL_ENV is not set"),
    executableIn(env, "a `.venv` or `venv` in the workspace", "workspace",
      (env.workspaceFolders ?? []).flatMap((folder) => [".venv", "venv"].map((venv) => venvBin(env, pathApi(env).join(folder, venv)))),
      "no workspace folder is open"),
    executableIn(env, "pipx's folder", "pipx",
      env.homeDir ? [pathApi(env).join(env.homeDir, ".local", "bin")] : [], "the home folder is unknown"),
    pythonCandidate(env),
  ];
}

function onPathCandidate(env: LookupEnvironment): Candidate {
  const origin = `\`${SERVER_EXECUTABLE}\` on PATH`;
  const found = findOnPath(SERVER_EXECUTABLE, env);
  return found === undefined
    ? { origin, problem: `not in any folder of PATH (${env.pathVariable ?? "unset"})` }
    : { origin, launch: { command: found, args: [], source: "path" } };
}

/** `steering-lsp` in the first of `folders` that has it. */
function executableIn(
  env: LookupEnvironment,
  origin: string,
  source: ServerLaunch["source"],
  folders: string[],
  noFolders: string,
): Candidate {
  if (folders.length === 0) {
    return { origin, problem: noFolders };
  }
  const found = findOnPath(SERVER_EXECUTABLE, { ...env, pathVariable: folders.join(env.platform === "win32" ? ";" : ":") });
  if (found === undefined) {
    const looked = folders.map((folder) => pathApi(env).join(folder, SERVER_EXECUTABLE)).join(", ");
    return { origin, problem: `no ${looked}` };
  }
  return { origin, launch: { command: found, args: [], source } };
}

function pythonCandidate(env: LookupEnvironment): Candidate {
  const origin = "the selected Python interpreter";
  const python = env.pythonInterpreter;
  if (python === undefined || python.trim() === "") {
    return { origin, problem: "no interpreter is selected" };
  }
  if (!env.isExecutableFile(python)) {
    return { origin, problem: `\`${python}\` is not an executable file` };
  }
  return { origin, launch: { command: python, args: ["-m", "server"], source: "python" } };
}

function venvBin(env: LookupEnvironment, venv: string): string {
  return env.platform === "win32" ? pathApi(env).join(venv, "Scripts") : pathApi(env).join(venv, "bin");
}

function pathApi(env: Pick<LookupEnvironment, "platform">): typeof path.posix {
  return env.platform === "win32" ? path.win32 : path.posix;
}

/** The first candidate that can be started, or why none can (as `resolveServerCommand` did). */
export function resolveServerCommand(env: LookupEnvironment): Resolution {
  const candidates = serverCandidates(env);
  const usable = candidates.find((candidate) => candidate.launch !== undefined);
  if (usable?.launch !== undefined) {
    return { ok: true, launch: usable.launch };
  }
  return {
    ok: false,
    message: `Steering: the language server \`${SERVER_EXECUTABLE}\` was not found. ${INSTALL_HINT}`,
  };
}

/** A command line as the user would type it, for messages. */
export function commandLine(launch: ServerLaunch): string {
  return [launch.command, ...launch.args].map((part) => (/\s/.test(part) ? `"${part}"` : part)).join(" ");
}

/** The message when no candidate started: each one tried, and what went wrong with it. */
export function noServerMessage(attempts: readonly { origin: string; outcome: string }[]): string {
  const tried = attempts.map((attempt, index) => `(${index + 1}) ${attempt.origin}: ${attempt.outcome}`).join("; ");
  const onlySetting = attempts.length === 1 && attempts[0].origin.includes("steering.server.command");
  const hint = onlySetting
    ? "Correct the setting, or clear it to let the extension look for `steering-lsp` itself."
    : INSTALL_HINT;
  return `Steering: the language server did not start. Tried ${tried}. ${hint}`;
}

export function findOnPath(
  program: string,
  env: Pick<LookupEnvironment, "pathVariable" | "platform" | "isExecutableFile">,
): string | undefined {
  const windows = env.platform === "win32";
  const separator = windows ? ";" : ":";
  const suffixes = windows ? [".exe", ".cmd", ".bat", ""] : [""];
  const paths = pathApi(env);
  for (const folder of (env.pathVariable ?? "").split(separator)) {
    if (folder === "") {
      continue;
    }
    for (const suffix of suffixes) {
      const candidate = paths.join(folder, program + suffix);
      if (env.isExecutableFile(candidate)) {
        return candidate;
      }
    }
  }
  return undefined;
}
