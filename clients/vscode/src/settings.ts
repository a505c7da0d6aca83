/**
 * Maps the extension's `steering.*` settings to the object the server reads.
 *
 * Only values the user actually set are sent, so the server's own defaults (documented
 * in the README) stay the single source of truth. The API key is never a setting: it
 * lives in SecretStorage and reaches the server through its environment.
 */

/** Settings forwarded to the server, as dotted keys under the `steering` section. */
export const SERVER_SETTING_KEYS = [
  "models.small",
  "models.middle",
  "models.frontier",
  "baseUrl",
  "tokenBudget",
  "autoEscalate",
  "escalationCostCapUsd",
  "requestTimeoutSeconds",
  "maxRetries",
  "retryAfterCapSeconds",
  "diagnosticSeverity",
  "indexPath",
  "excludes",
  "maxFileBytes",
  "conventionMinShare",
  "conventionMinCount",
  "secretGlobs",
  "instructionMarker",
  "fileWatching",
  "debounceMs",
  "reviewers",
  "reviewConfirm",
  "reviewMaxCostUsd",
] as const;

/** Settings the extension itself uses; changing one restarts the server. */
export const CLIENT_SETTING_KEYS = ["server.command", "trace.server"] as const;

export type SettingKey = (typeof SERVER_SETTING_KEYS)[number];

export type SettingValue = string | number | boolean | string[];

/** The `steering` section as the server receives it (nested: `models.small` -> models.small). */
export interface SteeringSettings {
  [key: string]: SettingValue | SteeringSettings;
}

/** Returns the value the user set for a key, or undefined when it is left at its default. */
export type SettingLookup = (key: SettingKey) => unknown;

export function serverSettings(lookup: SettingLookup): SteeringSettings {
  const settings: SteeringSettings = {};
  for (const key of SERVER_SETTING_KEYS) {
    const value = lookup(key);
    if (!isForwarded(value)) {
      continue;
    }
    const parts = key.split(".");
    let target = settings;
    for (const part of parts.slice(0, -1)) {
      const next = target[part];
      target = typeof next === "object" && !Array.isArray(next) ? next : (target[part] = {});
    }
    target[parts[parts.length - 1]] = value;
  }
  return settings;
}

/** What the server gets as initializationOptions and as its `workspace/configuration`. */
export function initializationOptions(lookup: SettingLookup): { steering: SteeringSettings } {
  return { steering: serverSettings(lookup) };
}

function isForwarded(value: unknown): value is SettingValue {
  if (value === undefined || value === null) {
    return false;
  }
  // An emptied text box means "use the default", not "the empty string".
  if (typeof value === "string") {
    return value.trim() !== "";
  }
  if (Array.isArray(value)) {
    return value.every((item) => typeof item === "string");
  }
  return typeof value === "number" || typeof value === "boolean";
}

/** The environment of the server process: the editor's, plus the key from SecretStorage. */
export function serverEnvironment(
  base: NodeJS.ProcessEnv,
  apiKey: string | undefined,
): NodeJS.ProcessEnv {
  if (apiKey === undefined || apiKey.trim() === "") {
    return { ...base };
  }
  return { ...base, ANTHROPIC_API_KEY: apiKey.trim() };
}
