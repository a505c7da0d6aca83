/**
 * One server process: spawned by the extension so that a failure can say what became of it
 * (could not be run, exited with code N, was killed, and its last line of stderr).
 *
 * No `vscode` import: unit tests run it against real processes.
 */
import { type ChildProcess, spawn } from "node:child_process";
import type { ServerLaunch } from "./serverCommand";

const STDERR_LINES_KEPT = 8;

/** What became of one server process, for messages. */
export class ServerProcess {
  private readonly stderrTail: string[] = [];
  private partialLine = "";
  exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  spawnError: Error | undefined;
  private markExited: () => void = () => undefined;
  /** Settles when the process has exited (or could not be run). */
  readonly exited = new Promise<void>((resolve) => (this.markExited = resolve));

  constructor(
    private readonly launch: ServerLaunch,
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  /** Resolves once the process runs; rejects when it cannot be run at all. */
  start(): Promise<ChildProcess> {
    return new Promise((resolve, reject) => {
      const child = spawn(this.launch.command, this.launch.args, { env: this.env, stdio: "pipe" });
      child.once("error", (error) => {
        this.spawnError = error;
        this.markExited();
        reject(new Error(`could not be run: ${error.message}`));
      });
      child.once("spawn", () => resolve(child));
      child.stderr.setEncoding("utf8");
      child.stderr.on("data", (chunk: string) => this.keepStderr(chunk));
      child.once("exit", (code, signal) => {
        this.exit = { code, signal };
        this.markExited();
      });
    });
  }

  /** "exited with code 1: ModuleNotFoundError: No module named 'server'", or "". */
  describeExit(): string {
    if (this.spawnError !== undefined) {
      return `could not be run: ${this.spawnError.message}`;
    }
    if (this.exit === undefined) {
      return "";
    }
    const how = this.exit.signal !== null ? `was killed by ${this.exit.signal}` : `exited with code ${this.exit.code}`;
    const last = this.lastStderr();
    return last === "" ? how : `${how}: ${last}`;
  }

  lastStderr(): string {
    const lines = [...this.stderrTail, this.partialLine].map((line) => line.trim()).filter((line) => line !== "");
    return lines.length === 0 ? "" : lines[lines.length - 1];
  }

  private keepStderr(chunk: string): void {
    const lines = (this.partialLine + chunk).split(/\r?\n/);
    this.partialLine = lines.pop() ?? "";
    this.stderrTail.push(...lines);
    this.stderrTail.splice(0, Math.max(0, this.stderrTail.length - STDERR_LINES_KEPT));
  }
}
