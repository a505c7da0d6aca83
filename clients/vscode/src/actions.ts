/**
 * Arguments for the server's `steering.*` commands and how their answers are reported.
 *
 * Pure: ranges are plain LSP ranges (VS Code positions count UTF-16 code units, as LSP
 * does by default, so they carry over unchanged).
 */

export interface LspPosition {
  line: number;
  character: number;
}

export interface LspRange {
  start: LspPosition;
  end: LspPosition;
}

export type Tier = "small" | "frontier";

export const SERVER_COMMANDS = {
  ask: "steering.ask",
  showContext: "steering.showContext",
  showRules: "steering.showRules",
  review: "steering.review",
  acceptFindings: "steering.acceptFindings",
} as const;

export interface AskArgument {
  uri: string;
  range: LspRange;
  instruction: string;
  tier: Tier;
}

export type Severity = "info" | "warning" | "error";

export interface Report {
  severity: Severity;
  text: string;
}

/** The selection, or the whole current line when nothing is selected. */
export function requestRange(selection: LspRange, lineLength: number): LspRange {
  const { start, end } = selection;
  if (start.line !== end.line || start.character !== end.character) {
    return { start: { ...start }, end: { ...end } };
  }
  return {
    start: { line: start.line, character: 0 },
    end: { line: start.line, character: lineLength },
  };
}

export function askArgument(
  uri: string,
  range: LspRange,
  instruction: string,
  tier: Tier,
): AskArgument | undefined {
  const trimmed = instruction.trim();
  return trimmed === "" ? undefined : { uri, range, instruction: trimmed, tier };
}

const ASK_SEVERITY: Record<string, Severity> = {
  applied: "info",
  rejected: "warning",
  stale: "warning",
  cancelled: "info",
  "no-key": "error",
  error: "error",
};

/** A command's answer object, its status (`error` when missing) and message (or ""). */
function answerOf(result: unknown): { record: Record<string, unknown>; status: string; message: string } | undefined {
  if (typeof result !== "object" || result === null) {
    return undefined;
  }
  const record = result as Record<string, unknown>;
  const status = typeof record.status === "string" ? record.status : "error";
  const message = typeof record.message === "string" ? record.message : "";
  return { record, status, message };
}

/** Turns the `steering.ask` answer into one message for the user. */
export function describeAskResult(result: unknown): Report {
  const answer = answerOf(result);
  if (answer === undefined) {
    return { severity: "error", text: "Steering: the server gave no answer to the request." };
  }
  const { record, status, message } = answer;
  const details: string[] = [];
  if (typeof record.model === "string") {
    details.push(record.model);
  }
  if (typeof record.cost_usd === "number") {
    details.push(`$${record.cost_usd.toFixed(4)}`);
  }
  const suffix = details.length > 0 ? ` (${details.join(", ")})` : "";
  const hint = status === "no-key" ? ' Run "Steering: Set API key".' : "";
  const text = `Steering: ${message || defaultMessage(status)}${suffix}${hint}`;
  return { severity: ASK_SEVERITY[status] ?? "error", text };
}

function defaultMessage(status: string): string {
  switch (status) {
    case "applied":
      return "change applied.";
    case "rejected":
      return "the model's answer was rejected; nothing was changed.";
    case "stale":
      return "the file changed while the model was working; nothing was applied.";
    case "cancelled":
      return "cancelled; nothing was changed.";
    case "no-key":
      return "no API key is set.";
    default:
      return `the request failed (${status}).`;
  }
}

export interface ReviewArgument {
  uri: string;
  range?: LspRange;
}

/** The selection's lines are reviewed; with nothing selected, the whole file. */
export function reviewArgument(uri: string, selection: LspRange): ReviewArgument {
  const { start, end } = selection;
  const empty = start.line === end.line && start.character === end.character;
  return empty ? { uri } : { uri, range: { start: { ...start }, end: { ...end } } };
}

const REVIEW_SEVERITY: Record<string, Severity> = {
  reviewed: "info",
  stale: "warning",
  "over-cap": "warning",
  refused: "warning",
  "no-key": "error",
  error: "error",
};

/** Turns the `steering.review` answer into one message; the findings themselves arrive
 * as diagnostics (source `steering-review`). */
export function describeReviewResult(result: unknown): Report {
  const answer = answerOf(result);
  if (answer === undefined) {
    return { severity: "error", text: "Steering: the server gave no answer to the review." };
  }
  const { record, status } = answer;
  const message = answer.message || `the review failed (${status}).`;
  const hint = status === "no-key" ? ' Run "Steering: Set API key".' : "";
  const seeProblems = status === "reviewed" && record.findings !== 0 ? " See the Problems panel." : "";
  return { severity: REVIEW_SEVERITY[status] ?? "error", text: `Steering: review: ${message}${seeProblems}${hint}` };
}

export interface AcceptArgument {
  uri: string;
  workspace?: true;
}

/** The document's drift findings are recorded in the baseline; with `workspace`, every file's. */
export function acceptArgument(uri: string, workspace: boolean): AcceptArgument {
  return workspace ? { uri, workspace: true } : { uri };
}

/** Turns the `steering.acceptFindings` answer into one message. */
export function describeAcceptResult(result: unknown): Report {
  const answer = answerOf(result);
  if (answer === undefined) {
    return { severity: "error", text: "Steering: the server gave no answer to recording the findings." };
  }
  const message = answer.message || `recording the findings failed (${answer.status}).`;
  return { severity: answer.status === "recorded" ? "info" : "error", text: `Steering: ${message}` };
}

/** The markdown of a `steering.showRules` / `steering.showContext` answer. */
export function markdownOf(result: unknown): string | undefined {
  if (typeof result !== "object" || result === null) {
    return undefined;
  }
  const markdown = (result as Record<string, unknown>).markdown;
  return typeof markdown === "string" ? markdown : undefined;
}
