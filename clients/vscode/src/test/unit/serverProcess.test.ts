import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ServerProcess } from "../../serverProcess";

function node(script: string): ServerProcess {
  return new ServerProcess({ command: process.execPath, args: ["-e", script], source: "setting" }, process.env);
}

describe("ServerProcess", () => {
  it("says how a server that stops at once exited, with its last line of stderr", async () => {
    const server = node("console.error('Traceback (most recent call last):'); console.error(\"ModuleNotFoundError: No module named 'pygls'\"); process.exit(1)");
    await server.start();
    await server.exited;
    assert.equal(server.describeExit(), "exited with code 1: ModuleNotFoundError: No module named 'pygls'");
  });

  it("names the signal that killed it", async () => {
    const server = node("setInterval(() => {}, 1000)");
    const child = await server.start();
    child.kill("SIGKILL");
    await server.exited;
    assert.equal(server.describeExit(), "was killed by SIGKILL");
  });

  it("rejects the start of a program that cannot be run, and says why", async () => {
    const server = new ServerProcess({ command: "/nonexistent/steering-lsp", args: [], source: "setting" }, process.env);
    await assert.rejects(server.start(), /could not be run: spawn \/nonexistent\/steering-lsp ENOENT/);
    await server.exited;
    assert.equal(server.describeExit(), "could not be run: spawn /nonexistent/steering-lsp ENOENT");
  });

  it("says nothing while the process runs", async () => {
    const server = node("setInterval(() => {}, 1000)");
    const child = await server.start();
    assert.equal(server.describeExit(), "");
    child.kill();
    await server.exited;
  });
});
