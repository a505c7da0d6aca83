import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { findOnPath, resolveServerCommand, serverCandidates } from "../../serverCommand";

function lookup(files: string[], overrides: Partial<Parameters<typeof resolveServerCommand>[0]> = {}) {
  return {
    configured: [],
    pathVariable: "/usr/local/bin:/opt/devhome/.local/bin",
    platform: "linux" as NodeJS.Platform,
    pythonInterpreter: undefined,
    isExecutableFile: (file: string) => files.includes(file),
    ...overrides,
  };
}

describe("resolveServerCommand", () => {
  it("prefers the command from the settings over everything else", () => {
    const result = resolveServerCommand(
      lookup(["/opt/devhome/.local/bin/steering-lsp"], { configured: ["/opt/py/bin/python", "-m", "server"] }),
    );
    assert.deepEqual(result, {
      ok: true,
      launch: { command: "/opt/py/bin/python", args: ["-m", "server"], source: "setting" },
    });
  });

  it("finds steering-lsp on PATH when no command is configured", () => {
    const result = resolveServerCommand(
      lookup(["/opt/devhome/.local/bin/steering-lsp"], { pythonInterpreter: "/usr/bin/python3" }),
    );
    assert.deepEqual(result, {
      ok: true,
      launch: { command: "/opt/devhome/.local/bin/steering-lsp", args: [], source: "path" },
    });
  });

  it("falls back to the selected Python interpreter with -m server", () => {
    const result = resolveServerCommand(
      lookup(["/srv/project/.venv/bin/python"], { pythonInterpreter: "/srv/project/.venv/bin/python" }),
    );
    assert.deepEqual(result, {
      ok: true,
      launch: { command: "/srv/project/.venv/bin/python", args: ["-m", "server"], source: "python" },
    });
  });

  it("ignores blank entries in the configured command", () => {
    const result = resolveServerCommand(lookup(["/usr/local/bin/steering-lsp"], { configured: ["  ", ""] }));
    assert.equal(result.ok && result.launch.source, "path");
  });

  it("explains how to install the server when nothing is found", () => {
    const result = resolveServerCommand(lookup([], { pythonInterpreter: "/gone/python" }));
    assert.equal(result.ok, false);
    assert.ok(!result.ok);
    assert.match(result.message, /steering-lsp` was not found/);
    assert.match(result.message, /pipx install --editable \./);
    assert.match(result.message, /steering\.server\.command/);
  });
});

describe("serverCandidates", () => {
  it("finds steering-lsp in the virtual environment VS Code was started from when PATH lost it", () => {
    // What the extension host sees in code-server: PATH from the login shell, VIRTUAL_ENV kept.
    const candidates = serverCandidates(
      lookup(["/opt/checkout/.venv/bin/steering-lsp"], { virtualEnv: "/opt/checkout/.venv" }),
    );
    assert.equal(candidates[0].launch, undefined);
    assert.match(candidates[0].problem ?? "", /not in any folder of PATH \(\/usr\/local\/bin:/);
    assert.deepEqual(candidates[1].launch, {
      command: "/opt/checkout/.venv/bin/steering-lsp",
      args: [],
      source: "virtualenv",
    });
  });

  it("looks in the workspace's .venv and venv, then in pipx's folder", () => {
    const env = lookup(["/srv/shop/venv/bin/steering-lsp", "/u/ana/.local/bin/steering-lsp"], {
      workspaceFolders: ["/srv/shop"],
      homeDir: "/u/ana",
    });
    const candidates = serverCandidates(env);
    assert.deepEqual(
      candidates.map((candidate) => candidate.launch?.source ?? candidate.problem),
      ["not in any folder of PATH (/usr/local/bin:/opt/devhome/.local/bin)", "VIRTUAL_ENV is not set", "workspace", "pipx", "no interpreter is selected"],
    );
    assert.equal(candidates[2].launch?.command, "/srv/shop/venv/bin/steering-lsp");
    assert.equal(candidates[3].launch?.command, "/u/ana/.local/bin/steering-lsp");
  });

  it("says where it looked when a folder has no server", () => {
    const [, , workspace] = serverCandidates(lookup([], { workspaceFolders: ["/srv/shop"] }));
    assert.equal(workspace.problem, "no /srv/shop/.venv/bin/steering-lsp, /srv/shop/venv/bin/steering-lsp");
  });

  it("offers only the configured command when there is one", () => {
    const candidates = serverCandidates(
      lookup(["/usr/local/bin/steering-lsp"], { configured: ["/opt/broken/steering-lsp"] }),
    );
    assert.equal(candidates.length, 1);
    assert.equal(candidates[0].launch?.command, "/opt/broken/steering-lsp");
  });
});

describe("findOnPath", () => {
  it("tries the Windows executable suffixes with ; as separator", () => {
    const found = findOnPath("steering-lsp", {
      pathVariable: "C:\\Tools;C:\\Py\\Scripts",
      platform: "win32",
      isExecutableFile: (file) => file === "C:\\Py\\Scripts\\steering-lsp.exe",
    });
    assert.equal(found, "C:\\Py\\Scripts\\steering-lsp.exe");
  });

  it("returns undefined for an empty PATH", () => {
    assert.equal(findOnPath("steering-lsp", lookup([], { pathVariable: undefined })), undefined);
  });
});
