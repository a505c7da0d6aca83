/**
 * What the status bar item says: indexing and model progress, and the session's usage.
 *
 * Pure: the controller feeds it LSP work-done progress values and `$/steering/usage`
 * notifications and puts the returned text on a StatusBarItem.
 */

export interface ProgressValue {
  kind: "begin" | "report" | "end";
  title?: string;
  message?: string;
  percentage?: number;
}

export interface ActiveProgress {
  title: string;
  message?: string;
  percentage?: number;
}

/** Payload of the server's `$/steering/usage` notification. */
export interface Usage {
  sessionInputTokens: number;
  sessionOutputTokens: number;
  sessionCostUsd: number;
  lastCostUsd?: number;
  lastModel?: string;
}

export type ServerState = "starting" | "running" | "stopped" | "failed";

export interface StatusView {
  text: string;
  tooltip: string;
}

/** Tracks work-done progress by token; the newest unfinished one is what we show. */
export class ProgressTracker {
  private readonly active = new Map<string, ActiveProgress>();

  update(token: string | number, value: ProgressValue): void {
    const key = String(token);
    if (value.kind === "end") {
      this.active.delete(key);
      return;
    }
    const previous = this.active.get(key);
    if (value.kind === "report" && previous === undefined) {
      return; // a report for a token we never saw begin: nothing sensible to show
    }
    // Re-inserting moves the token to the end, so the latest activity wins.
    this.active.delete(key);
    this.active.set(key, {
      title: value.title ?? previous?.title ?? "Working",
      message: value.message ?? previous?.message,
      percentage: value.percentage ?? previous?.percentage,
    });
  }

  current(): ActiveProgress | undefined {
    let last: ActiveProgress | undefined;
    for (const progress of this.active.values()) {
      last = progress;
    }
    return last;
  }

  clear(): void {
    this.active.clear();
  }
}

export function statusView(
  state: ServerState,
  progress: ActiveProgress | undefined,
  usage: Usage | undefined,
): StatusView {
  if (state === "failed") {
    return { text: "$(error) Steering", tooltip: "Steering: the server is not running. Click for the log." };
  }
  if (state === "stopped") {
    return { text: "$(circle-slash) Steering", tooltip: "Steering: the server is stopped." };
  }
  if (state === "starting") {
    return { text: "$(sync~spin) Steering", tooltip: "Steering: starting the server..." };
  }
  const usageText = usage === undefined ? "" : ` ${usageSummary(usage)}`;
  if (progress !== undefined) {
    return {
      text: `$(sync~spin) ${progressSummary(progress)}`,
      tooltip: `Steering: ${progress.title}${progress.message ? `: ${progress.message}` : ""}`,
    };
  }
  return { text: `$(checklist) Steering${usageText}`, tooltip: usageTooltip(usage) };
}

export function progressSummary(progress: ActiveProgress): string {
  const percent =
    progress.percentage === undefined ? "" : ` ${Math.round(clamp(progress.percentage, 0, 100))}%`;
  return `${progress.title}${percent}`;
}

export function usageSummary(usage: Usage): string {
  const tokens = usage.sessionInputTokens + usage.sessionOutputTokens;
  return `${formatTokens(tokens)} tok ${formatUsd(usage.sessionCostUsd)}`;
}

function usageTooltip(usage: Usage | undefined): string {
  if (usage === undefined) {
    return "Steering: no model calls yet in this session.";
  }
  const lines = [
    `Steering session: ${formatTokens(usage.sessionInputTokens)} tokens in, ` +
      `${formatTokens(usage.sessionOutputTokens)} out, ${formatUsd(usage.sessionCostUsd)}`,
  ];
  if (usage.lastModel !== undefined && usage.lastCostUsd !== undefined) {
    lines.push(`Last call: ${usage.lastModel}, ${formatUsd(usage.lastCostUsd)}`);
  }
  return lines.join("\n");
}

export function formatTokens(count: number): string {
  if (count < 1000) {
    return String(Math.round(count));
  }
  if (count < 1_000_000) {
    return `${trimZero((count / 1000).toFixed(1))}k`;
  }
  return `${trimZero((count / 1_000_000).toFixed(1))}M`;
}

export function formatUsd(amount: number): string {
  // Small-tier calls cost fractions of a cent: keep enough digits to tell them apart.
  const digits = amount === 0 ? 2 : amount < 0.01 ? 4 : amount < 1 ? 3 : 2;
  return `$${amount.toFixed(digits)}`;
}

function trimZero(text: string): string {
  return text.endsWith(".0") ? text.slice(0, -2) : text;
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, value));
}

export function isUsage(value: unknown): value is Usage {
  if (typeof value !== "object" || value === null) {
    return false;
  }
  const record = value as Record<string, unknown>;
  return ["sessionInputTokens", "sessionOutputTokens", "sessionCostUsd"].every(
    (key) => typeof record[key] === "number",
  );
}
