import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { formatTokens, formatUsd, isUsage, ProgressTracker, statusView } from "../../status";

describe("ProgressTracker", () => {
  it("shows indexing progress until it ends", () => {
    const tracker = new ProgressTracker();
    tracker.update("idx", { kind: "begin", title: "Indexing shop", percentage: 0 });
    tracker.update("idx", { kind: "report", message: "120/300 files", percentage: 40 });
    assert.deepEqual(tracker.current(), { title: "Indexing shop", message: "120/300 files", percentage: 40 });
    tracker.update("idx", { kind: "end" });
    assert.equal(tracker.current(), undefined);
  });

  it("shows the most recently active of several tokens", () => {
    const tracker = new ProgressTracker();
    tracker.update(1, { kind: "begin", title: "Indexing shop" });
    tracker.update(2, { kind: "begin", title: "Steering: claude-haiku-5-5" });
    assert.equal(tracker.current()?.title, "Steering: claude-haiku-5-5");
    tracker.update(1, { kind: "report", percentage: 70 });
    assert.equal(tracker.current()?.title, "Indexing shop");
    tracker.update(1, { kind: "end" });
    assert.equal(tracker.current()?.title, "Steering: claude-haiku-5-5");
  });

  it("ignores reports for tokens that never began", () => {
    const tracker = new ProgressTracker();
    tracker.update("late", { kind: "report", message: "?" });
    assert.equal(tracker.current(), undefined);
  });
});

describe("statusView", () => {
  const usage = { sessionInputTokens: 12_000, sessionOutputTokens: 500, sessionCostUsd: 0.0123 };

  it("puts indexing progress with its percentage in the status bar", () => {
    const view = statusView("running", { title: "Indexing shop", percentage: 42.4 }, usage);
    assert.equal(view.text, "$(sync~spin) Indexing shop 42%");
  });

  it("shows the session's tokens and cost when idle", () => {
    const view = statusView("running", undefined, { ...usage, lastModel: "claude-haiku-5-5", lastCostUsd: 0.004 });
    assert.equal(view.text, "$(checklist) Steering 12.5k tok $0.012");
    assert.match(view.tooltip, /Last call: claude-haiku-5-5, \$0\.0040/);
  });

  it("says when the server is not running", () => {
    assert.match(statusView("failed", undefined, undefined).tooltip, /not running/);
    assert.equal(statusView("running", undefined, undefined).text, "$(checklist) Steering");
  });
});

describe("formatting", () => {
  it("abbreviates token counts", () => {
    assert.deepEqual([0, 999, 1000, 1550, 2_300_000].map(formatTokens), ["0", "999", "1k", "1.6k", "2.3M"]);
  });

  it("keeps fractions of a cent visible", () => {
    assert.deepEqual([0, 0.00042, 0.5, 12.345].map(formatUsd), ["$0.00", "$0.0004", "$0.500", "$12.35"]);
  });

  it("accepts only well-formed usage notifications", () => {
    assert.ok(isUsage({ sessionInputTokens: 1, sessionOutputTokens: 2, sessionCostUsd: 0 }));
    assert.ok(!isUsage({ sessionInputTokens: "1", sessionOutputTokens: 2, sessionCostUsd: 0 }));
    assert.ok(!isUsage(null));
  });
});
