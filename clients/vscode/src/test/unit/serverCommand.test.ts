import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { findOnPath, resolveServerCommand } from "../../serverCommand";

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
