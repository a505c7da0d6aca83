import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";
import { CLIENT_SETTING_KEYS, SERVER_SETTING_KEYS, serverEnvironment, serverSettings } from "../../settings";

const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "..", "package.json"), "utf8"));
const contributed: string[] = Object.keys(manifest.contributes.configuration.properties);

describe("serverSettings", () => {
  it("sends only what the user set, nesting the model tiers", () => {
    const user: Record<string, unknown> = {
      "models.small": "claude-haiku-4-5",
      tokenBudget: 4000,
      autoEscalate: false,
      excludes: ["dist/**"],
    };
    assert.deepEqual(serverSettings((key) => user[key]), {
      models: { small: "claude-haiku-4-5" },
      tokenBudget: 4000,
      autoEscalate: false,
      excludes: ["dist/**"],
    });
  });

  it("treats an emptied text setting as unset so the server default applies", () => {
    const user: Record<string, unknown> = { baseUrl: "  ", indexPath: "", diagnosticSeverity: "hint" };
    assert.deepEqual(serverSettings((key) => user[key]), { diagnosticSeverity: "hint" });
  });

  it("keeps all three tiers together under models", () => {
    const tiers: Record<string, unknown> = {
      "models.small": "s",
      "models.middle": "m",
      "models.frontier": "f",
    };
    assert.deepEqual(serverSettings((key) => tiers[key]).models, { small: "s", middle: "m", frontier: "f" });
  });
});

describe("package.json settings", () => {
  it("contributes every setting the extension forwards or uses", () => {
    const expected = [...SERVER_SETTING_KEYS, ...CLIENT_SETTING_KEYS].map((key) => `steering.${key}`);
    assert.deepEqual([...contributed].sort(), expected.sort());
  });

  it("never offers the API key as a setting (it lives in SecretStorage)", () => {
    assert.ok(!contributed.some((key) => /apikey/i.test(key)));
  });

  it("declares every contributed command", () => {
    const titles = manifest.contributes.commands.map((command: { title: string }) => command.title);
    for (const title of [
      "Ask (small model)...",
      "Ask (frontier model)...",
      "Show rules for this file",
      "Show context",
      "Restart server",
      "Set API key",
    ]) {
      assert.ok(titles.includes(title), title);
    }
  });
});

describe("serverEnvironment", () => {
  it("hands the stored key to the server as ANTHROPIC_API_KEY", () => {
    const env = serverEnvironment({ PATH: "/usr/bin" }, " sk-ant-test ");
    assert.deepEqual(env, { PATH: "/usr/bin", ANTHROPIC_API_KEY: "sk-ant-test" });
  });

  it("leaves an existing environment key alone when none is stored", () => {
    const base = { PATH: "/usr/bin", ANTHROPIC_API_KEY: "from-shell" };
    const env = serverEnvironment(base, undefined);
    assert.equal(env.ANTHROPIC_API_KEY, "from-shell");
    assert.notEqual(env, base, "the editor's own environment must not be modified");
  });
});
